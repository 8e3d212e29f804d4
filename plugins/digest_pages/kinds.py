"""The settings each entity kind needs, derived from digest.kinds.KINDS; a site's own settings win."""

from __future__ import annotations

from digest.kinds import KINDS


def default_settings() -> dict:
    settings: dict = {
        "DIGEST_MONTH_URL": "digest/{date:%Y}/{date:%m}/",
        "DIGEST_MONTH_SAVE_AS": "digest/{date:%Y}/{date:%m}/index.html",
        "DIGEST_WEEK_URL": "digest/{year}/week-{week:02d}/",
        "DIGEST_WEEK_SAVE_AS": "digest/{year}/week-{week:02d}/index.html",
        # each year's articles; ARCHIVES_SAVE_AS (Pelican's archives page) lists the years
        "DIGEST_YEAR_URL": "archives/{year}/",
        "DIGEST_YEAR_SAVE_AS": "archives/{year}/index.html",
        "DIGEST_INDEX_URL": "digest/",
        "DIGEST_INDEX_SAVE_AS": "digest/index.html",
        "DIGEST_DATA_PATH": "data",
        "DIGEST_GAZETTEER_PATH": None,  # None: <PATH>/gazetteer
        "DIGEST_RELATED_MAX": 5,
        "DIGEST_TOGETHER_MAX": 20,
        # variables whose entities, periods and articles pages show whole (README: what a page is made from)
        "DIGEST_PAGE_SUBJECTS": ("article", "page", "entity", "period", "entities", "groups", "digest_kinds",
                                 "digest_months", "digest_weeks", "digest_years"),
    }
    for kind in KINDS:
        upper, folder = kind.name.upper(), kind.plural
        settings[f"{upper}_URL"] = f"{folder}/{{slug}}/"
        settings[f"{upper}_SAVE_AS"] = f"{folder}/{{slug}}/index.html"
        settings[f"{upper}_FEED_ATOM"] = f"feeds/{folder}/{{slug}}.atom.xml"
        for variant, path in (("", ""), ("_BY_COUNT", "by-count/"), ("_BY_NAME", "by-name/")):
            settings[f"{folder.upper()}{variant}_URL"] = f"{folder}/{path}"
            settings[f"{folder.upper()}{variant}_SAVE_AS"] = f"{folder}/{path}index.html"
    return settings

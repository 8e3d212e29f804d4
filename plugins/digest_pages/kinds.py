"""The entity kinds, declared once as data: the generator loops over KINDS, so officials, places
and campaigns share one mechanism (settings, pages, overviews, feeds)."""

from __future__ import annotations

from dataclasses import dataclass

from .urlwrappers import Campaign, DigestEntity, Official, Place


@dataclass(frozen=True)
class EntityKind:
    name: str  # gazetteer kind, page template, setting prefix: "official" -> OFFICIAL_URL
    field: str  # front-matter list, overview template, URL folder: "officials"
    title: str  # heading of the overview page
    wrapper: type[DigestEntity]


KINDS = (
    EntityKind("official", "officials", "Officials", Official),
    EntityKind("place", "places", "Places", Place),
    EntityKind("campaign", "campaigns", "Campaigns", Campaign),
)


def default_settings() -> dict:
    """Settings the plugin needs, derived from KINDS; a site's own settings win."""
    settings: dict = {
        "DIGEST_MONTH_URL": "digest/{date:%Y}/{date:%m}/",
        "DIGEST_MONTH_SAVE_AS": "digest/{date:%Y}/{date:%m}/index.html",
        "DIGEST_WEEK_URL": "digest/{year}/week-{week:02d}/",
        "DIGEST_WEEK_SAVE_AS": "digest/{year}/week-{week:02d}/index.html",
        "DIGEST_INDEX_URL": "digest/",
        "DIGEST_INDEX_SAVE_AS": "digest/index.html",
        "DIGEST_DATA_PATH": "data",
        "DIGEST_GAZETTEER_PATH": None,  # None: <PATH>/gazetteer
        "DIGEST_RELATED_MAX": 5,
        "DIGEST_TOGETHER_MAX": 20,
    }
    for kind in KINDS:
        upper, folder = kind.name.upper(), kind.field
        settings[f"{upper}_URL"] = f"{folder}/{{slug}}/"
        settings[f"{upper}_SAVE_AS"] = f"{folder}/{{slug}}/index.html"
        settings[f"{upper}_FEED_ATOM"] = f"feeds/{folder}/{{slug}}.atom.xml"
        for variant, path in (("", ""), ("_BY_COUNT", "by-count/"), ("_BY_NAME", "by-name/")):
            settings[f"{folder.upper()}{variant}_URL"] = f"{folder}/{path}"
            settings[f"{folder.upper()}{variant}_SAVE_AS"] = f"{folder}/{path}index.html"
    return settings

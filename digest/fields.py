"""The front-matter fields of an article: who writes each, which reach the site, which are refused.

docs/contracts.md documents them. Pelican turns every front-matter key into an attribute of the
article and acts on some of them (`save_as` writes the article over any file of the site,
`template` renders it with another template): only the fields below reach Pelican, the ones it
would act on are refused naming the file and line, and any other key is a curator's own note,
kept in the file by ingest and never shown on the site.
"""

from __future__ import annotations

from digest.kinds import STORED

# Fields ingest fills; each is fingerprinted so a curator's edit is recognised.
MACHINE_FIELDS = ("title", "date", "source", "editor", "url", "footer", *(kind.plural for kind in STORED), "status",
                  "duplicate_of")
# Fields only curators write.
CURATOR_FIELDS = ("summary", "reviewed")
# What the site reads: the above, the article's address and ingest's bookkeeping.
SITE_FIELDS = frozenset((*MACHINE_FIELDS, *CURATOR_FIELDS, "slug", "ingest"))

STATUSES = ("published", "draft")

_ANOTHER_FILE = "it would write the article over another file of the site, or the site over it"
_ANOTHER_ADDRESS = "it would give the article another address in links, feeds and the sitemap than the page it has"
_NO_GROUPS = "the site groups articles by official, place, campaign and office, not by {}; list those instead"
# Fields Pelican acts on, and why an article may not set them.
REFUSED_FIELDS = {
    "save_as": _ANOTHER_FILE,
    "override_save_as": _ANOTHER_FILE,
    "override_url": _ANOTHER_ADDRESS,
    "template": "it would render the article with another template; every article uses article.html",
    "lang": "the site has one language, English",
    "translation": "the site has one language, English, and no translations",
    "category": _NO_GROUPS.format("category"),
    "tags": _NO_GROUPS.format("tag"),
    "author": "the outlet goes in 'source' and the editor in 'editor'",
    "authors": "the outlet goes in 'source' and the editor in 'editor'",
    "modified": "the site dates an article by its dateline, 'date'",
    "original_url": "write the page's address as 'url: https://...'",
}


def refused_field(key: object) -> str | None:
    """Why an article may not carry front-matter key `key`, or None when it may."""
    if not isinstance(key, str):
        return "field names are words, like 'title'"
    if key in SITE_FIELDS:
        return None
    lowered = key.lower()
    if lowered in REFUSED_FIELDS:
        return REFUSED_FIELDS[lowered]
    if lowered in SITE_FIELDS:
        return f"field names are lower case: write '{lowered}'"
    if key.startswith("_"):
        return "names starting with '_' are the site generator's own attributes"
    return None

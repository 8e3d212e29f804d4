"""Entity pages as Pelican URLWrappers, like Category, Tag and Author: the class name picks the
settings (`Official` -> `OFFICIAL_URL`, `OFFICIAL_SAVE_AS`), and the slug is the gazetteer id, never
a spelling, so an entity keeps its URL whatever the articles call it. One class per kind in
digest.kinds.KINDS, made by `wrapper_class`."""

from __future__ import annotations

from functools import cache, cached_property

from pelican.urlwrappers import URLWrapper

from digest.kinds import Kind

from .index import EntityStats


class DigestEntity(URLWrapper):
    kind = ""

    # Pelican formats an address from the settings on every access (19 s of a clean build at 10,000
    # articles, every chip and link); an entity's slug is its gazetteer id, set once, so once here.
    url = cached_property(URLWrapper.url.fget)
    save_as = cached_property(URLWrapper.save_as.fget)
    page_name = cached_property(URLWrapper.page_name.fget)

    def __init__(self, stats: EntityStats, settings: dict):
        super().__init__(stats.name, settings)
        self.slug = stats.id
        found = stats.gazetteer_entity
        self.id = stats.id
        self.provisional = stats.provisional
        self.aliases = list(getattr(found, "variants", ()) or ())
        self.variants_seen = stats.variants_seen
        self.count = len(stats.articles)
        self.first_seen = stats.first_seen
        self.last_seen = stats.last_seen
        self.zh = getattr(found, "zh", None)
        self.description = getattr(found, "description", None)
        self.place_kind = getattr(found, "place_kind", None)
        self.pinyin = getattr(found, "pinyin", None)
        self.tibetan_pinyin = getattr(found, "tibetan_pinyin", None)
        self.code = getattr(found, "code", None)  # GB/T 2260, for the county map
        self.county_map = ""
        self.outside_tibet = bool(getattr(found, "outside_tibet", False))
        self.parent_id = getattr(found, "parent", None)  # a place's place, an office's place
        # ids merged into this one (gazetteer `replaces`): their old addresses lead here
        self.replaces = tuple(getattr(found, "replaces", ()) or ())
        self.parent: DigestEntity | None = None  # linked by the generator once every entity exists
        self.prefecture: DigestEntity | None = None  # a place's prefecture (itself for one): Gazetteer.prefecture_of
        self.seat: DigestEntity | None = None  # a prefecture's seat, when it has a page
        self.seat_name: str | None = None  # ... and its name, page or not
        self.activity_svg = ""
        # no feed for an entity without articles (a prefecture only its counties name)
        feed = settings.get(f"{self.kind.upper()}_FEED_ATOM") if self.count else None
        self.feed_save_as = feed.format(slug=self.slug) if feed else None
        feed_url = settings.get(f"{self.kind.upper()}_FEED_ATOM_URL", feed) if feed else None
        self.feed_url = feed_url.format(slug=self.slug) if feed_url else None

    # What pages show of it (digest_incremental: a page is rendered again only when these change).
    def link_inputs(self) -> tuple:
        """A chip or link to it, on article, list and other entities' pages: never its counts, or
        every page naming an entity would change with each new article about it."""
        prefecture = self.prefecture
        return (self.kind, self.id, self.name, self.url, self.provisional, self.aliases, self.place_kind,
                self.outside_tibet, self.parent,
                (prefecture.id, prefecture.name, prefecture.url) if prefecture is not None else None)

    def page_inputs(self) -> dict:
        """Everything its own page and the overviews show: all it holds but the settings."""
        return {name: value for name, value in vars(self).items() if name not in _NOT_SHOWN}


# The settings, and the addresses kept once read (the same in every build: the settings make them).
_NOT_SHOWN = frozenset({"settings", "url", "save_as", "page_name"})


@cache
def wrapper_class(kind: Kind) -> type[DigestEntity]:
    """`Official`, `Place`, ...: Pelican's URLWrapper reads its settings by the class name."""
    return type(kind.name.title(), (DigestEntity,), {"kind": kind.name})

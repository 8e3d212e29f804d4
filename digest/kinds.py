"""The entity kinds, declared once as data and read everywhere.

The gazetteer loader, extraction, ingest, review, evaluation and the Pelican plugin all loop over
KINDS, the way Pelican's URLWrapper subclasses take their settings from their class name. A new kind
is a row here, an extractor (`module:function`) and two templates: `<name>.html` for one entity,
`<plural>.html` for the overview.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Kind:
    name: str  # gazetteer kind, page template, settings prefix: "official" -> OFFICIAL_URL
    plural: str  # front-matter list, gazetteer file, overview template, URL folder: "officials"
    title: str  # overview heading and navigation label
    extractor: str  # "module:function", imported when first used
    # Pagefind filter set by the chips on article pages (a place's chip only when it is a county;
    # the theme adds each county's prefecture as the "prefecture" filter)
    filter: str | None = None
    fields: tuple[str, ...] = ()  # gazetteer fields beyond the common ones (loader.COMMON_FIELDS)
    required: tuple[str, ...] = ()  # gazetteer fields every entry needs besides id and name
    # Derived at build time from this kind's mentions instead of written into articles at ingest;
    # its gazetteer file is then optional (curators' merges and names only).
    derived_from: str | None = None
    # The F1 that extraction must reach on the gold passages (digest/evaluate.py); None: not scored.
    goal: float | None = None
    # How an article page shows the entities it names: "chips" (one chip each, a search filter), or
    # the theme's own section for this kind ("officials" with positions, "places" with their prefecture).
    article_panel: str = "chips"

    @property
    def gazetteer_file(self) -> str:
        return f"{self.plural}.yaml"

    @property
    def label(self) -> str:
        """One entity's kind as readers see it: 'Official', 'Place'."""
        return self.name.capitalize()

    @property
    def stored(self) -> bool:
        """Written into each article's front-matter by ingest."""
        return self.derived_from is None

    def extract(self) -> Callable:
        module, _, function = self.extractor.partition(":")
        return getattr(importlib.import_module(module), function)


KINDS = (
    Kind("official", "officials", "Officials", "digest.extract.officials:extract", filter="official", goal=0.95,
         article_panel="officials"),
    Kind(
        "place", "places", "Places", "digest.extract.places:extract", filter="county",
        fields=("kind", "parent", "pinyin", "tibetan_pinyin", "code", "outside_tibet", "seat"),
        required=("kind",), goal=0.97, article_panel="places",
    ),
    Kind("campaign", "campaigns", "Campaigns", "digest.extract.campaigns:extract", filter="campaign", goal=0.90),
    Kind("office", "offices", "Offices", "digest.extract.offices:extract", filter="office",
         fields=("parent", "post"), derived_from="official"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
STORED = tuple(kind for kind in KINDS if kind.stored)


def kind_named(name: str) -> Kind:
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown entity kind {name!r}; expected one of {', '.join(BY_NAME)}") from None

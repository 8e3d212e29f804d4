"""Gazetteer entities and look-ups, independent of how they were loaded."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from digest.errors import DigestError
from digest.kinds import BY_NAME, kind_named

# Machine translation writes the same apostrophe several ways ("Sa'gya", "Sa’gya", "Saʼgya").
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_DASHES = re.compile(r"[-‐‑‒–—]")
_SPACES = re.compile(r"\s+")


class GazetteerError(DigestError):
    """A gazetteer file a curator has to fix; str() is 'file:line: message'."""


def normalize(text: str) -> str:
    """Lower-case, no diacritics (ê→e, ü→u), no apostrophes, hyphens as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped)
    stripped = _DASHES.sub(" ", stripped)
    return _SPACES.sub(" ", stripped).strip().casefold()


def match_key(text: str) -> str:
    """The key `resolve` compares: normalized and without spaces ('Doilung Deqen' = 'Doilungdeqen')."""
    return normalize(text).replace(" ", "")


@dataclass(frozen=True)
class Entity:
    kind: str  # a name in digest.kinds.KINDS
    id: str
    name: str  # canonical
    variants: tuple[str, ...] = ()  # every known spelling, canonical included
    zh: str | None = None
    description: str | None = None
    notes: str | None = None
    # places only
    place_kind: str | None = None
    parent: str | None = None
    pinyin: str | None = None
    tibetan_pinyin: str | None = None
    code: str | None = None
    outside_tibet: bool = False
    post: str | None = None  # offices: the post (digest/extract/posts.yaml); `parent` is their place
    seat: str | None = None  # a prefecture's seat of government: the id of a place in it
    # spellings `resolve` accepts but extraction ignores in running text (personal names, common words)
    ambiguous: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    source: str = ""  # "file:line" of the entry, for messages


PREFECTURE_KINDS = frozenset({"prefecture-level city", "prefecture"})
COUNTY_KINDS = frozenset({"county", "district", "county-level city"})


class Gazetteer:
    """Every kind's entities by id, with look-ups by any spelling; `gazetteer.places` is the
    place table (each kind's plural)."""

    def __init__(self, tables: dict[str, dict[str, Entity]] | None = None):
        self.tables = {name: dict((tables or {}).get(name, {})) for name in BY_NAME}
        self._keys: dict[str, dict[str, str]] = {}
        self._merged: dict[str, dict[str, str]] = {}
        for kind, table in self.tables.items():
            keys: dict[str, str] = {}
            merged: dict[str, str] = {}
            for entity in table.values():
                for spelling in (*entity.variants, *entity.ambiguous):
                    keys.setdefault(match_key(spelling), entity.id)
                for old in entity.replaces:
                    merged[old] = entity.id
            self._keys[kind] = keys
            self._merged[kind] = merged

    def __getattr__(self, plural: str) -> dict[str, Entity]:
        for kind in BY_NAME.values():
            if kind.plural == plural:
                return self.tables[kind.name]
        raise AttributeError(plural)

    def _table(self, kind: str) -> dict[str, Entity]:
        return self.tables[kind_named(kind).name]

    def get(self, kind: str, id: str) -> Entity | None:
        """The entity with this id, or the one it was merged into (`replaces`)."""
        table = self._table(kind)
        if id in table:
            return table[id]
        merged_into = self._merged[kind].get(id)
        return table.get(merged_into) if merged_into else None

    def resolve(self, kind: str, surface: str) -> Entity | None:
        """The entity any known spelling names, ignoring case, diacritics, apostrophes, hyphens, spaces."""
        table = self._table(kind)
        entity_id = self._keys[kind].get(match_key(surface))
        return table.get(entity_id) if entity_id else None

    def prefecture_of(self, place: Entity) -> str | None:
        """The prefecture id a place lies in (itself for a prefecture); None for the region and outside Tibet."""
        seen = set()
        current: Entity | None = place
        while current is not None and current.id not in seen:
            if current.outside_tibet or current.place_kind == "region":
                return None
            if current.place_kind in PREFECTURE_KINDS:
                return current.id
            seen.add(current.id)
            current = self.places.get(current.parent) if current.parent else None
        return None

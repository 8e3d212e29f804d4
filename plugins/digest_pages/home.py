"""Where an official works, as the articles say: one answer for the directory, his page and search.

By the latest evidence, best first: the place of the office he was last named in (none when that
office has no place: a national post); else the place
his latest stated position names ('director of the Zhongba County Water Bureau' works in Zhongba
County even when that post is no office the posts lexicon knows); else only where he is named most,
which readers are told is all it is ('named mostly in ...').
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from digest.gazetteer.model import COUNTY_KINDS, PREFECTURE_KINDS

OFFICE, POSITION, NAMED = "office", "position", "named"


@dataclass(frozen=True)
class Home:
    place: Any  # a place's DigestEntity
    basis: str  # OFFICE, POSITION or NAMED

    @property
    def label(self) -> str:
        """'Zhongba County, Xigazê', or 'named mostly in Chengguan District, Lhasa'."""
        where = self.place.name + (f", {self.place.parent.name}" if self.place.parent is not None else "")
        return f"named mostly in {where}" if self.basis == NAMED else where


def _local(place) -> tuple[bool, int]:
    """Tibetan before outside, county before prefecture before anything else."""
    level = 2 if place.place_kind in COUNTY_KINDS else 1 if place.place_kind in PREFECTURE_KINDS else 0
    return not place.outside_tibet, level


def official_home(stats, entities: dict, places_named_in: Callable[[str], Iterable[Any]],
                  latest_positions: list[str]) -> Home | None:
    """`places_named_in(text)`: the place entities a position's text names."""
    if stats.holdings:
        def latest_and_local(h):
            place = entities[h.office].parent
            return h.last_seen, *(_local(place) if place is not None and place.place_kind != "province" else (False, -1))

        place = entities[max(stats.holdings, key=latest_and_local).office].parent
        # an office of no place is a national or central one (General Secretary): no place to give
        return Home(place, OFFICE) if place is not None else None
    stated = [p for position in latest_positions for p in places_named_in(position)]
    if stated:
        return Home(max(stated, key=_local), POSITION)
    places = [entities[("place", i)] for i, _ in stats.together.get("place", []) if ("place", i) in entities]
    inside = [p for p in places if not p.outside_tibet] or places
    for wanted in (lambda p: p.place_kind in COUNTY_KINDS, lambda p: p.prefecture is p, lambda p: True):
        found = next((p for p in inside if wanted(p)), None)
        if found is not None:
            return Home(found, NAMED)
    return None

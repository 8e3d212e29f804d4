"""Entity extraction: pure functions from an article's text and the gazetteer to tagged entities.

    from digest.extract import extract_entities
    extraction = extract_entities(title, body_paragraphs, footer, gazetteer)
    extraction.to_front_matter()  # {"officials": [...], "places": [...], "campaigns": [...]}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
import weakref

from digest.extract.campaigns import CampaignMention, campaign_matcher, extract_campaigns
from digest.extract.officials import OfficialMention, extract_officials, official_matcher
from digest.extract.places import PlaceMention, extract_places, place_matcher
from digest.gazetteer import Gazetteer

__all__ = ["CampaignMention", "Extraction", "OfficialMention", "PlaceMention", "extract_entities"]


@dataclass
class Extraction:
    officials: list[OfficialMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    campaigns: list[CampaignMention] = field(default_factory=list)

    def to_front_matter(self) -> dict:
        """Plain, YAML-safe dicts in the shapes of docs/contracts.md (the mention classes' field order)."""
        return {
            "officials": [asdict(o) for o in self.officials],
            "places": [asdict(p) for p in self.places],
            "campaigns": [asdict(c) for c in self.campaigns],
        }


@dataclass(frozen=True)
class _Matchers:
    places: object
    campaigns: object
    officials: object


# Building the matchers costs more than extracting one article, and ingest reuses one gazetteer.
# (Gazetteer is an unhashable dataclass, so the cache is keyed by identity and checks it is alive.)
_CACHE: dict[int, tuple[weakref.ref, _Matchers]] = {}


def _matchers(gazetteer: Gazetteer) -> _Matchers:
    cached = _CACHE.get(id(gazetteer))
    if cached and cached[0]() is gazetteer:
        return cached[1]
    matchers = _Matchers(place_matcher(gazetteer), campaign_matcher(gazetteer), official_matcher(gazetteer))
    _CACHE[id(gazetteer)] = (weakref.ref(gazetteer), matchers)
    return matchers


def extract_entities(title: str, body: list[str], footer: dict[str, str | None], gazetteer: Gazetteer) -> Extraction:
    matchers = _matchers(gazetteer)
    officials = extract_officials(title, body, gazetteer, matchers.places, matchers.officials)
    # A person named like a county ('Bianba, Secretary of ...' and Banbar County) is not the county.
    people = {o.name for o in officials if o.positions}
    places = [p for p in extract_places(title, body, footer or {}, gazetteer, matchers.places)
              if not set(p.surfaces) <= people]
    return Extraction(officials=officials, places=places, campaigns=extract_campaigns(title, body, matchers.campaigns))

"""Campaigns: lexicon matches grouped by id, and campaign-like quoted phrases reported as candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.extract.text import PhraseMatcher
from digest.gazetteer import Entity, Gazetteer, normalize

ARTICLES = frozenset({"the", "a", "an"})
_QUOTED = re.compile(r'"([^"\n]{2,80})"|“([^”\n]{2,80})”|(?<!\w)[\'‘]([^\'’\n]{2,60})[\'’](?!\w)')
# Numbered formulas ('five competitions', 'three fronts') are how campaigns are named in Chinese.
_NUMBERED = re.compile(r"^(?:two|three|four|five|six|seven|eight|nine|ten|double|dual|twin|\d+)[ -]\w", re.IGNORECASE)
# Guideline classes that share the shape of a campaign name: spirits and meetings.
_NOT_CAMPAIGN_END = re.compile(r"\b(?:spirit|sessions?|meetings?|congress|plenary)$", re.IGNORECASE)
_CAMPAIGN_NOUN = re.compile(r"\b(?:strategy|strategies|campaigns?|movements?|initiatives?|programmes?|programs?|projects?|actions?)\b", re.IGNORECASE)
MAX_CANDIDATE_WORDS = 8


@dataclass
class CampaignMention:
    name: str
    id: str | None
    surfaces: list[str] = field(default_factory=list)


def campaign_matcher(gazetteer: Gazetteer) -> PhraseMatcher[Entity]:
    return PhraseMatcher(
        ((spelling, campaign) for campaign in gazetteer.campaigns.values() for spelling in campaign.variants), skip=ARTICLES
    )


def is_candidate(phrase: str) -> bool:
    """A quoted phrase that reads like a campaign name: a numbered formula or a named strategy/action."""
    words = phrase.split()
    if not 1 < len(words) <= MAX_CANDIDATE_WORDS or "," in phrase or _NOT_CAMPAIGN_END.search(phrase):
        return False
    return bool(_NUMBERED.match(phrase) or _CAMPAIGN_NOUN.search(phrase))


def extract_campaigns(title: str, body: list[str], matcher: PhraseMatcher[Entity]) -> list[CampaignMention]:
    mentions: dict[str, CampaignMention] = {}

    def add(key: str, name: str, id: str | None, surface: str) -> None:
        mention = mentions.setdefault(key, CampaignMention(name=name, id=id))
        if surface not in mention.surfaces:
            mention.surfaces.append(surface)

    for text in (title, *body):
        found = []
        for match in matcher.find(text):
            found.append((match.start, match.end, match.value))
        for quote in _QUOTED.finditer(text):
            phrase = next(g for g in quote.groups() if g is not None).strip(" .,;:")
            inside = [f for f in found if f[0] < quote.end() and quote.start() < f[1]]
            if inside or not is_candidate(phrase):
                continue  # a lexicon campaign (or part of one), or a quote that is no campaign
            found.append((quote.start(), quote.end(), phrase))
        for start, end, value in sorted(found, key=lambda f: f[0]):
            if isinstance(value, Entity):
                add(value.id, value.name, value.id, text[start:end])
            else:
                add("?" + normalize(value), value, None, value)
    return list(mentions.values())

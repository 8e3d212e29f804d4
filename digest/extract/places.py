"""Places: every gazetteer spelling in the text, plus unknown 'X County'-style names (reported, id None)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.extract.text import ArticleText, PhraseMatcher, per_gazetteer
from digest.gazetteer import Entity, Gazetteer, normalize

# Footer fields that name the publisher's place; the others are numbers and vendors.
FOOTER_PLACE_FIELDS = ("sponsor", "address")

_SUFFIX_KIND = {"County": "county", "District": "district", "Township": "township", "Town": "town", "Village": "village"}
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_UNKNOWN = re.compile(r"((?:[A-Z][\w'’]*[ -]){1,3})(County|District|Township|Town|Village)\b")
# Capitalized words that start a sentence or an organisation, never a place name.
_NOT_A_NAME = frozenset(
    "the this that each every all our its their a an in at of on for to and county district township town "
    "village municipal prefectural party cpc people's peoples government committee city autonomous region "
    "standing new old said provincial national "
    # words of office titles: 'Executive Deputy County Chief', 'CPPCC County Committee'
    "executive deputy vice chief secretary director member head leader mayor magistrate chairman cppcc "
    "congress bureau court procuratorate discipline inspection organization propaganda publicity department "
    "office former current acting general first second third".split()
)


@dataclass
class PlaceMention:
    """What identifies the mention; the place's kind, prefecture and names are the gazetteer's."""

    name: str
    id: str | None
    in_footer: bool
    surfaces: list[str] = field(default_factory=list)


@per_gazetteer
def place_matcher(gazetteer: Gazetteer) -> PhraseMatcher[Entity]:
    """Matches every non-ambiguous spelling of every place (ambiguous ones need their county form)."""
    return PhraseMatcher((spelling, place) for place in gazetteer.places.values() for spelling in place.variants)


def find_places(text: str, matcher: PhraseMatcher[Entity], unknown: bool = True) -> list[tuple[Entity | None, str, str | None]]:
    """(entity or None, surface, kind of an unknown place) in text order."""
    found: list[tuple[int, Entity | None, str, str | None]] = []
    spans: list[tuple[int, int]] = []
    for match in matcher.find(text):
        surface = text[match.start : match.end]
        if not surface[0].isupper():  # place names are capitalized; 'saga' or 'panam' in lower case are words
            continue
        found.append((match.start, match.value, surface, None))
        spans.append((match.start, match.end))
    if unknown:
        # A unit word inside a quoted name is part of a slogan ("Red Flag Village Action"), not a place.
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
        for m in _UNKNOWN.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in quoted):
                continue
            words = re.split(r"[ -]", m.group(1).strip())
            while words and words[0].casefold() in _NOT_A_NAME:
                words.pop(0)
            if not words or any(w.casefold() in _NOT_A_NAME for w in words):
                continue
            start = m.end() - len(" ".join(words)) - len(m.group(2)) - 1
            if any(s < m.end() and start < e for s, e in spans):
                continue  # a known place ('Seni District') or part of one
            found.append((start, None, text[start : m.end()], _SUFFIX_KIND[m.group(2)]))
    return [(entity, surface, kind) for _, entity, surface, kind in sorted(found, key=lambda f: f[0])]


def extract(article: ArticleText, gazetteer: Gazetteer, found: dict[str, list]) -> list[PlaceMention]:
    # A person named like a county ('Bianba, Secretary of ...' and Banbar County) is not the county.
    people = {o.name for o in found.get("official", []) if o.positions}
    mentions = _places(article.title, article.body, article.footer or {}, place_matcher(gazetteer))
    return [p for p in mentions if not set(p.surfaces) <= people]


def _places(title: str, body: list[str], footer: dict[str, str | None], matcher: PhraseMatcher[Entity]) -> list[PlaceMention]:
    mentions: dict[str, PlaceMention] = {}

    def add(entity: Entity | None, surface: str, in_footer: bool) -> None:
        key = entity.id if entity else "?" + normalize(surface)
        mention = mentions.get(key)
        if mention is None:
            mention = mentions[key] = PlaceMention(name=surface, id=entity.id if entity else None, in_footer=in_footer)
        elif not in_footer:
            mention.in_footer = False  # named by the article itself, not only by the publisher
        if surface not in mention.surfaces:
            mention.surfaces.append(surface)

    # Titles are in Title Case, so 'Leaders Visit Village' would pass for a place name: no unknowns there.
    texts = [(title, False)] + [(paragraph, True) for paragraph in body]
    for text, report_unknown in texts:
        for entity, surface, _ in find_places(text, matcher, unknown=report_unknown):
            add(entity, surface, in_footer=False)
    for key in FOOTER_PLACE_FIELDS:
        if footer.get(key):
            for entity, surface, _ in find_places(footer[key], matcher):
                add(entity, surface, in_footer=True)
    return list(mentions.values())

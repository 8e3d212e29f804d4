"""Offices: the post and the place (or body) a stated position belongs to.

'secretary of the Nyalam County Party Committee', 'Nyalam County Party Secretary' and, in an
article about Nyalam only, 'County Party Secretary' are one office: Party Secretary of Nyalam
County. Derived at build time from the positions officials' mentions carry, with the posts lexicon
(posts.yaml) and the place gazetteer; positions no post wording fits give no office (curators see
them in the officials' timelines and can extend the lexicon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from digest.extract.places import find_places, place_matcher
from digest.gazetteer import Entity, Gazetteer
from digest.slugs import slug

POSTS_FILE = Path(__file__).with_name("posts.yaml")

_FILLER = frozenset("the of a an and cpc communist chinese china in for from to at 's".split())
# Words that only say at which level the body sits, and the kinds of place each can mean: the
# place (named, or the article's one place of those kinds) says it better. 'Municipal' is a city
# of either level (市): Tongren's county-level city beside Huangnan prefecture is not ambiguous.
_CITIES = frozenset({"prefecture-level city", "city", "county-level city"})
_LEVEL_WORDS = {
    "county": frozenset({"county"}), "district": frozenset({"district"}), "municipal": _CITIES, "city": _CITIES,
    "prefectural": frozenset({"prefecture", "prefecture-level city"}), "prefecture": frozenset({"prefecture", "prefecture-level city"}),
    "state": frozenset({"prefecture", "prefecture-level city"}), "regional": frozenset({"region"}),
    "region": frozenset({"region"}), "autonomous": frozenset({"region"}), "provincial": frozenset({"province", "municipality"}),
    "province": frozenset({"province", "municipality"}), "township": frozenset({"township", "town"}),
    "town": frozenset({"township", "town"}),
}
_BODY_WORDS = frozenset({"people's", "people", "government", "committee"})
# The level that names a post ('County Head', 'Mayor'): a county-level city has a mayor.
_PLACE_LEVEL = {
    "county": "county", "county-level city": "city", "district": "district", "prefecture-level city": "city",
    "prefecture": "city", "city": "city", "region": "region", "province": "province", "municipality": "province",
    "township": "township", "town": "township",
}
_TITLE_LEVEL = {"mayor": _CITIES, "governor": _LEVEL_WORDS["province"]}  # titles that say their level
_UNIT_LEVEL = {"county": "county", "district": "district", "township": "township", "town": "township"}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_ASIDE = re.compile(r"\([^)]*\)")
_NOT_HELD = re.compile(r"^\s*(?:the\s+)?(?:former|retired|late|ex-)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Post:
    id: str
    names: dict[str, str]  # level (or "any") -> name template with {place}
    main: bool = False  # in the 'who holds office here' tables
    body: str | None = None  # a national body: the office has no place


@dataclass(frozen=True)
class Office:
    """One office a position names: `place` is a gazetteer place id, or None (a national body, or a
    place the gazetteer does not know, then named in `name`)."""

    id: str
    name: str
    post: str
    place: str | None


def _word_set(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return frozenset(w for w in words if w not in _FILLER and w not in _LEVEL_WORDS and w not in _BODY_WORDS)


@lru_cache(maxsize=4)
def load_posts(path: Path = POSTS_FILE) -> dict[frozenset[str], Post]:
    by_words: dict[frozenset[str], Post] = {}
    for entry in yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        names = entry.get("names") or {}
        post = Post(entry["id"], names, bool(entry.get("main")), entry.get("body"))
        for wording in entry["wordings"]:
            by_words.setdefault(_word_set(wording), post)
    return by_words


def main_posts() -> list[str]:
    """The posts of the 'who holds office here' tables, in the lexicon's order."""
    return list(dict.fromkeys(post.id for post in load_posts().values() if post.main))


def _level(text: str) -> frozenset[str] | None:
    """The kinds of place a level word in the text can mean."""
    for word in _WORD.findall(text.lower()):
        if word in _LEVEL_WORDS:
            return _LEVEL_WORDS[word]
    return None


def _named(post: Post, level: str | None, place_name: str) -> str | None:
    template = post.names.get(level or "") or post.names.get("any")
    return template.format(place=place_name) if template else None


_UNIT = re.compile(r"\s+(?:County|District|City|Prefecture|Township|Town)$")


def _bare_article_place(text: str, article_places: Iterable[Entity]) -> list[tuple[Entity, str, None]]:
    """A place of the article named without its unit word ('county head of Tingri' in an article
    about Tingri County), which the gazetteer may not list as a spelling of its own."""
    for place in article_places:
        for variant in place.variants:
            bare = _UNIT.sub("", variant)
            if bare != variant and re.search(rf"\b{re.escape(bare)}\b", text):
                return [(place, bare, None)]
    return []


def offices_of(position: str, article_places: Iterable[Entity], gazetteer: Gazetteer) -> list[Office]:
    """The offices one stated position names. A position without a place ('County Party Secretary',
    'mayor') takes the one place of its level the article names, and none when there are several."""
    if _NOT_HELD.match(position):
        return []  # 'former member of ...' says what he was, not what he holds
    text = " ".join(_ASIDE.sub(" ", position).split())
    posts = load_posts()
    found = find_places(text, place_matcher(gazetteer)) or _bare_article_place(text, article_places)
    place, place_level, place_name, without_place = None, None, None, text
    if found:
        entity, surface, unit = found[0]
        place, place_name = entity, entity.name if entity else surface
        place_level = _PLACE_LEVEL.get(entity.place_kind) if entity else _UNIT_LEVEL.get(unit or "")
        for _, other, _ in found:  # 'of the Seni District Party Committee of Naqu City': Seni's
            without_place = without_place.replace(other, " ", 1)
    whole = posts.get(_word_set(without_place))
    parts = [(whole, without_place)] if whole else [(posts.get(_word_set(p)), p) for p in re.split(r"\band\b", without_place)]
    offices = []
    for post, part in parts:
        if post is None:
            continue
        if post.body:
            offices.append(Office(slug(post.body), post.body, post.id, None))
            continue
        here, level, name = place, place_level, place_name
        if name is None:
            kinds = _level(part) or _level(text) or next((k for w, k in _TITLE_LEVEL.items() if w in part.lower()), None)
            candidates = [p for p in dict.fromkeys(article_places) if kinds and p.place_kind in kinds]
            if len(candidates) != 1:
                continue  # no place to tie the post to, or several: never guess
            here, name, level = candidates[0], candidates[0].name, _PLACE_LEVEL.get(candidates[0].place_kind)
        office_name = _named(post, level, name)
        if office_name is None:
            continue
        # the id reads like the name, with the place's id: county-head-of-nyalam, mayor-of-hangzhou
        office_id = slug(_named(post, level, here.id if here is not None else name) or office_name)
        offices.append(Office(office_id, office_name, post.id, here.id if here else None))
    return list({o.id: o for o in offices}.values())


def extract(positions: Iterable[str], article_places: Iterable[Entity], gazetteer: Gazetteer) -> list[tuple[str, Office]]:
    """(position, office) for each office the positions of one official in one article name; curated
    offices (content/gazetteer/offices.yaml) rename, merge and place the derived ones."""
    places = list(article_places)
    result = []
    for position in positions:
        curated = gazetteer.resolve("office", position)  # a wording a curator tied to an office
        derived = [curated] if curated else offices_of(position, places, gazetteer)
        for office in derived:
            curated = gazetteer.get("office", office.id)  # renamed, merged or placed by a curator
            if curated is not None:
                office = Office(curated.id, curated.name, curated.post or getattr(office, "post", None),
                                curated.parent or getattr(office, "place", None))
            result.append((position, office))
    return result

"""Deterministic synthetic articles in the raw format, for benchmarks only.

The text is plainly fake (Lorem-style filler, officials called 'Testka Bodo'), but the places and
campaigns use real spellings from the gazetteer so extraction, entity pages and the search index
carry a realistic load. Article i depends only on (seed, i): a 1,000-article corpus is the first
1,000 articles of the 10,000-article one, so sizes compare like with like.

Never write these into content/: `write_corpus` refuses a folder inside the repository's content/.
"""

from __future__ import annotations

import random
from itertools import accumulate
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from digest.gazetteer import Gazetteer

FIRST_DAY = datetime(2019, 1, 1)
DAYS = 6 * 365  # 2019-2024: "several years"
WORDS = (400, 1200)
OFFICIALS_PER_ARTICLE = (1, 6)
PLACES_PER_ARTICLE = (1, 4)
CAMPAIGNS_PER_ARTICLE = (0, 3)

# Fake name parts: 20 family x 40 given names = 800 officials, none a real person's name.
_FAMILY = [f"Test{s}" for s in "ka lo mi nu pe ra si tu vo we xa yo za bi co du fe gi ho ju".split()]
_GIVEN = [a + b for a in "Bo Da Fu Ge Hi Jo Ku La Mo Ne".split() for b in "do ri sa ne".split()]
_POSITIONS = [
    "secretary of the {place} Party Committee",
    "deputy secretary of the {place} Party Committee",
    "member of the Standing Committee of the {place} Party Committee",
    "executive deputy head of the {place} People's Government",
    "director of the {place} Test Bureau",
    "head of the Organization Department of the {place} Party Committee",
]
_LOREM = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip "
    "ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla "
    "pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim "
    "id est laborum barley yak pasture solar road clinic school herder grassland"
).split()
# Filler words follow Zipf's law over a vocabulary of ~3,000: the Lorem words first (the most
# frequent), then made-up syllable words ("tavomi"). A tiny vocabulary would make unrelated
# articles share word runs (misleading the duplicate detector) and shrink the search index.
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
_VOCABULARY = _LOREM + [a + b + c for a in _SYLLABLES[:14] for b in _SYLLABLES[14:28] for c in _SYLLABLES[28:43]]
_CUM_WEIGHTS = list(accumulate(1 / rank for rank in range(1, len(_VOCABULARY) + 1)))
_TOPICS = ["Grassland Test Patrol", "Synthetic Fodder Delivery", "Lorem Ipsum Work Meeting",
           "Fake Clinic Inspection", "Test Road Opening", "Dummy Solar Project", "Placeholder School Visit"]


@dataclass(frozen=True)
class Official:
    name: str
    position: str


@dataclass(frozen=True)
class SyntheticArticle:
    index: int
    title: str
    date: datetime
    source: str
    officials: tuple[Official, ...]
    places: tuple[str, ...]     # place spellings as written
    campaigns: tuple[str, ...]  # campaign spellings as written
    text: str                   # the whole raw file

    @property
    def file_name(self) -> str:
        return f"bench_{self.index:06d}.txt"


@dataclass(frozen=True)
class Pools:
    """What articles draw from, built once from the gazetteer."""

    counties: tuple[str, ...]     # spellings of Tibetan county-level divisions
    prefectures: tuple[str, ...]  # spellings of prefecture-level divisions
    partners: tuple[str, ...]     # aid partners outside Tibet
    campaigns: tuple[tuple[str, ...], ...]  # per campaign: its spellings
    officials: tuple[Official, ...]


def _spellings(entity) -> list[str]:
    ambiguous = set(entity.ambiguous)
    return [v for v in entity.variants if v not in ambiguous]


def build_pools(gazetteer: Gazetteer, seed: int = 0) -> Pools:
    counties, prefectures, partners = [], [], []
    for place in gazetteer.places.values():
        spellings = _spellings(place)
        if place.outside_tibet:
            partners.append(place.name)
        elif place.place_kind in ("county", "district", "county-level city"):
            # mostly the canonical name, sometimes a variant, as the translations do
            counties.extend([place.name] * 3 + spellings[:2])
        elif place.place_kind in ("prefecture", "prefecture-level city"):
            prefectures.extend([place.name] + spellings[:2])
    if not counties or not prefectures:
        raise ValueError("the gazetteer has no Tibetan counties or prefectures to draw places from")
    rng = random.Random(f"{seed}:officials")
    county_names = sorted({p.name for p in gazetteer.places.values()
                           if p.place_kind in ("county", "district") and not p.outside_tibet})
    officials = tuple(
        Official(f"{family} {given}", rng.choice(_POSITIONS).format(place=rng.choice(county_names)))
        for family in _FAMILY for given in _GIVEN
    )
    campaigns = tuple(tuple(_spellings(c)) for c in gazetteer.campaigns.values())
    return Pools(tuple(counties), tuple(prefectures), tuple(partners), campaigns, officials)


def _skewed(rng: random.Random, items, k: int):
    """k distinct items, low indexes far likelier (a few officials and counties dominate the news)."""
    chosen: list = []
    while len(chosen) < min(k, len(items)):
        item = items[min(int(rng.paretovariate(1.2)) - 1, len(items) - 1) if rng.random() < 0.5
                     else rng.randrange(len(items))]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_VOCABULARY, cum_weights=_CUM_WEIGHTS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def _fill(rng: random.Random, words: int) -> list[str]:
    """Filler paragraphs of about `words` words."""
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def make_article(pools: Pools, index: int, seed: int = 0, day: int | None = None) -> SyntheticArticle:
    """Article `index`; `day` (0 = FIRST_DAY) instead of a random day: a day's batch of news."""
    rng = random.Random(f"{seed}:{index}")
    date = FIRST_DAY + timedelta(days=rng.randrange(DAYS), seconds=rng.randrange(8 * 3600, 20 * 3600))
    if day is not None:
        date = FIRST_DAY + timedelta(days=day, seconds=date.second + 60 * date.minute + 3600 * date.hour)
    n_places = rng.randint(*PLACES_PER_ARTICLE)
    places = _skewed(rng, pools.counties, 1)
    while len(places) < n_places:
        pool = pools.partners if rng.random() < 0.15 and pools.partners else pools.prefectures
        place = rng.choice(pool) if rng.random() < 0.5 else _skewed(rng, pools.counties, 1)[0]
        if place not in places:
            places.append(place)
    officials = _skewed(rng, pools.officials, rng.randint(*OFFICIALS_PER_ARTICLE))
    campaigns = [rng.choice(spellings) for spellings in
                 rng.sample(pools.campaigns, min(rng.randint(*CAMPAIGNS_PER_ARTICLE), len(pools.campaigns)))]

    title = f"Test Report {index:06d}: {places[0]} Holds {rng.choice(_TOPICS)}"
    source = f"{rng.choice(pools.prefectures)} Test Media Desk"
    mentions = [f"{o.name}, {o.position}, attended the lorem ipsum meeting." for o in officials]
    mentions += [f"The test delegation visited {p} to inspect the placeholder work." for p in places[1:]]
    mentions += [f'The meeting required all units to implement the "{c}" test work.' for c in campaigns]
    # Total words drawn first, filler makes up the rest: 400-1,200 words per article.
    target = rng.randint(*WORDS)
    mention_words = sum(len(m.split()) for m in mentions) + 12
    paragraphs = _fill(rng, max(target - mention_words, 60))
    for mention in mentions:  # spread the mentions over the filler paragraphs
        spot = rng.randrange(len(paragraphs))
        paragraphs[spot] = f"{paragraphs[spot]} {mention}"
    paragraphs[0] = f"On a test day, {places[0]} held a synthetic meeting. {paragraphs[0]}"
    body = "\n\n".join(paragraphs)
    text = (
        f"{title}\n{date:%Y-%m-%d %H:%M:%S}      Source: {source}\n\n{body}\n\n"
        f"Editor in charge: Test Editor {index % 37:02d}\n\n"
        f"Sponsor: Test {places[0]} People's Government Address: No. {index % 90 + 1} Test Road, Tibet "
        f"Tel: 0891-0000000\n"
        f"Website ID: 5400000001 Public security record No.: Test 54000002000001 "
        f"Record No.: Zang ICP Bei No. 2020000001-1\n"
        f"Technical support: Test Media Group\n"
    )
    return SyntheticArticle(index, title, date, source, tuple(officials), tuple(places), tuple(campaigns), text)


def generate(gazetteer: Gazetteer, n: int, seed: int = 0, first: int = 0, day: int | None = None):
    """Articles first..first+n-1 (a generator: 10,000 articles are never all in memory), all on
    `day` if given."""
    pools = build_pools(gazetteer, seed)
    for index in range(first, first + n):
        yield make_article(pools, index, seed, day)


def write_corpus(gazetteer: Gazetteer, n: int, folder: Path, seed: int = 0, first: int = 0,
                 day: int | None = None) -> list[Path]:
    """Write n raw files into `folder` (which must not be inside the repository's content/); the
    articles of `generate`."""
    repo_content = (Path(__file__).resolve().parents[1] / "content").resolve()
    folder = folder.resolve()
    if folder == repo_content or repo_content in folder.parents:
        raise ValueError(f"refusing to write synthetic articles into {folder}: content/ holds real news only")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in generate(gazetteer, n, seed, first, day):
        path = folder / article.file_name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths

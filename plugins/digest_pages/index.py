"""Per-build indexes: which articles each entity appears in, co-occurrences, timelines, related
articles. Pure functions over plain data; built once per build in time linear in the mentions
(no loop over articles x entities), because the site has to scale to 10,000 articles.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from datetime import datetime
from typing import Any, Sequence

from digest.extract.offices import Office, main_posts
from digest.gazetteer import Entity
from digest.gazetteer.model import PREFECTURE_KINDS
from digest.kinds import BY_NAME, KINDS
from digest.resolve import GazetteerLike, Mention, provisional_ids

Key = tuple[str, str]  # (kind, entity id)

# Related articles are looked for among the RELATED_WINDOW articles nearest in date on each shared
# entity's list, so a very common entity (the region, a top official) costs O(window), not O(N).
RELATED_WINDOW = 25


@dataclass(frozen=True)
class ArticleInput:
    date: datetime
    mentions: tuple[Mention, ...]


@dataclass
class TimelineRow:
    position: str
    first_seen: datetime
    last_seen: datetime
    articles: list[int] = field(default_factory=list)  # newest first


@dataclass
class Holding:
    """An official holding an office, as far as the articles say: the first and the last article
    that state it (never a term's start or end)."""

    official: Key
    office: Key
    first_seen: datetime
    last_seen: datetime
    articles: list[int] = field(default_factory=list)  # newest first


@dataclass
class EntityStats:
    kind: str
    id: str
    name: str
    gazetteer_entity: Any | None  # None for a provisional official
    provisional: bool = False  # not in the gazetteer: an official's exact name, a derived office
    articles: list[int] = field(default_factory=list)  # indices into the input, newest first
    dates: list[datetime] = field(default_factory=list)  # parallel to `articles`
    variants_seen: list[str] = field(default_factory=list)
    months: Counter = field(default_factory=Counter)  # (year, month) -> articles
    timeline: list[TimelineRow] = field(default_factory=list)
    together: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # kind -> [(id, n)]
    children: list[tuple[str, int]] = field(default_factory=list)  # places directly inside: [(id, rolled-up n)]
    holdings: list[Holding] = field(default_factory=list)  # officials and offices: oldest first
    offices_here: list[Holding] = field(default_factory=list)  # places: latest holder of each main office

    @property
    def first_seen(self) -> datetime | None:
        return self.dates[-1] if self.dates else None

    @property
    def last_seen(self) -> datetime | None:
        return self.dates[0] if self.dates else None


@dataclass
class DigestIndex:
    entities: dict[Key, EntityStats]
    article_mentions: list[list[tuple[Key | None, Mention]]]  # per input article; key None = unresolved
    related: list[list[tuple[int, int]]]  # per input article: [(other article, shared entities)]
    # per input article, every entity it is an article of: those it names, and the places that hold
    # a place it names (the one definition of a place's articles, see `container_of`)
    article_entities: list[list[Key]] = field(default_factory=list)


def container_of(place, gazetteer: GazetteerLike) -> str | None:
    """The place a place lies in, for counting articles: its gazetteer parent; a Tibetan
    prefecture-level division lies in the region (the gazetteer gives prefectures no parent)."""
    parent = getattr(place, "parent", None)
    if parent or place is None or getattr(place, "outside_tibet", False):
        return parent
    if getattr(place, "place_kind", None) in PREFECTURE_KINDS:
        region = next((p.id for p in getattr(gazetteer, "places", {}).values() if p.place_kind == "region"), None)
        return region if region != place.id else None
    return None


def _assign_ids(articles: Sequence[ArticleInput], gazetteer: GazetteerLike) -> list[list[tuple[Key | None, Mention]]]:
    registered = getattr(gazetteer, "officials", {})
    # ids merged away still answer gazetteer.get, so a provisional page must not take one either
    taken = set(registered).union(*(getattr(e, "replaces", ()) for e in registered.values()))
    unknown = [m.name for a in articles for m in a.mentions if m.kind == "official" and m.entity_id is None]
    provisional = provisional_ids(unknown, taken)
    result = []
    for article in articles:
        keyed = []
        for mention in article.mentions:
            entity_id = mention.entity_id or (provisional.get(mention.name) if mention.kind == "official" else None)
            keyed.append(((mention.kind, entity_id) if entity_id else None, mention))
        result.append(keyed)
    return result


def _derive(article_mentions: list[list[tuple[Key | None, Mention]]], gazetteer: GazetteerLike) -> dict[int, list[tuple[Key, Key, Office]]]:
    """Each derived kind's mentions, from the mentions of the kind it derives from, per article:
    (derived key, source key, derived entity), and the mentions added to `article_mentions`."""
    derived: dict[int, list[tuple[Key, Key, Office]]] = defaultdict(list)
    for kind in KINDS:
        if kind.stored:
            continue
        extract = kind.extract()
        for i, keyed in enumerate(article_mentions):
            # the places the article names, its publisher's included: 'County Party Secretary' on a county's site
            places = [p for p in (gazetteer.get("place", m.entity_id) for _, m in keyed if m.kind == "place" and m.entity_id) if p]
            added = []
            for key, mention in keyed:
                if key is None or mention.kind != kind.derived_from:
                    continue
                for position, found in extract(mention.positions, places, gazetteer):
                    derived_key = (kind.name, found.id)
                    derived[i].append((derived_key, key, found))
                    added.append((derived_key, Mention(kind.name, found.name, found.id, (position,))))
            keyed.extend(added)
    return derived


def _timeline(rows: dict[str, TimelineRow]) -> list[TimelineRow]:
    return sorted(rows.values(), key=lambda row: (row.first_seen, row.position))


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def build_index(articles: Sequence[ArticleInput], gazetteer: GazetteerLike, related_max: int = 5) -> DigestIndex:
    article_mentions = _assign_ids(articles, gazetteer)
    derived = _derive(article_mentions, gazetteer)
    order = sorted(range(len(articles)), key=lambda i: (articles[i].date, -i), reverse=True)

    entities: dict[Key, EntityStats] = {}
    variants: dict[Key, dict[str, None]] = defaultdict(dict)
    positions: dict[Key, dict[str, TimelineRow]] = defaultdict(dict)
    together: dict[Key, Counter] = defaultdict(Counter)
    article_keys: list[list[Key]] = [[] for _ in articles]
    article_entities: list[list[Key]] = [[] for _ in articles]

    @cache
    def containers(place_id: str) -> tuple[str, ...]:
        """The places holding a place, nearest first: a county's prefecture, then the region."""
        found, place = [], gazetteer.get("place", place_id)
        while place is not None and (up := container_of(place, gazetteer)) and up not in found and up != place_id:
            found.append(up)
            place = gazetteer.get("place", up)
        return tuple(found)

    position_in: dict[Key, dict[int, int]] = defaultdict(dict)  # where each article sits on a list

    for i in order:  # newest first, so every list below comes out newest first
        date = articles[i].date
        keys: dict[Key, None] = {}
        for key, mention in article_mentions[i]:
            if key is None or mention.in_footer:
                continue  # a place named only by the publisher's footer is provenance, not news
            if key not in entities:
                found = gazetteer.get(key[0], key[1]) if mention.entity_id else None
                entities[key] = EntityStats(key[0], key[1], found.name if found else mention.name, found, found is None)
            keys[key] = None
            for surface in mention.surfaces:
                variants[key][surface] = None
            for position in mention.positions:
                row = positions[key].get(position)
                if row is None:
                    row = positions[key][position] = TimelineRow(position, date, date)
                row.first_seen = date  # iterating newest first: the last write is the earliest
                if not row.articles or row.articles[-1] != i:
                    row.articles.append(i)
        article_keys[i] = [key for key in keys if BY_NAME[key[0]].stored]  # related by names, not offices too
        for key in keys:
            stats = entities[key]
            position_in[key][i] = len(stats.articles)
            stats.articles.append(i)
            stats.dates.append(date)
            stats.months[(date.year, date.month)] += 1
        within = dict(keys)
        for key in keys:
            if key[0] == "place":
                within.update((("place", p), None) for p in containers(key[1]))
        article_entities[i] = list(within)
        for key in within:  # counts the key with itself too, left out below
            together[key].update(within.keys())

    holdings = _holdings(derived, order, articles, entities)
    _add_parent_places(entities, gazetteer)
    for key, stats in entities.items():
        stats.variants_seen = sorted(variants[key], key=str.casefold)
        stats.timeline = _timeline(positions[key])
        by_kind: dict[str, Counter] = defaultdict(Counter)
        for (kind, other_id), n in together[key].items():
            if (kind, other_id) != key:
                by_kind[kind][other_id] = n
        stats.together = {kind: _ranked(counter) for kind, counter in by_kind.items()}
    related = _related_articles(articles, article_keys, entities, position_in, related_max)
    _roll_up_children(entities, [article.date for article in articles], order, gazetteer)
    _offices_here(holdings, entities)
    return DigestIndex(entities=entities, article_mentions=article_mentions, related=related,
                       article_entities=article_entities)


def _holdings(derived, order, articles, entities) -> list[Holding]:
    """Who held which office, from the derived offices: one Holding per (official, office)."""
    found: dict[tuple[Key, Key], Holding] = {}
    for i in order:  # newest first
        date = articles[i].date
        for office_key, official_key, office in derived.get(i, ()):
            stats = entities[office_key]
            if stats.gazetteer_entity is None:  # a derived office: its place and post for the pages
                stats.gazetteer_entity = Entity("office", office.id, office.name, parent=office.place, post=office.post)
            holding = found.get((official_key, office_key))
            if holding is None:
                holding = found[(official_key, office_key)] = Holding(official_key, office_key, date, date)
            holding.first_seen = date
            if not holding.articles or holding.articles[-1] != i:
                holding.articles.append(i)
    result = sorted(found.values(), key=lambda h: (h.first_seen, h.last_seen, h.official))
    for holding in result:
        entities[holding.official].holdings.append(holding)
        entities[holding.office].holdings.append(holding)
    return result


def _offices_here(holdings: list[Holding], entities: dict[Key, EntityStats]) -> None:
    """Each place's main offices with their latest known holder(s): the holding with the latest
    evidence, and any other stated on that same latest date."""
    latest: dict[Key, list[Holding]] = {}
    for holding in holdings:
        best = latest.setdefault(holding.office, [])
        if not best or holding.last_seen > best[0].last_seen:
            best[:] = [holding]
        elif holding.last_seen == best[0].last_seen:
            best.append(holding)
    for office_key, best in latest.items():
        office = entities[office_key].gazetteer_entity
        place = entities.get(("place", office.parent)) if office.parent else None
        if place is not None and office.post in main_posts():
            place.offices_here.extend(best)
    for stats in entities.values():
        stats.offices_here.sort(key=lambda h: (main_posts().index(entities[h.office].gazetteer_entity.post), h.office))


def _add_parent_places(entities: dict[Key, EntityStats], gazetteer: GazetteerLike) -> None:
    """Every ancestor of a place with a page gets a page too (a county's prefecture even when no
    article names it), so breadcrumbs and roll-ups always resolve."""
    pending = [stats for (kind, _), stats in entities.items() if kind == "place"]
    while pending:
        parent_id = container_of(pending.pop().gazetteer_entity, gazetteer)
        parent = gazetteer.get("place", parent_id) if parent_id else None
        if parent is not None and ("place", parent.id) not in entities:
            stats = entities[("place", parent.id)] = EntityStats("place", parent.id, parent.name, parent)
            pending.append(stats)


def _roll_up_children(entities: dict[Key, EntityStats], dates: list[datetime], order: list[int],
                      gazetteer: GazetteerLike) -> None:
    """The one definition of a place's articles, used by every page, count, chart, feed, digest and
    data file: the articles naming the place or any place inside it (a prefecture has its
    counties', the region its prefectures'). `children`: the places directly inside, with their counts."""
    children: dict[str, list[EntityStats]] = defaultdict(list)
    for (kind, _), stats in entities.items():
        parent_id = container_of(stats.gazetteer_entity, gazetteer) if kind == "place" else None
        if parent_id and ("place", parent_id) in entities:
            children[parent_id].append(stats)

    covered: dict[str, set[int]] = {}

    def articles_within(stats: EntityStats) -> set[int]:
        if stats.id not in covered:
            covered[stats.id] = set(stats.articles).union(*(articles_within(c) for c in children[stats.id]))
        return covered[stats.id]

    places = [stats for (kind, _), stats in entities.items() if kind == "place"]
    for stats in places:
        stats.children = _ranked(Counter({c.id: len(articles_within(c)) for c in children[stats.id]}))
    rank = {i: n for n, i in enumerate(order)}  # newest first
    for stats in places:
        stats.articles = sorted(articles_within(stats), key=rank.__getitem__)
        stats.dates = [dates[i] for i in stats.articles]
        stats.months = Counter((date.year, date.month) for date in stats.dates)


def _related_articles(
    articles: Sequence[ArticleInput],
    article_keys: list[list[Key]],
    entities: dict[Key, EntityStats],
    position_in: dict[Key, dict[int, int]],
    related_max: int,
) -> list[list[tuple[int, int]]]:
    stamps = [article.date.timestamp() for article in articles]
    related = []
    for i, keys in enumerate(article_keys):
        shared: Counter = Counter()
        for key in keys:
            at = position_in[key][i]
            shared.update(entities[key].articles[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1])
        del shared[i]
        here = stamps[i]
        # most entities shared first, then the nearest in date (tuples compared in C: no key function per candidate)
        ranked = [(-n, abs(stamps[j] - here), j) for j, n in shared.items()]
        related.append([(j, -minus_n) for minus_n, _, j in heapq.nsmallest(related_max, ranked)])
    return related

"""Per-build indexes: which articles each entity appears in, co-occurrences, timelines, related
articles. Pure functions over plain data; built once per build in time linear in the mentions
(no loop over articles x entities), because the site has to scale to 10,000 articles.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

from .resolve import GazetteerLike, Mention, provisional_ids

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
class EntityStats:
    kind: str
    id: str
    name: str
    gazetteer_entity: Any | None  # None for a provisional official
    articles: list[int] = field(default_factory=list)  # indices into the input, newest first
    dates: list[datetime] = field(default_factory=list)  # parallel to `articles`
    variants_seen: list[str] = field(default_factory=list)
    months: Counter = field(default_factory=Counter)  # (year, month) -> articles
    months_within: Counter = field(default_factory=Counter)  # places: the same, counting places inside too
    timeline: list[TimelineRow] = field(default_factory=list)
    together: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # kind -> [(id, n)]
    counties: list[tuple[str, int]] = field(default_factory=list)  # places inside: [(id, rolled-up n)]
    rolled_up_count: int = 0

    @property
    def provisional(self) -> bool:
        return self.gazetteer_entity is None

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


def _timeline(rows: dict[str, TimelineRow]) -> list[TimelineRow]:
    return sorted(rows.values(), key=lambda row: (row.first_seen, row.position))


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def build_index(articles: Sequence[ArticleInput], gazetteer: GazetteerLike, related_max: int = 5) -> DigestIndex:
    article_mentions = _assign_ids(articles, gazetteer)
    order = sorted(range(len(articles)), key=lambda i: (articles[i].date, -i), reverse=True)

    entities: dict[Key, EntityStats] = {}
    variants: dict[Key, dict[str, None]] = defaultdict(dict)
    positions: dict[Key, dict[str, TimelineRow]] = defaultdict(dict)
    together: dict[Key, Counter] = defaultdict(Counter)
    article_keys: list[list[Key]] = [[] for _ in articles]
    position_in: dict[Key, dict[int, int]] = defaultdict(dict)  # where each article sits on a list

    for i in order:  # newest first, so every list below comes out newest first
        date = articles[i].date
        keys: dict[Key, None] = {}
        for key, mention in article_mentions[i]:
            if key is None or mention.in_footer:
                continue  # a place named only by the publisher's footer is provenance, not news
            if key not in entities:
                found = gazetteer.get(key[0], key[1]) if mention.entity_id else None  # None: provisional
                entities[key] = EntityStats(key[0], key[1], found.name if found else mention.name, found)
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
        article_keys[i] = list(keys)
        for key in keys:
            stats = entities[key]
            position_in[key][i] = len(stats.articles)
            stats.articles.append(i)
            stats.dates.append(date)
            stats.months[(date.year, date.month)] += 1
            for other in keys:
                if other != key:
                    together[key][other] += 1

    _add_parent_places(entities, gazetteer)
    for key, stats in entities.items():
        stats.variants_seen = sorted(variants[key], key=str.casefold)
        stats.timeline = _timeline(positions[key])
        by_kind: dict[str, Counter] = defaultdict(Counter)
        for (kind, other_id), n in together[key].items():
            by_kind[kind][other_id] = n
        stats.together = {kind: _ranked(counter) for kind, counter in by_kind.items()}
        stats.rolled_up_count = len(stats.articles)
    _roll_up_children(entities, [article.date for article in articles])

    related = _related_articles(articles, article_keys, entities, position_in, related_max)
    return DigestIndex(entities=entities, article_mentions=article_mentions, related=related)


def _add_parent_places(entities: dict[Key, EntityStats], gazetteer: GazetteerLike) -> None:
    """Every ancestor of a place with a page gets a page too (a county's prefecture even when no
    article names it), so breadcrumbs and roll-ups always resolve."""
    pending = [stats for (kind, _), stats in entities.items() if kind == "place"]
    while pending:
        parent_id = getattr(pending.pop().gazetteer_entity, "parent", None)
        parent = gazetteer.get("place", parent_id) if parent_id else None
        if parent is not None and ("place", parent.id) not in entities:
            stats = entities[("place", parent.id)] = EntityStats("place", parent.id, parent.name, parent)
            pending.append(stats)


def _roll_up_children(entities: dict[Key, EntityStats], dates: list[datetime]) -> None:
    """`counties`: direct children with their article counts; `rolled_up_count` and
    `months_within`: distinct articles naming the place or anything inside it."""
    children: dict[str, list[EntityStats]] = defaultdict(list)
    for (kind, _), stats in entities.items():
        parent_id = getattr(stats.gazetteer_entity, "parent", None) if kind == "place" else None
        if parent_id and ("place", parent_id) in entities:
            children[parent_id].append(stats)

    covered: dict[str, set[int]] = {}

    def articles_within(stats: EntityStats) -> set[int]:
        if stats.id not in covered:
            covered[stats.id] = set(stats.articles).union(*(articles_within(c) for c in children[stats.id]))
        return covered[stats.id]

    for (kind, _), stats in entities.items():
        if kind == "place":
            within = articles_within(stats)
            stats.rolled_up_count = len(within)
            stats.months_within = Counter((dates[i].year, dates[i].month) for i in within)
            stats.counties = _ranked(Counter({c.id: len(articles_within(c)) for c in children[stats.id]}))


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
        # most entities shared first, then the nearest in date
        related.append(heapq.nsmallest(related_max, shared.items(), key=lambda item: (-item[1], abs(stamps[item[0]] - here), item[0])))
    return related

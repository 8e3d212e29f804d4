"""The Pelican layer: turn the pure indexes into URLWrappers, article attributes, pages and feeds.

Runs after Pelican's ArticlesGenerator (generators returned by `get_generators` come later), so
`generate_context` sees every published article and sets the digest attributes before any article
page is written.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup
from pelican.generators import Generator

from digest.gazetteer import load_gazetteer

from .activity import activity_svg
from .datafiles import entities_json, mentions_csv
from .index import ArticleInput, DigestIndex, Key, build_index
from .kinds import KINDS
from .periods import Period, group_by_period
from .provenance import provenance
from .resolve import resolve_entry
from .urlwrappers import DigestEntity, Place

TEMPLATES = Path(__file__).parent / "templates"
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


def add_fallback_templates(env) -> None:
    """Lowest priority: a theme's own template of the same name always wins."""
    if not any(getattr(loader, "_digest_fallback", False) for loader in getattr(env.loader, "loaders", [])):
        fallback = FileSystemLoader(str(TEMPLATES))
        fallback._digest_fallback = True
        env.loader = ChoiceLoader([env.loader, fallback])


def wrap_article_template(settings: dict, theme: str) -> bool:
    """Render articles with digest_article.html (the theme's article.html plus the digest block)
    unless the theme is digest-aware (has its own official.html) or has no article.html to wrap."""
    if settings.get("DIGEST_WRAP_ARTICLE_TEMPLATE") is not None:
        return bool(settings["DIGEST_WRAP_ARTICLE_TEMPLATE"])
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", []), os.path.join(theme, "templates")]
    has = lambda name: any(os.path.isfile(os.path.join(folder, name)) for folder in folders)  # noqa: E731
    return not has("official.html") and os.path.isfile(os.path.join(theme, "templates", "article.html"))


def _place_groups(places: list[Place], by_id: dict[str, Place]) -> list[tuple[str, Place | None, list[Place]]]:
    """Places grouped by prefecture (the prefecture first), then the rest of Tibet, then aid partners."""
    groups: dict[str, list[Place]] = {}
    elsewhere, outside = [], []
    for place in places:
        top = place
        while top.parent is not None:
            top = top.parent
        if place.outside_tibet:
            outside.append(place)
        elif top is not place or place.place_kind in ("prefecture-level city", "prefecture"):
            groups.setdefault(top.id, []).append(place)
        else:
            elsewhere.append(place)
    result = []
    for top_id in sorted(groups, key=lambda i: by_id[i].name):
        members = sorted(groups[top_id], key=lambda p: (p.id != top_id, p.name.casefold()))
        result.append((by_id[top_id].name, by_id[top_id], members))
    if elsewhere:
        result.append(("Elsewhere in Tibet", None, sorted(elsewhere, key=lambda p: p.name.casefold())))
    if outside:
        result.append(("Aid partners outside Tibet", None, sorted(outside, key=lambda p: p.name.casefold())))
    return result


class SummaryEntry:
    """An article as an entity-feed entry: what Pelican's Writer reads, with the summary standing in
    for the full text (feeds carry summaries only)."""

    def __init__(self, article):
        self.title, self.url, self.date = article.title, article.url, article.date
        self.summary = article.summary
        self.author = getattr(article, "author", "")

    def get_content(self, siteurl: str) -> str:
        return self.summary


class DigestGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_fallback_templates(self.env)

    # ------------------------------------------------------------------ context
    def generate_context(self) -> None:
        settings = self.settings
        gazetteer_dir = settings.get("DIGEST_GAZETTEER_PATH") or os.path.join(self.path, "gazetteer")
        gazetteer = load_gazetteer(Path(gazetteer_dir))
        self.articles = list(self.context.get("articles", []))
        inputs = [
            ArticleInput(
                article.date,
                tuple(
                    resolve_entry(kind.name, entry, gazetteer)
                    for kind in KINDS
                    for entry in (getattr(article, kind.field, None) or [])
                ),
            )
            for article in self.articles
        ]
        self.index = build_index(inputs, gazetteer, settings.get("DIGEST_RELATED_MAX", 5))
        self.entities = self._wrap_entities(self.index)
        self._attach_to_articles(self.index)
        self.months = self._periods("month")
        self.weeks = self._periods("week")

        by_kind = {kind.name: [] for kind in KINDS}
        for entity in self.entities.values():
            by_kind[entity.kind].append(entity)
        self.by_kind = {name: sorted(items, key=lambda e: e.name.casefold()) for name, items in by_kind.items()}
        self.context.update(
            digest_officials=self.by_kind["official"],
            digest_places=self.by_kind["place"],
            digest_campaigns=self.by_kind["campaign"],
            digest_months=self.months,
            digest_weeks=self.weeks,
        )

    def _wrap_entities(self, index: DigestIndex) -> dict[Key, DigestEntity]:
        entities = {key: KIND_BY_NAME[key[0]].wrapper(stats, self.settings) for key, stats in index.entities.items()}
        for key, entity in entities.items():
            stats = index.entities[key]
            # a prefecture's chart counts its counties' articles too, like its count on the overview
            entity.activity_svg = Markup(activity_svg(stats.months_within or stats.months))
            if isinstance(entity, Place) and entity.parent_id:
                entity.parent = entities.get(("place", entity.parent_id))
        return entities

    def _attach_to_articles(self, index: DigestIndex) -> None:
        wrap_template = wrap_article_template(self.settings, self.theme)
        for i, article in enumerate(self.articles):
            officials: dict[Key, list[str]] = {}
            places: dict[Key, None] = {}
            campaigns: dict[Key, None] = {}
            unresolved = []
            for key, mention in index.article_mentions[i]:
                if mention.in_footer:
                    continue  # shown as the publisher in the provenance block
                if key is None:
                    unresolved.append((mention.kind, mention.name))
                elif mention.kind == "official":
                    stated = officials.setdefault(key, [])
                    stated.extend(p for p in mention.positions if p not in stated)
                else:
                    (places if mention.kind == "place" else campaigns)[key] = None
            article.digest_officials = [(self.entities[key], positions) for key, positions in officials.items()]
            article.digest_places = [self.entities[key] for key in places]
            article.digest_campaigns = [self.entities[key] for key in campaigns]
            article.digest_unresolved = unresolved
            article.related = [(self.articles[j], n) for j, n in index.related[i]]
            article.provenance = provenance(
                getattr(article, "source", None),
                getattr(article, "editor", None),
                getattr(article, "original_url", None),
                getattr(article, "footer", None),
            )
            if wrap_template and article.template == "article":
                article.template = "digest_article"

    def _periods(self, kind: str) -> list[Period]:
        periods = group_by_period([a.date for a in self.articles], kind)
        for period in periods:
            if kind == "month":
                fields = {"date": date(period.year, period.number, 1)}
            else:
                fields = {"year": period.year, "week": period.number}
            period.url = self.settings[f"DIGEST_{kind.upper()}_URL"].format(**fields)
            period.save_as = self.settings[f"DIGEST_{kind.upper()}_SAVE_AS"].format(**fields)
            period.articles = [self.articles[i] for i in period.articles]
        for newer, older in zip(periods, periods[1:]):
            newer.previous, older.next = older, newer
        return periods

    # ------------------------------------------------------------------ output
    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        self._write_entity_pages(write)
        self._write_overviews(write)
        self._write_digests(write)
        self._write_feeds(writer)
        self._write_data_files()

    def _pairs(self, ranked: list[tuple[str, int]], kind: str, limit: int | None = None) -> list[tuple[DigestEntity, int]]:
        pairs = [(self.entities[(kind, entity_id)], n) for entity_id, n in ranked if (kind, entity_id) in self.entities]
        return pairs[:limit]

    def _write_entity_pages(self, write) -> None:
        for key, entity in self.entities.items():
            stats = self.index.entities[key]
            breadcrumb = []
            place = entity if isinstance(entity, Place) else None
            while place is not None:
                breadcrumb.insert(0, place)
                place = place.parent
            # the top few only: a national leader appears with thousands, and every page/N/ repeats the list
            limit = self.settings["DIGEST_TOGETHER_MAX"]
            inside = {("place", child_id) for child_id, _ in stats.counties}  # a prefecture lists its counties once
            together = {
                kind.name: self._pairs(
                    [(i, n) for i, n in stats.together.get(kind.name, []) if (kind.name, i) not in inside], kind.name, limit
                )
                for kind in KINDS
            }
            articles = [self.articles[i] for i in stats.articles]
            write(
                entity.save_as,
                self.get_template(entity.kind),
                self.context,
                entity=entity,
                articles=articles,
                url=entity.url,
                page_name=entity.page_name,
                template_name=entity.kind,
                timeline=[
                    {
                        "position": row.position,
                        "first_seen": row.first_seen,
                        "last_seen": row.last_seen,
                        "articles": [self.articles[i] for i in row.articles],
                    }
                    for row in stats.timeline
                ],
                co_officials=together["official"],
                entity_officials=together["official"],
                entity_places=together["place"],
                entity_campaigns=together["campaign"],
                counties=self._pairs(stats.counties, "place"),
                breadcrumb=breadcrumb,
                activity_svg=entity.activity_svg,
            )

    def _write_overviews(self, write) -> None:
        for kind in KINDS:
            entities = self.by_kind[kind.name]
            by_count = sorted(entities, key=lambda e: (-e.rolled_up_count, e.name.casefold()))
            prefix = kind.field.upper()
            extra = {}
            if kind.name == "place":
                extra["place_groups"] = _place_groups(entities, {e.id: e for e in entities})
            for variant, sort, ordered in (("", "count", by_count), ("_BY_COUNT", "count", by_count), ("_BY_NAME", "name", entities)):
                write(
                    self.settings[f"{prefix}{variant}_SAVE_AS"],
                    self.get_template(kind.field),
                    self.context,
                    entities=ordered,
                    sort=sort,
                    kind=kind,
                    url=self.settings[f"{prefix}{variant}_URL"],
                    by_count_url=self.settings[f"{prefix}_BY_COUNT_URL"],
                    by_name_url=self.settings[f"{prefix}_BY_NAME_URL"],
                    **extra,
                )

    def _write_digests(self, write) -> None:
        template = self.get_template("digest_period")
        for period in [*self.months, *self.weeks]:
            counts: Counter = Counter()
            for article in period.articles:
                counts.update(e for e, _ in article.digest_officials)
                counts.update(article.digest_places)
                counts.update(article.digest_campaigns)
            write(
                period.save_as,
                template,
                self.context,
                period=period,
                articles=period.articles,
                period_entities=sorted(counts.items(), key=lambda item: (-item[1], item[0].name.casefold()))[:15],
                url=period.url,
                template_name="digest_period",
            )
        write(
            self.settings["DIGEST_INDEX_SAVE_AS"],
            self.get_template("digest_index"),
            self.context,
            url=self.settings["DIGEST_INDEX_URL"],
            template_name="digest_index",
        )

    def _write_feeds(self, writer) -> None:
        # An article sits in several entity feeds: make its summary once, never its full text.
        entries: dict[int, SummaryEntry] = {}

        def entry(i: int) -> SummaryEntry:
            if i not in entries:
                entries[i] = SummaryEntry(self.articles[i])
            return entries[i]

        limit = self.settings.get("FEED_MAX_ITEMS")
        for key, entity in self.entities.items():
            if entity.feed_save_as:
                items = [entry(i) for i in self.index.entities[key].articles[:limit]]
                writer.write_feed(items, self.context, entity.feed_save_as, entity.feed_url, feed_title=entity.name)

    def _write_data_files(self) -> None:
        folder = Path(self.output_path) / self.settings["DIGEST_DATA_PATH"]
        folder.mkdir(parents=True, exist_ok=True)
        urls = {key: entity.url for key, entity in self.entities.items()}
        article_urls = [article.url for article in self.articles]
        (folder / "entities.json").write_text(entities_json(self.index, urls), encoding="utf-8")
        dates = [article.date for article in self.articles]
        (folder / "mentions.csv").write_text(mentions_csv(self.index, article_urls, dates), encoding="utf-8")

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

from markupsafe import Markup
from pelican.generators import Generator

from digest.errors import DigestError
from digest.extract.places import find_places, place_matcher
from digest.frontmatter import field_line
from digest.gazetteer import load_gazetteer
from digest.gazetteer.model import COUNTY_KINDS, PREFECTURE_KINDS
from digest.kinds import BY_NAME, KINDS
from digest.resolve import resolve_article

from .activity import activity_svg
from .countymap import MapCounty, county_map_svg, legend, shapes, steps
from .datafiles import entities_json, mentions_csv
from .home import official_home
from .index import ArticleInput, DigestIndex, Key, build_index
from .listpages import ListPage, numbered_first, split
from .periods import Period, group_by_period
from .provenance import provenance
from .searchindex import entity_stub, write_entity_index
from .urlwrappers import DigestEntity, wrapper_class


def _place_groups(places: list[DigestEntity], by_id: dict[str, DigestEntity]) -> list[tuple[str, DigestEntity | None, list[DigestEntity]]]:
    """Places grouped by prefecture (the prefecture first), then the rest of Tibet, then aid partners."""
    groups: dict[str, list[DigestEntity]] = {}
    elsewhere, outside, regions = [], [], []
    for place in places:
        if place.place_kind == "region":
            regions.append(place)  # first, alone: its articles are those of every place in it
            continue
        top = place
        while top.parent is not None:
            top = top.parent
        if place.outside_tibet:
            outside.append(place)
        elif top is not place or place.place_kind in PREFECTURE_KINDS:
            groups.setdefault(top.id, []).append(place)
        else:
            elsewhere.append(place)
    result = [(region.name, region, []) for region in regions]
    for top_id in sorted(groups, key=lambda i: by_id[i].name):
        members = sorted(groups[top_id], key=lambda p: (p.id != top_id, p.name.casefold()))
        result.append((by_id[top_id].name, by_id[top_id], members))
    if elsewhere:
        result.append(("Elsewhere in Tibet", None, sorted(elsewhere, key=lambda p: p.name.casefold())))
    if outside:
        result.append(("Aid partners outside Tibet", None, sorted(outside, key=lambda p: p.name.casefold())))
    return result


SITE_ROOT_MARK = "__ROOT__"  # stands for the site root in links made once for pages at any depth (charts, maps)


def month_anchor(day) -> str:
    """The id of the first article of a month in an entity's article list (theme: macros.article_list)."""
    return f"m-{day.year:04d}-{day.month:02d}"  # not strftime: Pelican's dates make it slow


def _official_groups(officials: list[DigestEntity]) -> list[tuple[str, DigestEntity | None, list[DigestEntity]]]:
    """Officials by the prefecture they are named with most, then everyone else."""
    groups: dict[str, tuple[DigestEntity, list[DigestEntity]]] = {}
    rest = []
    for official in officials:
        prefecture = official.home.place.prefecture if official.home else None
        if prefecture is None:
            rest.append(official)
        else:
            groups.setdefault(prefecture.id, (prefecture, []))[1].append(official)
    result = [(p.name, p, members) for p, members in sorted(groups.values(), key=lambda g: g[0].name)]
    return result + ([("Elsewhere or not known", None, rest)] if rest else [])


class SummaryEntry:
    """An article as an entity-feed entry: what Pelican's Writer reads, with the summary standing in
    for the full text (feeds carry summaries only). Its summary and address are made only when a
    feed is written: an incremental build skips most feeds."""

    def __init__(self, article):
        self.article, self.title, self.date = article, article.title, article.date
        self.author = getattr(article, "author", "")

    @property
    def url(self) -> str:
        return self.article.url

    @property
    def summary(self) -> str:
        return self.article.summary

    def get_content(self, siteurl: str) -> str:
        return self.summary

    def link_inputs(self) -> tuple:
        """What the feed shows of it comes from the article's file (digest_incremental/inputs.py)."""
        return (self.article, self.author)


def refuse_shared_addresses(articles) -> None:
    """Two articles at one address would overwrite each other (the site has no translations, so
    Pelican does not pair them up): name both files and the line to change."""
    seen = {}
    for article in articles:
        first = seen.setdefault(article.save_as, article)
        if first is not article:
            line = field_line(Path(article.source_path).read_text(encoding="utf-8"), "slug")
            raise DigestError(article.source_path, line, f"published at the same address as {first.source_path} "
                              f"({article.url}): give one of the two another slug")


class DigestGenerator(Generator):
    # ------------------------------------------------------------------ context
    def generate_context(self) -> None:
        settings = self.settings
        gazetteer_dir = settings.get("DIGEST_GAZETTEER_PATH") or os.path.join(self.path, "gazetteer")
        gazetteer = load_gazetteer(Path(gazetteer_dir))
        self.articles = list(self.context.get("articles", []))
        refuse_shared_addresses(self.articles)
        inputs = [ArticleInput(article.date, resolve_article(article.metadata, gazetteer)) for article in self.articles]
        self.index = build_index(inputs, gazetteer, settings.get("DIGEST_RELATED_MAX", 5))
        self.entities = self._wrap_entities(self.index, gazetteer)
        self.county_map = self._county_maps(gazetteer)
        self._attach_to_articles(self.index)
        self.years = self._periods("year")
        self.months = self._periods("month")
        self.weeks = self._periods("week")

        by_kind = {kind.name: [] for kind in KINDS}
        for entity in self.entities.values():
            by_kind[entity.kind].append(entity)
        self.by_kind = {name: sorted(items, key=lambda e: e.name.casefold()) for name, items in by_kind.items()}
        # digest_officials, digest_places, ...: every entity of a kind by name; digest_kinds: all of them
        self.context.update({f"digest_{kind.plural}": self.by_kind[kind.name] for kind in KINDS})
        self.context.update(
            digest_kinds=[(kind, self.by_kind[kind.name]) for kind in KINDS],
            # the kinds alone, for what every page reads (the menu): a new entity must not change every page
            digest_kind_rows=list(KINDS),
            digest_years=self.years,
            digest_county_map=self.county_map,
            digest_months=self.months,
            digest_weeks=self.weeks,
        )

    def _wrap_entities(self, index: DigestIndex, gazetteer) -> dict[Key, DigestEntity]:
        entities = {key: wrapper_class(BY_NAME[key[0]])(stats, self.settings) for key, stats in index.entities.items()}
        for key, entity in entities.items():
            stats = index.entities[key]
            entity.list_pages = self.list_pages([self.articles[i] for i in stats.articles], entity.url, entity.save_as)
            links = self._month_links(entity.list_pages)
            entity.activity_svg = Markup(activity_svg(stats.months, lambda year, month: links.get((year, month))))
            if entity.parent_id:
                entity.parent = entities.get(("place", entity.parent_id))
        for (kind, entity_id), entity in entities.items():
            if kind == "place":  # the gazetteer's one answer, as the place's page, for pages and filters
                known = gazetteer.places.get(entity_id)
                prefecture_id = gazetteer.prefecture_of(known) if known is not None else None
                entity.prefecture = entities.get(("place", prefecture_id)) if prefecture_id else None
                if known is not None and known.seat:
                    entity.seat, entity.seat_name = entities.get(("place", known.seat)), gazetteer.places[known.seat].name

        matcher = place_matcher(gazetteer)

        def places_named_in(text: str) -> list[DigestEntity]:
            found = (entities.get(("place", place.id)) for place, _, _ in find_places(text, matcher, unknown=False) if place)
            return [place for place in found if place is not None]

        def holding(h) -> dict:
            return {"official": entities[h.official], "office": entities[h.office], "first_seen": h.first_seen,
                    "last_seen": h.last_seen, "articles": len(h.articles)}

        for key, entity in entities.items():
            stats = index.entities[key]
            entity.holdings = [holding(h) for h in stats.holdings]  # oldest first
            entity.offices_here = [holding(h) for h in stats.offices_here]
            # the directory line of an official: his latest stated position(s) and where he works
            last = max((row.last_seen for row in stats.timeline), default=None)
            latest = [row.position for row in stats.timeline if row.last_seen == last]
            entity.latest_position = "; ".join(latest) or None
            entity.home = official_home(stats, entities, places_named_in, latest) if entity.kind == "official" else None
        return entities

    def _county_maps(self, gazetteer) -> dict:
        """The map of every county for /places/, and on each prefecture's and county's page its part
        of it: counties shaded by their articles (the index's count), each a link to its page."""
        counties = []
        for place in gazetteer.places.values():
            if place.place_kind in COUNTY_KINDS and not place.outside_tibet and place.code in shapes()["counties"]:
                entity = self.entities.get(("place", place.id))
                count = entity.count if entity else 0
                counties.append(MapCounty(place.code, place.name, entity.url if entity and count else None, count,
                                          place.parent))
        if not counties:
            return {}
        bounds = steps([c.count for c in counties])
        for entity in self.entities.values():
            if entity.kind != "place" or entity.outside_tibet:
                continue
            if entity.place_kind in PREFECTURE_KINDS:
                entity.county_map = Markup(county_map_svg(
                    counties, bounds, SITE_ROOT_MARK, f"Map of the counties of {entity.name}, shaded by articles", focus=entity.id))
            elif entity.place_kind in COUNTY_KINDS and entity.code:
                entity.county_map = Markup(county_map_svg(
                    counties, bounds, SITE_ROOT_MARK, f"Where {entity.name} lies in {entity.parent.name if entity.parent else 'Tibet'}",
                    focus=entity.parent_id, here=entity.code))
        return {
            "svg": Markup(county_map_svg(counties, bounds, SITE_ROOT_MARK, "Map of Tibet's counties, shaded by articles")),
            "legend": legend(bounds), "provenance": shapes()["provenance"],
        }

    def list_pages(self, articles: list, url: str, save_as: str) -> list[ListPage]:
        """An article list (newest first) as pages that stay put (listpages.py)."""
        patterns = self.settings["PAGINATION_PATTERNS"][-1]
        return split(articles, self.settings["DEFAULT_PAGINATION"], url, save_as, (patterns[1], patterns[2]))

    @staticmethod
    def _month_links(pages: list[ListPage]) -> dict[tuple[int, int], str]:
        """(year, month) -> the page that keeps the entity's oldest article of that month, at the
        month's anchor there (templates replace SITE_ROOT_MARK)."""
        links: dict[tuple[int, int], str] = {}
        for page in numbered_first(pages):
            for article in reversed(page.articles):
                links.setdefault((article.date.year, article.date.month), f"{SITE_ROOT_MARK}/{page.url}#{month_anchor(article.date)}")
        return links

    def _attach_to_articles(self, index: DigestIndex) -> None:
        for i, article in enumerate(self.articles):
            # digest_officials, digest_places, ...: the entities it names; digest_positions: by
            # official id, the positions this article states
            found: dict[str, dict[Key, None]] = {kind.name: {} for kind in KINDS}
            positions: dict[str, list[str]] = {}
            spellings: dict[Key, list[str]] = {}  # the article's own spellings of each entity, for links in its text
            for key, mention in index.article_mentions[i]:
                if key is None or mention.in_footer:
                    continue  # unresolved, or the publisher (shown in the provenance block)
                found[mention.kind][key] = None
                spellings.setdefault(key, []).extend(s for s in (mention.name, *mention.surfaces) if s)
                stated = positions.setdefault(key[1], []) if mention.kind == "official" else []
                stated.extend(p for p in mention.positions if p not in stated)
            for kind in KINDS:
                setattr(article, f"digest_{kind.plural}", [self.entities[key] for key in found[kind.name]])
            article.digest_positions = positions
            # the places holding the places it names: searched under their spellings too (one definition)
            article.digest_within = [self.entities[key] for key in index.article_entities[i]
                                     if key[0] == "place" and key not in found["place"] and key in self.entities]
            article.digest_mentions = [(self.entities[key], forms) for key, forms in spellings.items()
                                       if BY_NAME[key[0]].stored]
            article.related = [(self.articles[j], n) for j, n in index.related[i]]
            # what pages show of it besides its file (digest_incremental/inputs.py): in a list, its
            # chips; on its own page, all the plugin attached
            article.link_inputs = tuple(getattr(article, f"digest_{kind.plural}") for kind in KINDS)
            article.page_inputs = (article.digest_positions, article.digest_within, article.digest_mentions,
                                   article.related)
            article.provenance = provenance(
                getattr(article, "source", None),
                getattr(article, "editor", None),
                getattr(article, "original_url", None),
                getattr(article, "footer", None),
            )

    def _periods(self, kind: str) -> list[Period]:
        periods = group_by_period([a.date for a in self.articles], kind)
        for period in periods:
            if kind == "month":
                fields = {"date": date(period.year, period.number, 1)}
            elif kind == "year":
                fields = {"year": period.year}
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
        self._write_home(write)
        self._write_entity_pages(write)
        self._write_overviews(write)
        self._write_digests(write)
        self._write_years(write)
        self._write_moved(write)
        self._write_feeds(writer)
        self._write_data_files()
        write_entity_index(((e.save_as, entity_stub(e, BY_NAME[e.kind].label)) for e in self.entities.values() if e.count),
                           Path(self.output_path), reuse=self.settings.get("DIGEST_COMPARE_WITH"))

    def _pairs(self, ranked: list[tuple[str, int]], kind: str, limit: int | None = None) -> list[tuple[DigestEntity, int]]:
        pairs = [(self.entities[(kind, entity_id)], n) for entity_id, n in ranked if (kind, entity_id) in self.entities]
        return pairs[:limit]

    def _write_entity_pages(self, write) -> None:
        for key, entity in self.entities.items():
            stats = self.index.entities[key]
            breadcrumb = []
            place = entity if entity.kind == "place" else None
            while place is not None:
                breadcrumb.insert(0, place)
                place = place.parent
            # the top few only: a national leader appears with thousands, and every page/N/ repeats the list
            limit = self.settings["DIGEST_TOGETHER_MAX"]
            # a prefecture lists its counties once; the places around a place are its kicker; the
            # region holds every article, so it tops no list
            inside = {("place", child_id) for child_id, _ in stats.children} | {("place", p.id) for p in breadcrumb}
            inside |= {key for key in self.entities if key[0] == "place" and self.entities[key].place_kind == "region"}
            together = {
                kind.name: self._pairs(
                    [(i, n) for i, n in stats.together.get(kind.name, []) if (kind.name, i) not in inside], kind.name, limit
                )
                for kind in KINDS
            }
            front, *numbered = entity.list_pages
            write(
                entity.save_as,
                self.get_template(entity.kind),
                self.context,
                entity=entity,
                articles=[self.articles[i] for i in stats.articles],
                list_page=front,
                url=entity.url,
                page_name=entity.page_name,
                template_name=entity.kind,
                timeline=[
                    {
                        "position": row.position,
                        "first_seen": row.first_seen,
                        "last_seen": row.last_seen,
                        "articles": len(row.articles),  # the page shows how many
                    }
                    for row in stats.timeline
                ],
                **{f"entity_{kind.plural}": together[kind.name] for kind in KINDS},
                children=self._pairs(stats.children, "place"),
                breadcrumb=breadcrumb,
                activity_svg=entity.activity_svg,
            )
            self._write_numbered(write, numbered, list_entity=entity, list_name=f"{entity.name}: articles", list_home=entity.url,
                                 list_section=BY_NAME[entity.kind].plural)

    def _write_numbered(self, write, pages: list[ListPage], **context) -> None:
        """The numbered pages of a list: its articles and the way back, nothing that changes when
        the list grows (counts, charts, panels), so each page is rewritten only when its own articles are."""
        template = self.get_template("list_page")
        for page in pages:
            write(page.save_as, template, self.context, list_page=page, url=page.url, template_name="list_page", **context)

    def _write_home(self, write) -> None:
        front, *numbered = self.list_pages(self.articles, "", self.settings["INDEX_SAVE_AS"])
        write(front.save_as, self.get_template("index"), self.context, list_page=front, url="", page_name="index",
              template_name="index")
        self._write_numbered(write, numbered, list_entity=None, list_name="All articles", list_home="", list_section="home")

    def _write_overviews(self, write) -> None:
        for kind in KINDS:
            entities = self.by_kind[kind.name]
            by_count = sorted(entities, key=lambda e: (-e.count, e.name.casefold()))
            prefix = kind.plural.upper()
            # places and officials by name are grouped by prefecture; by count, one list
            groups = {"place": lambda: _place_groups(entities, {e.id: e for e in entities}),
                      "official": lambda: _official_groups(entities)}.get(kind.name, lambda: None)()
            for variant, sort, ordered in (("", "count", by_count), ("_BY_COUNT", "count", by_count), ("_BY_NAME", "name", entities)):
                write(
                    self.settings[f"{prefix}{variant}_SAVE_AS"],
                    self.get_template(kind.plural),
                    self.context,
                    entities=ordered,
                    sort=sort,
                    kind=kind,
                    url=self.settings[f"{prefix}{variant}_URL"],
                    by_count_url=self.settings[f"{prefix}_BY_COUNT_URL"],
                    by_name_url=self.settings[f"{prefix}_BY_NAME_URL"],
                    groups=groups if sort == "name" else None,
                )

    def _write_digests(self, write) -> None:
        template = self.get_template("digest_period")
        number = {id(article): i for i, article in enumerate(self.articles)}
        for period in [*self.months, *self.weeks]:
            counts: Counter = Counter()
            for article in period.articles:  # what it is an article of: the index's one definition
                counts.update(self.entities[key] for key in self.index.article_entities[number[id(article)]]
                              if key in self.entities and self.entities[key].place_kind != "region")
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

    def _write_moved(self, write) -> None:
        """A page at each address an entity had before a curator merged or renamed it (`replaces`):
        researchers cite these URLs. It points to the entity's page, for browsers and search engines."""
        template = self.get_template("moved")
        for entity in self.entities.values():
            for old_id in entity.replaces:
                if (entity.kind, old_id) in self.entities:
                    continue  # the old id is an entity of its own again
                save_as = self.settings[f"{entity.kind.upper()}_SAVE_AS"].format(slug=old_id)
                url = self.settings[f"{entity.kind.upper()}_URL"].format(slug=old_id)
                write(save_as, template, self.context, entity=entity, old_id=old_id, url=url, template_name="moved")

    def _write_years(self, write) -> None:
        """One archive page per year (the whole archive on one page was 958 KB at 1,000 articles)."""
        template = self.get_template("archives_year")
        for period in self.years:
            write(period.save_as, template, self.context, period=period, articles=period.articles, url=period.url,
                  template_name="archives_year")

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

"""What a reader of the built site checks: built once per session from the fixture articles."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fixture_site import AID_LEADER, PAGE_SIZE, SENI_DEPUTY, fixture_articles
from html_tree import parse

ATOM = "{http://www.w3.org/2005/Atom}"
SENI_SPELLINGS = {"Zeni", "Seni District", "Naqu County"}


def page(site: Path, url: str):
    return parse(site / url / "index.html")


def article_titles(doc) -> list[str]:
    """Headlines of the article list on a page, in page order."""
    return [article.find("a").text for article in doc.find("ol", "article-list").find_all("article")]


def overview_rows(doc) -> list[tuple[str, int]]:
    """(name, article count) of every entity row on an overview page, in page order."""
    rows = [(li.find("a").text, int(li.find("span", "count").text.split()[0]))
            for listing in doc.find_all("ul", "overview-list") for li in listing.find_all("li")]
    # the officials' directory: the count ends each entry's line of facts ('... · 4 articles')
    rows += [(li.find("a").text, int(li.find("span", "facts-line").text.rsplit("·", 1)[-1].split()[0]))
             for listing in doc.find_all("ul", "directory") for li in listing.find_all("li")]
    return rows


def chips_with_counts(doc, heading: str) -> dict[str, int]:
    """The (name, count) chips of the panel section headed `heading`."""
    section = next(s for s in doc.find_all("section") if s.find_all("h2") and s.find("h2").text == heading)
    return {li.find("a").text: int(li.find("span", "count").text) for li in section.find_all("li")}


def fixture_titles_where(predicate) -> set[str]:
    return {a.title for a in fixture_articles() if predicate(a)}


def listed_titles(site: Path, url: str) -> list[str]:
    """Titles listed on an entity page, following its older pages to the end, each once (the front
    page's newest articles may open the numbered page after it too)."""
    titles, current = [], site / url / "index.html"
    while True:
        doc = parse(current)
        titles += article_titles(doc)
        older = [a for a in doc.find_all("a") if a.attrs.get("rel") == "next"]
        if not older:
            return list(dict.fromkeys(titles))
        current = (current.parent / older[0].attrs["href"]).resolve() / "index.html"


def test_one_place_one_page_whatever_the_spelling(site):
    assert (site / "places/seni/index.html").exists()
    for spelling in ("zeni", "naqu-county", "seni-district"):
        assert not (site / "places" / spelling).exists()
    doc = page(site, "places/seni")
    expected = fixture_titles_where(lambda a: any(p["name"] in SENI_SPELLINGS for p in a.places))
    assert set(listed_titles(site, "places/seni")) == expected
    assert "色尼区" in doc.text and "Sèní Qū" in doc.text  # Chinese name and pinyin from the gazetteer


def test_the_places_a_place_lies_in_are_links_at_the_top_of_its_page(site):
    header = page(site, "places/seni").find("header", "page-header")
    kicker = header.find("p", "kicker")
    assert kicker.text == "District in Nagqu" and [text for _, text in kicker.links()] == ["Nagqu"]
    assert header.children.index(kicker) < header.children.index(header.find("h1"))


def test_campaign_spellings_share_one_page_and_candidates_get_none(site):
    spellings = {"ice melting and snow melting", "carving ice and carving snow", "melting ice and snow"}
    named = fixture_titles_where(lambda a: any(c["name"] in spellings for c in a.campaigns))
    assert set(listed_titles(site, "campaigns/melting-ice-and-snow")) == named
    campaign_pages = {p.parent.name for p in (site / "campaigns").glob("*/index.html")} - {"by-count", "by-name"}
    assert campaign_pages == {"melting-ice-and-snow", "double-support"}  # 'five competitions' is a candidate


def test_lookalike_and_unregistered_officials_never_share_a_page(site):
    liu_jie = set(listed_titles(site, "officials/liu-jie"))
    liu_jiejun = set(listed_titles(site, "officials/liu-jiejun"))
    assert liu_jie == fixture_titles_where(lambda a: any(o["name"] == "Liu Jie" for o in a.officials))
    assert liu_jiejun == fixture_titles_where(lambda a: any(o["name"] == "Liu Jiejun" for o in a.officials))
    assert not liu_jie & liu_jiejun
    # not in the gazetteer: a provisional page per exact name
    dunzhu, dunzhub = page(site, "officials/gesang-dunzhu"), page(site, "officials/gesang-dunzhub")
    assert "not yet in the curated list" in dunzhu.text.lower() and "not yet in the curated list" in dunzhub.text.lower()
    assert len(listed_titles(site, "officials/gesang-dunzhu")) == 2
    assert len(listed_titles(site, "officials/gesang-dunzhub")) == 1


def test_articles_paginate_from_the_oldest_and_older_links_reach_every_one_newest_first(site):
    expected = [a for a in fixture_articles() if any(o["name"] == "Pan Wei" for o in a.officials)]
    assert len(expected) > 2 * PAGE_SIZE  # the fixture is meant to need three pages
    oldest_first = [a.title for a in sorted(expected, key=lambda a: a.date)]
    first = page(site, "officials/pan-wei")
    assert article_titles(first) == oldest_first[::-1][:PAGE_SIZE]  # the front page: the newest
    # page 1 holds the oldest, and every numbered page its share, newest first
    for number in range(1, 4):
        share = oldest_first[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
        assert article_titles(page(site, f"officials/pan-wei/page/{number}")) == share[::-1]
    assert not (site / "officials/pan-wei/page/4").exists()
    assert listed_titles(site, "officials/pan-wei") == oldest_first[::-1]
    numbered = page(site, "officials/pan-wei/page/2")
    assert numbered.find("h1").text == "Pan Wei: articles, page 2"
    assert not numbered.find_all("svg")  # no chart, no panels: nothing that changes as the list grows


def test_official_timeline_has_positions_with_first_and_last_dates(site):
    rows = page(site, "officials/pan-wei").find("ol", "timeline").find_all("li")
    timeline = {row.children[0].strip(): [t.attrs["datetime"][:10] for t in row.find_all("time")] for row in rows}
    stated = lambda position: sorted(a.date[:10] for a in fixture_articles() for o in a.officials if o["name"] == "Pan Wei" and position in o["positions"])  # noqa: E731
    assert timeline[AID_LEADER] == [stated(AID_LEADER)[0], stated(AID_LEADER)[-1]]
    assert timeline[SENI_DEPUTY] == [stated(SENI_DEPUTY)[0], stated(SENI_DEPUTY)[-1]]
    assert list(timeline) == [AID_LEADER, SENI_DEPUTY]  # in the order they were first stated


def test_officials_who_appear_together_are_counted(site):
    together = chips_with_counts(page(site, "officials/pan-wei"), "Often named with")
    assert together["Liu Jie"] == 1 and together["Liu Xin"] == 1


def test_prefecture_lists_its_own_and_its_counties_articles_once_and_says_which(site):
    doc = page(site, "places/nagqu")
    rows = chips_with_counts(doc, "Counties and districts")
    seni = fixture_titles_where(lambda a: any(p["name"] in SENI_SPELLINGS for p in a.places))
    # a township rolls up into its county
    nima = fixture_titles_where(lambda a: any(p["name"] in {"Nima", "Nima County", "Rongma Township"} for p in a.places))
    own = fixture_titles_where(lambda a: any(p["name"] == "Naqu City" for p in a.places))
    assert rows == {"Seni District": len(seni), "Nima County": len(nima)}
    # one definition everywhere: the page's list, its count, the overview, the chart
    listed = listed_titles(site, "places/nagqu")
    assert sorted(listed) == sorted(seni | nima | own)  # distinct articles, not a sum
    assert f"{len(listed)} articles" in doc.find("header", "page-header").text
    assert dict(overview_rows(page(site, "places/by-count")))["Nagqu"] == len(listed)
    assert doc.find("svg", "digest-activity").attrs["aria-label"].startswith(f"{len(listed)} articles")
    # an article naming only Seni says so on the prefecture's page
    item = next(a for a in doc.find("ol", "article-list").find_all("article") if a.find("a").text in seni - own - nima)
    assert "about Seni District" in item.find("span", "via").text


def test_places_by_count_are_in_count_order(site):
    rows = overview_rows(page(site, "places/by-count"))
    assert [n for _, n in rows] == sorted((n for _, n in rows), reverse=True)
    assert [name for name, _ in rows] != [name for name, _ in overview_rows(page(site, "places/by-name"))]


def test_a_place_named_only_in_the_publisher_footer_counts_nowhere(site):
    footer_only = fixture_titles_where(lambda a: any(p["in_footer"] and p["id"] == "tingri" for p in a.places))
    named = fixture_titles_where(lambda a: any(p["name"] in {"Tingri County", "Dingri County"} and not p["in_footer"] for p in a.places))
    assert footer_only and set(listed_titles(site, "places/tingri")) == named
    rows = list(csv.DictReader((site / "data/mentions.csv").open(newline="")))
    assert any(r["entity_id"] == "tingri" and r["in_footer"] == "true" for r in rows)


def test_places_overview_groups_by_prefecture_with_aid_partners_apart(site):
    headings = [h.children[0].text if h.find_all("a") else h.text for s in page(site, "places/by-name").find_all("section", "overview-group")
                for h in s.find_all("h2")]
    assert headings == ["Tibet Autonomous Region", "Nagqu", "Shigatse", "Aid partners outside Tibet"]


def test_overviews_sort_by_count_and_by_name_without_javascript(site):
    rows = overview_rows(page(site, "officials/by-count"))
    assert [n for _, n in rows] == sorted((n for _, n in rows), reverse=True)
    assert rows[0] == ("Pan Wei", len(listed_titles(site, "officials/pan-wei")))
    by_name = page(site, "officials/by-name")
    groups = by_name.find_all("ul", "directory")
    assert len(groups) > 1
    for group in groups:  # by prefecture, then by name
        names = [li.find("a").text for li in group.find_all("li")]
        assert names and names == sorted(names, key=str.casefold)
    assert {name for name, _ in overview_rows(by_name)} == {name for name, _ in rows}
    assert not (site / "officials/by-count/index.html").read_text().count("<script")


def test_article_page_links_entities_positions_related_and_provenance(site):
    article = next(a for a in fixture_articles() if a.title == "Hangzhou leaders instruct the aid group")
    doc = page(site, article.path)
    block = doc.find("aside", "entity-panel")
    links = dict((text, href) for href, text in block.links())
    assert links["Liu Jie"].endswith("officials/liu-jie/") and links["Seni District"].endswith("places/seni/")
    assert "mayor of Hangzhou" in block.text  # the position stated in this article
    assert "Related articles" in block.text
    provenance = block.find("dl", "facts").text
    assert "Synthetic Test Source" in provenance and "540000001" in provenance
    assert "machine translation" in doc.find("p", "mt-notice").text.lower()


def test_raw_html_in_articles_stays_text(site):
    article = next(a for a in fixture_articles() if "<script>" in a.body)
    doc = parse(site / f"{article.path}/index.html")
    for shown in (doc.find("div", "article-body"), doc.find("h1")):
        assert not shown.find_all("script") and not shown.find_all("b")
        assert "<script>alert('x')</script>" in shown.text
    original = [href for href, _ in doc.find("aside", "entity-panel").find("dl", "facts").links()]
    assert original == [article.url]


def test_feeds_parse_and_carry_summaries_only(site):
    feeds = sorted((site / "feeds").rglob("*.atom.xml"))
    assert site / "feeds/all.atom.xml" in feeds and site / "feeds/officials/pan-wei.atom.xml" in feeds
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.findall(f"{ATOM}entry/{ATOM}content") == []
        assert all(e.find(f"{ATOM}summary") is not None for e in root.findall(f"{ATOM}entry"))
    pan_wei = ET.parse(site / "feeds/officials/pan-wei.atom.xml").getroot()
    assert len(pan_wei.findall(f"{ATOM}entry")) == len(listed_titles(site, "officials/pan-wei"))
    assert "Pan Wei" in pan_wei.find(f"{ATOM}title").text


def test_every_internal_link_resolves(site):
    checked, broken = 0, []
    for html in site.rglob("*.html"):
        for node in parse(html).iter():
            target = node.attrs.get("href") or node.attrs.get("src")
            if not target or urlsplit(target).scheme or target.startswith(("#", "//", "mailto:")):
                continue
            path = unquote(urlsplit(target).path)
            resolved = (html.parent / path) if not path.startswith("/") else site / path.lstrip("/")
            if path.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            checked += 1
            if not resolved.exists():
                broken.append(f"{html.relative_to(site)} -> {target}")
    assert checked > 500 and not broken, broken[:20]


def test_data_files_list_entities_and_every_mention(site):
    entities = json.loads((site / "data/entities.json").read_text())["entities"]
    by_id = {(e["kind"], e["id"]): e for e in entities}
    for entity in entities:
        assert (site / entity["url"] / "index.html").exists()
    assert by_id[("place", "seni")]["articles"] == len(listed_titles(site, "places/seni"))
    assert by_id[("official", "gesang-dunzhu")]["provisional"] is True
    with (site / "data/mentions.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"entity_id", "kind", "resolved", "article_url", "date", "surface", "positions", "in_footer"}
    unresolved = {(r["kind"], r["surface"]) for r in rows if r["resolved"] == "false" and not r["entity_id"]}
    assert ("place", "Qiangtang") in unresolved and ("campaign", "five competitions") in unresolved
    zeni = [r for r in rows if r["surface"] == "Zeni"]
    assert zeni and {r["entity_id"] for r in zeni} == {"seni"}
    assert all((site / r["article_url"] / "index.html").exists() for r in rows)


def test_digest_pages_list_articles_by_month_and_week(site):
    may = fixture_titles_where(lambda a: a.date.startswith("2021-05"))
    doc = page(site, "digest/2021/05")
    assert set(article_titles(doc)) == may
    # 18 and 20 May 2021 fall in ISO week 20
    week = page(site, "digest/2021/week-20")
    assert set(article_titles(week)) == fixture_titles_where(
        lambda a: a.date[:10] in {"2021-05-17", "2021-05-18", "2021-05-19", "2021-05-20", "2021-05-21", "2021-05-22", "2021-05-23"}
    )
    assert "Nima County" in chips_with_counts(week, "Named this week")  # key entities of the week
    months = {a.date[:7] for a in fixture_articles()}
    listed = {href for href, _ in page(site, "digest").links() if re.search(r"digest/\d{4}/\d{2}/$", href)}
    assert len(listed) == len(months)


def test_activity_chart_is_static_svg_per_month(site):
    svg = page(site, "officials/pan-wei").find("svg", "digest-activity")
    bars = svg.find_all("rect")
    dates = sorted(a.date[:7] for a in fixture_articles() if any(o["name"] == "Pan Wei" for o in a.officials))
    (y0, m0), (y1, m1) = map(int, dates[0].split("-")), map(int, dates[-1].split("-"))
    assert len(bars) == (y1 - y0) * 12 + (m1 - m0) + 1  # one bar per month, empty months included
    assert bars[0].find("title").text == f"Mar 2021: {dates.count('2021-03')}"


def test_a_chart_bar_leads_to_that_entitys_own_articles_of_the_month(site):
    svg = page(site, "officials/pan-wei").find("svg", "digest-activity")
    links = [a.attrs["href"] for a in svg.find_all("a")]
    assert links and all("/officials/pan-wei/" in href and "#m-" in href for href in links)
    for href in links:
        path, anchor = href.split("#")
        target = parse(site / "officials" / path.split("/officials/")[1] / "index.html")
        item = next(li for li in target.find_all("li") if li.attrs.get("id") == anchor)
        assert item.find("time").attrs["datetime"].startswith(anchor[2:])  # the month's first article there


def holdings(doc, heading: str) -> list[list[str]]:
    """The rows of the holdings table under `heading`: the linked name, then each cell's text."""
    section = next(s for s in doc.find_all("section") if s.find_all("h2") and s.find("h2").text == heading)
    return [[row.find("a").text] + [td.text for td in row.find_all("td")] for row in section.find("tbody").find_all("tr")]


def test_an_office_lists_its_holders_in_order_with_first_and_last_mention(site):
    # 'secretary of the Nima County Party Committee' and 'Nima County Party Secretary' are one office
    doc = page(site, "offices/party-secretary-of-nima")
    assert doc.find("h1").text == "Party Secretary of Nima County"
    assert holdings(doc, "Holders, as the articles state them") == [
        ["Gesang Dunzhu", "18 May 2021", "20 May 2021", "2"],
        ["Tashi Ciren", "22 November 2022", "22 November 2022", "1"],
    ]


def test_a_county_page_says_who_holds_office_there(site):
    rows = holdings(page(site, "places/nima"), "Who holds office here")
    assert ["Party Secretary of Nima County", "Tashi Ciren", "22 November 2022"] in [
        [cells[0], *cells[1:]] for cells in ([r[0], r[1].strip(), r[2]] for r in rows)]


def test_an_official_page_links_his_offices(site):
    rows = holdings(page(site, "officials/liu-jiejun"), "Offices")
    assert [r[0] for r in rows] == ["Deputy County Head of Tingri County", "County Head of Tingri County"]
    links = dict((text, href) for href, text in page(site, "officials/liu-jiejun").links())
    assert links["County Head of Tingri County"].endswith("offices/county-head-of-tingri/")


def test_offices_are_filterable_and_exported(site):
    article = next(a for a in fixture_articles() if a.title == "Nima County Party committee plenary session")
    html = (site / f"{article.path}/index.html").read_text(encoding="utf-8")
    assert re.search(r'data-pagefind-filter="office">Party Secretary of Nima County<', html)
    entities = json.loads((site / "data/entities.json").read_text())["entities"]
    office = next(e for e in entities if (e["kind"], e["id"]) == ("office", "party-secretary-of-nima"))
    assert office["articles"] == 3 and (site / office["url"] / "index.html").exists()
    assert [(h["official"], h["articles"]) for h in office["holders"]] == [("gesang-dunzhu", 2), ("tashi-ciren", 1)]
    rows = list(csv.DictReader((site / "data/mentions.csv").open(newline="")))
    assert {r["surface"] for r in rows if r["entity_id"] == "party-secretary-of-nima"} == {
        "secretary of the Nima County Party Committee", "Nima County Party Secretary"}
    assert (site / "feeds/offices/party-secretary-of-nima.atom.xml").exists()


def test_the_officials_directory_says_who_is_where_grouped_by_prefecture(site):
    doc = page(site, "officials/by-name")
    jumps = [text for _, text in doc.find("nav", "jump-links").links()]
    assert jumps[:2] == ["Nagqu", "Shigatse"] and jumps[-1] == "Elsewhere or not known"
    nagqu = next(s for s in doc.find_all("section", "overview-group") if s.find("h2").find("a").text == "Nagqu")
    rows = {li.find("a").text: li for li in nagqu.find("ul", "directory").find_all("li")}
    tashi = rows["Tashi Ciren"]
    assert tashi.find("span", "position").text == "Nima County Party Secretary"
    assert "Nima County, Nagqu" in tashi.text and "last named 22 November 2022" in tashi.text
    assert "not yet curated" in tashi.find("span", "flag").text
    pan_wei = rows["Pan Wei"]  # curated: no flag; his Seni office places him in Nagqu
    assert not pan_wei.find_all("span", "flag") and "Seni District, Nagqu" in pan_wei.text


def test_an_article_is_filtered_by_the_prefecture_of_every_place_it_names_at_any_level(site):
    # a township's article: its prefecture is two levels up, and the search filter says so
    doc = parse(next((site / "articles").rglob("*rongma-herders*/index.html")))
    filters = {span.text for span in doc.find_all("span") if span.attrs.get("data-pagefind-filter") == "prefecture"}
    assert filters == {"Nagqu"}


def test_a_prefecture_page_links_its_seat_of_government(site):
    facts = page(site, "places/nagqu").find("dl", "facts")
    rows = dict(zip((dt.text for dt in facts.find_all("dt")), facts.find_all("dd")))
    link = rows["Seat of government"].find("a")
    assert link.text == "Seni District" and link.attrs["href"].endswith("/places/seni/")


def test_a_county_lists_its_townships_under_their_own_heading(site):
    doc = page(site, "places/nima")
    assert chips_with_counts(doc, "Townships and towns") == {"Rongma Township": 1}
    assert not any(s.find_all("h2") and s.find("h2").text == "Counties and districts" for s in doc.find_all("section"))

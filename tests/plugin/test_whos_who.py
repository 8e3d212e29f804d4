"""Where an official works is one answer on every page that says it (issue 22): the directory, his
page and the name search agree, and follow his latest post, not where he is named most."""

from __future__ import annotations

import gzip
import json

import pytest

from fixture_site import FixtureArticle, build_site, official, place, write_content
from html_tree import parse

STATION = "head of the Tingri County Yak Breeding Station"  # names its place, and is no office


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("whos-who")
    articles = [
        FixtureArticle(f"2022-0{month}-10T09:00:00+08:00", f"Nima County herders meet number {month}",
                       officials=[official("Zhou Ping", None, [STATION]),
                                  official("Dawa Tsering", None, ["senior agronomist"])],
                       places=[place("Nima County", "nima")])
        for month in (3, 4, 5)
    ] + [FixtureArticle("2022-06-10T09:00:00+08:00", "Tingri County station report",
                        officials=[official("Zhou Ping", None, [STATION])], places=[place("Tingri County", "tingri")])]
    return build_site(root, write_content(root, articles))


def directory_rows(site):
    doc = parse(site / "officials/by-name/index.html")
    return {li.find("a").text: li.text for ul in doc.find_all("ul", "directory") for li in ul.find_all("li")}


def entity_cards(site) -> dict[str, str]:
    """What the name search shows for each entity: its Pagefind fragment's 'kind' line."""
    cards = {}
    for fragment in (site / "pagefind-entities" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        cards[record["meta"]["title"]] = record["meta"].get("kind", "")
    return cards


def test_an_official_is_where_his_latest_post_is_not_where_he_is_named_most(site):
    rows = directory_rows(site)
    assert "Tingri County, Shigatse" in rows["Zhou Ping"] and "Nima" not in rows["Zhou Ping"]
    page = (site / "officials/zhou-ping/index.html").read_text(encoding="utf-8")
    assert "Works in" in page and "Tingri County</a>, <a" in page and "by the latest post the articles give" in page
    assert entity_cards(site)["Zhou Ping"] == "Official, Tingri County, Shigatse"


def test_with_no_post_naming_a_place_the_pages_say_it_is_only_where_he_is_named(site):
    rows = directory_rows(site)
    assert "named mostly in Nima County, Nagqu" in rows["Dawa Tsering"]
    page = (site / "officials/dawa-tsering/index.html").read_text(encoding="utf-8")
    assert "Named mostly in" in page and "no article gives a post with its place" in page
    assert entity_cards(site)["Dawa Tsering"] == "Official, named mostly in Nima County, Nagqu"


def test_the_directory_groups_each_official_under_the_prefecture_of_that_place(site):
    doc = parse(site / "officials/by-name/index.html")
    groups = {s.find("h2").find("a").text: [li.find("a").text for li in s.find("ul", "directory").find_all("li")]
              for s in doc.find_all("section", "overview-group") if s.find("h2").find("a")}
    assert "Zhou Ping" in groups["Shigatse"] and "Zhou Ping" not in groups.get("Nagqu", [])


def text_content(node) -> str:
    """What a reader copies: the text nodes as they are, with no space added between elements."""
    return "".join(child if isinstance(child, str) else text_content(child) for child in node.children)


def test_a_copied_directory_entry_keeps_its_words_apart(site):
    doc = parse(site / "officials/by-name/index.html")
    entry = next(li for ul in doc.find_all("ul", "directory") for li in ul.find_all("li")
                 if li.find("a").text == "Zhou Ping")
    copied = " ".join(text_content(entry).split())
    assert "Zhou Ping not yet curated head of the Tingri County" in copied
    assert "Station Tingri County, Shigatse · last named 10 June 2022 · 4 articles" in copied


def test_the_sort_links_start_with_their_label_as_text_so_no_dot_comes_before_the_first(site):
    sort = parse(site / "officials/by-name/index.html").find("p", "sort-links")
    assert sort.children[0].strip() == "Sorted by"  # text: the stylesheet's dots go between elements only
    assert [c.tag for c in sort.children if not isinstance(c, str)] == ["a", "span"]


def test_a_national_office_gives_no_place_rather_than_where_he_happens_to_be_named(tmp_path):
    from fixture_site import FixtureArticle, build_site, official, place, write_content

    articles = [FixtureArticle("2022-05-10T09:00:00+08:00", "Herders hear of the congress",
                               officials=[official("Xi Jinping", "xi-jinping", ["General Secretary"])],
                               places=[place("Nima County", "nima")])]
    site = build_site(tmp_path, write_content(tmp_path, articles))
    assert "Nima" not in directory_rows(site)["Xi Jinping"]
    assert "Named mostly in" not in (site / "officials/xi-jinping/index.html").read_text(encoding="utf-8")

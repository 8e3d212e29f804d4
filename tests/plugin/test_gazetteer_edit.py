"""A curator's gazetteer edit changes the site on the next build, without re-ingesting anything."""

from __future__ import annotations

import pytest
from fixture_site import build_site, fixture_articles, write_content
from html_tree import parse
from sitebuild import BuildFailed

NEW_ALIAS_AND_MERGE = """
- id: liu-xin
  name: Liu Xin
  variants: [Liu Xing]

- id: ma-xiaoqiu
  name: Ma Xiaoqiu
  variants: [Ma Xiaochiu]
  replaces: [ma-xiaochiu]
"""


def titles(site, url):
    return {article.find("a").text for article in parse(site / url / "index.html").find("ol", "article-list").find_all("article")}


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("edited-site")
    content = write_content(root)
    officials = content / "gazetteer/officials.yaml"
    text = officials.read_text()
    # a curator merges the duplicate Ma Xiaochiu entry and adds 'Liu Xing' as a spelling of Liu Xin
    start = text.index("- id: liu-xin")
    officials.write_text(text[:start] + NEW_ALIAS_AND_MERGE.lstrip())
    return build_site(root, content)


def test_new_alias_folds_a_provisional_official_into_the_registry_entry(site, edited_site):
    liu_xing_articles = {a.title for a in fixture_articles() if any(o["name"] == "Liu Xing" for o in a.officials)}
    assert (site / "officials/liu-xing/index.html").exists()
    assert not (edited_site / "officials/liu-xing").exists()
    assert titles(edited_site, "officials/liu-xin") == titles(site, "officials/liu-xin") | liu_xing_articles


def test_merged_ids_make_one_page_at_the_surviving_url(site, edited_site):
    assert (site / "officials/ma-xiaochiu/index.html").exists()
    merged = titles(site, "officials/ma-xiaoqiu") | titles(site, "officials/ma-xiaochiu")
    assert titles(edited_site, "officials/ma-xiaoqiu") == merged
    # and the article that named the old id now links to the surviving page
    article = next(a for a in fixture_articles() if any(o.get("id") == "ma-xiaochiu" for o in a.officials))
    page = parse(edited_site / f"{article.path}/index.html")
    hrefs = [href for href, _ in page.find("aside", "entity-panel").links()]
    assert any(h.endswith("officials/ma-xiaoqiu/") for h in hrefs)
    assert not any("ma-xiaochiu" in h for h in hrefs)


def test_a_merged_id_keeps_its_old_address_pointing_to_the_surviving_page(edited_site):
    """Researchers cite entity pages: the old address stays, as a page that leads to the new one."""
    moved = parse(edited_site / "officials/ma-xiaochiu/index.html")
    head = {(m.attrs.get("http-equiv") or m.attrs.get("name")): m.attrs.get("content") for m in moved.find_all("meta")}
    assert head["refresh"].endswith("officials/ma-xiaoqiu/") and head["robots"] == "noindex"
    canonical = next(l for l in moved.find_all("link") if l.attrs.get("rel") == "canonical")
    assert canonical.attrs["href"].endswith("/officials/ma-xiaoqiu/")
    assert any(href.endswith("officials/ma-xiaoqiu/") for href, _ in moved.find("main").links())
    assert not moved.find("main").find_all("ol")  # no article list of its own: one page per official


def _fails_with(tmp_path, content, message):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, content)
    assert message in str(failure.value)


def test_a_gazetteer_typo_fails_the_build_naming_file_and_line(tmp_path):
    content = write_content(tmp_path, fixture_articles()[:2])
    (content / "gazetteer/officials.yaml").write_text("- id: pan-wei\n  nmae: Pan Wei\n")
    _fails_with(tmp_path, content, "officials.yaml:2")


def test_a_malformed_entity_list_fails_the_build_naming_file_and_line(tmp_path):
    content = write_content(tmp_path, fixture_articles()[:2])
    article = next((content / "articles").rglob("*.md"))
    lines = article.read_text().replace("places:\n", "places: Seni\nplaces_old:\n", 1).split("\n")
    article.write_text("\n".join(lines))
    _fails_with(tmp_path, content, f"{article.name}:{lines.index('places: Seni') + 1}: 'places' must be a list")

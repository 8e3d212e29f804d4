"""The built fixture site: valid HTML (W3C Nu checker), no broken internal link or missing
asset, and the metadata a sharer or crawler reads (canonical, Open Graph, JSON-LD, sitemap)."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from digest.sitecheck import broken_links, csp_blocked, nu_errors, parse
from plugins.digest_incremental.state import shard_months

pytestmark = pytest.mark.slow


def test_w3c_nu_checker_reports_no_errors(site):
    assert nu_errors(site) == []


def test_no_broken_internal_link_or_missing_asset(site):
    assert len(list(site.rglob("*.html"))) > 20
    assert broken_links(site) == []


def test_article_page_carries_canonical_open_graph_and_news_article(site, corpus):
    article = corpus[0]
    page = parse(site / article.path / "index.html")
    url = f"/{article.path}/"
    assert page.canonical == url
    assert page.meta["og:type"] == "article"
    assert page.meta["og:url"] == url
    assert page.meta["og:title"].startswith(article.title)
    assert page.meta["article:published_time"] == article.date
    (ld,) = [json.loads(text) for text in page.json_ld]
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == article.title
    assert ld["datePublished"] == article.date
    assert {"@type": "Person", "name": "Testa Dorje"} in ld["mentions"]
    assert ld["sourceOrganization"]["name"] == article.source


def test_sitemap_lists_articles_and_entity_pages_that_exist(site, corpus):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text for el in ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    for article in corpus:
        assert f"/{article.path}/" in locs
    assert "/officials/testa-dorje/" in locs and "/places/seni/" in locs and "/campaigns/double-support/" in locs
    assert "/search/" not in locs
    for loc in locs:
        assert (site / loc.lstrip("/") / "index.html").is_file() or (site / loc.lstrip("/")).is_file(), loc


def test_no_page_needs_an_inline_script_style_or_outside_asset(site):
    """Every page, not just the ones the browser test visits, runs under default-src 'self'."""
    assert csp_blocked(site) == []


def test_search_index_holds_the_articles_and_nothing_else(site, corpus):
    shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    # runs of whole months of at most 8 articles, newest first: the newest month's index is its own
    # once the run before it is full (2021 has 16 articles in 8 months)
    assert shards == ["2024-04", "2022-03_2024-01", "2021-05_2021-08", "2021-01_2021-04"]
    for shard in shards:
        first, last = shard_months(shard)
        entry = json.loads((site / "pagefind" / shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(language["page_count"] for language in entry["languages"].values()) == \
            sum(first <= a.date[:7] <= last for a in corpus)

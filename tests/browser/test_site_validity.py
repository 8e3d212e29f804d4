"""The built fixture site: valid HTML (W3C Nu checker), no broken internal link or missing
asset, and the metadata a sharer or crawler reads (canonical, Open Graph, JSON-LD, sitemap)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from tests.browser.conftest import REPO

pytestmark = pytest.mark.slow

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class PageParser(HTMLParser):
    """Collects what the checks below need from one page."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[int, str]] = []    # (line, URL) of every href/src
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.canonical = None
        self.json_ld: list[str] = []
        self.csp_blocked: list[str] = []       # what `default-src 'self'` would refuse
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if tag == "style" or "style" in a or any(k.startswith("on") for k in a):
            self.csp_blocked.append(f"{line}: inline style or event handler on <{tag}>")
        if tag == "script" and not a.get("src") and a.get("type") != "application/ld+json":
            self.csp_blocked.append(f"{line}: inline <script>")
        loads = a.get("src") if tag in ("script", "img", "iframe") else a.get("href") if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload") else None
        if loads and urlsplit(loads).scheme in ("http", "https", "") and urlsplit(loads).netloc:
            self.csp_blocked.append(f"{line}: loads {loads} from another site")
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.refs.append((self.getpos()[0], a[key]))
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_of(site: Path, page: Path, url: str) -> Path | None:
    """The file a same-site URL points at (None for other sites and mailto:)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def test_w3c_nu_checker_reports_no_errors(site):
    if not shutil.which("java") or not VNU.exists():
        pytest.fail("java and node_modules/vnu-jar are needed: run ./scripts/bootstrap --test")
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(site)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-4000:]


def test_no_broken_internal_link_or_missing_asset(site):
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parsed = parse(page)
        for line, url in parsed.refs:
            target = target_of(site, page, url)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}:{line}: {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(site)}:{line}: {url} (no id {fragment!r})")
    assert broken == []


def test_article_page_carries_canonical_open_graph_and_news_article(site, corpus):
    article = corpus[0]
    page = parse(site / "articles" / str(article.year) / article.slug / "index.html")
    url = f"/articles/{article.year}/{article.slug}/"
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
        assert f"/articles/{article.year}/{article.slug}/" in locs
    assert "/officials/testa-dorje/" in locs and "/places/seni/" in locs and "/campaigns/double-support/" in locs
    assert "/search/" not in locs
    for loc in locs:
        assert (site / loc.lstrip("/") / "index.html").is_file() or (site / loc.lstrip("/")).is_file(), loc


def test_no_page_needs_an_inline_script_style_or_outside_asset(site):
    """Every page, not just the ones the browser test visits, runs under default-src 'self'."""
    blocked = [f"{page.relative_to(site)}:{problem}" for page in sorted(site.rglob("*.html"))
               for problem in parse(page).csp_blocked]
    assert blocked == []


def test_search_index_holds_the_articles_and_nothing_else(site, corpus):
    shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert shards == ["2024", "2022-2023", "2021"]  # runs of whole years of >= 5 articles, newest first
    for shard in shards:
        first, _, last = shard.partition("-")
        entry = json.loads((site / "pagefind" / shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(language["page_count"] for language in entry["languages"].values()) == \
            sum(int(first) <= a.year <= int(last or first) for a in corpus)

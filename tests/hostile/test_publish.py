"""`invoke publish` writes a folder any static host can serve; the documented headers hold in Chromium."""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from invoke import Config, Context

import tasks
from digest.frontmatter import read_article_file
from digest.serve import STRICT_CSP
from hostile.hosting import headers_for, parse_headers_file, serve_with_headers

REPO = Path(__file__).resolve().parents[2]
HEADERS = REPO / "docs" / "hosting" / "_headers"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".js", ".css", ".svg", ".txt"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The real `invoke publish` on the real content, into a temporary folder, for a local address."""
    target = tmp_path_factory.mktemp("publish") / "publish"
    server, url = serve_with_headers(target, parse_headers_file(HEADERS))  # the port first: it is the SITEURL
    context = Context(Config(overrides={"run": {"in_stream": False, "hide": True}}))
    with mock.patch.object(tasks, "PUBLISH", target), mock.patch.dict(os.environ):
        tasks.publish(context, siteurl=url + "/")
    yield target, url
    server.shutdown()
    server.server_close()


def published_articles() -> list[dict]:
    metas = [read_article_file(p)[0] for p in (REPO / "content" / "articles").rglob("*.md")]
    return [m for m in metas if m.get("status", "published") == "published" and not m.get("duplicate_of")]


def test_publish_writes_absolute_urls_feeds_and_the_headers_file(published):
    target, url = published
    assert (target / "_headers").read_bytes() == HEADERS.read_bytes()
    feed = ET.parse(target / "feeds" / "all.atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(published_articles()) > 0
    assert all(link.get("href").startswith(url + "/") for link in feed.iter("{http://www.w3.org/2005/Atom}link"))
    pages = list(target.rglob("*.html"))
    for page in pages:
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
        if canonical:
            assert canonical[1].startswith(url + "/"), page


def test_published_folder_is_self_contained(published):
    """Every link and asset of every page is a file in the folder; no path of the build machine leaks."""
    target, url = published
    missing = []
    for page in target.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="([^"#]+)', text):
            parts = urlsplit(ref)
            if parts.scheme in ("mailto", "data") or (parts.netloc and not ref.startswith(url)):
                continue
            path = parts.path
            if ref.startswith(url):
                local = target / path.lstrip("/")
            else:
                local = (page.parent / path).resolve()
            if not (local.is_file() or (local / "index.html").is_file()):
                missing.append(f"{page.relative_to(target)} -> {ref}")
    assert missing == []
    for path in target.rglob("*"):
        if path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert str(REPO) not in text and "/tmp/" not in text, path


def test_header_rules_give_each_file_each_header_once_and_cache_only_content_named_files(published):
    target, _ = published
    rules = parse_headers_file(HEADERS)
    long_cached = []
    for path in target.rglob("*"):
        if not path.is_file():
            continue
        url_path = "/" + path.relative_to(target).as_posix()
        names = [name.lower() for name, _ in headers_for(rules, url_path)]
        assert len(names) == len(set(names)), f"{url_path}: a host would join repeated headers: {names}"
        assert "content-security-policy" in names
        cache = dict(headers_for(rules, url_path)).get("Cache-Control", "")
        if "immutable" in cache:
            long_cached.append(url_path)
            # The theme's URLs carry ?v=<hash> (checked in the browser); Pagefind's chunks carry it in the name.
            assert url_path.startswith("/theme/") or re.search(r"_[0-9a-f]{7,}\.pf_", url_path), url_path
    assert any(re.match(r"/pagefind/\d{4}-\d\d(_\d{4}-\d\d)?/fragment/", p) for p in long_cached)
    assert "/index.html" not in long_cached and not any(p.endswith(("/pagefind.js", "shards.json")) for p in long_cached)


def test_hosting_examples_send_the_csp_the_site_is_tested_under():
    csp = dict(headers_for(parse_headers_file(HEADERS), "/index.html"))["Content-Security-Policy"]
    assert csp == STRICT_CSP
    nginx = (REPO / "docs" / "hosting" / "nginx.conf").read_text(encoding="utf-8")
    assert f'set $csp "{STRICT_CSP}";' in nginx


@pytest.mark.browser
def test_published_site_passes_the_recommended_headers_in_chromium(published, browser):
    target, url = published
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems, theme_requests = [], []
    page.on("console", lambda msg: msg.type in ("error", "warning") and problems.append(msg.text))
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on("request", lambda req: "/theme/" in req.url and theme_requests.append(req.url))
    context.add_init_script(script="""
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation',
        (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    article = next(target.glob("articles/*/*/*/index.html")).parent.relative_to(target).as_posix()
    official = next(target.glob("officials/*/index.html")).parent.relative_to(target).as_posix()
    for path in ["/", f"/{article}/", f"/{official}/", "/search/?q=Tibet"]:
        response = page.goto(url + path)
        assert response.headers["content-security-policy"] == STRICT_CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        if path.startswith("/search/"):
            page.locator("[data-search-results] li").first.wait_for()
        assert page.evaluate("window.__cspViolations") == [], path
    assert problems == []
    assert theme_requests
    for requested in theme_requests:
        parts = urlsplit(requested)
        served = (target / parts.path.lstrip("/")).read_bytes()
        assert parts.query == "v=" + hashlib.sha256(served).hexdigest()[:10], \
            f"{parts.path} is cached for a year, so its URL must change with it"
    context.close()

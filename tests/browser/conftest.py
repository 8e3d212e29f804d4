"""One site per test session: the fixture corpus built with the real `invoke build` steps
(Pelican with the project settings, then Pagefind), served by digest.serve, read by Debian's
Chromium through Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.browser import chromium
from digest.serve import STRICT_CSP, serve_in_thread
from sitebuild import build_site
from tests.browser.corpus import write_corpus

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
SHARD_PAGES = 8


@pytest.fixture(scope="session")
def corpus_and_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    articles = write_corpus(root / "content")
    # several search indexes (runs of months of at most 8 articles), merged in the browser as on a large site
    build_site(root / "content", root / "output", shard_pages=SHARD_PAGES)
    return articles, root / "output"


@pytest.fixture(scope="session")
def site(corpus_and_site) -> Path:
    return corpus_and_site[1]


@pytest.fixture(scope="session")
def corpus(corpus_and_site):
    return corpus_and_site[0]


@pytest.fixture(scope="session")
def base_url(site):
    server, url = serve_in_thread(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def csp_base_url(site):
    """The same site behind the strict Content-Security-Policy a production host should send."""
    server, url = serve_in_thread(site, csp=STRICT_CSP)
    yield url
    server.shutdown()
    server.server_close()


# Module scope, not session: Playwright's sync API allows one running instance per thread, and
# other test folders (tests/hostile) start their own; this one must be closed before they run.
@pytest.fixture(scope="module")
def browser():
    try:
        with chromium(CHROMIUM) as browser:
            yield browser
    except FileNotFoundError as missing:
        pytest.fail(str(missing))


class ConsoleLog(list):
    """Console errors and failed requests of one page: a reader would see a broken page."""

    def attach(self, page):
        # Headless Chromium shows no SVG favicon and falls back to /favicon.ico, which the site (an
        # SVG icon in every page's head) never links: not a fault a reader's browser would show.
        page.on("console", lambda msg: msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico")
                and self.append(f"console: {msg.text}"))
        page.on("pageerror", lambda err: self.append(f"page error: {err}"))
        # A request cut short by the next navigation (net::ERR_ABORTED) is no fault of the page.
        page.on("requestfailed", lambda req: "ERR_ABORTED" not in (req.failure or "")
                and self.append(f"request failed: {req.url} {req.failure}"))
        page.on("response", lambda res: res.status >= 400 and self.append(f"HTTP {res.status}: {res.url}"))
        return self


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = ConsoleLog().attach(page)
    yield page
    context.close()

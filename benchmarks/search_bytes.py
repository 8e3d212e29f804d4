"""Bytes a reader's browser fetches for one search, measured in headless Chromium.

The built site is served on 127.0.0.1 (digest.serve, as `invoke serve` does), the search page is
opened with the query in its URL the way a shared link would open it, and every response the page
loads until the results are shown is summed (headers + body, as Chromium reports them). A fresh
browser context per query: nothing comes from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from digest.browser import chromium
from digest.serve import serve_in_thread



@dataclass
class Fetched:
    query: str
    total: int       # every response: page, CSS, scripts, Pagefind
    pagefind: int    # only /pagefind/ (index, fragments, filters, wasm, its JS)
    requests: int
    results_text: str


def measure(site: Path, queries: list[dict[str, str]], search_path: str = "search/") -> list[Fetched]:
    server, base = serve_in_thread(site)
    measured = []
    try:
        with chromium() as browser:
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request: finished.append(request))
                page.goto(f"{base}/{search_path}?{urlencode(query)}")
                status = page.locator("[data-search-status]")
                status.filter(has_text="match").wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                total = pagefind = 0
                for request in finished:
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    total += size
                    if "/pagefind/" in request.url:
                        pagefind += size
                measured.append(Fetched(urlencode(query), total, pagefind, len(finished), status.inner_text()))
                context.close()
    finally:
        server.shutdown()
        server.server_close()
    return measured

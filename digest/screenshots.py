"""Screenshots of the built site for the README (`invoke screenshots`), taken with the same
headless Chromium the browser tests drive.

    python -m digest.screenshots --site output --out docs/screenshots [--query "double support"]

Writes {home,article,official,search}-{desktop,phone}.png. The article is the first one the home
page lists, the official the first one the officials overview lists (the most mentioned).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

from digest.browser import chromium
from digest.serve import serve_in_thread

VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}


def _first_link(page, url: str, selector: str) -> str:
    page.goto(url)
    link = page.locator(selector).first
    if not link.count():
        raise SystemExit(f"{url}: nothing matches {selector!r}; is the site built with articles?")
    return link.evaluate("a => a.href")


def take(site: Path, out: Path, query: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve_in_thread(site)
    written = []
    try:
        with chromium() as browser:
            page = browser.new_page(viewport=VIEWPORTS["desktop"])
            targets = {
                "home": f"{base}/",
                "article": _first_link(page, f"{base}/", "main .article-list h3 a"),
                "official": _first_link(page, f"{base}/officials/", "main .directory a"),
                "search": f"{base}/search/?q={quote(query)}",
            }
            page.close()
            for width, viewport in VIEWPORTS.items():
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                for name, url in targets.items():
                    page.goto(url)
                    if name == "search":
                        # Results render after Pagefind answers; the status line says when.
                        page.wait_for_function(
                            "document.querySelector('[data-search-status]').textContent.includes('match')")
                        if width == "desktop":
                            # Show the facets with their counts (folded until asked for).
                            page.locator("[data-search-facets-panel] summary").click()
                            page.locator("[data-search-facets] fieldset").first.wait_for()
                    path = out / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=False)
                    written.append(path)
                page.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--query", default="double support", help="what the search screenshot searches for")
    args = parser.parse_args(argv)
    for path in take(args.site, args.out, args.query):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

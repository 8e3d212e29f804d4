"""Debian's headless Chromium through Playwright, launched one way for screenshots, benchmarks and tests.

Never a browser Playwright downloads: the machine has none to fetch, and users run Debian's.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def chromium(executable: str = CHROMIUM):
    """Debian's headless Chromium through Playwright (never a downloaded browser); the browser
    tests use the same launch."""
    from playwright.sync_api import sync_playwright

    if not Path(executable).exists():
        raise FileNotFoundError(f"{executable} not found: run ./scripts/bootstrap --test (installs Debian's chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

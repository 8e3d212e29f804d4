"""Shared pieces of the hostile-input tests: a tally of cases for the README's reliability figures."""

from __future__ import annotations

import collections

import pytest

from hostile.figures import FIGURES
from sitebuild import build_site


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("hostile-input figures")
    for name, count in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{count:>7}  {name}")
    # Kept in pytest's cache so the README figures can be refreshed from the last run.
    if getattr(config, "cache", None) is not None:  # absent with -p no:cacheprovider
        config.cache.set("hostile/figures", dict(sorted(FIGURES.items())))
        terminalreporter.write_line("(also in .pytest_cache/v/hostile/figures)")


@pytest.fixture(scope="session")
def figures() -> collections.Counter:
    return FIGURES




@pytest.fixture(scope="session")
def injection_site(tmp_path_factory):
    """One site per session built from hostile raw articles, curator edits and gazetteer entries."""
    from hostile.injection import planted, write_injection_content

    root = tmp_path_factory.mktemp("injection")
    content, report = write_injection_content(root)
    build_site(content, root / "output")
    FIGURES["injection: script payloads planted"] = len(planted(root))
    return root / "output"


@pytest.fixture(scope="session")
def browser():
    from digest.browser import chromium

    with chromium() as launched:
        yield launched

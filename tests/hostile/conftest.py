"""Shared pieces of the hostile-input tests: a tally of cases for the README's reliability figures."""

from __future__ import annotations

import collections

import pytest

from hostile.figures import FIGURES


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("hostile-input figures")
    for name, count in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{count:>7}  {name}")
    # Kept in pytest's cache so the README figures can be refreshed from the last run.
    if config.cache is not None:
        config.cache.set("hostile/figures", dict(sorted(FIGURES.items())))
        terminalreporter.write_line("(also in .pytest_cache/v/hostile/figures)")


@pytest.fixture(scope="session")
def figures() -> collections.Counter:
    return FIGURES

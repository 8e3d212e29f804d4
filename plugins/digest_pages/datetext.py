"""The Jinja filter `date_text`: a date as the theme shows it, formatted once per date and format.

Pelican's dates format through its own portable `strftime` (it supports `%-d` everywhere), about
0.1 ms a call; list pages show each article's date on every page that lists it, which took 26 s of
a clean build at 10,000 articles (BENCHMARKS.md, issue 21, fifth round).
"""

from __future__ import annotations

from functools import lru_cache


def date_text(value, date_format: str) -> str:
    """`{{ article.date | date_text(DEFAULT_DATE_FORMAT) }}`: what `value.strftime(date_format)` gives."""
    # keyed by the ISO text too: two equal instants in different time zones show different dates
    return _formatted(value.isoformat(), date_format, value)


@lru_cache(maxsize=65536)
def _formatted(iso: str, date_format: str, value) -> str:
    return value.strftime(date_format)

"""Jinja filters whose text is made once per value and build: list pages show each article's date
and summary on every page that lists it (the home page, its entities' pages, digests).

- `date_text`: `{{ value | date_text(DEFAULT_DATE_FORMAT) }}` is `value.strftime(...)`. Pelican's
  dates format through its own portable `strftime` (it supports `%-d` everywhere), about 0.1 ms a
  call: 26 s of a clean build at 10,000 articles (BENCHMARKS.md, issue 21, fifth round).
- `plain_summary`: `{{ article | plain_summary }}` is `article.summary | striptags`. Pelican makes
  `summary` again for each page address and the tags were stripped on every list: 19 s. Made when
  first asked, so a build that renders few pages makes few.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup


def date_text(value, date_format: str) -> str:
    # keyed by the ISO text too: two equal instants in different time zones show different dates
    return _formatted(value.isoformat(), date_format, value)


@lru_cache(maxsize=65536)
def _formatted(iso: str, date_format: str, value) -> str:
    return value.strftime(date_format)


_summaries: dict[int, tuple[object, str]] = {}  # id(article) -> (the article, kept so no id is reused; its text)


def plain_summary(article) -> str:
    made = _summaries.get(id(article))
    if made is None or made[0] is not article:
        made = _summaries[id(article)] = (article, Markup(article.summary or "").striptags())
    return made[1]

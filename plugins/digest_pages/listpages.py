"""Article lists split into pages that stay put.

Pages are numbered from the oldest article, so page N of a list holds the same articles for as
long as no older article is added: a new article changes the list's front page (its newest
articles) and its last numbered page, never the pages before. Pelican's paginator numbers from
the newest, which moves every page of every list that names a new article (BENCHMARKS.md).

A list of up to `per_page` articles is one page. A longer one has a front page with the newest
`per_page` articles and numbered pages 1..K of `per_page` each, oldest first (the last one may
be shorter); every page lists its articles newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass
class ListPage:
    number: int | None          # None: the front page
    url: str
    save_as: str
    articles: list              # newest first
    newer: str | None = None    # url of the page of the next newer articles
    older: str | None = None    # ... of the next older ones

    @property
    def first(self):
        """Its oldest article."""
        return self.articles[-1]

    @property
    def last(self):
        """Its newest article."""
        return self.articles[0]


def numbered_url(front_save_as: str, number: int, patterns: tuple[str, str]) -> tuple[str, str]:
    """(url, save_as) of page `number` of the list whose front page is saved at `front_save_as`;
    `patterns` are Pelican's PAGINATION_PATTERNS url and save_as ('{base_name}/page/{number}/')."""
    base_name = front_save_as.rsplit("/", 1)[0] if "/" in front_save_as else ""
    url, save_as = (pattern.format(base_name=base_name, number=number).lstrip("/") for pattern in patterns)
    return url, save_as


def split(articles: Sequence, per_page: int, url: str, save_as: str, patterns: tuple[str, str]) -> list[ListPage]:
    """The front page, then the numbered pages from the oldest; `articles` newest first."""
    articles = list(articles)
    if len(articles) <= per_page:
        return [ListPage(None, url, save_as, articles)]
    oldest_first = articles[::-1]
    chunks = [oldest_first[start:start + per_page] for start in range(0, len(oldest_first), per_page)]
    places = [numbered_url(save_as, number, patterns) for number in range(1, len(chunks) + 1)]
    numbered = [
        ListPage(number, page_url, page_save_as, chunk[::-1],
                 newer=places[number][0] if number < len(chunks) else url,
                 older=places[number - 2][0] if number > 1 else None)
        for number, (chunk, (page_url, page_save_as)) in enumerate(zip(chunks, places), start=1)
    ]
    # the front page's older neighbour holds the newest article it leaves out
    left_out = len(articles) - per_page - 1  # that article's place, oldest first
    front = ListPage(None, url, save_as, articles[:per_page], older=places[left_out // per_page][0])
    return [front, *numbered]


def numbered_first(pages: list[ListPage]) -> list[ListPage]:
    """The pages in the order that gives each article the page it stays on: the numbered pages
    from the oldest, or the front page when there are none."""
    return pages[1:] or pages

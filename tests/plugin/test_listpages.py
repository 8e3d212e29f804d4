"""Pages that stay put (plugins/digest_pages/listpages.py): pure, no Pelican."""

from __future__ import annotations

from hypothesis import given, strategies as st

from digest_pages.listpages import split

PATTERNS = ("{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")


def pages_of(count: int, per_page: int):
    articles = list(range(count, 0, -1))  # newest first: article n is the n-th oldest
    return split(articles, per_page, "officials/x/", "officials/x/index.html", PATTERNS)


@given(st.integers(0, 120), st.integers(1, 12))
def test_a_new_article_changes_only_the_front_page_and_the_last_numbered_ones(count, per_page):
    before, after = pages_of(count, per_page), pages_of(count + 1, per_page)
    old_numbered, new_numbered = before[1:], after[1:]
    unchanged = [page for page in old_numbered if page in new_numbered]
    # every numbered page but the newest one or two (the one that took the article, and the one
    # before it when the article opened a new page) keeps its articles, address and links
    assert len(old_numbered) - len(unchanged) <= 2
    assert unchanged == old_numbered[:len(unchanged)]


@given(st.integers(0, 120), st.integers(1, 12))
def test_every_article_is_on_one_numbered_page_oldest_first_and_links_chain(count, per_page):
    front, *numbered = pages_of(count, per_page)
    assert front.articles == list(range(count, 0, -1))[:per_page] and front.newer is None
    if count <= per_page:
        assert not numbered and front.older is None
        return
    assert [a for page in numbered for a in reversed(page.articles)] == list(range(1, count + 1))
    assert numbered[0].url == "officials/x/page/1/" and numbered[0].older is None
    assert numbered[-1].newer == "officials/x/"
    for older, newer in zip(numbered, numbered[1:]):
        assert older.newer == newer.url and newer.older == older.url
    # the front page's older neighbour holds the newest article the front page leaves out
    left_out = count - per_page
    assert next(p for p in numbered if p.url == front.older).articles.count(left_out) == 1

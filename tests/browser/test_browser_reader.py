"""A reader's path through the built fixture site, in headless Chromium: home, an article, its
official, county and campaign, then search by another spelling and narrow it with a facet."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.corpus import FIXTURE_OFFICIAL, PLACES

pytestmark = pytest.mark.browser


def search(page, base_url, term):
    """Type a term as a reader would and wait until the live region has announced the count."""
    page.goto(f"{base_url}/search/")
    page.get_by_role("searchbox", name="Search terms").fill(term)
    page.get_by_role("searchbox", name="Search terms").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("match")
    return page.locator("[data-search-results] h3 a")


def titles(links):
    return sorted(links.all_text_contents())


def test_home_to_article_to_its_official_county_and_campaign(page, base_url, corpus):
    # The newest fixture article names one of each entity kind.
    newest = max(corpus, key=lambda a: a.date)
    county_id = next(iter(newest.places))
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tibet County Digest")
    page.get_by_role("link", name=newest.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(newest.title)
    article_url = page.url
    # The other spellings are in the page for the search index, not for the reader.
    expect(page.get_by_text("Also spelled", exact=False)).to_be_hidden()

    panel = page.get_by_role("complementary", name="About this article")
    panel.get_by_role("link", name=FIXTURE_OFFICIAL["name"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FIXTURE_OFFICIAL["name"])
    # The official's page lists the article even though it spells the name another way.
    expect(page.get_by_role("link", name=newest.title)).to_be_visible()

    page.goto(article_url)
    panel.get_by_role("link", name=PLACES[county_id][0], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PLACES[county_id][0])
    assert page.url.rstrip("/").endswith(f"/places/{county_id}")

    page.goto(article_url)
    campaign_id = next(iter(newest.campaigns))
    panel.get_by_role("link", name=re.compile(f"^{campaign_id.replace('-', ' ')}$", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(campaign_id.replace("-", " "), re.I))
    assert page.problems == []


@pytest.mark.parametrize("kind, entity_id, query", [
    ("place", "seni", "Zeni"),                  # article 1 only ever says "Seni District"
    ("place", "seni", "Seni"),                  # article 6 only ever says "Zeni"
    ("official", "testa-dorje", "Tesita Duoji"),
    ("campaign", "double-support", "Shuangyong"),
])
def test_search_by_another_spelling_finds_every_article_about_the_entity(page, base_url, corpus, kind, entity_id, query):
    expected = sorted(a.title for a in corpus if entity_id in {
        "place": a.places, "campaign": a.campaigns,
        "official": {FIXTURE_OFFICIAL["id"] for _ in a.officials}}[kind])
    # At least one of them must not contain the query at all, or this proves nothing about aliases.
    assert any(query.lower() not in (a.title + a.body).lower() for a in corpus if a.title in expected)
    results = search(page, base_url, query)
    expect(results).to_have_count(len(expected))
    assert titles(results) == expected
    n = len(expected)
    expect(page.get_by_role("status")).to_have_text(f"{n} {'article matches' if n == 1 else 'articles match'} “{query}”.")
    # Excerpts come from the article's own text, never from the hidden list of spellings.
    excerpts = page.locator("[data-search-results] .excerpt")
    expect(excerpts).to_have_count(n)
    assert not any("Also spelled" in text for text in excerpts.all_inner_texts())
    assert page.problems == []


def test_entity_pages_are_browsed_not_searched(page, base_url):
    # The official's own page and the overviews name "Testa Dorje" too; article results are articles only.
    results = search(page, base_url, FIXTURE_OFFICIAL["name"])
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert hrefs and all("/articles/" in h for h in hrefs), hrefs


@pytest.mark.parametrize("query, name, kind", [
    ("Zeni", "Seni District", "Place in Nagqu"),
    ("Tesita Duoji", FIXTURE_OFFICIAL["name"], "Official, Nagqu"),  # where the post is: home.py
    ("Shuangyong", "Double Support", "Campaign"),
])
def test_a_name_in_any_spelling_shows_its_entity_first_with_kind_and_count(page, base_url, corpus, query, name, kind):
    search(page, base_url, query)
    first = page.locator("[data-search-entities] li").first
    expect(first.locator("h3")).to_have_text(re.compile(f"^{name}$", re.I))
    expect(first.locator(".kicker")).to_have_text(kind)
    # the count is the entity page's own
    count = first.locator(".meta span").first.inner_text()
    first.locator("h3 a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(name, re.I))
    expect(page.locator(".page-header .meta span").first).to_have_text(count)
    assert page.problems == []


def test_a_hit_only_in_the_headline_shows_the_text_s_opening_not_the_headline_again(page, base_url, corpus):
    article = next(a for a in corpus if a.slug == "2023-02-14-tingri-county-double-support-meeting")
    results = search(page, base_url, "Reviews")  # a word of its headline only
    expect(results).to_have_count(1)
    snippet = page.locator("[data-search-results] .excerpt").first.inner_text()
    assert "Reviews" not in snippet and snippet.startswith(" ".join(article.body.split()[:6])), snippet


def test_a_place_comes_before_the_offices_named_after_it(page, base_url):
    search(page, base_url, "Seni")
    cards = page.locator("[data-search-entities] li")
    expect(cards.first.locator("h3")).to_have_text("Seni District")
    kinds = cards.locator(".kicker").all_text_contents()
    offices = [i for i, kind in enumerate(kinds) if kind.startswith("Office")]
    assert kinds[0].startswith("Place") and all(i > 0 for i in offices), kinds
    assert page.problems == []


def test_snippets_are_the_article_s_own_words_and_its_own_hits_rank_first(page, base_url, corpus):
    query = "Zeni"
    results = search(page, base_url, query)
    about = [a for a in corpus if "seni" in a.places]
    expect(results).to_have_count(len(about))
    spelled = {a.title for a in about if query.lower() in (a.title + " " + a.body).lower()}
    assert 0 < len(spelled) < len(about)
    assert set(results.all_text_contents()[:len(spelled)]) == spelled  # articles that use the word first
    bare = lambda text: " ".join(re.sub(r"[^\w\s]", " ", text).split())  # noqa: E731 - words only
    for item in page.locator("[data-search-results] li").all():
        article = next(a for a in about if a.title == item.locator("h3").inner_text())
        shown = item.locator(".excerpt").inner_text().replace("(names it under another spelling)", " ")
        assert bare(shown) in bare(article.title + " " + article.body), shown  # a run of the article's own words
        assert (item.locator(".excerpt mark").count() > 0) == (article.title in spelled)


def test_filter_counts_count_each_article_once(page, base_url, corpus):
    term = "herders"
    matching = [a for a in corpus if term in (a.title + " " + a.body).lower()]
    in_nagqu = [a for a in matching if {"seni", "nyima"} & set(a.places)]
    assert any({"seni", "nyima"} <= set(a.places) for a in in_nagqu)  # one names two of its counties
    results = search(page, base_url, term)
    page.locator("summary", has_text="Filter by").press("Enter")
    prefecture = page.get_by_role("group", name="Prefecture")
    label = prefecture.locator("label", has=page.get_by_role("checkbox", name=re.compile("^Nagqu")))
    expect(label).to_have_text(f"Nagqu{len(in_nagqu)}")
    label.click()
    expect(results).to_have_count(len(in_nagqu))


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 800}], ids=["desktop", "phone"])
def test_a_shared_search_link_opens_without_layout_shift_and_with_one_search_box(browser, base_url, corpus, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script("""
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    """)
    page.goto(f"{base_url}/search/?q=meeting&county={quote('Nyima County')}")
    expect(page.get_by_role("status")).to_contain_text("filtered by County: Nyima County")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift") < 0.1
    expect(page.get_by_role("searchbox")).to_have_count(1)
    context.close()


def test_a_facet_narrows_the_results_and_shows_counts(page, base_url, corpus):
    term = "meeting"
    matching = [a for a in corpus if term in (a.title + " " + a.body).lower()]
    in_nyima = [a for a in matching if "nyima" in a.places]
    assert 0 < len(in_nyima) < len(matching)
    filter_requests = []
    page.on("request", lambda req: re.search(r"/pagefind/[^/]+/filter/", req.url) and filter_requests.append(req.url))
    results = search(page, base_url, term)
    expect(results).to_have_count(len(matching))
    # The filter index is fetched only when the reader asks for facets.
    assert filter_requests == []
    page.locator("summary", has_text="Filter by").press("Enter")

    county = page.get_by_role("group", name="County")
    nyima = re.compile(r"^Nyima County")
    option = county.get_by_role("checkbox", name=nyima)
    expect(county.locator("label", has=page.get_by_role("checkbox", name=nyima))).to_have_text(
        f"Nyima County{len(in_nyima)}")
    option.focus()
    page.keyboard.press("Space")          # keyboard-usable facets
    expect(results).to_have_count(len(in_nyima))
    assert titles(results) == sorted(a.title for a in in_nyima)
    expect(page.get_by_role("status")).to_contain_text(f"{len(in_nyima)} articles match “{term}”, filtered by County: Nyima County")
    assert "county=Nyima+County" in page.url
    # Focus stays on the facet after the results are redrawn.
    expect(county.get_by_role("checkbox", name=nyima)).to_be_focused()

    # The link can be shared: opening it restores the term, the facet and the results.
    page.goto(page.url)
    expect(results).to_have_count(len(in_nyima))
    expect(county.get_by_role("checkbox", name=nyima)).to_be_checked()
    assert page.problems == []


def test_with_one_value_ticked_each_other_value_says_what_ticking_it_would_return(page, base_url, corpus):
    term = "meeting"
    matching = [a for a in corpus if term in (a.title + " " + a.body).lower()]
    counties = sorted({c for a in matching for c in a.places if c in ("nyima", "seni", "tingri", "yadong")})
    first, second = counties[:2]
    page.goto(f"{base_url}/search/?q={term}")
    expect(page.get_by_role("status")).to_contain_text("match")
    page.locator("summary", has_text="Filter by").press("Enter")
    group = page.get_by_role("group", name="County")
    expect(group.locator("label").first).to_be_visible()
    names = {label.split(" ")[0].lower(): label for label in group.locator("label").all_text_contents()}
    group.locator("label", has_text=re.compile("^" + names[first].rstrip("0123456789"))).click()
    expect(page.get_by_role("status")).to_contain_text("filtered by")
    label = next(l for l in group.locator("label").all_text_contents() if l.lower().startswith(second))
    promised = int(re.search(r"(\d+)$", label)[1])
    group.locator("label", has_text=label.rstrip("0123456789")).click()
    either = [a for a in matching if first in a.places or second in a.places]
    expect(page.locator("[data-search-results] h3 a")).to_have_count(len(either))
    assert promised == len(either), (label, len(either))
    assert page.problems == []


def test_no_query_without_a_search_term(page, base_url):
    # Pagefind would download the whole index for a filter-only query: the page must not ask.
    fetched = []
    page.on("request", lambda req: "/pagefind/" in req.url and fetched.append(req.url))
    page.goto(f"{base_url}/search/?county={quote('Nyima County')}")
    expect(page.get_by_role("status")).to_have_text("Type a word or a name to search the articles.")
    page.wait_for_timeout(500)
    assert fetched == []


def test_header_search_box_leads_to_results(page, base_url, corpus):
    page.goto(f"{base_url}/")
    page.get_by_role("searchbox", name="Search articles").fill("fodder")
    page.get_by_role("searchbox", name="Search articles").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 article matches “fodder”")
    expect(page.locator("[data-search-results] h3 a")).to_have_text([a.title for a in corpus if "fodder" in a.body])


def test_everything_but_search_works_without_javascript(browser, base_url, corpus):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Officials").first.click()
    page.get_by_role("link", name=FIXTURE_OFFICIAL["name"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FIXTURE_OFFICIAL["name"])
    page.get_by_role("link", name="Places").first.click()
    expect(page.get_by_role("link", name="Seni District", exact=True)).to_be_visible()
    page.goto(f"{base_url}/search/")
    expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
    context.close()


def test_missing_page_gets_the_site_404(page, base_url):
    response = page.goto(f"{base_url}/no/such/page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    # Its links and stylesheet work at any depth.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.get_by_role("link", name="Search the articles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the articles")


def test_long_lists_continue_on_numbered_pages_that_keep_their_articles(page, base_url, corpus):
    newest_first = sorted(corpus, key=lambda a: a.date, reverse=True)
    page.goto(f"{base_url}/")
    expect(page.get_by_role("link", name=newest_first[-1].title, exact=True)).to_have_count(0)
    page.get_by_role("navigation", name="Older articles").get_by_role("link", name="Older").click()
    # page 1 holds the oldest articles: its address keeps them however many are added later
    assert page.url.endswith("/page/1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("All articles, page 1")
    expect(page.get_by_role("link", name=newest_first[-1].title, exact=True)).to_be_visible()
    page.get_by_role("link", name="Newer").click()
    assert page.url.endswith("/page/2/")
    expect(page.get_by_role("link", name=newest_first[0].title, exact=True)).to_be_visible()
    page.get_by_role("link", name="Newer").click()
    expect(page.get_by_role("heading", name="Latest articles")).to_be_visible()
    assert page.problems == []


def test_more_results_by_keyboard(page, base_url, corpus):
    roads = [a for a in corpus if "road" in a.body.lower()]
    assert len(roads) > 10
    results = search(page, base_url, "road")
    expect(results).to_have_count(10)
    expect(page.get_by_role("status")).to_contain_text(f"{len(roads)} articles match")
    page.get_by_role("button", name="More results").focus()
    page.keyboard.press("Enter")
    expect(results).to_have_count(len(roads))
    # Focus lands on the first newly shown result, and the button goes once all are shown.
    expect(results.nth(10)).to_be_focused()
    expect(page.get_by_role("button", name="More results")).to_be_hidden()


def test_every_search_index_shares_one_pagefind(page, base_url, corpus):
    """Three article shards (2021 | 2022-2023 | 2024) and the entity index, searched as one: one
    Pagefind script and WebAssembly fetched, every year's articles found, the entity first."""
    fetched = []
    page.on("request", lambda req: fetched.append(req.url.split("?")[0]))
    results = search(page, base_url, "meeting")
    matching = [a for a in corpus if "meeting" in (a.title + " " + a.body).lower()]
    expect(results).to_have_count(min(len(matching), 10))
    expect(page.get_by_role("status")).to_contain_text(f"{len(matching)} articles match")
    assert len({a.year for a in matching}) > 1  # found across shards
    assert [u for u in fetched if u.endswith(".pagefind")] == [u for u in fetched if u.endswith(".pagefind")][:1]
    assert len([u for u in fetched if u.endswith("/pagefind.js")]) == 1
    assert any("/pagefind-entities/" in u for u in fetched)  # the entity index was searched too


def test_a_county_on_the_map_leads_to_its_page(page, base_url):
    page.goto(f"{base_url}/places/")
    county = page.locator("svg.county-map a").first
    name = county.get_attribute("aria-label").split(":")[0]
    county.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    assert page.problems == []


def test_every_spelling_of_a_prefecture_finds_its_articles_the_count_its_card_gives(page, base_url):
    """One definition: an article naming a county is an article of its prefecture, under any of the
    prefecture's spellings, as many as its card (and its page) counts."""
    counts = {}
    for spelling in ("Nakchu", "Naqu"):
        search(page, base_url, spelling)
        card = page.locator("[data-search-entities] li").first
        expect(card.locator("h3")).to_have_text("Nagqu")
        expected = int(card.locator(".meta span").first.inner_text().split()[0])
        expect(page.get_by_role("status")).to_contain_text(f"{expected} articles match")  # the list shows 10 at a time
        counts[spelling] = expected
    assert counts["Nakchu"] == counts["Naqu"] > 1
    assert page.problems == []

"""Layout a reader notices: phone width, dark colour scheme, print."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_accessibility import PAGES

pytestmark = pytest.mark.browser


def test_phone_width_has_no_horizontal_scroll(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for name in ["home", "article", "official", "county", "places overview", "search with results"]:
        page.goto(base_url + PAGES[name])
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    context.close()


def test_who_s_who_panels_come_before_the_article_list_on_a_phone_and_beside_it_on_a_desktop(browser, base_url):
    for viewport, beside in (({"width": 390, "height": 800}, False), ({"width": 1280, "height": 800}, True)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base_url + PAGES["county"])
        panel = page.get_by_role("complementary", name="Connections").bounding_box()
        articles = page.get_by_role("heading", name="Articles", exact=True).bounding_box()
        if beside:
            assert panel["x"] > articles["x"] + articles["width"] / 2 and panel["y"] < articles["y"]
        else:
            assert panel["y"] < articles["y"] and panel["y"] < 2 * viewport["height"]
        context.close()


def test_dark_scheme_follows_the_system(browser, base_url):
    def background(scheme):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url + PAGES["article"])
        rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
        return [int(n) for n in rgb[rgb.index("(") + 1:-1].split(",")[:3]]

    assert sum(background("light")) > 600 and sum(background("dark")) < 150


def test_print_keeps_the_article_and_its_source_and_drops_navigation(page, base_url):
    page.goto(base_url + PAGES["article"])
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert page.locator(".article-body").is_visible()
    assert page.get_by_text("Where this comes from").is_visible()
    # The sidebar folds under the text instead of squeezing it on paper.
    body = page.locator(".article-body").bounding_box()
    panel = page.locator(".entity-panel").bounding_box()
    assert panel["y"] >= body["y"] + body["height"]


def test_the_menu_is_one_row_on_a_390_px_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGES["official"])
    tops = page.evaluate("""() => [...document.querySelectorAll('.site-nav li')]
        .filter(li => getComputedStyle(li).display != 'none').map(li => li.getBoundingClientRect().top)""")
    fits = page.evaluate("(() => { const u = document.querySelector('.site-nav ul'); return u.scrollWidth <= u.clientWidth; })()")
    context.close()
    assert len(tops) >= 5 and len(set(tops)) == 1 and fits


def test_a_long_activity_chart_is_by_year_on_a_phone_and_by_month_on_a_desktop(browser, base_url):
    shown = {}
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(base_url + PAGES["prefecture"])  # named over more than three years
        shown[width] = page.evaluate("""() => [...document.querySelectorAll('svg.digest-activity')]
            .filter(s => getComputedStyle(s).display != 'none').map(s => s.querySelectorAll('rect').length)""")
        context.close()
    assert len(shown[390]) == 1 and len(shown[1280]) == 1
    assert shown[390][0] <= 10 < shown[1280][0]  # a bar per year on the phone, per month on the desktop


def test_an_article_names_who_and_what_under_its_headline_on_a_phone_only(browser, base_url):
    seen = {}
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(base_url + PAGES["article"])
        brief = page.locator(".in-brief")
        seen[width] = brief.is_visible() and brief.bounding_box()["y"] < page.locator(".article-body").bounding_box()["y"]
        context.close()
    assert seen == {390: True, 1280: False}


@pytest.mark.parametrize("url, current, exact", [
    ("/digest/", "Digests", True),
    ("/digest/2022/03/", "Digests", False),
    ("/archives/", "Digests", False),
    (PAGES["article"], "Digests", False),
    ("/officials/", "Officials", True),
    (PAGES["county"], "Places", False),
])
def test_the_menu_marks_the_section_a_page_is_in(page, base_url, url, current, exact):
    page.goto(base_url + url)
    marked = page.get_by_role("navigation", name="Main").locator("a[aria-current]")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text(current)
    expect(marked).to_have_attribute("aria-current", "page" if exact else "true")


def test_on_a_phone_the_menu_leads_to_the_digests_and_the_header_box_searches(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGES["official"])
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Digests")).to_be_visible()
    page.get_by_role("searchbox", name="Search articles").fill("meeting")
    page.get_by_role("searchbox", name="Search articles").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("match")
    context.close()

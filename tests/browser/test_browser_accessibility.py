"""axe-core on every kind of page, in light and dark colour schemes (contrast differs)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from digest.sitecheck import axe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "article": "/articles/2022/03/2022-03-10-seni-district-holds-grassland-meeting/",
    "official": "/officials/testa-dorje/",
    "county": "/places/seni/",
    "prefecture": "/places/nagqu/",
    "campaign": "/campaigns/double-support/",
    "officials overview": "/officials/",
    "places overview": "/places/",
    "monthly digest": "/digest/2022/03/",
    "archives": "/archives/",
    "search with results": "/search/?q=meeting",
    "search with a facet": "/search/?q=meeting&county=Nyima+County",
    "404": "/no/such/page/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(browser, base_url, name, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    if name.startswith("search"):
        expect(page.get_by_role("status")).to_contain_text("match")
    try:
        assert axe_violations(page) == []
    finally:
        context.close()


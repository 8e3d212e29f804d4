"""The site runs under a strict Content-Security-Policy (digest.serve.STRICT_CSP): no inline
script or style, nothing from another origin; search still works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_no_csp_violations_and_search_works(browser, csp_base_url, corpus):
    context = browser.new_context()
    page = context.new_page()
    reports = []
    page.on("console", lambda msg: reports.append(msg.text) if msg.type in ("error", "warning") else None)
    # Violations are also events in the page: catch them even when the console stays quiet.
    context.add_init_script(path=None, script="""
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation',
        (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    article = next(a for a in corpus if a.places)
    for path in ["/", f"/{article.path}/", "/officials/testa-dorje/", "/search/?q=meeting"]:
        response = page.goto(csp_base_url + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        if path.startswith("/search/"):
            expect(page.get_by_role("status")).to_contain_text("articles match")
            expect(page.locator("[data-search-results] li").first).to_be_visible()
        assert page.evaluate("window.__cspViolations") == [], path
    assert [r for r in reports if "Content Security Policy" in r or "Refused" in r] == []
    context.close()

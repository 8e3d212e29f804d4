"""The site checks the browser tests and the 1,000-article audit rely on: a broken link in a
publish build, whose links are absolute, must be found like one in a relative build."""

from __future__ import annotations

from digest.sitecheck import broken_links, csp_blocked

ORIGIN = "https://digest.example.org"


def write(site, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html lang=en><head><title>t</title></head><body>{body}</body></html>",
                    encoding="utf-8")


def test_absolute_links_on_the_sites_own_origin_are_checked(tmp_path):
    write(tmp_path, "index.html", f'<a href="{ORIGIN}/places/seni/">Seni</a>\n<a href="{ORIGIN}/places/gone/">gone</a>\n'
                                  f'<a href="{ORIGIN}/places/seni/#who">who</a>\n<a href="https://example.com/x/">other</a>\n'
                                  f'<a href="{ORIGIN}/">home</a>')
    write(tmp_path, "places/seni/index.html", '<h2 id="officials">Officials</h2>')
    assert broken_links(tmp_path, ORIGIN) == [
        f"index.html:2: {ORIGIN}/places/gone/",
        f"index.html:3: {ORIGIN}/places/seni/#who (no id 'who')",
    ]


def test_relative_links_and_anchors(tmp_path):
    write(tmp_path, "index.html", '<a href="places/seni/">Seni</a> <a href="#main">skip</a> <a href="/nowhere.css">x</a>')
    write(tmp_path, "places/seni/index.html", "<p>Seni</p>")
    assert broken_links(tmp_path) == ["index.html:1: #main (no id 'main')", "index.html:1: /nowhere.css"]


def test_assets_from_the_sites_origin_pass_a_strict_policy_and_others_do_not(tmp_path):
    write(tmp_path, "index.html", f'<link rel="stylesheet" href="{ORIGIN}/theme/site.css">'
                                  '<script src="https://cdn.example.com/lib.js"></script><p style="color:red">x</p>')
    assert csp_blocked(tmp_path, ORIGIN) == [
        "index.html:1: loads https://cdn.example.com/lib.js from another site",
        "index.html:1: inline style or event handler on <p>",
    ]

"""digest.serve: what a static host must get right for this site (no browser needed)."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from digest.serve import STRICT_CSP, make_server, serve_in_thread


@pytest.fixture
def tiny_site(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>home</title>")
    (tmp_path / "404.html").write_text("<!doctype html><title>lost</title><h1>Page not found</h1>")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_text("export {}")
    (tmp_path / "pagefind" / "wasm.en.pagefind").write_bytes(b"\x1f\x8b gz")
    (tmp_path / "pagefind" / "pagefind.en_1.pf_meta").write_bytes(b"\x1f\x8b gz")
    (tmp_path / "pagefind" / "engine.wasm").write_bytes(b"\0asm")
    return tmp_path


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture
def served(tiny_site):
    server, url = serve_in_thread(tiny_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path, mime", [
    ("/pagefind/engine.wasm", "application/wasm"),
    ("/pagefind/pagefind.js", "text/javascript"),
    ("/pagefind/wasm.en.pagefind", "application/octet-stream"),
    ("/pagefind/pagefind.en_1.pf_meta", "application/octet-stream"),
])
def test_search_bundle_gets_types_pagefind_can_load(served, path, mime):
    status, headers, body = fetch(served + path)
    assert status == 200
    assert headers["Content-Type"] == mime
    # Pagefind unpacks its gzip files itself: the browser must not do it first.
    assert headers["Content-Encoding"] is None
    assert body.startswith(b"\x1f\x8b") or path.endswith((".js", ".wasm"))


def test_text_is_gzipped_for_a_browser_that_accepts_it_but_pagefinds_files_never(served, tiny_site):
    (tiny_site / "big.html").write_text("<!doctype html><title>big</title>" + "<p>grassland patrol</p>" * 2000)
    ask = lambda path: urllib.request.urlopen(urllib.request.Request(served + path, headers={"Accept-Encoding": "gzip"}))  # noqa: E731
    with ask("/big.html") as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.read()) == (tiny_site / "big.html").read_bytes()
    with ask("/") as response:  # a folder's index.html too
        assert response.headers["Content-Encoding"] == "gzip" and b"home" in gzip.decompress(response.read())
    for path in ("/pagefind/wasm.en.pagefind", "/pagefind/pagefind.en_1.pf_meta", "/pagefind/engine.wasm"):
        with ask(path) as response:
            assert response.headers["Content-Encoding"] is None and response.read() == (tiny_site / path[1:]).read_bytes()
    status, headers, body = fetch(served + "/big.html")  # no Accept-Encoding: plain
    assert headers["Content-Encoding"] is None and body == (tiny_site / "big.html").read_bytes()


def test_missing_page_is_the_sites_404(served):
    status, headers, body = fetch(served + "/officials/nobody/")
    assert status == 404
    assert b"Page not found" in body
    assert headers["Content-Type"].startswith("text/html")


def test_binds_localhost_by_default_and_sends_csp_only_when_asked(tiny_site, served):
    server = make_server(tiny_site, 0)
    assert server.server_address[0] == "127.0.0.1"
    server.server_close()
    assert fetch(served + "/")[1]["Content-Security-Policy"] is None
    strict, url = serve_in_thread(tiny_site, csp=STRICT_CSP)
    try:
        assert fetch(url + "/")[1]["Content-Security-Policy"] == STRICT_CSP
    finally:
        strict.shutdown()
        strict.server_close()


def test_refuses_a_folder_that_is_not_a_built_site(tmp_path):
    with pytest.raises(FileNotFoundError, match="build the site first"):
        make_server(tmp_path, 0)

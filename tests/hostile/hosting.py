"""Read docs/hosting/_headers the way Netlify and Cloudflare Pages do, and serve a folder with it."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

from digest.serve import SiteHandler

Rule = tuple[str, list[tuple[str, str]]]  # (path pattern, [(header, value)])


def parse_headers_file(path: Path) -> list[Rule]:
    rules: list[Rule] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, sep, value = line.strip().partition(":")
            assert sep and rules, f"{path}:{number}: expected 'Header: value' under a path"
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, url_path: str) -> bool:
    """A path pattern with '*' splats (any characters, '/' included) and ':name' placeholders (one segment)."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(re.sub(r":\w+", "[^/]+", regex), url_path) is not None


def headers_for(rules: list[Rule], url_path: str) -> list[tuple[str, str]]:
    return [header for pattern, headers in rules if matches(pattern, url_path) for header in headers]


def serve_with_headers(directory: Path, rules: list[Rule]) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on a free local port sending the headers the rules give each path.

    The directory may still be empty: the port is known before the site is built (for SITEURL)."""

    class Handler(SiteHandler):
        quiet = True

        def end_headers(self):
            for name, value in headers_for(rules, self.path.split("?", 1)[0]):
                self.send_header(name, value)
            http.server.SimpleHTTPRequestHandler.end_headers(self)  # not SiteHandler's no-cache

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"

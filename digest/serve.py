"""Serve a built site locally, the way a static host would (`invoke serve`).

    python -m digest.serve --directory output --port 8000 --bind 127.0.0.1 [--csp]

Plain `python -m http.server` gets four things wrong for this site: it guesses no type for
Pagefind's `.pf_*` / `.pagefind` files, it answers a missing page with its own error page instead
of the site's 404.html, it binds every interface, and it sends text uncompressed where every static
host gzips it (so a page's weight measured through it, by Lighthouse for one, was not what readers
get). `--csp` adds the strict Content-Security-Policy the site is built to run under, so it can be
checked in a browser.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

# Pagefind fetches its index as binary and decompresses it itself; the files must reach it
# byte-for-byte, without a Content-Encoding header that would make the browser unpack them first.
EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}

# What the site needs and nothing more: Pagefind compiles its WebAssembly ('wasm-unsafe-eval')
# and starts a same-origin worker; no inline script or style anywhere.
STRICT_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Text the way static hosts compress it. Never Pagefind's files: they are gzip already and
# Pagefind unpacks them itself (application/octet-stream, application/wasm are not listed).
COMPRESSED_TYPES = ("text/html", "text/css", "text/javascript", "text/plain", "application/json", "application/xml",
                    "application/atom+xml", "image/svg+xml")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    csp: str | None = None
    quiet = False

    def end_headers(self) -> None:
        # A local preview should always show the latest build.
        self.send_header("Cache-Control", "no-cache")
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path)
                or not ctype.startswith(COMPRESSED_TYPES)):
            return super().send_head()  # redirects, 404s, binary files: as http.server does
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def make_server(directory: Path, port: int = 8000, bind: str = "127.0.0.1", *, csp: str | None = None,
                quiet: bool = False) -> http.server.ThreadingHTTPServer:
    """A server for `directory`, not yet running (port 0 picks a free port: see server_address)."""
    directory = Path(directory)
    if not (directory / "index.html").is_file():
        raise FileNotFoundError(f"{directory}: no index.html here; build the site first (invoke build)")
    handler = type("Handler", (SiteHandler,), {"csp": csp, "quiet": quiet})
    return http.server.ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(directory)))


def serve_in_thread(directory: Path, *, csp: str | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a quiet server on a free local port in a daemon thread; returns (server, base URL)."""
    server = make_server(directory, 0, "127.0.0.1", csp=csp, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--directory", "-d", type=Path, default=Path("output"), help="built site (default: output)")
    parser.add_argument("--port", "-p", type=int, default=8000)
    parser.add_argument("--bind", "-b", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--csp", action="store_true", help="send the strict Content-Security-Policy header")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.directory, args.port, args.bind, csp=STRICT_CSP if args.csp else None)
    except (FileNotFoundError, OSError) as err:
        print(f"digest.serve: {err}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    print(f"Serving {args.directory} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

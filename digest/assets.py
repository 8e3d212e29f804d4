"""Fingerprinted URLs for the theme's CSS and JS, so hosts can cache them for a year.

A template writes `{{ 'css/digest.css' | fingerprint }}` and gets `css/digest.css?v=<hash>`: the
URL changes whenever the file does, so a reader never gets a stale stylesheet from a cache that
was told the file is immutable (docs/hosting/).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

VERSION_CHARS = 10


def fingerprinted(url: str, content: bytes) -> str:
    """`url` with a query naming the version of `content`."""
    return f"{url}?v={hashlib.sha256(content).hexdigest()[:VERSION_CHARS]}"


def fingerprint_filter(static_dir: Path) -> Callable[[str], str]:
    """A Jinja filter for files under the theme's static folder; a missing file is a build error."""
    cache: dict[str, str] = {}

    def fingerprint(relative: str) -> str:
        if relative not in cache:
            path = Path(static_dir) / relative
            try:
                cache[relative] = fingerprinted(relative, path.read_bytes())
            except OSError as exc:
                raise ValueError(f"fingerprint: no theme static file {path} ({exc.strerror})") from None
        return cache[relative]

    return fingerprint

"""Read the articles Pelican's content cache lacks in worker processes, before Pelican asks for them.

Pelican reads articles one by one in one process: 10,000 synthetic articles took 71 s of a 198 s
clean build on one core of two (BENCHMARKS.md, issue 21, fifth round). When the article generator
is made (`article_generator_init`), the files its cache cannot answer are parsed by
`DIGEST_RENDER_JOBS` processes (workers.py) with the reader Pelican would use, and each result is
put in Pelican's reader cache (`Readers.cache_data`, the layer `CONTENT_CACHING_LAYER = 'reader'`
keeps), stamped with the file's digest as Pelican stamps it. Pelican then reads every article as
it always does and finds the parsed text in its cache; everything after reading is unchanged.

A file whose reading fails, logs a warning, or yields a value that does not survive pickling as
itself is left out: Pelican reads it again in its own process, so errors and warnings are reported
(and counted by `--fatal`) exactly as without this step.
"""

from __future__ import annotations

import logging
import os

from pelican.utils import file_suffix

from .workers import run_shares

# Fewer files than this per process are read by Pelican alone: starting the pool costs about as much.
FILES_PER_JOB = 4


class _Noted(logging.Handler):
    """Replaces the log handlers in a forked reader: notes that a file logged, shows nothing."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.logged = False

    def emit(self, record):
        self.logged = True


def _survives_pickling(metadata: dict) -> bool:
    # Pelican's readers mark a value to drop with a bare object(), compared by identity afterwards;
    # a copy made by pickling would no longer be that object.
    return not any(type(value) is object for value in metadata.values())


def _read_share(readers: dict, paths: list[str]) -> list[tuple[str, tuple]]:
    root, noted = logging.getLogger(), _Noted()
    handlers, root.handlers = root.handlers, [noted]  # what a file logs, Pelican logs on reading it again
    parsed = []
    try:
        for path in paths:
            noted.logged = False
            try:
                content, metadata = readers[file_suffix(path)].read(path)
            except Exception:  # Pelican reads it again and reports the error with its file name
                continue
            if not noted.logged and _survives_pickling(metadata):
                parsed.append((path, (content, metadata)))
    finally:
        root.handlers = handlers
    return parsed


def read_ahead(generator) -> None:
    settings = generator.settings
    jobs = int(settings.get("DIGEST_RENDER_JOBS") or 1)
    if jobs <= 1 or not settings.get("CACHE_CONTENT") or settings.get("CONTENT_CACHING_LAYER") != "reader":
        return
    readers = generator.readers
    paths = sorted(os.path.abspath(os.path.join(generator.path, name))
                   for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]))
    unread = [path for path in paths
              if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None]
    if len(unread) < FILES_PER_JOB * jobs:
        return
    for share in run_shares(unread, jobs, lambda share: _read_share(readers.readers, share)):
        for path, data in share:
            readers.cache_data(path, data)

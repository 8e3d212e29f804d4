"""Pelican plugin: rewrite only the output files whose bytes changed, and say which ones.

Enabled by `plugins/digest_incremental/build.py` (what `invoke build` runs), not in
pelicanconf.py: a plain `pelican` run behaves as before. With `DIGEST_RENDER_JOBS` = n > 1 the
articles Pelican's cache lacks are parsed by n processes before Pelican reads them (readahead.py) and
the pages are rendered by n processes once every generator has asked for its pages (workers.py). With the setting
`DIGEST_INCREMENTAL_REPORT` (a file path) it writes a JSON report at the end of the build:
`{"pages": {relative path: rewritten?}, "static": [relative paths], "searchable": {page with
data-pagefind-body: its search shard, the article's month}, "skipped": pages not rendered}`, and
beside it (`<report>.inputs`) the digest of each page's inputs, for the next build (inputs.py).
"""

from __future__ import annotations

import json
import os

from pelican import signals

from . import inputs, readahead
from .writer import SkipUnchangedWriter

OTHER_SHARD = "other"  # a searchable page that is no article


_state: dict = {}


class _ReportingWriter(SkipUnchangedWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _state["writer"] = self  # Pelican makes one writer per build; the report reads it


def _writer(pelican):
    return _ReportingWriter


def _static(generator) -> None:
    _state["static"] = sorted(f.save_as for f in generator.staticfiles)


def _shards(generator) -> None:
    _state["shard_of"] = {os.path.normpath(a.save_as): f"{a.date:%Y-%m}"
                          for article in generator.articles for a in (article, *article.translations)}


def _finish(pelican) -> None:
    """Render what the writer queued (in worker processes: writer.py), then report."""
    writer = _state.get("writer")
    if writer is None:
        return
    writer.render_queued()
    target = pelican.settings.get("DIGEST_INCREMENTAL_REPORT")
    if not target:
        return
    out = pelican.output_path
    pages = {os.path.relpath(path, out): changed for path, changed in sorted(writer.produced.items())}
    shard_of = _state.get("shard_of", {})
    searchable = {page: shard_of.get(page, OTHER_SHARD) for page in sorted(os.path.relpath(p, out) for p in writer.searchable)}
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"pages": pages, "static": _state.get("static", []), "searchable": searchable,
                   "skipped": writer.skipped}, handle)
    inputs.save(writer.pages, target + ".inputs")


def _written(path, **_) -> None:
    writer = _state.get("writer")
    if writer is not None:
        writer.written(path)


def register() -> None:
    signals.article_generator_init.connect(readahead.read_ahead)
    signals.get_writer.connect(_writer)
    signals.static_generator_finalized.connect(_static)
    signals.article_generator_finalized.connect(_shards)
    signals.finalized.connect(_finish)
    signals.content_written.connect(_written)
    signals.feed_written.connect(_written)

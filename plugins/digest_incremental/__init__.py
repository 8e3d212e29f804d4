"""Pelican plugin: rewrite only the output files whose bytes changed, and say which ones.

Enabled by `plugins/digest_incremental/build.py` (what `invoke build` runs), not in
pelicanconf.py: a plain `pelican` run behaves as before. With the setting
`DIGEST_INCREMENTAL_REPORT` (a file path) it writes a JSON report at the end of the build:
`{"pages": {relative path: rewritten?}, "static": [relative paths], "searchable": [pages with
data-pagefind-body]}`.
"""

from __future__ import annotations

import json
import os

from pelican import signals

from .writer import SkipUnchangedWriter

_state: dict = {}


class _ReportingWriter(SkipUnchangedWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _state["writer"] = self  # Pelican makes one writer per build; the report reads it


def _writer(pelican):
    return _ReportingWriter


def _static(generator) -> None:
    _state["static"] = sorted(f.save_as for f in generator.staticfiles)


def _report(pelican) -> None:
    target = pelican.settings.get("DIGEST_INCREMENTAL_REPORT")
    writer = _state.get("writer")
    if not target or writer is None:
        return
    out = pelican.output_path
    pages = {os.path.relpath(path, out): changed for path, changed in sorted(writer.produced.items())}
    searchable = sorted(os.path.relpath(path, out) for path in writer.searchable)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"pages": pages, "static": _state.get("static", []), "searchable": searchable}, handle)


def register() -> None:
    signals.get_writer.connect(_writer)
    signals.static_generator_finalized.connect(_static)
    signals.finalized.connect(_report)

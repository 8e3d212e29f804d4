"""Pelican plugin: rewrite only the output files whose bytes changed, and say which ones.

Enabled by `plugins/digest_incremental/build.py` (what `invoke build` runs), not in
pelicanconf.py: a plain `pelican` run behaves as before. With the setting
`DIGEST_INCREMENTAL_REPORT` (a file path) it writes a JSON report at the end of the build:
`{"pages": {relative path: rewritten?}, "static": [relative paths], "searchable": [pages with
data-pagefind-body], "early_index": {...} or null}`.

With `DIGEST_EARLY_INDEX` (a folder) it starts Pagefind on the article pages as soon as Pelican has
written them, so the search index is built while Pelican renders the entity pages (clean builds;
the two overlap on two cores). The report says whether that index can stand: not if a page under
the indexed folder was written after Pagefind started.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile

from pelican import signals

from .state import pagefind_glob
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


def _start_index(generator, writer) -> None:
    target = generator.settings.get("DIGEST_EARLY_INDEX")
    if not target or not isinstance(writer, SkipUnchangedWriter) or not writer.searchable:
        return
    out = writer.output_path
    glob = pagefind_glob([os.path.relpath(p, out) for p in writer.searchable], html_static=False)
    folder = glob[1].split("/**")[0] if glob and "/" in glob[1] else ""
    if not folder:
        return  # marked pages at the top of the site: every later page could be one of them
    writer.watch(os.path.join(out, folder))
    log = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen([sys.executable, "-m", "pagefind", "--site", out, "--output-path", target, *glob],
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    _state["early"] = (proc, glob, log)
    atexit.register(_stop_index)


def _stop_index() -> None:
    """Pelican failed after Pagefind started: stop it before build.py removes its folder."""
    if "early" in _state:
        proc, _, log = _state.pop("early")
        proc.terminate()
        proc.wait()
        log.close()


def _finish_index(writer) -> dict | None:
    if "early" not in _state:
        return None
    proc, glob, log = _state.pop("early")
    code = proc.wait()
    log.seek(0)
    if code:
        sys.stderr.write(log.read())
    log.close()
    return {"glob": glob, "ok": code == 0 and not writer.watched_touched}


def _report(pelican) -> None:
    target = pelican.settings.get("DIGEST_INCREMENTAL_REPORT")
    writer = _state.get("writer")
    if writer is None:
        return
    early = _finish_index(writer)
    if not target:
        return
    out = pelican.output_path
    pages = {os.path.relpath(path, out): changed for path, changed in sorted(writer.produced.items())}
    searchable = sorted(os.path.relpath(path, out) for path in writer.searchable)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"pages": pages, "static": _state.get("static", []), "searchable": searchable,
                   "early_index": early}, handle)


def register() -> None:
    signals.get_writer.connect(_writer)
    signals.static_generator_finalized.connect(_static)
    signals.article_writer_finalized.connect(_start_index)
    signals.finalized.connect(_report)

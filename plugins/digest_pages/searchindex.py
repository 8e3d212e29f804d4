"""The entity search index: names and every known spelling of each official, place, campaign and
office, as one small Pagefind index (`pagefind-entities/`) beside the articles' index.

The search page merges it into the article index's Pagefind, so the entity a query names, in any
spelling, comes first with its kind and article count. Built by the Pagefind command from one small
stub page per entity in a scratch folder. Not through Pagefind's Python API: its service answers
"written" before its writes reach the disk and is then stopped, which left a truncated
`pagefind-entry.json` or stylesheet now and then (seen in the incremental-build tests).
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

ENTITY_INDEX_DIR = "pagefind-entities"
SPELLINGS_SHOWN = 4


def entity_stub(entity, label: str) -> str:
    """The page Pagefind indexes for one entity: its name and spellings, and what a result shows."""
    spellings = [entity.name, *(s for s in entity.aliases if s != entity.name), *([entity.zh] if entity.zh else [])]
    # the result card names a few other spellings; the index has them all
    distinct: dict[str, str] = {}
    for spelling in spellings[1:]:
        distinct.setdefault(spelling.casefold(), spelling)
    shown = [s for key, s in distinct.items() if key != entity.name.casefold()]
    meta = {
        "kind": label + (f" in {entity.parent.name}" if entity.parent else
                         f", {entity.home.label}" if getattr(entity, "home", None) else ""),
        "count": f"{entity.count} {'article' if entity.count == 1 else 'articles'}",
        "spellings": "; ".join(shown[:SPELLINGS_SHOWN]) + ("; …" if len(shown) > SPELLINGS_SHOWN else ""),
    }
    e = html.escape
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(entity.name)}</title></head><body>'
        f'<main data-pagefind-body><h1 data-pagefind-meta="title">{e(entity.name)}</h1><p>{e(". ".join(spellings[1:]))}</p></main>'
        + "".join(f'<span data-pagefind-meta="{key}">{e(value)}</span>' for key, value in meta.items() if value)
        + "</body></html>"
    )


STUBS_DIGEST = "stubs.sha256"  # in the index folder: what it was made from


def write_entity_index(pages: Iterable[tuple[str, str]], output_path: Path, reuse: str | None = None) -> None:
    """(Re)write `<output_path>/pagefind-entities/` from (save_as, stub page) pairs; when the site
    folder `reuse` (the live site) holds an index made from the same stubs, its files are linked
    instead (Pagefind takes seconds, and a text edit changes no stub)."""
    pages = sorted(pages)
    digest = hashlib.sha256(repr(pages).encode("utf-8", "surrogatepass")).hexdigest()
    output = Path(output_path) / ENTITY_INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    live = Path(reuse) / ENTITY_INDEX_DIR if reuse else None
    if live is not None and (live / STUBS_DIGEST).is_file() and (live / STUBS_DIGEST).read_text() == digest:
        shutil.copytree(live, output, copy_function=os.link)
        return
    # The stubs go in a scratch folder inside the output, not the system's: a build killed meanwhile
    # leaves it in its staging folder, which the next build removes (digest_incremental/build.py).
    with tempfile.TemporaryDirectory(prefix=".digest-entities-", dir=output_path) as scratch:
        for save_as, page in pages:
            path = Path(scratch) / save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(output), "--quiet"],
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"Pagefind could not index the entities:\n{done.stdout}{done.stderr}")
    (output / STUBS_DIGEST).write_text(digest)

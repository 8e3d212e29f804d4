"""Compare two built sites: byte for byte, except where Pagefind itself is not deterministic.

Pagefind 1.5 writes its filter files (and so the hashes naming them in pagefind-entry.json and the
.pf_meta file) with map entries in a different order on every run, even over identical HTML: two
clean builds differ there. Those files are compared by decoded content, with the order of entries
ignored; every other file, Pagefind's word index and fragments included, must be identical bytes.
"""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

PAGEFIND = "pagefind"


def _cbor(data: bytes, i: int = 0):
    """A minimal CBOR decoder (the subset Pagefind writes); returns (value, next offset)."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[i:i + size], "big")
        if major == 7 and info in (26, 27):
            return struct.unpack(">f" if info == 26 else ">d", data[i:i + size])[0], i + size
        i += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x} at {i - 1}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        raw = data[i:i + arg]
        return (raw if major == 2 else raw.decode("utf-8")), i + arg
    if major in (4, 5):
        items = []
        for _ in range(arg * (2 if major == 5 else 1)):
            item, i = _cbor(data, i)
            items.append(item)
        return (items if major == 4 else list(zip(items[::2], items[1::2]))), i
    if major == 6:
        return _cbor(data, i)
    return {20: False, 21: True, 22: None}.get(arg, arg), i


def _unordered(value):
    """The value with every list sorted: equality that ignores the order entries were written in."""
    if isinstance(value, (list, tuple)):
        return sorted((_unordered(v) for v in value), key=repr)
    return value


def _decode(path: Path):
    data = gzip.decompress(path.read_bytes())
    start = data.index(b"pagefind_dcd") + len(b"pagefind_dcd")
    return _cbor(data, start)[0]


def _unstable(rel: str) -> bool:
    parts = rel.split("/")  # pagefind/<shard>/filter/..., pagefind/<shard>/pagefind-entry.json
    return len(parts) >= 3 and parts[0] == PAGEFIND and (
        parts[2] == "filter" or (len(parts) == 3 and parts[2].endswith((".pf_meta", "pagefind-entry.json"))))


def _bundle_content(folder: Path) -> dict:
    filters = {f.stem: _decode(f) for f in (folder / "filter").glob("*.pf_filter")}
    hide = lambda v: "<filter>" if isinstance(v, str) and v in filters else v  # noqa: E731
    (meta_file,) = folder.glob("*.pf_meta")
    meta = _decode(meta_file)
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        language.pop("hash")
    return {
        "filters": {value[0]: _unordered(value) for value in filters.values()},
        "meta": _unordered(_map(hide, meta)),
        "entry": entry,
    }


def pagefind_content(site: Path) -> dict:
    """Pagefind's unstable files by what they say, per shard: filters by name, meta and entry
    without filter hashes."""
    return {entry.parent.name: _bundle_content(entry.parent) for entry in sorted((site / PAGEFIND).glob("*/pagefind-entry.json"))}


def _map(fn, value):
    if isinstance(value, (list, tuple)):
        return [_map(fn, v) for v in value]
    return fn(value)


def differences(a: Path, b: Path) -> list[str]:
    """What differs between two built sites; empty when they are the same site."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    problems = [f"only in {a.name}: {r}" for r in sorted(files_a - files_b) if not _unstable(r)]
    problems += [f"only in {b.name}: {r}" for r in sorted(files_b - files_a) if not _unstable(r)]
    for rel in sorted(files_a & files_b):
        if not _unstable(rel) and (a / rel).read_bytes() != (b / rel).read_bytes():
            problems.append(f"differs: {rel}")
    content_a, content_b = pagefind_content(a), pagefind_content(b)
    if sorted(content_a) != sorted(content_b):
        problems.append(f"pagefind shards: {sorted(content_a)} vs {sorted(content_b)}")
    for shard in sorted(set(content_a) & set(content_b)):
        problems += [f"pagefind {shard} {key}: not the same content"
                     for key in content_a[shard] if content_a[shard][key] != content_b[shard][key]]
    return problems

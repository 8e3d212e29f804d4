"""What the last build was made from and what it produced: pure functions over files and data.

Two fingerprints decide how much of a build can be skipped. `code` covers everything that shapes
every page (settings, theme, plugins, the digest package, tool versions): when it changes nothing
of the last build is reused. `content` covers the articles and the gazetteer: when only it changes
the parsed-article cache and the unchanged pages are reused; when neither changed the build is a
no-op.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from digest.atomic import TMP_SUFFIX, write_atomic
from digest.lock import LOCK_NAME

# Python writes these next to the code it imports; they are not inputs.
_IGNORED_DIRS = {"__pycache__", ".pytest_cache", ".hypothesis"}
_IGNORED_SUFFIXES = (".pyc", ".pyo")


def _not_content(name: str) -> bool:
    """The content lock and the temporary files of a write under way are not inputs of a page."""
    return name == LOCK_NAME or (name.startswith(".") and name.endswith(TMP_SUFFIX))


def tree_digest(roots: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """sha256 over every file's relative path and bytes under each root (a file counts as its own root)."""
    h = hashlib.sha256()
    for item in extra:
        h.update(f"extra\0{item}\0".encode())
    for root in roots:
        root = Path(root)
        h.update(f"root\0{root}\0".encode())
        if root.is_file():
            h.update(hashlib.sha256(root.read_bytes()).digest())
            continue
        for path in _input_files(root):
            h.update(f"file\0{path.relative_to(root).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


# A file modified this close to when its stamp was taken can change again without its size or time
# changing (timestamps tick in milliseconds): its stamp is not trusted (git's "racy clean" rule).
RACY_NS = 2_000_000_000


def _input_files(root: Path) -> list[Path]:
    """The files under the folder `root` that are inputs, in a fixed order (what tree_digest reads)."""
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS)
        files.extend(Path(folder, n) for n in names if not n.endswith(_IGNORED_SUFFIXES) and not _not_content(n))
    return sorted(files)


def tree_stamp(root: Path) -> dict[str, list[int]]:
    """Relative path -> [size, modification time, inode] of every input file: one stat each, no reading."""
    stamp = {}
    for path in _input_files(root):
        info = path.stat()
        stamp[path.relative_to(root).as_posix()] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return stamp


def unchanged_since(then: dict[str, list[int]], now: dict[str, list[int]], taken_ns: int) -> bool:
    """Whether a tree stamped `then` at `taken_ns` is the same now: the same files, each with its size,
    time and inode, and none modified within RACY_NS of the stamp (else its bytes are read again)."""
    return bool(then) and then == now and all(mtime < taken_ns - RACY_NS for _, mtime, _ in now.values())


def files_stamp(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of each file in a folder: cheap, and any rewrite changes it."""
    if not folder.is_dir():
        return {}
    return {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass
class Manifest:
    code: str
    content: str
    pages: list[str] = field(default_factory=list)  # outputs the Writer produced, relative paths
    # Pelican's content cache as the completed build left it: a cache that differs was written (or
    # cut short) by a build that did not complete, and is not read
    cache: dict[str, list[int]] = field(default_factory=dict)
    shards: dict[str, list[str]] = field(default_factory=dict)  # the search indexes built: key -> folders read
    # the content's files as they were when `content` was computed (tree_stamp), and when that was
    content_stamp: dict[str, list[int]] = field(default_factory=dict)
    stamped_ns: int = 0

    @classmethod
    def load(cls, path: Path) -> "Manifest | None":
        """The last build's manifest; None when there is none or it cannot be read (then build clean)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(code=data["code"], content=data["content"], pages=list(data["pages"]),
                       cache=dict(data.get("cache") or {}), shards=dict(data.get("shards") or {}),
                       content_stamp=dict(data.get("content_stamp") or {}), stamped_ns=int(data.get("stamped_ns") or 0))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(asdict(self)))


def stale_pages(previous: list[str], produced: Iterable[str]) -> list[str]:
    """Pages the last build wrote that this build no longer produces (a removed article, a merged official)."""
    now = set(produced)
    return sorted(p for p in previous if p not in now)


WHOLE_SITE = "all"  # the one search index when the pages cannot be split by folder
# Articles per search index, at most (whole months are grouped up to it). Pagefind holds about
# 0.4 MiB per article it indexes (2,000: ~800 MiB), and a day's update re-indexes the newest index;
# each index costs a cold search its meta file and one word chunk (INDEX_CHUNK_LOCATIONS keeps those small).
SHARD_PAGES = 2000
PERIODS = "_"  # joins the first and last month of a shard's key: 2023-11_2024-09


def search_shards(searchable: dict[str, str], html_static: bool, max_pages: int = SHARD_PAGES) -> dict[str, list[str]]:
    """The search indexes to build: shard key -> the folders (relative to the site) Pagefind reads.

    `searchable` maps each page marked data-pagefind-body to its month ("2024-05"). Consecutive
    months are grouped, oldest first, into indexes of at most `max_pages` pages (a month with more
    is one index), merged in the browser: new articles re-index only the newest index, and no
    Pagefind process holds more than `max_pages` pages. Reading only those months' folders also
    skips the entity and list pages it would parse and drop. When two months' pages share a folder,
    or static HTML the Writer never saw may be searchable, there is one index of the whole site."""
    if html_static or not searchable:
        return {WHOLE_SITE: [""]}
    pages_of: dict[str, list[str]] = {}
    for page, month in searchable.items():
        pages_of.setdefault(month, []).append(page)
    folders = {month: os.path.commonpath([os.path.dirname(p) for p in pages]) for month, pages in pages_of.items()}
    if not _apart(folders, searchable):
        return {WHOLE_SITE: [os.path.commonpath([os.path.dirname(p) for p in searchable])]}
    groups: list[list[str]] = [[]]
    for month in sorted(pages_of):
        if groups[-1] and sum(len(pages_of[m]) for m in groups[-1]) + len(pages_of[month]) > max_pages:
            groups.append([])
        groups[-1].append(month)
    return {group[0] if len(group) == 1 else f"{group[0]}{PERIODS}{group[-1]}": [folders[m] for m in group]
            for group in groups}


def _apart(folders: dict[str, str], searchable: dict[str, str]) -> bool:
    """Whether no month's folder holds a page of another month (each page's folders, walked up)."""
    month_of = {folder: month for month, folder in folders.items()}  # two months in one folder: the walk finds it
    if "" in month_of:
        return False
    for page, month in searchable.items():
        folder = os.path.dirname(page)
        while folder:
            if month_of.get(folder, month) != month:
                return False
            folder = os.path.dirname(folder)
    return True


def shard_months(key: str) -> tuple[str, str]:
    """The first and last month a search shard's key names ("2024-05" names one)."""
    first, _, last = key.partition(PERIODS)
    return first, last or first


def inside(page: str, folders: list[str]) -> bool:
    return any(not folder or page.startswith(folder + "/") for folder in folders)


def pagefind_glob(folders: list[str]) -> list[str]:
    """Pagefind's arguments to read only these folders' pages."""
    if folders == [""]:
        return []
    where = folders[0] if len(folders) == 1 else "{" + ",".join(folders) + "}"
    return ["--glob", f"{where}/**/*.{{html,htm}}"]

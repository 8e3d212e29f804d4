"""Symbolic links that lead out of a folder: never followed into an article or a page.

A raw `x.txt` linked to /etc/passwd would be ingested and published; a linked `.md` or folder
under content/ would put any file of the build machine on the site.
"""

from __future__ import annotations

import os
from pathlib import Path


def link_outside(path: Path, root: Path) -> str | None:
    """Why `path` must not be read, when it (or a folder on the way) links outside `root`; else None."""
    real = Path(os.path.realpath(path))
    if real == Path(os.path.abspath(path)):
        return None  # no link on the way
    real_root = Path(os.path.realpath(root))
    if real == real_root or real_root in real.parents:
        return None
    return f"is a symbolic link (or inside a linked folder) leading to {real}, outside {root}; not read"


class LinkGuard:
    """`link_outside` for many files under one root: one realpath per folder and one lstat per file,
    not a realpath (an lstat per path component) per file."""

    def __init__(self, root: Path):
        self.root = root
        self._linked_folders: dict[Path, bool] = {}

    def why(self, path: Path) -> str | None:
        folder = path.parent
        linked = self._linked_folders.get(folder)
        if linked is None:
            linked = self._linked_folders[folder] = os.path.realpath(folder) != os.path.abspath(folder)
        if not linked and not os.path.islink(path):
            return None  # no link on the way
        return link_outside(path, self.root)


def links_leaving(root: Path) -> list[str]:
    """Every entry under `root` that is a symbolic link leading outside it, as 'path: why' lines."""
    found = []
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            if path.is_symlink() and (why := link_outside(path, root)):
                found.append(f"{path}: {why}")
    return sorted(found)

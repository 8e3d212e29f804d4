"""Files replaced in one step: a reader, a crash or a kill sees the old file or the new, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TMP_SUFFIX = ".tmp"


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Write through a temporary file in the same folder and rename it: never a half-written file.

    `durable` syncs the data before the rename, so a crash cannot replace a curated file with an
    empty one; a new file has nothing to lose and is synced once at the end of the batch.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        try:  # mkstemp makes 0600: keep the mode a curator's file had, or the usual one for a new file
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

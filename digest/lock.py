"""One writer or builder of content/ at a time.

Two ingests at once each see the other's new articles as absent and both write them; a build
during an ingest publishes half a batch. Ingest and build therefore hold an exclusive lock on
`content/.lock`. The lock is an flock(2): the kernel drops it when its holder exits or is
killed, so a stale lock from a killed run is taken over without anyone deleting a file. The
file also says who held it last, for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from digest.errors import DigestError

LOCK_NAME = ".lock"


class LockedError(DigestError):
    """content/ is being changed or built by another run."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return True


@contextmanager
def content_lock(content_dir: Path, what: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the lock on `content_dir` for `what` ('ingest', 'build'); LockedError if another run holds it.

    `wait` seconds are spent retrying before giving up (a build started right after an ingest)."""
    content_dir.mkdir(parents=True, exist_ok=True)
    path = content_dir / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # not inherited by child processes (PEP 446)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(path, None, f"{_holder(path)}; wait for it to finish, then run {what} again") from None
                time.sleep(0.2)
        handle.seek(0)
        previous = handle.read()
        stale = _stale_note(previous)
        if stale:
            print(f"note: {stale}; taking the lock over", file=sys.stderr)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "what": what, "since": time.strftime("%Y-%m-%d %H:%M:%S")}))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()  # an empty file: released cleanly
            handle.flush()
    finally:
        handle.close()  # closing releases the flock


def _read(text: str) -> dict:
    try:
        data = json.loads(text)
        return data if isinstance(data, dict) else {}
    except ValueError:
        return {}


def _holder(path: Path) -> str:
    data = _read(path.read_text(encoding="utf-8", errors="replace"))
    if not data:
        return "content is locked by another ingest or build"
    return f"content is locked by {data.get('what', 'another run')} (pid {data.get('pid')}, since {data.get('since')})"


def _stale_note(text: str) -> str | None:
    data = _read(text)
    pid = data.get("pid")
    if isinstance(pid, int) and pid != os.getpid() and not _alive(pid):
        return f"the last {data.get('what', 'run')} (pid {pid}, since {data.get('since')}) was killed before it finished"
    return None

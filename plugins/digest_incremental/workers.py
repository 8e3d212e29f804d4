"""Render in worker processes forked once the site's context is built.

Pelican reads every article and builds every generator's context in one process; what is left is
rendering and writing pages, one at a time. The writer (writer.py) queues those calls and hands
them here: the queue is cut into `jobs` shares, every share but the first runs in a child forked
from this process (it has every article, entity and template already in memory), the first runs
here, and each child sends back what the writer needs to know of its pages. Each page is rendered
from the same objects as in one process, so the bytes are the same (tests/bench/test_incremental.py
compares them with a one-process clean build).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import traceback
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """A worker process failed: its error, as it would have been raised in one process."""


def run_shares(items: Sequence, jobs: int, run: Callable[[list], T]) -> list[T]:
    """`run(items[i::jobs])` for every i, the first here and the others in forked children;
    the results in order. An exception in a child is raised here (the first one, with its trace)."""
    shares = [list(items[i::jobs]) for i in range(jobs)]
    if jobs <= 1 or not hasattr(os, "fork"):
        return [run(list(items))]
    children: list[tuple[int, str]] = []
    folder = tempfile.mkdtemp(prefix="digest-workers-")
    try:
        for number, share in enumerate(shares[1:], start=1):
            path = os.path.join(folder, f"{number}.pickle")
            sys.stdout.flush(), sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child: its share, then its result, then out without running the parent's cleanup
                code = 0
                try:
                    outcome = ("ok", run(share))
                except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
                    outcome, code = ("error", (_picklable(exc), traceback.format_exc())), 1
                try:
                    with open(path, "wb") as out:
                        pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
                finally:
                    sys.stdout.flush(), sys.stderr.flush()
                    os._exit(code)
            children.append((pid, path))
        results = [run(shares[0])]
        failure = None
        for pid, path in list(children):
            _, status = os.waitpid(pid, 0)
            children.remove((pid, path))
            try:
                with open(path, "rb") as result:
                    kind, value = pickle.load(result)
            except (OSError, EOFError, pickle.UnpicklingError):
                kind, value = "error", (WorkerFailed(f"a render worker died (status {status})"), "")
            if kind == "error":
                failure = failure or value
            else:
                results.append(value)
        if failure:
            exc, trace = failure
            if trace:
                sys.stderr.write(f"in a render worker:\n{trace}")
            raise exc
        return results
    finally:
        for pid, _ in children:  # children still running: this process failed before waiting for them
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - an exception that cannot travel becomes one that says what it was
        return WorkerFailed(f"{type(exc).__name__}: {exc}")

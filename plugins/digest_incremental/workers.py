"""Render in worker processes forked once the site's context is built.

Pelican reads every article and builds every generator's context in one process; what is left is
rendering and writing pages, one at a time. The writer (writer.py) queues those calls and hands
them here: the queue is cut into `jobs` shares, every share but the first runs in a process forked
from this one (it has every article, entity and template already in memory: nothing is sent to it
but the number of its share), the first runs here, and each worker sends back what the writer
needs to know of its pages. Each page is rendered from the same objects as in one process, so the
bytes are the same (tests/bench/test_incremental.py compares them with a one-process clean build).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

_work: tuple[Callable, list[list]] | None = None  # what the forked workers inherit


def _run_share(number: int):
    run, shares = _work
    return run(shares[number])


def run_shares(items: Sequence, jobs: int, run: Callable[[list], T]) -> list[T]:
    """`run(items[i::jobs])` for every i, the first here and the others in forked processes; the
    results in order. An error in a worker is raised here (a worker that dies: BrokenProcessPool)."""
    global _work
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [run(list(items))]
    shares = [list(items[i::jobs]) for i in range(jobs)]
    _work = (run, shares)
    try:
        with ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_run_share, number) for number in range(1, jobs)]
            here = run(shares[0])
            return [here, *(future.result() for future in others)]
    finally:
        _work = None

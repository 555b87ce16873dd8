"""Checking or rendering a whole repository on every core, with the same results in the same order.

A reviews repository in CI holds hundreds of summaries, and each is independent work. Forked
worker processes inherit what the parent has already imported and prepared (configurations,
templates), so a function here only needs an index into work that the caller has set aside in
module state before calling :func:`in_order`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

#: From this many items the work is spread over the cores: below it, starting the worker
#: processes costs more than they save.
PARALLEL_FROM = 100
MAX_WORKERS = 8

T = TypeVar("T")


class Ordered(Generic[T]):
    """The results, in order; `close()` (or running out) stops the workers."""

    def __init__(self, results: Iterator[T], pool: Any = None) -> None:
        self._results = results
        self._pool = pool

    def __iter__(self) -> Ordered[T]:
        return self

    def __next__(self) -> T:
        try:
            return next(self._results)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def in_order(work: Callable[[int], T], count: int, *, first_here: bool = False) -> Ordered[T]:
    """`work(0)`, `work(1)`, ... `work(count - 1)`, in that order.

    On one core, for little work, or where processes cannot be forked, everything runs here,
    as it is asked for. Otherwise every item is handed to the workers at once, so the processes
    are forked now (before the caller starts, say, a progress bar's thread); `first_here` runs
    item 0 in this process first, so that whatever it prepares and caches (a Word template) is
    inherited by every worker."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < PARALLEL_FROM or workers < 2:
        return Ordered(map(work, range(count)))
    # Imported only for a large run: multiprocessing costs a few ms that one file should not pay.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return Ordered(map(work, range(count)))

    first = [work(0)] if first_here else []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    chunk = max(1, count // (workers * 8))
    rest = pool.map(work, range(len(first), count), chunksize=chunk)
    return Ordered(itertools.chain(first, rest), pool)

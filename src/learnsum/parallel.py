"""Checking or rendering a whole repository on every core, with the same results in the same order.

A reviews repository in CI holds hundreds of summaries, and each is independent work. Forked
worker processes inherit what the parent has already imported and prepared (configurations,
templates), so a function here only needs an index into work that the caller has set aside in
module state before calling :func:`in_order`.

The workers never outlive the parent: were it killed outright (`kill -9`, the out-of-memory
killer), they would otherwise wait for work, or to hand back a result, for ever. On Linux the
kernel kills each worker when the parent dies (PR_SET_PDEATHSIG); elsewhere a thread in each worker
watches for the parent to go. Ctrl-C and SIGTERM are for the parent to handle: it stops the
workers on its way out.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
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
        except StopIteration:
            self.close()
            raise
        except BaseException:
            self.close(abandon=True)
            raise

    def close(self, *, abandon: bool | None = None) -> None:
        """Stop the workers: once their work is done, or (`abandon`, when an error or a signal
        cuts the run short) at once, without waiting for what they are doing. By default they
        are abandoned when close() is called while an exception is on its way out (from a
        `finally` clause)."""
        if self._pool is None:
            return
        if abandon is None:
            abandon = sys.exc_info()[0] is not None
        pool, self._pool = self._pool, None
        if abandon:
            stop_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


def stop_workers(pool: Any = None) -> None:
    """Kill the worker processes of `pool` (default: every worker this process started). A
    worker's work is only ever handed back to the parent, so nothing of the user's is lost."""
    if "multiprocessing" not in sys.modules:
        return
    import multiprocessing

    processes = list((getattr(pool, "_processes", None) or {}).values()) if pool is not None \
        else multiprocessing.active_children()
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass


def in_order(work: Callable[[int], T], count: int, *, first_here: bool = True,
             min_cores: int = 2) -> Ordered[T]:
    """`work(0)`, `work(1)`, ... `work(count - 1)`, in that order.

    On fewer than `min_cores` cores, for little work, or where processes cannot be forked,
    everything runs here, as it is asked for. (A worker costs CPU time: forking, the memory
    pages it then copies, two processes contending for the caches. For light items, a summary
    to check in under a millisecond, that is 5-15% more CPU time, and on a machine whose other
    core is busy no time is saved at all; such work asks for 3 cores.)

    Otherwise this process and one worker a further core share the items: this process takes
    the first share, run here as the results are asked for, and the rest is handed to the
    workers at once, so the processes are forked now (before the caller starts, say, a progress
    bar's thread).

    What the workers would each pay, this process pays once before forking them: `first_here`
    (the default) runs item 0 here first, so that whatever it prepares and caches (compiled
    patterns, a Word template) is inherited by every worker rather than made again in each;
    and the objects made so far are frozen out of the garbage collector's reach (gc.freeze), so
    that a worker's collections do not write to, and so copy, every memory page it shares with
    this process."""
    workers = min(cores(), MAX_WORKERS)
    if count < PARALLEL_FROM or workers < max(2, min_cores):
        return Ordered(map(work, range(count)))
    # Imported only for a large run: multiprocessing costs a few ms that one file should not pay.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return Ordered(map(work, range(count)))

    first = [work(0)] if first_here else []
    start = len(first)
    # This process works too, on the first share of the items (as they are asked for), while
    # the workers do the rest: on two cores one process is forked, not two.
    share = (count - start) // workers
    pool = ProcessPoolExecutor(max_workers=workers - 1,
                               mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    chunk = max(1, (count - start - share) // ((workers - 1) * 8))
    # The workers are forked here. Ctrl-C or SIGTERM arriving in the middle of a fork would be
    # raised inside the fork's own clean-up hooks, where Python drops it and the render runs
    # on: the signals wait until the workers are forked, and are then handled as anywhere else.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    gc.freeze()
    try:
        rest = pool.map(work, range(start + share, count), chunksize=chunk)
    finally:
        gc.unfreeze()
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    here = map(work, range(start, start + share))
    return Ordered(itertools.chain(first, here, rest), pool)


def cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container or `taskset`
    narrows), else every core of the machine."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


#: The signals that stop a run, held while the workers are forked.
_STOPPING = {signal.SIGINT, signal.SIGTERM}


#: prctl(2) option: the signal a process gets when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _start_worker(parent: int) -> None:
    """In each worker, first: die with the parent, and leave SIGINT and SIGTERM to it (the
    worker inherits the parent's handlers, which raise an exception to clean up)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Forked while the parent held them (see in_order): a worker takes them again.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    if not _die_with_parent():
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="learnsum-watch-parent").start()
    if os.getppid() != parent:  # the parent died before this worker got here
        os._exit(1)


def _die_with_parent() -> bool:
    """Ask the kernel to kill this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)

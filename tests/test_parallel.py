"""learnsum.parallel: results in order, this process working on its share beside the workers,
and no workers where the process may use one core only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from learnsum import parallel

# Run in a process of its own: the test process must not fork (its threads do not survive a
# fork reliably).
_SHARE = """
import json, os
from learnsum import parallel
parallel.cores = lambda: 2
def where(index):
    return index, os.getpid()
count = parallel.PARALLEL_FROM + 50
print(json.dumps({"main": os.getpid(), "count": count,
                  "results": list(parallel.in_order(where, count))}))
"""


def test_results_come_in_order_from_this_process_and_a_worker() -> None:
    run = subprocess.run([sys.executable, "-c", _SHARE], capture_output=True, text=True,
                         timeout=120, check=True)
    found = json.loads(run.stdout)
    count, results = found["count"], found["results"]
    assert [index for index, _ in results] == list(range(count))
    here = [index for index, pid in results if pid == found["main"]]
    # Item 0 before forking, then the first share: the rest in the one worker of two cores.
    assert here == list(range(1 + (count - 1) // 2))
    assert len({pid for _, pid in results}) == 2


def _where(index: int) -> tuple[int, int]:
    return index, os.getpid()


def test_one_core_means_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert parallel.cores() == 1
    results = list(parallel.in_order(_where, parallel.PARALLEL_FROM + 10))
    assert {pid for _, pid in results} == {os.getpid()}


def test_light_work_asks_for_more_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    results = list(parallel.in_order(_where, parallel.PARALLEL_FROM + 10, min_cores=3))
    assert [index for index, _ in results] == list(range(parallel.PARALLEL_FROM + 10))
    assert {pid for _, pid in results} == {os.getpid()}


def test_cores_without_affinity_are_the_machine_s(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(pid: int) -> set[int]:
        raise AttributeError

    monkeypatch.setattr(os, "sched_getaffinity", unknown, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert parallel.cores() == 3

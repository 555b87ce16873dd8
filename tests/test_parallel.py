"""learnsum.parallel: results in order, this process working on its share beside the workers,
and no workers where the process may use one core only."""

from __future__ import annotations

import os

import pytest

from learnsum import parallel


def _where(index: int) -> tuple[int, int]:
    return index, os.getpid()


def test_results_come_in_order_from_this_process_and_a_worker(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    count = parallel.PARALLEL_FROM + 50
    results = list(parallel.in_order(_where, count))
    assert [index for index, _ in results] == list(range(count))
    here = [index for index, pid in results if pid == os.getpid()]
    # Item 0 before forking, then the first share: the rest in the one worker of two cores.
    assert here == list(range(1 + (count - 1) // 2))
    assert len({pid for _, pid in results}) == 2


def test_one_core_means_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert parallel.cores() == 1
    results = list(parallel.in_order(_where, parallel.PARALLEL_FROM + 10))
    assert {pid for _, pid in results} == {os.getpid()}


def test_cores_without_affinity_are_the_machine_s(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(pid: int) -> set[int]:
        raise AttributeError

    monkeypatch.setattr(os, "sched_getaffinity", unknown, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert parallel.cores() == 3

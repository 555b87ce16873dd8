"""One summary rendered to Word, cold, with and without the kept template, against pandoc.

Each case is a whole process (`learnsum render one.yaml --format docx --force`), run in turn with
the others (A B C ... A B C ...); the figure is the median CPU time (user + system, from
`os.wait4`) and wall time of the runs. learnsum runs as its installed console script with its
bytecode compiled and PYTHONDONTWRITEBYTECODE removed from its environment.

- `template kept`: the cache folder holds the prepared template (the first run of the
  benchmark, untimed, made it): what every run after the first costs.
- `first run`: the cache folder emptied before each run: python-docx prepares the template,
  it is serialised, checked and kept.
- `no cache folder`: LEARNSUM_CACHE_DIR cannot be made: python-docx renders every summary, as
  before the cache existed.
- `--src DIR`: the same command run from another checkout's sources (`DIR/src`), e.g. before
  this change.
- pandoc converting the same summary as Markdown (made by learnsum) to .docx.

Not a test: nothing here fails. Run: `.venv/bin/python benchmarks/docx_cache_bench.py [--runs 9]
[--src OLD_CHECKOUT]`.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-o.yaml"
BIN = Path(sys.executable).parent
TODAY = "2026-11-25"


def measure(command: list[str], environment: dict[str, str],
            before: object = None) -> tuple[float, float]:
    """CPU and wall seconds of one run of `command` (which must succeed)."""
    if callable(before):
        before()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--src", type=Path, help="another checkout to run as 'before'")
    arguments = parser.parse_args()
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    base = {name: value for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cache = work / "cache"
        output = work / "out.docx"
        render = [str(BIN / "learnsum"), "render", str(EXAMPLE), "--format", "docx", "--force",
                  "--today", TODAY, "-o", str(output)]
        blocked = work / "blocked"
        blocked.write_text("a file, so no cache folder can be made under it", encoding="utf-8")

        def empty_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        cases: list[tuple[str, list[str], dict[str, str], object]] = [
            ("learnsum, template kept", render, {**base, "LEARNSUM_CACHE_DIR": str(cache)}, None),
            ("learnsum, first run", render, {**base, "LEARNSUM_CACHE_DIR": str(cache)},
             empty_cache),
            ("learnsum, no cache folder", render,
             {**base, "LEARNSUM_CACHE_DIR": str(blocked / "cache")}, None),
        ]
        if arguments.src is not None:
            compileall.compile_dir(str(arguments.src / "src"), quiet=1)
            cases.append(("learnsum --src (before)",
                          [sys.executable, "-m", "learnsum", *render[1:]],
                          {**base, "PYTHONPATH": str(arguments.src / "src")}, None))
        pandoc = shutil.which("pandoc")
        if pandoc is not None:
            markdown = work / "one.md"
            subprocess.run([str(BIN / "learnsum"), "render", str(EXAMPLE), "--format", "md",
                            "--today", TODAY, "-o", str(markdown)], env=base, check=True,
                           capture_output=True)
            cases.append(("pandoc one.md -o one.docx",
                          [pandoc, str(markdown), "-o", str(work / "pandoc.docx")], base, None))
        else:
            print("pandoc is not installed: no comparison")
        # Untimed: the files in the page cache, the template kept.
        for _, command, environment, before in cases:
            measure(command, environment, before)
        measure(render, cases[0][2])
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in cases}
        for _ in range(arguments.runs):
            for name, command, environment, before in cases:
                results[name].append(measure(command, environment, before))
    print(f"median of {arguments.runs} runs, in turn; CPU = user + system of the process")
    print(f"{'case':34} {'cpu ms':>8} {'wall ms':>8}")
    medians = {}
    for name, runs in results.items():
        cpu = statistics.median(run[0] for run in runs) * 1000
        wall = statistics.median(run[1] for run in runs) * 1000
        medians[name] = cpu
        print(f"{name:34} {cpu:8.0f} {wall:8.0f}")
    pandoc_cpu = medians.get("pandoc one.md -o one.docx")
    if pandoc_cpu:
        for name, cpu in medians.items():
            if name.startswith("learnsum"):
                print(f"{name} ÷ pandoc: {cpu / pandoc_cpu:.2f}× (target ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

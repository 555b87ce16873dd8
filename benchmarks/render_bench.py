"""Rendering speed against pandoc, side by side in one run.

1. One summary to .docx in a cold process: `learnsum render child-o.yaml` against
   `pandoc child-o.md -o child-o.docx` (the same content as Markdown). Target: <= 1.5x pandoc.
2. 200 summaries to .docx in one call (`learnsum render FOLDER -o OUT`) against 200 pandoc calls,
   one per file, as a script converting files one by one would do. Target: <= 0.15x pandoc.

Run: `.venv/bin/python benchmarks/render_bench.py [--runs 5] [--files 200]`. Needs pandoc on PATH.
learnsum runs with Python's bytecode cache allowed (PYTHONDONTWRITEBYTECODE removed from its
environment), as an installed package has its modules compiled; the batch is the median of three
runs, each into a new folder (an unchanged output is not rewritten, which would flatter reruns).
"""

from __future__ import annotations

import argparse
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
LEARNSUM = [sys.executable, "-m", "learnsum"]


ENVIRONMENT = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
    return time.perf_counter() - start


def median(command: list[str], cwd: Path, runs: int) -> float:
    return statistics.median(timed(command, cwd) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per single-file measurement")
    parser.add_argument("--files", type=int, default=200, help="summaries in the batch")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc is not installed (apt-get install pandoc); nothing to compare with")
        return 1
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    with tempfile.TemporaryDirectory(prefix="learnsum-bench-") as folder:
        work = Path(folder)
        one = work / "one"
        one.mkdir()
        shutil.copy(EXAMPLE, one / "child-o.yaml")
        subprocess.run([*LEARNSUM, "render", "child-o.yaml", "-f", "md"], cwd=one, check=True,
                       stdout=subprocess.DEVNULL)
        many = work / "many"
        many.mkdir()
        text = EXAMPLE.read_text(encoding="utf-8")
        for index in range(args.files):
            (many / f"child-{index:03d}.yaml").write_text(
                text.replace("title: Child O", f"title: Child O{index}"), encoding="utf-8")
        subprocess.run([*LEARNSUM, "render", ".", "-f", "md", "-o", str(work / "md")],
                       cwd=many, check=True, stdout=subprocess.DEVNULL)

        # Warm the file cache and Python's bytecode cache: "cold" means a new process.
        timed([*LEARNSUM, "render", "child-o.yaml", "-o", "warm.docx"], one)
        timed([pandoc, "child-o.md", "-o", "warm-pandoc.docx"], one)
        learnsum_one = median([*LEARNSUM, "render", "child-o.yaml", "-o", "ls.docx"], one,
                              args.runs)
        pandoc_one = median([pandoc, "child-o.md", "-o", "pd.docx"], one, args.runs)

        learnsum_many = statistics.median(
            timed([*LEARNSUM, "render", ".", "-o", str(work / f"docx-{run}")], many)
            for run in range(3))
        start = time.perf_counter()
        for source in sorted((work / "md").glob("*.md")):
            subprocess.run([pandoc, str(source), "-o", str(source.with_suffix(".docx"))],
                           check=True)
        pandoc_many = time.perf_counter() - start

    print(f"learnsum render vs {version}, {args.files} summaries, median of {args.runs} runs")
    print(f"{'':34}{'learnsum':>10}{'pandoc':>10}{'ratio':>8}{'target':>9}")
    rows = (("1 summary, cold process", learnsum_one, pandoc_one, 1.5),
            (f"{args.files} summaries, one call each side*", learnsum_many, pandoc_many, 0.15))
    for name, ours, theirs, target in rows:
        ratio = ours / theirs
        verdict = "ok" if ratio <= target else "missed"
        print(f"{name:34}{ours:9.2f}s{theirs:9.2f}s{ratio:8.2f}{'<= ' + str(target):>9} {verdict}")
    print("* pandoc runs once per file, as a script converting files one by one would")
    print(f"  learnsum: {1000 * learnsum_many / args.files:.1f} ms a summary in the batch, "
          f"pandoc: {1000 * pandoc_many / args.files:.1f} ms a file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

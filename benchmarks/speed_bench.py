"""Start-up and batch speed, every target of the speed work side by side in one run.

Each case runs learnsum and the tool a partnership would otherwise use, in turn (A B A B ...),
each as a whole process, as a user or a pre-commit hook runs it, on the same files. Each figure
is the median over the runs of the process's CPU time (user + system, from the kernel's
accounting of the finished child) and of its wall time; the ratio is learnsum ÷ the other tool.

1. `learnsum validate one.yaml` against `yamllint one.yaml`. Target: ≤ 1.0×.
2. `learnsum render one.yaml --format docx` against `pandoc one.md -o one.docx` (the same
   summary as Markdown, made by learnsum). Target: ≤ 1.5×. learnsum renders with --force, so
   that every run makes the document (an unchanged one would not be made again).
3. `learnsum validate` of 1,000 summaries in one call against `check-jsonschema` with learnsum's
   schema on the same files. Target: ≤ 0.33×.
4. The render pre-commit hook (`learnsum render --format md FILES`) over 500 summaries whose
   outputs are unchanged. Target: ≤ 1 s (wall).

A competitor that is not installed is skipped with a line saying so (`make bench` installs
yamllint and check-jsonschema; pandoc is the Debian package). Not a test: nothing here fails.

learnsum runs as its installed console script, with its modules' bytecode compiled first and
PYTHONDONTWRITEBYTECODE removed from its environment: an installed package has its bytecode, and
without it every run would compile learnsum's sources again.

Run: `.venv/bin/python benchmarks/speed_bench.py [--runs 7] [--files 1000] [--hook-files 500]`.
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import learnsum

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-o.yaml"
SCHEMA = ROOT / "schema" / "learnsum-v1.schema.json"
BIN = Path(sys.executable).parent
TODAY = "2026-11-25"
ENVIRONMENT = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}


def tool(name: str) -> str | None:
    """The tool in this virtual environment, else on PATH."""
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


@dataclass
class Run:
    cpu: float
    wall: float


def run_once(command: Sequence[str], cwd: Path) -> Run:
    """One whole process: its CPU time (user + system, children included) and wall time."""
    start = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return Run(usage.ru_utime + usage.ru_stime, wall)


@dataclass
class Figures:
    cpu: float
    wall: float

    @staticmethod
    def of(runs: list[Run]) -> Figures:
        return Figures(statistics.median(r.cpu for r in runs),
                       statistics.median(r.wall for r in runs))


Compared = tuple[Figures, Figures | None, Figures | None]


def side_by_side(ours: Sequence[str], theirs: Sequence[str] | None, cwd: Path, runs: int,
                 before: Sequence[str] | None = None) -> Compared:
    """learnsum's figures, the other tool's, and the medians of the ratios pair by pair (which
    hold when the machine's speed drifts during the run). `before` runs (untimed) before each
    of learnsum's runs."""
    mine: list[Run] = []
    other: list[Run] = []
    # One untimed run of each first: files cached, bytecode written.
    run_once(ours, cwd)
    if theirs is not None:
        run_once(theirs, cwd)
    for _ in range(runs):
        if before is not None:
            run_once(before, cwd)
        mine.append(run_once(ours, cwd))
        if theirs is not None:
            other.append(run_once(theirs, cwd))
    if theirs is None:
        return Figures.of(mine), None, None
    ratios = Figures(statistics.median(a.cpu / b.cpu for a, b in zip(mine, other)),
                     statistics.median(a.wall / b.wall for a, b in zip(mine, other)))
    return Figures.of(mine), Figures.of(other), ratios


def generate(folder: Path, count: int) -> list[Path]:
    """`count` distinct, valid summaries made from the bundled example."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        variant = text.replace("title: Child O", f"title: Child O{number}").replace(
            "NSCB-LS-2015-07", f"NSCB-LS-{number:05d}")
        path = folder / f"summary-{number:05d}.yaml"
        path.write_text(variant, encoding="utf-8")
        paths.append(path)
    return paths


class Report:
    def __init__(self) -> None:
        self.verdicts: list[str] = []
        print(f"{'case':<34}{'tool':<18}{'cpu s':>8}{'wall s':>8}{'cpu ×':>8}{'wall ×':>8}")

    def row(self, case: str, name: str, figures: Figures, ratios: Figures | None = None) -> None:
        ratio = f"{ratios.cpu:>8.2f}{ratios.wall:>8.2f}" if ratios else ""
        print(f"{case:<34}{name:<18}{figures.cpu:>8.3f}{figures.wall:>8.3f}{ratio}")

    def target(self, what: str, limit: float, cpu: float | None, wall: float | None,
               unit: str = "×") -> None:
        if cpu is None or wall is None:
            self.verdicts.append(f"target {what} ≤ {limit}{unit}: skipped")
            return
        met = cpu <= limit and wall <= limit
        self.verdicts.append(f"target {what} ≤ {limit}{unit}: cpu {cpu:.2f}{unit}, wall "
                             f"{wall:.2f}{unit} ({'met' if met else 'NOT met'})")

    def skipped(self, case: str, name: str) -> None:
        print(f"{case:<34}{name:<18}  skipped: {name} is not installed")


def compare(report: Report, case: str, ours: Sequence[str], name: str,
            theirs: Sequence[str] | None, cwd: Path, runs: int, limit: float,
            before: Sequence[str] | None = None) -> None:
    mine, other, ratios = side_by_side(ours, theirs, cwd, runs, before)
    report.row(case, "learnsum", mine)
    if other is None or ratios is None:
        report.skipped(case, name)
        report.target(f"{case}, ÷ {name}", limit, None, None)
        return
    report.row(case, name, other, ratios)
    report.target(f"{case}, ÷ {name}", limit, ratios.cpu, ratios.wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each single-file case")
    parser.add_argument("--batch-runs", type=int, default=3, help="runs of each batch case")
    parser.add_argument("--files", type=int, default=1000, help="summaries in the batch")
    parser.add_argument("--hook-files", type=int, default=500, help="summaries in the hook run")
    arguments = parser.parse_args()

    learnsum_command = tool("learnsum")
    if learnsum_command is None:
        print("learnsum is not installed in this environment; run `make bench`")
        return 1
    compileall.compile_dir(str(Path(learnsum.__file__).parent), quiet=1)
    yamllint, pandoc, check_jsonschema = tool("yamllint"), tool("pandoc"), tool("check-jsonschema")
    print(f"learnsum {learnsum.__version__}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores; medians of {arguments.runs} runs "
          f"({arguments.batch_runs} for batches), A B A B; ratios are learnsum ÷ tool")
    report = Report()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        one = generate(folder / "one", 1)[0]
        relaxed = folder / ".yamllint"
        relaxed.write_text("extends: relaxed\n", encoding="utf-8")

        compare(report, "validate 1 file, cold", [learnsum_command, "validate", str(one),
                                                   "--today", TODAY],
                "yamllint", [yamllint, "-c", str(relaxed), str(one)] if yamllint else None,
                folder, arguments.runs, 1.0)

        subprocess.run([learnsum_command, "render", str(one), "--format", "md", "--today", TODAY],
                       check=True, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
        markdown = one.with_suffix(".md")
        compare(report, "render 1 file to docx, cold",
                [learnsum_command, "render", str(one), "--format", "docx", "--force",
                 "--today", TODAY],
                "pandoc", [pandoc, str(markdown), "-o", str(folder / "pandoc.docx")]
                if pandoc else None, folder, arguments.runs, 1.5)

        many = generate(folder / "many", arguments.files)
        compare(report, f"validate {arguments.files} files",
                [learnsum_command, "validate", str(folder / "many"), "--today", TODAY],
                "check-jsonschema",
                [check_jsonschema, "--schemafile", str(SCHEMA), *map(str, many)]
                if check_jsonschema else None, folder, arguments.batch_runs, 0.33)

        hook = generate(folder / "hook", arguments.hook_files)
        hook_command = [learnsum_command, "render", "--format", "md", "--today", TODAY,
                        *map(str, hook)]
        subprocess.run(hook_command, check=True, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
        mine, _, _ = side_by_side(hook_command, None, folder, arguments.batch_runs)
        report.row(f"render hook, {arguments.hook_files} unchanged", "learnsum", mine)
        report.target(f"render hook over {arguments.hook_files} unchanged summaries", 1.0,
                      mine.cpu, mine.wall, " s")
    print()
    for verdict in report.verdicts:
        print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())

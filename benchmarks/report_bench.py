"""Benchmark: `learnsum report` against `learnsum validate` over many summaries (not a test).

Generates summaries (the same ones every run: a seeded random generator) into a temporary folder,
then times `learnsum validate DIR` and `learnsum report DIR -o out.html` as separate processes and
prints the time ratio and each process's peak memory (its own rusage, from os.wait4). Running the
report over a quarter of the files as well shows whether memory grows with the number of files.

    .venv/bin/python benchmarks/report_bench.py [--count 2000] [--seed 8] [--keep]

The target (docs/report.md): the report takes under 3x the time of validating, and its peak
memory stays nearly flat as the number of summaries grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from learnsum import catalogue

AGENCIES = ("Health", "Police", "Children's Social Care", "Education", "Housing", "Probation",
            "Mental Health", "Early Help", "GP", "Midwifery")
OWNERS = ("Designated Nurse, Integrated Care Board", "Head of Public Protection, Police",
          "Principal Social Worker", "Head of Education Safeguarding",
          "Partnership Business Manager", "Named GP for Safeguarding")
ACTION_STATUSES = catalogue.ids(catalogue.ACTION_STATUSES)
THEMES = catalogue.ids(catalogue.THEMES)
TYPES = [t for t in catalogue.ids(catalogue.REVIEW_TYPES) if t not in ("other", "scr", "cspr")]


def summary_text(number: int, rng: random.Random) -> str:
    """One valid summary of believable size (about 3 KB, like the seed's)."""
    completed = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 8 * 365))
    incident = completed - dt.timedelta(days=rng.randrange(60, 400))
    themes = rng.sample(THEMES, rng.randint(1, 5))
    lines = [
        "learnsum: 1",
        f"title: Child {number}",
        f"reference: BENCH-{number:05d}",
        "partnership: Benchshire Safeguarding Children Partnership",
        f"status: {rng.choice(['draft', 'final', 'published'])}",
        f"completed: {completed.isoformat()}",
        "review:",
        f"  type: {rng.choice(TYPES)}",
        "  purpose: >-",
        "    A half-day workshop facilitated by the Designated Nurse for Safeguarding Children,",
        "    with practitioners from every agency that worked with the family.",
        "case:",
        f"  incident: {incident.year}-{incident.month:02d}",
        "  precis: |",
        "    The baby was brought into the Emergency Department with injuries that were not",
        "    explained. The family had a long history of domestic abuse and were supported",
        "    through an early help assessment at the time of the incident.",
        "",
        "    Four older siblings were known to universal services.",
        f"themes: [{', '.join(themes)}]",
        "case_learning:",
    ]
    for point in range(rng.randint(2, 5)):
        tagged = rng.sample(THEMES, rng.randint(0, 2))
        lines += [
            "  - text: >-",
            f"      Learning point {point + 1}: information about an incident was not shared",
            "      with the professionals working with the family, so the plan was stepped down.",
            f"    kind: {rng.choice(['concern', 'good-practice', 'issue'])}",
            f"    themes: [{', '.join(tagged)}]",
        ]
    lines += [
        "method_learning: |",
        "  All agencies engaged well in the process and contributed to the discussion.",
        "single_agency:",
    ]
    for agency in rng.sample(AGENCIES, rng.randint(1, 4)):
        lines += [f"  - agency: {agency}", "    points:"]
        lines += ["      - Promote the escalation process to practitioners in this agency."
                  for _ in range(rng.randint(1, 3))]
    lines += [
        "multi_agency:",
        "  - All agencies need to raise awareness of disguised compliance.",
        "actions:",
    ]
    for _ in range(rng.randint(1, 4)):
        due = completed + dt.timedelta(days=rng.randrange(30, 540))
        lines += [
            f"  - owner: {rng.choice(OWNERS)}",
            "    action: Brief practitioners on the process and audit its use.",
            f"    due: {due.isoformat()}",
            f"    status: {rng.choice(ACTION_STATUSES)}",
        ]
    lines += [
        "audit: |",
        "  A re-audit of twenty case records in six months will show whether it is used.",
        "slides: not-applicable",
    ]
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for number in range(1, count + 1):
        year_folder = folder / f"batch-{number % 20:02d}"
        year_folder.mkdir(parents=True, exist_ok=True)
        (year_folder / f"child-{number:05d}.yaml").write_text(
            summary_text(number, rng), encoding="utf-8")


def measure(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run a command; return (seconds, peak resident memory in MB, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return seconds, usage.ru_maxrss / scale, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="summaries to generate")
    parser.add_argument("--seed", type=int, default=8, help="seed of the generator")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    options = parser.parse_args()

    learnsum = [sys.executable, "-m", "learnsum"]
    work = Path(tempfile.mkdtemp(prefix="learnsum-report-bench-"))
    try:
        full = work / "summaries"
        generate(full, options.count, options.seed)
        quarter = work / "quarter"
        generate(quarter, max(1, options.count // 4), options.seed)
        as_of = ["--today", "2024-01-01"]

        validate = measure([*learnsum, "validate", str(full), "--today", "2024-06-01"], work)
        report = measure([*learnsum, "report", str(full), "-o", "out.html", *as_of], work)
        small = measure([*learnsum, "report", str(quarter), "-o", "quarter.html", *as_of], work)

        print(f"summaries: {options.count} (seed {options.seed}), Python {sys.version.split()[0]}")
        print(f"validate: {validate[0]:6.2f} s  peak {validate[1]:6.1f} MB  exit {validate[2]}")
        print(f"report:   {report[0]:6.2f} s  peak {report[1]:6.1f} MB  exit {report[2]}  "
              f"({(work / 'out.html').stat().st_size // 1024} KB of HTML)")
        print(f"report of {max(1, options.count // 4)}: {small[0]:6.2f} s  peak "
              f"{small[1]:6.1f} MB  exit {small[2]}")
        ratio = report[0] / validate[0]
        print(f"time ratio report/validate: {ratio:.2f} (target < 3)")
        print(f"memory growth for 4x the summaries: {report[1] - small[1]:+.1f} MB")
        if options.keep:
            print(f"kept {work}")
        return 0 if ratio < 3 else 1
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

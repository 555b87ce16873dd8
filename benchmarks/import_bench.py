#!/usr/bin/env python3
"""Import speed against pandoc, side by side in one run.

500 Word forms (the seed's form, each its own file) imported in one call
(`learnsum import FOLDER -o OUT`) against `pandoc -f docx -t markdown` run once per file, as a
script converting the files one by one would. pandoc only extracts the text; learnsum also finds
the sections, writes the YAML and validates it. Target: <= 0.5x pandoc.

Run: `.venv/bin/python benchmarks/import_bench.py [--files 500]`. Without pandoc on PATH the
comparison is skipped and learnsum's own time is printed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from import_forms import docx_bytes, seed_title_and_rows  # noqa: E402

TODAY = "2026-11-25"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    args = parser.parse_args()
    title, rows = seed_title_and_rows()
    form = docx_bytes(rows, title=title)
    with tempfile.TemporaryDirectory(prefix="learnsum-import-bench-") as folder:
        work = Path(folder)
        forms = work / "forms"
        forms.mkdir()
        for index in range(args.files):
            (forms / f"form-{index:04d}.docx").write_bytes(form)
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "learnsum", "import", str(forms), "-o",
                              str(work / "out"), "--today", TODAY],
                             capture_output=True, text=True, check=False)
        learnsum = time.perf_counter() - start
        written = len(list((work / "out").glob("*.yaml")))
        if written != args.files:
            print(f"learnsum import wrote {written} of {args.files} files (exit "
                  f"{run.returncode}): {run.stderr.strip()[:300]}")
            return 1
        print(f"learnsum import: {args.files} forms in one call: {learnsum:.2f}s "
              f"({1000 * learnsum / args.files:.1f} ms a form)")
        pandoc = shutil.which("pandoc")
        if pandoc is None:
            print("pandoc is not installed (apt-get install pandoc); nothing to compare with")
            return 0
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                 check=False).stdout.split("\n", 1)[0]
        start = time.perf_counter()
        for source in sorted(forms.glob("*.docx")):
            subprocess.run([pandoc, "-f", "docx", "-t", "markdown", str(source), "-o",
                            str(source.with_suffix(".md"))], check=True)
        other = time.perf_counter() - start
        ratio = learnsum / other
        print(f"{version}: one call a file: {other:.2f}s ({1000 * other / args.files:.1f} ms "
              "a form)")
        print(f"ratio learnsum/pandoc: {ratio:.2f} (target <= 0.5: "
              f"{'ok' if ratio <= 0.5 else 'missed'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where a summary's time goes in a batch: CPU per summary, in one process, of checking it
(`check_file`), of reading and parsing it (`load`), and of the privacy scan of its strings.

With `--against DIR` (the `src` folder of another checkout, say the commit before a change)
the same is measured there too, in a process of its own, and the two are printed side by side.

Run: `.venv/bin/python benchmarks/batch_profile.py [--runs 300] [--against OTHER/src]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "child-o.yaml"
TODAY = dt.date(2026, 11, 25)


def best_of_three(work: Callable[[], object], runs: int) -> float:
    """The least CPU time of three rounds of `runs` calls, in ms a call."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(runs):
            work()
        best = min(best, (time.process_time() - started) / runs * 1000)
    return best


def measure(runs: int) -> dict[str, float]:
    from learnsum import privacy
    from learnsum.loader import Document, load
    from learnsum.validate import check_file

    check_file(EXAMPLE, today=TODAY)  # patterns compiled, caches warm
    document = load(EXAMPLE)
    assert isinstance(document, Document)
    strings = [text for _, text in document.strings()]
    settings = privacy.PrivacySettings()
    return {
        "check_file (read, parse, model, every rule)":
            best_of_three(lambda: check_file(EXAMPLE, today=TODAY), runs),
        "load (read and parse)": best_of_three(lambda: load(EXAMPLE), runs),
        f"privacy scan of its {len(strings)} strings":
            best_of_three(lambda: [privacy.scan(text, settings) for text in strings], runs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="calls a round (three rounds)")
    parser.add_argument("--against", type=Path, help="another checkout's src folder")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.json:
        print(json.dumps(measure(arguments.runs)))
        return 0
    ours = measure(arguments.runs)
    theirs: dict[str, float] = {}
    if arguments.against is not None:
        environment = dict(os.environ, PYTHONPATH=str(arguments.against.resolve()))
        run = subprocess.run([sys.executable, __file__, "--json", "--runs", str(arguments.runs)],
                             env=environ_without_bytecode_flag(environment), check=True,
                             capture_output=True, text=True)
        theirs = json.loads(run.stdout)
    print(f"{EXAMPLE.name}, CPU ms a summary, best of 3 × {arguments.runs}")
    print(f"{'':48}{'this':>10}" + (f"{'other':>10}{'this ÷ other':>14}" if theirs else ""))
    for what, ms in ours.items():
        line = f"{what:48}{ms:10.3f}"
        other = theirs.get(what)
        if other is not None:
            line += f"{other:10.3f}{ms / other:14.2f}"
        print(line)
    return 0


def environ_without_bytecode_flag(environment: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in environment.items()
            if name != "PYTHONDONTWRITEBYTECODE"}


if __name__ == "__main__":
    sys.exit(main())

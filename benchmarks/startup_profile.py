"""Where the milliseconds of one cold `learnsum` command go: a table for docs/benchmarks.md.

Runs a command (default: `validate` of the bundled example) in fresh interpreters and prints

1. the phases, timed inside the process (CPU time, median of the runs): the interpreter's start
   (`python -c pass`), importing the console entry point (learnsum.entry), importing the
   command's modules, and running it (reading the options, the work; for a command line the
   entry point leaves to typer, also importing typer and building its command);
2. what the imports are, from `python -X importtime` (each module's own time, summed by
   package, median of the runs): which libraries and which of learnsum's modules cost what.
   Tracing slows imports down, so its figures are read as shares of all import time.

Not a test. Run: `.venv/bin/python benchmarks/startup_profile.py [--runs 7] [render
child-o.yaml --format docx --force]`. learnsum's bytecode is compiled first and
PYTHONDONTWRITEBYTECODE
removed, as for an installed package.
"""

from __future__ import annotations

import argparse
import collections
import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import learnsum

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-o.yaml"
ENVIRONMENT = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}
COMMAND_MODULES = {"validate": "learnsum.commands.validate", "render": "learnsum.commands.render"}

PHASES = """
import sys, time
clock = time.process_time
start = clock()
import learnsum.entry
cli = clock()
import importlib
importlib.import_module({module!r})
command = clock()
sys.argv = ['learnsum', *{argv!r}]
try:
    learnsum.entry.main()
except SystemExit:
    pass
done = clock()
sys.stderr.write(f"PHASES {{cli - start}} {{command - cli}} {{done - command}}\\n")
"""

#: Packages whose modules are summed together; learnsum's by subpackage.
GROUPS = {
    "typer": "typer (with its own copy of click)", "click": "typer (with its own copy of click)",
    "pydantic": "Pydantic", "pydantic_core": "Pydantic", "annotated_types": "Pydantic",
    "typing_inspection": "Pydantic", "typing_extensions": "Pydantic",
    "ruamel": "ruamel.yaml (C parser)", "_ruamel_yaml": "ruamel.yaml (C parser)",
    "docx": "python-docx", "lxml": "python-docx",
    "jinja2": "Jinja2", "markupsafe": "Jinja2", "pptx": "python-pptx", "PIL": "python-pptx",
    "rich": "rich", "regex": "regex", "phonenumbers": "phonenumbers",
}


def group_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "learnsum":
        if len(parts) > 1 and parts[1] in ("rules", "privacy", "loader", "render", "commands",
                                           "model", "locate", "shape", "summary", "config",
                                           "config_file", "validate", "cli", "entry"):
            return f"learnsum.{parts[1]}"
        return "learnsum (other modules)"
    if parts[0] in ("importlib", "email", "zipfile", "csv") and module.startswith(
            ("importlib.metadata", "email", "zipfile", "csv")):
        return "importlib.metadata (Pydantic's plugin look-up)"
    return GROUPS.get(parts[0], "Python's standard library")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("argv", nargs=argparse.REMAINDER,
                        help="the learnsum command (default: validate)")
    arguments = parser.parse_args()
    compileall.compile_dir(str(Path(learnsum.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "child-o.yaml").write_bytes(EXAMPLE.read_bytes())
        argv = arguments.argv or ["validate", "child-o.yaml", "--today", "2026-11-25"]
        module = COMMAND_MODULES.get(argv[0], "learnsum.entry")

        def run(*command: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([sys.executable, *command], cwd=folder, env=ENVIRONMENT,
                                  capture_output=True, text=True, check=False)

        run("-c", "pass")
        starts, phases = [], []
        imports: dict[str, list[float]] = collections.defaultdict(list)
        for _ in range(arguments.runs):
            empty = run("-c", "import resource, sys; u = resource.getrusage(resource.RUSAGE_SELF);"
                        " sys.stderr.write(f'START {u.ru_utime + u.ru_stime}')")
            starts.append(float(empty.stderr.split("START ")[1]))
            timed = run("-c", PHASES.format(module=module, argv=argv))
            found = re.search(r"PHASES (\S+) (\S+) (\S+)", timed.stderr)
            if found is None:
                print(timed.stderr)
                return 1
            phases.append(tuple(float(value) for value in found.groups()))
            traced = run("-X", "importtime", "-c", PHASES.format(module=module, argv=argv))
            sums: dict[str, float] = collections.Counter()
            for line in traced.stderr.splitlines():
                match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
                if match:
                    sums[group_of(match.group(2))] += int(match.group(1)) / 1000
            for name, value in sums.items():
                imports[name].append(value)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    print(f"learnsum {' '.join(argv)}: CPU time, median of {arguments.runs} runs\n")
    print("| phase | ms |\n|---|---:|")
    names = ["import the entry point (learnsum.entry)",
             f"import the command's modules ({module})",
             "run: read the options (typer's, if the command line is left to it), do the work, "
             "print"]
    print(f"| start Python (`python -c pass`) | {ms(starts):.0f} |")
    for index, name in enumerate(names):
        print(f"| {name} | {ms([phase[index] for phase in phases]):.0f} |")
    total = ms(starts) + sum(ms([phase[i] for phase in phases]) for i in range(3))
    print(f"| **total** | **{total:.0f}** |")
    # -X importtime slows every import down: read its figures as shares. (For `validate`, which
    # imports everything before it starts work, the shares apply to the two import phases.)
    rows = sorted(((statistics.median(values), name) for name, values in imports.items()),
                  reverse=True)
    traced_total = sum(value for value, _ in rows)
    print("\n| imports, by package (own time of each module) | share | ms, traced |")
    print("|---|---:|---:|")
    for value, name in rows:
        print(f"| {name} | {value / traced_total:.0%} | {value:.0f} |")
    print(f"| **all imports** | 100% | **{traced_total:.0f}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

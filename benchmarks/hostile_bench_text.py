"""Hostile text: time and peak memory of learnsum on inputs made to be slow or large.

Each case is one `learnsum` command in a new process, on files made in a temporary folder:
long strings with thousands of hits (placeholders, postcodes, deny-list terms), a long
deny-list, one very long learning point for the slides, configured allow patterns that
backtrack, and templates that run away. The target of docs/limits.md is that each one either
finishes or is refused with one line, in under 2 s and 200 MB.

Run: `.venv/bin/python benchmarks/hostile_bench_text.py [--timeout 60] [--src DIR] [-k WORD]`.
`--src DIR` runs the learnsum whose sources are in DIR/src (an older checkout, say, for a
before-and-after table); a case still running after --timeout seconds is stopped and shown as
such. Wall time depends on what else the machine does; processor time (user + system) less so.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import TODAY, VALID, replace  # noqa: E402

METHOD = "  Practitioners attended a half-day workshop.\n"
POINT = "  - The GP practice escalated promptly.\n"
WORDS = ("the health visitor did not know about police call-outs and escalation was slow "
         "because nobody shared the referral").split()


def words(chars: int, seed: int = 1) -> str:
    pick = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        word = pick.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def postcodes(count: int) -> str:
    areas = ["NN", "AB", "BS", "CF", "LS", "M", "B", "SE"]
    units = [a + b for a, b in itertools.product("ABDEFGHJ", repeat=2)]
    codes = (f"{a}{d} {s}{u}" for a, d, s, u in
             itertools.product(areas, range(1, 30), range(1, 10), units))
    return " ".join(itertools.islice(codes, count))


def summary(folder: Path, old: str, new: str, name: str = "s.yaml") -> None:
    (folder / name).write_text(replace(VALID, old, new), encoding="utf-8")


# -- the cases: each makes its files in an empty folder and returns the command's arguments --

Case = tuple[str, str, Callable[[Path], list[str]]]


def _todo(folder: Path) -> list[str]:
    summary(folder, METHOD, "  " + "TODO " * 20_000 + "\n")  # 98 KB
    return ["validate", "s.yaml"]


def _postcodes(folder: Path) -> list[str]:
    summary(folder, METHOD, "  " + postcodes(12_000) + "\n")  # about 98 KB
    return ["validate", "s.yaml"]


def _one_postcode(folder: Path) -> list[str]:
    summary(folder, METHOD, "  " + "NN1 1AA " * 12_250 + "\n")  # 98 KB
    return ["validate", "s.yaml"]


def _deny_every_word(folder: Path) -> list[str]:
    (folder / ".learnsum.yaml").write_text("privacy:\n  deny: [Smith, Jane Smith]\n")
    summary(folder, METHOD, "  " + "Smith went " * 9_000 + "\n")  # 98 KB
    return ["validate", "s.yaml"]


def _long_deny_list(folder: Path) -> list[str]:
    letters = "abcdefghijklmnop"
    terms = [f"{a}{b}{c}{d}ley {e}{f}{g}ton".title() for a, b, c, d, e, f, g in
             itertools.islice(itertools.product(letters, repeat=7), 60_000)]  # about 1 MB
    (folder / "deny.txt").write_text("\n".join(terms) + "\n")
    (folder / ".learnsum.yaml").write_text("privacy:\n  deny_list_file: deny.txt\n")
    summary(folder, METHOD, "  İ " + words(98_000) + "\n")
    return ["validate", "s.yaml"]


def _slides(size: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        summary(folder, POINT, "  - " + words(size) + "\n")
        return ["render", "s.yaml", "-f", "pptx"]
    return make


def _unbroken(folder: Path) -> list[str]:
    summary(folder, POINT, "  - " + "Unbroken" * 10_000 + "\n")
    return ["render", "s.yaml", "-f", "pptx"]


def _pattern(pattern: str, letters: int, ending: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / ".learnsum.yaml").write_text(f"privacy:\n  allow_patterns: ['{pattern}']\n")
        summary(folder, METHOD, "  " + "a" * letters + ending + "\n")
        return ["validate", "s.yaml"]
    return make


def _template(source: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "templates").mkdir()
        (folder / "templates" / "summary.md.j2").write_text(source)
        summary(folder, "title: Child T", "title: Child T")
        return ["render", "s.yaml", "-f", "md", "--template-dir", "templates"]
    return make


CASES: list[Case] = [
    ("13", "98 KB of 'TODO '", _todo),
    ("13", "98 KB of one postcode, repeated", _one_postcode),
    ("13", "98 KB of different postcodes", _postcodes),
    ("13", "98 KB, a deny-list term every 11 characters", _deny_every_word),
    ("13", "60,000-term deny-list, 98 KB text with 'İ'", _long_deny_list),
    ("14", "slides, one learning point of 20 KB", _slides(20_000)),
    ("14", "slides, one learning point of 80 KB", _slides(80_000)),
    ("14", "slides, one unbroken word of 80 KB", _unbroken),
    ("14", "slides, one learning point of 1 MB", _slides(1_000_000)),
    ("15", "allow pattern ^(\\w+\\s?)+$, 28 letters", _pattern(r"^(\w+\s?)+$", 28,
                                                               " jane@example.org")),
    ("15", "allow pattern ^(\\w+\\s?)+$, 40 letters", _pattern(r"^(\w+\s?)+$", 40,
                                                               " jane@example.org")),
    ("15", "allow pattern ^(a|a)*$, 60 letters", _pattern(r"^(a|a)*$", 60, " NN1 1AA")),
    ("16", 'template {{ "x"|center(1000000000) }}',
     _template('{{ "x"|center(1000000000) }}\n')),
    ("16", "template {{ lipsum(200000) }}", _template("{{ lipsum(200000) }}\n")),
    ("16", "template, two loops over range(100000)",
     _template("{% for a in range(100000) %}{% for b in range(100000) %}{{ b }}"
               "{% endfor %}{% endfor %}\n")),
    ("16", "template, a text doubled with ~ 40 times",
     _template('{% set ns = namespace(s="x" * 4000000) %}{% for i in range(40) %}'
               "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n")),
]


def run(command: list[str], folder: Path, env: dict[str, str],
        timeout: float) -> tuple[str, float, float, float]:
    """(outcome, wall seconds, processor seconds, peak MB) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "learnsum", *command, "--today", TODAY],
                               cwd=folder, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    out_file = process.stdout
    err_file = process.stderr
    assert out_file is not None and err_file is not None
    os.set_blocking(out_file.fileno(), False)
    os.set_blocking(err_file.fileno(), False)
    stdout, stderr = bytearray(), bytearray()
    stopped = False
    while True:
        for stream, buffer in ((out_file, stdout), (err_file, stderr)):
            chunk = stream.read()
            if chunk:
                buffer.extend(chunk)
                del buffer[:-4096]  # the last lines say what happened
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            stopped = True
            break
        time.sleep(0.02)
    wall = time.perf_counter() - start
    out_file.close()
    err_file.close()
    if stopped:
        outcome = f"still running at {timeout:g} s: stopped"
    else:
        code = os.waitstatus_to_exitcode(status)
        text = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
        last = text[-1] if text else ""
        if code == 0:
            outcome = "ok: " + (last.replace("learnsum: ", "")[:60] or "done")
        else:
            outcome = f"exit {code}: " + last.replace("learnsum: ", "")[:60]
    cpu = usage.ru_utime + usage.ru_stime
    return outcome, wall, cpu, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="stop a case after this many seconds (default 60)")
    parser.add_argument("--src", type=Path, default=None,
                        help="run the learnsum in DIR/src instead of this checkout's")
    parser.add_argument("-k", dest="keyword", default="",
                        help="only the cases whose item or name contains this")
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("LEARNSUM_DEBUG", None)
    if args.src is not None:
        env["PYTHONPATH"] = str(args.src.resolve() / "src")
    print(f"learnsum from {args.src or ROOT}; one process a case; stopped after {args.timeout:g} s")
    print(f"{'item':<5}{'case':<46}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}  outcome")
    for item, name, make in CASES:
        if args.keyword and args.keyword not in f"{item} {name}":
            continue
        with tempfile.TemporaryDirectory(prefix="learnsum-hostile-") as folder:
            command = make(Path(folder))
            outcome, wall, cpu, peak = run(command, Path(folder), env, args.timeout)
        print(f"{item:<5}{name:<46}{wall:>8.2f}{cpu:>8.2f}{peak:>9.0f}  {outcome}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

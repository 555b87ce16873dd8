"""Benchmark: `learnsum validate` side by side with yamllint and check-jsonschema.

Not a test: run `make bench` (or `python benchmarks/validate_bench.py`) and read the ratios.
Each tool runs in its own process, as a user or a pre-commit hook runs it, on the same files:

* one summary, cold (the pre-commit case: one changed file, a fresh interpreter);
* 1,000 generated summaries in one call (a whole reviews repository in CI).

yamllint checks only YAML style and check-jsonschema only the shape against learnsum's own
schema, so both do less than learnsum; the ratios show what learnsum's extra checks cost.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLE = REPO / "examples" / "child-o.yaml"
SCHEMA = REPO / "schema" / "learnsum-v1.schema.json"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
COUNT = int(os.environ.get("BENCH_FILES", "1000"))


def tool(name: str) -> str | None:
    found = BIN / name
    if found.exists():
        return str(found)
    return shutil.which(name)


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Best-of wall time (seconds) and peak memory (MB) of the child process."""
    times = []
    peak = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss // 1024)
    return statistics.median(times), peak


def generate(folder: Path, count: int) -> list[Path]:
    """`count` distinct, valid summaries made from the bundled example."""
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        variant = text.replace("title: Child O", f"title: Child O{number}").replace(
            "NSCB-LS-2015-07", f"NSCB-LS-{number:05d}")
        path = folder / f"summary-{number:05d}.yaml"
        path.write_text(variant, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    learnsum = tool("learnsum")
    yamllint = tool("yamllint")
    check_jsonschema = tool("check-jsonschema")
    if learnsum is None:
        print("learnsum is not installed; run `make bench`")
        return 1
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        one = generate(folder / "one", 1) if (folder / "one").mkdir() is None else []
        many_folder = folder / "many"
        many_folder.mkdir()
        many = generate(many_folder, COUNT)
        relaxed = folder / ".yamllint"
        relaxed.write_text("extends: relaxed\n")
        rows: list[tuple[str, str, float, int]] = []

        def measure(label: str, name: str, command: list[str]) -> None:
            seconds, memory = timed(command, folder)
            rows.append((label, name, seconds, memory))

        measure("1 file, cold", "learnsum", [learnsum, "validate", str(one[0])])
        if yamllint:
            measure("1 file, cold", "yamllint", [yamllint, "-c", str(relaxed), str(one[0])])
        if check_jsonschema:
            measure("1 file, cold", "check-jsonschema",
                    [check_jsonschema, "--schemafile", str(SCHEMA), str(one[0])])
        measure(f"{COUNT} files", "learnsum", [learnsum, "validate", str(many_folder)])
        if yamllint:
            measure(f"{COUNT} files", "yamllint", [yamllint, "-c", str(relaxed), str(many_folder)])
        if check_jsonschema:
            measure(f"{COUNT} files", "check-jsonschema",
                    [check_jsonschema, "--schemafile", str(SCHEMA), *map(str, many)])

    print(f"median of {RUNS} runs each; peak memory of the process")
    print(f"{'case':<16}{'tool':<18}{'seconds':>9}{'peak MB':>9}{'learnsum ÷ tool':>18}")
    for label, name, seconds, memory in rows:
        ours = next(s for (l, n, s, _) in rows if l == label and n == "learnsum")
        ratio = f"{ours / seconds:.2f}×" if name != "learnsum" else ""
        print(f"{label:<16}{name:<18}{seconds:>9.3f}{memory:>9}{ratio:>18}")
    targets = [
        ("1 file, cold", "yamllint", 1.0),
        (f"{COUNT} files", "check-jsonschema", 0.33),
    ]
    print()
    for label, name, target in targets:
        found = [s for (l, n, s, _) in rows if l == label and n == name]
        if found:
            ours = next(s for (l, n, s, _) in rows if l == label and n == "learnsum")
            verdict = "met" if ours / found[0] <= target else "NOT met"
            print(f"target {label} ≤ {target}× {name}: {ours / found[0]:.2f}× ({verdict})")
    peak = max(m for (l, n, _, m) in rows if n == "learnsum")
    print(f"target peak memory ≤ 80 MB: {peak} MB ({'met' if peak <= 80 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

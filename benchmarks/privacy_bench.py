#!/usr/bin/env python3
"""Benchmark learnsum.privacy.scan against Presidio's pattern recognizers, on the same texts.

Why: the privacy check runs on every `learnsum check` (and in pre-commit hooks), so it has to
be cheap to start and to run. Presidio is the usual open-source answer to "find personal data
in text"; its pattern recognizers (UK NHS, UK NINO, UK postcode, phone, e-mail, date) are the
fair comparison for learnsum's pattern detectors. The target is for learnsum to be at least
10x faster, cold (fresh process, import included) and warm, without losing recall.

What it does, in one run:
1. builds 1,000 texts (3-8 sentences each, drawn deterministically from
   tests/privacy_corpus.yaml), one long summary-like text (the whole corpus, five times), and
   1,000 texts from the corpus's clean sentences only (what most of a real summary is like);
2. runs each engine in fresh subprocesses of its own, interleaved (--runs of each, default 3),
   so that the cold number includes starting Python, reading the texts and importing the
   engine; it times the import, the first pass over the texts (cold: median over the
   processes) and five further passes in each process (warm: the best, wall and CPU time);
3. scores both engines against the corpus labels (recall and precision; a finding is a true
   positive when its rule matches and its span overlaps a label) on the rules both cover, and
   learnsum on all of its rules.

Presidio is a benchmark-only dependency: it is installed into benchmarks/.venv-presidio (created
on first use; git ignores it) and never into the project's environment. No spaCy model is
loaded: the recognizers are called directly, `recognizer.analyze(text, entities, None)`.

Usage:
    .venv/bin/python benchmarks/privacy_bench.py            # both engines
    .venv/bin/python benchmarks/privacy_bench.py --no-presidio
"""

from __future__ import annotations

# Only what a worker needs is imported here: a worker's start-up is part of the cold number.
import json
import sys
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "tests" / "privacy_corpus.yaml"
WORK_DIR = HERE / ".work"
PRESIDIO_VENV = HERE / ".venv-presidio"

N_TEXTS = 1000
SEED = 2015
WARM_PASSES = 5

# Presidio entity -> learnsum rule. Presidio has no date-of-birth entity: its DATE_TIME finds
# every date, which is what a user of Presidio would have to start from.
PRESIDIO_TO_RULE = {
    "UK_NHS": "nhs-number",
    "UK_NINO": "ni-number",
    "UK_POSTCODE": "postcode",
    "PHONE_NUMBER": "phone-number",
    "EMAIL_ADDRESS": "email-address",
    "DATE_TIME": "date-of-birth",
}

Span = tuple[str, int, int]


# ------------------------------------------------------------------------------ workers
# A worker runs in a fresh interpreter, reads the work file, imports one engine, times it and
# prints one JSON object. It only uses the standard library, so it runs in either environment.

SHARED_RULES = frozenset(PRESIDIO_TO_RULE.values())


def _worker(engine: str, work_path: Path, spawned_at: float) -> None:
    started_wall = time.time()
    work = json.loads(work_path.read_text(encoding="utf-8"))
    texts: list[str] = work["texts"]
    clean_texts: list[str] = work["clean_texts"]
    long_text: str = work["long_text"]
    corpus_texts: list[str] = work["corpus_texts"]
    deny: list[str] = work["deny"]

    t0 = time.perf_counter()
    if engine == "learnsum":
        sys.path.insert(0, str(ROOT / "src"))
        from learnsum.privacy import PrivacySettings, scan

        settings = PrivacySettings(deny_terms=tuple(deny))

        def analyze(text: str, rules: frozenset[str] | None = None) -> list[Span]:
            return [(f.rule, f.start, f.end) for f in scan(text, settings, rules)]

        covered = None
        notes: list[str] = []
    else:
        recognizers, notes = _presidio_recognizers()

        def analyze(text: str, rules: frozenset[str] | None = None) -> list[Span]:
            spans: list[Span] = []
            for recognizer in recognizers:
                for r in recognizer.analyze(text, recognizer.supported_entities, None):
                    rule = PRESIDIO_TO_RULE.get(r.entity_type)
                    if rule is not None:
                        spans.append((rule, r.start, r.end))
            return spans

        covered = sorted(
            {PRESIDIO_TO_RULE[e] for rec in recognizers for e in rec.supported_entities}
        )
    imported = time.perf_counter()

    findings_first = sum(len(analyze(text)) for text in texts) + len(analyze(long_text))
    first_pass = time.perf_counter()
    cold_s = time.time() - spawned_at

    def timed(run: Any) -> tuple[float, float]:
        """Best wall and best CPU time of WARM_PASSES runs."""
        walls: list[float] = []
        cpus: list[float] = []
        for _ in range(WARM_PASSES):
            w, c = time.perf_counter(), time.process_time()
            run()
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        return min(walls), min(cpus)

    warm_texts = timed(lambda: [analyze(text) for text in texts])
    warm_long = timed(lambda: analyze(long_text))
    warm_clean = timed(lambda: [analyze(text) for text in clean_texts])
    warm_shared = (
        timed(lambda: [analyze(text, SHARED_RULES) for text in texts])
        if engine == "learnsum"
        else warm_texts
    )
    corpus_findings = [analyze(text) for text in corpus_texts]
    print(
        json.dumps(
            {
                "engine": engine,
                "startup_s": started_wall - spawned_at,
                "import_s": imported - t0,
                "first_pass_s": first_pass - imported,
                "cold_s": cold_s,
                "warm_texts_wall_s": warm_texts[0],
                "warm_texts_cpu_s": warm_texts[1],
                "warm_shared_cpu_s": warm_shared[1],
                "warm_long_cpu_s": warm_long[1],
                "warm_clean_cpu_s": warm_clean[1],
                "findings_first_pass": findings_first,
                "corpus_findings": corpus_findings,
                "covered_rules": covered,
                "notes": notes,
            }
        )
    )


def _presidio_recognizers() -> tuple[list[Any], list[str]]:
    """Presidio's pattern recognizers for what learnsum checks, without any NLP model."""
    # Only in benchmarks/.venv-presidio, never in the project's environment.
    from presidio_analyzer import (  # type: ignore[import-not-found,unused-ignore]
        Pattern,
        PatternRecognizer,
    )
    from presidio_analyzer import (  # type: ignore[import-not-found,unused-ignore]
        predefined_recognizers as pr,
    )

    notes: list[str] = []
    recognizers: list[Any] = [
        pr.PhoneRecognizer(supported_regions=("GB",)),
        pr.EmailRecognizer(),
        pr.DateRecognizer(),
    ]
    nhs = getattr(pr, "NhsRecognizer", None) or getattr(pr, "UkNhsRecognizer", None)
    if nhs is not None:
        recognizers.append(nhs())
    else:
        notes.append("this Presidio has no UK NHS recognizer")
    nino = getattr(pr, "UkNinoRecognizer", None)
    if nino is not None:
        recognizers.append(nino())
    else:
        notes.append("this Presidio has no UK NINO recognizer")
    postcode = getattr(pr, "UkPostcodeRecognizer", None)
    if postcode is not None:
        recognizers.append(postcode())
    else:
        notes.append(
            "this Presidio has no UK postcode recognizer: a custom PatternRecognizer is used"
        )
        recognizers.append(
            PatternRecognizer(
                supported_entity="UK_POSTCODE",
                patterns=[
                    Pattern(
                        "uk postcode",
                        r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}\b",
                        0.5,
                    )
                ],
            )
        )
    return recognizers, notes


# ------------------------------------------------------------------------------ the parent


def _load_corpus() -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(CORPUS.read_text(encoding="utf-8"))
    return data


def build_texts(sentences: list[str], n: int = N_TEXTS, seed: int = SEED) -> list[str]:
    """`n` paragraphs of 3-8 corpus sentences each, the same every run."""
    import random

    rng = random.Random(seed)
    return [" ".join(rng.choice(sentences) for _ in range(rng.randint(3, 8))) for _ in range(n)]


def build_long_text(sentences: list[str]) -> str:
    """A long summary-like document: the whole corpus five times, a paragraph per 6 sentences."""
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs * 5)


def _ensure_presidio(install: bool) -> Path | None:
    """The Python of the Presidio venv, created if missing; None (with a message) if impossible."""
    import subprocess

    python = PRESIDIO_VENV / "bin" / "python"
    probe = [str(python), "-c", "import presidio_analyzer"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    if not install:
        print(
            "Presidio: not installed (run without --no-install to create benchmarks/.venv-presidio)"
        )
        return None
    print("Presidio: creating benchmarks/.venv-presidio and installing presidio-analyzer ...")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PRESIDIO_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "presidio-analyzer"], check=True
        )
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"Presidio: could NOT be installed here ({error}); only learnsum's numbers follow.")
        return None
    if subprocess.run(probe, capture_output=True).returncode != 0:
        print("Presidio: installed but cannot be imported; only learnsum's numbers follow.")
        return None
    return python


def _run_worker(python: Path | str, engine: str, work_path: Path) -> dict[str, Any]:
    import os
    import subprocess

    env = dict(os.environ)
    # tldextract (used by Presidio's e-mail recognizer) would fetch the public suffix list from
    # the network; an empty URL list makes it use the snapshot it ships with.
    env["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    command = [str(python), str(Path(__file__).resolve()), "--worker", engine]
    command += ["--work", str(work_path), "--spawned-at"]
    spawned_at = time.time()
    result = subprocess.run(
        [*command, repr(spawned_at)], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{engine} worker failed:\n{result.stderr[-4000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def score(
    entries: list[dict[str, Any]],
    findings: list[list[Span]],
    rules: set[str],
) -> tuple[float, float, dict[str, list[int]]]:
    """Recall, precision and per-rule [tp, fp, fn] over `rules` (overlap of spans counts)."""
    per_rule: dict[str, list[int]] = {r: [0, 0, 0] for r in sorted(rules)}
    for entry, found in zip(entries, findings, strict=True):
        text: str = entry["text"]
        expected: list[Span] = []
        for item in entry["expect"]:
            if item["rule"] in rules:
                start = text.find(item["match"])
                expected.append((item["rule"], start, start + len(item["match"])))
        used: set[int] = set()
        for rule, start, end in found:
            if rule not in rules:
                continue
            hit = next(
                (
                    i
                    for i, (r, s, e) in enumerate(expected)
                    if i not in used and r == rule and s < end and start < e
                ),
                None,
            )
            if hit is None:
                per_rule[rule][1] += 1
            else:
                used.add(hit)
                per_rule[rule][0] += 1
        for i, (rule, _, _) in enumerate(expected):
            if i not in used:
                per_rule[rule][2] += 1
    tp = sum(v[0] for v in per_rule.values())
    fp = sum(v[1] for v in per_rule.values())
    fn = sum(v[2] for v in per_rule.values())
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    return recall, precision, per_rule


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


COLD_KEYS = ("cold_s", "startup_s", "import_s", "first_pass_s")
WARM_KEYS = (
    "warm_texts_wall_s",
    "warm_texts_cpu_s",
    "warm_shared_cpu_s",
    "warm_long_cpu_s",
    "warm_clean_cpu_s",
)
ROWS = (
    ("cold: process start to end of first pass (wall)", "cold_s"),
    ("  starting Python and this script", "startup_s"),
    ("  importing the engine (after reading the texts)", "import_s"),
    ("  first pass: 1,000 texts + long text", "first_pass_s"),
    ("warm: 1,000 texts, wall", "warm_texts_wall_s"),
    ("warm: 1,000 texts, CPU", "warm_texts_cpu_s"),
    ("warm: 1,000 texts, CPU, shared rules only", "warm_shared_cpu_s"),
    ("warm: long text, CPU", "warm_long_cpu_s"),
    ("warm: 1,000 texts of clean sentences only, CPU", "warm_clean_cpu_s"),
)


def main() -> int:
    if sys.argv[1:2] == ["--worker"]:  # the workers' own arguments, without argparse's import
        _worker(sys.argv[2], Path(sys.argv[4]), float(sys.argv[6]))
        return 0
    import argparse
    import statistics

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--no-presidio", action="store_true", help="time learnsum only")
    parser.add_argument("--no-install", action="store_true", help="do not create the Presidio venv")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per engine")
    args = parser.parse_args()

    corpus = _load_corpus()
    entries: list[dict[str, Any]] = corpus["entries"]
    sentences = [e["text"] for e in entries]
    texts = build_texts(sentences)
    clean_texts = build_texts([e["text"] for e in entries if not e["expect"]])
    long_text = build_long_text(sentences)
    WORK_DIR.mkdir(exist_ok=True)
    work_path = WORK_DIR / "privacy_bench_work.json"
    work_path.write_text(
        json.dumps(
            {
                "texts": texts,
                "clean_texts": clean_texts,
                "long_text": long_text,
                "corpus_texts": sentences,
                "deny": corpus["settings"]["deny"],
            }
        ),
        encoding="utf-8",
    )
    print(
        f"Texts: {len(texts)} paragraphs ({sum(map(len, texts)):,} characters) and one long "
        f"text ({len(long_text):,} characters), from {len(entries)} corpus sentences.\n"
    )

    engines: dict[str, Path | str] = {"learnsum": sys.executable}
    if not args.no_presidio:
        presidio_python = _ensure_presidio(install=not args.no_install)
        if presidio_python is not None:
            engines["presidio"] = presidio_python

    # Interleaved, so that a busy moment on the machine does not land on one engine only.
    runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    for _ in range(max(1, args.runs)):
        for engine, python in engines.items():
            runs[engine].append(_run_worker(python, engine, work_path))
    results: dict[str, dict[str, Any]] = {}
    for engine, engine_runs in runs.items():
        best = dict(engine_runs[0])
        for key in COLD_KEYS:
            best[key] = statistics.median(r[key] for r in engine_runs)
        for key in WARM_KEYS:
            best[key] = min(r[key] for r in engine_runs)
        results[engine] = best
        for note in best["notes"]:
            print(f"{engine}: {note}")

    names = list(results)
    n = max(1, args.runs)
    heading = f"cold: median of {n} fresh processes; warm: best of {n * WARM_PASSES}"
    print(f"{heading:52}", end="")
    print("".join(f"{name:>13}" for name in names) + (f"{'ratio':>9}" if len(names) > 1 else ""))
    for label, key in ROWS:
        line = f"{label:52}" + "".join(f"{_ms(results[name][key]):>13}" for name in names)
        if "presidio" in results:
            ratio = results["presidio"][key] / max(results["learnsum"][key], 1e-9)
            line += f"{ratio:8.1f}x"
        print(line)
    if "presidio" in results:
        print("  (Presidio always runs its 6 recognizers; learnsum's 'shared rules' leaves out")
        print("   titled-name and deny-list, which Presidio's pattern recognizers do not do)")
    print()

    from learnsum.privacy import PRIVACY_RULES  # here, not at the top: workers import this file

    recall, precision, per_rule = score(entries, results["learnsum"]["corpus_findings"],
                                        set(PRIVACY_RULES))
    print(f"learnsum, all 8 rules:       recall {recall:.3f}  precision {precision:.3f}")
    if "presidio" in results:
        shared = set(results["presidio"]["covered_rules"])
        for name in names:
            r, p, per = score(entries, results[name]["corpus_findings"], shared)
            print(f"{name + ', shared rules:':28} recall {r:.3f}  precision {p:.3f}")
            for rule, (tp, fp, fn) in per.items():
                print(f"    {rule:15} tp {tp:3}  fp {fp:3}  fn {fn:3}")
        print(f"  (shared rules: {', '.join(sorted(shared))};")
        print("   Presidio's DATE_TIME is counted as date-of-birth, since it has no such entity)")
    else:
        for rule, (tp, fp, fn) in per_rule.items():
            print(f"    {rule:15} tp {tp:3}  fp {fp:3}  fn {fn:3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

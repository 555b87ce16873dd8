#!/usr/bin/env python3
"""Benchmark: hostile inputs, each run as a user would run it (not a test).

Every case builds its files in a folder of its own, runs `python -m learnsum ...` in a fresh
process and records the wall and CPU time, the process's peak memory (its own rusage, from
os.wait4), the exit code and the first line it printed. docs/limits.md says what each limit is;
the target for every case is: refused in one line naming the file, or finished, in under 2 s
and 200 MB.

A process that runs past --timeout is killed ("killed"): that is how a hang (a FIFO) shows. Each
process is held under --cap-mb of address space so that a case that would take gigabytes (the
code before the limits) fails with MemoryError instead of hurting the machine; such a run says
"cap" in the table.

    .venv/bin/python benchmarks/hostile_bench.py                  # this checkout
    .venv/bin/python benchmarks/hostile_bench.py --src OTHER      # another checkout's src/
    .venv/bin/python benchmarks/hostile_bench.py --only 11        # cases whose id starts so

`--src` runs the same cases against another copy of learnsum (say, one made with
`git archive <commit> | tar -x -C /tmp/before`), for before/after figures.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "hostile"
TODAY = "2026-11-25"

sys.path.insert(0, str(ROOT / "tests"))
from support import VALID, replace  # noqa: E402

#: A sentence of 1,000 characters (real words, so no rule stops early on it).
LONG = ("Health visitors did not know of the police call-outs to the family home at night. "
        * 13)[:1000]


@dataclass(frozen=True)
class Case:
    id: str
    what: str
    #: Builds the case's files in the folder and returns the learnsum arguments.
    setup: Callable[[Path], list[str]]


# -- 9: aliases ---------------------------------------------------------------------------------


def _with_multi_agency(block: str) -> str:
    return replace(VALID, "multi_agency:\n  - All agencies should check who else lives in the "
                   "household.\n", block)


def alias_scalar(folder: Path) -> list[str]:
    """One 1,000-character anchor repeated by 2,500 aliases: 13 KB of file, 2.5 MB of text."""
    refs = "\n".join("  - *a" for _ in range(2500))
    (folder / "s.yaml").write_text(_with_multi_agency(f'multi_agency:\n  - &a "{LONG}"\n{refs}\n'))
    return ["validate", "s.yaml", "--today", TODAY]


def _single_agency_aliases(anchored: int, references: int) -> str:
    items = ", ".join(["*a"] * anchored)
    refs = "\n".join("  - {agency: Health, points: *l}" for _ in range(references))
    text = replace(VALID, "single_agency:\n  - agency: Health\n    points:\n      - Share "
                   "call-out information with health visitors.\n  - agency: Police\n    points:\n"
                   "      - Notify health of domestic abuse call-outs within 24 hours.\n",
                   f'single_agency:\n  - agency: Police\n    points: &l [&a "{LONG}", {items}]\n'
                   f"{refs}\n")
    return text


def alias_list(folder: Path) -> list[str]:
    """A list of 370 aliases of that anchor, itself repeated 255 times: 10 KB of file, about
    95,000 strings and 95 MB of text once expanded (just under the 100,000-value limit)."""
    (folder / "s.yaml").write_text(_single_agency_aliases(370, 255))
    return ["validate", "s.yaml", "--today", TODAY]


def alias_list_render(folder: Path) -> list[str]:
    """The same file rendered to Markdown."""
    alias_list(folder)
    return ["render", "s.yaml", "-f", "md", "-o", "out.md", "--today", TODAY]


def alias_within(folder: Path) -> list[str]:
    """The same shape kept just under the limit: aliases add 1.9 MB of text (accepted)."""
    (folder / "s.yaml").write_text(_single_agency_aliases(100, 18))
    return ["validate", "s.yaml", "--today", TODAY]


# -- 10: files that are not regular files -------------------------------------------------------


def _summary(folder: Path) -> None:
    (folder / "s.yaml").write_text(VALID)


def import_dev_zero(folder: Path) -> list[str]:
    (folder / "form.docx").symlink_to("/dev/zero")
    return ["import", "form.docx"]


def import_fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "form.docx")
    return ["import", "form.docx"]


def reference_docx_fifo(folder: Path) -> list[str]:
    _summary(folder)
    os.mkfifo(folder / "ref.docx")
    return ["render", "s.yaml", "-o", "out.docx", "--reference-docx", "ref.docx", "--today", TODAY]


def reference_pptx_fifo(folder: Path) -> list[str]:
    _summary(folder)
    os.mkfifo(folder / "ref.pptx")
    return ["render", "s.yaml", "-f", "pptx", "-o", "out.pptx", "--reference-pptx", "ref.pptx",
            "--today", TODAY]


def reference_pptx_dev_zero(folder: Path) -> list[str]:
    _summary(folder)
    (folder / "ref.pptx").symlink_to("/dev/zero")
    return ["render", "s.yaml", "-f", "pptx", "-o", "out.pptx", "--reference-pptx", "ref.pptx",
            "--today", TODAY]


def template_fifo(folder: Path) -> list[str]:
    _summary(folder)
    (folder / "templates").mkdir()
    os.mkfifo(folder / "templates" / "summary.md.j2")
    return ["render", "s.yaml", "-f", "md", "-o", "out.md", "--template-dir", "templates",
            "--today", TODAY]


def template_dev_zero(folder: Path) -> list[str]:
    _summary(folder)
    (folder / "templates").mkdir()
    (folder / "templates" / "summary.md.j2").symlink_to("/dev/zero")
    return ["render", "s.yaml", "-f", "md", "-o", "out.md", "--template-dir", "templates",
            "--today", TODAY]


def config_fifo(folder: Path) -> list[str]:
    _summary(folder)
    os.mkfifo(folder / "config.yaml")
    return ["validate", "s.yaml", "-c", "config.yaml", "--today", TODAY]


# -- 11: the existing output ----------------------------------------------------------------------

_CORE_BOMB = WORK / "core-bomb.docx"


def _core_bomb() -> Path:
    """A 2 MB .docx whose docProps/core.xml inflates to 2 GB (made once, then kept)."""
    if _CORE_BOMB.exists():
        return _CORE_BOMB
    _CORE_BOMB.parent.mkdir(parents=True, exist_ok=True)
    partial = _CORE_BOMB.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        chunk = b" " * (1024 * 1024)
        with archive.open("docProps/core.xml", "w") as stream:
            stream.write(b"<cp:coreProperties>")
            for _ in range(2000 * 1000 * 1000 // len(chunk)):
                stream.write(chunk)
            stream.write(b"<cp:lastModifiedBy>learnsum</cp:lastModifiedBy></cp:coreProperties>")
    partial.rename(_CORE_BOMB)
    return _CORE_BOMB


def huge_directory(size: int) -> bytes:
    """A zip of nothing but a central directory of about `size` bytes (no part data at all)."""
    name = b"word/media/image.png"
    entry = (b"PK\x01\x02" + bytes(24) + len(name).to_bytes(2, "little") + bytes(16) + name)
    directory = entry * (size // len(entry))
    end = (b"PK\x05\x06" + bytes(4) + (0xFFFF).to_bytes(2, "little") * 2
           + len(directory).to_bytes(4, "little") + bytes(6))
    return directory + end


def output_huge_directory(folder: Path) -> list[str]:
    _summary(folder)
    (folder / "out.docx").write_bytes(huge_directory(45 * 1024 * 1024))
    return ["render", "s.yaml", "-o", "out.docx", "--today", TODAY]


def output_core_bomb(folder: Path) -> list[str]:
    _summary(folder)
    shutil.copy(_core_bomb(), folder / "out.docx")
    return ["render", "s.yaml", "-o", "out.docx", "--today", TODAY]


# -- 12: a .docx with very many paragraphs ---------------------------------------------------


def form_docx(paragraphs: int, text: str = "x", runs: int = 1) -> bytes:
    """The form with many paragraphs in one cell, compressed as tightly as zip allows."""
    from import_forms import form_docx as make

    return make(paragraphs, text, runs, compresslevel=9)


def import_many_paragraphs(folder: Path) -> list[str]:
    """1.4 million one-letter paragraphs: a 174 KB .docx."""
    (folder / "form.docx").write_bytes(form_docx(1_400_000))
    return ["import", "form.docx"]


def import_huge_directory(folder: Path) -> list[str]:
    """A 45 MB zip whose table of contents lists 680,000 parts."""
    (folder / "form.docx").write_bytes(huge_directory(45 * 1024 * 1024))
    return ["import", "form.docx"]


def _styles_bomb(elements: int = 8_000_000) -> bytes:
    """A .docx whose styles part holds `elements` empty elements (by default 8 million: 48 MB of
    XML in 108 KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form_docx(10))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "word/styles.xml":
                head, found, rest = blob.partition(b"<w:docDefaults>")
                blob = head + b"<w:x/>" * elements + found + rest
            target.writestr(info.filename, blob)
    return out.getvalue()


def import_styles_bomb(folder: Path) -> list[str]:
    (folder / "form.docx").write_bytes(_styles_bomb())
    return ["import", "form.docx"]


def reference_docx_styles_bomb(folder: Path) -> list[str]:
    _summary(folder)
    (folder / "ref.docx").write_bytes(_styles_bomb())
    return ["render", "s.yaml", "-o", "out.docx", "--reference-docx", "ref.docx", "--today", TODAY]


def reference_docx_xml_within(folder: Path) -> list[str]:
    """Just under the limit on XML tags: 570,000 added to the 25,000 of the file itself."""
    _summary(folder)
    (folder / "ref.docx").write_bytes(_styles_bomb(570_000))
    return ["render", "s.yaml", "-o", "out.docx", "--reference-docx", "ref.docx", "--today", TODAY]


def import_paragraphs_within(folder: Path) -> list[str]:
    """1,950 paragraphs of learning points ("Concern: ..." becomes text and kind)."""
    (folder / "form.docx").write_bytes(form_docx(1_950, "Concern: not shared."))
    return ["import", "form.docx"]


def import_runs_within(folder: Path) -> list[str]:
    """One paragraph of 19,900 runs: just under the limit on runs."""
    (folder / "form.docx").write_bytes(form_docx(1, runs=19_900))
    return ["import", "form.docx"]


def import_text_within(folder: Path) -> list[str]:
    """1,950 paragraphs of 150 characters: just under the limits on paragraphs and text."""
    (folder / "form.docx").write_bytes(form_docx(1_950, ("Concern: the health visitors did not "
                                                         "know of the call-outs. " * 3)[:150]))
    return ["import", "form.docx"]


CASES = [
    Case("9a", "alias: 1 KB text x 2,500 aliases (13 KB file)", alias_scalar),
    Case("9b", "alias: list of 370 aliases x 255 (10 KB file)", alias_list),
    Case("9c", "alias: that list, render -t md", alias_list_render),
    Case("9d", "alias: within the limit (adds 1.9 MB)", alias_within),
    Case("10a", "import: link to /dev/zero", import_dev_zero),
    Case("10b", "import: FIFO", import_fifo),
    Case("10c", "--reference-docx: FIFO", reference_docx_fifo),
    Case("10d", "--reference-pptx: FIFO", reference_pptx_fifo),
    Case("10e", "--reference-pptx: link to /dev/zero", reference_pptx_dev_zero),
    Case("10f", "--template-dir: template is a FIFO", template_fifo),
    Case("10g", "--template-dir: template links /dev/zero", template_dev_zero),
    Case("10h", "--config: FIFO", config_fifo),
    Case("11a", "output: 2 MB zip, core.xml inflates to 2 GB", output_core_bomb),
    Case("11b", "output: 45 MB zip table of contents", output_huge_directory),
    Case("12a", "import: 1.4 M paragraphs (174 KB .docx)", import_many_paragraphs),
    Case("12b", "import: 45 MB zip table of contents", import_huge_directory),
    Case("12c", "import: 108 KB .docx, styles of 8 M elements", import_styles_bomb),
    Case("12d", "--reference-docx: that .docx", reference_docx_styles_bomb),
    Case("12e", "import: 1,950 paragraphs (within)", import_paragraphs_within),
    Case("12f", "import: 19,900 runs (within)", import_runs_within),
    Case("12g", "import: 292,500 characters (within)", import_text_within),
    Case("12h", "--reference-docx: 595,000 XML tags (within)", reference_docx_xml_within),
]


# -- running ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float
    cpu: float
    peak_mb: float
    status: str
    line: str


def run(case: Case, src: Path | None, timeout: float, cap_mb: int) -> Outcome:
    folder = WORK / case.id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    args = case.setup(folder)
    env = {**os.environ, "NO_COLOR": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src)

    def limit() -> None:
        cap = cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        os.setsid()

    out = (folder / ".stdout").open("wb")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "learnsum", *args], cwd=folder, env=env,
                               stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               preexec_fn=limit)
    killed = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            killed = True
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    printed = (folder / ".stdout").read_text(errors="replace")
    lines = [line for line in printed.splitlines() if line.strip()]
    if killed:
        state = "killed"
    elif "MemoryError" in printed:
        state = f"cap ({process.returncode})"
    else:
        state = str(process.returncode)
    first = next((line for line in lines if "Traceback" not in line), "")
    if any("Traceback" in line for line in lines):
        first = "Traceback: " + (lines[-1] if lines else "")
    shutil.rmtree(folder, ignore_errors=True)
    return Outcome(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, state,
                   first)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="run learnsum from this src/ folder")
    parser.add_argument("--only", default="", help="only the cases whose id starts with this")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--cap-mb", type=int, default=3072)
    options = parser.parse_args()
    cases = [case for case in CASES if case.id.startswith(options.only)]
    print(f"{'case':5} {'what':46} {'seconds':>8} {'cpu s':>6} {'peak MB':>8}  exit    "
          "first line")
    for case in cases:
        outcome = run(case, options.src, options.timeout, options.cap_mb)
        print(f"{case.id:5} {case.what:46} {outcome.seconds:8.2f} {outcome.cpu:6.2f} "
              f"{outcome.peak_mb:8.0f}  "
              f"{outcome.status:7} {outcome.line[:110]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

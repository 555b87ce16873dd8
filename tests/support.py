"""Shared helpers for the tests: a valid summary to start from, and the CLI as a user runs it."""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

#: A complete, valid summary that raises no problem at all (as of TODAY).
VALID = """\
learnsum: 1
title: Child T
reference: TEST-1
partnership: Testshire Safeguarding Children Partnership
status: draft
completed: 2024-03-01
review:
  type: learning-review
  purpose: A local learning review led by the Designated Nurse.
case:
  incident: 2023-06
  precis: |
    Child T, aged two, was admitted to hospital with an unexplained injury.

    The family were known to Early Help.
themes: [information-sharing]
case_learning:
  - text: Health visitors did not know of the police call-outs.
    kind: concern
    themes: [information-sharing, domestic-abuse]
  - The GP practice escalated promptly.
method_learning: |
  Practitioners attended a half-day workshop.
single_agency:
  - agency: Health
    points:
      - Share call-out information with health visitors.
  - agency: Police
    points:
      - Notify health of domestic abuse call-outs within 24 hours.
multi_agency:
  - All agencies should check who else lives in the household.
actions:
  - owner: Designated Nurse, Integrated Care Board
    action: Brief health visiting teams on the notification process.
    due: 2027-01-31
    status: open
audit: |
  A re-audit of 20 case records in six months will check that notifications were shared.
slides: not-applicable
"""

#: The date the tests check against, so that the fixed dates above never become overdue.
TODAY = "2026-11-25"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace(text: str, old: str, new: str) -> str:
    """Edit the VALID text, failing loudly when the edit does not apply."""
    assert old in text, f"{old!r} not in the text"
    return text.replace(old, new, 1)


def _run_in_process(argv: list[str]) -> tuple[int, bytes, bytes]:
    """Run learnsum's console entry point here, with its standard streams captured as bytes."""
    import signal

    from learnsum import entry as cli_module

    out, err = io.BytesIO(), io.BytesIO()
    streams = (sys.stdout, sys.stderr, sys.stdin, sys.argv)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    captured = (io.TextIOWrapper(out, encoding="utf-8", write_through=True),
                io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                                 write_through=True))
    sys.stdout, sys.stderr = captured
    sys.stdin = io.StringIO()
    sys.argv = argv
    code: int = 0
    try:
        cli_module.main()
    except SystemExit as stop:
        if stop.code is None:
            code = 0
        elif isinstance(stop.code, int):
            code = stop.code
        else:
            sys.stderr.write(f"{stop.code}\n")
            code = 1
    finally:
        sys.stdout, sys.stderr, sys.stdin, sys.argv = streams
        for stream in captured:
            stream.flush()
            stream.detach()  # the bytes stay readable
        for number, handler in handlers.items():
            signal.signal(number, handler)
        _forget_cached_state()
    return code, out.getvalue(), err.getvalue()


def _forget_cached_state() -> None:
    """Clear what one run caches from its environment (whether LibreOffice is on PATH, say), so
    that the next run sees its own environment as a fresh process would."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("learnsum.") or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper) \
                    and getattr(value, "__module__", None) == name:
                value.cache_clear()


def _text(data: bytes) -> str:
    """Bytes as `subprocess.run(..., text=True)` gives them: decoded, with universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


_IN_PROCESS = threading.Lock()


def cli(*args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `learnsum` in this process, as a user would in a terminal with NO_COLOR set: the
    exit code and both streams, as `cli_process` returns them. An exception that escapes (a
    traceback for a user) fails the test with that exception (`LEARNSUM_DEBUG` is set)."""
    argv = ["learnsum", *(os.fsdecode(arg) for arg in args)]
    with _IN_PROCESS:
        saved_environ = dict(os.environ)
        saved_cwd = os.getcwd()
        try:
            os.environ.update({"NO_COLOR": "1", **(env or {}), "LEARNSUM_DEBUG": "1"})
            if cwd is not None:
                os.chdir(cwd)
            code, out, err = _run_in_process(argv)
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_environ)
    return subprocess.CompletedProcess(argv, code, _text(out), _text(err))


def cli_process(*args: str | os.PathLike[str], cwd: Path | None = None,
                env: dict[str, str] | None = None, timeout: float = 60,
                input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `learnsum` in a fresh process, as a user or a CI job would (signals, locales, file
    names that are not UTF-8, `python -m learnsum`); `input` is piped to its standard input."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("LEARNSUM_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "learnsum", *map(str, args)],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout,
        input=input,
    )


REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def position_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of `needle` in `text` (its n-th occurrence)."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def requires(*commands: str, why: str = "") -> pytest.MarkDecorator:
    """Skip a test whose outside program is missing here, with the reason; in CI (`CI` set) never
    skip: the test runs and fails, so a missing install step cannot pass unseen."""
    import shutil

    missing = [command for command in commands if shutil.which(command) is None]
    reason = f"needs {', '.join(missing)} {why}".rstrip() + "; `make test` installs it as root"
    return pytest.mark.skipif(bool(missing) and not os.environ.get("CI"), reason=reason)

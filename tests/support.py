"""Shared helpers for the tests: a valid summary to start from, and the CLI as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
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


def cli(*args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `learnsum` in a fresh process, as a user or a CI job would."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("LEARNSUM_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "learnsum", *map(str, args)],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout,
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

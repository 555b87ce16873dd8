"""The package type-checks under mypy --strict (configured in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from support import REPO


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                    reason="mypy is not installed (make test installs it)")
@pytest.mark.skipif(os.environ.get("LEARNSUM_LOWEST_VERSIONS") == "1",
                    reason="types are checked against today's versions (the run on the lowest "
                    "versions proves behaviour; older releases ship fewer type hints)")
def test_mypy_strict_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "src/learnsum"], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

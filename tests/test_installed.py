"""learnsum as installed, in a fresh process: the test command runs this file once on the versions
pip resolves today and once on the lowest versions pyproject.toml allows, so a dependency bound
that is too low fails here (a CLI library that swallows every command, a parser that crashes)."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest

from support import TODAY, VALID, cli, replace, write

COMMANDS = ["validate", "render", "new", "import", "report", "schema", "rules", "themes", "config"]


def test_an_invalid_file_exits_1_naming_its_problem(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", replace(VALID, "case_learning:", "case_learnings:"))
    result = cli("validate", bad.name, "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "bad.yaml:1:1: error missing required key 'case_learning'" in result.stdout
    assert "unknown key 'case_learnings' (did you mean 'case_learning'?)" in result.stdout


def test_a_valid_file_exits_0_and_renders(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", VALID)
    assert cli("validate", "ok.yaml", "--today", TODAY, cwd=tmp_path).returncode == 0
    rendered = cli("render", "ok.yaml", "--format", "md", "--today", TODAY, cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert "Child T" in (tmp_path / "ok.md").read_text(encoding="utf-8")


def test_a_wrong_option_is_a_usage_error() -> None:
    result = cli("validate", "--no-such-option")
    assert result.returncode == 2
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "Traceback" not in result.stderr


def test_the_version_is_the_installed_one() -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"learnsum {importlib.metadata.version('learnsum')}"


def test_json_output_is_one_document(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", VALID)
    result = cli("validate", "ok.yaml", "--output-format", "json", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)

"""`learnsum rules` and rule levels from `.learnsum.yaml`: what a partnership can switch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnsum.rules import REGISTRY
from support import TODAY, VALID, cli, position_of, replace, write

NO_DUE = replace(VALID, "    due: 2027-01-31\n", "")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def rows(output: str) -> dict[str, list[str]]:
    """The table's rows by rule id: [default, here, kind, start of the explanation]."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if len(cells) == 5 and cells[0] in REGISTRY:
            found[cells[0]] = cells[1:]
    return found


def test_rules_lists_every_rule_with_level_and_explanation(repo: Path) -> None:
    result = cli("rules", cwd=repo)
    assert result.returncode == 0
    table = rows(result.stdout)
    assert list(table) == list(REGISTRY)
    for rule in REGISTRY.values():
        default, here, kind, explanation = table[rule.id]
        assert default == rule.level.value and here == default
        assert explanation and rule.summary.startswith(explanation.split("  ")[0][:40])
        assert kind == ("format (always)" if not rule.configurable else rule.category)
    # Markup-like text in an explanation is shown as written.
    assert "[insert ...]" in result.stdout


def test_rules_shows_the_configured_level(repo: Path) -> None:
    write(repo, ".learnsum.yaml", "rules:\n  nhs-number: error\n  action-no-due-date: off\n")
    table = rows(cli("rules", cwd=repo).stdout)
    assert table["nhs-number"][:2] == ["warning", "error"]
    assert table["action-no-due-date"][:2] == ["warning", "off"]
    assert table["postcode"][:2] == ["warning", "warning"]


def test_a_warning_set_to_error_fails_the_check(repo: Path) -> None:
    write(repo, "a.yaml", NO_DUE)
    line, column = position_of(NO_DUE, "owner: Designated")
    before = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert before.returncode == 0
    assert before.stdout.startswith(f"a.yaml:{line}:{column}: warning ")
    write(repo, ".learnsum.yaml", "rules:\n  action-no-due-date: error\n")
    after = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert after.returncode == 1
    assert after.stdout.startswith(f"a.yaml:{line}:{column}: error ")
    assert after.stdout.rstrip().endswith("1 file checked: 1 error, 0 warnings")
    report = json.loads(cli("validate", "a.yaml", "--output-format", "json", "--today", TODAY,
                            cwd=repo).stdout)
    assert [(p["rule"], p["severity"]) for p in report["problems"]] == [
        ("action-no-due-date", "error")]


def test_a_rule_set_off_is_gone_even_in_strict_mode(repo: Path) -> None:
    write(repo, "a.yaml", NO_DUE)
    assert cli("validate", "--strict", "a.yaml", "--today", TODAY, cwd=repo).returncode == 1
    write(repo, ".learnsum.yaml", "rules:\n  action-no-due-date: off\n")
    result = cli("validate", "--strict", "a.yaml", "--today", TODAY, cwd=repo)
    assert result.returncode == 0
    assert result.stdout == "1 file checked: no problems\n"


def test_an_error_can_be_lowered_to_a_warning(repo: Path) -> None:
    # Placeholders are errors once a summary is final; a partnership may decide otherwise.
    text = replace(replace(VALID, "status: draft", "status: final"),
                   "Practitioners attended a half-day workshop.", "TBC")
    write(repo, "a.yaml", text)
    line, column = position_of(text, "TBC")
    before = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert before.returncode == 1
    assert f"a.yaml:{line}:{column}: error " in before.stdout
    write(repo, ".learnsum.yaml", "rules:\n  placeholder-text: warning\n")
    after = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert after.returncode == 0
    assert f"a.yaml:{line}:{column}: warning " in after.stdout


def test_format_rules_cannot_be_configured(repo: Path) -> None:
    write(repo, ".learnsum.yaml", "rules:\n  unknown-theme: off\n")
    for args in (("rules",), ("validate", "a.yaml")):
        write(repo, "a.yaml", VALID)
        result = cli(*args, cwd=repo)
        assert result.returncode == 2
        assert (".learnsum.yaml:2:3: error the rule 'unknown-theme' checks the format itself: "
                "it is always an error and cannot be configured") in result.stdout + result.stderr

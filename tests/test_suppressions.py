"""`# learnsum: disable-line` and `# learnsum: disable-file` comments, as an author writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from learnsum.validate import Suppressions, check_text
from support import TODAY, VALID, cli, position_of, replace, write

DAY = dt.date.fromisoformat(TODAY)

#: VALID with three content warnings on three lines, and a personal identifier inside a block.
AUDIT = "audit: As above\n"
NO_DUE = "  - owner: Designated Nurse, Integrated Care Board\n"
BASE = replace(
    replace(
        replace(VALID, "audit: |\n  A re-audit of 20 case records in six months will check that "
                "notifications were shared.\n", AUDIT),
        "    due: 2027-01-31\n", ""),
    "    The family were known to Early Help.\n",
    "    The family were known to Early Help.\n    Mrs Smithson said so, NHS 943 476 5919.\n",
)


def rules_at(text: str) -> list[tuple[int, str]]:
    """(line, rule) of every problem found in `text`."""
    result = check_text(text, display="t.yaml", today=DAY)
    return [(problem.line, problem.rule) for problem in result.problems]


def line_of(text: str, needle: str) -> int:
    return position_of(text, needle)[0]


def test_the_base_text_has_the_warnings_the_tests_suppress() -> None:
    found = rules_at(BASE)
    assert (line_of(BASE, "As above"), "audit-points-elsewhere") in found
    assert (line_of(BASE, "owner: Designated"), "action-no-due-date") in found
    assert (line_of(BASE, "Mrs Smithson"), "titled-name") in found
    assert (line_of(BASE, "943 476"), "nhs-number") in found
    assert len(found) == 4


def test_disable_line_on_the_line() -> None:
    text = replace(BASE, AUDIT,
                   "audit: As above  # learnsum: disable-line audit-points-elsewhere\n")
    assert sorted(rule for _, rule in rules_at(text)) == ["action-no-due-date", "nhs-number",
                                                          "titled-name"]


def test_disable_line_alone_on_the_line_above() -> None:
    text = replace(BASE, NO_DUE, "  # learnsum: disable-line action-no-due-date\n" + NO_DUE)
    assert "action-no-due-date" not in [rule for _, rule in rules_at(text)]
    assert len(rules_at(text)) == 3


def test_disable_line_names_only_the_rules_it_lists() -> None:
    text = replace(BASE, AUDIT, "audit: As above  # learnsum: disable-line action-no-due-date\n")
    assert (line_of(text, "As above"), "audit-points-elsewhere") in rules_at(text)


def test_disable_line_without_ids_covers_every_content_rule_on_the_line() -> None:
    text = replace(BASE, AUDIT, "# learnsum: disable-line\n" + AUDIT)
    assert "audit-points-elsewhere" not in [rule for _, rule in rules_at(text)]
    # ...and only that line: the next one is checked again.
    after = replace(BASE, AUDIT, AUDIT.rstrip("\n") + "  # learnsum: disable-line\n")
    assert "audit-points-elsewhere" not in [rule for _, rule in rules_at(after)]
    assert "action-no-due-date" in [rule for _, rule in rules_at(after)]


def test_a_comment_above_reaches_only_the_next_line() -> None:
    text = replace(BASE, AUDIT, "# learnsum: disable-line audit-points-elsewhere\n\n" + AUDIT)
    assert "audit-points-elsewhere" in [rule for _, rule in rules_at(text)]


@pytest.mark.parametrize(
    "comment",
    [
        "# learnsum: disable-line rule:audit-points-elsewhere",
        "# learnsum: disable-line rule:nhs-number, rule:audit-points-elsewhere",
        "# learnsum: disable-line nhs-number audit-points-elsewhere",
        "#learnsum:disable-line audit-points-elsewhere",
        "# Learnsum: Disable-Line audit-points-elsewhere",
        "# learnsum: disable-line audit-points-elsewhere # the form says so",
    ],
)
def test_spellings_of_the_comment(comment: str) -> None:
    text = replace(BASE, AUDIT, f"audit: As above  {comment}\n")
    assert "audit-points-elsewhere" not in [rule for _, rule in rules_at(text)]
    assert len(rules_at(text)) == 3


def test_disable_line_on_a_block_of_text_covers_the_whole_block() -> None:
    on_key = replace(BASE, "  precis: |\n", "  precis: |  # learnsum: disable-line nhs-number\n")
    assert sorted(rule for _, rule in rules_at(on_key)) == ["action-no-due-date",
                                                            "audit-points-elsewhere",
                                                            "titled-name"]
    above = replace(BASE, "  precis: |\n", "  # learnsum: disable-line nhs-number titled-name\n"
                    "  precis: |\n")
    assert sorted(rule for _, rule in rules_at(above)) == ["action-no-due-date",
                                                           "audit-points-elsewhere"]
    # Not the next key after the block.
    assert "audit-points-elsewhere" in [rule for _, rule in rules_at(above)]


def test_disable_file_with_and_without_ids() -> None:
    text = "# learnsum: disable-file titled-name, rule:nhs-number\n" + BASE
    assert sorted(rule for _, rule in rules_at(text)) == ["action-no-due-date",
                                                          "audit-points-elsewhere"]
    everything = replace(BASE, "title: Child T\n", "title: Child T  # learnsum: disable-file\n")
    assert rules_at(everything) == []


def test_format_rules_cannot_be_suppressed() -> None:
    theme = replace(BASE, "themes: [information-sharing]\n",
                    "themes: [information-sharng]  # learnsum: disable-line unknown-theme\n")
    found = rules_at("# learnsum: disable-file\n# learnsum: disable-file unknown-theme\n" + theme)
    assert found == [(line_of(theme, "information-sharng") + 2, "unknown-theme")]
    key = replace(BASE, "audit: As above\n",
                  "audit: As above\naudits: x  # learnsum: disable-line unknown-key\n")
    found = rules_at("# learnsum: disable-file unknown-key\n" + key)
    assert (line_of(key, "audits:") + 1, "unknown-key") in found


def test_parse_records_lines_and_ids() -> None:
    parsed = Suppressions.parse(
        "a: 1  # learnsum: disable-line x, rule:y\n# learnsum: disable-line\nb: 2\n"
        "# learnsum: disable-file z\n"
    )
    assert parsed.by_line == {1: frozenset({"x", "y"}), 3: None}
    assert parsed.whole_file == {"z"} and not parsed.whole_file_all
    assert parsed.covers("x", 1) and not parsed.covers("w", 1) and parsed.covers("w", 3)
    assert parsed.covers("z", 99) and not parsed.covers("x", 2)


def test_suppression_changes_the_exit_code_in_strict_mode(tmp_path: Path) -> None:
    text = replace(VALID, "    due: 2027-01-31\n", "")
    write(tmp_path, "a.yaml", text)
    result = cli("validate", "--strict", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    line, column = position_of(text, "owner: Designated")
    assert result.stdout.startswith(f"a.yaml:{line}:{column}: warning ")
    write(tmp_path, "a.yaml", "# learnsum: disable-file action-no-due-date\n" + text)
    result = cli("validate", "--strict", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "1 file checked: no problems\n"

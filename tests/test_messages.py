"""Messages a new user meets: the right "did you mean", values quoted at a bounded length, one
report per blank item, long numbers, and the same rule for a NUL byte in the editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnsum.catalogue import REVIEW_TYPES
from learnsum.suggest import did_you_mean, nearest
from support import TODAY, VALID, cli, replace, write

REVIEW_IDS = [term.id for term in REVIEW_TYPES]


@pytest.mark.parametrize(("typed", "meant"), [
    ("cpsr", "cspr"),  # two letters swapped, not 'cpr' (a Welsh Child Practice Review)
    ("scpr", "cspr"),  # not 'scr'
    ("sra", "sar"),  # not 'scr'
    ("learnign-review", "learning-review"),
    ("case mapping", "case-mapping"),
])
def test_a_swapped_pair_of_letters_suggests_the_review_type_meant(typed: str, meant: str) -> None:
    assert nearest(typed, REVIEW_IDS) == meant


def test_two_equally_close_values_are_both_offered_and_neither_chosen() -> None:
    assert nearest("abd", ["abc", "abe"]) is None
    assert did_you_mean("abd", ["abc", "abe"]) == " (did you mean 'abc' or 'abe'?)"


def test_nothing_close_suggests_nothing() -> None:
    assert nearest("xyz", REVIEW_IDS) is None
    assert did_you_mean("xyz", REVIEW_IDS) == ""


def test_validate_suggests_cspr_for_cpsr(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", replace(VALID, "type: learning-review", "type: cpsr"))
    result = cli("validate", "--today", TODAY, path)
    assert result.returncode == 1
    assert "'cpsr' is not a valid review type (did you mean 'cspr'?)" in result.stdout


HUGE = "a" * 200_000

#: Every place a new user found a whole value quoted, with a huge value written there.
HUGE_VALUES = [
    ("type: learning-review", f"type: {HUGE}"),
    ("themes: [information-sharing]", f"themes: [{HUGE}]"),
    ("  - agency: Police", f"  - agency: {HUGE}"),
    ("completed: 2024-03-01", f"completed: {HUGE}"),
    ("incident: 2023-06", f"incident: {HUGE}"),
    ("kind: concern", f"kind: {HUGE}"),
    ("status: draft", f"status: {HUGE}"),
    ("slides: not-applicable", f"slides: {HUGE}"),
    ("status: open", f"status: {HUGE}"),
    ("The GP practice escalated promptly.", f"'[insert {HUGE}]'"),
    ("title: Child T", f"title: {'T' * 500_000}"),
    ("title: Child T", f"title: '[insert {'T' * 500_000}]'"),
    ("reference: TEST-1", f"reference: {HUGE}"),
    ("partnership: Testshire Safeguarding Children Partnership", f"partnership: {HUGE}"),
    ("audit: |", f"audit: {HUGE}\nold_audit: |"),
    ("due: 2027-01-31", f"due: {HUGE}"),
    ("  - All agencies should check who else lives in the household.", f"  - {{{HUGE}: 1}}"),
    ("status: draft", f"status: draft  # learnsum: disable-line {HUGE}"),
    ("learnsum: 1", f"learnsum: 1\n{HUGE}: 1"),
    ("learnsum: 1", f"learnsum: 1\n{'1' * 5_000}: 1"),
]


@pytest.mark.parametrize(("old", "new"), HUGE_VALUES, ids=[old for old, _ in HUGE_VALUES])
@pytest.mark.parametrize("form", ["text", "json"])
def test_no_message_quotes_a_huge_value_whole(tmp_path: Path, old: str, new: str,
                                              form: str) -> None:
    path = write(tmp_path, "t.yaml", replace(VALID, old, new))
    result = cli("validate", "--today", TODAY, "--format", form, path)
    assert result.returncode in (0, 1), result.stderr
    for line in result.stdout.splitlines():
        assert len(line) < 1_000, line[:300]


def test_a_huge_value_is_quoted_by_its_start_and_an_ellipsis(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", replace(VALID, "type: learning-review", f"type: {HUGE}"))
    result = cli("validate", "--today", TODAY, path)
    assert result.returncode == 1
    assert f"'{'a' * 99}…' is not a valid review type" in result.stdout


LONG_NUMBER = "1" * 5_000  # more digits than Python reads as an integer (4300)


def test_a_number_too_long_to_read_stays_the_text_typed_in_a_text_field(tmp_path: Path) -> None:
    from learnsum.loader import Document, load_string

    document = load_string(replace(VALID, "reference: TEST-1", f"reference: {LONG_NUMBER}"), "t")
    assert isinstance(document, Document)
    assert document.data["reference"] == LONG_NUMBER
    path = write(tmp_path, "t.yaml", replace(VALID, "reference: TEST-1",
                                             f"reference: {LONG_NUMBER}"))
    result = cli("validate", "--today", TODAY, path)
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_a_number_too_long_to_read_where_a_date_goes_is_reported_there(tmp_path: Path) -> None:
    text = replace(VALID, "completed: 2024-03-01", f"completed: {'9' * 5_000}")
    text = replace(text, "reference: TEST-1", f"reference: {LONG_NUMBER}")
    result = cli("validate", "--today", TODAY, write(tmp_path, "t.yaml", text))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 't.yaml'}:6:12: error 'completed': '{'9' * 99}…' "
                               "is not a date"), lines[0][:300]
    assert lines[0].endswith("[invalid-date]")
    assert "set_int_max_str_digits" not in result.stdout
    assert "yaml-syntax" not in result.stdout


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("case_learning:\n  - text: Health visitors did not know of the police call-outs.\n"
     "    kind: concern\n    themes: [information-sharing, domestic-abuse]\n"
     "  - The GP practice escalated promptly.\n", 'case_learning: [""]\n',
     "'case_learning' (What you learnt about the case: key themes/early learning) is empty"),
    ("      - Notify health of domestic abuse call-outs within 24 hours.", '      - " "',
     "is empty; it is required"),
])
def test_a_list_of_blank_items_is_reported_once(tmp_path: Path, old: str, new: str,
                                                expected: str) -> None:
    result = cli("validate", "--today", TODAY, write(tmp_path, "t.yaml", replace(VALID, old, new)))
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if "[empty-section]" in line]
    assert len(problems) == 1, problems
    assert expected in problems[0]


def test_a_blank_item_among_others_is_reported_as_that_item(tmp_path: Path) -> None:
    text = replace(VALID, "  - The GP practice escalated promptly.", '  - ""')
    result = cli("validate", "--today", TODAY, write(tmp_path, "t.yaml", text))
    problems = [line for line in result.stdout.splitlines() if "[empty-section]" in line]
    assert len(problems) == 1, problems
    assert ":21:5: error 'case_learning > item 2' is empty" in problems[0]


@pytest.mark.parametrize("text", ["learnsum: 1\ntitle: x\x00y\n",
                                  "learnsum: 1\r\ntitle: x\x00y\r\n"])
def test_a_nul_character_is_the_same_problem_in_the_editor_as_in_validate(tmp_path: Path,
                                                                          text: str) -> None:
    from learnsum.lsp.analysis import Configs, diagnostics

    path = tmp_path / "t.yaml"
    path.write_bytes(text.encode())
    result = cli("validate", "--today", TODAY, path)
    assert result.returncode == 1
    assert f"{path}:2:9: error this is a binary file, not YAML text [not-text]" in result.stdout
    [diagnostic] = diagnostics(text, path, Configs())
    assert diagnostic.code == "not-text"
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (1, 8)


def test_the_editor_offers_the_one_value_meant_and_no_guess_between_two() -> None:
    from lsprotocol import types as lsp

    from learnsum.lsp.analysis import SOURCE, Configs, code_actions, diagnostics

    text = replace(VALID, "type: learning-review", "type: cpsr")
    [found] = [d for d in diagnostics(text, None, Configs()) if d.code == "unknown-value"]
    titles = [action.title for action in code_actions(text, "u", [found])]
    assert "Change to 'cspr'" in titles
    line = text.splitlines().index("  type: cpsr")
    tie = lsp.Diagnostic(
        range=lsp.Range(lsp.Position(line, 8), lsp.Position(line, 12)),
        message="'cpsr' is not a valid thing (did you mean 'abcd' or 'abce'?)",
        code="unknown-value", source=SOURCE)
    assert not [a for a in code_actions(text, "u", [tie]) if a.title.startswith("Change to")]

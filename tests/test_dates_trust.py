"""Dates an author can trust: two-digit years, impossible dates that do not hide other errors,
messages that say where and what, and the option and key mistakes authors make."""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn

import learnsum.dates
from learnsum.dates import parse_date
from learnsum.problems import Problem
from learnsum.rules import REGISTRY
from learnsum.validate import check_text
from render_helpers import read_docx
from support import TODAY, VALID, cli, position_of, replace, write

TODAY_DATE = dt.date.fromisoformat(TODAY)


def problems(text: str) -> list[Problem]:
    return check_text(text, display="s.yaml", today=TODAY_DATE).problems


def lines(text: str) -> list[str]:
    """The problems as `learnsum validate` prints them."""
    return [f"{p.path}:{p.line}:{p.column}: {p.severity.value} {p.message} [{p.rule}]"
            for p in problems(text)]


def at(text: str, needle: str) -> str:
    line, column = position_of(text, needle)
    return f"s.yaml:{line}:{column}:"


# -- 1. two-digit years -----------------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), [
    ("31.03.28", dt.date(2028, 3, 31)),
    ("25.09.15", dt.date(2015, 9, 25)),
    ("20/11/15", dt.date(2015, 11, 20)),
    ("01-01-00", dt.date(2000, 1, 1)),
    ("25.09.98", dt.date(2098, 9, 25)),
    ("25.09.1998", dt.date(1998, 9, 25)),
])
def test_a_two_digit_year_is_always_20yy(written: str, meant: dt.date) -> None:
    assert parse_date(written) == meant


@pytest.mark.parametrize("year", [2001, 2026, 2097])
def test_reading_a_date_does_not_depend_on_the_day_it_runs(
    monkeypatch: pytest.MonkeyPatch, year: int
) -> None:
    class Clock(dt.date):
        @classmethod
        def today(cls) -> Clock:
            return cls(year, 6, 1)

    clock = types.SimpleNamespace(**{name: getattr(dt, name) for name in dir(dt)
                                     if not name.startswith("__")})
    clock.date = Clock
    monkeypatch.setattr(learnsum.dates, "dt", clock)
    assert [parse_date(text) for text in ("31.03.28", "25.09.98", "20.11.15")] == [
        dt.date(2028, 3, 31), dt.date(2098, 9, 25), dt.date(2015, 11, 20)]


def test_a_due_date_with_a_two_digit_year_is_not_a_century_ago(tmp_path: Path) -> None:
    text = replace(VALID, "due: 2027-01-31", "due: 31.03.28")
    source = write(tmp_path, "s.yaml", text)
    checked = cli("validate", source, "--strict", "--today", TODAY)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == "1 file checked: no problems\n"
    out = tmp_path / "s.docx"
    rendered = cli("render", source, "--format", "docx", "-o", out, "--today", TODAY)
    assert rendered.returncode == 0, rendered.stderr
    document: Any = read_docx(out)
    shown = " ".join(node.text or "" for node in document.element.iter(qn("w:t")))
    assert "31 March 2028" in shown
    assert "1928" not in shown


def test_an_action_due_before_the_summary_was_completed_is_warned() -> None:
    text = replace(replace(VALID, "due: 2027-01-31", "due: 31/12/23"),
                   "    status: open\n", "    status: done\n")
    assert lines(text) == [
        f"{at(text, '31/12/23')} warning action 1 is due 31 December 2023, before the summary "
        "was completed (1 March 2024); check the date, especially its year "
        "[action-due-before-completed]"]
    assert check_text(text, today=TODAY_DATE).ok  # a warning: --strict fails on it


def test_an_action_due_on_or_after_completion_is_not_warned() -> None:
    for due in ("2024-03-01", "02.03.24", "2027-01-31"):
        text = replace(replace(VALID, "due: 2027-01-31", f"due: {due}"),
                       "    status: open\n", "    status: done\n")
        assert lines(text) == [], due


def test_due_before_completed_is_a_rule_like_the_others() -> None:
    rule = REGISTRY["action-due-before-completed"]
    assert (rule.level.value, rule.category, rule.configurable) == ("warning", "content", True)
    text = replace(replace(VALID, "due: 2027-01-31",
                           "due: 2023-12-31  # learnsum: disable-line action-due-before-completed"),
                   "    status: open\n", "    status: done\n")
    assert lines(text) == []


def test_the_rules_command_and_docs_list_the_new_rule() -> None:
    result = cli("rules")
    assert result.returncode == 0
    assert "action-due-before-completed" in result.stdout
    repo = Path(__file__).resolve().parent.parent
    assert "action-due-before-completed" in (repo / "README.md").read_text(encoding="utf-8")
    format_doc = (repo / "docs" / "format.md").read_text(encoding="utf-8")
    assert "action-due-before-completed" in format_doc
    assert "`98` is 2098" in format_doc


# -- 2. an impossible ISO date is one error among the others ----------------------------------

#: VALID with four mistakes besides the date.
FOUR_MISTAKES = replace(replace(replace(replace(
    VALID, "title: Child T\n", ""),
    "type: learning-review", "type: learnin-review"),
    "audit: |", "audits: |"),
    "  incident: 2023-06\n", "  incident: 2023-06\n  precis2: x\n")


@pytest.mark.parametrize(("written", "why"), [
    ("2024-13-45", "there is no month 13"),
    ("31/02/2024", "February 2024 has 29 days"),
    ("2023-02-29", "February 2023 has 28 days"),
])
def test_an_impossible_date_is_one_error_among_all_the_others(written: str, why: str) -> None:
    text = replace(FOUR_MISTAKES, "completed: 2024-03-01", f"completed: {written}")
    found = problems(text)
    assert sorted(p.rule for p in found) == [
        "invalid-date", "missing-key", "missing-key", "unknown-key", "unknown-key",
        "unknown-value"]
    date = next(p for p in found if p.rule == "invalid-date")
    assert (date.line, date.column) == position_of(text, written)
    assert date.message == f"'completed': '{written}' is not a real date ({why})"


def test_impossible_iso_dates_in_actions_and_updates_are_reported_at_their_keys() -> None:
    text = replace(VALID, "due: 2027-01-31", "due: 2027-02-29")
    text = replace(text, "slides: not-applicable\n", "slides: not-applicable\nupdates:\n"
                   "  - date: 2024-04-31\n    from: Service Manager\n    text: An update.\n")
    assert lines(text) == [
        f"{at(text, '2027-02-29')} error 'actions[1].due': '2027-02-29' is not a real date "
        "(February 2027 has 28 days) [invalid-date]",
        f"{at(text, '2024-04-31')} error 'updates[1].date': '2024-04-31' is not a real date "
        "(April has 30 days) [invalid-date]",
    ]


def test_an_impossible_iso_date_on_the_command_line_output(tmp_path: Path) -> None:
    text = replace(FOUR_MISTAKES, "completed: 2024-03-01", "completed: 2024-13-45")
    write(tmp_path, "s.yaml", text)
    result = cli("validate", "s.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.endswith("1 file checked: 6 errors, 0 warnings\n")
    line, column = position_of(text, "2024-13-45")
    assert (f"s.yaml:{line}:{column}: error 'completed': '2024-13-45' is not a real date "
            "(there is no month 13) [invalid-date]\n") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# -- 3. messages ------------------------------------------------------------------------------


def test_an_impossible_iso_date_names_its_key_and_why() -> None:
    text = replace(VALID, "completed: 2024-03-01", "completed: 2019-09-31")
    assert lines(text) == [
        f"{at(text, '2019-09-31')} error 'completed': '2019-09-31' is not a real date "
        "(September has 30 days) [invalid-date]"]


@pytest.mark.parametrize(("written", "meant"), [
    ("09/25/2019", "25/09/2019"),
    ("09.25.19", "25.09.19"),
    ("2019-25-09", "2019-09-25"),
])
def test_a_month_first_date_suggests_the_day_first_form(written: str, meant: str) -> None:
    text = replace(VALID, "completed: 2024-03-01", f"completed: {written}")
    [line] = lines(text)
    assert line.startswith(f"{at(text, written)} error 'completed': '{written}' is not a real "
                           "date (there is no month 25); did you mean ")
    assert f"did you mean {meant}? " in line
    assert line.endswith(" [invalid-date]")


def test_an_ambiguous_date_is_read_day_first_without_a_guess() -> None:
    assert parse_date("09/10/2019") == dt.date(2019, 10, 9)
    text = replace(VALID, "completed: 2024-03-01", "completed: 31/09/2019")
    [line] = lines(text)
    assert "did you mean" not in line and "(September has 30 days)" in line


@pytest.mark.parametrize(("args", "message"), [
    (("render", "s.yaml", "--format", "doc"),
     "Invalid value for '--format' / '-f': 'doc' is not a format learnsum renders (did you "
     "mean 'docx'?); use one of: docx, md, html, pdf, pptx, briefing, briefing-pdf, all"),
    (("validate", "s.yaml", "--output-format", "jsn"),
     "'jsn' is not an output format of validate (did you mean 'json'?); use one of: text, "
     "json, github, sarif, gitlab"),
    (("report", ".", "--format", "docx"),
     "'docx' is not a report format; use one of: html, md, csv"),
])
def test_an_unknown_format_option_says_so_in_learnsums_words(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    write(tmp_path, "s.yaml", VALID)
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Value error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "s.doc").exists()


def test_a_format_in_capitals_is_accepted(tmp_path: Path) -> None:
    write(tmp_path, "s.yaml", VALID)
    result = cli("validate", "s.yaml", "--output-format", "JSON", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.lstrip().startswith("{")


@pytest.mark.parametrize(("key", "value", "belongs"), [
    ("purpose", "x", "under `review:`"),
    ("type", "scr", "under `review:`"),
    ("incident", "2023-06", "under `case:`"),
    ("precis", "x", "under `case:`"),
    ("owner", "Designated Nurse", "in each item of `actions:`"),
])
def test_a_nested_key_at_the_top_level_says_where_it_belongs(
    key: str, value: str, belongs: str
) -> None:
    text = replace(VALID, "title: Child T\n", f"title: Child T\n{key}: {value}\n")
    [line] = lines(text)
    assert line.startswith(f"{at(text, f'{key}: {value}')} error unknown key '{key}' at the "
                           f"top level; it belongs {belongs}; allowed here: learnsum, title, ")
    assert line.endswith(" [unknown-key]")


def test_a_top_level_key_indented_under_another_says_where_it_belongs() -> None:
    text = replace(VALID, "  purpose: A local",
                   "  completed: 2024-03-01\n  incident: 2023-06\n  purpose: A local")
    assert lines(text) == [
        f"{at(text, '  completed:')[:-2]}3: error unknown key 'completed' in 'review'; it belongs "
        "at the top level (not indented); allowed here: type, purpose, label [unknown-key]",
        f"{at(text, '  incident:')[:-2]}3: error unknown key 'incident' in 'review'; it belongs "
        "under `case:`; allowed here: type, purpose, label [unknown-key]",
    ]


def test_a_misspelt_key_still_gets_the_nearest_key() -> None:
    text = replace(VALID, "audit: |", "audits: |")
    assert any(f"{at(text, 'audits')} error unknown key 'audits' (did you mean 'audit'?); "
               "allowed here: " in line for line in lines(text))


def test_a_fresh_summary_reports_each_placeholder_date_once(tmp_path: Path) -> None:
    assert cli("new", "s.yaml", "--today", TODAY, cwd=tmp_path).returncode == 0
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    result = cli("validate", "s.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    reported = result.stdout.splitlines()[:-1]
    by_line: dict[str, list[str]] = {}
    for problem in reported:
        by_line.setdefault(problem.split(":")[1], []).append(problem)
    assert all(len(found) == 1 for found in by_line.values()), by_line
    incident = re.search(r"'\[insert month/year[^']*\]'", text)
    due = re.search(r"'\[insert date[^']*\]'", text)
    assert incident and due
    for match, key, what in ((incident, "case.incident", "a month"),
                             (due, "actions[1].due", "a date")):
        line, column = position_of(text, match.group(0))
        [problem] = by_line[str(line)]
        assert problem.startswith(f"s.yaml:{line}:{column}: error '{key}': "
                                  f"{match.group(0)} is a placeholder, not {what}; use ")
        assert problem.endswith("[invalid-date]")


def test_a_placeholder_due_date_is_one_error_not_two() -> None:
    text = replace(VALID, "due: 2027-01-31", "due: TBC")
    assert lines(text) == [
        f"{at(text, 'TBC')} error 'actions[1].due': 'TBC' is a placeholder, not a date; use "
        "2015-09-25, 25/09/2015, 25.09.15 or 25 September 2015 (day first) [invalid-date]"]


def test_a_placeholder_elsewhere_is_still_a_warning() -> None:
    text = replace(VALID, "Practitioners attended a half-day workshop.", "TBC")
    [line] = lines(text)
    assert line.endswith("[placeholder-text]") and " warning placeholder 'TBC'" in line

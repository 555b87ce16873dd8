"""A weekday written before a date: abbreviated as authors write it, checked against the date."""

from __future__ import annotations

import datetime as dt

import pytest

from learnsum.dates import WrongWeekday, parse_date, parse_month
from learnsum.validate import check_text
from support import TODAY, VALID, position_of, replace


@pytest.mark.parametrize("written", [
    "Sat 1 June 2024", "Sat. 1 June 2024", "Saturday, 1 June 2024", "saturday 1st June 2024",
])
def test_a_matching_weekday_in_any_usual_form_is_read(written: str) -> None:
    assert parse_date(written) == dt.date(2024, 6, 1)


@pytest.mark.parametrize(("weekday", "day"), [
    ("Mon", 3), ("Tue", 4), ("Tues", 4), ("Wed", 5), ("Weds", 5), ("Thu", 6), ("Thur", 6),
    ("Thurs", 6), ("Fri", 7), ("Sat", 8), ("Sun", 9),
])
def test_every_usual_weekday_abbreviation_is_read(weekday: str, day: int) -> None:
    assert parse_date(f"{weekday} {day} June 2024") == dt.date(2024, 6, day)


def test_a_weekday_that_contradicts_the_date_is_an_error_naming_the_real_one() -> None:
    with pytest.raises(WrongWeekday, match="1 June 2024 was a Saturday, not a Monday"):
        parse_date("Monday 1 June 2024")
    with pytest.raises(WrongWeekday, match="was a Saturday"):
        parse_month("Mon 1 June 2024")


def test_a_wrong_weekday_is_an_invalid_date_error_at_the_value() -> None:
    text = replace(VALID, "completed: 2024-03-01", "completed: Monday 1 June 2024")
    [problem] = check_text(text, display="s.yaml",
                           today=dt.date.fromisoformat(TODAY)).problems
    assert problem.rule == "invalid-date"
    assert problem.severity.value == "error"
    assert (problem.line, problem.column) == position_of(text, "Monday 1 June 2024")
    assert problem.message == (
        "'completed': 'Monday 1 June 2024' has the wrong weekday (1 June 2024 was a Saturday, "
        "not a Monday); correct the weekday or the date")

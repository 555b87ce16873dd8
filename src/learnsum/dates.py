"""Dates as UK authors type them: always day first, never a guessed month-first reading."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from . import patterns as _patterns
from .lazy_re import compiled_on_use
from .records import record

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_NUMBERS[_name.lower()] = _number
    _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS["sept"] = 9

_NUMERIC_DATE = _patterns.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_ISO_DATE = _patterns.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: A weekday written before a date, in full or with its usual abbreviations ("Tues", "Thurs").
_WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAYS[_name.lower()] = _number
    _WEEKDAYS[_name[:3].lower()] = _number
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
#: Every way of writing a weekday that learnsum reads, longest first (the editor schema uses it).
WEEKDAY_WORDS: tuple[str, ...] = tuple(sorted(_WEEKDAYS, key=len, reverse=True))
_wordy_date = compiled_on_use(
    r"(?:(?P<weekday>" + "|".join(WEEKDAY_WORDS) + r")\.?,?\s+)?"
    r"(?P<day>\d{1,2})\s*(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_ISO_MONTH = _patterns.compile(r"(\d{4})-(\d{1,2})")
_numeric_month = compiled_on_use(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_wordy_month = compiled_on_use(r"([A-Za-z]+)\.?,?(?:\s+|\s*[-/]\s*)(\d{4})")


class DateFormatError(ValueError):
    """A date that cannot be read, with the forms that can."""


class ImpossibleDate(DateFormatError):
    """A date written in a form learnsum reads, that does not exist (31/09/2019)."""


class WrongWeekday(ImpossibleDate):
    """A date whose weekday contradicts it ("Monday 1 June 2024": that was a Saturday)."""


DATE_FORMS_HELP = "use 2015-09-25, 25/09/2015, 25.09.15 or 25 September 2015 (day first)"
MONTH_FORMS_HELP = "use 2014-12, December 2014, 12/2014 or a full date"


def _full_year(text: str) -> int:
    """A two-digit year is always 20yy (15 is 2015, 98 is 2098): the same answer whatever day
    the file is read, and the century every date in a summary written since 2000 belongs to.
    A year before 2000 is written with four digits."""
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _days_in(year: int, month: int) -> int:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _why_not_real(year: int, month: int, day: int) -> str:
    """Why year-month-day is not a date, in words ("September has 30 days")."""
    if not 1 <= year <= dt.MAXYEAR:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    if month == 2:
        return f"February {year} has {_days_in(year, month)} days"
    return f"{MONTH_NAMES[month - 1]} has {_days_in(year, month)} days"


def _make_date(year: int, month: int, day: int, original: str, hint: str = "") -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ImpossibleDate(
            f"'{original}' is not a real date ({_why_not_real(year, month, day)}){hint}"
        ) from None


def _is_real(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _month_first_hint(text: str, first: str, second: str, year_text: str) -> str:
    """'; did you mean 25/09/2019? ...' when `first/second/year` reads as month first and
    the other way round is a real date (never used to guess: the date stays an error)."""
    month, day = int(first), int(second)
    if month > 12 or day <= 12 or not _is_real(_full_year(year_text), month, day):
        return ""
    separator = next((char for char in text if char in "/.-"), "/")
    return (f"; did you mean {second}{separator}{first}{separator}{year_text}? "
            "dates are day first")


def _iso_swapped_hint(year: int, month: int, day: int) -> str:
    """'; did you mean 2019-09-25? ...' for year-day-month (2019-25-09)."""
    if month <= 12 or not _is_real(year, day, month):
        return ""
    return f"; did you mean {year:04d}-{day:02d}-{month:02d}? ISO dates are year-month-day"


_placeholder = compiled_on_use(r"\s*(?:\[[^\]]*\]|<[^>]*>|TBC|TBA|TBD|TODO)\s*", re.IGNORECASE)


def _unreadable(value: str, what: str, forms: str) -> DateFormatError:
    if _placeholder().fullmatch(value):
        return DateFormatError(f"'{value}' is a placeholder, not {what}; {forms}")
    return DateFormatError(f"'{value}' is not {what} I can read; {forms}")


def _check_weekday(day: dt.date, weekday: str | None, original: str) -> dt.date:
    """`day`, when the weekday written before it (if any) is the day's own; otherwise an
    error naming the real one: which of the two the author meant cannot be known."""
    if weekday is None or _WEEKDAYS[weekday.lower()] == day.weekday():
        return day
    raise WrongWeekday(
        f"'{original}' has the wrong weekday ({uk_long(day)} was a "
        f"{WEEKDAY_NAMES[day.weekday()]}, not a {WEEKDAY_NAMES[_WEEKDAYS[weekday.lower()]]}); "
        "correct the weekday or the date"
    )


def parse_date(value: object) -> dt.date:
    """Read a date in ISO or UK day-first form; raise DateFormatError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DateFormatError(f"expected a date, got {describe_type(value)}; {DATE_FORMS_HELP}")
    text = " ".join(value.split())
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        return _make_date(year, month, day, value, _iso_swapped_hint(year, month, day))
    if match := _NUMERIC_DATE.fullmatch(text):
        return _make_date(_full_year(match[3]), int(match[2]), int(match[1]), value,
                          _month_first_hint(text, match[1], match[2], match[3]))
    if match := _wordy_date().fullmatch(text):
        named = _MONTH_NUMBERS.get(match["month"].lower())
        if named is not None:
            written = _make_date(int(match["year"]), named, int(match["day"]), value)
            return _check_weekday(written, match["weekday"], value)
    raise _unreadable(value, "a date", DATE_FORMS_HELP)


@record(frozen=True, order=True)
class Month:
    """A month and year, optionally with the day an author gave (kept, shown as month/year)."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def parse_month(value: object) -> Month:
    """Read a month/year (or a full date, kept as given); raise DateFormatError otherwise."""
    if isinstance(value, (dt.date, dt.datetime)):
        return Month(value.year, value.month, value.day)
    if isinstance(value, Month):
        return value
    if not isinstance(value, str):
        raise DateFormatError(f"expected a month, got {describe_type(value)}; {MONTH_FORMS_HELP}")
    text = " ".join(value.split())
    month: int | None = None
    year = 0
    if match := _ISO_MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
    elif match := _numeric_month().fullmatch(text):
        year, month = int(match[2]), int(match[1])
    elif match := _wordy_month().fullmatch(text):
        year, month = int(match[2]), _MONTH_NUMBERS.get(match[1].lower())
    else:
        try:
            full = parse_date(text)
        except ImpossibleDate:
            raise
        except DateFormatError:
            pass
        else:
            return Month(full.year, full.month, full.day)
    if month is None:
        raise _unreadable(value, "a month", MONTH_FORMS_HELP)
    if not 1 <= month <= 12:
        raise DateFormatError(f"'{value}' has no month {month}; {MONTH_FORMS_HELP}")
    return Month(year, month)


def uk_long(value: dt.date, months: Sequence[str] = MONTH_NAMES) -> str:
    """25 September 2015: the form UK public bodies write dates in (with `months`, the
    partnership's own month names)."""
    return f"{value.day} {months[value.month - 1]} {value.year}"


def month_year(value: Month, months: Sequence[str] = MONTH_NAMES) -> str:
    """September 2015 (with `months`, the partnership's own month names)."""
    return f"{months[value.month - 1]} {value.year}"


def describe_type(value: object) -> str:
    """Name a YAML value's type the way an author thinks of it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__

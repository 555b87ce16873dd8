"""Dates and months written in the text of a Word form ('25 th September 2015', '12/2014')."""

from __future__ import annotations

import datetime as dt
import re

from ..dates import DateFormatError, Month, parse_date, parse_month

_ORDINAL_GAP = re.compile(r"(\d)\s+(st|nd|rd|th)\b", re.IGNORECASE)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE_IN_TEXT = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{4}|\d{2})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS},?\s+\d{{4}}\b",
    re.IGNORECASE,
)
MONTH_IN_TEXT = re.compile(rf"\b{_MONTHS},?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{4}}\b", re.IGNORECASE)


def tidy_date_text(text: str) -> str:
    """"25 th September" as typed (or as Word extracted it) → "25th September"."""
    return _ORDINAL_GAP.sub(r"\1\2", " ".join(text.split()))


def read_date(text: str) -> dt.date | None:
    """The date `text` is (or, failing that, the first date in it), read day-first."""
    tidy = tidy_date_text(text).strip().rstrip(".")
    try:
        return parse_date(tidy)
    except DateFormatError:
        pass
    for match in DATE_IN_TEXT.finditer(tidy):
        try:
            return parse_date(match.group(0))
        except DateFormatError:
            continue
    return None


def first_month(text: str) -> Month | None:
    """The month of the first date, or month/year, mentioned in `text`."""
    tidy = tidy_date_text(text)
    found: list[tuple[int, Month]] = []
    for match in DATE_IN_TEXT.finditer(tidy):
        try:
            day = parse_date(match.group(0))
        except DateFormatError:
            continue
        found.append((match.start(), Month(day.year, day.month)))
        break
    for match in MONTH_IN_TEXT.finditer(tidy):
        try:
            month = parse_month(match.group(0).replace(",", ""))
        except DateFormatError:
            continue
        found.append((match.start(), Month(month.year, month.month)))
        break
    return min(found)[1] if found else None

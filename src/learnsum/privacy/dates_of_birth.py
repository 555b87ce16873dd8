"""Dates next to a date-of-birth label; other dates are left alone."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings
from .text import same_length_lower

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_ORD = r"(?:\s?(?:st|nd|rd|th))?"
_MON_NUM = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
# Dates as UK authors type them (always day first), ISO dates, and month + year. A year on its
# own is not matched: the domain notes say a date of birth should be reduced to an age or year.
_DATE = (
    rf"(?:{_YEAR4}-{_MON_NUM}-{_DAY}"  # 2010-02-01
    # 01/02/2010, 1.2.10, 01-02-2010
    rf"|{_DAY}(?P<sep>[/.\-]){_MON_NUM}(?P=sep)(?:{_YEAR4}|[0-9]{{2}})"
    rf"|{_DAY}{_ORD}(?:\s+of)?\s+{_MONTH},?\s+(?:{_YEAR4}|'?[0-9]{{2}})"  # 1st February 2010
    rf"|{_MONTH}\s+{_DAY}{_ORD},?\s+{_YEAR4}"  # February 1st, 2010
    rf"|{_MONTH},?\s+{_YEAR4}"  # February 2010
    rf"|{_MON_NUM}/{_YEAR4}"  # 02/2010
    rf"|{_DAY}{_ORD}(?:\s+of)?\s+{_MONTH}"  # 1st February (a birthday, still identifying)
    rf")"
)
# Matched against same_length_lower(text), so written in lower case and compiled without
# re.IGNORECASE (which would stop the regex engine from skipping ahead).
_DATE_PATTERN = rf"(?P<date>{_DATE})(?![0-9a-z])"
# Where a date can start: a run of digits or a month's name. The date pattern is only tried at
# these places (and not after a letter or digit): tried at every position, it costs ten times
# as much.
_DATE_START_PATTERN = r"[0-9]+|j(?:an|u[nl])|feb|ma[ry]|a(?:pr|ug)|sep|oct|nov|dec"
# Labels that introduce a date of birth. "born" alone must be followed at once by the date.
# Each alternative starts with a literal letter, so the regex engine can skip ahead to a "d" or
# a "b"; "born" is told apart from the other labels afterwards.
_DOB_LABEL_PATTERN = (
    r"(?:d(?:(?:\. ?)?o(?:\. ?)?b(?![a-z])\.?|ate\s+of\s+birth)|b(?:irth\s?-?date|orn))(?![a-z])"
)
# Every label contains one of these; text with none of them has no date of birth to find.
# ("DOB", "D.O.B.", "D. O. B." are labels; "D O B", spaced without dots, is not looked for.)
_DOB_HINTS = ("birth", "born", "dob", "do.b", "do. b", "d.o", "d. o")
# What may stand between a label and its date: "DOB: ", "date of birth of Child O - ",
# "born on the ".
_LABEL_GAP_MAX = 28
_LABEL_GAP_BAD_PATTERN = r"[.!?;]\s|\n|(?<![0-9])[12][0-9]{3}(?![0-9])"
# After a bare "born", the date must come at once: "born 3 May 2012", "born: 03/02/2013".
_BORN_GAP_PATTERN = r"[ \t]*[:\-\u2013]?[ \t]*"
_BORN_ON_PATTERN = r"\s+(?:on|in)\b"  # "born on", "born in": a label like "DOB"
_DATE_BEFORE_LABEL_GAP_PATTERN = r"\s*[(\[]\s*$"


class Patterns(CompiledOnUse):
    """The regular expressions of dates and their labels, each compiled when first used."""

    __slots__ = ("date", "date_start", "label", "label_gap_bad", "born_gap", "born_on",
                 "date_before_label_gap")

    SOURCES: ClassVar[Mapping[str, str]] = {
        "date": _DATE_PATTERN,
        "date_start": _DATE_START_PATTERN,
        "label": _DOB_LABEL_PATTERN,
        "label_gap_bad": _LABEL_GAP_BAD_PATTERN,
        "born_gap": _BORN_GAP_PATTERN,
        "born_on": _BORN_ON_PATTERN,
        "date_before_label_gap": _DATE_BEFORE_LABEL_GAP_PATTERN,
    }

    date: re.Pattern[str]
    date_start: re.Pattern[str]
    label: re.Pattern[str]
    label_gap_bad: re.Pattern[str]
    born_gap: re.Pattern[str]
    born_on: re.Pattern[str]
    date_before_label_gap: re.Pattern[str]


def _dates(
    patterns: Patterns, lower: str, pos: int, start_before: int, endpos: int, first_only: bool
) -> list[re.Match[str]]:
    """The dates that start in lower[pos:start_before], not inside a word or number, and end by
    `endpos`."""
    found: list[re.Match[str]] = []
    free_from = pos  # no date starts inside the previous one ("01/02/2010" holds "02/2010")
    for start in patterns.date_start.finditer(lower, pos, start_before):
        at = start.start()
        if at < free_from or (at > 0 and lower[at - 1].isalnum()):
            continue
        m = patterns.date.match(lower, at, endpos)
        if m is not None:
            found.append(m)
            if first_only:
                break
            free_from = m.end()
    return found


def find_dobs(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """Dates next to a date-of-birth label; meeting and incident dates are left alone.

    The date must follow its label closely ("DOB: 01/02/2010", "date of birth of Child O -
    1.2.10", "born on the 3rd of May 2012"), or stand just before a bracketed label
    ("01/02/2010 (DOB)"). A bare "born" must be followed at once by the date, so that "born at
    32 weeks ... in March 2015" is not read as a birth date.
    """
    lower = same_length_lower(text)
    # Labels are looked for only around the hints, not over the whole text.
    windows: list[tuple[int, int]] = []
    for hint in _DOB_HINTS:
        pos = lower.find(hint)
        while pos >= 0:
            windows.append((max(0, pos - 16), pos + len(hint) + 12))
            pos = lower.find(hint, pos + 1)
    if not windows:
        return []
    found: list[Finding] = []
    seen: set[int] = set()

    def add(m: re.Match[str]) -> None:
        start, end = m.span("date")
        if start not in seen:
            seen.add(start)
            found.append(Finding("date-of-birth", start, end, text[start:end]))

    labels: dict[int, re.Match[str]] = {}
    for start, end in windows:
        for label in patterns.label.finditer(lower, start, end):
            labels.setdefault(label.start(), label)
    for _, label in sorted(labels.items()):
        if label.start() > 0 and lower[label.start() - 1].isalpha():
            continue  # "newborn", "redob..."
        after = label.end()
        born = label.group(0) == "born"
        if born and patterns.born_on.match(lower, after) is None:
            # A bare "born": the date must follow at once, not somewhere in the sentence.
            gap = patterns.born_gap.match(lower, after)
            date = patterns.date.match(lower, gap.end() if gap is not None else after)
            if date is not None:
                add(date)
            continue
        # The first date after the label, if it is close enough and in the same sentence.
        following = _dates(
            patterns, lower, after, after + _LABEL_GAP_MAX + 1, after + _LABEL_GAP_MAX + 60, True
        )
        if following and patterns.label_gap_bad.search(lower, after, following[0].start()) is None:
            add(following[0])
            continue
        # "01/02/2010 (DOB)": a date just before a bracketed label.
        if born:
            continue
        start = max(0, label.start() - 40)
        before = _dates(patterns, lower, start, label.start(), label.start(), False)
        if before and patterns.date_before_label_gap.match(lower, before[-1].end(), label.start()):
            add(before[-1])
    return found


"""Checking a summary's shape without Pydantic: keys, types and the fixed vocabularies.

:func:`check` reads a summary's plain data (as :mod:`learnsum.loader` built it) and returns the
:class:`~learnsum.summary.Summary` it holds, or the problems that keep it from being one. It
makes the error records Pydantic would make validating :class:`learnsum.model.Summary` (the
format's declarative reference): the same error types, places (`loc`), inputs and messages,
turned into positioned problems by the one mapper in :mod:`learnsum.locate`, from
:data:`SUMMARY`, the description of the format's mappings written here. A parity test
(tests/test_shape_parity.py) checks, over generated valid and broken summaries, that both paths
give the same problems and the same values, and that :data:`SUMMARY` is what
:func:`learnsum.locate.describe` derives from the Pydantic models.

Everything a partnership may configure (themes, agencies) and every quality or privacy rule is
checked afterwards by the rules in :mod:`learnsum.rules`, which is also where an empty required
section is reported, so that it gets its own rule id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import catalogue
from .dates import parse_date, parse_month
from .loader import Document
from .locate import Key, Shape, invalid_record, problems_from_errors
from .problems import Problem
from .summary import (
    Action,
    AgencyLearning,
    Briefing,
    Case,
    InvalidValue,
    Link,
    Point,
    Review,
    Summary,
    Update,
    web_address,
)

Loc = tuple[str | int, ...]
Record = dict[str, Any]

REVIEW_TYPES = catalogue.ids(catalogue.REVIEW_TYPES)
STATUSES = catalogue.ids(catalogue.STATUSES)
POINT_KINDS = catalogue.ids(catalogue.POINT_KINDS)
ACTION_STATUSES = catalogue.ids(catalogue.ACTION_STATUSES)
SLIDES_CHOICES = catalogue.ids(catalogue.SLIDES_CHOICES)

# -- the format's mappings, as the messages need to know them -------------------------------------

POINT = Shape("Point", (Key("text"), Key("kind", choices=POINT_KINDS),
                          Key("themes", container="list")))
REVIEW = Shape("Review", (Key("type", choices=REVIEW_TYPES), Key("purpose"), Key("label")))
CASE = Shape("Case", (Key("incident", date=True), Key("precis")))
AGENCY_LEARNING = Shape("AgencyLearning", (
    Key("agency"), Key("points", POINT, "list")))
ACTION = Shape("Action", (
    Key("owner"), Key("action"), Key("due", date=True), Key("status", choices=ACTION_STATUSES),
    Key("evidence")))
UPDATE = Shape("Update", (Key("date", date=True), Key("from"), Key("text")))
LINK = Shape("Link", (Key("title"), Key("url")))
BRIEFING = Shape("Briefing", (Key("why_it_matters"), Key("further_information", LINK, "list")))
#: The top level of a summary.
SUMMARY = Shape("Summary", (
    Key("learnsum", choices=("1",)),
    Key("title"),
    Key("reference"),
    Key("partnership"),
    Key("status", choices=STATUSES),
    Key("completed", date=True),
    Key("review", REVIEW),
    Key("case", CASE),
    Key("themes", container="list"),
    Key("case_learning", POINT, "list"),
    Key("method_learning"),
    Key("single_agency", AGENCY_LEARNING, "list"),
    Key("multi_agency", POINT, "list"),
    Key("actions", ACTION, "list"),
    Key("audit"),
    Key("comments"),
    Key("updates", UPDATE, "list"),
    Key("slides"),
    Key("reflection", container="list"),
    Key("briefing", BRIEFING),
))


def check(document: Document) -> tuple[Summary | None, list[Problem]]:
    """The summary `document` holds (a mapping with `learnsum: 1`), or None and the problems
    of its shape."""
    summary, errors = check_data(document.data)
    if summary is not None:
        return summary, []
    return None, problems_from_errors(document, errors, SUMMARY)


def check_data(data: object) -> tuple[Summary | None, list[Record]]:
    """The summary in `data`, or None and the error records Pydantic would give."""
    errors: list[Record] = []
    try:
        summary: Summary = _summary(data, (), errors)
    except _Failed:
        return None, errors
    return summary, []


def summary_from(data: dict[str, Any]) -> Summary:
    """The summary in `data`, which must be one (for code and tests that build one)."""
    summary, errors = check_data(data)
    if summary is None:
        raise ValueError(f"not a valid summary: {errors}")
    return summary


# -- the checks ------------------------------------------------------------------------------------
#
# A check takes a value, its place (`loc`) and the list of error records; it returns what the
# value holds or records its errors and raises _Failed. The checks are built once, when the
# module is imported.

Check = Callable[[object, Loc, list[Record]], Any]


class _Failed(Exception):
    """A value with an error (already recorded)."""


_MISSING = object()


def _error(errors: list[Record], kind: str, loc: Loc, value: object, msg: str,
           ctx: dict[str, Any] | None = None) -> _Failed:
    record: Record = {"type": kind, "loc": loc, "input": value, "msg": msg}
    if ctx is not None:
        record["ctx"] = ctx
    errors.append(record)
    return _Failed()


def _value_error(errors: list[Record], loc: Loc, value: object, message: str) -> _Failed:
    return _error(errors, "value_error", loc, value, f"Value error, {message}",
                  {"error": message})


class _Mapping:
    """The check of one mapping: each key of `shape` checked, or missing (when it has no
    default), then the keys it does not have; builds `make` from what it holds."""

    def __init__(self, shape: Shape, make: Callable[..., Any],
                 fields: dict[str, tuple[Check, bool]]) -> None:
        assert [name.removesuffix("_") for name in fields] == shape.names, shape.name
        self.shape = shape
        self.make = make
        #: (attribute, key in YAML, check, whether the key is required)
        self.fields = [(name, name.removesuffix("_"), check, required)
                       for name, (check, required) in fields.items()]
        self.known = frozenset(shape.names)

    def __call__(self, value: object, loc: Loc, errors: list[Record]) -> Any:
        if not isinstance(value, dict):
            raise _error(errors, "model_type", loc, value,
                         f"Input should be a valid dictionary or instance of {self.shape.name}",
                         {"class_name": self.shape.name})
        before = len(errors)
        found: dict[str, Any] = {}
        for attribute, key, check, required in self.fields:
            if key in value:
                try:
                    found[attribute] = check(value[key], (*loc, key), errors)
                except _Failed:
                    pass
            elif required:
                _error(errors, "missing", (*loc, key), value, "Field required")
            # otherwise the data object's default, the model's
        known = self.known
        for key, item in value.items():
            if key not in known:
                _error(errors, "extra_forbidden", (*loc, key), item,
                       "Extra inputs are not permitted")
        if len(errors) != before:
            raise _Failed()
        return self.make(**found)


def _str(value: object, loc: Loc, errors: list[Record]) -> str:
    if not isinstance(value, str):
        raise _error(errors, "string_type", loc, value, "Input should be a valid string")
    return str(value)


def _list(item: Check) -> Check:
    def check_list(value: object, loc: Loc, errors: list[Record]) -> list[Any]:
        if not isinstance(value, list):
            raise _error(errors, "list_type", loc, value, "Input should be a valid list")
        items, failed = [], False
        for index, entry in enumerate(value):
            try:
                items.append(item(entry, (*loc, index), errors))
            except _Failed:
                failed = True
        if failed:
            raise _Failed()
        return items
    return check_list


def _optional(check: Check) -> Check:
    def check_optional(value: object, loc: Loc, errors: list[Record]) -> Any:
        return None if value is None else check(value, loc, errors)
    return check_optional


def _choice(choices: tuple[str, ...]) -> Check:
    quoted = [f"'{choice}'" for choice in choices]
    expected = f"{', '.join(quoted[:-1])} or {quoted[-1]}" if len(quoted) > 1 else quoted[0]

    def check_choice(value: object, loc: Loc, errors: list[Record]) -> str:
        if not (isinstance(value, str) and value in choices):
            raise _error(errors, "literal_error", loc, value, f"Input should be {expected}",
                         {"expected": expected})
        return str(value)
    return check_choice


def _version(value: object, loc: Loc, errors: list[Record]) -> int:
    # As Literal[1] reads it (validate has refused anything but the integer 1 already).
    if not (isinstance(value, (int, float)) and value == 1):
        raise _error(errors, "literal_error", loc, value, "Input should be 1", {"expected": "1"})
    return 1


def _one_line(value: object, loc: Loc, errors: list[Record]) -> str:
    text = _str(value, loc, errors)
    if "\n" in text.strip():
        raise _value_error(errors, loc, text, "must be one line")
    return text


def _reference(value: object, loc: Loc, errors: list[Record]) -> str | None:
    # A reference such as 2015/07 or 1234 may come through YAML as a number.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return None if value is None else _one_line(value, loc, errors)


def _text(value: object, loc: Loc, errors: list[Record]) -> str | list[str]:
    """Text is a string or a list of strings; anything else gets one clear message."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise _value_error(errors, loc, value, f"item {index + 1} of this list is not "
                                   "text; text is a string, or a list of strings for bullets")
        return list(value)
    raise _value_error(errors, loc, value,
                       "expected text: a string, or a list of strings for bullets")


def _date(value: object, loc: Loc, errors: list[Record]) -> Any:
    try:
        return parse_date(value)
    except ValueError as error:
        raise _value_error(errors, loc, value, str(error)) from None


def _month(value: object, loc: Loc, errors: list[Record]) -> Any:
    try:
        return parse_month(value)
    except ValueError as error:
        raise _value_error(errors, loc, value, str(error)) from None


def _slides(value: object, loc: Loc, errors: list[Record]) -> str:
    text = _str(value, loc, errors)
    if text in SLIDES_CHOICES or text.lower().endswith(".pptx"):
        return text
    raise _value_error(
        errors, loc, text,
        f"'{text}' is not one of {', '.join(SLIDES_CHOICES)}, or the path of a .pptx file")


def _url(value: object, loc: Loc, errors: list[Record]) -> str:
    text = _str(value, loc, errors)
    try:
        return web_address(text)
    except InvalidValue as error:
        errors.append(invalid_record(error, loc))
        raise _Failed() from None


_point_mapping = _Mapping(POINT, Point, {
    "text": (_str, True),
    "kind": (_optional(_choice(POINT_KINDS)), False),
    "themes": (_list(_str), False),
})


def _point(value: object, loc: Loc, errors: list[Record]) -> Point:
    if isinstance(value, str):
        return Point(text=value)
    if not isinstance(value, dict):
        raise _value_error(
            errors, loc, value,
            "a point is text, or a mapping with text (and optionally kind and themes)")
    return _point_mapping(value, loc, errors)  # type: ignore[no-any-return]


_points = _list(_point)

_summary = _Mapping(SUMMARY, Summary, {
    "learnsum": (_version, True),
    "title": (_one_line, True),
    "reference": (_reference, False),
    "partnership": (_optional(_one_line), False),
    "status": (_choice(STATUSES), False),
    "completed": (_date, True),
    "review": (_Mapping(REVIEW, Review, {
        "type": (_choice(REVIEW_TYPES), True),
        "purpose": (_text, True),
        "label": (_optional(_str), False),
    }), True),
    "case": (_Mapping(CASE, Case, {
        "incident": (_month, True),
        "precis": (_text, True),
    }), True),
    "themes": (_list(_str), False),
    "case_learning": (_points, True),
    "method_learning": (_text, True),
    "single_agency": (_list(_Mapping(AGENCY_LEARNING, AgencyLearning, {
        "agency": (_str, True),
        "points": (_points, True),
    })), True),
    "multi_agency": (_points, True),
    "actions": (_list(_Mapping(ACTION, Action, {
        "owner": (_str, True),
        "action": (_text, True),
        "due": (_optional(_date), False),
        "status": (_choice(ACTION_STATUSES), False),
        "evidence": (_optional(_text), False),
    })), True),
    "audit": (_text, True),
    "comments": (_optional(_text), False),
    "updates": (_list(_Mapping(UPDATE, Update, {
        "date": (_date, True),
        "from_": (_str, True),
        "text": (_text, True),
    })), False),
    "slides": (_optional(_slides), False),
    "reflection": (_list(_str), False),
    "briefing": (_optional(_Mapping(BRIEFING, Briefing, {
        "why_it_matters": (_optional(_text), False),
        "further_information": (_list(_Mapping(LINK, Link, {
            "title": (_str, True),
            "url": (_url, True),
        })), False),
    })), False),
})

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


def check_data(data: dict[str, Any]) -> tuple[Summary | None, list[Record]]:
    """The summary in `data`, or None and the error records Pydantic would give."""
    checker = _Checker()
    summary = checker.summary(data)
    if checker.errors:
        return None, checker.errors
    assert summary is not None
    return summary, []


def summary_from(data: dict[str, Any]) -> Summary:
    """The summary in `data`, which must be one (for code and tests that build one)."""
    summary, errors = check_data(data)
    if summary is None:
        raise ValueError(f"not a valid summary: {errors}")
    return summary


class _Failed(Exception):
    """A value with an error (already recorded)."""


_MISSING = object()


class _Checker:
    def __init__(self) -> None:
        self.errors: list[Record] = []

    def _error(self, kind: str, loc: Loc, value: object, msg: str,
               ctx: dict[str, Any] | None = None) -> _Failed:
        record: Record = {"type": kind, "loc": loc, "input": value, "msg": msg}
        if ctx is not None:
            record["ctx"] = ctx
        self.errors.append(record)
        return _Failed()

    def _value_error(self, loc: Loc, value: object, message: str) -> _Failed:
        return self._error("value_error", loc, value, f"Value error, {message}",
                           {"error": message})

    # -- the mappings ----------------------------------------------------------------------------

    def _fields(self, value: object, loc: Loc, shape: Shape,
                checks: dict[str, tuple[Callable[[object, Loc], Any], object]]) -> dict[str, Any]:
        """Each key of `shape` checked (or its default), then the keys it does not have;
        raises _Failed after recording every error in the mapping."""
        if not isinstance(value, dict):
            raise self._error("model_type", loc, value,
                              f"Input should be a valid dictionary or instance of {shape.name}",
                              {"class_name": shape.name})
        before = len(self.errors)
        found: dict[str, Any] = {}
        for key, (check_value, default) in checks.items():
            name = key.removesuffix("_") if key == "from_" else key
            if name in value:
                try:
                    found[key] = check_value(value[name], (*loc, name))
                except _Failed:
                    pass
            elif default is _MISSING:
                self._error("missing", (*loc, name), value, "Field required")
            else:
                found[key] = default() if callable(default) else default
        known = set(shape.names)
        for key, item in value.items():
            if key not in known:
                self._error("extra_forbidden", (*loc, key), item,
                            "Extra inputs are not permitted")
        if len(self.errors) != before:
            raise _Failed()
        return found

    def summary(self, data: object) -> Summary | None:
        checks: dict[str, tuple[Callable[[object, Loc], Any], object]] = {
            "learnsum": (self._version, _MISSING),
            "title": (self._one_line(self._str), _MISSING),
            "reference": (self._reference, None),
            "partnership": (self._optional(self._one_line(self._str)), None),
            "status": (self._choice(STATUSES), "draft"),
            "completed": (self._date, _MISSING),
            "review": (self._review, _MISSING),
            "case": (self._case, _MISSING),
            "themes": (self._list(self._str), list),
            "case_learning": (self._list(self._point), _MISSING),
            "method_learning": (self._text, _MISSING),
            "single_agency": (self._list(self._agency_learning), _MISSING),
            "multi_agency": (self._list(self._point), _MISSING),
            "actions": (self._list(self._action), _MISSING),
            "audit": (self._text, _MISSING),
            "comments": (self._optional(self._text), None),
            "updates": (self._list(self._update), list),
            "slides": (self._optional(self._slides), None),
            "reflection": (self._list(self._str), list),
            "briefing": (self._optional(self._briefing), None),
        }
        try:
            return Summary(**self._fields(data, (), SUMMARY, checks))
        except _Failed:
            return None

    def _review(self, value: object, loc: Loc) -> Review:
        return Review(**self._fields(value, loc, REVIEW, {
            "type": (self._choice(REVIEW_TYPES), _MISSING),
            "purpose": (self._text, _MISSING),
            "label": (self._optional(self._str), None),
        }))

    def _case(self, value: object, loc: Loc) -> Case:
        return Case(**self._fields(value, loc, CASE, {
            "incident": (self._month, _MISSING),
            "precis": (self._text, _MISSING),
        }))

    def _point(self, value: object, loc: Loc) -> Point:
        if isinstance(value, str):
            value = {"text": value}
        elif not isinstance(value, dict):
            raise self._value_error(
                loc, value,
                "a point is text, or a mapping with text (and optionally kind and themes)")
        return Point(**self._fields(value, loc, POINT, {
            "text": (self._str, _MISSING),
            "kind": (self._optional(self._choice(POINT_KINDS)), None),
            "themes": (self._list(self._str), list),
        }))

    def _agency_learning(self, value: object, loc: Loc) -> AgencyLearning:
        return AgencyLearning(**self._fields(value, loc, AGENCY_LEARNING, {
            "agency": (self._str, _MISSING),
            "points": (self._list(self._point), _MISSING),
        }))

    def _action(self, value: object, loc: Loc) -> Action:
        return Action(**self._fields(value, loc, ACTION, {
            "owner": (self._str, _MISSING),
            "action": (self._text, _MISSING),
            "due": (self._optional(self._date), None),
            "status": (self._choice(ACTION_STATUSES), "open"),
            "evidence": (self._optional(self._text), None),
        }))

    def _update(self, value: object, loc: Loc) -> Update:
        return Update(**self._fields(value, loc, UPDATE, {
            "date": (self._date, _MISSING),
            "from_": (self._str, _MISSING),
            "text": (self._text, _MISSING),
        }))

    def _link(self, value: object, loc: Loc) -> Link:
        return Link(**self._fields(value, loc, LINK, {
            "title": (self._str, _MISSING),
            "url": (self._url, _MISSING),
        }))

    def _briefing(self, value: object, loc: Loc) -> Briefing:
        return Briefing(**self._fields(value, loc, BRIEFING, {
            "why_it_matters": (self._optional(self._text), None),
            "further_information": (self._list(self._link), list),
        }))

    # -- the values ------------------------------------------------------------------------------

    def _str(self, value: object, loc: Loc) -> str:
        if not isinstance(value, str):
            raise self._error("string_type", loc, value, "Input should be a valid string")
        return str(value)

    def _list(self, item: Callable[[object, Loc], Any]) -> Callable[[object, Loc], list[Any]]:
        def check_list(value: object, loc: Loc) -> list[Any]:
            if not isinstance(value, list):
                raise self._error("list_type", loc, value, "Input should be a valid list")
            items, failed = [], False
            for index, entry in enumerate(value):
                try:
                    items.append(item(entry, (*loc, index)))
                except _Failed:
                    failed = True
            if failed:
                raise _Failed()
            return items
        return check_list

    @staticmethod
    def _optional(check: Callable[[object, Loc], Any]) -> Callable[[object, Loc], Any]:
        def check_optional(value: object, loc: Loc) -> Any:
            return None if value is None else check(value, loc)
        return check_optional

    def _choice(self, choices: tuple[str, ...]) -> Callable[[object, Loc], str]:
        def check_choice(value: object, loc: Loc) -> str:
            if not (isinstance(value, str) and value in choices):
                expected = " or ".join(
                    (", ".join(f"'{choice}'" for choice in choices[:-1]), f"'{choices[-1]}'")
                ) if len(choices) > 1 else f"'{choices[0]}'"
                raise self._error("literal_error", loc, value, f"Input should be {expected}",
                                  {"expected": expected})
            return value
        return check_choice

    def _version(self, value: object, loc: Loc) -> int:
        # As Literal[1] reads it (validate has refused anything but the integer 1 already).
        if not (isinstance(value, (int, float)) and value == 1):
            raise self._error("literal_error", loc, value, "Input should be 1",
                              {"expected": "1"})
        return 1

    def _one_line(self, check: Callable[[object, Loc], str]) -> Callable[[object, Loc], str]:
        def check_line(value: object, loc: Loc) -> str:
            text = check(value, loc)
            if "\n" in text.strip():
                raise self._value_error(loc, text, "must be one line")
            return text
        return check_line

    def _reference(self, value: object, loc: Loc) -> str | None:
        # A reference such as 2015/07 or 1234 may come through YAML as a number.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return self._optional(self._one_line(self._str))(value, loc)  # type: ignore[no-any-return]

    def _text(self, value: object, loc: Loc) -> str | list[str]:
        """Text is a string or a list of strings; anything else gets one clear message."""
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return list(value)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise self._value_error(
                        loc, value, f"item {index + 1} of this list is not text; "
                        "text is a string, or a list of strings for bullets")
        raise self._value_error(loc, value,
                                "expected text: a string, or a list of strings for bullets")

    def _date(self, value: object, loc: Loc) -> Any:
        try:
            return parse_date(value)
        except ValueError as error:
            raise self._value_error(loc, value, str(error)) from None

    def _month(self, value: object, loc: Loc) -> Any:
        try:
            return parse_month(value)
        except ValueError as error:
            raise self._value_error(loc, value, str(error)) from None

    def _slides(self, value: object, loc: Loc) -> str:
        text = self._str(value, loc)
        if text in SLIDES_CHOICES or text.lower().endswith(".pptx"):
            return text
        raise self._value_error(
            loc, text,
            f"'{text}' is not one of {', '.join(SLIDES_CHOICES)}, or the path of a .pptx file")

    def _url(self, value: object, loc: Loc) -> str:
        text = self._str(value, loc)
        try:
            return web_address(text)
        except InvalidValue as error:
            self.errors.append(invalid_record(error, loc))
            raise _Failed() from None

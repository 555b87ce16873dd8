"""Required sections and values must say something: not blank, not an empty list.

`empty-section` (a format rule: always an error) reports a required section, or a required value
inside one (an action's owner, an agency's points, an update's text...), that is blank, only
whitespace or an empty list: the form would be rendered with an empty row. Write the text, or,
for an optional section, remove the key. A list whose every item is blank (`case_learning: [""]`)
is reported once, as the list; a blank item among others is reported as that item.

Example: `multi_agency: []`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import Key
from ..problems import Severity
from . import Context, Hit, checker, rule

EMPTY_SECTION = rule(
    "empty-section", Severity.ERROR,
    "A required section or value is blank, an empty list or whitespace.",
    category="format", configurable=False, doc=__doc__,
)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value or all(_blank(item) for item in value)
    return False


def _point_text(point: object) -> object:
    return point.get("text") if isinstance(point, dict) else point


@checker(EMPTY_SECTION)
def check(context: Context) -> Iterator[Hit]:
    """A required section, or a required value inside one, is empty."""
    data = context.document.data
    # A list whose every item is blank is reported once, as a whole, not again item by item.
    reported: list[tuple[str | int, ...]] = []
    for section in context.config.sections:
        if not section.required or section.key not in data:
            continue
        value = data[section.key]
        if isinstance(value, (str, list)) and _blank(value):
            reported.append((section.key,))
            yield context.hit(EMPTY_SECTION.id, (section.key,),
                              f"'{section.key}' ({section.label}) is empty; it is required")
    nested: list[tuple[tuple[str | int, ...], object]] = [
        (("title",), data.get("title")),
        ((Key.REVIEW, "purpose"), _get(data, Key.REVIEW, "purpose")),
        ((Key.CASE, "precis"), _get(data, Key.CASE, "precis")),
    ]
    for key in (Key.CASE_LEARNING, Key.MULTI_AGENCY):
        for index, point in enumerate(data.get(key) or []):
            nested.append(((key, index), _point_text(point)))
    for index, agency in enumerate(data.get(Key.SINGLE_AGENCY) or []):
        nested.append(((Key.SINGLE_AGENCY, index, "agency"), agency.get("agency")))
        points = agency.get("points")
        nested.append(((Key.SINGLE_AGENCY, index, "points"), points))
        for number, point in enumerate(points or []):
            nested.append(((Key.SINGLE_AGENCY, index, "points", number), _point_text(point)))
    for index, action in enumerate(data.get(Key.ACTIONS) or []):
        nested.append(((Key.ACTIONS, index, "owner"), action.get("owner")))
        nested.append(((Key.ACTIONS, index, "action"), action.get("action")))
    for index, update in enumerate(data.get(Key.UPDATES) or []):
        nested.append(((Key.UPDATES, index, "from"), update.get("from")))
        nested.append(((Key.UPDATES, index, "text"), update.get("text")))
    for path, value in nested:
        if any(path[:len(whole)] == whole for whole in reported):
            continue
        if isinstance(value, (str, list)) and _blank(value):
            reported.append(path)
            yield context.hit(EMPTY_SECTION.id, path, f"{_describe(path)} is empty; it is required")


def _get(data: dict[str, object], *keys: str) -> object:
    value: object = data
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _describe(path: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            parts.append(f"item {step + 1}")
        else:
            parts.append(step)
    return "'" + " > ".join(parts) + "'"

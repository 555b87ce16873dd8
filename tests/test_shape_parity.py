"""The shape of a summary is checked without Pydantic (learnsum.shape), and must read every file
exactly as the format's Pydantic models (learnsum.model, the declarative reference the JSON
Schema is generated from) read it: the same problems (rule, line:column, message) and, for a
valid summary, the same values, field by field.

Summaries are generated valid (tests/test_properties.py's strategy, plus a briefing) and then
broken: keys left out, unknown keys (other places' keys, misspellings) at every level, values
replaced with the wrong type, nothing, blank text, lists of non-text, bad vocabulary values,
dates and months that cannot be read or do not exist, weekday mismatches, multi-line titles, odd
slides values, bad web addresses and numbers as references. Each is written as YAML and read
with learnsum.loader, as `learnsum validate` reads a file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from learnsum import model, records, shape
from learnsum.loader import Document, load_string
from learnsum.locate import describe
from learnsum.problems import Problem
from learnsum.validate import _keep_reference_as_written
from test_properties import as_yaml, one_line, summaries

EXAMPLE = Path(__file__).parent.parent / "examples" / "child-o.yaml"


def _plain(value: Any) -> Any:
    """A model's or a data object's values, recursively, with its class name."""
    if isinstance(value, BaseModel):
        return (type(value).__name__,
                {name: _plain(getattr(value, name)) for name in type(value).model_fields})
    if records.is_record(value) and not isinstance(value, type):
        return (type(value).__name__, {field.name: _plain(getattr(value, field.name))
                                       for field in records.fields(value)})
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _both(text: str) -> tuple[Any, list[Problem], Any, list[Problem]]:
    document = load_string(text, "s.yaml")
    assert isinstance(document, Document), document
    data = document.data
    # What validate checks before the shape (`learnsum: 1` in a mapping).
    assert isinstance(data, dict) and type(data.get("learnsum")) is int and data["learnsum"] == 1
    _keep_reference_as_written(document)
    by_model, model_problems = model.check_with_pydantic(document)
    by_shape, shape_problems = shape.check(document)
    return by_model, model_problems, by_shape, shape_problems


def _records(errors: list[Any]) -> list[tuple[Any, ...]]:
    """What of an error record the problems are made from: type, place, input, message."""
    found = []
    for error in errors:
        context = error.get("ctx", {})
        said = (str(context["error"]) if "error" in context else
                (context["rule"], context["message"]) if "rule" in context else error["msg"])
        shown_input = None if error["type"] in ("missing", "learnsum") else error["input"]
        found.append((error["type"], error["loc"], repr(shown_input), said))
    return sorted(found, key=repr)


def assert_same_records(data: dict[str, Any]) -> None:
    """The checker's error records are Pydantic's, less what no message uses."""
    try:
        model.Summary.model_validate(data)
        expected: list[Any] = []
    except ValidationError as failure:
        expected = list(failure.errors(include_url=False))
    assert _records(shape.check_data(data)[1]) == _records(expected)


def assert_same_reading(text: str) -> list[Problem]:
    by_model, model_problems, by_shape, shape_problems = _both(text)
    document = load_string(text, "s.yaml")
    assert isinstance(document, Document)
    _keep_reference_as_written(document)
    assert_same_records(document.data)
    assert shape_problems == model_problems
    assert (by_model is None) == (by_shape is None)
    if by_model is not None:
        assert _plain(by_shape) == _plain(by_model)
        assert type(by_shape).__module__ == "learnsum.summary"
    return shape_problems


# -- values that break a summary -------------------------------------------------------------------

ODD_TEXT = (
    "", " ", "\n", "a\nb", "Child\n\nO", "opn", "Open", "OPEN", "draft ", "final", "closed",
    "serious-case", "safeguarding-adult", "other", "learning", "good-practice", "concern",
    "not-applicable", "generate", "Generate", "not applicable", "slides.pptx", "slides.PPTX",
    ".pptx", "x" * 200, "31/09/2019", "29/02/2023", "2019-25-09", "09/25/2019", "25/09/19",
    "Monday 1 June 2024", "Saturday 1 June 2024", "Tues 4 June 2024", "1 Smarch 2019",
    "25 September 2015", "2014-12", "13/2014", "December 2014", "Dec-2014", "TBC", "[date]",
    "<month>", "2015-02-30", "example.org", "www.example.org", "https://example.org/a b",
    "HTTPS://EXAMPLE.ORG", " mailto:a@b.example ", "ftp://example.org", "1", "1.0", "None",
    "title", "text", "from", "agency",
)
ODD = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.none(),
    st.booleans(),
    st.integers(-3, 100000),
    st.floats(allow_nan=False, allow_infinity=True),
    st.sampled_from([2015.1, 7, 0, 20150701]),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 12, 31)),
    st.just([]), st.just({}),
    st.lists(st.one_of(st.none(), st.integers(0, 9), st.sampled_from(ODD_TEXT[:8]),
                       st.just([]), st.just({}), st.dates()), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["text", "kind", "themes", "agency", "points", "owner",
                                     "action", "title", "url", "date", "from", "x"]),
                    st.one_of(st.none(), st.sampled_from(ODD_TEXT[:12]), st.just(["a"])),
                    max_size=3),
    one_line(most=2),
)
#: Keys written where they do not belong: every level's own keys, misspellings, Python names.
STRAY_KEYS = st.sampled_from([
    "learnsum", "title", "reference", "partnership", "status", "completed", "review", "case",
    "themes", "case_learning", "method_learning", "single_agency", "multi_agency", "actions",
    "audit", "comments", "updates", "slides", "reflection", "briefing", "type", "purpose",
    "label", "incident", "precis", "text", "kind", "agency", "points", "owner", "action", "due",
    "evidence", "date", "from", "from_", "why_it_matters", "further_information", "url",
    "titel", "case-learning", "Audit", "acton", "satus", "purpose ", "x",
])


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the data (not the format version, which validate checks first)."""
    found = [path] if path not in ((), ("learnsum",)) else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def broken(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(summaries()).data
    if draw(st.booleans()):
        data["briefing"] = {
            "why_it_matters": draw(one_line(most=3)),
            "further_information": [{"title": draw(one_line(most=2)),
                                     "url": draw(st.sampled_from(
                                         ["https://example.org/a", " http://x.example ",
                                          "mailto:a@b.example"]))}],
        }
    for _ in range(draw(st.integers(1, 4))):
        places = _places(data)
        if draw(st.booleans()):  # the top level's keys as often as all the others
            places = [place for place in places if len(place) == 1]
        path = draw(st.sampled_from(places))
        target = _at(data, path)
        action = draw(st.sampled_from(["replace", "replace", "add", "remove"]))
        if action == "add" and isinstance(target, dict):
            target[draw(STRAY_KEYS)] = draw(ODD)
        elif action == "remove" and isinstance(target, (dict, list)) and target:
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            del target[draw(st.sampled_from(keys))]
        elif action == "replace":
            _at(data, path[:-1])[path[-1]] = draw(ODD)
    return data


@given(summaries())
def test_a_valid_summary_reads_the_same_without_pydantic(generated: Any) -> None:
    assert assert_same_reading(as_yaml(generated.data)) == []


@given(broken())
@example({"learnsum": 1, "title": "a\nb", "reference": 2015.1, "slides": "generat"})
@example({"learnsum": 1, "briefing": {"further_information": [{"title": "x", "url": "x y"}]}})
def test_a_broken_summary_gets_the_same_problems_without_pydantic(data: dict[str, Any]) -> None:
    assert_same_reading(as_yaml(data))


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")

#: Edits of examples/child-o.yaml that each break it in one way the generated ones may miss.
EDITS = {
    "valid": [],
    "a multi-line title": [("title: ", "title: |\n  Child\n  O\n#")],
    "a reference as a number": [("title: ", "reference: 2015.10\ntitle: ")],
    "a reference as a list": [("title: ", "reference: [1, 2]\ntitle: ")],
    "an unknown slides value": [("title: ", "slides: generat\ntitle: ")],
    "slides as a pptx file": [("title: ", "slides: deck.PPTX\ntitle: ")],
    "a weekday mismatch": [("title: ", "updates:\n- {date: Monday 1 June 2024, from: x, "
                                       "text: y}\ntitle: ")],
    "a bad web address": [("title: ", "briefing:\n  further_information:\n  - {title: a, url: "
                                      "www.example.org}\n  - {title: b}\n  - c\ntitle: ")],
    "nothing in the briefing": [("title: ", "briefing: {why_it_matters: [1], x: 2}\ntitle: ")],
    "an empty section": [("title: ", "audit:\nmethod_learning: []\ntitle: ")],
    "the Python name of from": [("title: ", "updates:\n- {date: 2019-01-01, from_: x, "
                                            "text: y}\ntitle: ")],
    "a key of another place": [("title: ", "purpose: x\ntext: y\nowner: z\ntitle: ")],
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_way_of_breaking_the_example_reads_the_same(name: str) -> None:
    text = EXAMPLE_TEXT
    for old, new in EDITS[name]:
        text = _edit(text, old, new)
    problems = assert_same_reading(text)
    valid = ("valid", "slides as a pptx file", "a reference as a number")
    assert (problems == []) == (name in valid)


def test_the_format_description_is_what_the_models_say() -> None:
    assert describe(model.Summary) == shape.SUMMARY


@pytest.mark.parametrize("data", [
    {"learnsum": 2}, {"learnsum": True}, {"learnsum": 1.0}, {"learnsum": "1"},
    {"learnsum": 1, "reference": 7},
    {"learnsum": 1, "reference": 2015.1, "status": None, "slides": 3, "themes": "a"},
    {"learnsum": 1, "title": 1, "review": [], "case": {"incident": None, "precis": {}}},
], ids=repr)
def test_data_that_no_yaml_file_gives_gets_the_same_records(data: dict[str, Any]) -> None:
    assert_same_records(data)


def test_summary_from_refuses_what_is_not_a_summary() -> None:
    with pytest.raises(ValueError, match="not a valid summary"):
        shape.summary_from({"learnsum": 1})

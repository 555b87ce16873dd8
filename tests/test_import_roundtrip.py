"""The round trip, for any summary: `render --format docx` then `import` gives back the same
summary (everything the form shows, compared by `form_view`), with no TODO(import) left.

The summaries are those of tests/test_properties.py: any Unicode an author can write, and what
Markdown, HTML or the importer itself could read as structure ("* ", "1. ", "Concern: ...",
"(Themes: neglect)", a title of any length, a sender "Head of Service: Children")."""

from __future__ import annotations

from hypothesis import given

from learnsum.config import DEFAULT_CONFIG
from learnsum.importers import import_docx
from learnsum.importers.compare import form_view
from learnsum.render.docx import render_docx
from learnsum.validate import check_text
from test_properties import TODAY, Generated, checked, summaries


def _round_trip(generated: Generated) -> None:
    summary = checked(generated)
    original = summary.result.summary
    data = render_docx(summary.view, summary.options)
    imported, text = import_docx(data, config=DEFAULT_CONFIG, name="summary.docx")
    back = check_text(text, display="summary.yaml", today=TODAY)
    assert back.summary is not None, (text, back.problems)
    assert form_view(back.summary) == form_view(original)
    assert imported.todos == {}, imported.todos
    assert imported.notes == []


@given(summaries())
def test_render_to_word_then_import_gives_back_the_same_summary(generated: Generated) -> None:
    _round_trip(generated)


# -- what used to come back changed ----------------------------------------------------------------

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

EXAMPLE = Path(__file__).parent.parent / "examples" / "child-o.yaml"


def _changed(change: Any) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    return data


def _set_points(data: dict[str, Any], points: list[Any]) -> None:
    data["case_learning"] = points


CASES = {
    "a theme label with a comma": lambda d: _set_points(
        d, [{"text": "Culture was not explored.", "themes": ["identity-and-culture", "neglect"]}]),
    "a star inside a point": lambda d: _set_points(d, ["Reports * were late"]),
    "a lower-case brand name": lambda d: _set_points(d, ["iPad records were not kept"]),
    "a point that starts with a number": lambda d: _set_points(d, ["1. first", "2. second"]),
    "a sender with a colon": lambda d: d.update(updates=[
        {"date": d["completed"], "from": "Head of Service: Children", "text": "Closed."}]),
    "text that reads like a kind or themes": lambda d: _set_points(
        d, ["Concern: nobody asked", "Seen at home (Themes: neglect)"]),
    "a long title": lambda d: d.update(title="Child O " + "and the family of the review " * 4),
    "comments in a script without Latin letters": lambda d: d.update(comments=["日本語 -->"]),
    "comments that say None": lambda d: d.update(comments="None"),
    "a theme list with a comma label": lambda d: d.update(
        themes=["identity-and-culture", "neglect"]),
}


@pytest.mark.parametrize("case", CASES)
def test_what_the_importer_used_to_change_comes_back_as_written(case: str) -> None:
    data = _changed(CASES[case])
    _round_trip(Generated(data))

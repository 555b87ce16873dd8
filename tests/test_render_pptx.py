"""Practitioner slides (`learnsum render --format pptx`): the deck read back with python-pptx,
converted with real LibreOffice, and the `slides` rules.

Labels are read from the catalogue and the configuration, never written here. Whether text fits
is checked with an estimate of its own (a flat half an em per character and 1.2 lines per em),
independent of the renderer's, so a renderer that packs too much onto a slide fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import subprocess
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches
from ruamel.yaml import YAML

from learnsum import catalogue, records
from learnsum.catalogue import FIELD_LABELS
from learnsum.config import DEFAULT_CONFIG, Config, ConfigCache
from learnsum.dates import uk_long
from learnsum.render import RenderError, RenderOptions
from learnsum.render.build import build_view
from learnsum.render.pptx import render_pptx as draw_deck
from learnsum.shape import summary_from
from learnsum.summary import Summary, text_paragraphs
from learnsum.validate import check_file
from support import EXAMPLES, TODAY, VALID, cli, replace, requires, write

CSPR = EXAMPLES / "child-x-cspr.yaml"


def render_pptx(summary: Summary, config: Config, options: RenderOptions) -> bytes:
    """The deck of `summary`: its view, built once, drawn (as `learnsum render` does)."""
    return draw_deck(build_view(summary, config, options), options)

MARKING = "OFFICIAL-SENSITIVE"
REFLECTION_TITLE = "6. Questions for reflection"
CONTINUED = re.compile(r" \((\d+) of (\d+)\)$")


def parse(text: str) -> Any:
    return YAML(typ="safe").load(text)


# -- helpers ------------------------------------------------------------------------------------


def load(path: Path) -> tuple[Summary, Config]:
    config = ConfigCache().for_path(path)
    result = check_file(path, config=config, today=dt.date.fromisoformat(TODAY))
    assert result.ok, result.problems
    assert result.summary is not None and result.config is not None
    return result.summary, result.config


def deck_of(data: bytes) -> Any:
    return Presentation(io.BytesIO(data))


def title_of(slide: Any) -> str:
    return slide.shapes.title.text_frame.text


def slide_text(slide: Any) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def notes_text(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def squash(text: str) -> str:
    return " ".join(text.split())


def everything(deck: Any) -> str:
    return squash(" ".join(slide_text(s) + " " + notes_text(s) for s in deck.slides))


def base_titles(deck: Any) -> list[str]:
    """Slide titles without "(2 of 3)", each section once."""
    titles: list[str] = []
    for slide in deck.slides:
        title = CONTINUED.sub("", title_of(slide))
        if not titles or titles[-1] != title:
            titles.append(title)
    return titles


def _frame_overflow(frame: Any, width: int, height: int) -> str | None:
    inner_width = Emu(width - (frame.margin_left or 0) - (frame.margin_right or 0)).pt
    inner_height = Emu(height - (frame.margin_top or 0) - (frame.margin_bottom or 0)).pt
    used = 0.0
    for paragraph in frame.paragraphs:
        text = "".join(run.text for run in paragraph.runs)
        if not text:
            continue
        sizes = {run.font.size for run in paragraph.runs}
        assert None not in sizes, f"no explicit font size for {text!r}"
        size = max(sizes).pt
        indent = Emu(int(paragraph._p.pPr.get("marL", "0")) if paragraph._p.pPr is not None
                     else 0).pt
        per_line = max(1, math.floor((inner_width - indent) / (0.5 * size)))
        lines = len(textwrap.wrap(text, per_line)) or 1
        before = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        used += before + lines * 1.2 * size
    if used > inner_height + 0.5:
        return f"needs {used:.0f}pt, has {inner_height:.0f}pt: {frame.text[:60]!r}"
    return None


def overflows(deck: Any) -> list[str]:
    """Every text frame or table that holds more than it can show, by the estimate above."""
    found = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                problem = _frame_overflow(shape.text_frame, shape.width, shape.height)
                if problem:
                    found.append(f"slide {number} {shape.name}: {problem}")
                if shape.top + shape.height > deck.slide_height:
                    found.append(f"slide {number} {shape.name}: below the slide")
            if shape.has_table:
                total = 0.0
                for row in shape.table.rows:
                    tallest = 0.0
                    for cell, column in zip(row.cells, shape.table.columns):
                        frame = cell.text_frame
                        inner = Emu(column.width - cell.margin_left - cell.margin_right).pt
                        lines = 0
                        size = 12.0
                        for paragraph in frame.paragraphs:
                            text = "".join(run.text for run in paragraph.runs)
                            if paragraph.runs:
                                size = paragraph.runs[0].font.size.pt
                            per_line = max(1, math.floor(inner / (0.5 * size)))
                            lines += len(textwrap.wrap(text, per_line)) or 1
                        height = lines * 1.2 * size + Emu(cell.margin_top + cell.margin_bottom).pt
                        tallest = max(tallest, height)
                    total += tallest
                room = Emu(deck.slide_height - shape.top).pt
                if total > room:
                    found.append(f"slide {number} table: needs {total:.0f}pt, has {room:.0f}pt")
    return found


@pytest.fixture(scope="module")
def cspr() -> tuple[Summary, Config, Any, bytes]:
    summary, config = load(CSPR)
    data = render_pptx(summary, config, RenderOptions(marking=MARKING))
    return summary, config, deck_of(data), data


# -- the deck from the bundled CSPR example -----------------------------------------------------


PARTS = ["1. Background", "2. Why it matters", "3. What happened", "4. What we learnt",
         "5. What should change", "6. Questions for reflection", "7. Further information"]
ACTIONS_TITLE = "Who is doing what"


def test_slide_titles_follow_the_seven_minute_briefing(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    assert base_titles(deck) == [summary.title, *PARTS, ACTIONS_TITLE]


def test_a_short_summary_is_a_title_seven_parts_and_the_actions(tmp_path: Path) -> None:
    summary, config = load(write(tmp_path, "t.yaml", VALID))
    deck = deck_of(render_pptx(summary, config, RenderOptions()))
    assert [title_of(slide) for slide in deck.slides] == [summary.title, *PARTS, ACTIONS_TITLE]


def test_the_deck_is_16_by_9(cspr: Any) -> None:
    deck = cspr[2]
    assert deck.slide_width / deck.slide_height == pytest.approx(16 / 9, rel=0.01)


def test_title_slide_names_review_type_partnership_and_marking(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    text = slide_text(deck.slides[0])
    assert title_of(deck.slides[0]) == summary.title
    assert catalogue.labels(catalogue.REVIEW_TYPES)["cspr"] in text
    assert summary.partnership in text
    assert uk_long(summary.completed) in text
    assert MARKING in text


def test_background_and_what_happened(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    by_title = {title_of(s): s for s in deck.slides}
    background = squash(slide_text(by_title["1. Background"]))
    assert f"{FIELD_LABELS['case.incident']}: August 2023" in background
    assert f"{FIELD_LABELS['review.type']}: Child Safeguarding Practice Review" in background
    assert squash(str(summary.review.purpose)) in background
    # The method learning has no slide of its own; the presenter has it in the notes.
    for paragraph in text_paragraphs(summary.method_learning):
        assert paragraph in squash(notes_text(by_title["1. Background"]))
    happened = by_title["3. What happened"]
    for paragraph in text_paragraphs(summary.case.precis):
        assert paragraph in squash(slide_text(happened))
    # Updates received after completion are in the notes of what happened.
    update = summary.updates[0]
    notes = squash(notes_text(happened))
    assert uk_long(update.date) in notes and squash(str(update.text)) in notes


def test_why_it_matters_lists_the_themes_when_the_summary_does_not_say(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    slide = next(s for s in deck.slides if title_of(s) == "2. Why it matters")
    text = slide_text(slide)
    for theme in summary.themes:
        assert config.theme_labels[theme] in text


def test_every_learning_point_is_in_the_deck(cspr: Any) -> None:
    summary, _, deck, _ = cspr
    shown = everything(deck)
    points = [*summary.case_learning, *summary.multi_agency,
              *(p for agency in summary.single_agency for p in agency.points)]
    assert len(points) == 16
    for point in points:
        assert squash(point.text) in shown


def test_concerns_and_good_practice_sit_under_their_own_headings(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    kinds = catalogue.labels(catalogue.POINT_KINDS)
    slides = [s for s in deck.slides if title_of(s).startswith("4. What we learnt")]
    paragraphs = [(p.text, bool(p.runs and p.runs[0].font.bold))
                  for s in slides for shape in s.shapes if shape.name == "Body"
                  for p in shape.text_frame.paragraphs]
    headings = [text for text, bold in paragraphs if bold]
    assert headings == [kinds["concern"], kinds["good-practice"], kinds["issue"]]
    under: dict[str, list[str]] = {}
    current = ""
    for text, bold in paragraphs:
        if bold:
            current = text
        else:
            under.setdefault(current, []).append(squash(text))
    for point in summary.case_learning:
        assert squash(point.text) in under[kinds[point.kind]]


def test_what_should_change_has_the_multi_agency_points_then_each_agencys(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    slides = [s for s in deck.slides if title_of(s).startswith("5. What should change")]
    paragraphs = [(squash(p.text), bool(p.runs and p.runs[0].font.bold))
                  for s in slides for shape in s.shapes if shape.name == "Body"
                  for p in shape.text_frame.paragraphs]
    expected = [(squash(p.text), False) for p in summary.multi_agency]
    for agency in summary.single_agency:
        expected += [(agency.agency, True), *((squash(p.text), False) for p in agency.points)]
    assert paragraphs == expected


def test_actions_are_a_real_table(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    slide = next(s for s in deck.slides if title_of(s) == ACTIONS_TITLE)
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    rows = [[squash(cell.text) for cell in row.cells] for row in tables[0].rows]
    assert rows[0][:3] == [FIELD_LABELS["actions.owner"], FIELD_LABELS["actions.action"],
                           FIELD_LABELS["actions.due"]]
    statuses = catalogue.labels(catalogue.ACTION_STATUSES)
    assert rows[1:] == [
        [a.owner, squash(str(a.action)), uk_long(a.due) if a.due else "", statuses[a.status]]
        for a in summary.actions
    ]


def test_audit_in_the_notes_of_the_actions_and_the_authors_questions(cspr: Any) -> None:
    summary, config, deck, _ = cspr
    by_title = {title_of(s): s for s in deck.slides}
    audit = squash(notes_text(by_title[ACTIONS_TITLE]))
    for paragraph in text_paragraphs(summary.audit):
        assert paragraph in audit
    reflection = slide_text(by_title[REFLECTION_TITLE])
    for question in summary.reflection:
        assert question in reflection


def test_marking_once_on_every_slide_at_the_top(cspr: Any) -> None:
    deck = cspr[2]
    for slide in deck.slides:
        marks = [shape for shape in slide.shapes
                 if shape.has_text_frame and shape.text_frame.text == MARKING]
        assert len(marks) == 1
        assert marks[0].top < Inches(0.5)


def _languages(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = " ".join(package.read(name).decode() for name in package.namelist()
                       if name.endswith(".xml"))
    return set(re.findall(r'<a:(?:rPr|defRPr|endParaRPr)\b[^>]*\blang="([^"]+)"', xml))


def test_every_run_is_proofed_in_the_documents_language(cspr: Any, tmp_path: Path) -> None:
    data = cspr[3]
    deck = cspr[2]
    assert _languages(data) == {"en-GB"}
    runs = [run for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert runs and all(run._r.rPr.get("lang") == "en-GB" for run in runs)
    write(tmp_path, ".learnsum.yaml", "language: cy-GB\n")
    summary, config = load(write(tmp_path, "t.yaml", VALID))
    assert _languages(render_pptx(summary, config, RenderOptions())) == {"cy-GB"}


def test_marking_comes_from_the_configuration_when_not_given(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", "marking: OFFICIAL\n")
    path = write(tmp_path, "t.yaml", VALID)
    summary, config = load(path)
    deck = deck_of(render_pptx(summary, config, RenderOptions()))
    for slide in deck.slides:
        assert "OFFICIAL" in [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_no_text_overflows_the_example(cspr: Any) -> None:
    assert overflows(cspr[2]) == []


def test_notes_carry_the_text_of_every_slide(cspr: Any) -> None:
    assert_notes_cover(cspr[2])
    assert_notes_cover(deck_of(render_pptx(long_summary(), DEFAULT_CONFIG, RenderOptions())))


def assert_notes_cover(deck: Any) -> None:
    """Each slide's notes hold the full text of every paragraph shown on it, even in part."""
    for slide in list(deck.slides)[1:]:
        notes = squash(notes_text(slide))
        body = [shape for shape in slide.shapes if shape.name == "Body"]
        for shape in body:
            for paragraph in shape.text_frame.paragraphs:
                assert squash(paragraph.text).strip("…").strip() in notes


def test_the_same_summary_gives_the_same_bytes(cspr: Any) -> None:
    summary, config, deck, data = cspr
    assert render_pptx(summary, config, RenderOptions(marking=MARKING)) == data
    properties = deck.core_properties
    assert properties.modified == dt.datetime.combine(summary.completed, dt.time())
    assert properties.created == properties.modified
    assert properties.last_modified_by == "learnsum"
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert stamps == {(2024, 6, 14, 0, 0, 0)}


# -- reflection questions -----------------------------------------------------------------------


def test_without_reflection_the_three_standard_questions_and_none_made_up() -> None:
    summary = summary_from(parse(VALID))
    assert summary.reflection == []
    deck = deck_of(render_pptx(summary, DEFAULT_CONFIG, RenderOptions()))
    slide = next(s for s in deck.slides if title_of(s) == REFLECTION_TITLE)
    body = next(shape for shape in slide.shapes if shape.name == "Body")
    questions = [p.text for p in body.text_frame.paragraphs if p.text]
    assert questions == [catalogue.STRINGS[f"briefing.question.{n}"] for n in (1, 2, 3)]
    # No question quotes a learning point.
    assert not any('"' in question for question in questions)


# -- long summaries split ------------------------------------------------------------------------

LONG_SENTENCE = (
    "The practitioners involved described a pattern of missed appointments, unanswered letters "
    "and visits where nobody came to the door, which was recorded each time but never brought "
    "together into a single picture of what the children were experiencing at home. "
)


def long_summary() -> Summary:
    data = parse(VALID)
    data["case"]["precis"] = "\n\n".join(LONG_SENTENCE * 3 for _ in range(6))
    data["case_learning"] = [
        {"text": f"Point {n}: {LONG_SENTENCE}",
         "kind": ("concern", "good-practice", "issue")[n % 3]}
        for n in range(1, 31)
    ]
    data["single_agency"] = [{"agency": "Health",
                              "points": [f"Health point {n}: {LONG_SENTENCE}" for n in range(25)]}]
    data["multi_agency"] = [LONG_SENTENCE * 12]  # one paragraph longer than a whole slide
    data["actions"] = [
        {"owner": f"Head of Service {n}, Testshire Council", "action": LONG_SENTENCE * (1 + n % 3),
         "due": "2027-01-31"}
        for n in range(20)
    ]
    data["audit"] = LONG_SENTENCE * 10
    return summary_from(data)


def test_a_very_long_summary_is_split_and_nothing_overflows() -> None:
    summary = long_summary()
    deck = deck_of(render_pptx(summary, DEFAULT_CONFIG, RenderOptions(marking=MARKING)))
    assert overflows(deck) == []
    titles = [title_of(s) for s in deck.slides]
    for start in ("3. What happened", "4. What we learnt", "5. What should change",
                  ACTIONS_TITLE):
        numbered = [CONTINUED.search(t) for t in titles if t.startswith(start)]
        count = len(numbered)
        assert count > 1, start
        assert [(int(m[1]), int(m[2])) for m in numbered if m] == [
            (n, count) for n in range(1, count + 1)]
    shown = everything(deck)
    for point in summary.case_learning:
        assert squash(point.text) in shown
    for point in summary.single_agency[0].points:
        assert squash(point.text) in shown
    # The paragraph longer than a slide runs on across slides, and the notes keep it whole.
    assert squash(summary.multi_agency[0].text) in shown
    # Every action is in a table, and every table repeats the header row.
    tables = [shape.table for s in deck.slides for shape in s.shapes if shape.has_table]
    assert len(tables) > 1
    owners = [row.cells[0].text for table in tables for row in list(table.rows)[1:]]
    assert owners == [action.owner for action in summary.actions]
    assert {table.cell(0, 0).text for table in tables} == {FIELD_LABELS["actions.owner"]}


def test_extreme_lengths_still_fit(tmp_path: Path) -> None:
    """Titles, agency names, update senders and table cells longer than a slide."""
    data = parse(VALID)
    data["title"] = "Child T " + "with a very long pseudonym " * 12
    data["single_agency"][0]["agency"] = "Health " + "and partners " * 40
    data["actions"][0]["action"] = LONG_SENTENCE * 15
    data["updates"] = [{"date": "2024-05-01", "from": "Service Manager " * 60,
                        "text": LONG_SENTENCE * 12}]
    data["case_learning"].append("Unbroken" * 80)
    summary = summary_from(data)
    deck = deck_of(render_pptx(summary, DEFAULT_CONFIG, RenderOptions(marking="OFFICIAL " * 30)))
    assert overflows(deck) == []
    notes = squash(" ".join(notes_text(s) for s in deck.slides))
    # What a slide had to cut is whole in the notes.
    assert squash(summary.title) in notes
    assert squash(LONG_SENTENCE * 15) in notes
    assert "Unbroken" * 80 in notes


def test_continuation_slides_repeat_the_kind_heading() -> None:
    summary = long_summary()
    deck = deck_of(render_pptx(summary, DEFAULT_CONFIG, RenderOptions()))
    kinds = set(catalogue.labels(catalogue.POINT_KINDS).values())
    for slide in deck.slides:
        if title_of(slide).startswith("4. What we learnt"):
            body = next(shape for shape in slide.shapes if shape.name == "Body")
            assert body.text_frame.paragraphs[0].text in kinds


# -- a partnership's own template ---------------------------------------------------------------


def make_template(path: Path) -> None:
    """A 4:3 partnership template with a logo on its master and two slides of its own."""
    template = Presentation()
    for _ in range(2):
        slide = template.slides.add_slide(template.slide_layouts[1])
        slide.shapes.title.text = "An old slide of the partnership"
    scratch = template.slides.add_slide(template.slide_layouts[6])
    logo = scratch.shapes.add_textbox(Inches(8.5), Inches(0.1), Inches(1.3), Inches(0.4))
    logo.name = "Partnership logo"
    logo.text_frame.text = "TSCP"
    # python-pptx cannot add shapes to a master; move the box there from a scratch slide, which
    # stays in the package out of the slide list, as some tools leave deleted slides.
    template.slide_master.shapes._spTree.append(logo._element)
    template.slides._sldIdLst.remove(template.slides._sldIdLst[-1])
    template.core_properties.author = "Someone At The Partnership"
    template.save(str(path))


def test_reference_template_masters_are_used_and_its_slides_removed(tmp_path: Path) -> None:
    reference = tmp_path / "partnership.pptx"
    make_template(reference)
    summary, config = load(CSPR)
    data = render_pptx(summary, config, RenderOptions(marking=MARKING, reference_pptx=reference))
    deck = deck_of(data)
    template = Presentation(str(reference))
    assert (deck.slide_width, deck.slide_height) == (template.slide_width, template.slide_height)
    assert "Partnership logo" in [shape.name for shape in deck.slide_master.shapes]
    assert "An old slide of the partnership" not in everything(deck)
    assert title_of(deck.slides[0]) == summary.title
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert deck.core_properties.author == summary.partnership
    assert overflows(deck) == []
    names = [info.filename for info in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    assert len([n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]) == len(
        deck.slides)


def test_a_reference_that_is_not_a_deck_is_one_clear_error(tmp_path: Path) -> None:
    reference = write(tmp_path, "not-a-deck.pptx", "hello")
    summary, config = load(CSPR)
    with pytest.raises(RenderError, match=r"not-a-deck\.pptx: cannot be"):
        render_pptx(summary, config, RenderOptions(reference_pptx=reference))


# -- hostile text -------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> &amp; {{ config }} ${HOME} =HYPERLINK(\"x\")"


def test_hostile_text_stays_literal_and_control_characters_go(tmp_path: Path) -> None:
    text = replace(VALID, "title: Child T", 'title: "Child T <b>&"')
    text = replace(text, "  - The GP practice escalated promptly.",
                   f"  - '{HOSTILE}'")
    text = replace(text, "partnership: Testshire Safeguarding Children Partnership",
                   "partnership: 'Testshire <Partnership> & Co'")
    summary, config = load(write(tmp_path, "hostile.yaml", text))
    # Validation refuses control characters (invalid-character); the renderer drops them too,
    # for a summary made some other way.
    summary = records.replace(summary, title="Child T \a\x0b<b>&")
    data = render_pptx(summary, config, RenderOptions(marking="OFFICIAL <SENSITIVE>"))
    deck = deck_of(data)
    assert title_of(deck.slides[0]) == "Child T <b>&"
    shown = everything(deck)
    assert HOSTILE in shown
    assert "Testshire <Partnership> & Co" in shown
    assert "OFFICIAL <SENSITIVE>" in slide_text(deck.slides[3])
    assert "\a" not in shown and "\x0b" not in shown


# -- through the command line -------------------------------------------------------------------


def test_render_command_writes_the_deck(tmp_path: Path) -> None:
    out = tmp_path / "child-x.pptx"
    result = cli("render", CSPR, "--format", "pptx", "--output", out, "--marking", MARKING,
                 "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    deck = Presentation(str(out))
    assert title_of(deck.slides[0]) == "Child X"


# -- the slides rules ---------------------------------------------------------------------------


def test_slides_required_warns_for_a_cspr_without_slides(tmp_path: Path) -> None:
    text = replace(VALID, "type: learning-review", "type: cspr")
    path = write(tmp_path, "t.yaml", text)
    result = cli("validate", path, "--today", TODAY)
    line = text.splitlines().index("slides: not-applicable") + 1
    assert result.returncode == 0
    assert f"t.yaml:{line}:9: warning" in result.stdout
    assert "[slides-required]" in result.stdout
    assert cli("validate", path, "--strict", "--today", TODAY).returncode == 1
    write(tmp_path, "t.yaml", replace(text, "slides: not-applicable", "slides: generate"))
    result = cli("validate", path, "--strict", "--today", TODAY)
    assert result.returncode == 0, result.stdout


def test_slides_required_does_not_apply_to_other_review_types(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", VALID)
    result = cli("validate", path, "--strict", "--today", TODAY)
    assert result.returncode == 0, result.stdout


def test_slides_file_must_exist_and_be_a_deck(tmp_path: Path) -> None:
    text = replace(VALID, "type: learning-review", "type: cspr")
    text = replace(text, "slides: not-applicable", "slides: workshop.pptx")
    path = write(tmp_path, "t.yaml", text)
    line = text.splitlines().index("slides: workshop.pptx") + 1
    result = cli("validate", path, "--today", TODAY)
    assert result.returncode == 1
    assert f"t.yaml:{line}:9: error" in result.stdout
    assert "does not exist" in result.stdout and "[slides-file]" in result.stdout
    write(tmp_path, "workshop.pptx", "not a zip")
    result = cli("validate", path, "--today", TODAY)
    assert result.returncode == 1
    assert "cannot be read as a PowerPoint .pptx file" in result.stdout
    # A real deck, such as one learnsum made, is accepted.
    summary, config = load(CSPR)
    (tmp_path / "workshop.pptx").write_bytes(render_pptx(summary, config, RenderOptions()))
    result = cli("validate", path, "--strict", "--today", TODAY)
    assert result.returncode == 0, result.stdout


def test_example_cspr_is_valid_with_no_problems_at_all() -> None:
    result = cli("validate", CSPR, "--strict", "--today", TODAY)
    assert result.returncode == 0
    assert "no problems" in result.stdout


# -- real LibreOffice ---------------------------------------------------------------------------


@pytest.mark.libreoffice
@requires("soffice", "pdftotext", why="(LibreOffice with Impress, and poppler-utils)")
def test_libreoffice_converts_the_deck_to_pdf(tmp_path: Path, cspr: Any) -> None:
    _, config, deck, data = cspr
    source = tmp_path / "deck.pptx"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file()
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) == len(deck.slides)
    for page, slide in zip(pages, deck.slides):
        flat = squash(page)
        assert MARKING in flat
        assert squash(title_of(slide))[:30] in flat
    assert "Detective Superintendent" in squash(pages[[title_of(s) for s in deck.slides].index(
        ACTIONS_TITLE)])


def test_a_powerpoint_template_potx_is_accepted(tmp_path: Path) -> None:
    deck_path = tmp_path / "partnership.pptx"
    make_template(deck_path)
    potx = tmp_path / "partnership.potx"
    with zipfile.ZipFile(deck_path) as source, zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"presentationml.presentation.main+xml",
                                    b"presentationml.template.main+xml")
            target.writestr(info, blob)
    with pytest.raises(ValueError):
        Presentation(str(potx))  # what python-pptx alone makes of a template
    summary, config = load(CSPR)
    deck = deck_of(render_pptx(summary, config, RenderOptions(reference_pptx=potx)))
    assert "Partnership logo" in [shape.name for shape in deck.slide_master.shapes]
    assert title_of(deck.slides[0]) == summary.title

"""`learnsum render --format docx`: the Word document read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Mm

from learnsum import catalogue
from learnsum.catalogue import FIELD_LABELS, FORM_TITLE
from render_helpers import (
    CHILD_O,
    HOSTILE_SHOWN,
    MARKING,
    child_o,
    expected_content,
    expected_rows,
    hostile_summary,
    norm,
    read_docx,
    section_keys,
)
from support import TODAY, VALID, cli, write


def _render(folder: Path, source: Path, *args: str) -> Path:
    out = folder / "out.docx"
    result = cli("render", source, "--format", "docx", "-o", out, "--today", TODAY, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    return out


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("docx")
    return read_docx(_render(folder, CHILD_O, "--marking", MARKING))


def _form(document: Any) -> Any:
    return document.tables[0]


def _cell_text(cell: Any) -> str:
    parts = [p.text for p in cell.paragraphs]
    for table in cell.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return norm(" ".join(parts))


def test_title_is_the_form_and_the_review(document: Any) -> None:
    first, second = document.paragraphs[0], document.paragraphs[1]
    assert (first.text, first.style.name) == (FORM_TITLE, "Title")
    assert (second.text, second.style.name) == (child_o().title, "Heading 1")
    assert document.core_properties.title == f"{FORM_TITLE}: {child_o().title}"


def test_every_row_label_and_prompt_in_the_forms_order(document: Any) -> None:
    rows = _form(document).rows
    expected = expected_rows(child_o())
    assert len(rows) == len(expected)
    for row, (label, prompt) in zip(rows, expected):
        heading = row.cells[0].paragraphs[0]
        assert heading.text == label
        assert heading.style.name == "Heading 2"  # listed in Word's navigation pane
        assert all(run.bold for run in heading.runs)
        prompts = [p for p in row.cells[0].paragraphs[1:] if p.text]
        if prompt is None:
            assert prompts == []
        else:
            assert [p.text for p in prompts] == [prompt]
            assert all(run.italic for run in prompts[0].runs)


def test_every_piece_of_content_is_in_its_row(document: Any) -> None:
    summary = child_o()
    rows = dict(zip(section_keys(summary), _form(document).rows))
    for key, pieces in expected_content(summary).items():
        shown = _cell_text(rows[key].cells[1])
        for piece in pieces:
            assert piece in shown, (key, piece)
        # ...and not in a row of another section.
        for other, row in rows.items():
            if other != key and key not in ("completed",):
                for piece in pieces:
                    if len(piece) > 40:
                        assert piece not in _cell_text(row.cells[1]), (key, other, piece)


def test_points_are_word_bullets_with_their_kind(document: Any) -> None:
    summary = child_o()
    rows = dict(zip(section_keys(summary), _form(document).rows))
    cell = rows["case_learning"].cells[1]
    bullets = [p for p in cell.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == len(summary.case_learning)
    kinds = catalogue.labels(catalogue.POINT_KINDS)
    for paragraph, point in zip(bullets, summary.case_learning):
        assert point.kind is not None
        assert paragraph.runs[0].text == f"{kinds[point.kind]}: "
        assert paragraph.runs[0].bold
        assert norm(point.text) in norm(paragraph.text)
    # The List Bullet style is a real Word list: it carries numbering.
    assert bullets[0].style.element.xpath(".//w:numPr")


def test_agencies_are_sub_headings_in_the_single_agency_row(document: Any) -> None:
    summary = child_o()
    rows = dict(zip(section_keys(summary), _form(document).rows))
    cell = rows["single_agency"].cells[1]
    headings = [p.text for p in cell.paragraphs if p.style.name == "Heading 3"]
    assert headings == [agency.agency for agency in summary.single_agency]
    bullets = [p for p in cell.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == sum(len(a.points) for a in summary.single_agency)


def test_actions_are_a_nested_table(document: Any) -> None:
    summary = child_o()
    rows = dict(zip(section_keys(summary), _form(document).rows))
    (table,) = rows["actions"].cells[1].tables
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [FIELD_LABELS[f"actions.{n}"] for n in ("owner", "action", "due", "status")]
    assert len(table.rows) == 1 + len(summary.actions)
    statuses = catalogue.labels(catalogue.ACTION_STATUSES)
    for row, action in zip(table.rows[1:], summary.actions):
        owner, text, due, status = (norm(cell.text) for cell in row.cells)
        assert owner == norm(action.owner)
        assert text == norm(str(action.action))
        assert due == "31 March 2016"
        assert status == statuses[action.status]


def test_updates_have_uk_long_dates(document: Any) -> None:
    rows = dict(zip(section_keys(child_o()), _form(document).rows))
    first = rows["updates"].cells[1].paragraphs[0]
    assert first.runs[0].text == "20 November 2015" and first.runs[0].bold


def test_marking_in_header_and_footer_and_page_numbers(document: Any) -> None:
    section = document.sections[0]
    assert MARKING in [p.text for p in section.header.paragraphs]
    footer = [p.text for p in section.footer.paragraphs]
    assert MARKING in footer
    xml = section.footer._element.xml
    assert "PAGE" in xml and "NUMPAGES" in xml
    assert any(text.startswith("Page ") and " of " in text for text in footer)


def test_a4_portrait(document: Any) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)


def test_no_guidance_leaves_every_prompt_out(tmp_path: Path) -> None:
    out = _render(tmp_path, CHILD_O, "--no-guidance")
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    prompts = [section.prompt for section in catalogue.SECTIONS if section.prompt]
    assert prompts
    for prompt in prompts:
        assert prompt.replace("'", "&apos;") not in xml and prompt not in xml
    labels = [row.cells[0].paragraphs[0].text for row in read_docx(out).tables[0].rows]
    assert labels == [label for label, _ in expected_rows(child_o())]


def test_no_marking_means_no_marking(tmp_path: Path) -> None:
    out = _render(tmp_path, CHILD_O)
    section = read_docx(out).sections[0]
    assert MARKING not in section.header._element.xml + section.footer._element.xml


def test_byte_stable_across_runs(tmp_path: Path) -> None:
    first = _render(tmp_path, CHILD_O, "--marking", MARKING).read_bytes()
    (tmp_path / "out.docx").unlink()
    second = _render(tmp_path, CHILD_O, "--marking", MARKING).read_bytes()
    assert first == second
    # The dates inside are the summary's, not the time of rendering.
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "2015-09-25" in core
    again = cli("render", CHILD_O, "-o", tmp_path / "out.docx", "--today", TODAY,
                "--marking", MARKING)
    assert again.stdout == f"unchanged {tmp_path / 'out.docx'}\n"


def test_hostile_text_and_control_characters_stay_literal(tmp_path: Path) -> None:
    source = write(tmp_path, "hostile.yaml", hostile_summary())
    out = _render(tmp_path, source)
    document = read_docx(out)  # opens: the control character did not make invalid XML
    texts = [document.paragraphs[1].text] + [_cell_text(row.cells[1])
                                             for row in document.tables[0].rows]
    assert document.paragraphs[1].text == HOSTILE_SHOWN
    assert sum(t.count(HOSTILE_SHOWN) for t in texts) >= 12
    assert "49" not in "".join(texts)
    assert "\x01" not in zipfile.ZipFile(out).read("word/document.xml").decode()


def _reference(path: Path) -> Path:
    import docx
    from docx.shared import RGBColor

    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "Testshire Partnership letterhead"
    reference.styles["Heading 2"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    reference.add_paragraph("Text of the reference document that must not be copied")
    reference.save(str(path))
    return path


def test_reference_docx_gives_styles_and_header_not_text(tmp_path: Path) -> None:
    reference = _reference(tmp_path / "house.docx")
    out = _render(tmp_path, CHILD_O, "--reference-docx", str(reference), "--marking", MARKING)
    document = read_docx(out)
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "Testshire Partnership letterhead"
    assert MARKING in header
    assert str(document.styles["Heading 2"].font.color.rgb) == "123456"
    assert "must not be copied" not in "".join(p.text for p in document.paragraphs)
    assert document.tables[0].rows[0].cells[0].paragraphs[0].text == expected_rows(child_o())[0][0]


def test_reference_docx_that_is_not_word_is_one_line(tmp_path: Path) -> None:
    bogus = write(tmp_path, "bogus.docx", "not a zip")
    result = cli("render", CHILD_O, "-o", tmp_path / "x.docx", "--reference-docx", bogus)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(bogus) in result.stderr
    assert "Traceback" not in result.stderr


def test_every_row_of_the_form_is_shown_an_empty_one_says_none_recorded(tmp_path: Path) -> None:
    source = write(tmp_path, "t.yaml", VALID)
    document = read_docx(_render(tmp_path, source))
    rows = {row.cells[0].paragraphs[0].text: row.cells[1].text
            for row in document.tables[0].rows}
    assert list(rows) == [section.label for section in catalogue.SECTIONS]
    for key in ("comments", "updates"):
        assert rows[catalogue.SECTIONS_BY_KEY[key].label] == "None recorded"


# -- print-ready: rows kept on a page, columns sized to their words, properties ----------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(path: Path, part: str = "word/document.xml") -> Any:
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


LONG_OWNERS = VALID.replace(
    "  - owner: Designated Nurse, Integrated Care Board\n",
    "  - owner: Detective Superintendent, Northamptonshire Police\n").replace(
    "slides: not-applicable\n",
    "comments: |\n" + "".join(f"  Paragraph {n} of a long comment that goes on and on.\n\n"
                              for n in range(120)) + "slides: generate\n").replace(
    "review:\n  type: learning-review", "review:\n  type: cspr")


def test_rows_that_fit_on_a_page_never_split_and_header_rows_repeat(tmp_path: Path) -> None:
    out = _render(tmp_path, write(tmp_path, "t.yaml", LONG_OWNERS))
    body = _xml(out)
    form = body.find(f"{_W}body/{_W}tbl")
    rows = form.findall(f"{_W}tr")
    labels = ["".join(row.find(f"{_W}tc").itertext()) for row in rows]
    kept = {label.split(" –")[0].split("?")[0][:20]: row.find(f"{_W}trPr/{_W}cantSplit") is not None
            for label, row in zip(labels, rows)}
    # The 120-paragraph comment cannot fit on one page: it alone may break across pages.
    assert [label for label, whole in kept.items() if not whole] == ["Any other comments, "]
    actions = form.find(f".//{_W}tc/{_W}tbl")
    header, *body_rows = actions.findall(f"{_W}tr")
    assert header.find(f"{_W}trPr/{_W}tblHeader") is not None
    assert all(row.find(f"{_W}trPr/{_W}cantSplit") is not None for row in body_rows)


def test_actions_columns_are_sized_to_their_content_the_action_widest(tmp_path: Path) -> None:
    out = _render(tmp_path, write(tmp_path, "t.yaml", LONG_OWNERS))
    actions = _xml(out).find(f".//{_W}tc/{_W}tbl")
    grid = [int(col.get(f"{_W}w")) for col in actions.findall(f"{_W}tblGrid/{_W}gridCol")]
    owner, action, due, status = grid
    assert action == max(grid) and action > owner
    # The form's content column is 11.5 cm, less its cell margins: the table fills it.
    assert abs(sum(grid) - round((11.5 - 0.38) / 2.54 * 1440)) < 10
    for row in actions.findall(f"{_W}tr"):
        widths = [int(tc.find(f"{_W}tcPr/{_W}tcW").get(f"{_W}w")) for tc in row.findall(f"{_W}tc")]
        assert widths == grid


def test_document_title_language_and_no_blank_thumbnail(tmp_path: Path) -> None:
    out = _render(tmp_path, write(tmp_path, "t.yaml", VALID))
    document = read_docx(out)
    assert document.core_properties.title == "Learning Summary: Child T"
    assert document.core_properties.language == "en-GB"
    styles = _xml(out, "word/styles.xml")
    language = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
    assert language.get(f"{_W}val") == "en-GB"
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        relationships = package.read("_rels/.rels").decode()
    assert not [name for name in names if "thumbnail" in name]
    assert "thumbnail" not in relationships


def test_the_slides_row_names_the_deck_file_in_plain_words(tmp_path: Path) -> None:
    out = _render(tmp_path, write(tmp_path, "child-t.yaml", LONG_OWNERS))
    document = read_docx(out)
    rows = {row.cells[0].paragraphs[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert rows[catalogue.SECTIONS_BY_KEY["slides"].label] == "Practitioner slides: out.pptx"
    text = "".join(_xml(out).itertext())
    assert "learnsum" not in text.lower()


def test_actions_columns_for_short_words_and_for_a_narrow_room() -> None:
    from learnsum.render.docx import column_widths
    from learnsum.render.view import Table

    short = Table(("Owner", "Action", "Due", "Status"),
                  ((("Police",), ("Brief staff.",), ("1 May 2027",), ("Open",)),))
    widths = column_widths(short, 11.12)
    assert abs(sum(widths) - 11.12) < 1e-6
    assert widths[1] == max(widths)  # every cell fits on a line: the room left is the action's
    crowded = Table(("Owner", "Action", "Due", "Status"),
                    ((("Northamptonshire",), ("Superintendent",), ("September",), ("Dropped",)),))
    narrow = column_widths(crowded, 6.0)
    assert abs(sum(narrow) - 6.0) < 1e-6  # too narrow for the longest words: shared by them
    assert narrow[0] > narrow[3]

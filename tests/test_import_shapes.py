"""`learnsum import` on forms as partnerships really keep them: split over page breaks, worded
their own way, with header rows, merged cells, Word lists, actions tables, text around the
table, and as .doc or .odt. Every shape imports to a summary that validates, and no word of the
document is lost (it is in a mapped field, or under `comments` with a TODO saying where from).

The content is the seed's own (tests/data/learning-summary-template.txt); the labels are the
wordings other copies of the form use (the catalogue's other wordings, `SECTION_SYNONYMS`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from import_forms import seed_title_and_rows
from learnsum import catalogue
from learnsum.config import DEFAULT_CONFIG
from learnsum.importers import ImportRefused, import_bytes, import_docx, importer_for
from learnsum.validate import check_file, check_text
from support import cli, requires

TITLE, SEED = seed_title_and_rows()
TODAY = "2026-01-01"

# -- the seed's content, by section ---------------------------------------------------------------


def _seed_content() -> dict[str, list[str]]:
    from learnsum.importers.labels import section_score

    content: dict[str, list[str]] = {}
    rows = [row for row in SEED if row.paragraphs]
    for row in rows:
        key = max(catalogue.SECTIONS, key=lambda s: section_score(row.label, s)).key
        paragraphs = list(row.paragraphs)
        prompt = catalogue.SECTIONS_BY_KEY[key].prompt
        if prompt and paragraphs[0].startswith(prompt):
            paragraphs[0] = paragraphs[0][len(prompt):].strip()
        content[key] = paragraphs
    return content


CONTENT = _seed_content()
#: Other partnerships' wording of each row (the issue's examples among them).
OTHER_LABELS = {
    "completed": "Date completed",
    "review": "Type of review and purpose",
    "case": "Case summary",
    "case_learning": "Key learning – the case",
    "method_learning": "Learning about the review",
    "single_agency": "Single agency learning",
    "multi_agency": "Multi-agency learning",
    "actions": "Actions – who is doing what?",
    "audit": "How will you know the impact?",
    "comments": "Other comments",
    "slides": "Practitioner slides (SCRs)",
}

# -- a small builder of Word documents -----------------------------------------------------------


@dataclass
class Cell:
    """A cell: paragraphs (text, or (text, style)), a nested table, merges."""

    paragraphs: Sequence[str | tuple[str, str]] = ()
    table: Sequence[Sequence[str]] | None = None
    #: "restart" or "continue" for a vertical merge; an int for a horizontal span.
    vmerge: str | None = None
    span: int = 1


Row = Sequence[Cell]
Block = str | tuple[str, str] | list[Row]


def build(blocks: Sequence[Block]) -> bytes:
    """A .docx of paragraphs (text, or (text, style)) and tables (lists of rows of cells)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for block in blocks:
        if not isinstance(block, list):
            text, style = (block, None) if isinstance(block, str) else block
            document.add_paragraph(text, style=style)
            continue
        columns = max(sum(cell.span for cell in row) for row in block)
        table = document.add_table(rows=0, cols=columns)
        for row in block:
            cells = table.add_row().cells
            at = 0
            for cell in row:
                target = cells[at]
                if cell.span > 1:
                    target = target.merge(cells[at + cell.span - 1])
                at += cell.span
                if cell.vmerge:
                    properties = target._tc.get_or_add_tcPr()
                    merge = OxmlElement("w:vMerge")
                    if cell.vmerge == "restart":
                        merge.set(qn("w:val"), "restart")
                    properties.append(merge)
                first = True
                for paragraph in cell.paragraphs:
                    text, style = (paragraph, None) if isinstance(paragraph, str) else paragraph
                    line = target.paragraphs[0] if first else target.add_paragraph()
                    if style:
                        line.style = document.styles[style]
                    line.add_run(text)
                    first = False
                if cell.table is not None:
                    inner = target.add_table(rows=0, cols=len(cell.table[0]))
                    for values in cell.table:
                        for inner_cell, value in zip(inner.add_row().cells, values):
                            inner_cell.paragraphs[0].add_run(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def row(label: str, *paragraphs: str | tuple[str, str]) -> list[Cell]:
    return [Cell([label]), Cell(list(paragraphs))]


def section_rows(keys: Sequence[str], labels: dict[str, str] | None = None) -> list[list[Cell]]:
    labels = labels or {}
    return [row(labels.get(key, catalogue.SECTIONS_BY_KEY[key].label), *CONTENT[key])
            for key in keys if key in CONTENT]


KEYS = [s.key for s in catalogue.SECTIONS if s.key in CONTENT]
HEADER = [Cell(["Section"]), Cell(["Response"])]

# -- the shapes ---------------------------------------------------------------------------------


def split_over_two_tables() -> bytes:
    """A page break: the form continues in a second table, each with its header row; the title
    line names the pseudonym and the review type."""
    rows = section_rows(KEYS)
    return build(["Learning Summary: Ruth (Domestic Homicide Review)",
                  [HEADER, *rows[:5]], "", [HEADER, *rows[5:]]])


def other_wording() -> bytes:
    """Every row worded as another partnership's form words it, rows in another order."""
    rows = section_rows(KEYS, OTHER_LABELS)
    return build(["Learning Summary – Ruth", list(reversed(rows))])


def blank_and_none_cells() -> bytes:
    """Prompts at the start of the content cell, blank rows, "None" and "N/A" cells."""
    rows = []
    for key in KEYS:
        section = catalogue.SECTIONS_BY_KEY[key]
        content = list(CONTENT[key])
        if key == "comments":
            content = ["None"]
        elif key == "slides":
            content = ["N/A"]
        elif section.prompt:
            content[0] = f"{section.prompt} {content[0]}"
        rows.append(row(section.label, *content))
    rows.insert(3, row("Date of next sub-group meeting"))
    return build(["Learning Summary Template", rows])


def merged_cells() -> bytes:
    """A label cell merged down over two rows (the content continues), a heading row across
    the table between parts of the form."""
    rows: list[list[Cell]] = []
    for key in KEYS:
        label = catalogue.SECTIONS_BY_KEY[key].label
        content = CONTENT[key]
        if key == "case" and len(content) > 1:
            rows.append([Cell([label], vmerge="restart"), Cell([content[0]])])
            rows.append([Cell([], vmerge="continue"), Cell(list(content[1:]))])
        else:
            rows.append(row(label, *content))
        if key == "case":
            rows.append([Cell(["Part 2 – What was learnt"], span=2)])
    return build(["Child O", rows])


def word_lists() -> bytes:
    """Case learning and multi-agency points as Word list paragraphs, bullets and numbers."""
    rows = []
    for key in KEYS:
        label = catalogue.SECTIONS_BY_KEY[key].label
        if key == "case_learning":
            points = [p.strip() for p in CONTENT[key][0].split("*") if p.strip()]
            rows.append(row(label, *[(p, "List Bullet") for p in points]))
        elif key == "multi_agency":
            rows.append(row(label, ("1. Raise awareness of disguised compliance", "List Number"),
                            ("iPad use in visits to be reviewed", "List Number")))
        else:
            rows.append(row(label, *CONTENT[key]))
    return build(["Child O", rows])


def actions_table() -> bytes:
    """The actions as a nested table headed Who / What / When / Notes."""
    rows = []
    for key in KEYS:
        label = catalogue.SECTIONS_BY_KEY[key].label
        if key == "actions":
            rows.append([Cell([label]), Cell(["Agreed actions:"], table=[
                ["Who", "What", "When", "Notes"],
                ["Named Nurse for Safeguarding", "Brief health visitors on escalation",
                 "31/03/2016", "Rolled out in the spring"],
                ["Head of Early Help", "Audit ten CAF closures", "30 June 2016", ""],
            ])])
        else:
            rows.append(row(label, *CONTENT[key]))
    return build(["Child O", rows])


def actions_as_paragraphs() -> bytes:
    """Actions typed one a paragraph: "Owner – action – by date"."""
    rows = []
    for key in KEYS:
        label = catalogue.SECTIONS_BY_KEY[key].label
        if key == "actions":
            rows.append(row(label,
                            "Named Nurse – brief health visitors on escalation – by 31/03/2016",
                            "Head of Early Help – audit ten CAF closures – by 30/06/2016"))
        else:
            rows.append(row(label, *CONTENT[key]))
    return build(["Child O", rows])


def text_around_the_table() -> bytes:
    """The facts above the table (reference, date completed), notes after it; no completed
    row in the table."""
    rows = section_rows([k for k in KEYS if k != "completed"])
    return build(["Learning Summary: Child O", "Reference: NSCB-LS-2015-07",
                  "Date completed: 25/09/2015", rows,
                  "Signed off by the Learning and Improvement sub-group.",
                  "Circulated to all partner agencies."])


SHAPES: dict[str, Callable[[], bytes]] = {
    "split over two tables": split_over_two_tables,
    "other wording": other_wording,
    "blank and None cells": blank_and_none_cells,
    "merged cells": merged_cells,
    "Word lists": word_lists,
    "actions table": actions_table,
    "actions as paragraphs": actions_as_paragraphs,
    "text around the table": text_around_the_table,
}

# -- what a document says, and whether the YAML says it ------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: Words a mapped field holds in another form: dates (as ISO), and N/A cells (not-applicable).
_CONVERTED = {"st", "nd", "rd", "th", "n", "a", "none", "january", "february", "march", "april",
              "may", "june", "july", "august", "september", "october", "november",
              "december", "by", "update", "received", "from"}


def document_words(data: bytes) -> set[str]:
    """Every word of the document's text (every paragraph of its XML, in content controls and
    nested tables too), except the form's own wording (its row labels, their prompts and the
    table's header row) and what becomes a date or a vocabulary id."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(io.BytesIO(data)).element.body
    labels: set[Any] = set()  # the elements themselves, so that lxml keeps the same proxies
    for table_row in body.iter(qn("w:tr")):
        cells = table_row.xpath("./w:tc|./w:sdt/w:sdtContent/w:tc")
        if len(cells) > 1:
            labels.update(cells[0].iter(qn("w:p")))
    texts = ["".join((t.text or "") if t.tag == qn("w:t") else " "
                     for t in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"))
                     if next(t.iterancestors(qn("w:p"))) is p)  # a text box's: its own
             for p in body.iter(qn("w:p")) if p not in labels]
    form_words: set[str] = {"section", "response", "learning", "summary", "template"}
    for section in catalogue.SECTIONS:
        form_words |= _words(section.prompt or "")
    for terms in (catalogue.REVIEW_TYPES, catalogue.POINT_KINDS, catalogue.ACTION_STATUSES):
        for term in terms:
            form_words |= _words(term.label)
    return {w for t in texts for w in _words(t)} - form_words - _CONVERTED


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if not w.isdigit()}


def assert_nothing_dropped(data: bytes, text: str) -> None:
    missing = document_words(data) - _words(text)
    assert not missing, f"words of the document not in the YAML: {sorted(missing)}"


def imported_shape(data: bytes, name: str = "form.docx") -> tuple[Any, str, dict[str, Any]]:
    result, text = import_docx(data, config=DEFAULT_CONFIG, name=name)
    return result, text, YAML(typ="safe").load(text)


def assert_valid(text: str) -> None:
    checked = check_text(text, display="form.yaml", today=dt.date(2026, 1, 1))
    assert checked.errors == [], [p.message for p in checked.errors]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_imports_to_a_valid_summary_without_dropping_a_word(shape: str) -> None:
    data = SHAPES[shape]()
    _, text, summary = imported_shape(data)
    assert_valid(text)
    assert_nothing_dropped(data, text)
    for key in ("completed", "review", "case", "case_learning", "method_learning",
                "single_agency", "multi_agency", "actions", "audit"):
        assert key in summary, f"{key} missing from the {shape} import"


def test_a_form_over_two_tables_reads_as_one_with_its_title_line() -> None:
    result, text, summary = imported_shape(split_over_two_tables())
    assert summary["title"] == "Ruth"
    assert summary["completed"] == dt.date(2015, 9, 25)
    # The title line names the type; the row's text only let it be guessed.
    assert summary["review"]["type"] == "dhr"
    assert ("review", "type") not in result.todos
    assert len(summary["case_learning"]) == 4
    assert [a["agency"] for a in summary["single_agency"]] == ["Health", "Police"]
    assert "comments" in summary and "Section" not in summary["comments"]
    skipped = [m for m in result.matches if m.key is None]
    assert [m.where for m in skipped] == ["table 1, row 1", "table 2, row 1"]
    assert all(m.why == "the table's heading row" for m in skipped)


def test_the_title_line_names_the_review_type_when_the_form_does_not() -> None:
    rows = section_rows([k for k in KEYS if k != "review"])
    rows.append(row("Type of review and purpose", "A review of the agencies' contact."))
    _, _, summary = imported_shape(build(
        ["Learning Summary: Ruth (Domestic Homicide Review)", rows]))
    assert summary["title"] == "Ruth"
    assert summary["review"]["type"] == "dhr"


def test_labels_worded_otherwise_are_recognised_without_configuration() -> None:
    result, _, summary = imported_shape(other_wording())
    assert summary["title"] == "Ruth"
    chosen = {m.label: m.key for m in result.matches}
    assert chosen == {label: key for key, label in OTHER_LABELS.items() if key in CONTENT}
    assert all(m.score >= 0.5 for m in result.matches)
    assert not any(note.endswith("kept under comments") for note in result.notes)


def test_blank_none_and_na_cells() -> None:
    result, text, summary = imported_shape(blank_and_none_cells())
    assert summary["slides"] == "not-applicable"
    # "None" in the comments row is no comment; the label-only extra row is kept, with a TODO.
    assert summary["comments"] == "Date of next sub-group meeting"
    assert "# TODO(import): from table 1, row 4 ('Date of next sub-group meeting')" in text
    assert len(summary["case_learning"]) == 4
    assert not summary["method_learning"].startswith("(")


def test_merged_cells_continue_the_row_and_a_heading_row_is_kept() -> None:
    _, text, summary = imported_shape(merged_cells())
    assert summary["title"] == "Child O"
    assert summary["case"]["precis"].count("\n\n") == 1
    assert summary["comments"].rstrip().endswith("Part 2 – What was learnt")
    assert "from table 1, row 5 (across the table)" in text


def test_word_list_paragraphs_are_points_as_written() -> None:
    _, _, summary = imported_shape(word_lists())
    assert len(summary["case_learning"]) == 4
    # A Word list item keeps its own words: neither its number nor its capitals are changed.
    assert summary["multi_agency"] == ["1. Raise awareness of disguised compliance",
                                       "iPad use in visits to be reviewed"]


def test_a_nested_actions_table_with_its_own_headings() -> None:
    _, _, summary = imported_shape(actions_table())
    assert summary["actions"] == [
        {"owner": "Named Nurse for Safeguarding",
         "action": "Brief health visitors on escalation\n\nNotes: Rolled out in the spring\n",
         "due": dt.date(2016, 3, 31)},
        {"owner": "Head of Early Help", "action": "Audit ten CAF closures",
         "due": dt.date(2016, 6, 30)},
    ]


def test_actions_typed_as_owner_action_date() -> None:
    _, _, summary = imported_shape(actions_as_paragraphs())
    assert summary["actions"] == [
        {"owner": "Named Nurse", "action": "Brief health visitors on escalation",
         "due": dt.date(2016, 3, 31)},
        {"owner": "Head of Early Help", "action": "Audit ten CAF closures",
         "due": dt.date(2016, 6, 30)},
    ]


def test_text_around_the_table_is_read_or_kept() -> None:
    _, text, summary = imported_shape(text_around_the_table())
    assert summary["title"] == "Child O"
    assert summary["reference"] == "NSCB-LS-2015-07"
    assert summary["completed"] == dt.date(2015, 9, 25)
    assert summary["comments"].rstrip().endswith("Signed off by the Learning and Improvement "
                                        "sub-group.\n\nCirculated to all partner agencies.")
    assert text.count("# TODO(import): from text after the table") == 2


def test_old_word_text_with_windows_1252_characters_is_written_readably() -> None:
    rows = section_rows(KEYS)
    rows[KEYS.index("audit")] = row(catalogue.SECTIONS_BY_KEY["audit"].label,
                                    "We didn\u0092t know \u0093yet\u0094\u0081.")
    _, text, summary = imported_shape(build(["Child O", rows]))
    assert summary["audit"] == "We didn’t know “yet”."
    assert_valid(text)


# -- --explain, a folder at a time, the report ---------------------------------------------------


def test_explain_lists_each_row_with_its_key_score_and_why(tmp_path: Path) -> None:
    (tmp_path / "ruth.docx").write_bytes(other_wording())
    result = cli("import", "ruth.docx", "--explain", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if " -> " in line and "score" in line]
    assert len(lines) == len(CONTENT)
    assert ("ruth.docx: table 1, row 1: 'Practitioner slides (SCRs)' -> slides (score 1.00: "
            "like 'Practitioner slides (SCRs)')") in lines


def test_explain_shows_a_row_below_the_threshold(tmp_path: Path) -> None:
    rows = section_rows(KEYS)
    rows.append(row("Date of next sub-group meeting", "To be arranged."))
    (tmp_path / "o.docx").write_bytes(build(["Child O", rows]))
    result = cli("import", "o.docx", "--explain", cwd=tmp_path)
    line = next(line for line in result.stdout.splitlines() if "sub-group meeting'" in line)
    assert re.fullmatch(r"o\.docx: table 1, row \d+: 'Date of next sub-group meeting' -> "
                        r"comments \(score 0\.\d\d: best \w+ \(.*\) is below 0\.50 or taken by "
                        r"a closer row; kept under comments\)", line), line


def test_a_folder_imports_every_form_and_one_bad_file_never_stops_it(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "a-ruth.docx").write_bytes(split_over_two_tables())
    (forms / "b-broken.docx").write_bytes(b"not a zip")
    (forms / "c-child-o.docx").write_bytes(word_lists())
    (forms / "notes.txt").write_text("not a form", encoding="utf-8")
    result = cli("import", "forms", "-o", "out", "--report", "report.csv", "--today", TODAY,
                 cwd=tmp_path)
    assert result.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-ruth.yaml",
                                                                    "c-child-o.yaml"]
    assert "learnsum import: forms/b-broken.docx: refused: not a Word .docx file" in result.stderr
    table = result.stdout[result.stdout.index("file "):].splitlines()
    assert re.match(r"forms/a-ruth\.docx\s+Ruth\s+needs checking \(\d+ TODO marks?\)$",
                    table[2])
    assert re.match(r"forms/b-broken\.docx\s+refused \(not a Word \.docx file", table[3])
    assert table[-1] == "3 files: 0 imported, 2 need checking, 1 refused"
    with (tmp_path / "report.csv").open(encoding="utf-8", newline="") as stream:
        report = list(csv.DictReader(stream))
    assert [(r["file"], r["title"], r["result"]) for r in report] == [
        ("forms/a-ruth.docx", "Ruth", "needs checking"),
        ("forms/b-broken.docx", "", "refused"),
        ("forms/c-child-o.docx", "Child O", "needs checking"),
    ]
    assert int(report[0]["todo_marks"]) > 0
    assert report[1]["detail"].startswith("not a Word .docx file")


def test_a_clean_import_is_reported_as_imported(tmp_path: Path) -> None:
    source = Path(__file__).parent.parent / "examples"
    example = sorted(source.glob("*.yaml"))[0]
    rendered = tmp_path / "form.docx"
    made = cli("render", str(example), "--format", "docx", "-o", str(rendered), cwd=tmp_path)
    if made.returncode != 0:
        pytest.skip(f"render --format docx failed here: {made.stderr}")
    result = cli("import", "form.docx", "forms-none", "-o", "out", "--today", TODAY,
                 cwd=tmp_path)
    assert "form.docx" in result.stdout
    assert re.search(r"form\.docx\s+.+\s+imported$", result.stdout, re.M)


def test_today_is_used_for_the_dates_checked(tmp_path: Path) -> None:
    (tmp_path / "o.docx").write_bytes(actions_as_paragraphs())
    before = cli("import", "o.docx", "-o", "a", "--today", "2015-09-01", cwd=tmp_path)
    assert "[impossible-date]" in before.stdout  # completed after "today"
    after = cli("import", "o.docx", "-o", "b", "--today", "2017-01-01", cwd=tmp_path)
    assert "[action-overdue]" in after.stdout


def test_help_says_o_takes_a_file_or_a_folder() -> None:
    result = cli("import", "--help")
    assert "--output" in result.stdout
    assert re.search(r"A \.yaml file \(for one form\)\s+or\s+a folder", " ".join(
        line.strip(" │") for line in result.stdout.splitlines()))


# -- the validate rule -----------------------------------------------------------------------------


def test_todo_marks_are_warnings_in_a_draft_and_errors_once_final(tmp_path: Path) -> None:
    _, text, _ = imported_shape(split_over_two_tables())
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, encoding="utf-8")
    marks = [n for n, line in enumerate(text.splitlines(), start=1) if "# TODO(import)" in line]
    result = check_file(draft, today=dt.date(2026, 1, 1))
    found = [p for p in result.problems if p.rule == "import-unchecked"]
    assert [p.line for p in found] == marks
    assert all(p.severity.value == "warning" for p in found)
    final = tmp_path / "final.yaml"
    final.write_text(text.replace("learnsum: 1\n", "learnsum: 1\nstatus: final\n", 1),
                     encoding="utf-8")
    result = check_file(final, today=dt.date(2026, 1, 1))
    found = [p for p in result.problems if p.rule == "import-unchecked"]
    assert len(found) == len(marks) and all(p.severity.value == "error" for p in found)
    assert "a final summary must not keep import marks" in found[0].message
    out = cli("validate", "final.yaml", "--today", TODAY, cwd=tmp_path)
    assert out.returncode == 1 and "[import-unchecked]" in out.stdout


def test_a_todo_in_the_text_itself_is_not_a_mark(tmp_path: Path) -> None:
    _, text, _ = imported_shape(word_lists())
    cleaned = "\n".join(line for line in text.splitlines() if "# TODO(import)" not in line)
    target = tmp_path / "s.yaml"
    target.write_text(cleaned + "\n", encoding="utf-8")
    assert not [p for p in check_file(target).problems if p.rule == "import-unchecked"]


# -- .doc and .odt, converted by LibreOffice -----------------------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The split form saved by LibreOffice as .odt, and that .odt saved as .doc."""
    from learnsum.render.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-writer-nogui")
    import subprocess

    folder = tmp_path_factory.mktemp("converted")
    (folder / "ruth.docx").write_bytes(split_over_two_tables())
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    for source, target in (("ruth.docx", "odt"), ("ruth.odt", "doc")):
        subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir",
                        str(folder), str(folder / source)], check=True, capture_output=True,
                       timeout=180)
    return {suffix: (folder / f"ruth.{suffix}").read_bytes() for suffix in ("odt", "doc")}


@requires("soffice", why="converting .doc and .odt needs LibreOffice")
@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", ["odt", "doc"])
def test_doc_and_odt_forms_import_like_the_docx(suffix: str, converted: dict[str, bytes]) -> None:
    data = converted[suffix]
    result, text = import_bytes(data, importer_for(f"ruth.{suffix}"), config=DEFAULT_CONFIG,
                                name=f"ruth.{suffix}")
    summary = YAML(typ="safe").load(text)
    assert_valid(text)
    _, _, from_docx = imported_shape(split_over_two_tables(), name=f"ruth.{suffix}")
    assert summary == from_docx
    assert_nothing_dropped(split_over_two_tables(), text)


@requires("soffice", why="converting .doc needs LibreOffice")
@pytest.mark.libreoffice
def test_a_doc_folder_imports_through_the_command(tmp_path: Path,
                                                  converted: dict[str, bytes]) -> None:
    (tmp_path / "ruth.doc").write_bytes(converted["doc"])
    result = cli("import", "ruth.doc", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert YAML(typ="safe").load((tmp_path / "ruth.yaml").read_text())["title"] == "Ruth"


def test_without_libreoffice_a_doc_is_refused_naming_the_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNSUM_SOFFICE", str(tmp_path / "no-such-soffice"))
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    result = cli("import", "old.doc", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "learnsum import: old.doc: refused: reading .doc files needs LibreOffice, which is not "
        "installed: install the Debian package libreoffice-writer-nogui (`sudo apt-get install "
        "libreoffice-writer-nogui`), LibreOffice from https://www.libreoffice.org/download/, or "
        "set LEARNSUM_SOFFICE to the soffice program\n")


def test_a_conversion_that_fails_or_is_too_slow_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from learnsum.importers.converted import convert_to_docx

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 5\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("LEARNSUM_SOFFICE", str(fake))
    with pytest.raises(ImportRefused, match=r"did not finish converting the \.odt file within "
                                            r"0\.5 seconds"):
        convert_to_docx(b"x", ".odt", timeout=0.5)
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"LibreOffice could not read this \.rtf file"):
        convert_to_docx(b"x", ".rtf")
    assert shutil.which("sh")


def test_on_a_terminal_a_progress_bar_runs_below_the_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from learnsum.commands.import_ import _Printer

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    printer = _Printer(2)
    assert printer.progress is not None
    printer.step("a.docx")
    printer.line("imported a.docx -> a.yaml: 0 TODO(import) to check, 0 errors, 0 warnings")
    printer.step("b.docx")
    printer.close()
    assert "imported a.docx -> a.yaml" in screen.getvalue()
    # Not on a terminal, or for one file: plain lines, no bar.
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert _Printer(2).progress is None


def test_the_configuration_s_wording_comes_before_the_catalogue_s(tmp_path: Path) -> None:
    """A partnership whose form calls its audit row "Other comments" (a wording the catalogue
    knows as the comments row): its configuration decides."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".learnsum.yaml").write_text(
        "sections:\n  audit:\n    label: 'Other comments'\n", encoding="utf-8")
    rows = [r for r in section_rows([k for k in KEYS if k not in ("audit", "comments")])]
    rows.append(row("Other comments", "A re-audit of ten case files in March."))
    (tmp_path / "o.docx").write_bytes(build(["Child O", rows]))
    result = cli("import", "o.docx", "--explain", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "'Other comments' -> audit (score 1.00: the configuration's label)" in result.stdout
    summary = YAML(typ="safe").load((tmp_path / "o.yaml").read_text(encoding="utf-8"))
    assert summary["audit"] == "A re-audit of ten case files in March."


def _in_content_control(data: bytes) -> bytes:
    """The same document with its whole body (title and table) inside one content control, as
    forms made with fields to fill in have it."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = part.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                end = text.index("<w:sectPr")
                text = (text[:start] + "<w:sdt><w:sdtPr/><w:sdtContent>" + text[start:end]
                        + "</w:sdtContent></w:sdt>" + text[end:])
                part = text.encode("utf-8")
            target.writestr(info, part)
    return out.getvalue()


def test_a_form_inside_a_content_control_and_a_title_in_a_box() -> None:
    rows = section_rows(KEYS)
    data = _in_content_control(build([[[Cell(["Learning Summary – Child O"])]], rows[:6],
                                      "Continued overleaf", [[Cell(["Signed: the chair"])]],
                                      rows[6:]]))
    result, text, summary = imported_shape(data)
    assert summary["title"] == "Child O"
    assert len(summary["case_learning"]) == 4 and "slides" in summary
    assert "# TODO(import): from text between tables 1 and 2" in text
    assert "# TODO(import): from a one-column table between tables 1 and 2" in text
    assert_nothing_dropped(data, text)


def test_text_in_hyperlinks_tabs_and_line_breaks_is_kept() -> None:
    import zipfile

    rows = section_rows(KEYS)
    rows[KEYS.index("audit")] = row(catalogue.SECTIONS_BY_KEY["audit"].label, "AUDITMARK")
    data = build(["Child O", rows])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                part = part.replace(
                    b"<w:r><w:t>AUDITMARK</w:t></w:r>",
                    b'<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve">Re-audit '
                    b'</w:t></w:r><w:hyperlink><w:r><w:t>ten files</w:t></w:r></w:hyperlink>'
                    b"<w:r><w:tab/><w:t>in March</w:t><w:br/><w:t>and June.</w:t></w:r>")
                assert b"Re-audit" in part
            target.writestr(info, part)
    _, text, summary = imported_shape(out.getvalue())
    assert summary["audit"] == "Re-audit ten files in March\n\nand June.\n"
    assert_nothing_dropped(out.getvalue(), text)


# -- content controls, custom XML, text boxes, tracked moves ---------------------------------------

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def _edited(data: bytes, edit: Callable[[Any], None]) -> bytes:
    """The document with `edit` applied to its python-docx Document."""
    import docx

    document = docx.Document(io.BytesIO(data))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _wrapped(elements: Sequence[Any], tag: str = "w:sdt", properties: str = "") -> None:
    """Put `elements` (siblings, in order) inside a content control (or `tag`) in their place."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    if tag == "w:sdt":
        wrapper = parse_xml(
            f"<w:sdt {_NS}><w:sdtPr>{properties}</w:sdtPr><w:sdtContent/></w:sdt>")
        inside = wrapper.find(qn("w:sdtContent"))
    else:
        wrapper = inside = parse_xml(f'<{tag} {_NS} w:element="form"/>')
    elements[0].addprevious(wrapper)
    for element in elements:
        inside.append(element)


def _form() -> bytes:
    return build(["Child O", section_rows(KEYS)])


def _key_row(document: Any, key: str) -> Any:
    """The table row (w:tr) of section `key` in a document built from `section_rows(KEYS)`."""
    return document.tables[0].rows[KEYS.index(key)]._tr


@pytest.mark.parametrize("properties", ["", "<w:showingPlcHdr/>"])
def test_rows_in_a_repeating_section_are_read(properties: str) -> None:
    """Rows in a content control are the form's, even one marked as showing its placeholder."""
    def edit(document: Any) -> None:
        _wrapped([_key_row(document, k) for k in ("single_agency", "multi_agency", "actions")],
                 properties=properties)

    data = _edited(_form(), edit)
    _, text, summary = imported_shape(data)
    assert_valid(text)
    assert_nothing_dropped(data, text)
    assert {"single_agency", "multi_agency", "actions", "audit"} <= set(summary)


def test_a_cell_in_a_content_control_is_read() -> None:
    from docx.oxml.ns import qn

    def edit(document: Any) -> None:
        for key in ("case", "audit"):
            _wrapped([_key_row(document, key).findall(qn("w:tc"))[1]])

    data = _edited(_form(), edit)
    _, text, summary = imported_shape(data)
    assert_nothing_dropped(data, text)
    assert summary["audit"] and summary["case"]


def test_a_table_in_custom_xml_is_read() -> None:
    data = _edited(_form(), lambda document: _wrapped([document.tables[0]._tbl], "w:customXml"))
    _, text, summary = imported_shape(data)
    assert_nothing_dropped(data, text)
    assert summary["title"] == "Child O" and "audit" in summary


def test_text_boxes_are_read_once_where_they_are_anchored() -> None:
    from docx.oxml import parse_xml

    vml = (f'<w:r {_NS}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
           "<w:t>Boxed note zanzibar kept here.</w:t></w:r></w:p></w:txbxContent>"
           "</v:textbox></v:shape></w:pict></w:r>")
    box = ("<w:txbxContent><w:p><w:r><w:t>Learning Summary: Child Q</w:t></w:r></w:p>"
           "<w:p><w:r><w:t>Northshire Partnership kinkajou</w:t></w:r></w:p></w:txbxContent>")
    drawing = (f"<w:r {_NS}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
               f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
               f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
               "</mc:Fallback></mc:AlternateContent></w:r>")

    def edit(document: Any) -> None:
        document.paragraphs[0]._p.append(parse_xml(drawing))
        document.tables[0].rows[KEYS.index("audit")].cells[1].paragraphs[0]._p.append(
            parse_xml(vml))

    data = _edited(build(["", section_rows(KEYS)]), edit)
    _, text, summary = imported_shape(data)
    assert_nothing_dropped(data, text)
    assert summary["title"] == "Child Q"
    assert "Boxed note zanzibar kept here." in summary["audit"]
    assert text.count("zanzibar") == 1 and text.count("kinkajou") == 1


def test_a_note_in_the_label_cell_is_kept() -> None:
    def edit(document: Any) -> None:
        cell = document.tables[0].rows[KEYS.index("case_learning")].cells[0]
        cell.add_paragraph("Note from author: marmoset context")

    _, text, summary = imported_shape(_edited(_form(), edit))
    assert "Note from author: marmoset context" in summary["comments"]
    assert "the label cell of" in text
    assert len(summary["case_learning"]) == 4


def test_a_placeholder_is_no_answer() -> None:
    from docx.oxml import parse_xml

    def edit(document: Any) -> None:
        cell = document.tables[0].rows[KEYS.index("comments")].cells[1]
        for paragraph in cell.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        cell.paragraphs[0].text = ""
        cell.paragraphs[0]._p.append(parse_xml(
            f"<w:sdt {_NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>"
            "<w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent></w:sdt>"))

    _, text, summary = imported_shape(_edited(_form(), edit))
    assert "Click or tap" not in text
    assert "comments" not in summary


def test_a_moved_sentence_is_read_once_where_it_moved_to() -> None:
    from docx.oxml import parse_xml

    def edit(document: Any) -> None:
        rows = document.tables[0].rows
        mark = 'w:id="{}" w:author="a" w:date="2020-01-01T00:00:00Z"'
        rows[KEYS.index("audit")].cells[1].paragraphs[0]._p.append(parse_xml(
            f"<w:moveTo {_NS} {mark.format(3)}><w:r><w:t xml:space=\"preserve\"> Moved "
            "pelican clause.</w:t></w:r></w:moveTo>"))
        rows[KEYS.index("case")].cells[1].paragraphs[0]._p.append(parse_xml(
            f"<w:moveFrom {_NS} {mark.format(4)}><w:r><w:t xml:space=\"preserve\"> Moved "
            "pelican clause.</w:t></w:r></w:moveFrom>"))

    data = _edited(_form(), edit)
    _, text, summary = imported_shape(data)
    assert_nothing_dropped(data, text)
    assert text.count("pelican") == 1 and "pelican" in summary["audit"]


def test_the_ticked_check_box_names_the_review_type() -> None:
    rows = section_rows([k for k in KEYS if k != "review"])
    rows.insert(1, row("Type of review conducted and overall purpose",
                       "☐ Serious Case Review  ☒ Case Mapping Exercise  ☐ Multi-agency audit",
                       "Purpose: learn about Child O."))
    data = build(["Child O", rows])
    _, text, summary = imported_shape(data)
    assert_nothing_dropped(data, text)
    assert summary["review"]["type"] == "case-mapping"
    assert "Serious Case Review" in summary["review"]["purpose"]


def test_a_rag_rating_is_read_with_the_word_quoted() -> None:
    rows = []
    for key in KEYS:
        label = catalogue.SECTIONS_BY_KEY[key].label
        if key == "actions":
            rows.append([Cell([label]), Cell([], table=[
                ["Action", "Lead", "Timescale", "RAG status"],
                ["Circulate the briefing note", "Designated Nurse", "31/03/2016", "Green"],
                ["Audit transfer-in records", "Named GP", "30/06/2016", "Red"],
            ])])
        else:
            rows.append(row(label, *CONTENT[key]))
    data = build(["Child O", rows])
    _, text, summary = imported_shape(data)
    assert_valid(text)
    assert [a["status"] for a in summary["actions"]] == ["in-progress", "open"]
    assert "RAG status 'Green' (on track) read as in-progress; check it" in text
    assert "RAG status 'Red' (off track) read as open; check it" in text

"""`learnsum import`: the partnership's Word form (filled in) to format-v1 YAML.

The Word files are built with python-docx in the shape of the real form (tests/import_forms.py):
its labels and content from the seed, labels varied the ways copies of the form differ, prompts in
either cell, rows reordered, an extra row; and hostile files. Labels and prompts used to vary the
form come from the seed text or the catalogue/config, never typed here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from import_forms import SeedRow, docx_bytes, relabel, seed_title_and_rows
from learnsum import catalogue
from learnsum.config import DEFAULT_CONFIG
from learnsum.importers import Imported, ImportRefused, import_docx
from learnsum.importers.compare import form_view
from learnsum.importers.dates import read_date
from learnsum.importers.safety import MAX_ROWS
from learnsum.importers.sections import guess_review_type, split_owner
from learnsum.validate import check_file, check_text
from support import VALID, cli, write

TITLE, SEED_ROWS = seed_title_and_rows()


def merged_rows() -> list[SeedRow]:
    """The seed's rows with the label that the extraction split over two rows joined again, as
    it is in one cell of the Word form."""
    rows: list[SeedRow] = []
    for row in SEED_ROWS:
        if rows and not row.paragraphs and rows[-1].paragraphs:
            rows[-1] = SeedRow(f"{rows[-1].label} {row.label}", rows[-1].paragraphs)
        else:
            rows.append(row)
    return rows


def imported(data: bytes, name: str = "seed.docx") -> tuple[Imported, str]:
    return import_docx(data, config=DEFAULT_CONFIG, name=name)


def load(text: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def content_row(key: str) -> SeedRow:
    """The seed row of a section, found by the catalogue's label (tokens compared loosely)."""
    from learnsum.importers.labels import section_score

    section = catalogue.SECTIONS_BY_KEY[key]
    return max(merged_rows(), key=lambda row: section_score(row.label, section))


@pytest.fixture(scope="module")
def baseline() -> tuple[Imported, str]:
    return imported(docx_bytes(SEED_ROWS, title=TITLE))


# -- the seed's own form ------------------------------------------------------------------------


def test_seed_form_imports_to_a_valid_summary_with_content_in_the_right_sections(
        baseline: tuple[Imported, str]) -> None:
    result, text = baseline
    checked = check_text(text, display="seed.yaml")
    assert checked.errors == [], [p.message for p in checked.errors]
    data = load(text)
    assert list(data)[:2] == ["learnsum", "title"]
    assert data["learnsum"] == 1
    assert data["title"] == "Child O"
    assert data["completed"] == dt.date(2015, 9, 25)
    assert data["review"]["type"] == "case-mapping"
    # The full text of the type row is kept as the purpose.
    assert data["review"]["purpose"] == content_row("review").paragraphs[0]
    assert data["case"]["incident"] == "2014-12"
    assert data["case"]["precis"].split("\n\n")[1].startswith("The family has a long")

    points = data["case_learning"]
    assert len(points) == 4
    assert points[0].startswith("The police did not share information")
    assert points[2].startswith("Suggestion – the case could be escalated")
    prompt = catalogue.SECTIONS_BY_KEY["case_learning"].prompt
    assert prompt and all(prompt not in point for point in points)
    assert not data["method_learning"].startswith("(")
    assert data["method_learning"].count("\n\n") == 1

    agencies = data["single_agency"]
    assert [a["agency"] for a in agencies] == ["Health", "Police"]
    assert agencies[0]["points"][0].startswith("Promote Complex Case Discussion Process")
    assert agencies[1]["points"][1].startswith("Police to provide reassurance")
    assert data["multi_agency"] == [content_row("multi_agency").paragraphs[0].split(") ", 1)[1]]

    actions = data["actions"]
    assert actions[0]["owner"] == ("Trust Lead for Safeguarding & MASH, Northamptonshire "
                                   "Healthcare Foundation Trust")
    assert actions[0]["action"].startswith("Ensure staff are made aware")
    assert actions[1]["owner"] == "Head of Protecting Vulnerable Persons, Northamptonshire Police"
    assert actions[1]["action"].startswith("Review this case")

    assert data["audit"] == "As above."
    assert data["comments"].count("\n\n") == 1 and "Update received" not in data["comments"]
    assert data["updates"] == [{
        "date": dt.date(2015, 11, 20),
        "from": "Service Manager within Children, Families and Education",
        "text": content_row("comments").paragraphs[3],
    }]
    assert data["slides"] == "not-applicable"
    # In the form's order.
    keys = [k for k in data if k in catalogue.SECTIONS_BY_KEY]
    assert keys == [s.key for s in catalogue.SECTIONS if s.key in keys]


def test_guesses_are_marked_for_a_person_to_check(baseline: tuple[Imported, str]) -> None:
    _, text = baseline
    lines = text.splitlines()

    def comment_above(key: str) -> str:
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
        return lines[index - 1]

    assert comment_above("title").startswith("# TODO(import): guessed from")
    assert "TODO(import): guessed from 'Case Mapping Exercise'" in comment_above("type")
    assert "TODO(import)" in comment_above("incident")


# -- the ways copies of the form differ -----------------------------------------------------------


def _swap_dashes(label: str) -> str:
    swaps: dict[str, str | int | None] = {"–": "-", "-": "–"}
    return label.translate(str.maketrans(swaps))


LABEL_VARIANTS = {
    "upper case": str.upper,
    "lower case": str.lower,
    "no punctuation": lambda label: re.sub(r"[^\w\s]", " ", label),
    "dashes swapped": _swap_dashes,
    "SCRs without apostrophe": lambda label: label.replace("'s", "s").replace("’s", "s"),
    "curly apostrophes": lambda label: label.replace("'", "’"),
    "extra colon": lambda label: f"{label}:",
    "trailing words": lambda label: f"{label} (please complete)",
}


@pytest.mark.parametrize("variant", list(LABEL_VARIANTS))
def test_label_variants_import_the_same_summary(variant: str,
                                                baseline: tuple[Imported, str]) -> None:
    rows = relabel(merged_rows(), LABEL_VARIANTS[variant])
    result, text = imported(docx_bytes(rows, title=TITLE))
    assert result.data == baseline[0].data
    assert result.notes == []


def test_a_different_document_title_and_reordered_rows_import_the_same_summary(
        baseline: tuple[Imported, str]) -> None:
    rows = list(reversed(merged_rows()))
    title = "NSCB Serious Case Review Sub-Group: summary"
    result, text = imported(docx_bytes(rows, title=title))
    comments = result.data.pop("comments")
    expected = dict(baseline[0].data)
    assert result.data == {k: v for k, v in expected.items() if k != "comments"}
    # The title line names no pseudonym: it is kept, under comments, for a person to place.
    assert comments == f"{expected['comments']}\n\n{title}"
    assert "# TODO(import): from text above the table: move it to the right section" in text


def test_an_extra_row_is_kept_under_comments_with_its_label_and_reported(
        baseline: tuple[Imported, str]) -> None:
    rows = merged_rows()
    extra = SeedRow("Date of next sub-group meeting", ("To be arranged by the Business Unit.",))
    rows.insert(5, extra)
    result, text = imported(docx_bytes(rows, title=TITLE))
    data = load(text)
    assert data["comments"].rstrip().endswith(
        "Date of next sub-group meeting: To be arranged by the Business Unit.")
    assert data["case_learning"] == load(baseline[1])["case_learning"]
    assert result.notes == ["table 1, row 6 'Date of next sub-group meeting' matches no section "
                            "of the form; kept under comments"]
    assert ("# TODO(import): from table 1, row 6 ('Date of next sub-group meeting') matches no "
            "section of the form: move it") in text
    assert check_text(text).errors == []


def _prompt_out_of_content(row: SeedRow, prompt: str) -> SeedRow:
    first = row.paragraphs[0]
    assert first.startswith(prompt), (first, prompt)
    rest = first[len(prompt):].strip()
    return SeedRow(row.label, ((rest,) if rest else ()) + row.paragraphs[1:])


def _catalogue_rows(prompt_where: str) -> tuple[list[SeedRow], dict[str, str]]:
    """The seed's content under the catalogue's labels, each prompt in the label cell (as its
    own paragraph, or in the label's paragraph) or left out."""
    rows: list[SeedRow] = []
    prompts: dict[str, str] = {}
    for section in catalogue.SECTIONS:
        if section.key == "updates":
            continue
        row = content_row(section.key)
        label = section.label
        if section.prompt:
            row = _prompt_out_of_content(row, section.prompt)
            if prompt_where == "label paragraph":
                prompts[label] = section.prompt
            elif prompt_where == "same paragraph":
                label = f"{label} {section.prompt}"
        rows.append(SeedRow(label, row.paragraphs))
    return rows, prompts


@pytest.mark.parametrize("prompt_where", ["label paragraph", "same paragraph", "missing"])
def test_prompt_in_the_label_cell_or_missing_imports_the_same_summary(
        prompt_where: str, baseline: tuple[Imported, str]) -> None:
    rows, prompts = _catalogue_rows(prompt_where)
    result, text = imported(docx_bytes(rows, title=TITLE, prompt_in_label=prompts))
    assert result.data == baseline[0].data
    assert check_text(text).errors == []


def test_word_list_paragraphs_become_list_items(baseline: tuple[Imported, str]) -> None:
    rows = []
    for row in merged_rows():
        if row is content_row("case_learning") or row == content_row("case_learning"):
            prompt = catalogue.SECTIONS_BY_KEY["case_learning"].prompt or ""
            text = row.paragraphs[0][len(prompt):]
            items = tuple("* " + item.strip() for item in text.split(" * ") if item.strip(" *"))
            row = SeedRow(row.label, items)
        rows.append(row)
    data = load(imported(docx_bytes(rows, title=TITLE, list_paragraphs=True))[1])
    assert data["case_learning"] == load(baseline[1])["case_learning"]


def test_labels_and_prompts_come_from_the_configuration(tmp_path: Path) -> None:
    """A partnership that words a row its own way: the importer matches its wording, and the
    catalogue's wording of that row would no longer be needed."""
    (tmp_path / ".git").mkdir()
    own_label = "Learning about this case (themes and early learning)"
    (tmp_path / ".learnsum.yaml").write_text(
        f"sections:\n  case_learning:\n    label: '{own_label}'\n    prompt: ''\n",
        encoding="utf-8")
    rows = []
    for row in merged_rows():
        if row == content_row("case_learning"):
            prompt = catalogue.SECTIONS_BY_KEY["case_learning"].prompt or ""
            row = SeedRow(own_label, _prompt_out_of_content(row, prompt).paragraphs)
        rows.append(row)
    source = tmp_path / "child-o.docx"
    source.write_bytes(docx_bytes(rows, title=TITLE))
    result = cli("import", str(source), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    data = load((tmp_path / "child-o.yaml").read_text(encoding="utf-8"))
    assert len(data["case_learning"]) == 4


# -- reading what people typed --------------------------------------------------------------------


@pytest.mark.parametrize("typed, expected", [
    ("25 th September 2015", dt.date(2015, 9, 25)),
    ("25th September 2015", dt.date(2015, 9, 25)),
    ("25/09/2015", dt.date(2015, 9, 25)),
    ("20.11.15", dt.date(2015, 11, 20)),
    ("03/04/2016", dt.date(2016, 4, 3)),  # day first, never month first
    ("Completed on 1 st March 2016.", dt.date(2016, 3, 1)),
    ("not yet", None),
    ("31/02/2016", None),
])
def test_dates_as_typed_are_read_day_first(typed: str, expected: dt.date | None) -> None:
    assert read_date(typed) == expected


@pytest.mark.parametrize("term", [t for t in catalogue.REVIEW_TYPES if t.id != "other"],
                         ids=lambda term: term.id)
def test_review_type_is_guessed_from_its_label(term: catalogue.Term) -> None:
    assert guess_review_type(f"A {term.label} for Child Q, led by the Designated Nurse.")[0] == \
        term.id


def test_review_type_abbreviations_and_unknown_types() -> None:
    assert guess_review_type("SCRs are rare; this was one, for Child Q.")[0] == "scr"
    assert guess_review_type("A workshop for practitioners.") == ("other", "")


@pytest.mark.parametrize("paragraph, owner, action", [
    ("Designated Nurse, Integrated Care Board to review the policy by 31/03/2016.",
     "Designated Nurse, Integrated Care Board", "Review the policy by 31/03/2016."),
    ("Head of Early Help will add a management review step.",
     "Head of Early Help", "Add a management review step."),
    ("Safeguarding Partnership Business Manager: run four briefings.",
     "Safeguarding Partnership Business Manager", "Run four briefings."),
])
def test_owner_is_split_from_the_action_where_it_names_a_role(
        paragraph: str, owner: str, action: str) -> None:
    assert split_owner(paragraph) == (owner, action)


@pytest.mark.parametrize("paragraph", [
    "All agencies need to raise awareness of disguised compliance.",
    "Ensure staff know the escalation policy.",
    "Jane Smith to review the policy.",
])
def test_owner_is_left_for_a_person_when_it_cannot_be_told(paragraph: str) -> None:
    assert split_owner(paragraph) is None


def test_an_action_without_an_owner_gets_a_todo_and_a_placeholder(tmp_path: Path) -> None:
    rows = []
    for row in merged_rows():
        if row == content_row("actions"):
            row = SeedRow(row.label, ("Ensure staff know the escalation policy by 31/03/2016.",))
        rows.append(row)
    source = tmp_path / "child-o.docx"
    source.write_bytes(docx_bytes(rows, title=TITLE))
    result = cli("import", str(source), cwd=tmp_path)
    text = (tmp_path / "child-o.yaml").read_text(encoding="utf-8")
    assert "# TODO(import): could not tell the owner from the action" in text
    data = load(text)
    assert data["actions"][0]["due"] == dt.date(2016, 3, 31)
    assert data["actions"][0]["action"].startswith("Ensure staff know")
    # validate, run on the result, shows what is left to do.
    assert "[placeholder-text]" in result.stdout


def test_identifiers_in_the_imported_text_are_reported(tmp_path: Path) -> None:
    rows = []
    for row in merged_rows():
        if row == content_row("audit"):
            row = SeedRow(row.label, ("Results to jane.doe@example.com by March 2016.",))
        rows.append(row)
    source = tmp_path / "child-o.docx"
    source.write_bytes(docx_bytes(rows, title=TITLE))
    result = cli("import", str(source), cwd=tmp_path)
    assert "child-o.yaml:" in result.stdout and "[email-address]" in result.stdout
    assert result.returncode == 0  # warnings only: the file was imported


# -- the command ------------------------------------------------------------------------------


def test_command_writes_beside_the_docx_and_prints_one_line(tmp_path: Path) -> None:
    source = tmp_path / "Child O.docx"
    source.write_bytes(docx_bytes(SEED_ROWS, title=TITLE))
    result = cli("import", str(source), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "Child O.yaml"
    assert check_file(target).errors == []
    summary_line = result.stdout.strip().splitlines()[-1]
    assert summary_line == ("imported Child O.docx -> Child O.yaml: 3 TODO(import) to check, "
                            "0 errors, 3 warnings")
    assert "Child O.yaml:" in result.stdout and "[audit-points-elsewhere]" in result.stdout


def test_command_never_overwrites_without_force(tmp_path: Path) -> None:
    source = tmp_path / "child-o.docx"
    source.write_bytes(docx_bytes(SEED_ROWS, title=TITLE))
    target = tmp_path / "child-o.yaml"
    target.write_text("# my edits\n", encoding="utf-8")
    refused = cli("import", str(source), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("learnsum import: child-o.docx: child-o.yaml already "
                                      "exists; not overwriting it (use --force)")
    assert target.read_text(encoding="utf-8") == "# my edits\n"
    forced = cli("import", str(source), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert load(target.read_text(encoding="utf-8"))["title"] == "Child O"


def test_command_writes_into_an_output_folder(tmp_path: Path) -> None:
    source = tmp_path / "in" / "child-o.docx"
    source.parent.mkdir()
    source.write_bytes(docx_bytes(SEED_ROWS, title=TITLE))
    result = cli("import", "in", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "child-o.yaml").is_file()
    assert not (tmp_path / "in" / "child-o.yaml").exists()
    named = cli("import", "in/child-o.docx", "-o", "reviews/child-o-2015.yaml", cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    assert check_file(tmp_path / "reviews" / "child-o-2015.yaml").ok


# -- hostile and broken files ------------------------------------------------------------------


def _rewrite(data: bytes, member: str, change: Any) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return output.getvalue()


def _with_entity(data: bytes) -> bytes:
    def inject(xml: bytes) -> bytes:
        head, _, rest = xml.partition(b"?>")
        doctype = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        rest = rest.replace(b"Case Mapping Exercise", b"&xxe; Case Mapping Exercise", 1)
        return head + b"?>" + doctype + rest
    return _rewrite(data, "word/document.xml", inject)


def _bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (51 * 1024 * 1024))
    return output.getvalue()


def _many_members() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for number in range(2100):
            archive.writestr(f"word/media/{number}.bin", b"")
    return output.getvalue()


def _no_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Learning from Child O: notes of the workshop.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _huge_table() -> bytes:
    rows = [SeedRow(f"Row {n}", (f"Content {n}",)) for n in range(MAX_ROWS + 1)]
    return docx_bytes(rows)


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "not a zip": (lambda: b"{\\rtf1 This is a rich text file}", "not a Word .docx file"),
    "old doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-style .doc"),
    "zip without document": (lambda: _empty_zip(), "without word/document.xml"),
    "zip bomb": (_bomb, "possible zip bomb"),
    "too many parts": (_many_members, "possible zip bomb"),
    "external entity": (lambda: _with_entity(docx_bytes(SEED_ROWS, title=TITLE)),
                        "declares a DOCTYPE"),
    "no table": (_no_table, "no table found"),
    "huge table": (_huge_table, f"more than {MAX_ROWS}"),
    "another table": (lambda: docx_bytes([SeedRow("Budget line", ("£400",)),
                                          SeedRow("Cost centre", ("NSCB-12",))]),
                      "no row of the table matches a section"),
}


def _empty_zip() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return output.getvalue()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_files_are_refused_with_one_clear_line(case: str, tmp_path: Path) -> None:
    make, expected = HOSTILE[case]
    data = make()
    with pytest.raises(ImportRefused, match=re.escape(expected)):
        imported(data)
    source = tmp_path / "summary.docx"
    source.write_bytes(data)
    result = cli("import", str(source), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("learnsum import: summary.docx: refused: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "summary.yaml").exists()


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    result = cli("import", "missing.docx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == ("learnsum import: missing.docx: cannot read: No such file "
                                     "or directory")


# -- round trip: render to Word, import, same summary ---------------------------------------------

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_round_trip_through_word_gives_back_the_same_summary(example: Path) -> None:
    """import(render_docx(summary)) reads the same on paper: every key the form shows (see
    form_view for the little it leaves out) comes back, with no TODO left."""
    render = pytest.importorskip("learnsum.render")
    render_docx: Any = pytest.importorskip("learnsum.render.docx").render_docx
    original = check_file(example)
    assert original.summary is not None and original.ok
    options = render.RenderOptions()
    build_view: Any = pytest.importorskip("learnsum.render.build").build_view
    data = render_docx(build_view(original.summary, DEFAULT_CONFIG, options), options)
    result, text = imported(data, name=example.with_suffix(".docx").name)
    back = check_text(text, display=example.name)
    assert back.errors == [], [p.message for p in back.errors]
    assert back.summary is not None
    assert form_view(back.summary) == form_view(original.summary)
    assert result.todos == {} and result.notes == []


def test_a_yaml_file_given_to_import_is_named_as_such_and_left_alone(tmp_path: Path) -> None:
    summary = write(tmp_path, "s.yaml", VALID)
    result = cli("import", "s.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("learnsum import: s.yaml: is YAML already (a summary is imported "
                             "from a Word file: .doc, .docx, .odt, .rtf)\n")
    assert summary.read_text(encoding="utf-8") == VALID


@pytest.mark.parametrize("slides", ["generate", "not-applicable"])
def test_rows_that_say_none_recorded_and_the_named_deck_come_back_as_written(
        slides: str) -> None:
    """A rendered document shows every row: an empty one says "None recorded", which is not
    text to import; the slides row names the deck, which is `slides: generate`."""
    from learnsum.render import RenderOptions
    from learnsum.render.build import build_view
    from learnsum.render.docx import render_docx

    source = VALID.replace("slides: not-applicable", f"slides: {slides}").replace(
        "type: learning-review", "type: cspr")
    original = check_text(source, display="t.yaml")
    assert original.summary is not None
    view = build_view(original.summary, DEFAULT_CONFIG, RenderOptions(), deck="t.pptx")
    result, text = imported(render_docx(view), name="t.docx")
    back = check_text(text, display="t.yaml")
    assert back.summary is not None
    assert back.summary.comments is None and back.summary.updates == []
    assert back.summary.slides == slides
    assert "None recorded" not in text

"""`learnsum render --format briefing` (and briefing-pdf): the 7-minute briefing, one A4 page in
seven numbered panels, read back from the Word file and from the PDF LibreOffice makes of it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from learnsum.render.briefing import sentences
from support import EXAMPLES, TODAY, VALID, cli, position_of, replace, requires, write

TITLES = ["Background", "Why it matters", "What happened", "What we learnt",
          "What should change", "Questions for reflection", "Further information"]
STANDARD_QUESTIONS = [
    "What does this learning mean for your own practice and your team's?",
    "What will you do differently as a result?",
]

_SENTENCE = ("Practitioners from {n} agencies did not share what they knew about the family, "
             "and nobody asked who else lived in the household. ")


def long_summary() -> str:
    """A valid summary far too long for one page in every part it can be."""
    points = "\n".join(
        f"  - text: \"{(_SENTENCE.format(n=index) * 6).strip()}\"\n    kind: concern"
        for index in range(14))
    agencies = "\n".join(
        f"  - agency: Agency {index}\n    points:\n"
        + "\n".join(f"      - \"{(_SENTENCE.format(n=k) * 3).strip()}\"" for k in range(5))
        for index in range(6))
    links = "\n".join(
        f"    - title: Guidance number {index} on information sharing\n"
        f"      url: https://example.org/{'very-long-path/' * 6}{index}"
        for index in range(25))
    unbroken = "x" * 3000
    text = replace(VALID, "title: Child T", "title: Child T " + "and the family " * 20)
    text = replace(text, "  purpose: A local learning review led by the Designated Nurse.",
                   f"  purpose: \"{(_SENTENCE.format(n=3) * 20).strip()}\"")
    text = replace(text, "    Child T, aged two, was admitted to hospital with an unexplained "
                   "injury.", "    " + (_SENTENCE.format(n=2) * 40).strip())
    start = text.index("case_learning:")
    end = text.index("method_learning:")
    text = text[:start] + "case_learning:\n" + points + f"\n  - {unbroken}\n" + text[end:]
    start = text.index("single_agency:")
    end = text.index("multi_agency:")
    text = text[:start] + "single_agency:\n" + agencies + "\n" + text[end:]
    return text + (
        "reflection:\n" + "\n".join(
            f"  - \"{(_SENTENCE.format(n=index) * 2).strip()} What would you do?\""
            for index in range(12))
        + "\nbriefing:\n  why_it_matters: \"" + (_SENTENCE.format(n=9) * 30).strip() + "\"\n"
        + "  further_information:\n" + links + "\n")


def docx_panels(path: Path) -> dict[str, list[str]]:
    """The briefing's panels read back: the heading of each ("1  Background") and its
    paragraphs."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import _Cell

    document = docx.Document(str(path))
    panels: dict[str, list[str]] = {}
    for table in document.tables:
        for tc in table._tbl.iter(qn("w:tc")):
            paragraphs = [p.text for p in _Cell(tc, table).paragraphs]
            panels[paragraphs[0]] = paragraphs[1:]
    return panels


def render(tmp_path: Path, name: str, text: str, *args: str) -> tuple[Path, str]:
    source = write(tmp_path, name, text)
    result = cli("render", source, "-f", "briefing", "--today", TODAY, *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return source.with_suffix(".briefing.docx"), result.stderr


def test_seven_numbered_panels_filled_from_the_summary(tmp_path: Path) -> None:
    out, errors = render(tmp_path, "t.yaml", VALID)
    assert errors == ""
    panels = docx_panels(out)
    assert list(panels) == [f"{n}  {title}" for n, title in enumerate(TITLES, start=1)]
    background, why, happened, learnt, change, questions, further = panels.values()
    assert "Type of review: Learning Review" in background
    assert "Month/year of incident: June 2023" in background
    assert "A local learning review led by the Designated Nurse." in background
    assert why[0] == "The learning from this review is about:"
    assert "•\tInformation sharing" in why and "•\tDomestic abuse" in why
    assert happened == ["Child T, aged two, was admitted to hospital with an unexplained injury.",
                        "The family were known to Early Help."]
    assert learnt[0] == "•\tConcern: Health visitors did not know of the police call-outs."
    assert learnt[1] == "•\tThe GP practice escalated promptly."
    assert change == ["•\tAll agencies should check who else lives in the household.",
                      "•\tHealth: Share call-out information with health visitors.",
                      "•\tPolice: Notify health of domestic abuse call-outs within 24 hours."]
    assert [q.removeprefix("•\t") for q in questions[:2]] == STANDARD_QUESTIONS
    assert len(questions) == 3
    assert further == ["The full learning summary: Child T (TEST-1), Testshire Safeguarding "
                       "Children Partnership"]
    import docx

    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "7-minute briefing: Child T"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.language == "en-GB"


def test_own_questions_why_it_matters_and_further_information(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", (
        "language: cy-GB\nresources:\n"
        "  - title: Partnership procedures\n    url: https://procedures.example.org/\n"
        "  - title: Duplicate\n    url: https://example.org/guide\n"))
    text = VALID + (
        "reflection:\n  - Who lives in the household, and how do you know?\n"
        "briefing:\n  why_it_matters: |\n    Babies cannot tell us what is happening.\n\n"
        "    Call-outs are often the first sign.\n"
        "  further_information:\n    - title: Safer sleep guide\n"
        "      url: https://example.org/guide\n")
    out, _ = render(tmp_path, "t.yaml", text)
    panels = list(docx_panels(out).values())
    assert panels[1] == ["Babies cannot tell us what is happening.",
                         "Call-outs are often the first sign."]
    assert panels[5] == ["•\tWho lives in the household, and how do you know?"]
    assert panels[6][:2] == ["Safer sleep guide – https://example.org/guide",
                             "Partnership procedures – https://procedures.example.org/"]
    assert len(panels[6]) == 3  # the address given twice is shown once
    with zipfile.ZipFile(out) as package:
        relationships = package.read("word/_rels/document.xml.rels").decode()
        styles = package.read("word/styles.xml").decode()
        names = package.namelist()
    assert 'Target="https://example.org/guide" TargetMode="External"' in relationships
    assert 'w:val="cy-GB"' in styles
    assert not any("thumbnail" in name for name in names)


def test_strings_reword_every_fixed_word_of_the_briefing(tmp_path: Path) -> None:
    welsh = ["Cefndir", "Pam mae'n bwysig", "Beth ddigwyddodd", "Beth ddysgon ni",
             "Beth ddylai newid", "Cwestiynau i fyfyrio", "Rhagor o wybodaeth"]
    keys = ["background", "why_it_matters", "information", "learning", "change", "reflection",
            "further_information"]
    strings = "".join(f"  briefing.{key}: \"{word}\"\n" for key, word in zip(keys, welsh))
    strings += ("  briefing.title: Briffio 7 munud\n  briefing.question.1: Cwestiwn un?\n"
                "  briefing.question.2: Cwestiwn dau?\n  briefing.question.3: Cwestiwn tri?\n"
                "  briefing.why_it_matters.themes: 'Themâu:'\n"
                "  briefing.full_summary: Y crynodeb llawn\n  briefing.completed: Cwblhawyd\n")
    write(tmp_path, ".learnsum.yaml", "strings:\n" + strings)
    out, _ = render(tmp_path, "t.yaml", VALID)
    panels = docx_panels(out)
    assert list(panels) == [f"{n}  {word}" for n, word in enumerate(welsh, start=1)]
    import docx

    document = docx.Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [line for lines in panels.values() for line in lines])
    assert document.paragraphs[0].text == "Briffio 7 munud: Child T"
    for english in [*TITLES, *STANDARD_QUESTIONS, "7-minute", "Completed",
                    "The full learning summary", "is about"]:
        assert english not in text


def test_the_same_summary_gives_the_same_bytes(tmp_path: Path) -> None:
    out, _ = render(tmp_path, "t.yaml", VALID)
    first = out.read_bytes()
    again = cli("render", tmp_path / "t.yaml", "-f", "briefing", "--today", TODAY)
    assert again.returncode == 0 and again.stdout.startswith("unchanged ")
    assert out.read_bytes() == first


def test_a_briefing_may_be_written_to_any_docx_name(tmp_path: Path) -> None:
    source = write(tmp_path, "t.yaml", VALID)
    result = cli("render", source, "-f", "briefing", "-o", tmp_path / "handout.docx",
                 "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(tmp_path / "handout.docx")


def test_long_text_is_shortened_by_rule_with_a_warning_naming_the_panel(tmp_path: Path) -> None:
    out, errors = render(tmp_path, "long.yaml", long_summary())
    warned = [line for line in errors.splitlines() if "warning: briefing panel" in line]
    named = {line.split("'")[1] for line in warned}
    assert {"Background", "Why it matters", "What happened", "What we learnt",
            "What should change", "Questions for reflection", "Further information"} == named
    assert all(line.startswith("learnsum: long.yaml: warning: briefing panel ") for line in warned)
    panels = list(docx_panels(out).values())
    # First sentences: every paragraph shown starts as it was written.
    happened = panels[2]
    assert happened and happened[0].startswith("Practitioners from 2 agencies")
    # ... and is whole sentences of it: as many as fit.
    first = happened[0]
    count = len(sentences(first))
    assert 1 <= count < 40 and first == (_SENTENCE.format(n=2) * count).strip()
    learnt = panels[3]
    assert learnt[0] == "•\tConcern: " + _SENTENCE.format(n=0).strip()


def test_sentences() -> None:
    assert sentences("One. Two? Three! four. (Five.) 6 items.") == [
        "One.", "Two?", "Three! four.", "(Five.)", "6 items."]
    assert sentences("No end") == ["No end"]


# -- the page, as LibreOffice lays it out ---------------------------------------------------------

def PDF(test: Callable[..., None]) -> Callable[..., None]:  # noqa: N802 - a decorator
    """A test that reads the PDF LibreOffice makes (skipped where it is not installed)."""
    return pytest.mark.libreoffice(requires("soffice", "pdfinfo", "pdftotext",
                                            why="(LibreOffice and poppler-utils)")(test))

def _shouting() -> str:
    """Long text in capitals, which is wider than lower case and measured so."""
    text = long_summary()
    return text.replace("Practitioners from", "PRACTITIONERS FROM").replace(
        "did not share what they knew about the family", "DID NOT SHARE WHAT THEY KNEW")


def _welsh() -> str:
    """Long text beyond ASCII: Welsh with its accents, and a line of Chinese."""
    sentence = "Ni rannodd ymarferwyr o {n} asiantaeth yr hyn a wyddent am y teulu â'i gilydd. "
    text = long_summary()
    for n in range(14):
        text = text.replace(_SENTENCE.format(n=n), sentence.format(n=n))
    return text.replace("The family were known to Early Help.", "儿童在医院" * 60)


CASES = {
    "child-o": (EXAMPLES / "child-o.yaml").read_text(encoding="utf-8"),
    "child-x-cspr": (EXAMPLES / "child-x-cspr.yaml").read_text(encoding="utf-8"),
    "test-summary": VALID,
    "very-long": long_summary(),
    "capitals": _shouting(),
    "welsh-and-chinese": _welsh(),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case rendered to PDF in one run (one LibreOffice batch)."""
    if shutil.which("soffice") is None:
        pytest.skip("needs soffice (LibreOffice)")
    folder = tmp_path_factory.mktemp("briefings")
    for name, text in CASES.items():
        write(folder, f"{name}.yaml", text)
    result = cli("render", folder, "-f", "briefing-pdf", "--marking", "OFFICIAL-SENSITIVE",
                 "--today", TODAY, timeout=600)
    assert result.returncode == 0, result.stderr
    return {name: folder / f"{name}.briefing.pdf" for name in CASES}


@pytest.mark.parametrize("name", list(CASES))
@PDF
def test_every_briefing_is_one_page(pdfs: dict[str, Path], name: str) -> None:
    pdf = pdfs[name]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Pages:           1\n" in info
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert text.count("OFFICIAL-SENSITIVE") == 2
    for n, title in enumerate(TITLES, start=1):
        assert f"{n} {title}" in text


@pytest.mark.parametrize("name", list(CASES))
@PDF
def test_the_end_of_every_panel_is_printed(tmp_path: Path, pdfs: dict[str, Path],
                                           name: str) -> None:
    """The last words of each panel are on the page (a fixed-height panel hides what does not
    fit, so this finds an estimate that was too small)."""
    out, _ = render(tmp_path, f"{name}.yaml", CASES[name])
    def bare(text: str) -> str:  # a line may break at a hyphen, which pdftotext then drops
        return "".join(text.split()).replace("-", "")

    text = bare(subprocess.run(["pdftotext", str(pdfs[name]), "-"],
                               capture_output=True, text=True, check=True).stdout)
    for heading, paragraphs in docx_panels(out).items():
        last = [p for p in paragraphs if "xxxxxxxxxx" not in p][-1]
        assert bare(" ".join(last.split()[-3:])) in text, (heading, last)


def test_a_bad_address_is_an_error_at_its_place(tmp_path: Path) -> None:
    text = VALID + "briefing:\n  further_information:\n    - title: Guide\n      url: www.x.org\n"
    source = write(tmp_path, "t.yaml", text)
    result = cli("validate", source, "--today", TODAY)
    assert result.returncode == 1
    line, column = position_of(text, "www.x.org")
    assert f"t.yaml:{line}:{column}:" in result.stdout
    assert "'www.x.org' is not a web address" in result.stdout
    config = "resources:\n  - title: Procedures\n    url: procedures.example.org\n"
    write(tmp_path, ".learnsum.yaml", config)
    result = cli("validate", source, "--today", TODAY)
    assert result.returncode == 2
    line, column = position_of(config, "procedures.example.org")
    assert f".learnsum.yaml:{line}:{column}:" in result.stdout + result.stderr


def test_config_show_lists_the_resources_with_their_origin(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", (
        "resources:\n  - title: Partnership procedures\n    url: https://procedures.example.org/\n"))
    result = cli("config", "--show", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("resources:"))
    assert lines[start].endswith("# .learnsum.yaml:1")
    assert lines[start + 1].startswith("  - title: Partnership procedures")
    assert lines[start + 2].startswith("    url: 'https://procedures.example.org/'")
    write(tmp_path, ".learnsum.yaml", "marking: OFFICIAL\n")
    shown = cli("config", "--show", cwd=tmp_path).stdout.splitlines()
    assert any(line.startswith("resources: []") for line in shown)


def test_warnings_cross_from_a_worker_process_with_the_output() -> None:
    import pickle

    from learnsum.render.view import Rendered

    made = pickle.loads(pickle.dumps(Rendered(b"PK...", ("briefing panel 4 shortened",))))
    assert bytes(made) == b"PK..." and made.warnings == ("briefing panel 4 shortened",)


def test_first_sentences_then_as_many_more_as_fit_in_order() -> None:
    from learnsum.render.briefing import fit, panel_height
    from learnsum.render.seven import Entry, Part

    short = Entry("One. Two. Three.")
    long = Entry(" ".join(f"Sentence {n} of a long paragraph that takes a whole line or more "
                          "in a panel." for n in range(10)))
    first = Entry(sentences(long.text)[0])
    part = Part(4, "briefing.learning", "What we learnt", (short, long))
    room = panel_height(part, [short, first], 250.0)
    fitted = fit(part, 250.0, room)
    # Every paragraph to one sentence made room; the first was then given back whole.
    assert [entry.text for entry in fitted.entries] == [short.text, first.text]
    assert fitted.shortened == "paragraphs cut to their first sentence"
    assert fit(part, 250.0, panel_height(part, part.entries, 250.0)).shortened is None


@PDF
def test_one_briefing_alone_to_pdf() -> None:
    from learnsum.config import DEFAULT_CONFIG
    from learnsum.loader import load_string
    from learnsum.render import RenderOptions
    from learnsum.render.briefing import available, render_briefing_pdf
    from learnsum.render.build import build_view
    from learnsum.shape import summary_from

    assert available() is None
    document = load_string(VALID, "t.yaml")
    summary = summary_from(document.data)  # type: ignore[union-attr]
    pdf = render_briefing_pdf(build_view(summary, DEFAULT_CONFIG), RenderOptions())
    assert pdf.startswith(b"%PDF") and b"/Count 1" in pdf


def test_the_title_property_is_shortened_only_beyond_the_property_limit(tmp_path: Path) -> None:
    import docx

    from learnsum.render.view import PROPERTY_LIMIT

    long_title = "Child T " + "and the family " * 14  # about 220 characters
    out, _ = render(tmp_path, "t.yaml", replace(VALID, "title: Child T", f"title: {long_title}"))
    title = docx.Document(str(out)).core_properties.title
    assert title == "7-minute briefing: " + " ".join(long_title.split())
    assert len(title) <= PROPERTY_LIMIT
    longer = "Child T " + "and the family " * 30
    out, _ = render(tmp_path, "u.yaml", replace(VALID, "title: Child T", f"title: {longer}"))
    title = docx.Document(str(out)).core_properties.title
    assert len(title) <= PROPERTY_LIMIT and title.endswith("…") and len(title) > 200


def test_the_full_summary_line_is_kept_when_many_links_are_left_out(tmp_path: Path) -> None:
    links = "\n".join(
        f"    - title: Guidance number {index} on information sharing\n"
        f"      url: https://example.org/{'very-long-path/' * 6}{index}"
        for index in range(25))
    text = VALID + "briefing:\n  further_information:\n" + links + "\n"
    out, errors = render(tmp_path, "t.yaml", text)
    further = docx_panels(out)["7  Further information"]
    assert further[-1].startswith("The full learning summary: Child T")
    assert further[0].startswith("Guidance number 0 on information sharing")
    assert "warning: briefing panel 7 'Further information' shortened" in errors
    assert "paragraphs left out" in errors


def test_the_kept_line_is_dropped_only_when_it_cannot_fit() -> None:
    from learnsum.render.briefing import fit, panel_height
    from learnsum.render.seven import Entry, Part

    links = tuple(Entry(f"Guide {n}", "link", url=f"https://example.org/{n}") for n in range(9))
    last = Entry("Child T", lead="The full learning summary", keep=True)
    part = Part(7, "briefing.further_information", "Further information", (*links, last))
    room = panel_height(part, [*links[:3], last], 250.0)
    fitted = fit(part, 250.0, room)
    assert fitted.entries == (*links[:3], last)
    assert fitted.shortened is not None and "6 of its 10 paragraphs left out" in fitted.shortened
    tiny = panel_height(part, [], 250.0) + 1.0
    assert last not in fit(part, 250.0, tiny).entries

"""`strings:` and `language:` in `.learnsum.yaml`: every fixed word a reader sees, in the
partnership's own words and language, in every output."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from learnsum import catalogue
from learnsum.config import ConfigError, load_config
from learnsum.loader import load_string
from learnsum.render.build import build_view
from learnsum.shape import summary_from
from learnsum.summary import Summary
from support import TODAY, VALID, cli, position_of, requires, write


def _problems(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    path = write(tmp_path, ".learnsum.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [(p.line, p.column, p.rule, p.message) for p in caught.value.problems]


def _summary() -> Summary:
    document = load_string(VALID, "t.yaml")
    return summary_from(document.data)  # type: ignore[union-attr]


def test_the_defaults_are_the_english_words_and_en_gb(tmp_path: Path) -> None:
    view = build_view(_summary(), load_config(write(tmp_path, ".learnsum.yaml", "marking: X\n")))
    assert view.words["actions.owner"] == "Owner"
    assert view.words["title"] == view.form_title == "Learning Summary"
    assert view.language == "en-GB"


def test_a_string_and_the_language_replace_the_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ".learnsum.yaml", (
        "language: cy-GB\nstrings:\n  actions.owner: Perchennog\n  months.march: Mawrth\n"
        "  statuses.draft: Drafft\n")))
    view = build_view(_summary(), config)
    assert view.words["actions.owner"] == "Perchennog"
    assert view.words["actions.action"] == "Action"  # the others keep their defaults
    assert view.language == "cy-GB"
    assert view.completed == "1 Mawrth 2024"
    status = next(fact for fact in view.facts if fact.label == "Status")
    assert status.text == "Drafft"


def test_mistakes_in_strings_and_language_are_positioned(tmp_path: Path) -> None:
    text = ("language: English please\nstrings:\n  actions.ownr: Perchennog\n"
            "  page_number: Tudalen {page}\n  title: ''\n")
    found = _problems(tmp_path, text)
    rules = {(line, column): (rule, message) for line, column, rule, message in found}
    assert rules[position_of(text, "English")][1].startswith(
        "'English please' is not a language tag")
    rule, message = rules[position_of(text, "actions.ownr")]
    assert rule == "unknown-key" and "did you mean 'actions.owner'?" in message
    rule, message = rules[position_of(text, "Tudalen")]
    assert rule == "invalid-value" and "must keep {pages} (" in message
    assert rules[position_of(text, "''")][0] == "wrong-type"
    assert len(found) == 4


def test_a_string_names_only_the_words_in_braces_it_dropped_or_added(tmp_path: Path) -> None:
    text = ("strings:\n  page_number: Tudalen {pages}\n"
            "  deck.continuation: ({index} o {cyfanswm})\n  title: Crynodeb {deck}\n")
    found = {(line, column): message for line, column, _, message in _problems(tmp_path, text)}
    assert found[position_of(text, "Tudalen")] == (
        "'page_number' must keep {page} (filled in when the document is made)")
    assert found[position_of(text, "({index}")] == (
        "'deck.continuation' must keep {count} (filled in when the document is made)")
    assert found[position_of(text, "Crynodeb")] == (
        "'title' has {deck}, which nothing fills in here; it may use no words in braces")


def test_only_strings_kept_on_one_line_must_be_one_line(tmp_path: Path) -> None:
    text = ("strings:\n  briefing.question.1: |\n    Beth mae hyn yn ei olygu i chi?\n"
            "    What does this mean for you?\n")
    config = load_config(write(tmp_path, ".learnsum.yaml", text))
    assert config.strings["briefing.question.1"] == (
        "Beth mae hyn yn ei olygu i chi?\nWhat does this mean for you?")
    for key, why in [
        ("page_number", "it is printed in page footers"),
        ("title", "it is kept in the documents' properties, which hold one line"),
        ("review_types.other", "it is kept in the documents' properties, which hold one line"),
        ("actions.owner", "it is a name, label or heading, shown in a line of text"),
    ]:
        text = f"strings:\n  {key}: |\n    Tudalen {{page}}\n    o {{pages}}\n"
        [(line, column, rule, message)] = _problems(tmp_path, text)
        assert (line, column, rule) == (*position_of(text, "|"), "invalid-value")
        assert message == f"'{key}' must be one line ({why})"


def test_a_multi_line_question_is_drawn_as_one_bullet_with_a_line_break(tmp_path: Path) -> None:
    from pptx import Presentation

    write(tmp_path, ".learnsum.yaml", "strings:\n  briefing.question.1: |\n"
          "    Beth mae hyn yn ei olygu i chi?\n    What does this mean for you?\n")
    write(tmp_path, "t.yaml", VALID.replace("slides: not-applicable", "slides: not-applicable"))
    result = cli("render", "t.yaml", "-f", "pptx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "t.pptx"))
    shown = [paragraph for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
             for paragraph in shape.text_frame.paragraphs
             if "Beth mae hyn" in paragraph.text]
    assert [p.text for p in shown] == [
        "Beth mae hyn yn ei olygu i chi?\vWhat does this mean for you?"]


def test_every_string_has_a_default_and_keeps_its_braces() -> None:
    assert catalogue.placeholders(catalogue.STRINGS["page_number"]) == {"page", "pages"}
    assert catalogue.placeholders(catalogue.STRINGS["slides.generate"]) == {"deck"}
    assert all(text.strip() for text in catalogue.STRINGS.values())


# -- a configuration that words everything: no English default left in any output -------------

#: A summary whose own text holds none of the default words, so that any English found in an
#: output is one of learnsum's fixed words left untranslated.
WELSH_SUMMARY = """\
learnsum: 1
title: Plentyn T
reference: CYF-1
partnership: Partneriaeth Diogelu Plant Sir Brawf
status: final
completed: 2024-03-01
review:
  type: cpr
  purpose: Adolygiad ymarfer plant dan arweiniad y Nyrs Ddynodedig.
case:
  incident: 2023-06
  precis: |
    Derbyniwyd Plentyn T, dwy oed, i'r ysbyty gydag anaf heb esboniad.
themes: [information-sharing]
case_learning:
  - text: Nid oedd yr ymwelwyr iechyd yn gwybod am alwadau'r heddlu.
    kind: concern
    themes: [information-sharing, domestic-abuse]
  - text: Cyfeiriodd y feddygfa yn brydlon.
    kind: good-practice
  - text: Roedd y cofnodion yn anghyflawn.
    kind: issue
method_learning: |
  Mynychodd ymarferwyr weithdy hanner diwrnod.
single_agency:
  - agency: Iechyd
    points:
      - Rhannu gwybodaeth am alwadau gydag ymwelwyr iechyd.
multi_agency:
  - Dylai pob asiantaeth wirio pwy arall sy'n byw yn yr aelwyd.
actions:
  - owner: Nyrs Ddynodedig
    action: Briffio timau ymwelwyr iechyd ar y broses hysbysu.
    due: 2027-01-31
    status: in-progress
    evidence: Cofnodion y briffio.
  - owner: Arolygydd Heddlu
    action: Adolygu'r broses.
    status: done
audit: |
  Bydd ail-archwiliad o 20 cofnod achos ymhen chwe mis.
updates:
  - date: 2024-05-02
    from: Rheolwr Gwasanaeth
    text: Mae'r plentyn wedi dychwelyd adref.
slides: generate
reflection:
  - Beth fyddai eich tîm wedi ei wneud yn wahanol?
"""


def _every_word_replaced() -> str:
    """A configuration that replaces every string, section label and prompt, and the themes'
    labels, each with a word of its own ("Gair7"), its words in braces kept."""
    lines = ["language: cy-GB", "partnership: Partneriaeth Diogelu Plant Sir Brawf",
             "marking: SWYDDOGOL-SENSITIF", "strings:"]
    for index, (key, text) in enumerate(catalogue.STRINGS.items()):
        braces = " ".join("{" + name + "}" for name in sorted(catalogue.placeholders(text)))
        lines.append(f"  {key}: '{f'Gair{index} {braces}'.strip()}'")
    lines.append("sections:")
    for index, section in enumerate(catalogue.SECTIONS):
        lines.append(f"  {section.key}: {{label: Adran{index}, prompt: Canllaw{index}}}")
    lines.append("themes:")
    for index, term in enumerate(catalogue.THEMES):
        lines.append(f"  {term.id}: Thema{index}")
    return "\n".join(lines) + "\n"


def _configured(key: str) -> str:
    """The word _every_word_replaced() gives `key`."""
    return f"Gair{list(catalogue.STRINGS).index(key)}"


def _english() -> list[str]:
    """Every English default word or phrase a reader could see."""
    phrases = {text for text in catalogue.STRINGS.values()}
    for section in catalogue.SECTIONS:
        phrases.add(section.label)
        if section.prompt:
            phrases.add(section.prompt)
    phrases.update(term.label for term in catalogue.THEMES)
    found = set()
    for phrase in phrases:
        # A phrase with words in braces is looked for by its fixed parts ("Page", "of").
        for part in re.split(r"\{[a-z_]+\}", phrase):
            if part.strip(" ():"):
                found.add(part.strip(" :"))
    return sorted(found)


def _left(text: str) -> list[str]:
    return [phrase for phrase in _english()
            if re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text)]


def _package_text(path: Path) -> str:
    """Every text of an Office package's XML parts (body, headers, footers, notes,
    properties), without the markup."""
    import zipfile

    from lxml import etree

    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml") and "theme" not in name and "style" not in name \
                    and "Layout" not in name and "Master" not in name and "font" not in name:
                root = etree.fromstring(package.read(name))
                texts.append(" ".join(t.strip() for t in root.itertext() if t.strip()))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cy")
    write(folder, ".learnsum.yaml", _every_word_replaced())
    write(folder, "plentyn-t.yaml", WELSH_SUMMARY)
    return folder


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pptx", "briefing"])
def test_no_english_default_is_left_under_a_full_override(welsh: Path, fmt: str) -> None:
    from learnsum.render.registry import BY_NAME

    out = welsh / "out" / f"plentyn-t{BY_NAME[fmt].suffix}"
    result = cli("render", welsh / "plentyn-t.yaml", "-f", fmt, "-o", out, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8") if fmt in ("md", "html") else _package_text(out)
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>", lambda m: " ".join(re.findall(r'"([^"]*)"',
                                                                           m.group(0))),
                      text, flags=re.S)  # the printed page's words, not CSS's own
        text = re.sub(r"<[^>]+>", " ", text)
        assert '<html lang="cy-GB">' in out.read_text(encoding="utf-8")
    assert _left(text) == []
    if fmt == "briefing":  # its own words: the briefing shows neither the form's title nor rows
        assert f"{_configured('briefing.title')}: Plentyn T" in text
    else:
        assert "Gair0" in text and "Adran0" in text  # the configured words are there instead


@pytest.mark.libreoffice
@requires("soffice", "pdftotext", why="(LibreOffice and poppler-utils)")
def test_no_english_default_is_left_in_the_pdf_and_its_language_is_set(welsh: Path) -> None:
    out = welsh / "out" / "plentyn-t.pdf"
    result = cli("render", welsh / "plentyn-t.yaml", "-f", "pdf", "-o", out, "--today", TODAY,
                 timeout=300)
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert _left(text) == []
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"


def test_every_document_declares_the_configured_language(welsh: Path) -> None:
    import zipfile

    for fmt in ("docx", "pptx", "briefing"):
        out = welsh / "lang" / f"plentyn-t.{fmt}.{'docx' if fmt == 'briefing' else fmt}"
        result = cli("render", welsh / "plentyn-t.yaml", "-f", fmt, "-o", out, "--today", TODAY)
        assert result.returncode == 0, result.stderr
        with zipfile.ZipFile(out) as package:
            core = package.read("docProps/core.xml").decode()
            assert "<dc:language>cy-GB</dc:language>" in core
            if fmt in ("docx", "briefing"):
                assert 'w:val="cy-GB"' in package.read("word/styles.xml").decode()
            else:
                presentation = package.read("ppt/presentation.xml").decode()
                assert 'lang="cy-GB"' in presentation and 'lang="en-US"' not in presentation


def test_the_bilingual_board_of_the_docs_is_a_valid_configuration(tmp_path: Path) -> None:
    from support import REPO

    docs = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# \.learnsum\.yaml: a bilingual Welsh/English board\n.*?)```",
                      docs, re.S)
    assert block is not None
    write(tmp_path, ".learnsum.yaml", block.group(1))
    source = write(tmp_path, "plentyn-t.yaml", WELSH_SUMMARY)
    out = tmp_path / "plentyn-t.md"
    result = cli("render", source, "-f", "md", "-o", out, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "# Crynodeb Dysgu / Learning Summary: Plentyn T" in text
    assert "| Perchennog / Owner | Cam gweithredu / Action | Erbyn / Due | Statws / Status |" \
        in text
    assert "Sleidiau i ymarferwyr / Practitioner slides: plentyn-t.pptx" in text


def test_every_string_is_documented_with_its_default() -> None:
    table = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(
        encoding="utf-8")
    for key, text in catalogue.STRINGS.items():
        assert f"| `{key}` | {text} |" in table, key


def test_an_empty_value_with_no_default_says_it_is_required(tmp_path: Path) -> None:
    text = ('resources:\n  - title: ""\n    url: https://procedures.example.org/\n'
            'agencies:\n  - name: ""\n    aliases: [Health Board]\n')
    found = {(line, column): message for line, column, _, message in _problems(tmp_path, text)}
    assert found[position_of(text, '""')] == (
        "'resources[1].title' is empty; give the text (it is required)")
    assert found[position_of(text, '""', 1)] == (
        "'agencies[1].name' is empty; give the text (it is required)")
    assert not any("default" in message for message in found.values())

"""Hostile input on this week's surfaces: names longer than a file system allows, a file where
an import's output folder would be, and braces written into `strings:` that str.format would
have read as orders. Each used to end in "internal error"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from import_forms import docx_bytes, seed_title_and_rows
from support import TODAY, VALID, cli, write

#: One name longer than the 255 bytes a file system allows for a file or folder name.
TOO_LONG = "a" * 300


def test_stdin_filename_longer_than_a_file_system_allows(tmp_path: Path) -> None:
    result = cli("validate", "-", "--stdin-filename", TOO_LONG + ".yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "internal error" not in result.stdout + result.stderr
    assert f"{TOO_LONG}.yaml:1:1: error" in result.stdout


@pytest.mark.parametrize("command", ["validate", "render"])
def test_file_name_longer_than_a_file_system_allows(tmp_path: Path, command: str) -> None:
    result = cli(command, TOO_LONG + ".yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "internal error" not in result.stdout + result.stderr
    assert "File name too long" in result.stdout + result.stderr


def test_import_of_a_name_longer_than_a_file_system_allows(tmp_path: Path) -> None:
    result = cli("import", TOO_LONG + ".docx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"learnsum import: {TOO_LONG}.docx: cannot read: File name too long")


def test_import_into_a_folder_that_is_a_file(tmp_path: Path) -> None:
    title, rows = seed_title_and_rows()
    (tmp_path / "form.docx").write_bytes(docx_bytes(rows, title=title))
    write(tmp_path, "notes", "mine\n")
    result = cli("import", "form.docx", "-o", "notes/out.yaml", cwd=tmp_path)
    assert result.returncode == 1
    # Not "notes/out.yaml already exists": nothing is there, a file stands where the folder is.
    assert result.stderr.strip() == ("learnsum import: form.docx: cannot write notes/out.yaml: "
                                     "notes is not a folder")
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "mine\n"


def test_deck_continuation_braces_are_words_not_format_orders(tmp_path: Path) -> None:
    from pptx import Presentation

    points = "".join(f"  - Point {i} about what practitioners learnt from the case and what "
                     "they will change.\n" for i in range(40))
    write(tmp_path, "s.yaml", VALID.replace("multi_agency:\n", "multi_agency:\n" + points))
    hostile = "({index} of {count}) {0} {index.__class__} {count:>999999999} {"
    write(tmp_path, ".learnsum.yaml", f"strings:\n  deck.continuation: '{hostile}'\n")
    result = cli("render", "s.yaml", "--format", "pptx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    titles = [shape.text_frame.text for slide in Presentation(str(tmp_path / "s.pptx")).slides
              for shape in slide.shapes if shape.has_text_frame]
    continued = [t for t in titles if "{0} {index.__class__} {count:>999999999} {" in t]
    assert continued
    assert any(re.search(r"\(1 of \d\) \{0\}", t) for t in continued)


def test_a_language_tag_too_long_for_a_document_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "s.yaml", VALID)
    tag = "en" + "-abcdefgh" * 1200  # well-formed, but no document property can hold it
    write(tmp_path, ".learnsum.yaml", f"language: {tag}\n")
    result = cli("render", "s.yaml", "--format", "briefing", "--today", TODAY, cwd=tmp_path)
    assert result.returncode != 0
    assert "internal error" not in result.stdout + result.stderr
    first = (result.stdout + result.stderr).splitlines()[0]
    assert first.startswith(".learnsum.yaml:1:11: error 'en-abcdefgh-")
    assert "is 10,802 characters long; a language tag has at most 35" in first
    assert len(first) < 300
    assert not list(tmp_path.glob("s.briefing*"))


def test_a_direction_override_in_strings_stops_at_the_end_of_those_words(tmp_path: Path) -> None:
    import docx

    write(tmp_path, "s.yaml", VALID)
    write(tmp_path, ".learnsum.yaml", "strings:\n  briefing.title: \"Briefing \\u202eevil\"\n")
    result = cli("render", "s.yaml", "--format", "briefing", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "s.briefing.docx")).paragraphs)
    # The override is closed (U+202C) before the summary's own title, which reads as written.
    assert "Briefing \u202eevil\u202c: Child T" in text


def test_a_document_larger_than_a_file_may_be_is_one_diagnostic_in_the_editor() -> None:
    from learnsum.lsp.analysis import Configs, diagnostics

    found = diagnostics("learnsum: 1\ntitle: " + "x" * (5 * 1024 * 1024) + "\n", None, Configs())
    assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == [
        ("too-large", 0, 0)]
    assert found[0].message == ("the text is larger than 2 MB, the most learnsum reads; a "
                                "learning summary is never that large")


@pytest.mark.parametrize("make, why", [
    (lambda p: p.symlink_to("/dev/zero"), "is not a regular file"),
    (lambda p: p.symlink_to(p.name), "a symbolic link that loops back on itself"),
])
def test_a_found_configuration_that_is_no_file_is_an_error_not_skipped(
        tmp_path: Path, make: object, why: str) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "s.yaml", VALID)
    make(tmp_path / ".learnsum.yaml")  # type: ignore[operator]
    result = cli("validate", "s.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f".learnsum.yaml:1:1: error {why}")
    assert "internal error" not in result.stdout + result.stderr


@pytest.mark.parametrize("text, closed", [
    ("plain", "plain"),
    ("\u202eone\u202c two", "\u202eone\u202c two"),
    ("\u202b\u202eopen", "\u202b\u202eopen\u202c\u202c"),
    ("\u2067isolated\u2069 \u2068again", "\u2067isolated\u2069 \u2068again\u2069"),
    ("\u202c\u2069stray closers", "\u202c\u2069stray closers"),
])
def test_closed_bidi_closes_what_a_string_opens(text: str, closed: str) -> None:
    from learnsum.render.build import closed_bidi

    assert closed_bidi(text) == closed



def test_a_resource_title_cannot_turn_round_what_follows_it(tmp_path: Path) -> None:
    import zipfile

    (tmp_path / ".git").mkdir()
    write(tmp_path, ".learnsum.yaml", "resources:\n  - title: \"\\u202eBackwards guide\"\n"
          "    url: https://example.org/guide\n")
    write(tmp_path, "s.yaml", VALID)
    result = cli("render", "s.yaml", "-f", "briefing", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "s.briefing.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "\u202eBackwards guide\u202c" in text

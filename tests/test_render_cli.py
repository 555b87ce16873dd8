"""`learnsum render` end to end: which files, where outputs land, safety, failures."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from learnsum import catalogue
from render_helpers import HTMLDocument, read_docx
from support import TODAY, VALID, cli, replace, write

ERROR_TEXT = replace(VALID, "case_learning:", "case_learnings:")


def test_no_paths_renders_every_summary_below_and_skips_other_yaml(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "reviews/2024/b.yaml", replace(VALID, "Child T", "Child B"))
    write(tmp_path, "tools.yaml", "repos: []\n")
    result = cli("render", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["wrote a.docx", "wrote reviews/2024/b.docx"]
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert not (tmp_path / "tools.docx").exists()
    again = cli("render", "--today", TODAY, cwd=tmp_path)
    assert again.stdout.splitlines() == ["unchanged a.docx", "unchanged reviews/2024/b.docx"]


def test_output_is_a_file_for_one_input_and_a_folder_for_many(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "b.yaml", VALID)
    one = cli("render", "a.yaml", "-f", "md", "-o", "out/summary.md", "--today", TODAY,
              cwd=tmp_path)
    assert one.returncode == 0 and (tmp_path / "out/summary.md").is_file()
    many = cli("render", "a.yaml", "b.yaml", "-f", "html", "-o", "site", "--today", TODAY,
               cwd=tmp_path)
    assert many.returncode == 0, many.stderr
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["a.html", "b.html"]


def test_same_names_in_different_folders_do_not_collide(tmp_path: Path) -> None:
    write(tmp_path, "2015/child.yaml", VALID)
    write(tmp_path, "2016/child.yaml", replace(VALID, "Child T", "Child U"))
    result = cli("render", ".", "-o", "out", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/2015/child.docx").is_file()
    assert (tmp_path / "out/2016/child.docx").is_file()


def test_format_all_writes_every_available_format(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    result = cli("render", "a.yaml", "-f", "all", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = ["a.docx", "a.md", "a.html", "a.briefing.docx"] + (
        ["a.pdf", "a.briefing.pdf"] if shutil.which("soffice") else [])
    assert sorted(line.split()[1] for line in result.stdout.splitlines()) == sorted(expected)
    assert not (tmp_path / "a.pptx").exists()  # slides only when `slides: generate`


def test_without_format_word_plus_the_slides_a_summary_asks_for(tmp_path: Path) -> None:
    write(tmp_path, "plain.yaml", VALID)
    write(tmp_path, "deck.yaml", replace(VALID, "slides: not-applicable", "slides: generate"))
    result = cli("render", "plain.yaml", "deck.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        "wrote deck.docx", "wrote deck.pptx", "wrote plain.docx"]
    named = cli("render", "deck.yaml", "-o", "out/briefing.docx", "--today", TODAY, cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    assert (tmp_path / "out/briefing.docx").is_file() and (tmp_path / "out/briefing.pptx").is_file()


def test_refuses_to_write_over_its_input_or_any_yaml(tmp_path: Path) -> None:
    source = write(tmp_path, "a.yaml", VALID)
    result = cli("render", "a.yaml", "-o", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "learnsum: a.yaml: refusing to write over a YAML file " \
        "(a summary or configuration)\n"
    assert source.read_text() == VALID
    write(tmp_path, "other.yml", "x: 1\n")
    result = cli("render", "a.yaml", "-f", "md", "-o", "other.yml", cwd=tmp_path)
    assert result.returncode == 1 and (tmp_path / "other.yml").read_text() == "x: 1\n"


def test_refuses_to_write_over_the_reference_document(tmp_path: Path) -> None:
    import docx

    write(tmp_path, "a.yaml", VALID)
    docx.Document().save(str(tmp_path / "house.docx"))
    before = (tmp_path / "house.docx").read_bytes()
    result = cli("render", "a.yaml", "-o", "house.docx", "--reference-docx", "house.docx",
                 "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1 and "refusing to write over an input" in result.stderr
    assert (tmp_path / "house.docx").read_bytes() == before


def test_unwritable_output_is_one_clear_line(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "blocker", "a file where a folder should be\n")
    result = cli("render", "a.yaml", "-o", "blocker/a.docx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == ["learnsum: blocker/a.docx: cannot write here: blocker is a file, not a "
                     "folder"]
    deeper = cli("render", "a.yaml", "-o", "blocker/sub/a.docx", "--today", TODAY, cwd=tmp_path)
    assert deeper.returncode == 1
    assert deeper.stderr == ("learnsum: blocker/sub/a.docx: cannot write here: blocker is a "
                             "file, not a folder\n")


def test_render_does_not_read_standard_input(tmp_path: Path) -> None:
    result = cli("render", "-", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("learnsum: render does not read standard input (only validate "
                             "does): save the summary to a file and render that\n")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="a read-only folder is writable for root")
def test_read_only_folder_is_one_clear_line(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = cli("render", "a.yaml", "-o", "locked/a.docx", "--today", TODAY, cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.startswith("learnsum: locked/a.docx: cannot write")
    assert result.stderr.count("\n") == 1


def test_a_summary_with_errors_is_not_rendered_but_others_are(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", ERROR_TEXT)
    write(tmp_path, "good.yaml", VALID)
    result = cli("render", "bad.yaml", "good.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.yaml:1:1: error missing required key 'case_learning'" in result.stderr
    assert "learnsum: bad.yaml: not rendered, it has 2 errors" in result.stderr
    assert not (tmp_path / "bad.docx").exists()
    assert result.stdout == "wrote good.docx\n" and (tmp_path / "good.docx").is_file()


def test_label_overrides_show_in_every_format(tmp_path: Path) -> None:
    label = "How will the board know practice changed?"
    write(tmp_path, ".learnsum.yaml",
          f"sections:\n  audit:\n    label: {label}\n  case_learning:\n    prompt: ''\n")
    write(tmp_path, "a.yaml", VALID)
    for fmt in ("docx", "md", "html"):
        result = cli("render", "a.yaml", "-f", fmt, "--today", TODAY, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    default = catalogue.SECTIONS_BY_KEY["audit"].label
    prompt = catalogue.SECTIONS_BY_KEY["case_learning"].prompt
    assert prompt is not None
    labels = [r.cells[0].paragraphs[0].text for r in read_docx(tmp_path / "a.docx").tables[0].rows]
    assert label in labels and default not in labels
    markdown = (tmp_path / "a.md").read_text()
    assert f"## {label}" in markdown and default not in markdown and prompt not in markdown
    page = HTMLDocument((tmp_path / "a.html").read_text())
    assert label in page.row_headers and default not in page.text and prompt not in page.text


def test_marking_from_config_and_overridden_on_the_command_line(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", "marking: OFFICIAL\n")
    write(tmp_path, "a.yaml", VALID)
    assert cli("render", "a.yaml", "-f", "md", "--today", TODAY, cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.md").read_text().startswith("**OFFICIAL**\n")
    assert cli("render", "a.yaml", "-f", "md", "--marking", "OFFICIAL-SENSITIVE", "--today", TODAY,
               cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.md").read_text().startswith("**OFFICIAL-SENSITIVE**\n")


def test_pdf_without_libreoffice_says_how_to_install_it(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    result = cli("render", "a.yaml", "-f", "pdf", cwd=tmp_path,
                 env={"PATH": str(tmp_path / "nothing-here"), "LEARNSUM_SOFFICE": ""})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_nothing_to_render_is_an_error(tmp_path: Path) -> None:
    result = cli("render", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "learnsum: no summaries found in .\n"


def test_files_learnsum_did_not_make_are_not_replaced(tmp_path: Path) -> None:
    # The Word original a summary was imported from sits where the render would go.
    write(tmp_path, "a.yaml", VALID)
    original = tmp_path / "a.docx"
    original.write_bytes(b"PK\x03\x04 the partnership's own Word file")
    result = cli("render", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "a.docx: already exists and was not made by learnsum" in result.stderr
    assert original.read_bytes() == b"PK\x03\x04 the partnership's own Word file"
    notes = write(tmp_path, "notes.md", "my notes\n")
    assert cli("render", "a.yaml", "-f", "md", "-o", "notes.md", "--today", TODAY,
               cwd=tmp_path).returncode == 1
    assert notes.read_text() == "my notes\n"
    forced = cli("render", "a.yaml", "--force", "--today", TODAY, cwd=tmp_path)
    assert forced.returncode == 0 and read_docx(original)
    # learnsum's own outputs are replaced as usual.
    again = cli("render", "a.yaml", "-f", "md", "--today", TODAY, cwd=tmp_path)
    again = cli("render", "a.yaml", "-f", "md", "--marking", "OFFICIAL", "--today", TODAY,
                cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "wrote a.md\n"


def test_the_authors_own_deck_is_never_replaced(tmp_path: Path) -> None:
    import pptx

    deck = tmp_path / "s1.pptx"
    pptx.Presentation().save(str(deck))
    before = deck.read_bytes()
    write(tmp_path, "s1.yaml", replace(VALID, "slides: not-applicable", "slides: s1.pptx"))
    result = cli("render", "s1.yaml", "-f", "pptx", "--force", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1 and "refusing to write over an input file" in result.stderr
    assert deck.read_bytes() == before


def test_two_summaries_rendered_to_one_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "x.yaml", VALID)
    write(tmp_path, "x.yml", replace(VALID, "Child T", "Child U"))
    result = cli("render", ".", "-f", "md", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2
    assert "both x.yaml and x.yml would be rendered to it" in result.stderr
    assert not (tmp_path / "x.md").exists()


def test_output_suffix_must_match_the_format(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    result = cli("render", "a.yaml", "-f", "docx", "-o", "out.md", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2 and "ends in .docx" in result.stderr
    assert not (tmp_path / "out.md").exists()


def test_marking_must_be_one_line(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    result = cli("render", "a.yaml", "--marking", "OFFICIAL\nSENSITIVE", cwd=tmp_path)
    assert result.returncode == 2 and "must be one line" in result.stderr
    assert not (tmp_path / "a.docx").exists()


def test_several_formats_are_each_rendered(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    result = cli("render", "a.yaml", "-f", "md", "-f", "html", "-f", "md", "--today", TODAY,
                 cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "wrote a.md\nwrote a.html\n",
                                                                 "")
    assert (tmp_path / "a.md").read_text(encoding="utf-8").count("Child T") >= 1
    page = HTMLDocument((tmp_path / "a.html").read_text(encoding="utf-8"))
    assert "Child T" in " ".join(page.text_parts)
    again = cli("render", "a.yaml", "--format", "html", "-f", "md", "--today", TODAY,
                cwd=tmp_path)
    assert again.stdout == "unchanged a.md\nunchanged a.html\n"
    # One file named with -o: each further format takes its own suffix.
    named = cli("render", "a.yaml", "-f", "html", "-f", "md", "-o", "out/b.md", "--today", TODAY,
                cwd=tmp_path)
    assert named.returncode == 0 and named.stdout == "wrote out/b.md\nwrote out/b.html\n"
    wrong = cli("render", "a.yaml", "-f", "md", "-f", "htm", cwd=tmp_path)
    assert wrong.returncode == 2 and "'htm' is not a format learnsum renders" in wrong.stderr

"""Inputs that used to end in "internal error" (exit 3): links that loop or lead nowhere, file
names that are not UTF-8, values too long for a document property, characters no document can
store, and Unicode line separators that moved every later position."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from support import TODAY, VALID, cli, position_of, replace, write

# -- helpers ---------------------------------------------------------------------------------------

#: Bytes that must never reach a terminal or a file from learnsum: C0 controls but tab, line feed
#: and carriage return (CSV ends its lines with CR LF), and DEL.
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: A summary with one error on its fourth line (`foo:`), for names that must show in a problem.
BROKEN = replace(VALID, "reference: TEST-1\n", "reference: TEST-1\nfoo: 1\n")


def run(*args: str | bytes | os.PathLike[str], cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run `learnsum` and keep its output as bytes, as a terminal would receive them."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("LC_") and key not in (
                       "LANG", "LANGUAGE", "PYTHONIOENCODING", "PYTHONUTF8", "LEARNSUM_DEBUG")}
    environment.update({"NO_COLOR": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "learnsum", *args], cwd=cwd, env=environment,
                          capture_output=True, timeout=timeout, check=False)


def assert_safe(output: bytes) -> str:
    """Output that is UTF-8, holds no raw control character and no traceback; as text."""
    assert RAW_CONTROL.search(output) is None, output
    text = output.decode("utf-8")  # raises on a raw 0xff (or any byte that is not UTF-8)
    assert "internal error" not in text and "Traceback" not in text, text
    return text


def docx_properties(path: Path) -> Any:
    import docx

    return docx.Document(str(path)).core_properties


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# -- 4. links that loop or lead nowhere ------------------------------------------------------------


@pytest.fixture()
def looping(tmp_path: Path) -> Path:
    """reviews/: one valid summary, one with an error, and two *.yaml links that point at each
    other."""
    reviews = tmp_path / "reviews"
    write(reviews, "ok.yaml", VALID)
    write(reviews, "wrong.yaml", BROKEN)
    os.symlink("b.yaml", reviews / "a.yaml")
    os.symlink("a.yaml", reviews / "b.yaml")
    return tmp_path


def test_a_symlink_loop_in_a_folder_is_skipped_with_a_warning_and_the_rest_checked(
        looping: Path) -> None:
    result = cli("validate", "reviews", "--today", TODAY, cwd=looping)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "reviews/a.yaml:1:1: warning a symbolic link that loops back on itself, so it leads to "
        "no file; skipped [broken-link]",
        "reviews/b.yaml:1:1: warning a symbolic link that loops back on itself, so it leads to "
        "no file; skipped [broken-link]",
        f"reviews/wrong.yaml:{position_of(BROKEN, 'foo')[0]}:1: error unknown key 'foo'; "
        + result.stdout.split("unknown key 'foo'; ")[1].split("\n")[0],
        "2 files checked: 1 error, 2 warnings",
    ]


def test_json_output_lists_the_skipped_link(looping: Path) -> None:
    result = cli("validate", "reviews", "--output-format", "json", "--today", TODAY, cwd=looping)
    document = json.loads(result.stdout)
    assert document["files"] == 2
    assert [(p["path"], p["rule"], p["severity"]) for p in document["problems"]] == [
        ("reviews/a.yaml", "broken-link", "warning"), ("reviews/b.yaml", "broken-link", "warning"),
        ("reviews/wrong.yaml", "unknown-key", "error")]


def test_render_skips_a_symlink_loop_and_renders_the_rest(looping: Path) -> None:
    result = cli("render", "reviews", "-f", "md", "--today", TODAY, cwd=looping)
    assert result.returncode == 1  # wrong.yaml has an error
    assert result.stdout == "wrote reviews/ok.md\n"
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "reviews/a.yaml:1:1: warning a symbolic link that loops back on itself, so it leads to "
        "no file; skipped [broken-link]",
        "reviews/b.yaml:1:1: warning a symbolic link that loops back on itself, so it leads to "
        "no file; skipped [broken-link]",
    ]
    assert "learnsum: reviews/wrong.yaml: not rendered, it has 1 error" in result.stderr
    assert "internal error" not in result.stderr


def test_report_skips_a_symlink_loop_and_counts_the_rest(looping: Path) -> None:
    (looping / "reviews/wrong.yaml").unlink()
    result = cli("report", "reviews", "-f", "md", "-o", "report.md", "--today", TODAY,
                 cwd=looping)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote report.md (1 review, 0 overdue actions)\n"
    assert result.stderr.splitlines() == [
        "reviews/a.yaml:1:1: warning a symbolic link that loops back on itself, so it leads to "
        "no file; skipped [broken-link]",
        "reviews/b.yaml:1:1: warning a symbolic link that loops back on itself, so it leads to "
        "no file; skipped [broken-link]",
    ]
    assert "reviews/ok.yaml" in (looping / "report.md").read_text(encoding="utf-8")


def test_a_dangling_symlink_in_a_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", VALID)
    os.symlink("gone.yaml", tmp_path / "old.yaml")
    result = cli("validate", ".", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "old.yaml:1:1: warning a symbolic link to 'gone.yaml', which does not exist; skipped "
        "[broken-link]",
        "1 file checked: 0 errors, 1 warning",
    ]
    rendered = cli("render", ".", "-f", "md", "--today", TODAY, cwd=tmp_path)
    assert rendered.returncode == 0 and rendered.stdout == "wrote ok.md\n"
    assert "[broken-link]" in rendered.stderr


def test_a_loop_of_folder_links_is_not_followed(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    write(reviews, "ok.yaml", VALID)
    os.symlink(".", reviews / "again")  # a folder that contains itself
    os.symlink("two", reviews / "one")  # two folder links that point at each other
    os.symlink("one", reviews / "two")
    os.symlink("one", reviews / "into-the-loop.yaml")
    result = cli("validate", "reviews", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "reviews/into-the-loop.yaml:1:1: warning a symbolic link that loops back on itself, so "
        "it leads to no file; skipped [broken-link]",
        "1 file checked: 0 errors, 1 warning",
    ]
    named = cli("validate", "reviews/one/ok.yaml", "--today", TODAY, cwd=tmp_path)
    assert named.returncode == 1 and "internal error" not in named.stderr
    assert named.stdout.startswith("reviews/one/ok.yaml:1:1: error ")
    assert named.stdout.splitlines()[0].endswith("[unreadable]")


def test_a_looping_link_named_on_the_command_line_is_an_error(looping: Path) -> None:
    for command in ("validate", "render"):
        result = cli(command, "reviews/a.yaml", "reviews/ok.yaml",
                     "--output-format" if command == "validate" else "-f",
                     "text" if command == "validate" else "md", "--today", TODAY, cwd=looping)
        assert result.returncode == 1
        assert ("reviews/a.yaml:1:1: error a symbolic link that loops back on itself, so it "
                "leads to no file [unreadable]") in result.stdout + result.stderr
        assert "internal error" not in result.stderr
    assert (looping / "reviews/ok.md").is_file()


def test_broken_link_can_be_switched_off_or_made_an_error(looping: Path) -> None:
    (looping / "reviews/wrong.yaml").unlink()
    write(looping, ".learnsum.yaml", "rules:\n  broken-link: off\n")
    quiet = cli("validate", "reviews", "--today", TODAY, cwd=looping)
    assert (quiet.returncode, quiet.stdout) == (0, "1 file checked: no problems\n")
    write(looping, ".learnsum.yaml", "rules:\n  broken-link: error\n")
    strict = cli("validate", "reviews", "--today", TODAY, cwd=looping)
    assert strict.returncode == 1
    assert strict.stdout.startswith("reviews/a.yaml:1:1: error a symbolic link that loops")
    rendered = cli("render", "reviews", "-f", "md", "--today", TODAY, cwd=looping)
    assert rendered.returncode == 1 and rendered.stdout == "wrote reviews/ok.md\n"
    reported = cli("report", "reviews", "-f", "md", "--today", TODAY, cwd=looping)
    assert reported.returncode == 1 and "[broken-link]" in reported.stderr


def test_render_does_not_write_through_a_link_that_leads_nowhere(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    os.symlink("a.md", tmp_path / "a.md")  # a link to itself
    result = cli("render", "a.yaml", "-f", "md", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("learnsum: a.md: is a symbolic link that loops back on itself, so "
                             "it leads to no file; remove it, or choose another output\n")
    assert (tmp_path / "a.md").is_symlink()


# -- 5. file names that are not UTF-8 --------------------------------------------------------------

LOCALES = ["C", "C.UTF-8", "en_GB.UTF-8"]


@pytest.fixture(scope="session")
def locale_files(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A folder holding a compiled en_GB.UTF-8 locale (for LOCPATH), or None when this machine
    cannot make one. Python's output is strict about undecodable names only in such a locale:
    in C and C.UTF-8 it lets them through as raw bytes."""
    localedef = shutil.which("localedef")
    if localedef is None:
        return None
    folder = tmp_path_factory.mktemp("locales")
    made = subprocess.run([localedef, "-i", "en_GB", "-f", "UTF-8", str(folder / "en_GB.UTF-8")],
                          capture_output=True, check=False)
    return folder if (folder / "en_GB.UTF-8").is_dir() and made.returncode in (0, 1) else None


@pytest.fixture(params=LOCALES)
def locale_env(request: pytest.FixtureRequest, locale_files: Path | None) -> dict[str, str]:
    name: str = request.param
    if name == "en_GB.UTF-8":
        if locale_files is None:
            pytest.skip("the en_GB.UTF-8 locale cannot be made here (no localedef)")
        return {"LC_ALL": name, "LOCPATH": str(locale_files)}
    return {"LC_ALL": name}


@pytest.fixture()
def odd_names(tmp_path: Path) -> Path:
    """reviews/ holding a summary with an error and a valid one, both named with the byte 0xff
    (not UTF-8)."""
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    with open(os.fsencode(reviews) + b"/a\xff.yaml", "wb") as handle:
        handle.write(BROKEN.encode())
    with open(os.fsencode(reviews) + b"/v\xff.yaml", "wb") as handle:
        handle.write(VALID.encode())
    return tmp_path


def test_display_name_escapes_what_cannot_be_shown() -> None:
    from learnsum.display import display_name

    assert display_name("reviews/child-a.yaml") == "reviews/child-a.yaml"
    assert display_name(os.fsdecode(b"a\xff.yaml")) == "a\\xff.yaml"
    assert display_name("a\nb\x1b[31m.yaml") == "a\\nb\\x1b[31m.yaml"
    # Once anything is escaped, a backslash is doubled, so an escape cannot be forged.
    assert display_name("x\\xff\n.yaml") == "x\\\\xff\\n.yaml"
    assert display_name("Pr\u00e9cis \u2013 2015.yaml") == "Pr\u00e9cis \u2013 2015.yaml"


def test_validate_text_shows_a_non_utf8_name_safely(odd_names: Path,
                                                     locale_env: dict[str, str]) -> None:
    result = run("validate", "reviews", "--today", TODAY, cwd=odd_names, env=locale_env)
    assert result.returncode == 1
    shown = assert_safe(result.stdout)
    assert shown.startswith("reviews/a\\xff.yaml:4:1: error unknown key 'foo'")
    assert shown.endswith("2 files checked: 1 error, 0 warnings\n")


def test_validate_json_is_valid_utf8_with_the_name_escaped(odd_names: Path,
                                                            locale_env: dict[str, str]) -> None:
    result = run("validate", "reviews", "--output-format", "json", "--today", TODAY, cwd=odd_names,
                 env=locale_env)
    assert result.returncode == 1, result.stderr
    document = json.loads(assert_safe(result.stdout))
    assert [(p["path"], p["line"], p["column"]) for p in document["problems"]] == [
        ("reviews/a\\xff.yaml", 4, 1)]


def test_github_annotations_show_a_non_utf8_name_safely(odd_names: Path,
                                                        locale_env: dict[str, str]) -> None:
    result = run("validate", "reviews", "--output-format", "github", "--today", TODAY,
                 cwd=odd_names, env=locale_env)
    assert result.returncode == 1, result.stderr
    assert assert_safe(result.stdout).startswith(
        "::error file=reviews/a\\xff.yaml,line=4,col=1,title=learnsum unknown-key::")


def test_render_shows_a_non_utf8_name_safely(odd_names: Path,
                                             locale_env: dict[str, str]) -> None:
    result = run("render", "reviews", "-f", "md", "--today", TODAY, cwd=odd_names,
                 env=locale_env)
    assert result.returncode == 1  # a\xff.yaml has an error; v\xff.yaml is rendered
    assert assert_safe(result.stdout) == "wrote reviews/v\\xff.md\n"
    errors = assert_safe(result.stderr)
    assert errors.startswith("reviews/a\\xff.yaml:4:1: error unknown key 'foo'")
    assert "learnsum: reviews/a\\xff.yaml: not rendered, it has 1 error" in errors
    # The output is named after its summary, byte for byte.
    assert os.path.isfile(os.fsencode(odd_names) + b"/reviews/v\xff.md")


@pytest.mark.parametrize("output_format", ["html", "md", "csv"])
def test_report_shows_a_non_utf8_name_safely(odd_names: Path, locale_env: dict[str, str],
                                             output_format: str) -> None:
    target = "tables" if output_format == "csv" else f"report.{output_format}"
    result = run("report", "reviews", "-f", output_format, "-o", target, "--today", TODAY,
                 cwd=odd_names, env=locale_env)
    assert result.returncode == 1  # one summary not counted
    assert assert_safe(result.stderr).startswith("reviews/a\\xff.yaml:4:1: error unknown key")
    assert_safe(result.stdout)
    files = sorted((odd_names / target).glob("*.csv")) if output_format == "csv" else [
        odd_names / target]
    written = "".join(assert_safe(path.read_bytes()) for path in files)
    assert re.search(r"reviews/v\\+xff\.yaml", written)
    assert re.search(r"reviews/a\\+xff\.yaml", written)


def test_report_printed_shows_a_non_utf8_name_safely(odd_names: Path,
                                                     locale_env: dict[str, str]) -> None:
    result = run("report", "reviews", "-f", "md", "--today", TODAY, cwd=odd_names,
                 env=locale_env)
    assert result.returncode == 1
    assert re.search(r"reviews/v\\+xff\.yaml", assert_safe(result.stdout))


def test_import_handles_a_non_utf8_name(tmp_path: Path, locale_env: dict[str, str]) -> None:
    from import_forms import docx_bytes, seed_title_and_rows

    title, rows = seed_title_and_rows()
    with open(os.fsencode(tmp_path) + b"/child\xff.docx", "wb") as handle:
        handle.write(docx_bytes(rows, title=title))
    result = run("import", "child\xff.docx".encode("latin-1"), cwd=tmp_path, env=locale_env)
    assert result.returncode in (0, 1), result.stderr  # 1: problems left to fix, never 3
    assert assert_safe(result.stdout).splitlines()[-1].startswith(
        "imported child\\xff.docx -> child\\xff.yaml: ")
    assert_safe(result.stderr)
    imported = (os.fsencode(tmp_path) + b"/child\xff.yaml")
    with open(imported, "rb") as handle:
        assert "child\\xff.docx" in assert_safe(handle.read())


# -- 6. values too long for a document property ----------------------------------------------------

LONG = " ".join(["Safeguarding"] * 30)  # 389 characters


@pytest.fixture()
def long_fields(tmp_path: Path) -> Path:
    """One summary per field that Word keeps in a document property, each far over 255
    characters, and one ordinary summary, in one folder."""
    write(tmp_path, "a-title.yaml", replace(VALID, "title: Child T", f"title: Child T {LONG}"))
    write(tmp_path, "b-partnership.yaml", replace(
        VALID, "partnership: Testshire Safeguarding Children Partnership",
        f"partnership: Testshire {LONG}"))
    write(tmp_path, "c-reference.yaml", replace(VALID, "reference: TEST-1",
                                                f"reference: TEST-{'X' * 300}"))
    write(tmp_path, "d-label.yaml", replace(VALID, "  type: learning-review",
                                            f"  type: other\n  label: Audit {LONG}"))
    write(tmp_path, "e-ordinary.yaml", VALID)
    return tmp_path


def test_long_property_values_still_render_to_word_whole_in_the_body(long_fields: Path) -> None:
    result = cli("render", ".", "-f", "docx", "--today", TODAY, cwd=long_fields)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"wrote {name}.docx" for name in
        ("a-title", "b-partnership", "c-reference", "d-label", "e-ordinary")]
    title = docx_properties(long_fields / "a-title.docx").title
    assert len(title) <= 255 and title.endswith("Safeguarding…")
    assert title.startswith("Learning Summary: Child T Safeguarding")
    assert f"Child T {LONG}" in docx_text(long_fields / "a-title.docx")
    author = docx_properties(long_fields / "b-partnership.docx").author
    assert len(author) <= 255 and author.startswith("Testshire Safeguarding")
    assert author.endswith("Safeguarding…")
    assert f"Testshire {LONG}" in docx_text(long_fields / "b-partnership.docx")
    identifier = docx_properties(long_fields / "c-reference.docx").identifier
    # One word longer than the room is cut within the word, never dropped.
    assert len(identifier) == 255 and identifier == "TEST-" + "X" * 249 + "…"
    assert f"TEST-{'X' * 300}" in docx_text(long_fields / "c-reference.docx")
    subject = docx_properties(long_fields / "d-label.docx").subject
    assert len(subject) <= 255 and subject.startswith("Audit Safeguarding")
    assert f"Audit {LONG}" in docx_text(long_fields / "d-label.docx")
    assert docx_properties(long_fields / "e-ordinary.docx").title == "Learning Summary: Child T"


def test_a_long_partnership_from_the_configuration_still_renders(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", f"partnership: Testshire {LONG}\n")
    write(tmp_path, "a.yaml", replace(
        VALID, "partnership: Testshire Safeguarding Children Partnership\n", ""))
    result = cli("render", "a.yaml", "-f", "docx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    author = docx_properties(tmp_path / "a.docx").author
    assert len(author) <= 255 and author.endswith("…")
    assert f"Testshire {LONG}" in docx_text(tmp_path / "a.docx")


def test_slides_properties_are_shortened_too(long_fields: Path) -> None:
    from pptx import Presentation

    result = cli("render", ".", "-f", "pptx", "--today", TODAY, cwd=long_fields)
    assert result.returncode == 0, result.stderr
    title = Presentation(str(long_fields / "a-title.pptx")).core_properties.title
    assert len(title) <= 255 and title.endswith("Safeguarding…")
    identifier = Presentation(str(long_fields / "c-reference.pptx")).core_properties.identifier
    assert identifier == "TEST-" + "X" * 249 + "…"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="needs LibreOffice and pdfinfo (poppler-utils)")
def test_pdf_metadata_of_a_long_title_is_shortened(long_fields: Path) -> None:
    result = cli("render", "a-title.yaml", "-f", "pdf", "--today", TODAY, cwd=long_fields,
                 timeout=300)
    assert result.returncode == 0, result.stderr
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(long_fields / "a-title.pdf")],
                          capture_output=True, check=True).stdout.decode("utf-8")
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    title = title.removeprefix("Title:").strip()
    assert title.startswith("Learning Summary: Child T Safeguarding")
    assert len(title) <= 255 and title.endswith("…")


def test_one_summary_failing_to_render_does_not_stop_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import learnsum.render.docx as docx_renderer
    from learnsum.commands import render
    from learnsum.dates import parse_date

    for name in ("a", "b", "c"):
        write(tmp_path, f"{name}.yaml", replace(VALID, "title: Child T", f"title: Child {name}"))
    real = docx_renderer.render_docx

    def failing(view: Any, options: Any) -> bytes:
        if view.title == "Child b":
            raise ValueError("a bug met by one summary only")
        return real(view, options)

    monkeypatch.setattr(docx_renderer, "render_docx", failing)
    monkeypatch.delenv("LEARNSUM_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    code = render.run([Path(".")], output_format="docx", today=parse_date(TODAY))
    out, err = capsys.readouterr()
    assert code == 3  # a bug: reported as one, after every other summary was rendered
    assert out == "wrote a.docx\nwrote c.docx\n"
    assert err == ("learnsum: b.yaml: not rendered as docx: internal error: ValueError: a bug "
                   "met by one summary only (this is a bug in learnsum; set LEARNSUM_DEBUG=1 "
                   "for details and report it)\n")
    assert not (tmp_path / "b.docx").exists()


def test_a_render_error_in_one_summary_is_reported_and_the_rest_rendered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import learnsum.render.templated as templated
    from learnsum.commands import render
    from learnsum.dates import parse_date
    from learnsum.render import RenderError

    for name in ("a", "b"):
        write(tmp_path, f"{name}.yaml", replace(VALID, "title: Child T", f"title: Child {name}"))
    real = templated.render_markdown

    def failing(view: Any, options: Any) -> bytes:
        if view.title == "Child a":
            raise RenderError("summary.md.j2, line 3: template error: boom")
        return real(view, options)

    monkeypatch.setattr(templated, "render_markdown", failing)
    monkeypatch.chdir(tmp_path)
    code = render.run([Path(".")], output_format="md", today=parse_date(TODAY))
    out, err = capsys.readouterr()
    assert code == 1
    assert out == "wrote b.md\n"
    assert err == ("learnsum: a.yaml: not rendered as md: summary.md.j2, line 3: template "
                   "error: boom\n")


# -- 7. characters no document can store ----------------------------------------------------------


@pytest.mark.parametrize(("escape", "shown"), [
    ("\\0", "U+0000 (NUL)"),
    ("\\x01", "U+0001 (SOH)"),
    ("\\e", "U+001B (ESC)"),
    ("\\x7f", "U+007F (DEL)"),
    ("\\x9b", "U+009B (a C1 control character)"),
    ("\\ufffe", "U+FFFE (a noncharacter)"),
    ("\\uffff", "U+FFFF (a noncharacter)"),
])
def test_a_character_no_document_can_store_is_an_error_at_its_escape(
        tmp_path: Path, escape: str, shown: str) -> None:
    text = replace(VALID, "title: Child T", f'title: "Child {escape} T"')
    write(tmp_path, "a.yaml", text)
    result = run("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    line, column = position_of(text, escape)
    assert assert_safe(result.stdout).splitlines() == [
        f"a.yaml:{line}:{column}: error the escape {escape} is {shown}, which cannot be stored "
        "in a document; remove it [invalid-character]",
        "1 file checked: 1 error, 0 warnings",
    ]


def test_a_lone_surrogate_escape_is_named(tmp_path: Path) -> None:
    text = replace(VALID, "title: Child T", 'title: "Child \\ud800 T"')
    write(tmp_path, "a.yaml", text)
    result = run("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    line, column = position_of(text, "\\ud800")
    assert assert_safe(result.stdout).splitlines()[0] == (
        f"a.yaml:{line}:{column}: error the escape \\ud800 is U+D800 (half of a surrogate pair, "
        "alone), which cannot be stored in a document; write a character beyond U+FFFF as one "
        "escape, such as \\U0001F600 [invalid-character]")


PURPOSE = "  purpose: A local learning review led by the Designated Nurse."


def test_tab_newline_and_other_escapes_are_still_accepted(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", replace(
        VALID, PURPOSE, '  purpose: "A\\tlocal\\n\\u00e9\\x85\\U0001F600 \\"review\\" \\\\0"'))
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "1 file checked: no problems\n")


def test_render_refuses_a_summary_holding_such_a_character(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", replace(VALID, PURPOSE, '  purpose: "A local\\0 review"'))
    write(tmp_path, "b.yaml", VALID)
    result = run("render", ".", "-f", "docx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    errors = assert_safe(result.stderr)
    assert "error the escape \\0 is U+0000 (NUL), which cannot be stored" in errors
    assert "learnsum: a.yaml: not rendered, it has 1 error" in errors
    assert assert_safe(result.stdout) == "wrote b.docx\n"
    assert not (tmp_path / "a.docx").exists()


def test_the_rest_of_the_file_is_still_checked_and_nothing_raw_is_printed(tmp_path: Path) -> None:
    text = replace(VALID, "status: draft", 'status: "dr\\0aft"\n"\\e[2J": x')
    write(tmp_path, "a.yaml", text)
    for output_format in ("text", "json", "github"):
        result = run("validate", "a.yaml", "--output-format", output_format, "--today", TODAY,
                     cwd=tmp_path)
        assert result.returncode == 1
        shown = assert_safe(result.stdout)
        assert shown.count("[invalid-character]" if output_format == "text" else
                           "invalid-character") == 2
        assert "U+0000 (NUL)" in shown and "U+001B (ESC)" in shown
        # The value and the key are still checked, with the character shown as U+FFFD.
        assert "'dr\ufffdaft' is not a valid status" in shown
        assert "unknown key '\ufffd[2J'" in shown


def test_such_a_character_in_the_configuration_is_a_configuration_error(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", 'partnership: "Testshire\\0"\n')
    write(tmp_path, "a.yaml", VALID)
    result = run("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2
    assert assert_safe(result.stderr).startswith(
        ".learnsum.yaml:1:24: error the escape \\0 is U+0000 (NUL), which cannot be stored in a "
        "document; remove it [invalid-character]")


# -- 8. Unicode line separators ----------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize("style", ["plain", "quoted", "block"])
def test_unicode_line_separators_do_not_move_later_positions(
        tmp_path: Path, separator: str, style: str) -> None:
    value = f"A local{separator}learning review led by the Designated Nurse."
    written = {"plain": value, "quoted": f'"{value}"', "block": f"|\n    {value}"}[style]
    text = replace(VALID, PURPOSE, f"  purpose: {written}")
    text = replace(text, "method_learning: |", "extra: 1\nmethod_learning: |")
    write(tmp_path, "a.yaml", text)
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    line, column = position_of(text, "extra: 1")
    assert result.stdout.split("\n")[0].startswith(
        f"a.yaml:{line}:{column}: error unknown key 'extra'")
    assert result.stdout.count("\n") == 2, result.stdout


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_disable_line_works_after_a_line_separator(tmp_path: Path, separator: str) -> None:
    text = replace(VALID, PURPOSE, f'  purpose: "A local{separator}learning review"')
    text = replace(text, "    due: 2027-01-31\n", "")
    write(tmp_path, "a.yaml", text)
    warned = cli("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    line, column = position_of(text, "owner: Designated")
    assert warned.stdout.startswith(f"a.yaml:{line}:{column}: warning ")
    assert "[action-no-due-date]" in warned.stdout
    quiet = replace(text, "  - owner: Designated Nurse, Integrated Care Board\n",
                    "  - owner: Designated Nurse, Integrated Care Board"
                    "  # learnsum: disable-line action-no-due-date\n")
    write(tmp_path, "a.yaml", quiet)
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "1 file checked: no problems\n")


def test_a_line_separator_is_kept_in_the_value(tmp_path: Path) -> None:
    text = replace(VALID, "title: Child T", "title: Child\u2028T")
    write(tmp_path, "a.yaml", text)
    result = cli("render", "a.yaml", "-f", "docx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        assert "Child\u2028T" in package.read("word/document.xml").decode("utf-8")

"""Reading files: every way a file can be unreadable gets one problem with a rule and a place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from learnsum.loader import LoadFailure, load, load_string
from learnsum.validate import check_file, check_text
from support import TODAY, VALID, cli, position_of, write

TODAY_DATE = dt.date.fromisoformat(TODAY)


def only_problem(result):  # type: ignore[no-untyped-def]
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_valid_file_loads_with_positions(tmp_path: Path) -> None:
    document = load(write(tmp_path, "s.yaml", VALID))
    assert not isinstance(document, LoadFailure)
    assert document.data["title"] == "Child T"
    assert document.value_position(("review", "type")) == position_of(VALID, "learning-review")
    assert document.key_position(("audit",)) == position_of(VALID, "audit:")
    # A missing key is placed at its parent mapping's key.
    assert document.value_position(("review", "label")) == position_of(VALID, "review:")


@pytest.mark.parametrize(
    ("text", "rule", "line", "column", "words"),
    [
        ("learnsum: 1\ntitle: [a, b\n", "yaml-syntax", 3, 1, "YAML syntax"),
        ("learnsum: 1\nreview:\n\ttype: scr\n", "yaml-syntax", 3, 1, "tab"),
        ("learnsum: 1\ntitle: a: b\n", "yaml-syntax", 2, 9, "quotes"),
        ("learnsum: 1\ntitle: !!python/object:os.system x\n", "yaml-syntax", 2, 8, "not allowed"),
        ("learnsum: 1\ntitle: *nothing\n", "yaml-syntax", 2, 8, "alias"),
        ("learnsum: 1\ntitle: !!bool x\n", "yaml-syntax", 2, 8, "true or false"),
        ("learnsum: 1\ntitle: a\x07b\n", "yaml-syntax", 2, 9, "U+0007"),
        ("learnsum: 1\ntitle: x\n---\nsecond: document\n", "yaml-syntax", 3, 1, "single document"),
        ("", "empty-file", 1, 1, "empty"),
        ("# only a comment\n\n", "empty-file", 1, 1, "empty"),
        ("- a list\n- not a mapping\n", "not-a-mapping", 1, 1, "a list"),
        ("just text\n", "not-a-mapping", 1, 1, "text"),
        ("title: Child O\n", "format-version", 1, 1, "learnsum: 1"),
        ("learnsum: 2\ntitle: x\n", "format-version", 1, 11, "version 2"),
        ("learnsum: '1'\ntitle: x\n", "format-version", 1, 11, "not the text"),
    ],
)
def test_each_unreadable_shape_has_one_clear_problem(
    text: str, rule: str, line: int, column: int, words: str
) -> None:
    problem = only_problem(check_text(text, display="f.yaml", today=TODAY_DATE))
    assert (problem.rule, problem.line, problem.column) == (rule, line, column)
    assert words in problem.message
    assert problem.severity.value == "error"


def test_stray_keys_are_reported_and_the_rest_still_checked() -> None:
    from support import replace

    text = replace(VALID, "status: draft\n", "status: draft\n1: x\ntitle: Again\n[a, b]: y\n")
    text = replace(text, "escalated promptly", "escalated promptly (NHS number 943 476 5919)")
    result = check_text(text, display="f.yaml", today=TODAY_DATE)
    found = {(p.rule, p.line, p.column) for p in result.problems}
    assert ("unknown-key", 6, 1) in found and ("unknown-key", 8, 1) in found
    assert ("duplicate-key", 7, 1) in found
    duplicate = next(p for p in result.problems if p.rule == "duplicate-key")
    assert "first on line 2" in duplicate.message
    assert "nhs-number" in {p.rule for p in result.problems}
    assert result.summary is not None and result.summary.title == "Child T"  # the first kept


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    problem = only_problem(check_file(path))
    assert problem.rule == "not-text"


def test_non_utf8_file_names_the_byte_and_place(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("learnsum: 1\ntitle: Caf\xe9\n".encode("latin-1"))
    problem = only_problem(check_file(path))
    assert (problem.rule, problem.line, problem.column) == ("encoding", 2, 11)
    assert "0xe9" in problem.message and "UTF-8" in problem.message


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())
    result = check_file(path, today=TODAY_DATE)
    assert result.problems == []


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(b"learnsum: 1\ncomments: |\n")
        chunk = b"  " + b"x" * 1000 + b"\n"
        for _ in range(50 * 1024):
            stream.write(chunk)
    problem = only_problem(check_file(path))
    assert problem.rule == "too-large"
    assert "MB" in problem.message


def test_deep_nesting_is_refused_not_crashed() -> None:
    # The C parser would exhaust the C stack on this; learnsum must answer with a problem.
    deep = "learnsum: 1\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n"
    problem = only_problem(check_text(deep))
    assert problem.rule == "too-complex"


def test_deep_block_nesting_is_refused() -> None:
    lines = ["learnsum: 1"]
    for depth in range(400):
        lines.append("  " * depth + f"k{depth}:")
    lines.append("  " * 400 + "end")
    problem = only_problem(check_text("\n".join(lines) + "\n"))
    assert problem.rule == "too-complex"


def test_alias_bomb_is_refused() -> None:
    lines = ["learnsum: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("title: *a9")
    problem = only_problem(check_text("\n".join(lines) + "\n"))
    assert problem.rule == "too-complex"
    assert "aliases" in problem.message


def test_a_failed_parse_does_not_spoil_the_next(tmp_path: Path) -> None:
    assert isinstance(load_string("a: [1, 2\n"), LoadFailure)
    # A value YAML cannot build, left half-built, is not built into the next file.
    spoiling = "a: !!map x\nb: !!str {}\n"
    assert load_string(spoiling) == load_string(spoiling)
    document = load_string(VALID)
    assert not isinstance(document, LoadFailure)
    assert document.data["title"] == "Child T"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02binary",
        b"learnsum: 1\ntitle: [\n",
        b"\xff\xfe\x00l\x00e",
        ("learnsum: 1\nt: " + "[" * 50_000 + "\n").encode(),
    ],
)
def test_cli_bad_input_is_one_line_without_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = cli("validate", path, cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith("bad.yaml:") and " error " in lines[0]


def test_cli_reports_folder_and_missing_path(tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "missing.yaml", tmp_path, cwd=tmp_path)
    assert result.returncode == 1
    assert "missing.yaml:1:1: error no such file [unreadable]" in result.stdout


def test_yaml_1_2_words_stay_text() -> None:
    # YAML 1.1 would read these as booleans; an author writing "no" means the word.
    document = load_string("a: no\nb: Yes\nc: off\nd: 2015-09-25\ne: ~\n")
    assert not isinstance(document, LoadFailure)
    assert document.data == {
        "a": "no", "b": "Yes", "c": "off", "d": dt.date(2015, 9, 25), "e": None}

"""The command line's habits: help with an example, placeholders named for people, one flag name
for one meaning (old spellings still working, with a note), shell completion, and tables that fit
the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from learnsum.rules import REGISTRY
from support import REPO, TODAY, VALID, cli, write

COMMANDS = ["validate", "render", "new", "schema", "rules", "themes", "config", "import",
            "report", "lsp"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_has_an_example_and_no_python_types(command: str) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0
    text = result.stdout
    example = text.index("Example")
    # The example is a learnsum command line, shown as written (not re-wrapped).
    assert re.search(rf"^ +learnsum {command}\b", text[example:], re.MULTILINE), text
    assert not re.search(r"<(list\[|str>|int>|path>|file>|dir>|Path)", text), text
    assert "PATH" in text or command in ("schema", "rules", "themes", "lsp")


def test_placeholders_are_named_for_people() -> None:
    text = cli("validate", "--help").stdout
    assert "Usage: learnsum validate [OPTIONS] [PATH]..." in text
    assert re.search(r"^  PATH\.\.\.  Summary files", text, re.MULTILINE), text
    for option in ("--today DATE", "--config FILE", "--stdin-filename FILE"):
        assert option in text
    render = cli("render", "--help").stdout
    for option in ("--marking TEXT", "--reference-docx FILE", "--template-dir FOLDER",
                   "-f, --format <docx|md|html|pdf|pptx|briefing|briefing-pdf|all>"):
        assert option in render
    assert "--from DATE" in cli("report", "--help").stdout
    assert "--today DATE" in cli("report", "--help").stdout


def test_format_is_the_document_type_in_render_and_report(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    rendered = cli("render", "a.yaml", "-f", "md", "--today", TODAY, cwd=tmp_path)
    assert (rendered.returncode, rendered.stderr) == (0, "")
    assert (tmp_path / "a.md").is_file()
    reported = cli("report", ".", "-f", "md", "-o", "r.md", "--today", TODAY, cwd=tmp_path)
    assert reported.returncode == 0 and reported.stderr == ""
    assert (tmp_path / "r.md").is_file()


def test_old_spellings_still_work_with_a_note_on_stderr(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    rendered = cli("render", "a.yaml", "-t", "html", "--today", TODAY, cwd=tmp_path)
    assert rendered.returncode == 0
    assert rendered.stderr == "learnsum: -t is deprecated here: use -f/--format (docs/cli.md)\n"
    assert (tmp_path / "a.html").is_file()
    reported = cli("report", ".", "-t", "csv", "-o", "tables/", "--as-of", TODAY, cwd=tmp_path)
    assert reported.returncode == 0
    assert reported.stderr.splitlines() == [
        "learnsum: -t is deprecated here: use -f/--format (docs/cli.md)",
        "learnsum: --as-of is deprecated here: use --today (docs/cli.md)"]
    for spelling in ("-f", "--format"):
        checked = cli("validate", "a.yaml", spelling, "json", "--today", TODAY, cwd=tmp_path)
        assert checked.returncode == 0
        assert json.loads(checked.stdout)["files"] == 1  # standard output stays the report
        assert checked.stderr == ("learnsum: --format/-f (the report's format) is deprecated "
                                  "here: use --output-format (docs/cli.md)\n")
    wrong = cli("render", "a.yaml", "-t", "doc", cwd=tmp_path)
    assert wrong.returncode == 2 and "did you mean 'docx'" in wrong.stderr


def test_the_flags_are_documented() -> None:
    cli_doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for text in ("--output-format", "-f/--format", "-t", "--install-completion",
                 "--show-completion"):
        assert text in cli_doc, text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "render -t" not in readme and "report -t" not in readme
    assert not re.search(r"validate[^\n`]* (-f|--format) ", readme)


def complete(*words: str) -> list[str]:
    """What the shell completion that --install-completion installs offers after `words`."""
    result = cli(env={"_LEARNSUM_COMPLETE": "complete_bash",
                      "COMP_WORDS": " ".join(["learnsum", *words]),
                      "COMP_CWORD": str(len(words))})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_shell_completion_offers_commands_and_values() -> None:
    assert complete("val") == ["validate"]
    assert "render" in complete("")
    assert complete("validate", "--output-format", "") == ["text", "json", "github", "sarif",
                                                          "gitlab"]
    assert complete("render", "-f", "p") == ["pdf", "pptx"]
    assert complete("report", "--format", "c") == ["csv"]
    top = cli("--help").stdout
    assert "--install-completion" in top and "--show-completion" in top


@pytest.mark.parametrize("columns", [60, 100])
def test_rules_fit_a_narrow_terminal(tmp_path: Path, columns: int) -> None:
    result = cli("rules", cwd=tmp_path, env={"COLUMNS": str(columns)})
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    for rule in REGISTRY.values():
        assert any(line.startswith(f"{rule.id}  {rule.level.value}") for line in lines), rule.id
    # What each rule checks is all there, folded to the width.
    text = " ".join(" ".join(lines).split())
    assert "The file is binary, not YAML text." in text


def test_rules_show_a_changed_level_when_narrow(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", "rules:\n  nhs-number: error\n")
    result = cli("rules", cwd=tmp_path, env={"COLUMNS": "70"})
    assert "nhs-number  error (default warning), privacy" in result.stdout


def test_rules_is_a_table_on_a_wide_terminal_or_a_pipe(tmp_path: Path) -> None:
    wide = cli("rules", cwd=tmp_path, env={"COLUMNS": "130"})
    assert max(len(line) for line in wide.stdout.splitlines()) <= 130
    assert re.search(r"│ nhs-number +│ warning │ warning │ privacy +│", wide.stdout)
    piped = cli("rules", cwd=tmp_path)  # no terminal, no COLUMNS: whole lines for grep
    assert re.search(r"│ nhs-number +│ warning │ warning │ privacy +│ .+ │", piped.stdout)


@pytest.mark.parametrize("columns", [60, 80])
def test_themes_fit_a_narrow_terminal(tmp_path: Path, columns: int) -> None:
    result = cli("themes", cwd=tmp_path, env={"COLUMNS": str(columns)})
    assert result.returncode == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= columns
    assert "│ information-sharing " in result.stdout  # ids whole; labels fold


@pytest.mark.parametrize("columns", [20, 30, 36, 38, 40, 44, 45, 47, 55, 100])
def test_themes_never_cut_an_id_or_split_a_word(tmp_path: Path, columns: int) -> None:
    from learnsum import catalogue

    result = cli("themes", cwd=tmp_path, env={"COLUMNS": str(columns)})
    assert result.returncode == 0
    terms = [*catalogue.THEMES, *catalogue.REVIEW_TYPES, *catalogue.POINT_KINDS,
             *catalogue.STATUSES, *catalogue.ACTION_STATUSES]
    lines = result.stdout.splitlines()
    tokens = {token for line in lines for token in line.replace("│", " ").split()}
    assert "…" not in result.stdout
    for term in terms:
        assert term.id in tokens, term.id  # whole, as authors type it
        assert set(term.label.split()) <= tokens, term.label  # wrapped between words only
    ids = {term.id for term in terms}
    # Every line fits, but for an id longer than the whole width, printed whole on its own.
    assert all(len(line) <= columns or line in ids for line in lines)
    # A table where the longest id fits beside the longest word of a label (and its rules).
    room = max(map(len, ids)) + max(len(w) for t in terms for w in t.label.split()) + 7
    table = "┃ id" in result.stdout
    assert table == (columns >= room)
    if not table:
        # One entry per line: the id, then its label indented below.
        at = lines.index("information-sharing")
        assert lines[at + 1].strip().startswith("Information")
        assert lines[at + 1].startswith("    ")

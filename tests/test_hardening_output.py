"""Output that cannot be forged or misread: file names and file content with control characters,
text silently lost to a YAML comment, a configuration found far above the summaries, and a
configuration error under `-f json` / `-f github`.

Each test looks at what a user (or the tool reading learnsum's output) sees: the lines printed,
the JSON document, the Markdown once rendered."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from support import TODAY, VALID, cli, replace, write

REPO = Path(__file__).resolve().parent.parent
#: Raw characters that must never reach a terminal: C0 (all of them, \t and \n included
#: inside a line), DEL, C1, the Unicode line separators and the bidi overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: An NHS number with a valid check digit (the example of docs/configuration.md).
NHS = "943 476 5919"


def no_raw_controls(output: str) -> None:
    assert not RAW_CONTROL.search(output), repr(output)
    for line in output.splitlines():
        assert "\t" not in line, repr(line)


def summary_with(old: str, new: str) -> str:
    return replace(VALID, old, new)


# -- 17: file names -------------------------------------------------------------------------


def test_render_prints_names_with_a_line_break_or_escape_as_visible_escapes(
        tmp_path: Path) -> None:
    write(tmp_path, "a\nb.yaml", VALID)
    write(tmp_path, "bad\x1b[2J.yaml", summary_with("status: draft", "status: dreft"))
    result = cli("render", "-f", "md", "--today", TODAY, ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    # One line per file written: the name's line break is shown, not obeyed.
    assert result.stdout.splitlines() == ["wrote a\\nb.md"]
    assert (tmp_path / "a\nb.md").is_file()
    assert "learnsum: bad\\x1b[2J.yaml: not rendered, it has 1 error" in result.stderr
    assert "bad\\x1b[2J.yaml:5:9: error" in result.stderr
    no_raw_controls(result.stdout + result.stderr)
    assert "Traceback" not in result.stderr


def test_validate_shows_control_characters_in_names_in_every_format(tmp_path: Path) -> None:
    name = "x\x1b]0;owned\x07\n\u202ey.yaml"
    write(tmp_path, name, summary_with("status: draft", "status: dreft"))

    text = cli("validate", "--today", TODAY, ".", cwd=tmp_path)
    assert text.returncode == 1
    assert text.stdout.splitlines()[0].startswith(
        "x\\x1b]0;owned\\x07\\n\\u202ey.yaml:5:9: error 'dreft' is not a valid status")
    assert len(text.stdout.splitlines()) == 2  # the problem and the summary line
    no_raw_controls(text.stdout + text.stderr)

    github = cli("validate", "--output-format", "github", "--today", TODAY, ".", cwd=tmp_path)
    lines = github.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("::error ")
    # The name is shown as in every other output, its line break escaped like the controls.
    assert "file=x\\x1b]0;owned\\x07\\n\\u202ey.yaml,line=5,col=9," in lines[0]
    no_raw_controls(github.stdout)

    data = cli("validate", "--output-format", "json", "--today", TODAY, ".", cwd=tmp_path)
    no_raw_controls(data.stdout)
    document = json.loads(data.stdout)
    # The same name as the text shows, so that the JSON is valid UTF-8 text for any reader.
    assert [problem["path"] for problem in document["problems"]] == [
        "x\\x1b]0;owned\\x07\\n\\u202ey.yaml"]


def test_github_properties_escape_percent_colon_and_comma(tmp_path: Path) -> None:
    write(tmp_path, "50%, a: b.yaml", summary_with("status: draft", "status: dreft"))
    result = cli("validate", "--output-format", "github", "--today", TODAY, ".", cwd=tmp_path)
    assert result.stdout.startswith("::error file=50%25%2C a%3A b.yaml,line=5,col=9,")


def test_a_name_that_is_not_utf8_is_shown_with_its_byte(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xff.yaml")
    try:
        write(tmp_path, name, summary_with("status: draft", "status: dreft"))
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take non-UTF-8 names")
    text = cli("validate", "--today", TODAY, ".", cwd=tmp_path)
    assert text.stdout.startswith("caf\\xff.yaml:5:9: error")
    render = cli("render", "-f", "md", "--today", TODAY, ".", cwd=tmp_path)
    assert "learnsum: caf\\xff.yaml: not rendered" in render.stderr
    data = cli("validate", "--output-format", "json", "--today", TODAY, ".", cwd=tmp_path)
    assert data.returncode == 1 and "Traceback" not in data.stderr, data.stderr
    assert json.loads(data.stdout)["problems"][0]["path"] == "caf\\xff.yaml"


def test_report_markdown_shows_names_as_text_not_headings(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    reviews = tmp_path / "reviews"
    write(reviews, "good.yaml", VALID)
    write(reviews, "# x.yaml", summary_with("status: draft", "status: dreft"))
    write(reviews, "y\x1b[2J.yaml", summary_with("status: draft", "status: dreft"))
    result = cli("report", "-f", "md", "--today", TODAY, "-o", "report.md", "reviews",
                 cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    no_raw_controls(result.stdout + result.stderr)
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    no_raw_controls(markdown)
    html = MarkdownIt().render(markdown)
    headings = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert not any("x.yaml" in heading for heading in headings), headings
    shown = re.sub(r"<[^>]+>", "", html)
    assert "reviews/# x.yaml" in shown and "reviews/y\\x1b[2J.yaml" in shown

    page = cli("report", "--today", TODAY, "-o", "report.html", "reviews", cwd=tmp_path)
    assert page.returncode == 1
    no_raw_controls((tmp_path / "report.html").read_text(encoding="utf-8"))


def test_a_markdown_name_at_the_start_of_a_list_item_is_escaped() -> None:
    from markdown_it import MarkdownIt

    from learnsum.report.markdown import text

    for name in ("# x.yaml", "> quote.yaml", "- item.yaml", "1. first.yaml", "=== .yaml"):
        html = MarkdownIt().render(f"- {text(name)}\n")
        assert html == f"<ul>\n<li>{name.replace('>', '&gt;')}</li>\n</ul>\n", (name, html)


# -- 18: file content in messages -----------------------------------------------------------


BAD_CONTENT = summary_with(
    "status: draft", 'status: "dr\\e[32m all checks passed \\e]0;owned\\a\\tx\\x9b2J"'
).replace("type: learning-review", 'type: "cspr\\u202e"')


def test_control_characters_quoted_from_a_file_are_escaped_in_text(tmp_path: Path) -> None:
    write(tmp_path, "s.yaml", BAD_CONTENT)
    result = cli("validate", "--today", TODAY, "s.yaml", cwd=tmp_path)
    assert result.returncode == 1
    no_raw_controls(result.stdout)
    # Characters no document can store are errors at their own place, and are shown as U+FFFD
    # wherever the value is quoted again.
    assert "s.yaml:5:12: error the escape \\e is U+001B (ESC)" in result.stdout
    assert "'dr\ufffd[32m all checks passed \ufffd]0;owned\ufffd x\ufffd2J' is not a valid " \
        "status" in result.stdout
    assert "'cspr\\u202e' is not a valid review type" in result.stdout
    # Each problem is still one line of its own.
    assert all(re.match(r"s\.yaml:\d+:\d+: (error|warning) ", line)
               for line in result.stdout.splitlines()[:-1])


def test_control_characters_quoted_from_a_file_are_escaped_for_github_and_json(
        tmp_path: Path) -> None:
    write(tmp_path, "s.yaml", BAD_CONTENT)
    github = cli("validate", "--output-format", "github", "--today", TODAY, "s.yaml", cwd=tmp_path)
    no_raw_controls(github.stdout)
    assert "'dr\ufffd[32m all checks passed" in github.stdout
    data = cli("validate", "--output-format", "json", "--today", TODAY, "s.yaml", cwd=tmp_path)
    no_raw_controls(data.stdout)
    messages = [p["message"] for p in json.loads(data.stdout)["problems"]]
    # JSON escapes what it holds (\u202e): a tool still gets the text exactly.
    assert any("dr\ufffd[32m all checks passed \ufffd]0;owned\ufffd\tx\ufffd2J" in m
               for m in messages)
    assert any("cspr\u202e" in m for m in messages)


def test_render_and_report_escape_messages_quoted_from_a_file(tmp_path: Path) -> None:
    write(tmp_path, "reviews/s.yaml", BAD_CONTENT)
    render = cli("render", "-f", "md", "--today", TODAY, "reviews", cwd=tmp_path)
    assert render.returncode == 1
    no_raw_controls(render.stdout + render.stderr)
    report = cli("report", "-f", "md", "--today", TODAY, "-o", "r.md", "reviews", cwd=tmp_path)
    no_raw_controls(report.stdout + report.stderr)
    no_raw_controls((tmp_path / "r.md").read_text(encoding="utf-8"))


def test_configuration_values_are_printed_with_visible_escapes(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml",
          'themes:\n  evil: "Evil label \\u202e [bold]x[/bold]"\n')
    themes = cli("themes", cwd=tmp_path)
    assert themes.returncode == 0, themes.stderr
    no_raw_controls(themes.stdout)
    assert "Evil label \\u202e [bold]x[/bold]" in themes.stdout
    shown = cli("config", "--show", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    no_raw_controls(shown.stdout)
    # Still YAML that reads back as the value.
    assert '  evil: "Evil label \\u202e [bold]x[/bold]"' in shown.stdout
    # A character no document can store is an error in the configuration too, at its place.
    write(tmp_path, ".learnsum.yaml", 'themes:\n  evil: "Evil \\e[2J label"\n')
    refused = cli("themes", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith(".learnsum.yaml:2:15: error the escape \\e is U+001B (ESC)")
    no_raw_controls(refused.stdout + refused.stderr)


# -- 21: text lost to a comment --------------------------------------------------------------


def plain_precis(text: str) -> str:
    return replace(VALID, """  precis: |
    Child T, aged two, was admitted to hospital with an unexplained injury.

    The family were known to Early Help.
""", f"  precis: {text}\n")


def line_col(text: str, needle: str) -> str:
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def test_a_comment_that_cuts_a_sentence_is_a_warning(tmp_path: Path) -> None:
    text = plain_precis("We fixed issue #42 quickly")
    write(tmp_path, "s.yaml", text)
    result = cli("validate", "--today", TODAY, "s.yaml", cwd=tmp_path)
    assert result.returncode == 0  # a warning
    assert result.stdout.splitlines() == [
        f"s.yaml:{line_col(text, '#42')}: warning '#42 quickly' is read as a YAML comment and "
        "dropped from precis; quote the value: 'We fixed issue #42 quickly' [comment-in-text]",
        "1 file checked: 0 errors, 1 warning",
    ]


@pytest.mark.parametrize("precis, fires", [
    ("Reviewed with the GP # and the school nurse", True),
    ("The review ran for three months # 12 sessions", True),
    ("A long account of what happened to the family over the year #3", True),
    ("The review was completed. # Checked by the chair", False),
    ("'We fixed issue #42 quickly'", False),
    ('"We fixed issue #42 quickly"', False),
    ("We fixed issue#42 quickly", False),  # no blank before '#': part of the text
    ("Reviewed with the GP  # learnsum: disable-line nhs-number", False),
])
def test_comment_in_text_cases(tmp_path: Path, precis: str, fires: bool) -> None:
    write(tmp_path, "s.yaml", plain_precis(precis))
    result = cli("validate", "--today", TODAY, "s.yaml", cwd=tmp_path)
    assert ("[comment-in-text]" in result.stdout) is fires, result.stdout


def test_ordinary_comments_after_single_words_are_not_reported(tmp_path: Path) -> None:
    text = replace(VALID, "status: draft", "status: draft          # draft | final | published")
    text = replace(text, "type: learning-review", "type: learning-review  # scr | cspr | other")
    write(tmp_path, "s.yaml", text)
    result = cli("validate", "--today", TODAY, "s.yaml", cwd=tmp_path)
    assert result.stdout.splitlines() == ["1 file checked: no problems"]


def test_new_and_the_examples_raise_no_comment_in_text(tmp_path: Path) -> None:
    made = cli("new", "draft.yaml", "--today", TODAY, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    examples = sorted((REPO / "examples").glob("*.yaml"))
    assert examples
    result = cli("validate", "--today", TODAY, "draft.yaml", *examples, cwd=tmp_path)
    assert "[comment-in-text]" not in result.stdout, result.stdout
    assert "draft.yaml:" in result.stdout  # the starter's placeholders are still reported


def test_comment_in_text_is_a_listed_configurable_rule(tmp_path: Path) -> None:
    rules = cli("rules", cwd=tmp_path)
    assert re.search(r"comment-in-text\s+│ warning │ warning │ content", rules.stdout)
    write(tmp_path, "s.yaml", plain_precis("We fixed issue #42 quickly"))
    write(tmp_path, ".learnsum.yaml", "rules:\n  comment-in-text: off\n")
    result = cli("validate", "--today", TODAY, "s.yaml", cwd=tmp_path)
    assert result.stdout.splitlines() == ["1 file checked: no problems"]


def test_comment_in_text_is_documented() -> None:
    for doc in ("README.md", "docs/format.md", "docs/configuration.md"):
        assert "comment-in-text" in (REPO / doc).read_text(encoding="utf-8"), doc


# -- 22: configuration far above --------------------------------------------------------------


def privacy_off(folder: Path) -> None:
    write(folder, ".learnsum.yaml", "rules:\n  nhs-number: off\n")


def with_nhs_number() -> str:
    return replace(VALID, "The family were known to Early Help.",
                   f"The family were known to Early Help (ref {NHS}).")


def test_discovery_stops_at_the_home_folder(tmp_path: Path) -> None:
    home = tmp_path / "home" / "me"
    privacy_off(tmp_path)  # above home: not the user's own configuration
    write(home / "reviews", "s.yaml", with_nhs_number())
    env = {"HOME": str(home)}
    result = cli("validate", "--today", TODAY, "s.yaml", cwd=home / "reviews", env=env)
    assert "[nhs-number]" in result.stdout, result.stdout
    assert result.stderr == ""
    config = cli("config", cwd=home / "reviews", env=env)
    assert "the defaults apply" in config.stdout


def test_a_configuration_in_the_home_folder_itself_applies(tmp_path: Path) -> None:
    home = tmp_path / "home"
    privacy_off(home)
    write(home / "reviews", "s.yaml", with_nhs_number())
    result = cli("validate", "--today", TODAY, "reviews", cwd=home, env={"HOME": str(home)})
    assert result.stdout.splitlines() == ["1 file checked: no problems"]
    assert result.stderr == ""  # found in the current folder: nothing to say


def test_a_configuration_above_the_current_folder_is_named(tmp_path: Path) -> None:
    # Outside the home folder (a shared /tmp, say) the search goes up, and says what it found.
    env = {"HOME": str(tmp_path / "home")}
    privacy_off(tmp_path / "shared")
    work = tmp_path / "shared" / "work"
    write(work, "a.yaml", with_nhs_number())
    write(work, "b.yaml", with_nhs_number())
    config_file = (tmp_path / "shared" / ".learnsum.yaml").resolve()
    for command in (["validate"], ["render", "-f", "md"], ["report", "-f", "md", "-o", "r.md"]):
        option = "--today" if command[0] == "report" else "--today"
        result = cli(*command, option, TODAY, cwd=work, env=env)
        # Once, however many summaries it applies to.
        assert result.stderr.splitlines().count(
            f"learnsum: using {config_file} (above this folder)") == 1, (command, result.stderr)
    validate = cli("validate", "--today", TODAY, cwd=work, env=env)
    assert "[nhs-number]" not in validate.stdout


def test_a_configuration_inside_the_folder_given_is_not_announced(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "home")}
    project = tmp_path / "project"
    privacy_off(project)
    write(project / "reviews", "s.yaml", with_nhs_number())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli("validate", "--today", TODAY, project, cwd=elsewhere, env=env)
    assert result.stdout.splitlines() == ["1 file checked: no problems"]
    assert result.stderr == ""
    # Named with --config, the user chose it: nothing to say either.
    chosen = cli("validate", "--today", TODAY, "--config", project / ".learnsum.yaml",
                 project / "reviews", cwd=elsewhere, env=env)
    assert chosen.stderr == ""


def test_the_notice_names_the_folder_when_it_is_not_above_the_current_one(
        tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "home")}
    privacy_off(tmp_path / "shared")
    write(tmp_path / "shared" / "work", "s.yaml", with_nhs_number())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli("validate", "--today", TODAY, tmp_path / "shared" / "work" / "s.yaml",
                 cwd=elsewhere, env=env)
    config_file = (tmp_path / "shared" / ".learnsum.yaml").resolve()
    assert result.stderr.startswith(f"learnsum: using {config_file} (above ")
    assert "this folder" not in result.stderr


# -- 23: a bad configuration with -f json / -f github -----------------------------------------


def bad_config(folder: Path) -> None:
    write(folder, ".learnsum.yaml", "rules:\n  no-such-rule: off\nparnership: X\n")


def test_a_bad_configuration_still_prints_one_json_document(tmp_path: Path) -> None:
    bad_config(tmp_path)
    write(tmp_path, "s.yaml", VALID)
    result = cli("validate", "--output-format", "json", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["files"] == 0 and document["errors"] == 2 and document["warnings"] == 0
    assert [(p["path"], p["line"], p["column"], p["severity"], p["rule"])
            for p in document["problems"]] == [
        (".learnsum.yaml", 2, 3, "error", "unknown-key"),
        (".learnsum.yaml", 3, 1, "error", "unknown-key"),
    ]
    assert set(document["problems"][0]) == {"path", "line", "column", "severity", "rule",
                                             "message"}
    assert "the configuration is not valid" in result.stderr


def test_a_bad_configuration_gives_github_annotations(tmp_path: Path) -> None:
    bad_config(tmp_path)
    write(tmp_path, "s.yaml", VALID)
    result = cli("validate", "--output-format", "github", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=.learnsum.yaml,line=2,col=3,"
                               "title=learnsum unknown-key::unknown rule 'no-such-rule'")
    assert lines[1].startswith("::error file=.learnsum.yaml,line=3,col=1,")
    assert lines[2] == "0 files checked: 2 errors, 0 warnings"
    # Text output is unchanged: the problems on standard error, nothing on standard output.
    text = cli("validate", "--today", TODAY, cwd=tmp_path)
    assert text.returncode == 2 and text.stdout == ""

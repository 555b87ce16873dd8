"""`learnsum validate` end to end: output formats, exit codes, folders, colour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from learnsum.problems import Problem, Severity
from learnsum.reporters import format_text
from support import EXAMPLES, TODAY, VALID, cli, cli_process, position_of, replace, write

WARNING_TEXT = replace(VALID, "    due: 2027-01-31\n", "")
ERROR_TEXT = replace(VALID, "case_learning:", "case_learnings:")


def test_clean_file_exits_0_with_a_summary_line(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", VALID)
    result = cli("validate", "ok.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "1 file checked: no problems\n"


def test_problem_lines_are_path_line_col(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", ERROR_TEXT)
    result = cli("validate", "bad.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    line, column = position_of(ERROR_TEXT, "case_learnings")
    first = result.stdout.splitlines()[0]
    assert first.startswith("bad.yaml:1:1: error missing required key 'case_learning'")
    assert (f"bad.yaml:{line}:{column}: error unknown key 'case_learnings' "
            "(did you mean 'case_learning'?)") in result.stdout
    assert result.stdout.rstrip().endswith("1 file checked: 2 errors, 0 warnings")
    assert "\x1b[" not in result.stdout


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    write(tmp_path, "w.yaml", WARNING_TEXT)
    assert cli("validate", "w.yaml", "--today", TODAY, cwd=tmp_path).returncode == 0
    strict = cli("validate", "w.yaml", "--strict", "--today", TODAY, cwd=tmp_path)
    assert strict.returncode == 1
    assert "[action-no-due-date]" in strict.stdout


def test_json_output_shape(tmp_path: Path) -> None:
    write(tmp_path, "w.yaml", WARNING_TEXT)
    result = cli("validate", "w.yaml", "--output-format", "json", "--today", TODAY, cwd=tmp_path)
    document = json.loads(result.stdout)
    assert document["files"] == 1 and document["errors"] == 0 and document["warnings"] == 1
    (problem,) = document["problems"]
    assert set(problem) == {"path", "line", "column", "severity", "rule", "message"}
    assert problem["rule"] == "action-no-due-date" and problem["severity"] == "warning"
    assert (problem["line"], problem["column"]) == position_of(WARNING_TEXT, "owner: Designated")


def test_github_annotations(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", ERROR_TEXT)
    result = cli("validate", "bad.yaml", "--output-format", "github", "--today", TODAY,
                 cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=bad.yaml,line=1,col=1,title=learnsum missing-key::")


def test_keeps_going_after_a_bad_file_and_walks_folders(tmp_path: Path) -> None:
    write(tmp_path, "reviews/a.yaml", VALID)
    write(tmp_path, "reviews/2015/b.yml", ERROR_TEXT)
    write(tmp_path, "reviews/.hidden.yaml", "not: [valid")
    write(tmp_path, "reviews/.drafts/c.yaml", "not: [valid")
    write(tmp_path, "reviews/mkdocs.yml", "site_name: Our reviews\n")
    (tmp_path / "reviews/broken.yaml").write_bytes(b"\x00\x01")
    result = cli("validate", "reviews", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "reviews/2015/b.yml:" in result.stdout
    assert "reviews/broken.yaml:1:1: error" in result.stdout
    assert "hidden" not in result.stdout and "drafts" not in result.stdout
    assert "mkdocs" not in result.stdout
    assert "3 files checked (1 YAML file that is not a summary skipped)" in result.stdout


def test_no_path_checks_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", VALID)
    write(tmp_path, "sub/two.yaml", WARNING_TEXT)
    result = cli("validate", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 0
    assert "sub/two.yaml:" in result.stdout
    assert "2 files checked: 0 errors, 1 warning" in result.stdout


def test_explicit_non_summary_yaml_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "other.yaml", "site_name: x\n")
    result = cli("validate", "other.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "other.yaml:1:1: error not a learnsum summary" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert cli("validate", "--output-format", "xml", cwd=tmp_path).returncode == 2
    assert cli("validate", "--no-such-option", cwd=tmp_path).returncode == 2
    assert cli("validate", "--today", "yesterday", cwd=tmp_path).returncode == 2


def test_privacy_only_runs_only_identifier_rules(tmp_path: Path) -> None:
    text = replace(WARNING_TEXT, "The GP practice escalated promptly.",
                   "The GP practice (tel 01604 123456) escalated promptly.")
    write(tmp_path, "p.yaml", text)
    result = cli("validate", "p.yaml", "--privacy-only", "--today", TODAY, cwd=tmp_path)
    assert "[phone-number]" in result.stdout
    assert "[action-no-due-date]" not in result.stdout
    assert "01604 123456" not in result.stdout
    assert cli("validate", "p.yaml", "--privacy-only", "--strict", "--today", TODAY,
               cwd=tmp_path).returncode == 1


def test_colour_only_on_a_terminal() -> None:
    problem = Problem("a.yaml", 1, 2, Severity.ERROR, "unknown-key", "bad")
    assert format_text(problem) == "a.yaml:1:2: error bad [unknown-key]"
    assert "\x1b[31m" in format_text(problem, colour=True)


def test_bundled_examples_validate_with_only_the_seeds_own_warning() -> None:
    result = cli("validate", EXAMPLES, "--output-format", "json", "--today", TODAY)
    document = json.loads(result.stdout)
    assert document["errors"] == 0
    assert [(Path(p["path"]).name, p["rule"]) for p in document["problems"]] == [
        ("child-o.yaml", "audit-points-elsewhere")
    ]
    assert document["files"] >= 2


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "learnsum"
    if not script.exists():
        return
    write(tmp_path, "ok.yaml", VALID)
    result = subprocess.run([str(script), "validate", "ok.yaml", "--today", TODAY], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0 and "no problems" in result.stdout


def test_a_large_repository_is_checked_in_parallel_with_the_same_report(tmp_path: Path) -> None:
    from learnsum.parallel import PARALLEL_FROM

    count = PARALLEL_FROM + 20
    for number in range(count):
        text = VALID if number != 57 else ERROR_TEXT
        write(tmp_path, f"reviews/s{number:03d}.yaml", text)
    # In a process of its own: the run forks its workers, which the test process must not do
    # (its own threads, and a clock moved by faketime, do not survive a fork reliably).
    result = cli_process("validate", "reviews", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["reviews/s057.yaml"] * 2
    assert lines[-1] == f"{count} files checked: 2 errors, 0 warnings"
    one = cli("validate", "reviews/s057.yaml", "--today", TODAY, cwd=tmp_path)
    assert one.stdout.splitlines()[:-1] == lines[:-1]


def test_a_named_folder_without_summaries_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    result = cli("validate", "dir.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "no summaries found in dir.yaml" in result.stderr


def test_pipes_are_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    result = cli("validate", "fifo.yaml", cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert "fifo.yaml:1:1: error is not a regular file" in result.stdout
    os.mkfifo(tmp_path / "walk.yaml")  # found by walking the folder: reported, never read
    write(tmp_path, "ok.yaml", VALID)
    walked = cli("validate", ".", "--today", TODAY, cwd=tmp_path, timeout=20)
    assert walked.returncode == 1 and "ok.yaml" not in walked.stdout
    assert "walk.yaml:1:1: error is not a regular file" in walked.stdout


def test_a_file_name_with_a_line_break_cannot_forge_a_line(tmp_path: Path) -> None:
    write(tmp_path, "a\n::error file=x.yaml::forged.yaml", "title: x\n")
    result = cli("validate", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "a\\n::error" in result.stdout

"""`learnsum validate` for CI and editors: SARIF, GitLab Code Quality, --quiet, --no-warnings,
and one summary read from standard input (`validate -`)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from learnsum.loader.reading import MAX_FILE_BYTES
from learnsum.rules import REGISTRY
from support import TODAY, VALID, cli, cli_process, position_of, replace, write

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"

#: A summary with an error (a theme typo) and warnings (a titled name, an NHS number, "As above").
PROBLEMS = replace(
    replace(VALID, "themes: [information-sharing]", "themes: [information-sharin]"),
    "    The family were known to Early Help.\n",
    "    The family were known to Early Help. Mr Jones gave NHS number 943 476 5919.\n")
PROBLEMS = replace(PROBLEMS, "audit: |\n  A re-audit of 20 case records in six months will check "
                   "that notifications were shared.\n", "audit: As above\n")

#: The same problems two lines further down.
SHIFTED = replace(PROBLEMS, "title: Child T\n", "# a comment\n# another\ntitle: Child T\n")


def validate(folder: Path, *args: str) -> tuple[int, str, str]:
    result = cli("validate", "--today", TODAY, *args, cwd=folder)
    return result.returncode, result.stdout, result.stderr


def sarif(folder: Path, *paths: str) -> dict[str, object]:
    code, out, err = validate(folder, "--output-format", "sarif", *paths)
    assert code == 1, err
    document: dict[str, object] = json.loads(out)
    return document


def test_sarif_passes_the_official_schema_with_every_rule_and_result(tmp_path: Path) -> None:
    write(tmp_path, "reviews/child-t.yaml", PROBLEMS)
    log = sarif(tmp_path, "reviews")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    with pytest.raises(jsonschema.ValidationError):  # the schema does tell a bad log
        jsonschema.Draft4Validator(schema).validate({**log, "runs": [{"results": []}]})
    assert log["version"] == "2.1.0"
    [run] = log["runs"]  # type: ignore[misc]
    driver = run["tool"]["driver"]
    assert driver["name"] == "learnsum"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules) == list(REGISTRY)
    # Each rule's help is its documentation, as `learnsum rules --explain` prints it.
    explained = cli("rules", "--explain", "nhs-number").stdout.strip()
    assert rules["nhs-number"]["help"]["text"] == explained
    assert rules["nhs-number"]["defaultConfiguration"]["level"] == "warning"
    found = {(r["ruleId"], r["level"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"],
              r["locations"][0]["physicalLocation"]["region"]["startColumn"])
             for r in run["results"]}
    assert (("unknown-theme", "error", *position_of(PROBLEMS, "information-sharin]"))
            in found), found
    assert ("nhs-number", "warning", *position_of(PROBLEMS, "943 476")) in found
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "reviews/child-t.yaml", "uriBaseId": "%SRCROOT%"}
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        # The identifier itself is never in the report.
        assert "5919" not in result["message"]["text"]


def test_sarif_of_a_clean_folder_is_valid_and_empty(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", VALID)
    code, out, _ = validate(tmp_path, "--output-format", "sarif")
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_names_a_file_outside_the_folder_by_its_file_uri(tmp_path: Path) -> None:
    path = write(tmp_path, "a b.yaml", PROBLEMS)
    (tmp_path / "work").mkdir()
    log = sarif(tmp_path / "work", str(path))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}  # type: ignore[index]
    assert uris == {path.as_uri()}
    assert "%20" in path.as_uri()


def gitlab(folder: Path, name: str) -> list[dict[str, object]]:
    code, out, err = validate(folder, "--output-format", "gitlab", name)
    assert code == 1, err
    report: list[dict[str, object]] = json.loads(out)
    return report


def test_gitlab_code_quality_report(tmp_path: Path) -> None:
    write(tmp_path, "child-t.yaml", PROBLEMS)
    report = gitlab(tmp_path, "child-t.yaml")
    by_rule = {issue["check_name"]: issue for issue in report}
    assert set(by_rule) == {"unknown-theme", "titled-name", "nhs-number",
                            "audit-points-elsewhere"}
    assert by_rule["unknown-theme"]["severity"] == "major"
    assert by_rule["nhs-number"]["severity"] == "minor"
    line, column = position_of(PROBLEMS, "943 476")
    assert by_rule["nhs-number"]["location"] == {
        "path": "child-t.yaml", "positions": {"begin": {"line": line, "column": column}}}
    for issue in report:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def line_of(issue: dict[str, object]) -> int:
    line: int = issue["location"]["positions"]["begin"]["line"]  # type: ignore[index]
    return line


def test_fingerprints_stay_when_lines_move_and_differ_between_files(tmp_path: Path) -> None:
    write(tmp_path, "child-t.yaml", PROBLEMS)
    first = gitlab(tmp_path, "child-t.yaml")
    before = {i["check_name"]: i["fingerprint"] for i in first}
    again = {i["check_name"]: i["fingerprint"] for i in gitlab(tmp_path, "child-t.yaml")}
    write(tmp_path, "child-t.yaml", SHIFTED)
    shifted = gitlab(tmp_path, "child-t.yaml")
    assert before == again == {i["check_name"]: i["fingerprint"] for i in shifted}
    assert [line_of(i) + 2 for i in first] == [line_of(i) for i in shifted]
    write(tmp_path, "child-u.yaml", PROBLEMS)
    other = {i["check_name"]: i["fingerprint"] for i in gitlab(tmp_path, "child-u.yaml")}
    assert not set(other.values()) & set(before.values())
    # The same fingerprint in SARIF, where GitHub reads it.
    log = sarif(tmp_path, "child-t.yaml")
    assert {r["ruleId"]: r["partialFingerprints"]["learnsum/v1"]
            for r in log["runs"][0]["results"]} == before  # type: ignore[index]


def test_two_identical_problems_in_a_file_have_two_fingerprints(tmp_path: Path) -> None:
    text = replace(PROBLEMS, "  - The GP practice escalated promptly.\n",
                   "  - The GP practice escalated promptly.\n" + "  - Mr Jones again.\n" * 2)
    write(tmp_path, "a.yaml", text)
    names = [issue["fingerprint"] for issue in gitlab(tmp_path, "a.yaml")
             if issue["check_name"] == "titled-name"]
    assert len(names) == 3 and len(set(names)) == 3


def test_quiet_prints_the_problems_without_the_summary_line(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", PROBLEMS)
    code, out, _ = validate(tmp_path, "a.yaml")
    quiet_code, quiet_out, _ = validate(tmp_path, "--quiet", "a.yaml")
    assert code == quiet_code == 1
    assert out.splitlines()[-1] == "1 file checked: 1 error, 3 warnings"
    assert quiet_out.splitlines() == out.splitlines()[:-1]
    write(tmp_path, "a.yaml", VALID)
    assert validate(tmp_path, "-q", "a.yaml") == (0, "", "")
    _, github, _ = validate(tmp_path, "-q", "--output-format", "github", "a.yaml")
    assert github == ""


def test_no_warnings_reports_errors_only(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", PROBLEMS)
    code, out, _ = validate(tmp_path, "--no-warnings", "a.yaml")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2 and "[unknown-theme]" in lines[0]
    assert lines[1] == "1 file checked: 1 error, 0 warnings"
    write(tmp_path, "a.yaml", replace(PROBLEMS, "information-sharin]", "information-sharing]"))
    assert validate(tmp_path, "--no-warnings", "a.yaml")[:2] == (0, "1 file checked: no problems\n")
    code, _, err = validate(tmp_path, "--no-warnings", "--strict", "a.yaml")
    assert code == 2 and "--strict" in err and "--no-warnings" in err


def test_validate_reads_a_summary_from_a_pipe(tmp_path: Path) -> None:
    write(tmp_path, "reviews/.learnsum.yaml", "rules:\n  nhs-number: error\n")
    result = cli_process("validate", "-", "--stdin-filename", "reviews/child-t.yaml",
                         "--today", TODAY, cwd=tmp_path, input=PROBLEMS)
    assert result.returncode == 1, result.stderr
    line, column = position_of(PROBLEMS, "943 476")
    # Named as the file it comes from, and checked with that file's configuration.
    assert f"reviews/child-t.yaml:{line}:{column}: error '943 *** ****' looks like an NHS " \
        "number" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 file checked: 2 errors, 2 warnings"
    plain = cli_process("validate", "-", "--today", TODAY, "-q", cwd=tmp_path, input=VALID)
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, "", "")
    unnamed = cli_process("validate", "-", "--today", TODAY, "--output-format", "sarif",
                          cwd=tmp_path, input=PROBLEMS)
    log = json.loads(unnamed.stdout)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]} == {"%3Cstdin%3E"}
    assert "<stdin>:" in cli_process("validate", "-", "--today", TODAY, cwd=tmp_path,
                                     input=PROBLEMS).stdout


def test_standard_input_keeps_the_limits_of_a_file(tmp_path: Path) -> None:
    huge = "# " + "x" * MAX_FILE_BYTES + "\n"
    result = cli_process("validate", "-", "--stdin-filename", "big.yaml", cwd=tmp_path,
                         input=VALID + huge)
    assert result.returncode == 1
    assert result.stdout.startswith("big.yaml:1:1: error the input is larger than 2 MB")
    assert "[too-large]" in result.stdout and "Traceback" not in result.stderr
    binary = cli_process("validate", "-", cwd=tmp_path, input="learnsum: 1\n\x00")
    assert binary.returncode == 1 and "[not-text]" in binary.stdout


def test_standard_input_in_process_is_empty_here(tmp_path: Path) -> None:
    # The in-process runner gives an empty standard input: one clear problem, no traceback.
    code, out, err = validate(tmp_path, "-", "--stdin-filename", "a.yaml")
    assert code == 1 and out.startswith("a.yaml:1:1: error ") and "[empty-file]" in out, err


@pytest.mark.parametrize(("args", "message"), [
    (("-", "a.yaml"), "'-' (standard input) is checked on its own"),
    (("a.yaml", "--stdin-filename", "b.yaml"), "--stdin-filename names what is read from"),
])
def test_standard_input_usage_mistakes(tmp_path: Path, args: tuple[str, ...],
                                       message: str) -> None:
    write(tmp_path, "a.yaml", VALID)
    code, out, err = validate(tmp_path, *args)
    assert code == 2 and out == ""
    assert err.startswith("learnsum: " + message)


def test_a_configuration_that_is_not_valid_is_still_a_valid_sarif_log(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", "rulez: {}\n")
    write(tmp_path, "a.yaml", VALID)
    result = cli("validate", "--output-format", "sarif", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    [problem] = log["runs"][0]["results"]
    assert problem["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        ".learnsum.yaml"
    assert "the configuration is not valid" in result.stderr


def test_standard_input_with_the_other_options(tmp_path: Path) -> None:
    write(tmp_path, "reviews/.learnsum.yaml", "rulez: {}\n")
    broken = cli_process("validate", "-", "--stdin-filename", "reviews/a.yaml", cwd=tmp_path,
                         input=VALID)
    assert broken.returncode == 2 and "reviews/.learnsum.yaml:1:1: error" in broken.stderr
    warned = replace(VALID, "    The family were known to Early Help.\n",
                     "    The family were known to Early Help (NHS number 943 476 5919).\n")
    strict = cli_process("validate", "-", "--strict", "--today", TODAY, "--privacy-only",
                         cwd=tmp_path, input=warned)
    assert strict.returncode == 1 and "[nhs-number]" in strict.stdout
    hidden = cli_process("validate", "-", "--no-warnings", "--today", TODAY, cwd=tmp_path,
                         input=warned)
    assert (hidden.returncode, hidden.stdout) == (0, "1 file checked: no problems\n")

"""The pipelines of docs/ci.md are valid YAML, name the right command and files, and their
command does what they rely on."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from support import REPO, TODAY, VALID, cli, replace, write

DOC = REPO / "docs" / "ci.md"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"
BAD = replace(VALID, "themes: [information-sharing]", "themes: [information-sharin]")


def yaml_blocks() -> list[dict[str, object]]:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    return [YAML(typ="safe").load(block) for block in blocks]


def command_of(line: str, tmp_path: Path) -> tuple[list[str], Path]:
    """The learnsum arguments of a `learnsum ... > FILE` line, and the file it writes."""
    words = shlex.split(line)
    assert words[0] == "learnsum" and words[-2] == ">"
    return words[1:-2], tmp_path / words[-1]


def run_documented(line: str, tmp_path: Path) -> tuple[int, Path]:
    args, target = command_of(line, tmp_path)
    write(tmp_path, "reviews/child-t.yaml", BAD)
    result = cli(*args, "--today", TODAY, cwd=tmp_path)
    target.write_text(result.stdout, encoding="utf-8")
    return result.returncode, target


def test_the_github_workflow_uploads_the_sarif_learnsum_writes(tmp_path: Path) -> None:
    [workflow] = [block for block in yaml_blocks() if "jobs" in block]
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    assert set(workflow["on"]) == {"push", "pull_request"}  # type: ignore[arg-type]
    steps = workflow["jobs"]["validate"]["steps"]  # type: ignore[index]
    [check] = [step for step in steps if "learnsum validate" in step.get("run", "")]
    [upload] = [step for step in steps
                if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert steps.index(check) < steps.index(upload)
    assert "always()" in upload["if"] or "cancelled()" in upload["if"]
    code, written = run_documented(check["run"], tmp_path)
    assert code == 1  # the job fails on errors, and the upload still runs
    assert written.name == upload["with"]["sarif_file"]
    log = json.loads(written.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "unknown-theme"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "reviews/child-t.yaml"


def test_the_gitlab_job_reports_code_quality(tmp_path: Path) -> None:
    [pipeline] = [block for block in yaml_blocks() if "learnsum" in block]
    job = pipeline["learnsum"]
    [line] = [line for line in job["script"] if line.startswith("learnsum ")]  # type: ignore[index]
    code, written = run_documented(line, tmp_path)
    assert code == 1
    assert job["artifacts"]["when"] == "always"  # type: ignore[index]
    assert job["artifacts"]["reports"]["codequality"] == written.name  # type: ignore[index]
    [issue] = json.loads(written.read_text(encoding="utf-8"))
    assert issue["check_name"] == "unknown-theme" and issue["severity"] == "major"
    assert issue["location"]["path"] == "reviews/child-t.yaml"


def test_the_annotations_line_names_a_real_format() -> None:
    text = DOC.read_text(encoding="utf-8")
    formats = set(re.findall(r"--output-format (\w+)", text))
    assert formats == {"sarif", "gitlab", "github"}
    help_text = cli("validate", "--help").stdout
    for name in formats:
        assert name in help_text

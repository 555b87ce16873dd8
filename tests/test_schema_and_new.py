"""`learnsum schema` (and its committed copy) and `learnsum new`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from learnsum.catalogue import SECTIONS
from learnsum.commands.schema import SCHEMA_FILE, schema_text
from support import EXAMPLES, REPO, TODAY, cli, write

UPDATE_HINT = "run `learnsum schema -o schema/learnsum-v1.schema.json` and commit it"


def test_committed_schema_is_not_stale() -> None:
    committed = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), f"the committed schema is stale: {UPDATE_HINT}"


def test_schema_command_prints_the_schema() -> None:
    result = cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert {"learnsum", "title", "completed", "review", "case", "case_learning", "audit"} <= set(
        schema["required"])
    assert schema["properties"]["review"]["title"] == SECTIONS[1].label


def test_examples_pass_the_schema_too() -> None:
    schema = json.loads(schema_text())
    yaml = YAML(typ="safe")
    for example in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.load(example)
        # JSON Schema sees YAML dates as the text the author wrote.
        data = json.loads(json.dumps(data, default=str))
        jsonschema.validate(data, schema)


def test_new_writes_every_section_with_prompts_and_schema_line(tmp_path: Path) -> None:
    result = cli("new", "reviews/child-z.yaml", "--type", "cspr", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "reviews/child-z.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    keys = re.findall(r"^([a-z_]+):", text, re.MULTILINE)
    assert [k for k in keys if k in {s.key for s in SECTIONS}] == [s.key for s in SECTIONS]
    flat = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    for section in SECTIONS:
        assert section.label in flat
        if section.prompt:
            assert section.prompt in flat
    assert "slides: generate" in text  # a CSPR needs slides
    again = cli("new", "reviews/child-z.yaml", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (tmp_path / "reviews/child-z.yaml").read_text(encoding="utf-8") == text


def test_new_then_validate_lists_what_to_fill_then_passes(tmp_path: Path) -> None:
    assert cli("new", "s.yaml", "--today", TODAY, cwd=tmp_path).returncode == 0
    path = tmp_path / "s.yaml"
    first = cli("validate", "s.yaml", "--today", TODAY, cwd=tmp_path)
    assert first.returncode == 1
    assert "[insert" in first.stdout  # the dates to fill in come first
    filled = path.read_text(encoding="utf-8")
    replacements = {
        r"'\[insert the pseudonym[^']*\]'": "Child Z",
        r"'\[insert month/year[^']*\]'": "2024-01",
        r"'\[insert date[^']*\]'": "2027-03-31",
        r"'\[insert agency[^']*\]'": "Health",
        r"'\[insert a role[^']*\]'": "Designated Nurse",
        r"\[insert anything else, or delete this section\]": "No further comments.",
        r"'\[insert ([^']*)\]'": r"Filled in, \1",
        r"\[insert ([^\]]*)\]": r"Filled in, \1",
    }
    for pattern, value in replacements.items():
        filled = re.sub(pattern, value, filled)
    path.write_text(filled, encoding="utf-8")
    second = cli("validate", "s.yaml", "--strict", "--today", TODAY, cwd=tmp_path)
    assert second.returncode == 0, second.stdout


def test_new_refuses_unknown_type_and_non_yaml_names(tmp_path: Path) -> None:
    bad_type = cli("new", "s.yaml", "--type", "csrp", cwd=tmp_path)
    assert bad_type.returncode == 2 and "did you mean 'cspr'?" in bad_type.stderr
    assert cli("new", "s.docx", cwd=tmp_path).returncode == 2
    assert not (tmp_path / "s.yaml").exists()


def test_new_uses_the_partnerships_wording(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml",
          "partnership: Testshire\nsections:\n  audit:\n    label: How will we know it worked?\n")
    assert cli("new", "s.yaml", cwd=tmp_path).returncode == 0
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert "# How will we know it worked?" in text
    assert "partnership: 'Testshire'" in text


def test_schema_output_errors_are_one_line(tmp_path: Path) -> None:
    for target in ("summary.yaml", "."):
        result = cli("schema", "-o", target, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.startswith("learnsum schema: ") and result.stderr.count("\n") == 1


def test_new_quotes_a_path_with_spaces_in_the_command_it_suggests(tmp_path: Path) -> None:
    result = cli("new", "Child Q.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("wrote Child Q.yml: fill in every [insert ...], then run "
            "`learnsum validate 'Child Q.yml'`\n") in result.stderr
    plain = cli("new", "reviews/child-z.yaml", cwd=tmp_path)
    assert "run `learnsum validate reviews/child-z.yaml`\n" in plain.stderr


def test_new_quotes_the_schema_command_it_suggests(tmp_path: Path) -> None:
    # A file where the schema's folder would be: the schema cannot be written.
    write(tmp_path, "my reviews/.git/HEAD", "")
    write(tmp_path, "my reviews/schema", "not a folder")
    result = cli("new", "my reviews/s.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "run `learnsum schema -o 'my reviews/schema/learnsum-v1.schema.json'`\n" \
        in result.stderr

"""The JSON Schema as editors use it: checked with jsonschema against the examples and the
mistakes authors make, and (when yaml-language-server is installed) with the editor's own YAML
language server, through the `$schema=` line `learnsum new` writes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from ruamel.yaml import YAML

from learnsum.commands.schema import schema_text
from learnsum.config import load_config
from learnsum.dates import parse_date
from learnsum.editor_schema import DATE_PATTERN, MONTH_PATTERN
from support import EXAMPLES, VALID, cli, replace, write

#: The mistakes the schema must catch as they are typed, each with what it says.
MISTAKES = {
    "theme typo": ("themes: [information-sharing]", "themes: [information-sharing, hidden_men]"),
    "slides": ("slides: not-applicable", "slides: generated"),
    "incident": ("incident: 2023-06", "incident: sometime last year"),
    "impossible date": ("completed: 2024-03-01", "completed: 31/02/2024"),
    "review type": ("type: learning-review", "type: learning-reveiw"),
    "action status": ("    status: open", "    status: finished"),
}


def _data(text: str) -> Any:
    # JSON Schema sees YAML dates as the text the author wrote.
    return json.loads(json.dumps(YAML(typ="safe").load(text), default=str))


def _schema(config: Path | None = None) -> dict[str, Any]:
    return json.loads(schema_text(load_config(config) if config else None))  # type: ignore[no-any-return]


def test_the_examples_and_a_valid_summary_pass() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    for example in sorted(EXAMPLES.glob("*.yaml")):
        assert not list(validator.iter_errors(_data(example.read_text(encoding="utf-8")))), example
    assert not list(validator.iter_errors(_data(VALID)))


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_flagged(mistake: str) -> None:
    old, new = MISTAKES[mistake]
    validator = jsonschema.Draft202012Validator(_schema())
    errors = list(validator.iter_errors(_data(replace(VALID, old, new))))
    assert errors, f"the schema lets {new!r} through"


def test_vocabularies_carry_names_and_the_form_words_keys() -> None:
    schema = _schema()
    themes = schema["properties"]["themes"]["items"]
    assert themes["enum"][0] == "information-sharing"
    assert themes["markdownEnumDescriptions"][0] == "**Information sharing**"
    review_type = schema["$defs"]["Review"]["properties"]["type"]
    assert "**Serious Case Review**: England, before 2019" in \
        review_type["markdownEnumDescriptions"][0]
    properties = schema["properties"]
    assert properties["case_learning"]["title"] == \
        "What you learnt about the case: key themes/early learning"
    assert properties["case_learning"]["description"].startswith("(Specific issues")
    assert properties["reference"]["description"] and properties["partnership"]["description"]
    text = json.dumps(schema)
    assert "format version 1\"" not in text and "learnsum learning summary" not in text
    # No title made up from a Python name ("Case Learning"), none said twice in anyOf branches.
    assert "Case Learning" not in text and "\"title\": \"Completed\"" not in text
    for name in ("completed", "status", "slides"):
        branches = properties[name].get("anyOf", [])
        assert not any("title" in branch or "description" in branch for branch in branches)


def test_schema_with_config_has_the_repositorys_vocabularies(tmp_path: Path) -> None:
    config = write(tmp_path, ".learnsum.yaml",
                   "themes:\n  county-lines: County lines\nagencies: [Health, Testshire Police]\n"
                   "sections:\n  audit:\n    label: How will we know?\n")
    result = cli("schema", "--config", str(config))
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    themes = schema["properties"]["themes"]["items"]
    assert "county-lines" in themes["enum"] and "hidden-men" in themes["enum"]
    assert "**County lines**" in themes["markdownEnumDescriptions"]
    agency = schema["$defs"]["AgencyLearning"]["properties"]["agency"]
    assert agency["examples"] == ["Health", "Testshire Police"]
    assert schema["properties"]["audit"]["title"] == "How will we know?"
    own = replace(VALID, "themes: [information-sharing]", "themes: [county-lines]")
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(_data(own)))


def test_date_pattern_reads_what_learnsum_reads() -> None:
    day = dt.date(2023, 1, 1)
    while day.year == 2023:
        for form in (day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%d.%m.%y"),
                     day.strftime("%-d %B %Y"), day.strftime("%d %b %Y"),
                     day.strftime("%A, %-dth of %B %Y"), day.strftime("%a %-d %B %Y"),
                     day.strftime("%a. %-d %b %Y")):
            assert parse_date(form) == day
            assert re.match(DATE_PATTERN, form), form
            assert re.match(MONTH_PATTERN, form), form
        day += dt.timedelta(days=1)
    for impossible in ("31/02/2024", "30/02/2023", "31/04/2024", "2024-02-30", "31 June 2024",
                       "32/01/2024", "2024-13-01"):
        assert not re.match(DATE_PATTERN, impossible), impossible
    for month in ("2014-12", "December 2014", "Dec. 2014", "12/2014", "sept 2014"):
        assert re.match(MONTH_PATTERN, month), month
    for not_a_month in ("sometime last year", "2014-13", "Winter 2014"):
        assert not re.match(MONTH_PATTERN, not_a_month), not_a_month


def test_new_in_a_fresh_repository_writes_the_schema_its_modeline_names(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".learnsum.yaml", "themes:\n  county-lines: County lines\n")
    result = cli("new", "reviews/child-z.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = (tmp_path / "reviews/child-z.yaml").read_text(encoding="utf-8").splitlines()[0]
    reference = first.split("$schema=")[1]
    schema_path = (tmp_path / "reviews" / reference).resolve()
    assert schema_path == tmp_path / "schema" / "learnsum-v1.schema.json"
    assert "wrote schema/learnsum-v1.schema.json" in result.stderr
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert "county-lines" in schema["properties"]["themes"]["items"]["enum"]
    # A second summary leaves the schema as it is.
    schema_path.write_text("{}", encoding="utf-8")
    assert cli("new", "reviews/child-y.yaml", cwd=tmp_path).returncode == 0
    assert schema_path.read_text(encoding="utf-8") == "{}"


def test_new_says_the_command_when_the_schema_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "schema").write_text("a file where the folder would be", encoding="utf-8")
    result = cli("new", "child-z.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert "run `learnsum schema -o schema/learnsum-v1.schema.json`" in result.stderr


# -- yaml-language-server ----------------------------------------------------------------------

YAML_LS = shutil.which("yaml-language-server")
needs_yaml_ls = pytest.mark.skipif(
    YAML_LS is None, reason="yaml-language-server is not installed (npm install -g "
    "yaml-language-server; npm is not reachable in CI, so this runs where it is installed)")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[YAML_LS or "yaml-language-server",
                                                              "--stdio"]))
async def yaml_ls(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    lsp_client.set_configuration({"validate": True, "hover": True, "completion": True,
                                  "schemaStore": {"enable": False}}, section="yaml")

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    @lsp_client.feature(types.TELEMETRY_EVENT)
    def telemetry(params: object) -> None:
        return None
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=path.as_uri(), language_id="yaml", version=1,
        text=path.read_text(encoding="utf-8"))))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[path.as_uri()]


@needs_yaml_ls
@pytest.mark.asyncio(loop_scope="function")
async def test_yaml_language_server_uses_the_schema_new_points_at(
        yaml_ls: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert cli("new", "reviews/start.yaml", cwd=tmp_path).returncode == 0
    modeline = (tmp_path / "reviews/start.yaml").read_text(encoding="utf-8").splitlines()[0]
    text = modeline + "\n" + VALID
    for old, new in MISTAKES.values():
        text = replace(text, old, new)
    path = write(tmp_path, "reviews/child-t.yaml", text)
    found = await _open(yaml_ls, path)
    lines = text.splitlines()
    flagged = {lines[d.range.start.line].strip() for d in found}
    assert "Unable to load schema" not in " ".join(d.message for d in found)
    for _, new in MISTAKES.values():
        assert any(new.strip().split(": ")[1] in line for line in flagged), (new, found)

    themes_line = next(i for i, line in enumerate(lines) if line.startswith("themes:"))
    completion = await yaml_ls.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(path.as_uri()),
        types.Position(themes_line, len("themes: [information-sharing, "))))
    assert completion is not None
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    labels = {item.label for item in items}
    assert {"hidden-men", "voice-of-the-child"} <= labels
    assert not any("format version 1" in label for label in labels)

    status_line = next(i for i, line in enumerate(lines) if line.startswith("completed:"))
    hover = await yaml_ls.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(path.as_uri()), types.Position(status_line, 2)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.count("Date Learning Summary completed") == 1
    assert "||" not in hover.contents.value


def test_schema_with_a_broken_config_says_where(tmp_path: Path) -> None:
    config = write(tmp_path, ".learnsum.yaml", "themes: [not, a, mapping]\n")
    result = cli("schema", "--config", str(config))
    assert result.returncode == 2 and result.stdout == ""
    assert ".learnsum.yaml:1:9:" in result.stderr

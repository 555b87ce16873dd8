"""`learnsum lsp` end to end: a language client (pytest-lsp) talks to the server over stdio."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from learnsum.validate import check_file
from support import VALID, replace, write

pytestmark = pytest.mark.asyncio(loop_scope="function")

#: VALID with the three problems an author makes most: a misspelt theme, an NHS number and an
#: audit section that says only "As above".
FLAWED = replace(replace(replace(replace(
    VALID,
    "themes: [information-sharing]\n", "themes: [information-sharing, hidden_men]\n"),
    "Child T, aged two, was", "Child T, aged two (NHS 943 476 5919), was"),
    "audit: |\n  A re-audit of 20 case records in six months will check that notifications were "
    "shared.\n", "audit: As above.\n"),
    # The server checks against today's date: an action due long after any test run.
    "due: 2027-01-31", "due: 2099-01-31")


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "learnsum", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    registered: list[types.Registration] = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.extend(params.registrations)

    lsp_client.registered = registered  # type: ignore[attr-defined]
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def repository(tmp_path: Path, text: str = FLAWED, config: str | None = None) -> Path:
    (tmp_path / ".git").mkdir()
    if config is not None:
        write(tmp_path, ".learnsum.yaml", config)
    return write(tmp_path, "child-t.yaml", text)


async def opened(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="yaml", version=1, text=path.read_text(encoding="utf-8"))))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def changed(client: LanguageClient, path: Path, text: str, version: int = 2
                  ) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def at(diagnostic: types.Diagnostic) -> tuple[int, int, str]:
    return diagnostic.range.start.line + 1, diagnostic.range.start.character + 1, \
        str(diagnostic.code)


async def test_every_problem_of_validate_at_its_place(client: LanguageClient,
                                                      tmp_path: Path) -> None:
    path = repository(tmp_path)
    found = await opened(client, path)
    expected = check_file(path).problems
    assert sorted(map(at, found)) == sorted((p.line, p.column, p.rule) for p in expected)
    by_rule = {str(d.code): d for d in found}
    assert set(by_rule) == {"unknown-theme", "nhs-number", "audit-points-elsewhere"}
    lines = FLAWED.splitlines()
    theme = by_rule["unknown-theme"]
    assert lines[theme.range.start.line][theme.range.start.character:
                                         theme.range.end.character] == "hidden_men"
    assert "did you mean 'hidden-men'?" in theme.message
    assert theme.severity == types.DiagnosticSeverity.Error and theme.source == "learnsum"
    nhs = by_rule["nhs-number"]
    assert lines[nhs.range.start.line][nhs.range.start.character:
                                       nhs.range.end.character] == "943 476 5919"
    assert nhs.severity == types.DiagnosticSeverity.Warning
    assert by_rule["audit-points-elsewhere"].range.start.line == lines.index("audit: As above.")


async def test_completion_offers_themes_keys_and_agencies(client: LanguageClient,
                                                          tmp_path: Path) -> None:
    config = ("themes:\n  county-lines: County lines\n"
              "agencies:\n  - Health\n  - Testshire Police\n")
    path = repository(tmp_path, FLAWED, config)
    await opened(client, path)
    uri = path.as_uri()
    line = FLAWED.splitlines().index("themes: [information-sharing, hidden_men]")

    async def labels(line: int, character: int) -> dict[str, types.CompletionItem]:
        result = await client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(line, character)))
        assert isinstance(result, types.CompletionList)
        return {item.label: item for item in result.items}

    themes = await labels(line, len("themes: [information-sharing, hid"))
    assert {"hidden-men", "voice-of-the-child", "county-lines"} <= set(themes)
    assert themes["county-lines"].detail == "County lines"
    agency_line = FLAWED.splitlines().index("  - agency: Police")
    agencies = await labels(agency_line, len("  - agency: "))
    assert set(agencies) == {"Health", "Testshire Police"}


async def test_code_actions_fix_the_typo_and_switch_a_rule_off(client: LanguageClient,
                                                               tmp_path: Path) -> None:
    path = repository(tmp_path)
    found = await opened(client, path)
    uri = path.as_uri()
    text = FLAWED
    for rule, title in (("unknown-theme", "Change to 'hidden-men'"),
                        ("nhs-number", "Switch nhs-number off here")):
        diagnostic = next(d for d in found if d.code == rule)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), diagnostic.range,
            types.CodeActionContext([diagnostic])))
        assert actions is not None
        action = next(a for a in actions if isinstance(a, types.CodeAction)
                      and a.title.startswith(title))
        assert action.edit is not None and action.edit.changes is not None
        text = apply(text, action.edit.changes[uri])
        found = await changed(client, path, text, version=3 if rule == "nhs-number" else 2)
        assert rule not in {d.code for d in found}
    assert "themes: [information-sharing, hidden-men]" in text
    assert "# learnsum: disable-line nhs-number" in text
    path.write_text(text, encoding="utf-8")
    assert [p.rule for p in check_file(path).problems] == ["audit-points-elsewhere"]


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        before = "\n".join(lines[:start.line] + [lines[start.line][:start.character]])
        after = "\n".join([lines[end.line][end.character:]] + lines[end.line + 1:])
        lines = (before + edit.new_text + after).split("\n")
    return "\n".join(lines)


async def test_a_broken_file_gives_one_diagnostic_and_half_typed_files_no_crash(
        client: LanguageClient, tmp_path: Path) -> None:
    path = repository(tmp_path)
    await opened(client, path)
    broken = await changed(client, path, FLAWED.replace("title: Child T", "title: [Child T"))
    assert len(broken) == 1 and broken[0].code == "yaml-syntax"
    for version, partial in enumerate(["", "learnsum: 1\nrev", "learnsum: 1\nreview:\n  ty",
                                       "- a\n- : b\n", "learnsum: 1\n\tx: y"], start=3):
        await changed(client, path, partial, version)
        result = await client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            types.Position(partial.count("\n"), len(partial.split("\n")[-1]))))
        assert result is not None
    typed = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(path.as_uri()), types.Position(2, 4)))
    assert isinstance(typed, types.CompletionList)
    assert client.error is None


async def test_hover_on_a_key_and_a_theme(client: LanguageClient, tmp_path: Path) -> None:
    path = repository(tmp_path)
    await opened(client, path)
    lines = FLAWED.splitlines()

    async def hover(line: int, character: int) -> str:
        result = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(path.as_uri()), types.Position(line, character)))
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        return result.contents.value

    section = await hover(lines.index("case_learning:"), 3)
    assert "What you learnt about the case" in section and "(Specific issues" in section
    theme = await hover(lines.index("themes: [information-sharing, hidden_men]"), 12)
    assert "Information sharing" in theme


async def test_a_changed_configuration_is_used_at_once(client: LanguageClient,
                                                       tmp_path: Path) -> None:
    path = repository(tmp_path, FLAWED, "themes:\n  other-theme: Other\n")
    found = await opened(client, path)
    watched = [r for r in client.registered  # type: ignore[attr-defined]
               if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert "learnsum.{yaml,yml}" in str(watched[0].register_options)
    assert "unknown-theme" in {d.code for d in found}
    config = write(tmp_path, ".learnsum.yaml", "themes:\n  hidden_men: Men in the household\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "unknown-theme" not in {d.code for d in client.diagnostics[path.as_uri()]}
    write(tmp_path, ".learnsum.yaml", "themes: [not, a, mapping]\n")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        types.TextDocumentIdentifier(config.as_uri())))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    broken = client.diagnostics[path.as_uri()]
    assert len(broken) == 1 and "is not valid, so this file is not checked" in broken[0].message


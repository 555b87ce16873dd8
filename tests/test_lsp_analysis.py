"""What `learnsum lsp` answers, checked in-process on the text an editor holds: completion in
each place of the form, hover, quick fixes, positions in the client's units, and a broken file
or configuration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from learnsum.config import DEFAULT_CONFIG, load_config
from learnsum.lsp import analysis
from learnsum.lsp.analysis import (
    Configs,
    Encoding,
    code_actions,
    completion,
    diagnostics,
    hover,
    place_at,
    split_lines,
)
from learnsum.validate import check_text
from support import TODAY, VALID, replace, write

DAY = dt.date.fromisoformat(TODAY)


def labels(text: str, line: int, column: int, config: object = DEFAULT_CONFIG) -> list[str]:
    return [item.label for item in completion(text, line, column, config)]  # type: ignore[arg-type]


def cursor(text: str, marker: str = "|") -> tuple[str, int, int]:
    """The text without the marker, and the marker's (line, column)."""
    before = text[:text.index(marker)]
    return text.replace(marker, "", 1), before.count("\n"), len(before.split("\n")[-1])


@pytest.mark.parametrize(("text", "expected"), [
    ("learnsum: 1\nreview:\n  type: |\n", {"scr", "cspr", "case-mapping", "other"}),
    ("learnsum: 1\nstatus: |\n", {"draft", "final", "published"}),
    ("actions:\n  - owner: x\n    status: |\n", {"open", "in-progress", "done", "dropped"}),
    ("case_learning:\n  - text: x\n    kind: |\n", {"concern", "good-practice", "issue"}),
    ("slides: |\n", {"not-applicable", "generate"}),
    ("learnsum: |\n", {"1"}),
    ("themes:\n  - early-help\n  - |\n", {"hidden-men", "neglect"}),
    ("case_learning:\n  - text: x\n    themes: [neglect, |]\n", {"hidden-men", "neglect"}),
])
def test_values_of_each_vocabulary_in_place(text: str, expected: set[str]) -> None:
    source, line, column = cursor(text)
    assert expected <= set(labels(source, line, column))


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("learnsum: 1\ntitle: x\n|\n", {"status", "review", "case_learning", "audit"}, {"title"}),
    ("review:\n  type: scr\n  |\n", {"purpose", "label"}, {"type", "title"}),
    ("case:\n  pr|\n", {"incident", "precis"}, set()),
    ("case_learning:\n  - text: x\n    |\n", {"kind", "themes"}, {"owner"}),
    ("single_agency:\n  - |\n", {"agency", "points"}, set()),
    ("actions:\n  - owner: x\n    |\n", {"action", "due", "status", "evidence"}, set()),
    ("updates:\n- date: 2024-01-01\n  |\n", {"from", "text"}, set()),
    ("single_agency:\n  - agency: Health\n    points:\n      - text: x\n        |\n",
     {"kind", "themes"}, set()),
])
def test_keys_in_place(text: str, expected: set[str], absent: set[str]) -> None:
    source, line, column = cursor(text)
    offered = set(labels(source, line, column))
    assert expected <= offered and not (absent & offered)


def test_keys_carry_the_forms_label_and_prompt_as_the_repository_words_them(
        tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ".learnsum.yaml",
                               "sections:\n  audit:\n    label: How will we know?\n"))
    items = {item.label: item for item in completion("learnsum: 1\n", 1, 0, config)}
    assert items["audit"].detail == "How will we know?"
    learning = items["case_learning"]
    assert learning.detail == "What you learnt about the case: key themes/early learning"
    assert isinstance(learning.documentation, types.MarkupContent)
    assert learning.documentation.value.startswith("(Specific issues")
    assert items["review"].text_edit is not None and items["review"].text_edit.new_text == "review:"
    assert items["title"].text_edit.new_text == "title: "  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [
    "precis: |\n  some |text\n", "title: a # a comm|ent\n", "title: 'Child |\n",
    "  - a b |\n", "title: x y|\n",
])
def test_no_completion_inside_text(text: str) -> None:
    source, line, column = cursor(text)
    assert labels(source, line, column) == []
    assert place_at(split_lines(source), 99, 0) is None


def test_hover_on_keys_values_and_elsewhere() -> None:
    lines = VALID.splitlines()

    def shown(line_text: str, column: int) -> str | None:
        result = hover(VALID, lines.index(line_text), column, DEFAULT_CONFIG)
        if result is None:
            return None
        assert isinstance(result.contents, types.MarkupContent)
        return result.contents.value

    assert shown("  type: learning-review", 12) == \
        "**Learning Review**\n\nbelow the statutory threshold, or Scotland"
    assert shown("  type: learning-review", 3) == "**Type of review**"
    assert shown("audit: |", 1) == ("**How will you audit the impact? i.e. how will you know "
                                    "anything has changed?**")
    assert shown("    kind: concern", 5) == "**Kind of learning**"
    assert shown("title: Child T", 9) is None  # free text
    assert shown("    Child T, aged two, was admitted to hospital with an unexplained injury.",
                 8) is None
    assert hover(VALID, 999, 0, DEFAULT_CONFIG) is None
    assert hover("a:  \n", 0, 4, DEFAULT_CONFIG) is None
    assert hover("nothing: here\n", 0, 2, DEFAULT_CONFIG) is None


def test_positions_in_the_clients_units() -> None:
    line = "title: 👶 Child"
    for name, units in (("utf-16", 10), ("utf-8", 12), ("utf-32", 9)):
        encoding = Encoding(name)
        assert encoding.to_client(line, 9) == units
        assert encoding.from_client(line, units) == 9
        assert encoding.from_client(line, 999) == len(line)
    text = replace(VALID, "title: Child T", "title: 👶 Child T, 943 476 5919")
    found = diagnostics(text, None, Configs(), Encoding("utf-16"), today=DAY)
    nhs = next(d for d in found if d.code == "nhs-number")
    assert nhs.range.start.character == len("title: 👶 Child T, ") + 1  # the baby is 2 units
    assert nhs.range.end.character - nhs.range.start.character == len("943 476 5919")


def test_quick_fixes_in_multi_line_text_and_beside_other_directives() -> None:
    text = replace(VALID, "  A re-audit of 20 case records",
                   "  A re-audit of 20 (NHS 943 476 5919) case records")
    text = replace(text, "slides: not-applicable",
                   "slides: generated  # learnsum: disable-line unknown-theme")
    found = diagnostics(text, None, Configs(), today=DAY)
    by_rule = {str(d.code): d for d in found}
    actions = code_actions(text, "file:///s.yaml", [by_rule["nhs-number"]])
    [disable] = [a for a in actions if "disable-line" in a.title]
    edit = disable.edit.changes["file:///s.yaml"][0]  # type: ignore[union-attr,index]
    assert edit.new_text == "# learnsum: disable-line nhs-number\n"
    assert edit.range.start.line == text.splitlines().index("audit: |")
    fixed = _apply(text, edit)
    assert "nhs-number" not in {p.rule for p in check_text(fixed, today=DAY).problems}
    # A line that already has a directive gets the rule added to it.
    slides = by_rule["invalid-value"] if "invalid-value" in by_rule else next(
        d for d in found if d.range.start.line == text.splitlines().index(
            "slides: generated  # learnsum: disable-line unknown-theme"))
    [add] = [a for a in code_actions(text, "u", [slides]) if "disable-line" in a.title]
    added = _apply(text, add.edit.changes["u"][0])  # type: ignore[union-attr,index]
    assert f"# learnsum: disable-line unknown-theme, {slides.code}" in added
    # Diagnostics of other servers, and internal errors, get no learnsum action.
    other = types.Diagnostic(by_rule["nhs-number"].range, "x", code="E1", source="yamllint")
    assert code_actions(text, "u", [other]) == []


def _apply(text: str, edit: types.TextEdit) -> str:
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    before = "\n".join([*lines[:start.line], lines[start.line][:start.character]])
    after = "\n".join([lines[end.line][end.character:], *lines[end.line + 1:]])
    return before + edit.new_text + after


def test_a_did_you_mean_is_applied_only_to_the_text_it_names() -> None:
    text = replace(VALID, "status: draft", "status: drafted")
    found = diagnostics(text, None, Configs(), today=DAY)
    status = next(d for d in found if d.code == "unknown-value")
    titles = [a.title for a in code_actions(text, "u", [status])]
    assert titles[0] == "Change to 'draft'"
    moved = types.Diagnostic(types.Range(types.Position(0, 0), types.Position(0, 3)),
                             status.message, code=status.code, source="learnsum")
    assert not any(t.startswith("Change") for t in (a.title for a in code_actions(text, "u",
                                                                                   [moved])))


def test_a_broken_file_and_a_bug_each_give_one_diagnostic(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    [broken] = diagnostics("learnsum: 1\ntitle: [x\n", None, Configs())
    assert broken.code == "yaml-syntax" and broken.severity == types.DiagnosticSeverity.Error

    def fails(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(analysis, "check_document", fails)
    [bug] = diagnostics(VALID, None, Configs())
    assert bug.code == "internal-error" and "RuntimeError: boom" in bug.message
    assert code_actions(VALID, "u", [bug]) == []


def test_configuration_found_from_the_file_broken_and_open(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = write(tmp_path, ".learnsum.yaml", "themes:\n  county-lines: County lines\n")
    summary = tmp_path / "reviews" / "s.yaml"
    summary.parent.mkdir()
    text = replace(VALID, "themes: [information-sharing]", "themes: [county-lines]")
    configs = Configs()
    assert diagnostics(text, summary, configs, today=DAY) == []
    config.write_text("themes: [a, list]\n", encoding="utf-8")
    [stopped] = diagnostics(text, summary, configs, today=DAY)
    assert "is not valid, so this file is not checked: 1:9:" in stopped.message
    [in_config] = diagnostics(config.read_text(encoding="utf-8"), config, configs)
    assert in_config.range.start.line == 0 and in_config.range.start.character == 8
    config.write_text("themes:\n  a: A\n", encoding="utf-8")
    assert diagnostics("themes:\n  a: A\n", config, configs) == []
    assert configs.for_file(Path("/no-such-folder/x.yaml"))[0] is DEFAULT_CONFIG
    assert configs.for_file(None) == (DEFAULT_CONFIG, None, None)


def test_the_server_wires_each_request_to_its_answer(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's handlers, called in-process as pygls calls them (the end-to-end tests in
    test_lsp.py run them in a subprocess)."""
    from learnsum.lsp.server import make_server

    server = make_server()
    published: list[types.PublishDiagnosticsParams] = []
    registered: list[types.RegistrationParams] = []
    monkeypatch.setattr(server, "text_document_publish_diagnostics", published.append)
    monkeypatch.setattr(server, "client_register_capability", registered.append)
    capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)))
    initialize = server.protocol.lsp_initialize(types.InitializeParams(capabilities=capabilities))
    for _ in initialize:  # a generator in pygls 2 (it may wait for the client between steps)
        pass
    features = server.protocol.fm.features
    features[types.INITIALIZED](types.InitializedParams())
    assert registered[0].registrations[0].method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES

    (tmp_path / ".git").mkdir()
    path = write(tmp_path, "s.yaml", replace(VALID, "status: draft", "status: drafted"))
    config = write(tmp_path, ".learnsum.yaml", "partnership: Testshire\n")
    uri = path.as_uri()
    document = types.TextDocumentIdentifier(uri)
    opened = types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri, "yaml", 1, path.read_text(encoding="utf-8")))
    for handler, arguments, _ in server.protocol.lsp_text_document__did_open(opened):
        handler(*arguments)  # the workspace takes the text, then learnsum's handler runs
    assert [d.code for d in published[-1].diagnostics] == ["unknown-value"]
    features[types.TEXT_DOCUMENT_DID_CHANGE](types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version=2, uri=uri), []))
    features[types.TEXT_DOCUMENT_DID_SAVE](types.DidSaveTextDocumentParams(document))
    features[types.TEXT_DOCUMENT_DID_SAVE](types.DidSaveTextDocumentParams(
        types.TextDocumentIdentifier(config.as_uri())))
    features[types.WORKSPACE_DID_CHANGE_WATCHED_FILES](types.DidChangeWatchedFilesParams(
        [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
    assert len(published) == 5 and all(p.uri == uri for p in published)

    status_line = VALID.splitlines().index("status: draft")
    items = features[types.TEXT_DOCUMENT_COMPLETION](types.CompletionParams(
        document, types.Position(status_line, len("status: "))))
    assert "draft" in {item.label for item in items.items}
    shown = features[types.TEXT_DOCUMENT_HOVER](types.HoverParams(
        document, types.Position(status_line, 1)))
    assert shown is not None
    status = published[-1].diagnostics[0]
    actions = features[types.TEXT_DOCUMENT_CODE_ACTION](types.CodeActionParams(
        document, status.range, types.CodeActionContext([status])))
    assert actions[0].title == "Change to 'draft'"
    features[types.TEXT_DOCUMENT_DID_CLOSE](types.DidCloseTextDocumentParams(document))
    assert published[-1].diagnostics == []
    assert server.path_of("untitled:Untitled-1") is None


def test_other_commands_never_load_the_language_server(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = write(tmp_path, "s.yaml", VALID)
    code = ("import sys\nfrom learnsum.entry import main\n"
            f"sys.argv = ['learnsum', 'validate', {str(path)!r}, '--today', {TODAY!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pygls', 'lsprotocol'}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


_FRAGMENTS = ["learnsum: 1", "review:", "  type: ", "  - ", "- text: ", "themes: [", "hidden_",
              "    kind: ", "  precis: |", "    text", "#", " # learnsum: disable-line ", "'",
              '"', ":", "- ", "\t", "[", "]", "{", "}", "&a", "*a", "actions:", "  - owner: x",
              "    status: ", "943 476 5919", "As above", "👶", "\r"]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12), st.data())
@settings(max_examples=150, deadline=None)
def test_half_typed_text_never_breaks_an_answer(parts: list[str], data: st.DataObject) -> None:
    text = "\n".join(parts)
    lines = split_lines(text)
    line = data.draw(st.integers(0, len(lines)))
    column = data.draw(st.integers(0, len(lines[line]) + 2 if line < len(lines) else 3))
    completion(text, line, column, DEFAULT_CONFIG)
    hover(text, line, column, DEFAULT_CONFIG)
    found = diagnostics(text, None, Configs(), today=DAY)
    assert all(d.code != "internal-error" for d in found), found
    code_actions(text, "u", found)

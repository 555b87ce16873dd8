"""The language server: `analysis` over the Language Server Protocol, on standard input and
output, with pygls.

Diagnostics are published when a file is opened, changed or saved, and again for every open
file when a `.learnsum.yaml` changes (saved in the editor, or seen by the editor's file watcher).
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from .analysis import (
    Configs,
    Encoding,
    code_actions,
    completion,
    diagnostics,
    hover,
    is_config_file,
    split_lines,
)

#: What a client's file watcher is asked to report (clients that can be asked).
CONFIG_GLOB = "**/.learnsum.{yaml,yml}"


class LearnsumServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("learnsum", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.configs = Configs()

    @property
    def encoding(self) -> Encoding:
        chosen = self.server_capabilities.position_encoding
        return Encoding(str(getattr(chosen, "value", chosen) or "utf-16"))

    def path_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else None

    def text_of(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def publish(self, uri: str) -> None:
        found = diagnostics(self.text_of(uri), self.path_of(uri), self.configs, self.encoding)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, found))

    def publish_all(self) -> None:
        self.configs.forget()
        for uri in list(self.workspace.text_documents):
            self.publish(uri)


def make_server() -> LearnsumServer:
    server = LearnsumServer()

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: LearnsumServer, params: lsp.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched is not None and watched.dynamic_registration:
            ls.client_register_capability(lsp.RegistrationParams([lsp.Registration(
                "learnsum-config", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                lsp.DidChangeWatchedFilesRegistrationOptions(
                    [lsp.FileSystemWatcher(glob_pattern=CONFIG_GLOB)]),
            )]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LearnsumServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LearnsumServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LearnsumServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if is_config_file(ls.path_of(params.text_document.uri)):
            ls.publish_all()
        else:
            ls.publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LearnsumServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(params.text_document.uri, []))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: LearnsumServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(is_config_file(ls.path_of(change.uri)) for change in params.changes):
            ls.publish_all()

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=[":", " ", "[", ",", "-"]))
    def complete(ls: LearnsumServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        text = ls.text_of(uri)
        line, column = ls.encoding.cursor(split_lines(text), params.position)
        config, _, _ = ls.configs.for_file(ls.path_of(uri))
        items = completion(text, line, column, config, ls.encoding)
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: LearnsumServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        text = ls.text_of(uri)
        line, column = ls.encoding.cursor(split_lines(text), params.position)
        config, _, _ = ls.configs.for_file(ls.path_of(uri))
        return hover(text, line, column, config, ls.encoding)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def actions(ls: LearnsumServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        return code_actions(ls.text_of(uri), uri, params.context.diagnostics, ls.encoding)

    return server


def run() -> int:
    """Serve on standard input and output until the client says exit."""
    server = make_server()
    server.start_io()
    return 0


__all__ = ["make_server", "run", "LearnsumServer"]

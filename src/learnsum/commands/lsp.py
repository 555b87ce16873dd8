"""`learnsum lsp`: the language server, on standard input and output (see docs/editors.md)."""

from __future__ import annotations


def run() -> int:
    # pygls and the server are loaded only here: no other command pays for them at start-up.
    from ..lsp.server import run as serve

    return serve()

"""Reading a YAML file into data *and* the positions of every key and value.

Everything that can go wrong before the data exists (size, bytes, encoding, syntax, duplicate
keys, aliases that expand without end, nesting that would exhaust the C stack) is turned into one
:class:`LoadFailure` with a rule id and a place, never an exception. One job a module:
`reading` (a file's text, safely), `parsing` (YAML text to node graph and data, within its
limits), `aliases` (aliases that would expand without end), `characters` (line breaks only YAML
counts, characters no document can store), `document` (the Document with the position of every
key and value); here, :func:`load` and :func:`load_string` put them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from .document import Document, LoadFailure, YamlPath, walk_nodes
from .parsing import parse
from .reading import MAX_FILE_BYTES, normalise_breaks, read_stream, read_text, text_failure

__all__ = [
    "Document",
    "LoadFailure",
    "YamlPath",
    "load",
    "load_stream",
    "load_string",
    "parse",
    "walk_nodes",
]


def load(path: Path, display: str | None = None) -> Document | LoadFailure:
    """Read and parse one file."""
    text = read_text(path)
    if isinstance(text, LoadFailure):
        return text
    parsed = parse(text)
    if isinstance(parsed, LoadFailure):
        return parsed
    root, data, key_failures = parsed
    return Document(path=path, display=display or str(path), text=text, root=root, data=data,
                    key_failures=key_failures)


def load_stream(stream: BinaryIO, display: str) -> Document | LoadFailure:
    """Read and parse standard input (or another stream), within a file's limits; `display` is
    the name messages give it (`--stdin-filename`)."""
    text = read_stream(stream)
    if isinstance(text, LoadFailure):
        return text
    return load_string(text, display)


def load_string(text: str, display: str = "<string>") -> Document | LoadFailure:
    # The limit of a file, for text that never was one (a document open in an editor).
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return LoadFailure("too-large", f"the text is larger than {MAX_FILE_BYTES // 1024 // 1024}"
                           " MB, the most learnsum reads; a learning summary is never that large")
    text = normalise_breaks(text)
    binary = text_failure(text)
    if binary is not None:
        return binary
    parsed = parse(text)
    if isinstance(parsed, LoadFailure):
        return parsed
    root, data, key_failures = parsed
    return Document(path=Path(display), display=display, text=text, root=root, data=data,
                    key_failures=key_failures)

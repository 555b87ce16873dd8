"""What learnsum prints of a file's name or of a file's text: never a raw control character.

A file name, or a value quoted in a message, can hold a line break (which would forge a line of
output, or a CI annotation), an escape sequence (ESC [ 2 J clears the screen, ESC ] 0 ; ... BEL
retitles the terminal, ESC [ 32 m paints a fake "all checks passed" green), a bidi override that
reorders what follows it on the line, or, from a file name that is not UTF-8, a lone surrogate
(Python's stand-in for the undecodable byte). Everything learnsum prints or writes about a file
goes through :func:`display_name` (names) or :func:`printable` (any other text), which show such
characters as visible escapes: ``\\n``, ``\\x1b``, ``\\u202e``, and ``\\xff`` for the byte 0xFF of
a non-UTF-8 name. Other text, accented letters included, is shown as it is.
"""

from __future__ import annotations

import os
import re

from .lazy_re import compiled_on_use

#: C0 controls, DEL and C1 controls; the Unicode line and paragraph separators; the bidi
#: embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069); lone surrogates. None of
#: them is printable (str.isprintable), so text that is printable holds none: most text is
#: let through without this pattern, compiled only when some text is not.
unsafe = compiled_on_use(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        # surrogateescape: the byte of a file name that is not UTF-8.
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, *, keep: str = "") -> str:
    """`text` with every control, bidi and surrogate character shown as a visible escape.

    The characters in `keep` are left alone (for a writer that escapes them its own way, as
    GitHub's workflow commands do line breaks). The result holds only printable characters, so
    escaping it again changes nothing."""
    if text.isprintable():
        return text
    if keep:
        return unsafe().sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)
    return unsafe().sub(_escape, text)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a character that :func:`printable` shows as an escape."""
    return not text.isprintable() and unsafe().search(text) is not None


def display_name(path: str | os.PathLike[str]) -> str:
    """A file's name as learnsum prints it, in a message or in a document it writes: as given
    (pass learnsum.files.display_path(path) for the name relative to the current folder), with
    control characters, bidi overrides and undecodable bytes shown as escapes. When a name needs
    an escape its backslashes are doubled, so an escape cannot be mistaken for the name's own
    text; a name that needs none is shown as it is, in any locale and in JSON, HTML or CSV."""
    text = os.fspath(path)
    if not has_unsafe(text):
        return text
    return printable(text.replace("\\", "\\\\"))

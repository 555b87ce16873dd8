"""Odd characters in YAML: line breaks that only YAML counts (NEL, U+2028, U+2029), and characters
no document can store, written as escapes in double-quoted strings."""

from __future__ import annotations

import bisect
import re

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import Node, ScalarNode

from ..lazy_re import compiled_on_use
from .document import LoadFailure, walk_nodes

#: Characters YAML parsers take for line breaks but editors, git and learnsum's own line counting
#: do not: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. Read as breaks, one of them in a value would
#: end the value (or fold it into a space) and move every later line number by one.
_ODD_BREAKS = "\x85\u2028\u2029"


def hide_odd_breaks(text: str) -> tuple[str, dict[str, str | int | None]]:
    """The text with NEL, U+2028 and U+2029 replaced by private-use characters the text does not
    hold (one for one, so every index, line and column is unchanged), and the way back."""
    present = [character for character in _ODD_BREAKS if character in text]
    if not present:
        return text, {}
    used = set(text)
    spare = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in used)
    forward: dict[str, str | int | None] = {character: next(spare) for character in present}
    return text.translate(str.maketrans(forward)), {str(v): k for k, v in forward.items()}


def restore_breaks(root: Node, stand_ins: dict[str, str | int | None]) -> None:
    """Put the characters :func:`hide_odd_breaks` replaced back into every scalar."""
    table = str.maketrans(stand_ins)
    for node in walk_nodes(root):
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            node.value = node.value.translate(table)


#: Characters no document can store: XML 1.0 (inside every .docx, .pptx and HTML page) forbids
#: the C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE and
#: U+FFFF; DEL and the C1 controls (but NEL, which is text) would act on a terminal when printed.
#: YAML lets a double-quoted string write any of them as an escape ("\\0", "\\x01", "\\ud800").
unstorable = compiled_on_use(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN "
             "ETB CAN EM SUB ESC FS GS RS US").split()
#: A YAML escape in a double-quoted string (a backslash starts exactly one).
_escape = compiled_on_use(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c",
                   "e": "\x1b"}


def describe_character(character: str) -> str:
    """A character by code point and name, never itself: "U+0000 (NUL)"."""
    code = ord(character)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = "a C1 control character"
    elif 0xD800 <= code <= 0xDFFF:
        name = "half of a surrogate pair, alone"
    elif code in (0xFFFE, 0xFFFF):
        name = "a noncharacter"
    else:
        return f"U+{code:04X}"
    return f"U+{code:04X} ({name})"


def _unescaped(sequence: str) -> str | None:
    """The character an escape (without its backslash) stands for, when it is one character."""
    if sequence[0] in "xuU" and len(sequence) > 1:
        code = int(sequence[1:], 16)
        return chr(code) if code <= 0x10FFFF else None
    return _SIMPLE_ESCAPES.get(sequence)


def unstorable_characters(root: Node, text: str) -> list[LoadFailure]:
    """One failure for each string (value or key) holding a character no document can store,
    placed at the escape that wrote it; the characters are then replaced by U+FFFD, so that the
    rest of the file is still checked and no message shows them."""
    failures: list[LoadFailure] = []
    starts: list[int] = []
    for node in walk_nodes(root):
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            continue
        found = unstorable().findall(node.value)
        if not found:
            continue
        if not starts:
            starts = [0, *(match.end() for match in re.finditer("\n", text))]
        start_line, start_column = node.start_mark.line, node.start_mark.column
        start = (starts[start_line] if start_line < len(starts) else len(text)) + start_column
        end_line, end_column = node.end_mark.line, node.end_mark.column
        end = (starts[end_line] if end_line < len(starts) else len(text)) + end_column
        index, written = start, ""
        for match in _escape().finditer(text, start, end):
            character = _unescaped(match.group(1))
            if character is not None and unstorable().fullmatch(character):
                index, written = match.start(), match.group(0)
                break
        first = written and _unescaped(written[1:]) or found[0]
        line = bisect.bisect_right(starts, index)
        column = index - starts[line - 1] + 1
        what = describe_character(first)
        message = (f"the escape {written} is {what}, which cannot be stored in a document"
                   if written else f"{what} cannot be stored in a document")
        message += "; remove it"
        if len(found) > 1:
            message += f" (this text holds {len(found)} such characters)"
        failures.append(LoadFailure("invalid-character", message, line, column))
        node.value = unstorable().sub("\ufffd", node.value)
    return failures


def escape_failure(text: str, error: MarkedYAMLError) -> LoadFailure | None:
    """The C parser refuses an escape that is not a character (a lone surrogate such as
    "\\ud800", or a code beyond U+10FFFF): say which, at its backslash."""
    mark = error.problem_mark
    if mark is None:
        return None
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    if mark.line >= len(starts):
        return None
    line_start = starts[mark.line]
    backslash = text.rfind("\\", line_start, line_start + mark.column + 1)
    match = _escape().match(text, backslash) if backslash >= 0 else None
    if match is None or match.group(1)[0] not in "uU":
        return None
    code = int(match.group(1)[1:], 16)
    if 0xD800 <= code <= 0xDFFF:
        what = (f"is {describe_character(chr(code))}, which cannot be stored in a document; "
                "write a character beyond U+FFFF as one escape, such as \\U0001F600")
    else:
        what = "is not a Unicode character"
    return LoadFailure("invalid-character", f"the escape {match.group(0)} {what}",
                       mark.line + 1, backslash - line_start + 1)

"""Text lost to a YAML comment: in an unquoted value, ` #` starts a comment, so
`precis: We fixed issue #42 quickly` says only "We fixed issue", silently."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..lazy_re import compiled_on_use
from ..problems import Severity
from . import Context, Hit, checker, rule

COMMENT_IN_TEXT = rule(
    "comment-in-text",
    Severity.WARNING,
    "An unquoted value cut short by a YAML comment ('issue #42 quickly'); quote the value.",
    doc=__doc__,
)

#: After a value on its line: the blanks, the '#', and the comment's text.
_trailing_comment = compiled_on_use(r"([ \t]+)#([^\n]*)")
#: learnsum's own comments (`# learnsum: disable-line ...`) are meant as comments.
_own_comment = compiled_on_use(r"\s*learnsum\s*:", re.IGNORECASE)
#: How a sentence (or a quoted or bracketed aside) ends.
_SENTENCE_END = (".", "!", "?", "…", ":", ";", ")", "]", '"', "'", "”", "’")


def reads_as_text(value: str, comment: str) -> bool:
    """Whether a comment after `value` on its line reads as the rest of the value.

    `#42 quickly` does (a number right after '#' is an issue or case number, never a comment);
    after a sentence, so does a comment that continues it in lower case, or any comment after a
    sentence that has not ended. An ordinary comment after a one-word value
    (`status: final  # draft | final`, as `learnsum new` writes) does not."""
    if comment[:1].isdigit():
        return True
    words = comment.split()
    if not words or len(value.split()) < 2:
        return False
    return words[0][:1].islower() or not value.rstrip().endswith(_SENTENCE_END)


@checker(COMMENT_IN_TEXT, needs_summary=False)
def check(context: Context) -> Iterator[Hit]:
    """A comment right after an unquoted value that reads as part of its text."""
    document = context.document
    if " #" not in document.text and "\t#" not in document.text:
        return
    for key, node in _values(document.root):
        if node.style not in (None, "") or not node.value.strip():
            continue
        end = document.index_of(node.end_mark.line, node.end_mark.column)
        match = _trailing_comment().match(document.text, end)
        if match is None:
            continue
        comment = match.group(2).rstrip()
        if _own_comment().match(comment) or not reads_as_text(node.value, comment):
            continue
        line, column = document.line_column(match.start(2) - 1)
        where = f" from {key}" if key else ""
        yield Hit(
            COMMENT_IN_TEXT.id, line, column,
            f"'#{comment}' is read as a YAML comment and dropped{where}; "
            f"quote the value: {_suggestion(node.value, comment)}",
        )


def _values(root: Node) -> Iterator[tuple[str, ScalarNode]]:
    """Every scalar value (not key) with the key it belongs to (the nearest one for list items)."""
    stack: list[tuple[str, Node]] = [("", root)]
    seen: set[int] = set()
    while stack:
        key, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield key, node
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, ScalarNode) else key
                stack.append((str(name), value_node))
        elif isinstance(node, SequenceNode):
            stack.extend((key, item) for item in node.value)


def _suggestion(value: str, comment: str) -> str:
    """The value as it was meant, single-quoted (the start left out when it is long)."""
    whole = " ".join(value.split())
    if len(whole) > 30:
        whole = "…" + whole.rsplit(" ", 1)[-1]
    meant = whole + " #" + re.sub(r"[ \t]+", " ", comment)
    return "'" + meant.replace("'", "''") + "'"

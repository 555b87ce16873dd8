"""The Document: a parsed file's text, data and node graph, which knows the line and column of
every key and value (and of each character of a string); and LoadFailure, why a file could not
be read, with its place."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .. import patterns as _patterns
from ..records import field, record

YamlPath = Sequence[str | int]


@record(frozen=True)
class LoadFailure:
    """Why a file could not be read as YAML, and where (1-based)."""

    rule: str
    message: str
    line: int = 1
    column: int = 1


@record
class Document:
    """A parsed YAML file: its text, the data, and the node graph that knows positions."""

    path: Path
    display: str
    text: str
    root: Node
    data: Any
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _strings: list[tuple[tuple[str | int, ...], str]] | None = field(default=None, repr=False)
    _offset_maps: dict[int, _OffsetMap] = field(default_factory=dict, repr=False)
    #: Problems met while reading that do not stop the rest of the file being checked: keys left
    #: out of `data` (not text, or written twice in one mapping) and characters no document can
    #: store (replaced by U+FFFD in `data`).
    key_failures: list[LoadFailure] = field(default_factory=list)

    # -- positions -------------------------------------------------------------------------

    def find(self, path: YamlPath) -> tuple[Node | None, Node | None, int]:
        """Walk `path`; return (value node, key node, how many steps of the path exist)."""
        node: Node | None = self.root
        key_node: Node | None = None
        for depth, step in enumerate(path):
            child = _child(node, step)
            if child is None:
                return node, key_node, depth
            key_node, node = child
        return node, key_node, len(path)

    def value_position(self, path: YamlPath) -> tuple[int, int]:
        """Where the value at `path` starts; for a missing key, where its parent is written."""
        node, key_node, found = self.find(path)
        if found == len(path) and node is not None:
            return position(node)
        return self.parent_position(path[:found])

    def key_position(self, path: YamlPath) -> tuple[int, int]:
        """Where the key at the end of `path` is written (the value's place for list items)."""
        node, key_node, found = self.find(path)
        if found == len(path):
            if key_node is not None:
                return position(key_node)
            if node is not None:
                return position(node)
        return self.parent_position(path[:found])

    def parent_position(self, path: YamlPath) -> tuple[int, int]:
        """The line a mapping is introduced on: its key (`review:`), or the list item itself."""
        if not path:
            return 1, 1
        node, key_node, found = self.find(path)
        if isinstance(path[-1], str) and key_node is not None and found == len(path):
            return position(key_node)
        if node is not None:
            return position(node)
        return 1, 1

    def text_position(self, path: YamlPath, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """Where `needle` (found inside the string at `path`) is written in the source.

        The string may have been folded or wrapped by YAML, so the search allows any run of
        white space in the source where the needle has one. When it cannot be found (escapes in
        a double-quoted string, say) the value's own position is given.
        """
        node, _, found = self.find(path)
        if found != len(path) or node is None:
            return self.value_position(path)
        start = self.index_of(node.start_mark.line, node.start_mark.column)
        end = self.index_of(node.end_mark.line, node.end_mark.column)
        window = self.text[start:end]
        pattern = r"\s+".join(re.escape(part) for part in needle.split())
        if pattern:
            starts = [match.start() for match in re.finditer(pattern, window)]
            if starts:
                # Fewer occurrences in the source than in the value (an escape, say): the last.
                return self.line_column(start + starts[min(occurrence, len(starts) - 1)])
        return position(node)

    def offset_position(self, path: YamlPath, offset: int, needle: str = "") -> tuple[int, int]:
        """Where character `offset` of the string at `path` is written in the source.

        Each string's words are located in the source once (see :class:`_OffsetMap`), so
        placing every finding in a long text costs a look-up each rather than a search of the
        whole text each. A character inside a word that could not be located (one written with
        an escape) is looked for as `needle` near where it must be; failing that, the place
        after the last located word is given.
        """
        node, _, found = self.find(path)
        if found != len(path) or not isinstance(node, ScalarNode):
            return self.value_position(path)
        mapping = self._offset_maps.get(id(node))
        if mapping is None:
            start = self.index_of(node.start_mark.line, node.start_mark.column)
            end = self.index_of(node.end_mark.line, node.end_mark.column)
            mapping = _OffsetMap(str(node.value), self.text, start, end)
            self._offset_maps[id(node)] = mapping
        index = mapping.source_index(offset)
        if index is None:
            low, high = mapping.gap(offset)
            pattern = r"\s+".join(re.escape(part) for part in needle.split())
            match = re.compile(pattern).search(self.text, low, high) if pattern else None
            if match is None:
                match = _NOT_SPACE.search(self.text, low, high)
            index = match.start() if match is not None else low
        return self.line_column(index)

    def index_of(self, line0: int, column0: int) -> int:
        starts = self.line_starts()
        if line0 >= len(starts):
            return len(self.text)
        return starts[line0] + column0

    def line_column(self, index: int) -> tuple[int, int]:
        starts = self.line_starts()
        line0 = bisect.bisect_right(starts, index) - 1
        return line0 + 1, index - starts[line0] + 1

    def line_starts(self) -> list[int]:
        if not self._line_starts:
            starts = [0]
            starts.extend(match.end() for match in re.finditer("\n", self.text))
            self._line_starts = starts
        return self._line_starts

    def strings(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every string value in the document with its path (keys are not included)."""
        if self._strings is None:
            found: list[tuple[tuple[str | int, ...], str]] = []
            _strings(self.data, (), found)
            self._strings = found
        return self._strings


#: How far past one word of a string its next word may be written: line breaks, indentation,
#: quotes, a comment after a block scalar's `|`. Words further away are looked for by the needle.
_WORD_GAP = 4096
#: Extra room for words written longer than they read (escapes: `\x41` is one letter).
_ESCAPE_ROOM = 4096
_WORD = _patterns.compile(r"\S+")
_NOT_SPACE = _patterns.compile(r"\S")


class _OffsetMap:
    """Where each word of one scalar's value is written in the file, found in one pass.

    YAML changes only the white space between words (folding, indentation, line breaks), except
    for escapes in quoted strings, and the source of a word is never shorter than the word. So
    each word is looked for just after the previous one, within a bounded distance: a string
    that is all escapes costs a bounded search a word, never a search of the whole file a word.
    """

    def __init__(self, value: str, text: str, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.value_starts: list[int] = []
        self.source_starts: list[int] = []
        self.lengths: list[int] = []
        position = start
        room = 0  # extra distance allowed after words that were not found
        for number, match in enumerate(_WORD.finditer(value)):
            word = match.group()
            limit = end if number == 0 else min(end, position + len(word) + _WORD_GAP + room)
            found = text.find(word, position, limit)
            if found < 0:
                position += len(word)  # its source is at least this long
                room = min(room + 10 * len(word), _ESCAPE_ROOM)
                continue
            self.value_starts.append(match.start())
            self.source_starts.append(found)
            self.lengths.append(len(word))
            position = found + len(word)
            room = 0

    def source_index(self, offset: int) -> int | None:
        """The file index of value character `offset`, if it is in a word that was found."""
        k = bisect.bisect_right(self.value_starts, offset) - 1
        if k >= 0 and offset < self.value_starts[k] + self.lengths[k]:
            return self.source_starts[k] + offset - self.value_starts[k]
        return None

    def gap(self, offset: int) -> tuple[int, int]:
        """The stretch of the file, between found words, where value character `offset` is."""
        k = bisect.bisect_right(self.value_starts, offset) - 1
        low = self.source_starts[k] + self.lengths[k] if k >= 0 else self.start
        high = self.source_starts[k + 1] if k + 1 < len(self.source_starts) else self.end
        return low, min(high, low + _WORD_GAP + _ESCAPE_ROOM)


def walk_nodes(root: Node | None) -> Iterator[Node]:
    """Every node of the graph once (an aliased node is shared, so it is met only once)."""
    stack: list[Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.extend((value_node, key_node))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node: Node | None, step: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == step:
                return key_node, value_node
        return None
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None


def _strings(data: Any, path: tuple[str | int, ...],
             found: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Every string under `data`, in document order, with its path, added to `found`."""
    if isinstance(data, str):
        found.append((path, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                found.append(((*path, str(key)), value))
            elif isinstance(value, (dict, list)):
                _strings(value, (*path, str(key)), found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                found.append(((*path, index), value))
            elif isinstance(value, (dict, list)):
                _strings(value, (*path, index), found)

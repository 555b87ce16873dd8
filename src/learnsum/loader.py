"""Reading a YAML file into data *and* the positions of every key and value.

The C parser of ruamel.yaml composes the node graph (which carries line and column marks) about
ten times faster than the round-trip loader, and the safe constructor builds plain Python data
from the same graph, so a file is parsed once and positions cost nothing until a problem needs
one. Everything that can go wrong before the data exists (size, bytes, encoding, syntax,
duplicate keys, aliases that expand without end, nesting that would exhaust the C stack) is turned
into one :class:`LoadFailure` with a rule id and a place, never an exception.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Far above any real summary (the seed is 6 KB), far below what would make a check slow.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Values (nodes) that aliases may add by repeating their anchors: a summary has a few hundred
#: values in all.
MAX_EXPANDED_NODES = 100_000
#: Characters that aliases may add by repeating what their anchors hold (keys and values): as
#: much again as a whole file. A few KB of `*name` could otherwise stand for hundreds of MB.
MAX_ALIAS_CHARS = MAX_FILE_BYTES
#: The C parser recurses on the C stack; beyond this estimated depth the pure parser is used,
#: whose recursion Python can stop cleanly.
C_PARSER_SAFE_DEPTH = 300
MAX_NESTING = 100

YamlPath = Sequence[str | int]


@dataclass(frozen=True)
class LoadFailure:
    """Why a file could not be read as YAML, and where (1-based)."""

    rule: str
    message: str
    line: int = 1
    column: int = 1


@dataclass
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
            return _position(node)
        return self.parent_position(path[:found])

    def key_position(self, path: YamlPath) -> tuple[int, int]:
        """Where the key at the end of `path` is written (the value's place for list items)."""
        node, key_node, found = self.find(path)
        if found == len(path):
            if key_node is not None:
                return _position(key_node)
            if node is not None:
                return _position(node)
        return self.parent_position(path[:found])

    def parent_position(self, path: YamlPath) -> tuple[int, int]:
        """The line a mapping is introduced on: its key (`review:`), or the list item itself."""
        if not path:
            return 1, 1
        node, key_node, found = self.find(path)
        if isinstance(path[-1], str) and key_node is not None and found == len(path):
            return _position(key_node)
        if node is not None:
            return _position(node)
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
        return _position(node)

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
            self._strings = list(_strings(self.data, ()))
        return self._strings


#: How far past one word of a string its next word may be written: line breaks, indentation,
#: quotes, a comment after a block scalar's `|`. Words further away are looked for by the needle.
_WORD_GAP = 4096
#: Extra room for words written longer than they read (escapes: `\x41` is one letter).
_ESCAPE_ROOM = 4096
_WORD = re.compile(r"\S+")
_NOT_SPACE = re.compile(r"\S")


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


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node: Node | None, step: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == step:
                return key_node, value_node
        return None
    if isinstance(node, SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return None, node.value[step]
    return None


def _strings(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


# -- reading -------------------------------------------------------------------------------

_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def read_text(path: Path) -> str | LoadFailure:
    """The file's text, or why it is not a readable UTF-8 text file of sensible size."""
    from .files import FileTooLarge, UnreadableFile, read_regular_file

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileTooLarge as error:
        return LoadFailure("too-large", f"{error}; a learning summary is never that large")
    except UnreadableFile as error:
        return LoadFailure("unreadable", str(error))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return LoadFailure("encoding", "the file is UTF-16 text; save it as UTF-8 "
                           "(Word and Notepad call it 'UTF-8')")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return LoadFailure("not-text", "this is a binary file, not YAML text", line, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return LoadFailure(
            "encoding",
            f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(Word and Notepad call it 'UTF-8')",
            line,
            column,
        )
    return _normalise_breaks(text)


def _normalise_breaks(text: str) -> str:
    """Line breaks as \\n only: \\r\\n (Windows) and a lone \\r (old Macs) are breaks to every
    editor, so they are made \\n, and every line and column counts lines as editors do."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_DEEP_INDENT = re.compile(r"^[ \-?]{%d,}" % (2 * C_PARSER_SAFE_DEPTH), re.MULTILINE)
#: An anchor is `&` directly followed by its name; "Accident & Emergency" is not one.
_ANCHOR = re.compile(r"&[^\s\[\]{},]")


def _may_nest_deeply(text: str) -> bool:
    """Whether the YAML could nest deeper than the C parser is safe for: never wrongly False.

    Flow nesting needs a bracket a level, block nesting at least one column of indent (or a
    "- ") a level, so counting both bounds the depth at the cost of two quick scans."""
    if text.count("[") + text.count("{") > C_PARSER_SAFE_DEPTH:
        return True
    return _DEEP_INDENT.search(text) is not None


class _Frame:
    """A node being counted: its children, the next one to visit, and its expanded size."""

    __slots__ = ("node", "children", "next", "nodes", "chars")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.children: list[Node] = []
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                self.children += (key_node, value_node)
        elif isinstance(node, SequenceNode):
            self.children = list(node.value)
        self.next = 0
        self.nodes = 1
        self.chars = len(node.value) if isinstance(node, ScalarNode) else 0


def _alias_overrun(root: Node) -> tuple[int, str] | None:
    """Count the document as if every alias were expanded, and stop at the first alias past a
    limit: its number (0 for the first alias written) and why ("nodes", "chars" or "recursive").

    The composer gives an alias as the anchored node itself, so a node met a second time is an
    alias; the walk goes in the order the document is written, so the n-th such meeting is the
    n-th `*name` in the text. Each node is counted once: an alias adds its anchor's size."""
    finished: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = {id(root)}
    stack = [_Frame(root)]
    added_nodes = 0
    added_chars = 0
    alias = -1
    while stack:
        frame = stack[-1]
        if frame.next < len(frame.children):
            child = frame.children[frame.next]
            frame.next += 1
            known = finished.get(id(child))
            if known is None and id(child) not in open_nodes:
                open_nodes.add(id(child))
                stack.append(_Frame(child))
                continue
            alias += 1
            if known is None:
                return alias, "recursive"
            frame.nodes += known[0]
            frame.chars += known[1]
            added_nodes += known[0]
            added_chars += known[1]
            if added_nodes > MAX_EXPANDED_NODES:
                return alias, "nodes"
            if added_chars > MAX_ALIAS_CHARS:
                return alias, "chars"
            continue
        stack.pop()
        open_nodes.discard(id(frame.node))
        finished[id(frame.node)] = (frame.nodes, frame.chars)
        if stack:
            stack[-1].nodes += frame.nodes
            stack[-1].chars += frame.chars
    return None


def _alias_failure(yaml: YAML, text: str, number: int, why: str) -> LoadFailure:
    """The failure for alias `number` (counted in the order written), at its place."""
    from ruamel.yaml.events import AliasEvent

    line, column, name = 1, 1, ""
    events = yaml.parse(text)
    try:
        seen = -1
        for event in events:
            if isinstance(event, AliasEvent):
                seen += 1
                if seen == number:
                    line, column = event.start_mark.line + 1, event.start_mark.column + 1
                    name = str(event.anchor)
                    break
    except YAMLError:
        pass
    finally:
        events.close()
    alias = f"*{name}" if name else "an alias"
    if why == "recursive":
        message = (f"the alias {alias} is used inside its own anchor (&{name}), so it would "
                   "repeat without end")
    elif why == "chars":
        message = (f"aliases (*name), up to this {alias}, repeat more than "
                   f"{MAX_ALIAS_CHARS // (1024 * 1024)} MB of text (as much as a whole file may "
                   "hold); a summary never needs that much")
    else:
        message = (f"aliases (*name), up to this {alias}, add more than "
                   f"{MAX_EXPANDED_NODES:,} values; a summary never needs that many")
    return LoadFailure("too-complex", message, line, column)


class _Yaml12Resolver(VersionedResolver):
    """YAML 1.2 always (so `no` stays text, as authors mean it), without ruamel's per-scalar
    look-up of the document's version, which costs more than the rest of resolving together."""

    @property
    def processing_version(self) -> Any:
        return (1, 2)

    @property
    def versioned_resolver(self) -> Any:
        cached = self.__dict__.get("_learnsum_resolvers")
        if cached is None:
            cached = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
            self.__dict__["_learnsum_resolvers"] = cached
        return cached


_safe_yaml: YAML | None = None
_pure_yaml: YAML | None = None


def _yaml(pure: bool) -> YAML:
    global _safe_yaml, _pure_yaml
    if pure:
        if _pure_yaml is None:
            _pure_yaml = YAML(typ="safe", pure=True)
            _pure_yaml.Resolver = _Yaml12Resolver
        return _pure_yaml
    if _safe_yaml is None:
        _safe_yaml = YAML(typ="safe")
        _safe_yaml.Resolver = _Yaml12Resolver
    return _safe_yaml


def parse(text: str) -> tuple[Node, Any, list[LoadFailure]] | LoadFailure:
    """Compose and construct YAML text; every failure becomes a LoadFailure with a place."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return LoadFailure("empty-file", "the file is empty; start from `learnsum new`")
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        return LoadFailure(
            "yaml-syntax", "a tab is used to indent; YAML indents with spaces only", line, column
        )
    text, stand_ins = _hide_odd_breaks(text)
    deep = _may_nest_deeply(text)
    yaml = _yaml(pure=deep)
    root: Node | None = None
    try:
        root = yaml.compose(text)
        if root is None:
            return LoadFailure("empty-file", "the file holds no YAML document")
        # Without an anchor (&name) there is no alias to expand.
        overrun = _alias_overrun(root) if _ANCHOR.search(text) else None
        if overrun is not None:
            return _alias_failure(yaml, text, *overrun)
        if stand_ins:
            _restore_breaks(root, stand_ins)
        character_failures = _unstorable_characters(root, text) if "\\" in text else []
        refused, key_failures = _plain_shape(root)
        if refused is not None:
            return refused
        key_failures = sorted([*character_failures, *key_failures],
                              key=lambda failure: (failure.line, failure.column))
        data = yaml.constructor.construct_document(root)
    except RecursionError:
        return LoadFailure(
            "too-complex", f"the YAML nests deeper than learnsum reads ({MAX_NESTING} levels)"
        )
    except MarkedYAMLError as error:
        if "invalid Unicode character escape code" in (error.problem or ""):
            escape = _escape_failure(text, error)
            if escape is not None:
                return escape
        failure = _marked_failure(error)
        if stand_ins:
            failure = LoadFailure(failure.rule, failure.message.translate(str.maketrans(stand_ins)),
                                  failure.line, failure.column)
        return failure
    except ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        character = error.character if isinstance(error.character, int) else ord(error.character)
        return LoadFailure(
            "yaml-syntax",
            f"the control character U+{character:04X} cannot appear in YAML; remove it",
            line, column,
        )
    except YAMLError as error:
        return LoadFailure("yaml-syntax", _first_line(str(error)))
    except (ValueError, TypeError, OverflowError) as error:
        # The safe constructor raises these for a date that does not exist (2015-02-30) or a
        # key that cannot be a key; find the node so the author is sent to the right place.
        return _construction_failure(root, error)
    finally:
        _forget(pure=deep)
    if _depth(data) > MAX_NESTING:
        return LoadFailure(
            "too-complex", f"the YAML nests deeper than learnsum reads ({MAX_NESTING} levels)"
        )
    return root, data, key_failures


#: Characters YAML parsers take for line breaks but editors, git and learnsum's own line counting
#: do not: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. Read as breaks, one of them in a value would
#: end the value (or fold it into a space) and move every later line number by one.
_ODD_BREAKS = "\x85\u2028\u2029"


def _hide_odd_breaks(text: str) -> tuple[str, dict[str, str | int | None]]:
    """The text with NEL, U+2028 and U+2029 replaced by private-use characters the text does not
    hold (one for one, so every index, line and column is unchanged), and the way back."""
    present = [character for character in _ODD_BREAKS if character in text]
    if not present:
        return text, {}
    used = set(text)
    spare = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in used)
    forward: dict[str, str | int | None] = {character: next(spare) for character in present}
    return text.translate(str.maketrans(forward)), {str(v): k for k, v in forward.items()}


def _restore_breaks(root: Node, stand_ins: dict[str, str | int | None]) -> None:
    """Put the characters :func:`_hide_odd_breaks` replaced back into every scalar."""
    table = str.maketrans(stand_ins)
    for node in walk_nodes(root):
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            node.value = node.value.translate(table)


#: Characters no document can store: XML 1.0 (inside every .docx, .pptx and HTML page) forbids
#: the C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE and
#: U+FFFF; DEL and the C1 controls (but NEL, which is text) would act on a terminal when printed.
#: YAML lets a double-quoted string write any of them as an escape ("\\0", "\\x01", "\\ud800").
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN "
             "ETB CAN EM SUB ESC FS GS RS US").split()
#: A YAML escape in a double-quoted string (a backslash starts exactly one).
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
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


def _unstorable_characters(root: Node, text: str) -> list[LoadFailure]:
    """One failure for each string (value or key) holding a character no document can store,
    placed at the escape that wrote it; the characters are then replaced by U+FFFD, so that the
    rest of the file is still checked and no message shows them."""
    failures: list[LoadFailure] = []
    starts: list[int] = []
    for node in walk_nodes(root):
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            continue
        found = UNSTORABLE.findall(node.value)
        if not found:
            continue
        if not starts:
            starts = [0, *(match.end() for match in re.finditer("\n", text))]
        start_line, start_column = node.start_mark.line, node.start_mark.column
        start = (starts[start_line] if start_line < len(starts) else len(text)) + start_column
        end_line, end_column = node.end_mark.line, node.end_mark.column
        end = (starts[end_line] if end_line < len(starts) else len(text)) + end_column
        index, written = start, ""
        for match in _ESCAPE.finditer(text, start, end):
            character = _unescaped(match.group(1))
            if character is not None and UNSTORABLE.fullmatch(character):
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
        node.value = UNSTORABLE.sub("\ufffd", node.value)
    return failures


def _escape_failure(text: str, error: MarkedYAMLError) -> LoadFailure | None:
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
    match = _ESCAPE.match(text, backslash) if backslash >= 0 else None
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


def _forget(pure: bool) -> None:
    # A YAML object keeps per-stream state (and a list that grows by one entry a document);
    # reusing one saves its set-up, so it is only renewed every few hundred files.
    global _safe_yaml, _pure_yaml
    yaml = _pure_yaml if pure else _safe_yaml
    if yaml is not None and len(yaml.doc_infos) > 256:
        if pure:
            _pure_yaml = None
        else:
            _safe_yaml = None


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_CORE = "tag:yaml.org,2002:"
#: The only tags a summary (or a configuration) needs: YAML's plain scalars, lists, mappings.
_ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_KEY_WORDS = {
    _CORE + "int": "a number", _CORE + "float": "a number", _CORE + "bool": "true/false",
    _CORE + "null": "nothing", _CORE + "timestamp": "a date",
}


def _plain_shape(root: Node) -> tuple[LoadFailure | None, list[LoadFailure]]:
    """Check, before building any data, what a learnsum file never holds.

    A tag beyond YAML's plain ones (!!binary, !!python/..., !custom) stops the file: the first
    such failure is returned. Keys that are not text, and a key written twice in one mapping,
    are reported each where it is written and then left out (a repeated key keeps its first
    value), so that the rest of the file is still checked: a stray key must not hide an NHS
    number elsewhere. A date in YAML's own form that does not exist (2019-09-31) is kept as the
    text written, so that the check of its key reports it there, as it does 31/09/2019."""
    key_failures: list[LoadFailure] = []
    for node in walk_nodes(root):
        tag = str(node.tag)
        if tag == _TIMESTAMP_TAG and not _is_real_timestamp(str(node.value)):
            node.tag = _CORE + "str"
            continue
        if tag not in _ALLOWED_TAGS and not (tag == _CORE + "merge"):
            line, column = _position(node)
            shown = tag.replace(_CORE, "!!")
            return LoadFailure("yaml-syntax", f"the tag {shown} is not allowed; a learnsum file "
                               "holds only plain text, numbers, dates, lists and mappings",
                               line, column), []
        if not isinstance(node, MappingNode):
            continue
        first_seen: dict[str, Node] = {}
        kept: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            key_tag = str(key_node.tag)
            if key_tag == _CORE + "merge":
                kept.append((key_node, value_node))
                continue
            line, column = _position(key_node)
            if not isinstance(key_node, ScalarNode) or key_tag != _CORE + "str":
                if isinstance(key_node, ScalarNode):
                    what = f"the key '{key_node.value}' is {_KEY_WORDS.get(key_tag, 'not text')}"
                else:
                    what = "a key here is a list or mapping"
                key_failures.append(LoadFailure(
                    "unknown-key", f"{what}, not a name; keys are words such as title or "
                    "case_learning", line, column))
                continue
            earlier = first_seen.get(key_node.value)
            if earlier is not None:
                key_failures.append(LoadFailure(
                    "duplicate-key", f"the key '{key_node.value}' appears twice (first on line "
                    f"{earlier.start_mark.line + 1}); keep one", line, column))
                continue
            first_seen[key_node.value] = key_node
            kept.append((key_node, value_node))
        if len(kept) != len(node.value):
            node.value = kept
    return None, key_failures


_TIMESTAMP_PARTS = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2}))?"
)


def _is_real_timestamp(text: str) -> bool:
    """Whether YAML can build the date (and time) of a timestamp: 2019-09-31 it cannot."""
    import datetime as dt

    match = _TIMESTAMP_PARTS.match(text)
    if match is None:
        return True
    try:
        dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match[4] is not None:
            dt.time(int(match[4]), int(match[5]), int(match[6]))
    except ValueError:
        return False
    return True


def _construction_failure(root: Node | None, error: Exception) -> LoadFailure:
    import datetime as dt

    for node in walk_nodes(root):
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode):
                    line, column = _position(key_node)
                    return LoadFailure("yaml-syntax", "a key must be plain text, not a list or "
                                       "mapping", line, column)
        elif isinstance(node, ScalarNode) and node.tag == _TIMESTAMP_TAG:
            try:
                dt.date.fromisoformat(str(node.value)[:10])
            except ValueError:
                line, column = _position(node)
                return LoadFailure("invalid-date", f"'{node.value}' is not a real date",
                                   line, column)
    return LoadFailure("yaml-syntax", f"a value cannot be read: {_first_line(str(error))}")


def _depth(data: Any, level: int = 0) -> int:
    if level > MAX_NESTING:
        return level
    if isinstance(data, dict):
        return max((_depth(value, level + 1) for value in data.values()), default=level + 1)
    if isinstance(data, list):
        return max((_depth(value, level + 1) for value in data), default=level + 1)
    return level


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "the YAML cannot be read"


def _marked_failure(error: MarkedYAMLError) -> LoadFailure:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    rule = "yaml-syntax"
    if "duplicate key" in problem:
        rule = "duplicate-key"
        key = re.search(r'duplicate key "([^"]*)"', problem)
        first = error.context_mark
        where = f" (it is already set in this mapping, line {first.line + 1})" if first else ""
        message = f"the key '{key.group(1) if key else '?'}' appears twice{where}; keep one"
    elif "could not determine a constructor" in problem:
        tag = re.search(r"tag '([^']*)'", problem)
        message = (
            f"the tag {tag.group(1).replace('tag:yaml.org,2002:', '!!') if tag else ''} "
            "is not allowed; a summary holds only plain text, lists and mappings"
        )
    elif "undefined alias" in problem:
        message = "an alias (*name) refers to an anchor (&name) that is not defined"
    else:
        message = problem or context or "the YAML cannot be read"
        if context and problem:
            message = f"{problem} ({context})"
        message = _explain_syntax(message)
    return LoadFailure(rule, f"YAML syntax: {message}" if rule == "yaml-syntax" else message,
                       line, column)


def _explain_syntax(message: str) -> str:
    if "mapping values are not allowed" in message:
        return (message + "; a ':' followed by a space inside a value needs the value "
                "in quotes, or a block (|)")
    if "found character that cannot start any token" in message:
        return message + "; a value starting with '@', '`' or '%' needs quotes"
    return message


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


def load_string(text: str, display: str = "<string>") -> Document | LoadFailure:
    text = _normalise_breaks(text)
    parsed = parse(text)
    if isinstance(parsed, LoadFailure):
        return parsed
    root, data, key_failures = parsed
    return Document(path=Path(display), display=display, text=text, root=root, data=data,
                    key_failures=key_failures)

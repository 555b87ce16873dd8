"""The fast way from YAML text to data: ruamel's C parser composes the node graph, and one walk
of that graph builds the plain data, checking on the way what `parsing` checks in separate walks
(tags, keys, duplicate keys, depth).

It handles the documents learnsum meets every day: text keys written once, the plain tags YAML
resolves by itself (text, null, true/false, numbers, dates), lists and mappings no deeper than
the limit. Anything else (an alias or anchor, a merge key `<<`, an explicit tag, a key that is
not text or is written twice, a date that does not exist, a syntax error, nesting past the
limit) raises :class:`NotPlain`, and `parsing` reads the file the thorough way, which gives the
same data and says exactly what is wrong, where. Both ways resolve plain scalars with ruamel's
own YAML 1.2 rules and build numbers and dates with ruamel's own functions, so the data is the
same (tests/test_loader_parity.py checks it on random documents).
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

from .. import patterns as _patterns

if TYPE_CHECKING:
    import datetime as dt

try:  # the C extension; without it (another Python) every file goes the thorough way
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython always has the extension (pyproject.toml)
    CParser = None

_CORE = "tag:yaml.org,2002:"
_YAML_1_2 = (1, 2)


class NotPlain(Exception):
    """The document needs the thorough way (see the module's docstring)."""


# -- resolving plain scalars --------------------------------------------------------------------

class PlainResolver:
    """The tag YAML 1.2 gives a plain (unquoted, untagged) scalar, by ruamel's own table of
    patterns, built once for the process (ruamel builds it again for every document), with one
    shared Tag object a tag, so that the walk knows a node's kind by the identity of its tag."""

    def __init__(self) -> None:
        self.tags: dict[str, Tag] = {}
        for versions, tag, _, _ in implicit_resolvers:
            if _YAML_1_2 in versions:
                self.tags.setdefault(tag, Tag(suffix=tag))
        #: The patterns by first character, compiled by `prepare` (a few ms, which a command
        #: that reads no YAML need not pay).
        self.table: dict[str, list[tuple[Tag, Any]]] = {}
        self.string = BaseResolver.DEFAULT_SCALAR_TAG
        self.sequence = BaseResolver.DEFAULT_SEQUENCE_TAG
        self.mapping = BaseResolver.DEFAULT_MAPPING_TAG

    def prepare(self) -> None:
        """Compile the patterns, once."""
        if self.table:
            return
        table: dict[str, list[tuple[Tag, Any]]] = {}
        for versions, tag, regexp, first in implicit_resolvers:
            if _YAML_1_2 not in versions:
                continue
            match = _kept_match(regexp)
            for character in first or ():
                table.setdefault(character, []).append((self.tags[tag], match))
        self.table = table

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> Tag:
        """What ruamel's VersionedResolver.resolve answers for YAML 1.2 (without path
        resolvers, which learnsum never adds)."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, match in self.table.get(value[0] if value else "", ()):
                    if match(value):
                        return tag
            return self.string
        if kind is SequenceNode:
            return self.sequence
        return self.mapping


def _kept_match(regexp: Any) -> Any:
    """The `match` of one of ruamel's resolver patterns, from learnsum's kept patterns.

    ruamel wraps each pattern in a LazyEval that compiles it when first used, holding
    ``re.compile`` and its arguments in the closure of its ``lazy_self`` (as ruamel's docstring
    says). The pattern's text and flags are read from there and compiled by
    :func:`learnsum.patterns.compile`; anything else (a later ruamel holding them otherwise)
    means ruamel's own compiled pattern."""
    try:
        held = object.__getattribute__(regexp, "lazy_self")
        cells = dict(zip(held.__code__.co_freevars, held.__closure__ or ()))
        func, args = cells["func"].cell_contents, cells["args"].cell_contents
        kwargs = cells["kwargs"].cell_contents
        if func is re.compile and not kwargs and isinstance(args[0], str) and (
                len(args) == 1 or (len(args) == 2 and isinstance(args[1], int))):
            return _patterns.compile(*args).match
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        pass
    return regexp.match


RESOLVER = PlainResolver()

# The kinds of node the walk builds, by the identity of their (shared) tag.
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _SEQ, _MAP = range(8)
_KINDS: dict[int, int] = {id(RESOLVER.string): _STR, id(RESOLVER.sequence): _SEQ,
                          id(RESOLVER.mapping): _MAP}
for _name, _kind in (("null", _NULL), ("bool", _BOOL), ("int", _INT), ("float", _FLOAT),
                     ("timestamp", _TIMESTAMP)):
    _KINDS[id(RESOLVER.tags[_CORE + _name])] = _kind


# -- composing ----------------------------------------------------------------------------------

if CParser is not None:
    class _Composer(CParser):  # type: ignore[misc]
        """ruamel's C parser and composer, with the shared resolver and nothing else."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)

        # Called by the C composer for every node: the shared resolver's method itself.
        resolve = RESOLVER.resolve

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


def compose(text: str) -> Node:
    """The node graph of the one document in `text`, composed by the C parser. Any error (the
    thorough way says what it is) or an empty stream is NotPlain."""
    if CParser is None:  # pragma: no cover - see the import
        raise NotPlain
    RESOLVER.prepare()
    composer = _Composer(text)
    try:
        root: Node | None = composer.get_single_node()
    except Exception as error:  # its own report comes from the thorough way
        raise NotPlain from error
    finally:
        composer.dispose()
    if root is None:
        raise NotPlain
    return root


# -- building -----------------------------------------------------------------------------------

class _Resolver12:
    processing_version = _YAML_1_2


class _Scalars(SafeConstructor):
    """ruamel's safe constructor, used only for its numbers and dates (as read by YAML 1.2)."""

    @property
    def resolver(self) -> Any:
        return _Resolver12


_SCALARS = _Scalars()


def build(root: Node, max_nesting: int) -> Any:
    """The plain data of the graph under `root`, or NotPlain. A number of more digits than
    Python reads, and a date that does not exist, are kept as the text written (and their node
    re-tagged as text), as the thorough way does."""
    kinds = _KINDS
    text = RESOLVER.string

    def value_of(node: Node, level: int) -> Any:
        kind = kinds.get(id(node.ctag))
        if kind == _STR:
            return node.value
        if kind == _MAP:
            if level >= max_nesting:
                raise NotPlain
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if kinds.get(id(key_node.ctag)) != _STR:
                    raise NotPlain
                key = key_node.value
                if key in mapping:
                    raise NotPlain
                # Text, the most common value by far, without a call.
                mapping[key] = value_node.value if value_node.ctag is text \
                    else value_of(value_node, level + 1)
            return mapping
        if kind == _SEQ:
            if level >= max_nesting:
                raise NotPlain
            return [item.value if item.ctag is text else value_of(item, level + 1)
                    for item in node.value]
        if kind == _NULL:
            return None
        if kind == _BOOL:
            return node.value.lower() == "true"
        if kind == _INT:
            if too_long_for_a_number(node.value):
                node.ctag = RESOLVER.string
                return node.value
            return _SCALARS.construct_yaml_int(node)
        if kind == _FLOAT:
            return _SCALARS.construct_yaml_float(node)
        if kind == _TIMESTAMP:
            if not is_real_timestamp(node.value):
                node.ctag = RESOLVER.string
                return node.value
            day = date_only(node.value)
            if day is not None:
                return day
            return _SCALARS.construct_yaml_timestamp(node)
        raise NotPlain  # an explicit tag, a merge key, YAML's `=` ...

    try:
        return value_of(root, 0)
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as error:
        raise NotPlain from error


def builds(node: Node) -> bool:
    """Whether ruamel's safe constructor can build the number or true/false of a scalar
    node by its tag."""
    build_one = {_CORE + "bool": _SCALARS.construct_yaml_bool,
                 _CORE + "int": _SCALARS.construct_yaml_int,
                 _CORE + "float": _SCALARS.construct_yaml_float}.get(str(node.tag))
    try:
        if build_one is not None:
            build_one(node)
    except (ValueError, TypeError, OverflowError, KeyError, IndexError):
        return False
    return True


def too_long_for_a_number(text: str) -> bool:
    """Whether Python refuses to read the digits of this integer (more than
    `sys.get_int_max_str_digits()`, 4300 by default). No one means such a number, so it is kept
    as the text written: a text field keeps it as typed, any other field reports it there."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return bool(limit) and len(text) > limit and sum(
        character.isdigit() for character in text) > limit


_TIMESTAMP_PARTS = _patterns.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2}))?"
)


def date_only(text: str) -> dt.date | None:
    """The date of a timestamp that is a date alone (2019-09-25), as ruamel builds it, without
    its timestamp pattern (which a summary's dates need not compile); None for any other."""
    import datetime as dt

    match = _TIMESTAMP_PARTS.match(text)
    if match is None or match.end() != len(text) or match[4] is not None or not text.isascii():
        return None
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


def is_real_timestamp(text: str) -> bool:
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


"""YAML text → node graph and data, within limits: every failure becomes a LoadFailure with a
place, never an exception.

The C parser of ruamel.yaml composes the node graph (which carries line and column marks) about
ten times faster than the round-trip loader, and the data is built from the same graph, so a
file is parsed once and positions cost nothing until a problem needs one. A plain document (the
everyday summary) is built in one walk of the graph (`building`); any other goes the thorough
way: separate walks check tags, keys and dates, and ruamel's safe constructor builds the data.
Text that could nest deeper than the C stack allows goes to the pure parser."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from .. import patterns as _patterns
from ..problems import shown as quoted
from . import building
from .aliases import alias_failure, alias_overrun
from .building import is_real_timestamp, too_long_for_a_number
from .characters import escape_failure, hide_odd_breaks, restore_breaks, unstorable_characters
from .document import LoadFailure, position, walk_nodes

#: The C parser recurses on the C stack; beyond this estimated depth the pure parser is used,
#: whose recursion Python can stop cleanly.
C_PARSER_SAFE_DEPTH = 300
MAX_NESTING = 100

_TAB_INDENT = _patterns.compile(r"^ *\t", re.MULTILINE)

_DEEP_INDENT = _patterns.compile(rf"[ \-?]{{{2 * C_PARSER_SAFE_DEPTH},}}")
#: The same after a line break: a search that starts with a literal is quick, `^` is not.
_DEEP_INDENT_LATER = _patterns.compile(rf"\n[ \-?]{{{2 * C_PARSER_SAFE_DEPTH},}}")
#: An anchor is `&` directly followed by its name; "Accident & Emergency" is not one.
_ANCHOR = _patterns.compile(r"&[^\s\[\]{},]")


def _may_nest_deeply(text: str) -> bool:
    """Whether the YAML could nest deeper than the C parser is safe for: never wrongly False.

    Flow nesting needs a bracket a level, block nesting at least one column of indent (or a
    "- ") a level, so counting both bounds the depth at the cost of two quick scans."""
    if text.count("[") + text.count("{") > C_PARSER_SAFE_DEPTH:
        return True
    return _DEEP_INDENT.match(text) is not None or _DEEP_INDENT_LATER.search(text) is not None


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


Parsed = tuple[Node, Any, list[LoadFailure]]


def parse(text: str) -> Parsed | LoadFailure:
    """Compose YAML text and build its data; every failure becomes a LoadFailure with a place.

    A document that is plain (see `building`) is built in one walk of the node graph; any
    other, and any that fails, is read the thorough way (:func:`parse_thoroughly`), which gives
    the same data, and the failure with its place."""
    early = _early_failure(text)
    if early is not None:
        return early
    if _ANCHOR.search(text) is None and not _may_nest_deeply(text):
        fast = _parse_plain(text)
        if fast is not None:
            return fast
    return _parse_thoroughly(text)


def _parse_plain(text: str) -> Parsed | None:
    """The fast way (`building`); None when the document needs the thorough way."""
    text, stand_ins = hide_odd_breaks(text)
    try:
        root = building.compose(text)
        if stand_ins:
            restore_breaks(root, stand_ins)
        character_failures = unstorable_characters(root, text) if "\\" in text else []
        data = building.build(root, MAX_NESTING)
    except building.NotPlain:
        return None
    return root, data, sorted(character_failures,
                              key=lambda failure: (failure.line, failure.column))


def parse_thoroughly(text: str) -> Parsed | LoadFailure:
    """What :func:`parse` answers, always the thorough way: ruamel's safe constructor builds
    the data after separate walks check tags, keys and depth. Kept for documents that are not
    plain, and as the reference the fast way is tested against."""
    early = _early_failure(text)
    if early is not None:
        return early
    return _parse_thoroughly(text)


def _early_failure(text: str) -> LoadFailure | None:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return LoadFailure("empty-file", "the file is empty; start from `learnsum new`")
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        return LoadFailure(
            "yaml-syntax", "a tab is used to indent; YAML indents with spaces only", line, column
        )
    return None


def _parse_thoroughly(text: str) -> Parsed | LoadFailure:
    text, stand_ins = hide_odd_breaks(text)
    deep = _may_nest_deeply(text)
    yaml = _yaml(pure=deep)
    root: Node | None = None
    built = False
    try:
        root = yaml.compose(text)
        if root is None:
            return LoadFailure("empty-file", "the file holds no YAML document")
        # Without an anchor (&name) there is no alias to expand.
        overrun = alias_overrun(root) if _ANCHOR.search(text) else None
        if overrun is not None:
            return alias_failure(yaml, text, *overrun)
        if stand_ins:
            restore_breaks(root, stand_ins)
        character_failures = unstorable_characters(root, text) if "\\" in text else []
        refused, key_failures = _plain_shape(root)
        if refused is not None:
            return refused
        key_failures = sorted([*character_failures, *key_failures],
                              key=lambda failure: (failure.line, failure.column))
        data = yaml.constructor.construct_document(root)
        built = True
    except RecursionError:
        return LoadFailure(
            "too-complex", f"the YAML nests deeper than learnsum reads ({MAX_NESTING} levels)"
        )
    except MarkedYAMLError as error:
        if "invalid Unicode character escape code" in (error.problem or ""):
            escape = escape_failure(text, error)
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
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as error:
        # The safe constructor raises these for a date that does not exist (2015-02-30), a
        # key that cannot be a key, or `!!bool` on a word that is not true or false; find the
        # node so the author is sent to the right place.
        return _construction_failure(root, error)
    finally:
        _forget(pure=deep, spoiled=not built)
    if _depth(data) > MAX_NESTING:
        return LoadFailure(
            "too-complex", f"the YAML nests deeper than learnsum reads ({MAX_NESTING} levels)"
        )
    return root, data, key_failures


def _forget(pure: bool, spoiled: bool) -> None:
    # A YAML object keeps per-stream state (and a list that grows by one entry a document);
    # reusing one saves its set-up, so it is only renewed every few hundred files, and after
    # a document it did not finish (`spoiled`): its constructor keeps the half-built objects,
    # which would otherwise be built into the next document, or fail it.
    global _safe_yaml, _pure_yaml
    yaml = _pure_yaml if pure else _safe_yaml
    if yaml is not None and (spoiled or len(yaml.doc_infos) > 256):
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
        if tag == _TIMESTAMP_TAG and not is_real_timestamp(str(node.value)):
            node.tag = _CORE + "str"
            continue
        if tag == _CORE + "int" and too_long_for_a_number(str(node.value)):
            node.tag = _CORE + "str"
            continue
        if tag not in _ALLOWED_TAGS and tag != _CORE + "merge":
            line, column = position(node)
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
            line, column = position(key_node)
            if not isinstance(key_node, ScalarNode) or key_tag != _CORE + "str":
                if isinstance(key_node, ScalarNode):
                    what = (f"the key '{quoted(key_node.value)}' is "
                            f"{_KEY_WORDS.get(key_tag, 'not text')}")
                else:
                    what = "a key here is a list or mapping"
                key_failures.append(LoadFailure(
                    "unknown-key", f"{what}, not a name; keys are words such as title or "
                    "case_learning", line, column))
                continue
            earlier = first_seen.get(key_node.value)
            if earlier is not None:
                key_failures.append(LoadFailure(
                    "duplicate-key", f"the key '{quoted(key_node.value)}' appears twice (first on "
                    f"line {earlier.start_mark.line + 1}); keep one", line, column))
                continue
            first_seen[key_node.value] = key_node
            kept.append((key_node, value_node))
        if len(kept) != len(node.value):
            node.value = kept
    return None, key_failures


def _construction_failure(root: Node | None, error: Exception) -> LoadFailure:
    import datetime as dt

    for node in walk_nodes(root):
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode):
                    line, column = position(key_node)
                    return LoadFailure("yaml-syntax", "a key must be plain text, not a list or "
                                       "mapping", line, column)
        elif isinstance(node, ScalarNode) and node.tag == _TIMESTAMP_TAG:
            try:
                dt.date.fromisoformat(str(node.value)[:10])
            except ValueError:
                line, column = position(node)
                return LoadFailure("invalid-date", f"'{quoted(node.value)}' is not a real date",
                                   line, column)
        elif isinstance(node, ScalarNode) and node.tag in _SCALAR_KINDS \
                and not building.builds(node):
            line, column = position(node)
            return LoadFailure("yaml-syntax", f"'{quoted(node.value)}' cannot be read as "
                               f"{_SCALAR_KINDS[str(node.tag)]}; put it in quotes to keep it as "
                               "text", line, column)
    return LoadFailure("yaml-syntax", f"a value cannot be read: {_first_line(str(error))}")


#: What a value tagged (or read) as one of these must be; `!!bool x` or `!!int` with nothing
#: after it cannot be built.
_SCALAR_KINDS = {_CORE + "bool": "true or false", _CORE + "int": "a whole number",
                 _CORE + "float": "a number"}


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

"""The fast way of reading YAML (one walk of the C parser's node graph) gives what the thorough
way (ruamel's safe constructor after separate checks) gives, on random documents: the same data,
the same problems at the same places, the same node graph."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from learnsum.loader import LoadFailure, walk_nodes
from learnsum.loader.building import RESOLVER
from learnsum.loader.parsing import parse, parse_thoroughly

#: Plain scalars on every edge of YAML's resolution, 1.1 and 1.2 alike.
EDGES = [
    "0o17", "0x1F", "0x_1f", "0b101", "017", "09", "1_000", "-1_000", "+12", "-0", "0", "1e3",
    "1.5e-3", "1.", ".5", "6.8523015e+5", "685.230_15e+03", "190:20:30", "190:20:30.15", ".inf",
    "-.Inf", "+.INF", ".nan", ".NaN", "~", "null", "Null", "NULL", "yes", "no", "Yes", "NO",
    "on", "off", "On", "OFF", "y", "n", "true", "True", "TRUE", "false", "False", "FALSE",
    "2015-09-25", "2019-09-31", "2015-9-5", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z", "2002-12-14", "2015-02-30 10:00:00",
    "2001-12-14 25:00:00", "12:30", "=", "<<", "-", "-_", "0x", "1" * 30, "NHS 943 476 5919",
    "Child O", "a: b", "a #b", "x\u2028y", "caf\u00e9",
]
WORDS = ["title", "review", "a", "b", "type", "n", "c d", "'q'", '"x"', "e-f", "g_h", "é"]
#: Keys a summary never has: not text, or YAML's merge key.
ODD_KEYS = ["1", "true", "~", "2015-09-25", "<<", "[a, b]", "{k: v}", "? x"]
TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary", "!custom",
        "!!map", "!!seq", "!", "!!python/object:os.system", "!!merge", "!!set"]


def _quoted(text: str, style: str) -> str:
    if style == "'":
        return "'" + text.replace("'", "''").replace("\u2028", " ") + "'"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L")
    return '"' + escaped + '"'


@st.composite
def scalars(draw: Any) -> str:
    text = draw(st.sampled_from(EDGES) | st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=8))
    style = draw(st.sampled_from(["plain", "plain", "plain", "'", '"', "escape"]))
    if style == "escape":
        return '"' + draw(st.sampled_from(["\\x41", "\\u00e9", "\\0", "\\x07", "\\t", "\\N",
                                           "\\ud800", "\\U0001F600"])) + text.isalnum() * text + '"'
    if style == "plain":
        return text
    return _quoted(text, style)


@st.composite
def flows(draw: Any, depth: int = 0) -> str:
    if depth > 2 or draw(st.booleans()):
        return draw(scalars())
    items = draw(st.lists(st.deferred(lambda: flows(depth + 1)), max_size=3))
    if draw(st.booleans()):
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.sampled_from(WORDS), min_size=len(items), max_size=len(items)))
    return "{" + ", ".join(f"{key}: {item}" for key, item in zip(keys, items)) + "}"


@st.composite
def decorated(draw: Any, value: str, anchors: list[str] | None) -> str:
    """A value with, sometimes, a tag or an anchor before it, or an alias instead of it (in
    a wild document: `anchors` is None in a tame one)."""
    if anchors is None:
        return value
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return f"{draw(st.sampled_from(TAGS))} {value}"
    if choice == 1:
        name = f"a{len(anchors)}"
        anchors.append(name)
        return f"&{name} {value}"
    if choice == 2 and anchors:
        return "*" + draw(st.sampled_from(anchors))
    return value


@st.composite
def blocks(draw: Any, indent: int, anchors: list[str] | None, depth: int = 0) -> list[str]:
    """The lines of a block mapping or list at `indent`."""
    lines: list[str] = []
    pad = " " * indent
    is_list = depth > 0 and draw(st.integers(0, 3)) == 0
    keys = WORDS + ODD_KEYS if anchors is not None else WORDS
    names = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4,
                          unique=anchors is None))
    for name in names:
        lead = f"{pad}- " if is_list else f"{pad}{name}: "
        kind = draw(st.integers(0, 7))
        if kind <= 3 or depth >= 3:
            lines.append(lead + draw(decorated(draw(scalars()), anchors)))
        elif kind == 4:
            lines.append(lead + draw(decorated(draw(flows()), anchors)))
        elif kind == 5:
            block = draw(st.sampled_from(["|", ">", "|-", ">+", "|2"]))
            lines.append(lead + block)
            lines.extend(f"{pad}  {draw(st.sampled_from(EDGES))}"
                         for _ in range(draw(st.integers(1, 3))))
        else:
            lines.append(lead.rstrip() + (" " + draw(decorated("", anchors)).strip()).rstrip())
            lines.extend(draw(blocks(indent + 2, anchors, depth + 1)))
    return lines


@st.composite
def documents(draw: Any) -> str:
    header = draw(st.sampled_from(["", "", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "---\n"]))
    wild = draw(st.booleans())  # tags, anchors, aliases, keys that are not text or repeated
    return header + "\n".join(draw(blocks(0, [] if wild else None))) + "\n"


def _same(left: Any, right: Any) -> bool:
    """Equal, with NaN equal to itself and types compared too (1 is not True, a date is not a
    datetime)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return bool(left == right)


def _graph(root: Any) -> list[tuple[Any, ...]]:
    return [(type(node).__name__, str(node.tag), node.start_mark.line, node.start_mark.column,
             node.end_mark.line, node.end_mark.column,
             node.value if isinstance(node, ScalarNode) else len(node.value))
            for node in walk_nodes(root)]


def assert_parity(text: str) -> None:
    fast, thorough = parse(text), parse_thoroughly(text)
    if isinstance(thorough, LoadFailure):
        assert fast == thorough
        return
    assert not isinstance(fast, LoadFailure), fast
    assert _same(fast[1], thorough[1]), (fast[1], thorough[1])
    assert fast[2] == thorough[2]
    assert _graph(fast[0]) == _graph(thorough[0])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_documents_read_the_same_both_ways(text: str) -> None:
    assert_parity(text)


def test_edge_scalars_read_the_same_both_ways() -> None:
    for value in EDGES:
        for text in (f"k: {value}\n", f"- {value}\n", f"k: [{value}, {{{value}: 1}}]\n",
                     f"{value}\n"):
            assert_parity(text)


def test_shapes_the_fast_way_leaves_to_the_thorough_way() -> None:
    for text in ("a: &x {b: 1}\nc: *x\n", "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",
                 "a: 1\na: 2\n", "1: a\n", "a: !!str 12\n", "a: !!binary aGk=\n",
                 "a: 2019-09-31\n", f"a: {'9' * 5000}\n", "a: " + "[" * 120 + "]" * 120 + "\n",
                 "a: [1, 2\n", "a: *b\n", "a: \"x\\x07\"\n", "a: <<\n", "a: =\n", "{a: 1}: b\n",
                 "a: x\n---\nb: y\n", "%YAML 1.1\n---\na: yes\nb: 010\n"):
        assert_parity(text)


def test_yaml_1_1_documents_are_read_as_1_2() -> None:
    parsed = parse("%YAML 1.1\n---\na: yes\nb: 010\nc: 1:30\nd: 2015-09-25\n")
    assert not isinstance(parsed, LoadFailure)
    assert parsed[1] == {"a": "yes", "b": 10, "c": "1:30", "d": dt.date(2015, 9, 25)}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(EDGES) | st.text(max_size=12))
def test_the_resolver_answers_as_ruamel_does(value: str) -> None:
    RESOLVER.prepare()
    reference = VersionedResolver(version=(1, 2))
    for implicit in ((True, False), (False, True)):
        assert str(RESOLVER.resolve(ScalarNode, value, implicit)) == str(
            reference.resolve(ScalarNode, value, implicit))

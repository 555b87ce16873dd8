"""Aliases (*name) that would expand without end: counted on the node graph before any data is
built, and reported at the alias that goes past a limit."""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .document import LoadFailure
from .reading import MAX_FILE_BYTES

#: Values (nodes) that aliases may add by repeating their anchors: a summary has a few hundred
#: values in all.
MAX_EXPANDED_NODES = 100_000
#: Characters that aliases may add by repeating what their anchors hold (keys and values): as
#: much again as a whole file. A few KB of `*name` could otherwise stand for hundreds of MB.
MAX_ALIAS_CHARS = MAX_FILE_BYTES


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


def alias_overrun(root: Node) -> tuple[int, str] | None:
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


def alias_failure(yaml: YAML, text: str, number: int, why: str) -> LoadFailure:
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

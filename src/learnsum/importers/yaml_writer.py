"""Writing the imported data as YAML: sections in the form's order, block scalars for long
text, the ``TODO(import)`` notes as comments."""

from __future__ import annotations

import io
import re
import textwrap
from typing import Any

from .. import catalogue
from .form import TODO, Imported, ImportRefused, Place


def check_yaml(text: str) -> None:
    """Refuse YAML that learnsum itself would not read (too large, too complex), so that an
    import never writes a summary that `learnsum validate` cannot even open."""
    from ..loader import LoadFailure, parse
    from ..loader.reading import MAX_FILE_BYTES as MAX_YAML_BYTES

    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise ImportRefused(f"the summary would be {size / (1024 * 1024):.1f} MB of YAML, more "
                            f"than the {MAX_YAML_BYTES // (1024 * 1024)} MB learnsum reads; "
                            "nothing was written")
    parsed = parse(text)
    if isinstance(parsed, LoadFailure):
        raise ImportRefused(f"learnsum could not read back the YAML it would write (line "
                            f"{parsed.line}: {parsed.message}); nothing was written")



_ASCII_BLANKS = " \t\r\n\f\v"
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")

#: Long text is wrapped to this width inside block scalars (the YAML stays readable in a diff).
WRAP = 92
#: Values that are one line by nature: kept on the key's line however long.
_ONE_LINE_KEYS = frozenset(
    {"title", "reference", "partnership", "owner", "agency", "from", "label"})


def _scalar(text: str, depth: int, key: str) -> Any:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    width = max(40, WRAP - 2 * depth)
    # Lines are joined at ASCII blanks only: a no-break or ideographic space is the author's.
    paragraphs = [" ".join(_ASCII_SPACE.split(p.strip(_ASCII_BLANKS)))
                  for p in text.split("\n\n") if p.strip(_ASCII_BLANKS)]
    if len(paragraphs) > 1:
        wrapped = ["\n".join(textwrap.wrap(p, width, break_on_hyphens=False,
                                           break_long_words=False)) for p in paragraphs]
        return LiteralScalarString("\n\n".join(wrapped) + "\n")
    single = paragraphs[0] if paragraphs else ""
    if len(single) + len(key) + 2 * depth + 4 <= WRAP or key in _ONE_LINE_KEYS:
        return single
    lines = textwrap.wrap(single, width, break_on_hyphens=False, break_long_words=False)
    folded = FoldedScalarString(" ".join(lines))
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
        at += 1
    folded.fold_pos = positions
    return folded


def _commented(value: Any, place: Place, todos: dict[Place, list[str]]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    depth = len(place)
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _commented(item, (*place, key), todos)
            notes = todos.get((*place, key))
            if notes:
                mapping.yaml_set_comment_before_after_key(
                    key, before="\n".join(f"{TODO}: {n}" for n in notes), indent=2 * depth)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq()
        if place and place[-1] == "themes":
            sequence.fa.set_flow_style()
        for index, item in enumerate(value):
            sequence.append(_commented(item, (*place, index), todos))
            notes = todos.get((*place, index))
            if notes:
                sequence.yaml_set_comment_before_after_key(
                    index, before="\n".join(f"{TODO}: {n}" for n in notes), indent=2 * depth)
        return sequence
    if isinstance(value, str):
        last = place[-1] if place else ""
        return _scalar(value, depth, last if isinstance(last, str) else "- ")
    return value


def to_yaml(imported: Imported, source: str = "") -> str:
    """The summary as format-v1 YAML, with a TODO(import) comment at every place to check."""
    from ruamel.yaml import YAML

    todos = dict(imported.todos)
    # A note for a place that is not in the data goes on its nearest ancestor that is.
    for place in list(todos):
        target = place
        while target and not _exists(imported.data, target):
            target = target[:-1]
        if target != place:
            todos.setdefault(target, []).extend(todos.pop(place))
    document = _commented(imported.data, (), todos)
    header = [f"Imported by `learnsum import` from {source or 'a Word document'}.",
              f"Check every {TODO} comment, then delete it; `learnsum validate` lists what is "
              "left."]
    header.extend(f"{TODO}: {note}" for note in todos.get((), []))
    document.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    yaml.width = 4096  # block scalars are wrapped above; never re-wrap quoted text mid-word
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return _space_sections(stream.getvalue())


_SECTION_LINE = re.compile(
    "^(?:" + "|".join(key for key in (*catalogue.SECTIONS_BY_KEY, "themes", "reflection")
                      if key != "completed") + "):")


def _space_sections(text: str) -> str:
    """A blank line before each top-level section (and the TODO comments above it), as in
    the bundled examples, so the sections stand apart."""
    lines = text.split("\n")
    result: list[str] = []
    for line in lines:
        if _SECTION_LINE.match(line):
            at = len(result)
            while at and result[at - 1].startswith("# "):
                at -= 1
            if at and result[at - 1] != "":
                result.insert(at, "")
        result.append(line)
    return "\n".join(result)


def _exists(data: Any, place: Place) -> bool:
    value = data
    for step in place:
        if isinstance(value, dict) and step in value:  # noqa: SIM114 - kept apart for the types
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return False
    return True

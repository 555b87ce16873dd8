"""What the language server knows about a summary, as plain functions over its text.

Diagnostics are `learnsum validate`'s problems, found by the same pipeline (`validate.
check_document` on the text held in the editor), with the same rule ids and places. Completion and
hover read the form's words from the catalogue and the repository's configuration, and find
where the cursor is from the indentation of the lines above it, so that they work on a file that
is half typed and does not parse.

Positions here are 0-based lines and characters counted in code points (Python's `str`);
`Encoding` converts them to and from the units the client counts in (UTF-16 by default).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from ruamel.yaml.nodes import Node, ScalarNode

from .. import catalogue
from .. import patterns as _patterns
from ..catalogue import HEADER_KEYS
from ..config import (
    CONFIG_NAMES,
    DEFAULT_CONFIG,
    Config,
    ConfigError,
    find_config_file,
    load_config,
)
from ..fields import ITEM, MODELS, key_words, model_fields, vocabulary, vocabulary_name
from ..fields import Place as KeyPath
from ..loader import Document, LoadFailure, load_string, walk_nodes
from ..problems import Problem, Severity
from ..records import record
from ..validate import check_document

SOURCE = "learnsum"

# -- positions in the client's units -----------------------------------------------------------


@record(frozen=True)
class Encoding:
    """Converts code-point columns to the client's units (`utf-8`, `utf-16` or `utf-32`)."""

    name: str = "utf-16"

    def to_client(self, line: str, column: int) -> int:
        if self.name == "utf-32":
            return column
        codec = "utf-8" if self.name == "utf-8" else "utf-16-le"
        width = 1 if self.name == "utf-8" else 2
        return len(line[:column].encode(codec, "surrogatepass")) // width

    def from_client(self, line: str, units: int) -> int:
        if self.name == "utf-32":
            return min(units, len(line))
        counted = 0
        for index, character in enumerate(line):
            if counted >= units:
                return index
            if self.name == "utf-8":
                counted += len(character.encode("utf-8", "surrogatepass"))
            else:
                counted += 2 if ord(character) > 0xFFFF else 1
        return len(line)

    def range(self, lines: Sequence[str], start: tuple[int, int], end: tuple[int, int]
              ) -> lsp.Range:
        return lsp.Range(self.position(lines, *start), self.position(lines, *end))

    def position(self, lines: Sequence[str], line: int, column: int) -> lsp.Position:
        text = lines[line] if 0 <= line < len(lines) else ""
        return lsp.Position(line, self.to_client(text, column))

    def cursor(self, lines: Sequence[str], position: lsp.Position) -> tuple[int, int]:
        """A client position as (line, code-point column)."""
        text = lines[position.line] if 0 <= position.line < len(lines) else ""
        return position.line, self.from_client(text, position.character)


def split_lines(text: str) -> list[str]:
    """The lines of the text as YAML counts them (`\\r\\n` and `\\r` end a line too)."""
    return re.split(r"\r\n|\r|\n", text)


# -- configuration -----------------------------------------------------------------------------


def is_config_file(path: Path | None) -> bool:
    return path is not None and path.name in CONFIG_NAMES


class Configs:
    """The configuration that applies to each file, read once and read again whenever its
    `.learnsum.yaml` changes on disk (or `forget()` is called, when the editor says so)."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Config | ConfigError]] = {}

    def forget(self) -> None:
        self._cache.clear()

    def source(self, path: Path | None) -> Path | None:
        """The `.learnsum.yaml` that applies to the file at `path`, if any."""
        if path is None:
            return None
        try:
            return find_config_file(path)
        except OSError:
            return None

    def for_file(self, path: Path | None) -> tuple[Config, ConfigError | None, Path | None]:
        """(the configuration, why it cannot be used, its file) for the summary at `path`."""
        found = self.source(path)
        if found is None:
            return DEFAULT_CONFIG, None, None
        try:
            status = found.stat()
        except OSError:
            return DEFAULT_CONFIG, None, None
        stamp = (status.st_mtime_ns, status.st_size)
        cached = self._cache.get(found)
        if cached is None or cached[0] != stamp:
            try:
                value: Config | ConfigError = load_config(found)
            except ConfigError as error:
                value = error
            cached = (stamp, value)
            self._cache[found] = cached
        if isinstance(cached[1], ConfigError):
            return DEFAULT_CONFIG, cached[1], found
        return cached[1], None, found


# -- diagnostics -------------------------------------------------------------------------------

_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error,
             Severity.WARNING: lsp.DiagnosticSeverity.Warning}
_QUOTED = _patterns.compile(r"'([^'\n]+)'")
_DID_YOU_MEAN = _patterns.compile(r"\(did you mean '([^'\n]+)'\?\)")


def problems(text: str, path: Path | None, configs: Configs, today: dt.date | None = None
             ) -> tuple[list[Problem], Document | None]:
    """What `learnsum validate` would say of this text as the file at `path` (with the
    repository's configuration): its problems, and the parsed document when it parses."""
    display = str(path) if path is not None else "<editor>"
    if is_config_file(path):
        return _config_problems(path, configs), None
    config, broken, source = configs.for_file(path)
    if broken is not None:
        first = broken.problems[0]
        more = len(broken.problems) - 1
        return [Problem(display, 1, 1, Severity.ERROR, first.rule,
                        f"the configuration {source} is not valid, so this file is not checked: "
                        f"{first.line}:{first.column}: {first.message}"
                        + (f" (and {more} more)" if more else ""))], None
    document = load_string(text, display)
    if isinstance(document, LoadFailure):
        return [Problem(display, document.line, document.column, Severity.ERROR, document.rule,
                        document.message)], None
    result = check_document(document, config=config, today=today, discovered=True)
    return result.problems, document


def _config_problems(path: Path | None, configs: Configs) -> list[Problem]:
    """A `.learnsum.yaml` open in the editor: its problems as saved (it is read from disk)."""
    configs.forget()
    _, broken, source = configs.for_file(path)
    if broken is None or source is None or path is None or source.resolve() != path.resolve():
        return []
    return list(broken.problems)


def diagnostics(text: str, path: Path | None, configs: Configs,
                encoding: Encoding = Encoding(), today: dt.date | None = None
                ) -> list[lsp.Diagnostic]:
    """The diagnostics of a file: one per problem validate finds. Never raises: a failure in
    learnsum itself is one diagnostic saying so, not silence."""
    lines = split_lines(text)
    try:
        found, document = problems(text, path, configs, today)
    except Exception as error:  # noqa: BLE001 - an editor must never lose its server to a bug
        message = (f"learnsum could not check this file: internal error: {type(error).__name__}: "
                   f"{error} (this is a bug in learnsum; please report it)")
        return [lsp.Diagnostic(encoding.range(lines, (0, 0), (0, len(lines[0]))), message,
                               severity=lsp.DiagnosticSeverity.Error, code="internal-error",
                               source=SOURCE)]
    ends = _scalar_ends(document)
    result = []
    for problem in found:
        start, end = problem_span(problem, lines, ends)
        result.append(lsp.Diagnostic(
            range=encoding.range(lines, start, end),
            message=problem.message,
            severity=_SEVERITY[problem.severity],
            code=problem.rule,
            source=SOURCE,
        ))
    return result


def _scalar_ends(document: Document | None) -> dict[tuple[int, int], tuple[int, int]]:
    """Where each scalar (key or value) that starts at a (line, column) ends."""
    ends: dict[tuple[int, int], tuple[int, int]] = {}
    if document is None:
        return ends
    for node in walk_nodes(document.root):
        if isinstance(node, ScalarNode):
            ends.setdefault((node.start_mark.line, node.start_mark.column),
                            (node.end_mark.line, node.end_mark.column))
    return ends


def problem_span(problem: Problem, lines: Sequence[str],
                 ends: dict[tuple[int, int], tuple[int, int]]
                 ) -> tuple[tuple[int, int], tuple[int, int]]:
    """The stretch of text a problem marks: the key or value that starts at its place (on its
    first line), else the text it quotes, else the word there."""
    line = min(max(problem.line - 1, 0), max(len(lines) - 1, 0))
    text = lines[line] if lines else ""
    column = min(max(problem.column - 1, 0), len(text))
    end = ends.get((line, column))
    if end is not None and end[0] == line and end[1] > column:
        return (line, column), end
    if end is not None and end[0] != line:
        return (line, column), (line, len(text.rstrip()))
    quoted = _QUOTED.match(problem.message)
    if quoted and column + len(quoted.group(1)) <= len(text) \
            and text[column:column + 1] == quoted.group(1)[:1]:
        return (line, column), (line, column + len(quoted.group(1)))
    word = _patterns.compile(r"[^\s,\[\]{}]+").match(text, column)
    if word is not None:
        return (line, column), (line, word.end())
    return (line, column), (line, len(text))


# -- where the cursor is -----------------------------------------------------------------------

#: A line's indentation, its list dashes, then what follows.
_LINE = _patterns.compile(r"^( *)((?:- +|-$)*)(.*)$")
#: A key at the start of what follows the dashes.
_KEY = _patterns.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")
Path_ = KeyPath


@record(frozen=True)
class _Line:
    indent: int  # where the first dash or the content starts
    dashed: bool
    column: int  # where the content after the dashes starts
    key: str | None
    rest: str  # after `key:`, or the whole content


def _parse_line(text: str) -> _Line | None:
    """The structure of one line; None for a blank or comment line."""
    match = _LINE.match(text)
    if match is None:  # pragma: no cover - the pattern matches every line
        return None
    content = match.group(3)
    if not content.strip() and not match.group(2):
        return None
    if content.lstrip().startswith("#") and not match.group(2):
        return None
    key = _KEY.match(content)
    column = len(match.group(1)) + len(match.group(2))
    if key:
        return _Line(len(match.group(1)), bool(match.group(2)), column, key.group(1),
                     content[key.end():].strip())
    return _Line(len(match.group(1)), bool(match.group(2)), column, None, content.strip())


def _opens_block(rest: str) -> bool:
    """Whether a key's value is on the lines below (nothing after the colon but a comment)."""
    return not rest or rest.startswith("#")


def mapping_path(lines: Sequence[str], index: int, column: int) -> Path_ | None:
    """The path of the mapping whose keys start at `column` on line `index` (None when that
    place is inside a text, not in a mapping)."""
    for above in range(index - 1, -1, -1):
        line = _parse_line(lines[above])
        if line is None or line.indent > column:
            continue
        if line.dashed and line.column == column:
            base = sequence_path(lines, above, _last_dash(lines[above]))
            return None if base is None else (*base, ITEM)
        if line.column == column and not line.dashed:
            continue
        if line.column < column:
            return _child_of(lines, above, line)
        if line.dashed and line.column > column and line.indent < column:
            return None
    return ()


def sequence_path(lines: Sequence[str], index: int, dash: int) -> Path_ | None:
    """The path of the list whose item dash is at column `dash` on line `index`."""
    for above in range(index - 1, -1, -1):
        line = _parse_line(lines[above])
        if line is None or line.indent > dash:
            continue
        if line.dashed and line.indent == dash:
            continue  # an earlier item of the same list
        return _child_of(lines, above, line)
    return None


def _child_of(lines: Sequence[str], index: int, line: _Line) -> Path_ | None:
    """The path of the value opened on the line below by `line` (a `key:` with nothing after)."""
    if line.key is None or not _opens_block(line.rest):
        return None
    if line.dashed:
        base = sequence_path(lines, index, _last_dash(lines[index]))
        base = None if base is None else (*base, ITEM)
    else:
        base = mapping_path(lines, index, line.column)
    return None if base is None else (*base, line.key)


def _last_dash(text: str) -> int:
    match = re.match(r"^((?: *- +)*) *-", text)
    return (match.end() - 1) if match else 0


@record(frozen=True)
class Place:
    """Where the cursor is: in a key of the mapping at `path`, or in the value at `path`."""

    path: Path_
    in_value: bool
    start: int  # where the word being typed starts (a code-point column)
    word: str


_WORD = _patterns.compile(r"[\w.-]*$")


def place_at(lines: Sequence[str], line: int, column: int) -> Place | None:
    """What the cursor at (line, column) is typing: a key, or a value; None inside a text."""
    if not 0 <= line < len(lines):
        return None
    prefix = lines[line][:column]
    if "#" in prefix and re.search(r"(^|\s)#", prefix):
        return None
    match = _LINE.match(prefix)
    if match is None:  # pragma: no cover - the pattern matches every line
        return None
    indent, dashes, content = len(match.group(1)), match.group(2), match.group(3)
    word = _WORD.search(prefix)
    typed = word.group() if word else ""
    start = column - len(typed)
    key = _KEY.match(content)
    if key:
        if dashes:
            base = sequence_path(lines, line, _last_dash(prefix))
            base = None if base is None else (*base, ITEM)
        else:
            base = mapping_path(lines, line, indent)
        if base is None:
            return None
        value = content[key.end():]
        if value.lstrip().startswith(("|", ">", '"', "'")):
            return None
        path = (*base, key.group(1))
        if "[" in value:
            path = (*path, ITEM)
        return Place(path, True, start, typed)
    if dashes:
        seq = sequence_path(lines, line, _last_dash(prefix))
        if seq is None:
            return None
        if " " in content.strip():
            return None
        return Place((*seq, ITEM), True, start, typed) if vocabulary_name(seq) else \
            Place((*seq, ITEM), False, start, typed)
    if content.strip(" ") != typed:
        return None
    base = mapping_path(lines, line, indent)
    return None if base is None else Place(base, False, start, typed)


# -- completion --------------------------------------------------------------------------------


def completion(text: str, line: int, column: int, config: Config, encoding: Encoding = Encoding()
               ) -> list[lsp.CompletionItem]:
    """Keys in place (label as detail, prompt as documentation), or the values of a vocabulary
    (themes with the repository's own, review types, statuses, kinds, agencies)."""
    lines = split_lines(text)
    place = place_at(lines, line, column)
    if place is None:
        return []
    edit_range = encoding.range(lines, (line, place.start), (line, column))
    if place.in_value:
        items = []
        for order, term in enumerate(vocabulary(place.path, config)):
            items.append(lsp.CompletionItem(
                label=term.id,
                kind=lsp.CompletionItemKind.EnumMember,
                detail=term.label,
                documentation=term.description or None,
                sort_text=f"{order:04d}",
                text_edit=lsp.TextEdit(edit_range, term.id),
            ))
        return items
    fields = model_fields(place.path)
    present = _keys_present(lines, line)
    items = []
    for order, key in enumerate(_ordered_keys(place.path, fields)):
        if key in present:
            continue
        label, guidance = key_words(place.path, key, config)
        opens_block = _opens_block_value(place.path, key)
        items.append(lsp.CompletionItem(
            label=key,
            kind=lsp.CompletionItemKind.Property,
            detail=label,
            documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, guidance) if guidance
            else None,
            sort_text=f"{order:04d}",
            text_edit=lsp.TextEdit(edit_range, f"{key}:" if opens_block else f"{key}: "),
        ))
    return items


def _ordered_keys(path: Path_, fields: dict[str, Any]) -> list[str]:
    if path != ():
        return list(fields)
    order = [*HEADER_KEYS, *(section.key for section in catalogue.SECTIONS)]
    return order + [key for key in fields if key not in order]


def _opens_block_value(path: Path_, key: str) -> bool:
    return (*path, key) in MODELS or (*path, key, ITEM) in MODELS


def _keys_present(lines: Sequence[str], line: int) -> set[str]:
    """Keys already written in the mapping the cursor's line is in (not to be offered again):
    the lines at the same indentation above and below, up to where the mapping starts and
    ends (a line less indented, or the dash of a list item)."""
    match = _LINE.match(lines[line])
    if match is None:  # pragma: no cover - the pattern matches every line
        return set()
    column = len(match.group(1)) + len(match.group(2))
    present: set[str] = set()
    above = range(line - 1, -1, -1) if not match.group(2) else range(0)
    for direction, indexes in (("up", above), ("down", range(line + 1, len(lines)))):
        for index in indexes:
            parsed = _parse_line(lines[index])
            if parsed is None or parsed.indent > column:
                continue
            if parsed.column != column or parsed.indent < column and direction == "down":
                break
            if parsed.key is not None:
                present.add(parsed.key)
            if parsed.dashed:
                break  # the first line of this list item: the mapping starts here
    return present


# -- hover -------------------------------------------------------------------------------------


def hover(text: str, line: int, column: int, config: Config, encoding: Encoding = Encoding()
          ) -> lsp.Hover | None:
    """On a key: the form's label and guidance prompt; on a theme (or other vocabulary) id: its
    label."""
    lines = split_lines(text)
    if not 0 <= line < len(lines):
        return None
    source = lines[line]
    for match in re.finditer(r"[\w.-]+", source):
        if match.start() <= column <= match.end():
            break
    else:
        return None
    after = source[match.end():]
    place = place_at(lines, line, match.end())
    if place is None:
        return None
    word = match.group()
    span = encoding.range(lines, (line, match.start()), (line, match.end()))
    if not place.in_value and re.match(r"\s*:", after):
        label, guidance = key_words(place.path, word, config)
        if word not in model_fields(place.path):
            return None
        body = f"**{label}**" + (f"\n\n{guidance}" if guidance else "")
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, body), span)
    if place.in_value:
        for term in vocabulary(place.path, config):
            if term.id == word:
                body = f"**{term.label}**" + (f"\n\n{term.description}" if term.description
                                              else "")
                return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, body), span)
    return None


# -- code actions ------------------------------------------------------------------------------


def code_actions(text: str, uri: str, wanted: Sequence[lsp.Diagnostic],
                 encoding: Encoding = Encoding()) -> list[lsp.CodeAction]:
    """For each learnsum diagnostic: apply its "did you mean", and switch its rule off on its
    line with a `# learnsum: disable-line RULE` comment."""
    lines = split_lines(text)
    actions: list[lsp.CodeAction] = []
    for diagnostic in wanted:
        if diagnostic.source not in (SOURCE, None) or not isinstance(diagnostic.code, str):
            continue
        fix = _did_you_mean(lines, diagnostic, encoding)
        if fix is not None:
            actions.append(lsp.CodeAction(
                title=f"Change to '{fix.new_text}'",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={uri: [fix]}),
            ))
        if diagnostic.code == "internal-error":
            continue
        line, _ = encoding.cursor(lines, diagnostic.range.start)
        edit = disable_line_edit(text, lines, line, diagnostic.code, encoding)
        if edit is not None:
            actions.append(lsp.CodeAction(
                title=f"Switch {diagnostic.code} off here (# learnsum: disable-line)",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
            ))
    return actions


def _did_you_mean(lines: Sequence[str], diagnostic: lsp.Diagnostic, encoding: Encoding
                  ) -> lsp.TextEdit | None:
    """The edit that writes the suggested value over the misspelt one, when the diagnostic
    marks exactly the text its message quotes."""
    suggestion = _DID_YOU_MEAN.search(diagnostic.message)
    if suggestion is None:
        return None
    start = encoding.cursor(lines, diagnostic.range.start)
    end = encoding.cursor(lines, diagnostic.range.end)
    if start[0] != end[0]:
        return None
    written = lines[start[0]][start[1]:end[1]]
    bare = written.strip("'\"")
    if not bare or f"'{bare}'" not in diagnostic.message:
        return None
    return lsp.TextEdit(diagnostic.range, suggestion.group(1))


_DIRECTIVE = _patterns.compile(r"#\s*learnsum\s*:\s*disable-line\b([^#\n]*)", re.IGNORECASE)


def disable_line_edit(text: str, lines: Sequence[str], line: int, rule: str,
                      encoding: Encoding = Encoding()) -> lsp.TextEdit | None:
    """A `# learnsum: disable-line RULE` comment that covers `line`: at the end of the line, or,
    when the line is inside a value written over several lines (where a comment would become
    part of the text), alone on the line above where that value starts."""
    if not 0 <= line < len(lines):
        return None
    target, above = line, False
    document = load_string(text, "<editor>")
    if not isinstance(document, LoadFailure):
        node = _multi_line_scalar_at(document.root, line)
        if node is not None:
            target, above = node.start_mark.line, True
    if above and target > 0:
        existing = _DIRECTIVE.search(lines[target - 1])
        if existing is not None and lines[target - 1].lstrip().startswith("#"):
            return _add_to_directive(lines, target - 1, existing, rule, encoding)
    if above:
        source = lines[target]
        indent = source[:len(source) - len(source.lstrip())]
        position = encoding.position(lines, target, 0)
        return lsp.TextEdit(lsp.Range(position, position),
                            f"{indent}# learnsum: disable-line {rule}\n")
    existing = _DIRECTIVE.search(lines[target])
    if existing is not None:
        return _add_to_directive(lines, target, existing, rule, encoding)
    source = lines[target].rstrip()
    position = encoding.position(lines, target, len(source))
    end = encoding.position(lines, target, len(lines[target]))
    return lsp.TextEdit(lsp.Range(position, end), f"  # learnsum: disable-line {rule}")


def _add_to_directive(lines: Sequence[str], line: int, existing: re.Match[str], rule: str,
                      encoding: Encoding) -> lsp.TextEdit:
    named = existing.group(1).rstrip()
    column = existing.start(1) + len(named)
    position = encoding.position(lines, line, column)
    return lsp.TextEdit(lsp.Range(position, position), f", {rule}" if named.strip() else f" {rule}")


def _multi_line_scalar_at(root: Node | None, line: int) -> Node | None:
    """The scalar written over several lines that `line` is part of."""
    for node in walk_nodes(root):
        if not isinstance(node, ScalarNode):
            continue
        first = node.start_mark.line
        last = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
        if first <= line <= last and first != last:
            return node
    return None

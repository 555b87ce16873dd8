"""Checking one summary: read it, check its shape, run the rules, apply levels and suppressions.

This is the function behind `learnsum validate`, the renderers (which refuse a summary with
errors) and the report. It never raises for anything in the file; it returns problems.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import catalogue
from .catalogue import SECTIONS_BY_KEY
from .config import DEFAULT_CONFIG, Config
from .dates import Month, describe_type
from ruamel.yaml.nodes import Node, ScalarNode

from .loader import Document, LoadFailure, load, parse, walk_nodes
from .model import Summary
from .problems import Problem, Severity
from .rules import REGISTRY, Context, Hit, run_checks
from .suggest import did_you_mean, nearest

#: Keys that mark a YAML file as meant to be a summary even when `learnsum:` is missing.
_SUMMARY_KEYS = frozenset(Summary.model_fields) | {"from"}


@dataclass
class Result:
    """What checking one file found."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    summary: Summary | None = None
    document: Document | None = None
    config: Config = DEFAULT_CONFIG
    #: Found by a folder walk but not a summary (no `learnsum:` key, no summary keys).
    not_a_summary: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_file(
    path: Path,
    *,
    display: str | None = None,
    config: Config = DEFAULT_CONFIG,
    today: dt.date | None = None,
    only: frozenset[str] | None = None,
    discovered: bool = False,
) -> Result:
    """Check the summary at `path`. With `discovered`, a YAML that is plainly not a summary is
    marked `not_a_summary` instead of failing (a folder walk meets other YAML files too)."""
    name = display or str(path)
    document = load(path, name)
    if isinstance(document, LoadFailure):
        return Result(name, [_failure_problem(name, document)], config=config)
    return check_document(document, config=config, today=today, only=only, discovered=discovered)


def broken_link_problem(display: str, reason: str, config: Config = DEFAULT_CONFIG
                        ) -> Problem | None:
    """The `broken-link` warning (or the level `rules:` sets) for a link found in a folder that
    leads to no file and is skipped; None when the rule is switched off."""
    level = config.rule_level("broken-link", REGISTRY["broken-link"].level)
    if level is None:
        return None
    return Problem(display, 1, 1, level, "broken-link", f"{reason}; skipped")


def check_text(text: str, *, display: str = "<string>", config: Config = DEFAULT_CONFIG,
               today: dt.date | None = None) -> Result:
    """Check YAML text (for tests and for tools that hold the text already)."""
    from .loader import load_string

    document = load_string(text, display)
    if isinstance(document, LoadFailure):
        return Result(display, [_failure_problem(display, document)], config=config)
    return check_document(document, config=config, today=today)


def _failure_problem(display: str, failure: LoadFailure) -> Problem:
    return Problem(display, failure.line, failure.column, Severity.ERROR, failure.rule,
                   failure.message)


def check_document(
    document: Document,
    *,
    config: Config = DEFAULT_CONFIG,
    today: dt.date | None = None,
    only: frozenset[str] | None = None,
    discovered: bool = False,
) -> Result:
    today = today or dt.date.today()
    name = document.display
    result = Result(name, document=document, config=config)
    data = document.data
    result.problems.extend(_failure_problem(name, failure) for failure in document.key_failures)

    def error(rule: str, position: tuple[int, int], message: str) -> Problem:
        return Problem(name, position[0], position[1], Severity.ERROR, rule, message)

    if not isinstance(data, dict):
        if discovered:
            result.not_a_summary = True
            return result
        result.problems.append(error(
            "not-a-mapping", (1, 1),
            f"a summary is a mapping of keys (learnsum:, title:, ...), but this file holds "
            f"{describe_type(data)}",
        ))
        return result
    if "learnsum" not in data:
        if discovered and not (set(map(str, data)) & _SUMMARY_KEYS):
            result.not_a_summary = True
            return result
        result.problems.append(error(
            "format-version", (1, 1),
            "not a learnsum summary: `learnsum: 1` is missing (add it as the first line)",
        ))
        return result
    version = data["learnsum"]
    if type(version) is not int or version != 1:
        position = document.value_position(("learnsum",))
        if isinstance(version, str) and version.strip() == "1":
            message = "`learnsum:` must be the number 1, not the text '1' (remove the quotes)"
        else:
            message = (f"format version {version!r} is not supported; this learnsum reads "
                       "format version 1 (`learnsum: 1`)")
        result.problems.append(error("format-version", position, message))
        return result

    _keep_reference_as_written(document)
    summary: Summary | None = None
    try:
        summary = Summary.model_validate(data)
    except ValidationError as failure:
        result.problems.extend(problems_from_validation_error(document, failure, Summary))
    result.summary = summary

    # The checks that read only the text (privacy, placeholders) run even when the shape is
    # wrong: a typo in one key must not hide an NHS number in another.
    context = Context(document=document, summary=summary, config=config, today=today)
    suppressions = Suppressions.parse(document.text, document.root)
    for hit in run_checks(context, only):
        problem = _apply_level(name, hit, config, suppressions)
        if problem is not None:
            result.problems.append(problem)
    if only is None:
        result.problems.extend(_unknown_rules_in_comments(name, suppressions))
    result.problems = _capped(sorted(set(result.problems)))
    return result


#: Problems of one rule listed for one file; past this they are counted in one line (a text of
#: thousands of "TODO"s, or a deny-list term on every line, needs fixing once, not reading).
MAX_PROBLEMS_PER_RULE = 100


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS_PER_RULE problems of each rule in each file, and for the rest one
    line saying how many more there are, at the first of them, as severe as the worst."""
    counts: dict[tuple[str, str], int] = {}
    for problem in problems:
        key = (problem.path, problem.rule)
        counts[key] = counts.get(key, 0) + 1
    if max(counts.values(), default=0) <= MAX_PROBLEMS_PER_RULE:
        return problems
    kept: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    first_left_out: dict[tuple[str, str], Problem] = {}
    worst: dict[tuple[str, str], Severity] = {}
    for problem in problems:
        key = (problem.path, problem.rule)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= MAX_PROBLEMS_PER_RULE:
            kept.append(problem)
            continue
        first_left_out.setdefault(key, problem)
        if problem.severity is Severity.ERROR or key not in worst:
            worst[key] = problem.severity
    for key, first in first_left_out.items():
        more = counts[key] - MAX_PROBLEMS_PER_RULE
        kept.append(Problem(
            first.path, first.line, first.column, worst[key], first.rule,
            f"and {more:,} more {first.rule} problem{'s' if more != 1 else ''} in this file "
            f"from here on, not listed (the first {MAX_PROBLEMS_PER_RULE} of each rule are)",
        ))
    return sorted(kept)


def _keep_reference_as_written(document: Document) -> None:
    """A reference such as 007 or 2015.10 is read by YAML as a number, which would lose what
    the author typed (7, 2015.1); the text as written in the file is what they meant."""
    value = document.data.get("reference")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        node, _, found = document.find(("reference",))
        if found == 1 and isinstance(node, ScalarNode):
            document.data["reference"] = node.value


def _unknown_rules_in_comments(name: str, suppressions: Suppressions) -> list[Problem]:
    """A misspelt id in a `# learnsum: disable-...` comment would silently disable nothing."""
    problems = []
    for line, column, rule_id in suppressions.named:
        if rule_id not in REGISTRY:
            problems.append(Problem(
                name, line, column, Severity.WARNING, "suppression-comment",
                f"'{rule_id}' in this learnsum comment is not a rule id"
                f"{did_you_mean(rule_id, list(REGISTRY))}, so it switches nothing off; "
                "see `learnsum rules`",
            ))
    return problems


def _apply_level(name: str, hit: Hit, config: Config, suppressions: Suppressions) -> Problem | None:
    if hit.file is not None:
        return Problem(hit.file, hit.line, hit.column, Severity.ERROR, hit.rule, hit.message)
    rule = REGISTRY[hit.rule]
    if not rule.configurable:
        return Problem(name, hit.line, hit.column, hit.level or rule.level, hit.rule, hit.message)
    if suppressions.covers(hit.rule, hit.line):
        return None
    configured = config.rule_setting(hit.rule)
    if configured == "off":
        return None
    if configured is not None:
        severity = Severity(configured)
    else:
        severity = hit.level or rule.level
    return Problem(name, hit.line, hit.column, severity, hit.rule, hit.message)


# -- suppression comments ----------------------------------------------------------------------

_DIRECTIVE = re.compile(
    r"#\s*learnsum\s*:\s*(disable-line|disable-file)\b([^#\n]*)", re.IGNORECASE
)


@dataclass
class Suppressions:
    """`# learnsum: disable-line rule-id` (on the line, or alone on the line above) and
    `# learnsum: disable-file rule-id`; without rule ids they cover every content rule.

    Rule ids may be separated by spaces or commas and may carry yamllint's `rule:` prefix. A
    `disable-line` covers the whole value that starts on its line, so a comment on the line of
    `precis: |` reaches every line of that block of text (where a comment could not be written
    without becoming part of the text).
    """

    by_line: dict[int, frozenset[str] | None] = field(default_factory=dict)
    whole_file: set[str] = field(default_factory=set)
    whole_file_all: bool = False
    #: (line, column of the comment, rule id) for every id a comment names, to check they exist.
    named: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, root: Node | None = None) -> Suppressions:
        """The directives in `text`; `root` is its parsed node graph, when the caller has it."""
        found = cls()
        if _DIRECTIVE.search(text) is None:
            return found
        for number, line in enumerate(text.split("\n"), start=1):
            match = _DIRECTIVE.search(line)
            if not match:
                continue
            words = re.split(r"[\s,]+", match.group(2).strip())
            ids = frozenset(
                rule_id for rule_id in (word.removeprefix("rule:") for word in words) if rule_id
            )
            found.named.extend((number, match.start() + 1, rule_id) for rule_id in sorted(ids))
            if match.group(1).lower() == "disable-file":
                if ids:
                    found.whole_file.update(ids)
                else:
                    found.whole_file_all = True
                continue
            target = number + 1 if line.lstrip().startswith("#") else number
            found._add(target, ids or None)
        if found.by_line:
            if root is None:
                parsed = parse(text)
                root = None if isinstance(parsed, LoadFailure) else parsed[0]
            found._spread_over_values(root)
        return found

    def _add(self, line: int, ids: frozenset[str] | None) -> None:
        if line in self.by_line:
            current = self.by_line[line]
            ids = None if current is None or ids is None else current | ids
        self.by_line[line] = ids

    def _spread_over_values(self, root: Node | None) -> None:
        """Extend each line's directive to every line of a multi-line value starting there."""
        extra: list[tuple[int, frozenset[str] | None]] = []
        for node in walk_nodes(root):
            if isinstance(node, ScalarNode):
                first = node.start_mark.line + 1
                if first not in self.by_line:
                    continue
                # The end mark of a block scalar is at column 0 of the line after it.
                last = node.end_mark.line + (0 if node.end_mark.column == 0 else 1)
                for line in range(first + 1, last + 1):
                    extra.append((line, self.by_line[first]))
        for line, ids in extra:
            self._add(line, ids)

    def covers(self, rule: str, line: int) -> bool:
        if self.whole_file_all or rule in self.whole_file:
            return True
        if line in self.by_line:
            ids = self.by_line[line]
            return ids is None or rule in ids
        return False


# -- mapping Pydantic's errors to the YAML ----------------------------------------------------


def problems_from_validation_error(
    document: Document, failure: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    """One positioned problem per Pydantic error, in the author's words, no duplicates."""
    problems: dict[tuple[int, int, str, str], Problem] = {}
    for item in failure.errors(include_url=False):
        path = _data_path(document.data, item["loc"])
        problem = _problem_for(document, model, path, item)
        key = (problem.line, problem.column, problem.rule, problem.message)
        if key not in problems:
            problems[key] = problem
    return sorted(problems.values())


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[str | int, ...]:
    """Pydantic's location, less the steps that name validators rather than YAML keys."""
    path: list[str | int] = []
    value = data
    for step in loc:
        if isinstance(value, dict) and isinstance(step, str) and step in value:
            path.append(step)
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            path.append(step)
            value = value[step]
        elif isinstance(value, dict) and isinstance(step, str) and not _is_validator_tag(step):
            path.append(step)  # a missing key: its parent is where it belongs
            value = None
        # anything else names a union member or validator: not a place in the file
    return tuple(path)


def _is_validator_tag(step: str) -> bool:
    return "[" in step or step in ("str", "list[str]", "function-after", "function-before")


def _problem_for(document: Document, model: type[BaseModel], path: tuple[str | int, ...],
                 item: Any) -> Problem:
    kind = item["type"]
    name = document.display
    value = item.get("input")
    parent_model = _model_at(model, path[:-1]) if path else model
    last = path[-1] if path else None
    field_name = _field_name(path)

    def problem(rule: str, position: tuple[int, int], message: str) -> Problem:
        return Problem(name, position[0], position[1], Severity.ERROR, rule, message)

    if kind == "extra_forbidden" and isinstance(last, str):
        known = _known_keys(parent_model)
        belongs = _where_key_belongs(last, model, parent_model)
        if belongs:
            here = "at the top level" if len(path) == 1 else f"in '{_field_name(path[:-1])}'"
            hint = f" {here}; it belongs {belongs}"
        else:
            hint = did_you_mean(last, known)
        return problem("unknown-key", document.key_position(path),
                       f"unknown key '{last}'{hint}; allowed here: {', '.join(known)}")
    if kind == "missing":
        where = document.parent_position(path[:-1])
        section = SECTIONS_BY_KEY.get(str(last)) if len(path) == 1 else None
        what = f" ({section.label})" if section else ""
        parent = f" in '{_field_name(path[:-1])}'" if len(path) > 1 else ""
        return problem("missing-key", where, f"missing required key '{last}'{what}{parent}")
    position = document.value_position(path)
    if kind in ("literal_error", "enum"):
        choices = _literal_choices(parent_model, last)
        shown = str(value)
        hint = did_you_mean(shown, choices, _VOCABULARY_LABELS) if isinstance(value, str) else ""
        return problem("unknown-value", position,
                       f"'{shown}' is not a valid {_vocabulary_name(path)}{hint}; "
                       f"use one of: {', '.join(choices)}")
    if _is_empty(value) and (kind.endswith("_type") or kind == "value_error"):
        section = SECTIONS_BY_KEY.get(str(last)) if len(path) == 1 else None
        what = f" ({section.label})" if section else ""
        return problem("empty-section", position, f"'{field_name}'{what} is empty; it is required")
    if kind == "value_error":
        message = str(item.get("ctx", {}).get("error", item["msg"]))
        rule = "invalid-date" if _is_date_field(parent_model, last) else (
            "unknown-value" if last == "slides" else "wrong-type")
        if rule == "unknown-value":
            hint = did_you_mean(str(value), ["not-applicable", "generate"])
            message += hint
        return problem(rule, position, f"'{field_name}': {message}")
    expected = _EXPECTED.get(kind)
    if expected:
        return problem("wrong-type", position,
                       f"'{field_name}' should be {expected}, but is {describe_type(value)}")
    return problem("wrong-type", position, f"'{field_name}': {item['msg']}")


_VOCABULARY_LABELS: dict[str, str] = {
    term.id: term.label
    for terms in (catalogue.REVIEW_TYPES, catalogue.POINT_KINDS, catalogue.ACTION_STATUSES,
                  catalogue.STATUSES)
    for term in terms
}

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list (items starting with '- ')",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date",
}


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _field_name(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "the document"


def _vocabulary_name(path: tuple[str | int, ...]) -> str:
    names = {"type": "review type", "status": "status", "kind": "kind of point",
             "learnsum": "format version"}
    last = next((step for step in reversed(path) if isinstance(step, str)), "")
    if last == "status" and "actions" in path:
        return "action status"
    return names.get(last, last)


def _unwrap(annotation: Any) -> Any:
    """The model class behind Optional[...], list[...] and Annotated[...], if any."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else (members[0] if members else annotation)
            if not models:
                return annotation
        elif origin in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return annotation


def _model_at(model: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field_info = _find_field(current, step)
        if field_info is None:
            return None
        current = _unwrap(field_info.annotation if not field_info.metadata else
                          typing.Annotated[(field_info.annotation, *field_info.metadata)])
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _find_field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _known_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _key_places(root: type[BaseModel]) -> list[tuple[type[BaseModel], str]]:
    """Each mapping of a file with words for where it is written: the top level, the mapping
    under a key (`review:`), and the items of a list (`actions:`) or of a mapping."""
    places: list[tuple[type[BaseModel], str]] = [(root, "at the top level (not indented)")]
    for name, info in root.model_fields.items():
        key = info.alias or name
        nested = _model_at(root, (key,))
        if nested is None:
            continue
        annotation = info.annotation
        while get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        container = get_origin(annotation)
        words = (f"in each item of `{key}:`" if container is list else
                 f"in each entry of `{key}:`" if container is dict else f"under `{key}:`")
        places.append((nested, words))
    return places


def _where_key_belongs(key: str, root: type[BaseModel], here: type[BaseModel] | None) -> str:
    """Where else in the file `key` is a known key ('under `review:`'), or ''."""
    places: list[str] = []
    for model, words in _key_places(root):
        if model is not here and key in _known_keys(model) and words not in places:
            places.append(words)
    return " or ".join(places)


def _literal_choices(model: type[BaseModel] | None, key: str | int | None) -> list[str]:
    if model is None or not isinstance(key, str):
        return []
    info = _find_field(model, key)
    if info is None:
        return []
    annotation = info.annotation
    for candidate in [annotation, *get_args(annotation)]:
        if get_origin(candidate) is Literal:
            return [str(choice) for choice in get_args(candidate)]
    return []


def _is_date_field(model: type[BaseModel] | None, key: str | int | None) -> bool:
    if model is None or not isinstance(key, str):
        return False
    info = _find_field(model, key)
    if info is None:
        return False
    annotation = info.annotation
    candidates = [annotation, *get_args(annotation)]
    candidates += [get_args(c)[0] for c in candidates if get_origin(c) is typing.Annotated]
    return any(candidate in (dt.date, Month) for candidate in candidates)


__all__ = ["Result", "check_file", "check_document", "check_text", "Suppressions",
           "problems_from_validation_error", "nearest"]

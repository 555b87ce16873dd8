"""Checking one summary: read it, check its shape, run the rules, apply levels and suppressions.

This is the function behind `learnsum validate`, the renderers (which refuse a summary with
errors) and the report. It never raises for anything in the file; it returns problems.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import BinaryIO

from ruamel.yaml.nodes import Node, ScalarNode

from . import patterns as _patterns
from .config import DEFAULT_CONFIG, Config
from .dates import describe_type
from .loader import Document, LoadFailure, load, load_stream, parse, walk_nodes
from .problems import Problem, Severity, shown
from .records import field, record
from .rules import REGISTRY, Context, Hit, run_checks
from .shape import SUMMARY, check
from .suggest import did_you_mean, nearest
from .summary import Summary

#: Keys that mark a YAML file as meant to be a summary even when `learnsum:` is missing.
_SUMMARY_KEYS = frozenset(SUMMARY.names) | {"from"}


@record
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


def check_stream(
    stream: BinaryIO,
    *,
    display: str,
    config: Config = DEFAULT_CONFIG,
    today: dt.date | None = None,
    only: frozenset[str] | None = None,
) -> Result:
    """Check the summary read from `stream` (standard input), named `display` in messages."""
    document = load_stream(stream, display)
    if isinstance(document, LoadFailure):
        return Result(display, [_failure_problem(display, document)], config=config)
    return check_document(document, config=config, today=today, only=only)


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
    summary, shape_problems = check(document)
    result.problems.extend(shape_problems)
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
                f"'{shown(rule_id)}' in this learnsum comment is not a rule id"
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
    severity = Severity(configured) if configured is not None else hit.level or rule.level
    return Problem(name, hit.line, hit.column, severity, hit.rule, hit.message)


# -- suppression comments ----------------------------------------------------------------------

_DIRECTIVE = _patterns.compile(
    r"#\s*learnsum\s*:\s*(disable-line|disable-file)\b([^#\n]*)", re.IGNORECASE
)


@record
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


__all__ = ["Result", "check_file", "check_document", "check_text", "Suppressions", "nearest"]

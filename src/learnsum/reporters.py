"""Writing problems out: text for people, JSON for tools, and for CI GitHub annotations, SARIF
2.1.0 (GitHub code scanning) and GitLab Code Quality reports (see docs/ci.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .display import display_name, printable
from .lazy_re import compiled_on_use
from .problems import Problem, Severity, count


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, never when piped or when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def summary_line(problems: Sequence[Problem], files: int, skipped: int = 0) -> str:
    errors = count(list(problems), Severity.ERROR)
    warnings = count(list(problems), Severity.WARNING)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if skipped:
        checked += (f" ({skipped} YAML file{'s' if skipped != 1 else ''} that "
                    f"{'are' if skipped != 1 else 'is'} not a summary skipped)")
    if not errors and not warnings:
        return f"{checked}: no problems"
    return (f"{checked}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")


def format_text(problem: Problem, colour: bool = False) -> str:
    # A file name may hold a line break or an escape sequence; shown raw, it could forge a line.
    location = f"{display_name(problem.path)}:{problem.line}:{problem.column}:"
    severity = problem.severity.value
    rule = f"[{problem.rule}]"
    if colour:
        code = "31" if problem.severity is Severity.ERROR else "33"
        location = f"\x1b[1m{location}\x1b[0m"
        severity = f"\x1b[{code}m{severity}\x1b[0m"
        rule = f"\x1b[2m{rule}\x1b[0m"
    return f"{location} {severity} {_one_line(problem.message)} {rule}"


def _one_line(message: str) -> str:
    """A message on one line, with no raw control character: values quoted from a file may hold
    escape sequences or bidi overrides that would rewrite what the terminal shows."""
    return printable(" ".join(message.split()))


def write_text(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO,
               quiet: bool = False) -> None:
    colour = use_colour(stream)
    for problem in problems:
        stream.write(format_text(problem, colour) + "\n")
    if not quiet:
        stream.write(summary_line(problems, files, skipped) + "\n")


def write_json(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO,
               quiet: bool = False) -> None:
    document = {
        "files": files,
        "skipped": skipped,
        "errors": count(list(problems), Severity.ERROR),
        "warnings": count(list(problems), Severity.WARNING),
        "problems": [problem.as_dict() for problem in problems],
    }
    stream.write(json_text(document) + "\n")


#: What json.dumps leaves raw of display.UNSAFE (it escapes the C0 controls itself).
_json_unsafe = compiled_on_use("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(document: object) -> str:
    """JSON with every control, bidi and surrogate character \\u-escaped: the same data for a
    tool, nothing raw for a terminal (such characters only occur inside JSON strings)."""
    import json  # here: the text report, the one a hook or an editor reads, does not need it

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _json_unsafe().sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO,
                 quiet: bool = False) -> None:
    """GitHub Actions workflow commands: each problem becomes an annotation on the line."""
    for problem in problems:
        level = "error" if problem.severity is Severity.ERROR else "warning"
        # Line breaks in a name are escaped GitHub's way (%0A), so the annotation still finds
        # the file; any other control character is shown as an escape.
        path = _escape_property(printable(problem.path, keep="\r\n"))
        stream.write(
            f"::{level} file={path},line={problem.line},"
            f"col={problem.column},title={_escape_property('learnsum ' + problem.rule)}::"
            f"{_escape_data(_one_line(problem.message))}\n"
        )
    if not quiet:
        stream.write(summary_line(problems, files, skipped) + "\n")


def fingerprints(problems: Sequence[Problem]) -> list[str]:
    """A fingerprint for each problem that stays the same while the problem does: made of the
    rule, the file and the message (not the line, so that lines added above a problem do not
    make it new), and which of several identical problems in the file it is."""
    from .hashing import sha256

    seen: dict[tuple[str, str, str], int] = {}
    prints = []
    for problem in problems:
        key = (problem.rule, problem.path.replace(os.sep, "/"), _one_line(problem.message))
        seen[key] = seen.get(key, 0) + 1
        text = "\0".join((*key, str(seen[key])))
        prints.append(sha256(text.encode("utf-8", "surrogateescape")).hexdigest())
    return prints


def write_gitlab(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO,
                 quiet: bool = False) -> None:
    """A GitLab Code Quality report (the Code Climate issue subset GitLab reads): errors are
    `major`, warnings `minor`."""
    report = [
        {
            "type": "issue",
            "check_name": problem.rule,
            "description": _one_line(problem.message),
            "severity": "major" if problem.severity is Severity.ERROR else "minor",
            "fingerprint": fingerprint,
            "location": {
                "path": problem.path.replace(os.sep, "/"),
                "positions": {"begin": {"line": problem.line, "column": problem.column}},
            },
        }
        for problem, fingerprint in zip(problems, fingerprints(problems))
    ]
    stream.write(json_text(report) + "\n")


#: Where SARIF says to find the schema of version 2.1.0 (OASIS publishes it there).
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")


def _artifact(path: str) -> dict[str, str]:
    """A SARIF artifactLocation: a relative path as a URI reference from the checkout's root
    (`%SRCROOT%`), an absolute one as a file: URI."""
    from pathlib import Path
    from urllib.parse import quote

    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path.replace(os.sep, "/"), safe="/"), "uriBaseId": "%SRCROOT%"}


def write_sarif(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO,
                quiet: bool = False) -> None:
    """A SARIF 2.1.0 log, as GitHub code scanning and other tools read it: one run, every rule
    of the registry with its documentation (`learnsum rules --explain`), one result a problem."""
    from . import __version__
    from .rules import REGISTRY

    rules: list[dict[str, object]] = []
    index: dict[str, int] = {}
    for rule in REGISTRY.values():
        index[rule.id] = len(rules)
        rules.append({
            "id": rule.id,
            "name": rule.id,
            "shortDescription": {"text": _one_line(rule.summary)},
            "fullDescription": {"text": rule.explain().strip()},
            "help": {"text": rule.explain().strip()},
            "defaultConfiguration": {"level": rule.level.value},
            "properties": {"category": rule.category},
        })
    for problem in problems:
        if problem.rule not in index:  # a problem of no registered rule: described by its id
            index[problem.rule] = len(rules)
            rules.append({"id": problem.rule, "shortDescription": {"text": problem.rule}})
    results = [
        {
            "ruleId": problem.rule,
            "ruleIndex": index[problem.rule],
            "level": problem.severity.value,
            "message": {"text": _one_line(problem.message)},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(problem.path),
                "region": {"startLine": max(problem.line, 1),
                           "startColumn": max(problem.column, 1)},
            }}],
            "partialFingerprints": {"learnsum/v1": fingerprint},
        }
        for problem, fingerprint in zip(problems, fingerprints(problems))
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "learnsum",
                "version": __version__,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    stream.write(json_text(log) + "\n")


WRITERS = {"text": write_text, "json": write_json, "github": write_github,
           "sarif": write_sarif, "gitlab": write_gitlab}


def write(output_format: str, problems: Sequence[Problem], files: int, skipped: int = 0,
          stream: TextIO | None = None, *, quiet: bool = False) -> None:
    """Write `problems` in `output_format`; `quiet` leaves out the summary line (text and
    github)."""
    WRITERS[output_format](problems, files, skipped, stream or sys.stdout, quiet)


def report_config_error(problems: Sequence[Problem], stream: TextIO | None = None,
                        output_format: str = "text") -> int:
    """Print a configuration's problems (one line each) and return the usage-error exit code.

    With `json` or `github`, standard output still gets its one document (or its annotations),
    holding the configuration's problems like a summary's, for the tool that reads it."""
    if output_format != "text":
        write(output_format, problems, 0)
    out = stream or sys.stderr
    colour = use_colour(out)
    for problem in problems:
        out.write(format_text(problem, colour) + "\n")
    out.write("learnsum: the configuration is not valid; nothing was checked or written\n")
    return 2

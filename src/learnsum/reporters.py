"""Writing problems out: text for people, JSON for tools, GitHub annotations for CI."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .files import display_name
from .problems import Problem, Severity, count

OUTPUT_FORMATS = ("text", "json", "github")


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
    # A file name may hold a line break; shown raw, it could forge a line (or a CI annotation).
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
    return " ".join(message.split())


def write_text(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO) -> None:
    colour = use_colour(stream)
    for problem in problems:
        stream.write(format_text(problem, colour) + "\n")
    stream.write(summary_line(problems, files, skipped) + "\n")


def write_json(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO) -> None:
    document = {
        "files": files,
        "skipped": skipped,
        "errors": count(list(problems), Severity.ERROR),
        "warnings": count(list(problems), Severity.WARNING),
        "problems": [problem.as_dict() for problem in problems],
    }
    stream.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(problems: Sequence[Problem], files: int, skipped: int, stream: TextIO) -> None:
    """GitHub Actions workflow commands: each problem becomes an annotation on the line."""
    for problem in problems:
        level = "error" if problem.severity is Severity.ERROR else "warning"
        stream.write(
            f"::{level} file={_escape_property(problem.path)},line={problem.line},"
            f"col={problem.column},title={_escape_property('learnsum ' + problem.rule)}::"
            f"{_escape_data(_one_line(problem.message))}\n"
        )
    stream.write(summary_line(problems, files, skipped) + "\n")


WRITERS = {"text": write_text, "json": write_json, "github": write_github}


def write(output_format: str, problems: Sequence[Problem], files: int, skipped: int = 0,
          stream: TextIO | None = None) -> None:
    WRITERS[output_format](problems, files, skipped, stream or sys.stdout)


def report_config_error(problems: Sequence[Problem], stream: TextIO | None = None) -> int:
    """Print a configuration's problems (one line each) and return the usage-error exit code."""
    out = stream or sys.stderr
    colour = use_colour(out)
    for problem in problems:
        out.write(format_text(problem, colour) + "\n")
    out.write("learnsum: the configuration is not valid; nothing was checked or written\n")
    return 2

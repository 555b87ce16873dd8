"""The `learnsum` console entry point: typer's command line, with a quick way in for the two
commands a pre-commit hook and an editor run on every save.

typer (learnsum.cli) is the command line: it declares every command and option, prints help,
usage errors and shell completion. Importing it costs about half of what checking one summary
does, so a plain `learnsum validate ...` or `learnsum render ...` is read here instead, without
typer or click, and handed to the same function typer's callback calls (`validate_command`,
`render_command`) with the same values. That happens only when every word of the command line is
one this module fully understands (the tables below: the command's paths, `--`, its options
with a valid value, joined by `=` or not); anything else, a typer message included (help,
`--version`, another command, an unknown or deprecated option, a value typer would refuse,
shell completion), goes to typer unchanged. tests/test_cli_entry.py holds the tables equal to
typer's declaration and checks that both ways reach a command with the same arguments.

What both ways share (the callbacks' bodies, the end of a run) is in learnsum.cli_shared.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from .cli_shared import (
    OUTPUT_FORMATS,
    catch_signals,
    guarded,
    marking_is_one_line,
    one_of,
    parse_day,
    render_command,
    validate_command,
)

if TYPE_CHECKING:
    from pathlib import Path


class _PacifyFlush:
    """A standard stream whose flush ignores a reader that has gone (as click's own)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        import errno

        try:
            self.wrapped.flush()
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def _exit_as_typer_would(command: Callable[[], int]) -> NoReturn:
    """Run a command and end as typer's standalone mode ends a command (typer.core._main):
    its exit code; end of input: "Aborted!", 1; Ctrl-C: 130; a closed pipe: 1, silently.
    Anything else goes on to `guarded`."""
    import errno

    try:
        code = command()
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        sys.stdout = _PacifyFlush(sys.stdout)
        sys.stderr = _PacifyFlush(sys.stderr)
        sys.exit(1)
    sys.exit(code)


# -- the quick way in: the options of validate and render, as cli.py declares them --------------
class _ToTyper(Exception):
    """This command line is left to typer (which says what is wrong with it, or does it)."""


def _text(value: str) -> str:
    return value


def _path(value: str) -> Path:
    from pathlib import Path

    return Path(value)


def _existing(*, file_okay: bool = True, dir_okay: bool = True) -> Callable[[str], Path]:
    """A path option typer checks (`exists=True`): the path, or to typer, which says why not."""

    def check(value: str) -> Path:
        import stat

        try:
            found = os.stat(value)
        except (OSError, ValueError):
            raise _ToTyper from None
        if (not file_okay and stat.S_ISREG(found.st_mode)) \
                or (not dir_okay and stat.S_ISDIR(found.st_mode)) \
                or not os.access(value, os.R_OK):
            raise _ToTyper
        return _path(value)

    return check


def _choice(names: Callable[[], Sequence[str]]) -> Callable[[str], str]:
    def check(value: str) -> str:
        chosen = one_of(value, names())
        if chosen is None:
            raise _ToTyper
        return chosen

    return check


def _render_formats() -> Sequence[str]:
    from .render.registry import NAMES

    return NAMES


class Option:
    """One option of a command, as cli.py declares it (tests/test_cli_entry.py checks).

    (Plain classes, not dataclasses: making a dataclass costs about a millisecond at start.)"""

    __slots__ = ("many", "names", "param", "value")

    def __init__(self, param: str, names: tuple[str, ...],
                 value: Callable[[str], Any] | None = None, *, many: bool = False) -> None:
        #: The parameter of typer's callback.
        self.param = param
        #: Every spelling typer accepts for it.
        self.names = names
        #: The value as typer hands it to the callback (after the option's own callback), or
        #: _ToTyper; None for a flag.
        self.value = value
        #: Given several times, a list of every value (otherwise the last one counts).
        self.many = many


class QuickCommand:
    """A command read here: its options, and what its typer callback does with them."""

    __slots__ = ("call", "defaults", "left_to_typer", "options", "prepare")

    def __init__(self, *, options: tuple[Option, ...], defaults: dict[str, Any],
                 left_to_typer: tuple[str, ...],
                 prepare: Callable[[dict[str, Any]], dict[str, Any]],
                 call: Callable[..., int]) -> None:
        self.options = options
        #: The values of the options not given, as typer hands them to the callback.
        self.defaults = defaults
        #: The callback's parameters never read here: a command line using them goes to typer.
        self.left_to_typer = left_to_typer
        #: What the callback checks and reads before it calls the command (_ToTyper when
        #: typer would refuse it), then the command.
        self.prepare = prepare
        self.call = call


def _read_today(values: dict[str, Any]) -> dict[str, Any]:
    from .dates import DateFormatError

    try:
        return {**values, "today": parse_day(values["today"])}
    except DateFormatError:
        raise _ToTyper from None


def _prepare_render(values: dict[str, Any]) -> dict[str, Any]:
    if not marking_is_one_line(values["marking"]):
        raise _ToTyper
    return _read_today(values)


_CONFIG = Option("config", ("--config", "-c"), _existing(dir_okay=False))
_TODAY = Option("today", ("--today",), _text)

COMMANDS: dict[str, QuickCommand] = {
    "validate": QuickCommand(
        options=(
            Option("strict", ("--strict",)),
            Option("output_format", ("--output-format",), _choice(lambda: OUTPUT_FORMATS)),
            Option("quiet", ("--quiet", "-q")),
            Option("no_warnings", ("--no-warnings",)),
            Option("stdin_filename", ("--stdin-filename",), _text),
            Option("privacy_only", ("--privacy-only",)),
            _CONFIG,
            _TODAY,
        ),
        defaults={"output_format": "text", "old_format": None},
        left_to_typer=("old_format",),  # --format/-f: deprecated, with a note typer prints
        prepare=_read_today,
        call=validate_command,
    ),
    "render": QuickCommand(
        options=(
            Option("output_format", ("--format", "-f"), _choice(_render_formats), many=True),
            Option("output", ("--output", "-o"), _text),
            Option("no_guidance", ("--no-guidance",)),
            Option("marking", ("--marking",), _text),
            Option("reference_docx", ("--reference-docx",), _existing(dir_okay=False)),
            Option("reference_pptx", ("--reference-pptx",), _existing(dir_okay=False)),
            Option("template_dir", ("--template-dir",), _existing(file_okay=False)),
            Option("force", ("--force",)),
            Option("strict", ("--strict",)),
            Option("fail_on_new", ("--fail-on-new",)),
            _CONFIG,
            _TODAY,
        ),
        defaults={"old_format": None},
        left_to_typer=("old_format",),  # -t: deprecated, with a note typer prints
        prepare=_prepare_render,
        call=render_command,
    ),
}


def quick_values(command: QuickCommand, args: Sequence[str]) -> dict[str, Any]:
    """The values typer would hand the command's callback for `args` (what follows the
    command's name), when every word is understood here; otherwise _ToTyper."""
    by_name = {name: option for option in command.options for name in option.names}
    values: dict[str, Any] = {option.param: [] if option.many else None
                              for option in command.options if option.value is not None}
    values.update({option.param: False for option in command.options if option.value is None})
    values.update(command.defaults)
    paths: list[Path] = []
    words = list(args)
    while words:
        word = words.pop(0)
        if word == "--":
            paths.extend(_path(rest) for rest in words)
            break
        if not word.startswith("-") or word == "-":
            paths.append(_path(word))
            continue
        # Only `--name`, `--name=value` and `-x` alone: a short option with its value joined
        # (`-fmd`) or several together (`-qc`) is typer's to read.
        name, joined, value = word.partition("=") if word.startswith("--") else (word, "", "")
        option = by_name.get(name)
        if option is None:
            raise _ToTyper
        if option.value is None:
            if joined:
                raise _ToTyper  # typer: "does not take a value"
            values[option.param] = True
            continue
        if not joined:
            # A value that looks like an option (or none at all) is typer's to judge.
            if not words or words[0].startswith("-"):
                raise _ToTyper
            value = words.pop(0)
        converted = option.value(value)
        if option.many:
            values[option.param].append(converted)
        else:
            values[option.param] = converted
    values["paths"] = paths
    return values


def quick(argv: Sequence[str]) -> Callable[[], int] | None:
    """The command to run without typer, or None when the command line is typer's."""
    if len(argv) < 2 or argv[1] not in COMMANDS or os.name == "nt" \
            or "_LEARNSUM_COMPLETE" in os.environ:
        return None
    command = COMMANDS[argv[1]]
    try:
        values = command.prepare(quick_values(command, argv[2:]))
    except _ToTyper:
        return None
    return lambda: command.call(**values)


def main() -> None:
    """Console entry point (`learnsum`, `python -m learnsum`)."""

    def body() -> None:
        catch_signals()
        command = quick(sys.argv)
        if command is not None:
            _exit_as_typer_would(command)
        from .cli import run_typer

        run_typer(sys.argv)

    guarded(body)


if __name__ == "__main__":  # pragma: no cover
    main()

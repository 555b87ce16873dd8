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

What both ways share is here too: the end of a run (exit codes, the one line of a user error
or an internal error, the clean-up of an interrupt) and reading dates and output paths.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

# learnsum uses no Pydantic plugins; looking for them reads every installed package's metadata
# at start-up, which costs more than a whole small check.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .errors import EXIT_INTERNAL, ConfigError, LearnsumError  # noqa: E402

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

#: The report formats of `learnsum validate --output-format`.
OUTPUT_FORMATS = ("text", "json", "github", "sarif", "gitlab")


# -- what typer's callbacks and the quick way share ----------------------------------------------
def one_of(value: str, names: Sequence[str]) -> str | None:
    """`value` as one of `names` (its case ignored), or None when it is none of them."""
    if value in names:
        return value
    return value.lower() if value.lower() in names else None


def parse_day(value: str | None) -> dt.date | None:
    """A `--today` (and similar) date; raises learnsum.dates.DateFormatError."""
    if value is None:
        return None
    from .dates import parse_date

    return parse_date(value)


def output_path(value: str | None) -> tuple[Path | None, bool]:
    """The path given with -o, and whether it names a folder by ending in a separator
    (`-o out/`): Path() drops that separator, so the option is read as text."""
    if value is None:
        return None, False
    from pathlib import Path

    separators = tuple(sep for sep in (os.sep, os.altsep) if sep)
    return Path(value), value.endswith(separators) and value.rstrip("".join(separators)) != ""


def validate_command(*, paths: list[Path] | None, strict: bool, output_format: str,
                     old_format: str | None, quiet: bool, no_warnings: bool,
                     stdin_filename: str | None, privacy_only: bool, config: Path | None,
                     today: dt.date | None) -> int:
    """`learnsum validate`, from the values of its options (`today` read already)."""
    from .commands.validate import run

    return run(paths or [], strict=strict, output_format=old_format or output_format,
               privacy_only=privacy_only, config_path=config, today=today, quiet=quiet,
               no_warnings=no_warnings, stdin_filename=stdin_filename)


def render_command(*, paths: list[Path] | None, output_format: list[str] | None,
                   old_format: str | None, output: str | None, no_guidance: bool,
                   marking: str | None, reference_docx: Path | None,
                   reference_pptx: Path | None, template_dir: Path | None, force: bool,
                   strict: bool, fail_on_new: bool, config: Path | None,
                   today: dt.date | None) -> int:
    """`learnsum render`, from the values of its options (`today` read, `marking` checked)."""
    from .commands.render import run

    output_file, into_folder = output_path(output)
    return run(
        paths or [],
        output_format=[*([old_format] if old_format else []), *(output_format or [])] or None,
        output=output_file,
        output_folder=into_folder,
        guidance=not no_guidance,
        marking=marking,
        reference_docx=reference_docx,
        reference_pptx=reference_pptx,
        template_dir=template_dir,
        config_path=config,
        today=today,
        force=force,
        strict=strict,
        fail_on_new=fail_on_new,
    )


def marking_is_one_line(marking: str | None) -> bool:
    return marking is None or "\n" not in marking.strip()


# -- the end of every run: exit codes, one line per error, interrupts ----------------------------
class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived: raised where the program is, so that every `finally` (and
    temporary folder) on the way out cleans up, and LibreOffice and the workers are stopped."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> None:
    import signal

    # Once: the clean-up on the way out is not itself interrupted by a second signal.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, signal.SIG_IGN)
    raise Interrupted(signum)


def catch_signals() -> None:
    import signal

    for number in (signal.SIGTERM, signal.SIGINT):
        # A signal ignored when learnsum started (`nohup`, a background job) stays ignored.
        if signal.getsignal(number) != signal.SIG_IGN:
            signal.signal(number, _interrupt)


def guarded(body: Callable[[], object]) -> None:
    """Run the command line: usage errors exit 2, and no traceback reaches the user."""
    try:
        body()
    except (KeyboardInterrupt, Interrupted) as error:
        import signal

        number = error.signum if isinstance(error, Interrupted) else signal.SIGINT
        from .parallel import stop_workers

        if "learnsum.output" in sys.modules:  # a temporary file made just as the signal came
            sys.modules["learnsum.output"].remove_temporaries()
        sys.stderr.write(f"learnsum: interrupted ({signal.Signals(number).name}); temporary "
                         "files removed, outputs already written are complete\n")
        # Everything was cleaned up on the way here; the interpreter's own exit would wait for
        # the workers' housekeeping threads, which a signal may have left waiting for ever.
        stop_workers()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + number)
    except LearnsumError as error:
        # The one boundary for user errors a command did not report itself: one line each.
        if isinstance(error, ConfigError):
            from .reporters import report_config_error

            sys.exit(report_config_error(error.problems))
        from .display import printable

        sys.stderr.write(f"learnsum: {printable(str(error))}\n")
        sys.exit(error.exit_code)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("LEARNSUM_DEBUG"):
            raise
        from .display import printable

        sys.stderr.write(
            f"learnsum: internal error: {type(error).__name__}: {printable(str(error))} "
            "(this is a bug in learnsum; set LEARNSUM_DEBUG=1 for details and report it)\n"
        )
        sys.exit(EXIT_INTERNAL)


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

    (Plain classes, not dataclasses: making a dataclass costs a noticeable part of a start.)"""

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

"""What the command line (learnsum.cli, typer's) and the console entry point's quick way in
(learnsum.entry) share, so that both do the same: the bodies of the `validate` and `render`
callbacks, reading dates and output paths, and the end of every run (exit codes, the one line of
a user error or an internal error, the clean-up of an interrupt). Imports neither typer nor
click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

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

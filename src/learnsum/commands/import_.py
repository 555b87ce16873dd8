"""`learnsum import`: Word learning summaries (the filled-in form) to format-v1 YAML.

For each form (.docx, or .doc/.odt/.rtf through LibreOffice): read it safely, write the YAML
beside it (or into ``-o DIR``) without ever replacing an existing file unless ``--force``, then
validate what was written and print the problems, so the user sees what is left to do. A line
per file says what happened; a folder (or several files) ends with a table of every file, also
written as CSV with ``--report``.

The YAML cannot go through :func:`learnsum.output.write_atomically`, which refuses YAML targets
to protect summaries; this is the one command whose output *is* a summary, so it writes through
:func:`_write_yaml` here: a temporary file, then a link (never replaces) or, with ``--force``, a
rename over the old file.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import ConfigCache, ConfigError
from ..display import display_name, printable
from ..errors import LearnsumError
from ..files import (
    UnreadableFile,
    broken_link,
    display_path,
    file_identity,
    is_folder,
    read_regular_file,
)
from ..problems import Severity
from ..records import record
from ..reporters import format_text, report_config_error, use_colour

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _say(message: str) -> None:
    sys.stderr.write(f"learnsum import: {printable(message)}\n")


def _word_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files named, and every file an importer reads (.docx, .doc, .odt, .rtf) below the
    folders named (Word's ~$ lock files skipped); a file named twice is imported once."""
    from ..importers import suffixes

    readable = suffixes()
    seen: set[Path] = set()

    def first_time(path: Path) -> bool:
        key = file_identity(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        if is_folder(path):
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in readable):
                if not found.name.startswith(("~$", ".")) and found.is_file() and first_time(found):
                    yield found
        elif first_time(path):
            yield path


def _write_yaml(target: Path, text: str, force: bool) -> None:
    """Write `text` to `target` whole or not at all; never replace a file unless `force`.

    Raises FileExistsError when the file exists (or appeared meanwhile) and `force` is off.
    """
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # mkdir says "exists" when a file stands where the folder would be: not the target.
        raise NotADirectoryError(errno.ENOTDIR, f"{display_name(display_path(folder))} is not a "
                                 "folder") from None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        if force:
            os.replace(temporary, target)
            return
        try:
            # A hard link fails if the target exists: no window in which it could be replaced.
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:
            with target.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@record
class Outcome:
    """What became of one file, for the closing table and `--report`."""

    file: str
    title: str = ""
    result: str = "refused"
    todos: int = 0
    errors: int = 0
    detail: str = ""

    @property
    def shown(self) -> str:
        if self.result == "refused":
            return f"refused ({self.detail})"
        if self.result == "needs checking":
            parts = []
            if self.todos:
                parts.append(f"{self.todos} TODO mark{'s' if self.todos != 1 else ''}")
            if self.errors:
                parts.append(f"{self.errors} error{'s' if self.errors != 1 else ''}")
            return f"needs checking ({', '.join(parts)})"
        return self.result


class _Printer:
    """Lines for stdout; on a terminal, with a progress bar below them while files remain."""

    def __init__(self, total: int) -> None:
        self.progress: Any = None
        self.task: Any = None
        if total > 1 and sys.stdout.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.console = Console(file=sys.stdout, highlight=False)
            self.progress = Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.description}"), console=self.console,
                                     transient=True)
            self.task = self.progress.add_task("", total=total)
            self.progress.start()

    def line(self, text: str) -> None:
        if self.progress is not None:
            from rich.text import Text

            self.console.print(Text.from_ansi(text), soft_wrap=True)
        else:
            sys.stdout.write(text + "\n")

    def step(self, name: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=name)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _table(outcomes: Sequence[Outcome]) -> str:
    """The closing table: file, title, what became of it."""
    from rich.box import SIMPLE
    from rich.console import Console
    from rich.table import Table

    table = Table("file", "title", "result", box=SIMPLE, show_edge=False, pad_edge=False)
    for outcome in outcomes:
        table.add_row(printable(outcome.file), printable(outcome.title), printable(outcome.shown))
    stream = io.StringIO()
    console = Console(file=stream, width=max(100, shutil.get_terminal_size().columns),
                      color_system=None, highlight=False)
    console.print(table)
    imported = sum(1 for o in outcomes if o.result == "imported")
    checking = sum(1 for o in outcomes if o.result == "needs checking")
    refused = sum(1 for o in outcomes if o.result == "refused")
    lines = [line.rstrip() for line in stream.getvalue().splitlines()]
    lines.append(f"{len(outcomes)} file{'s' if len(outcomes) != 1 else ''}: {imported} imported, "
                 f"{checking} need{'s' if checking == 1 else ''} checking, {refused} refused")
    return "\n".join(lines) + "\n"


def _write_report(path: Path, outcomes: Sequence[Outcome]) -> None:
    """The closing table as CSV: file, title, result, todo_marks, errors, detail."""
    import csv

    from ..output import write_atomically

    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["file", "title", "result", "todo_marks", "errors", "detail"])
    for o in outcomes:
        writer.writerow([o.file, o.title, o.result, o.todos, o.errors, o.detail])
    write_atomically(path, stream.getvalue().encode("utf-8"))


def _explain(shown: str, imported: Any) -> list[str]:
    """What `--explain` prints for one file: per row, the label, the key chosen, the score and
    why."""
    lines = []
    for match in imported.matches:
        chosen = match.key or ("skipped" if match.why == "the table's heading row" else
                               "comments")
        lines.append(f"{shown}: {match.where}: '{printable(match.label) or '(no label)'}' -> "
                     f"{chosen} (score {match.score:.2f}: {match.why})")
    return lines


def run(paths: Sequence[Path], *, output: Path | None = None, force: bool = False,  # noqa: C901, PLR0912, PLR0915
        config_path: Path | None = None, explain: bool = False, report: Path | None = None,
        today: dt.date | None = None) -> int:
    """Import each file; 0 when every file was imported and validates without errors. One file
    that fails never stops the others."""
    from ..importers import ImportRefused, import_bytes, importer_for, suffixes
    from ..ooxml import MAX_FILE_BYTES
    from ..validate import check_file

    # `-o NAME.yaml` names the output of a single file; otherwise -o is a folder.
    single_file = output is not None and output.suffix.lower() in (".yaml", ".yml")
    if output is not None and not single_file and output.exists() and not output.is_dir():
        _say(f"{display_name(output)}: -o names a folder for the YAML files, but this is a file")
        return EXIT_USAGE
    try:
        configs = ConfigCache(config_path, inside=[output] if output is not None else paths)
    except ConfigError as error:
        return report_config_error(error.problems)
    colour = use_colour(sys.stdout)
    failed = False
    written: set[Path] = set()
    files = list(_word_files(paths))
    if not files:
        _say(f"no {', '.join(suffixes())} files found in "
             + ", ".join(display_name(p) for p in paths))
        return EXIT_PROBLEMS
    if single_file and len(files) > 1:
        _say(f"-o {display_name(output or '')} names one YAML file, but there are {len(files)} "
             "forms; give a folder")
        return EXIT_USAGE
    outcomes: list[Outcome] = []
    printer = _Printer(len(files))

    def refuse(outcome: Outcome, message: str, detail: str | None = None) -> None:
        nonlocal failed
        _say(message)
        outcome.detail = printable(detail if detail is not None else message.split(": ", 1)[-1])
        failed = True

    try:
        for source in files:
            shown = display_name(display_path(source))
            outcome = Outcome(shown)
            outcomes.append(outcome)
            printer.step(shown)
            if source.suffix.lower() in (".yaml", ".yml"):
                # Its output would be itself: say what it is, not that the output exists.
                refuse(outcome, f"{shown}: is YAML already (a summary is imported from a Word "
                                f"file: {', '.join(sorted(suffixes()))})", "is YAML already")
                continue
            if output is None:
                target = source.with_suffix(".yaml")
            elif single_file:
                target = output
            else:
                target = (output / source.name).with_suffix(".yaml")
            target_shown = display_name(display_path(target))
            if file_identity(target) in written:
                refuse(outcome, f"{shown}: another file in this run was imported to "
                                f"{target_shown}; rename one of them",
                       f"another file was imported to {target_shown}")
                continue
            if os.path.lexists(target) and not force:
                refuse(outcome, f"{shown}: {target_shown} already exists; not overwriting it "
                                "(use --force)", f"{target_shown} already exists")
                continue
            try:
                size = source.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise ImportRefused(f"the file is larger than "
                                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB; a learning "
                                        "summary is far smaller")
                # Never read_bytes(): a FIFO would hang it, and /dev/zero (size 0) never ends.
                data = read_regular_file(source, MAX_FILE_BYTES)
            except (ImportRefused, UnreadableFile) as error:
                refuse(outcome, f"{shown}: {error}", str(error))
                continue
            except OSError as error:
                why = f"cannot read: {broken_link(source) or error.strerror or error}"
                refuse(outcome, f"{shown}: {why}", why)
                continue
            try:
                config = configs.for_path(target.parent if str(target.parent) else Path("."))
            except ConfigError as error:
                printer.close()
                return report_config_error(error.problems)
            try:
                imported, text = import_bytes(data, importer_for(source), config=config,
                                              name=display_name(source.name))
            except ImportRefused as error:
                refuse(outcome, f"{shown}: refused: {error}", str(error))
                continue
            try:
                _write_yaml(target, text, force)
            except FileExistsError:
                refuse(outcome, f"{shown}: {target_shown} already exists; not overwriting it "
                                "(use --force)", f"{target_shown} already exists")
                continue
            except OSError as error:
                why = f"cannot write {target_shown}: {error.strerror or error}"
                refuse(outcome, f"{shown}: {why}", why)
                continue
            written.add(file_identity(target))
            result = check_file(target, display=target_shown, config=config, today=today)
            # The TODO(import) marks are counted on the summary line, not listed one by one.
            problems = [p for p in result.problems if p.rule != "import-unchecked"]
            if explain:
                for line in _explain(shown, imported):
                    printer.line(line)
            for note in imported.notes:
                printer.line(f"{shown}: note: {printable(note)}")
            for problem in problems:
                printer.line(format_text(problem, colour))
            errors = sum(1 for p in problems if p.severity is Severity.ERROR)
            warnings = len(problems) - errors
            todos = imported.todo_count
            printer.line(
                f"imported {shown} -> {target_shown}: {todos} TODO(import) to check, "
                f"{errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}")
            outcome.title = str(imported.data.get("title", ""))
            outcome.todos, outcome.errors = todos, errors
            outcome.result = "needs checking" if todos or errors else "imported"
            failed = failed or errors > 0
    finally:
        printer.close()
    if len(outcomes) > 1 or any(is_folder(p) for p in paths):
        sys.stdout.write(_table(outcomes))
    if report is not None:
        try:
            _write_report(report, outcomes)
        except LearnsumError as error:
            _say(str(error))
            return EXIT_PROBLEMS
    return EXIT_PROBLEMS if failed else EXIT_OK

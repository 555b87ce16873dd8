"""`learnsum report`: themes, learning and actions across reviews, for the partnership board.

Every summary under the folders is checked as `learnsum validate` checks it; those with errors are
listed (on standard error and in the report) and not counted. The exit code is 0 when the report
was written and every summary counted, 1 when some summaries were left out because of errors or
the output could not be written, and 2 for a usage error (an unknown filter value, table name or
a folder that does not exist).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import ConfigCache, ConfigError
from ..display import display_name, printable
from ..output import OutputError, mark_generated, write_output
from ..problems import Severity
from ..reporters import format_text, use_colour, write

if TYPE_CHECKING:
    from ..report.data import Report

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_NAMES = {"html": "report.html", "md": "report.md"}


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    sys.stderr.write(f"learnsum report: {printable(message)}\n")
    return code


def run(
    paths: Sequence[Path],
    *,
    output_format: str = "html",
    output: Path | None = None,
    output_folder: bool = False,
    as_of: dt.date | None = None,
    table: str | None = None,
    review_types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    themes: Sequence[str] = (),
    partnership: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    config_path: Path | None = None,
    force: bool = False,
) -> int:
    """Write the report; return the exit code. An existing HTML or Markdown file is replaced
    only when it is learnsum's, exactly as learnsum wrote it (or with `force`).
    `output_folder`: `output` was given with a trailing separator, so it is a folder."""
    from ..report.data import TABLE_NAMES, FilterError, Filters, build, collect, resolve_choice

    folders = list(paths) or [Path(".")]
    for path in folders:
        if not path.exists():
            return _fail(f"{display_name(path)}: no such file or folder")
    if table is not None:
        if output_format != "csv":
            return _fail(f"--table {table}: tables are written one by one only with --format csv")
        try:
            table = resolve_choice(table, {name: name for name in TABLE_NAMES}, "table", "--table")
        except FilterError as error:
            return _fail(str(error))
    elif output_format == "csv" and output is None:
        return _fail("--format csv writes one file per table: give a folder with -o, "
                     "or one table with --table NAME to print it")
    elif (output_format == "csv" and output is not None and not output_folder
          and output.suffix.lower() == ".csv"):
        return _fail(f"-o {display_name(output)}: with --format csv, -o is a folder for one file "
                     "per table; add --table NAME to write one table to this file")

    try:
        configs = ConfigCache(config_path, inside=folders)
        report_config = configs.for_path(folders[0])
    except ConfigError as error:
        write("text", error.problems, 0, stream=sys.stderr)
        return EXIT_USAGE
    try:
        filters = Filters.resolve(
            review_types=review_types, statuses=statuses, themes=themes,
            partnership=partnership, since=since, until=until,
            theme_labels=report_config.theme_labels,
        )
    except FilterError as error:
        return _fail(str(error))

    try:
        collection = collect(folders, configs, report_config=report_config)
    except ConfigError as error:
        write("text", error.problems, 0, stream=sys.stderr)
        return EXIT_USAGE
    try:
        filters.check_partnership(collection.reviews)
    except FilterError as error:
        return _fail(str(error))
    report = build(collection, filters, as_of=as_of or dt.date.today(), config=report_config)

    colour = use_colour(sys.stderr)
    for warning in collection.warnings:
        sys.stderr.write(format_text(warning, colour) + "\n")
    for invalid in report.invalid:
        for problem in invalid.errors:
            sys.stderr.write(format_text(problem, colour) + "\n")
    if report.invalid:
        count = len(report.invalid)
        sys.stderr.write(
            f"learnsum report: {count} {'summary' if count == 1 else 'summaries'} with errors "
            "not counted (listed above and in the report)\n")

    try:
        written = _write(report, output_format, output, table, force, output_folder)
    except OutputError as error:
        return _fail(str(error), EXIT_PROBLEMS)
    except OSError as error:
        # A template missing from a broken install, or standard output closed by `| head`.
        return _fail(f"cannot write the report: {error}", EXIT_PROBLEMS)
    for line in written:
        sys.stdout.write(line + "\n")
    failed = bool(report.invalid) or any(
        warning.severity is Severity.ERROR for warning in collection.warnings)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _write(report: Report, output_format: str, output: Path | None,
           table: str | None, force: bool = False, output_folder: bool = False) -> list[str]:
    """Write the report where asked; return what to tell the user (nothing when printed)."""
    from ..report import csv as csv_writer
    from ..report.data import Rag

    counted = f"{len(report.reviews)} review{'s' if len(report.reviews) != 1 else ''}"
    if output_format == "csv":
        tables = report.tables()
        if table is not None and output is None:
            sys.stdout.write(csv_writer.render(tables[table]))
            return []
        assert output is not None
        if table is not None and output.suffix.lower() == ".csv" and not output_folder:
            targets = {table: output}
        else:
            names = [table] if table is not None else list(tables)
            targets = {name: output / f"{name}.csv" for name in names}
        lines = []
        for name, path in targets.items():
            changed = csv_writer.write(tables[name], path)
            rows = len(tables[name].rows)
            state = "wrote" if changed else "unchanged"
            lines.append(f"{state} {display_name(path)} ({rows} row{'s' if rows != 1 else ''})")
        return lines

    if output_format == "html":
        from ..report.html import render
    else:
        from ..report.markdown import render
    text = render(report)
    if output is None:
        sys.stdout.write(text)
        return []
    if output_folder or output.is_dir():
        output = output / DEFAULT_NAMES[output_format]
    changed = write_output(output, mark_generated(text).encode("utf-8"), output_format,
                           force=force)
    overdue = report.rag_counts[Rag.RED]
    return [f"{'wrote' if changed else 'unchanged'} {display_name(output)} ({counted}, "
            f"{overdue} overdue action{'s' if overdue != 1 else ''})"]

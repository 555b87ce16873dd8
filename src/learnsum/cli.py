"""The `learnsum` command line: a thin typer layer over one function per command.

Each command module's `run(...)` returns the exit code; this module only declares options and
imports the command it dispatches to when it is called, so `learnsum validate` does not pay for
python-docx or Jinja2 at start-up. The console entry point is learnsum.entry, which runs a
plain `validate` or `render` without importing typer, reading the same options as declared here
(tests/test_cli_entry.py holds the two equal), and hands every other command line to `run_typer`.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .cli_shared import (
    OUTPUT_FORMATS,
    catch_signals,
    guarded,
    marking_is_one_line,
    one_of,
    output_path,
    parse_day,
)
from .cli_shared import render_command as _render
from .cli_shared import validate_command as _validate
from .render.registry import ALL, BY_NAME, NAMES


def _named_for_people(command: Any) -> Any:
    """The command line with each argument shown in help by its name for people (`PATH...`),
    never with a Python type (`<list[Path]>`, which recent typer versions add)."""

    def record(param: Any) -> Callable[[Any], tuple[str, str]]:
        name = (param.metavar or param.name or "").upper() + ("..." if param.nargs != 1 else "")
        return lambda ctx: (name, getattr(param, "help", None) or "")

    def usage(param: Any) -> Callable[[Any], list[str]]:
        name = (param.metavar or param.name or "").upper()
        name = name if param.required else f"[{name}]"
        return lambda ctx: [name + ("..." if param.nargs != 1 else "")]

    for sub in getattr(command, "commands", {}).values():
        _named_for_people(sub)
    for param in getattr(command, "params", []):
        if getattr(param, "param_type_name", None) == "argument":
            param.get_help_record = record(param)
            param.get_usage_pieces = usage(param)
    return command


class _Typer(typer.Typer):
    """typer's application, with its help showing arguments as people name them."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Always "learnsum" (in usage lines and completion), also run as `python -m learnsum`.
        kwargs.setdefault("prog_name", "learnsum")
        return _named_for_people(typer.main.get_command(self))(*args, **kwargs)


app = _Typer(
    name="learnsum",
    help="Check and render learning summaries from safeguarding case reviews.",
    no_args_is_help=True,
    # --install-completion and --show-completion (bash, zsh, fish, PowerShell): docs/cli.md.
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


#: The report formats of `learnsum validate`.
OutputFormat: type[Enum] = Enum(  # type: ignore[misc]
    "OutputFormat", [(name, name) for name in OUTPUT_FORMATS], type=str)


#: The formats of `learnsum render` (and "all"), from the renderers' registry.
RenderFormat: type[Enum] = Enum(  # type: ignore[misc]
    "RenderFormat", [(name, name) for name in NAMES], type=str)


class ReportFormat(str, Enum):
    html = "html"
    md = "md"
    csv = "csv"


def _one_of(choices: type[Enum], what: str) -> Callable[[str | None], str | None]:
    """An option callback that takes one of `choices`, and otherwise says in one line which
    values there are (the nearest first), in learnsum's words rather than a library's."""
    names = [str(choice.value) for choice in choices]

    def check(value: str | None) -> str | None:
        if value is None or (chosen := one_of(value, names)) is not None:
            return value if value is None else chosen
        from .suggest import did_you_mean

        raise typer.BadParameter(f"'{value}' is not {what}{did_you_mean(value, names)}; "
                                 f"use one of: {', '.join(names)}")

    return check


def _each(check: Callable[[str | None], str | None]
          ) -> Callable[[list[str] | None], list[str]]:
    """The callback of an option given several times: `check` for each value (a list, even
    when the option was not given: typer converts what the callback returns)."""

    def check_each(values: list[str] | None) -> list[str]:
        return [checked for value in values or () if (checked := check(value)) is not None]

    return check_each


def _completion(choices: type[Enum]) -> Callable[[str], list[str]]:
    """Shell completion of an option's values (`--install-completion`)."""
    return lambda incomplete: [str(choice.value) for choice in choices
                               if str(choice.value).startswith(incomplete)]


def _metavar(choices: type[Enum]) -> str:
    return "<" + "|".join(str(choice.value) for choice in choices) + ">"


def _deprecated(old: str, new: str, check: Callable[[str | None], str | None] | None = None
                ) -> Callable[[str | None], str | None]:
    """The callback of an old spelling kept working: a note on stderr (never on stdout, which
    may be a report a tool reads), then the check of the new spelling."""

    def note(value: str | None) -> str | None:
        if value is None:
            return None
        sys.stderr.write(f"learnsum: {old} is deprecated here: use {new} (docs/cli.md)\n")
        return check(value) if check is not None else value

    return note


def _parse_day(value: str | None) -> dt.date | None:
    from .dates import DateFormatError

    try:
        return parse_day(value)
    except DateFormatError as error:
        raise typer.BadParameter(str(error)) from None


_output_path = output_path


def _version(value: bool) -> None:
    if value:
        typer.echo(f"learnsum {__version__}")
        raise typer.Exit(0)


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Use this .learnsum.yaml instead of looking for one.",
                 exists=True, dir_okay=False, metavar="FILE"),
]

#: The summaries a command reads: files or folders.
PathsArgument = Annotated[list[Path] | None, typer.Argument(
    metavar="PATH",
    help="Summary files or folders (default: every summary under the current folder).")]


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Check and render learning summaries from safeguarding case reviews."""


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", help="Summary files or folders (default: every summary under the "
        "current folder); - reads one summary from standard input.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    output_format: Annotated[str, typer.Option(
        "--output-format",
        help="text (one line a problem), json, github annotations, sarif (GitHub code "
        "scanning) or gitlab (Code Quality).",
        metavar=_metavar(OutputFormat), autocompletion=_completion(OutputFormat),
        callback=_one_of(OutputFormat, "an output format of validate"))
    ] = "text",
    old_format: Annotated[str | None, typer.Option(
        "--format", "-f", hidden=True, callback=_deprecated(
            "--format/-f (the report's format)", "--output-format",
            _one_of(OutputFormat, "an output format of validate")))] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print the problems only, without the summary line.")] = False,
    no_warnings: Annotated[bool, typer.Option(
        "--no-warnings", help="Report errors only.")] = False,
    stdin_filename: Annotated[str | None, typer.Option(
        "--stdin-filename", metavar="FILE", help="With -: the file the text is from, for "
        "messages and to find its .learnsum.yaml.")] = None,
    privacy_only: Annotated[bool, typer.Option(
        "--privacy-only", help="Run only the personal-identifier checks.")] = False,
    config: ConfigOption = None,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="DATE",
        help="Check dates as if today were this date (for reproducible CI).")] = None,
) -> None:
    """Check summaries: every error and warning, as path:line:col.

    \b
    Examples:
      learnsum validate reviews/
      learnsum validate --output-format sarif reviews/ > learnsum.sarif
      learnsum validate - --stdin-filename reviews/child-t.yaml < draft.yaml
    """
    raise typer.Exit(_validate(
        paths=paths, strict=strict, output_format=output_format, old_format=old_format,
        quiet=quiet, no_warnings=no_warnings, stdin_filename=stdin_filename,
        privacy_only=privacy_only, config=config, today=_parse_day(today)))


@app.command()
def render(
    paths: PathsArgument = None,
    output_format: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help=f"{', '.join(BY_NAME)}, or {ALL}; repeat it for several "
        "(-f md -f html). Default: docx, plus pptx "
        "for a summary with `slides: generate`.", metavar=_metavar(RenderFormat),
        autocompletion=_completion(RenderFormat),
        callback=_each(_one_of(RenderFormat, "a format learnsum renders")))
    ] = None,
    old_format: Annotated[str | None, typer.Option(
        "-t", hidden=True, callback=_deprecated("-t", "-f/--format", _one_of(
            RenderFormat, "a format learnsum renders")))] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Output file (one input) or folder (several, or "
        "ending in /); default: beside each summary.")] = None,
    no_guidance: Annotated[bool, typer.Option(
        "--no-guidance", help="Leave the form's guidance prompts out (for publication).")] = False,
    marking: Annotated[str | None, typer.Option(
        "--marking", metavar="TEXT",
        help="Protective marking for every page, e.g. OFFICIAL-SENSITIVE.")] = None,
    reference_docx: Annotated[Path | None, typer.Option(
        "--reference-docx", help="Take styles, headers and logo from this Word file.",
        exists=True, dir_okay=False, metavar="FILE")] = None,
    reference_pptx: Annotated[Path | None, typer.Option(
        "--reference-pptx", help="Take masters, logo and colours from this PowerPoint file.",
        exists=True, dir_okay=False, metavar="FILE")] = None,
    template_dir: Annotated[Path | None, typer.Option(
        "--template-dir", help="Use Jinja2 templates from this folder for md and html.",
        exists=True, file_okay=False, metavar="FOLDER")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Also replace existing files that learnsum did not make, or that were "
        "changed since it made them.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Do not render a summary that has warnings (exit 1).")] = False,
    fail_on_new: Annotated[bool, typer.Option(
        "--fail-on-new", help="Exit 1 while an output is not tracked by git, so that it is "
        "added (the pre-commit hook).")] = False,
    config: ConfigOption = None,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="DATE", help="Check dates as if today were this date.")] = None,
) -> None:
    """Render summaries to Word, Markdown, HTML, PDF or slides.

    \b
    Examples:
      learnsum render reviews/child-t.yaml
      learnsum render --format pdf --no-guidance reviews/ -o published/
    """
    if not marking_is_one_line(marking):
        raise typer.BadParameter("the marking must be one line (it is printed in page headers)",
                                 param_hint="--marking")
    raise typer.Exit(_render(
        paths=paths, output_format=output_format, old_format=old_format, output=output,
        no_guidance=no_guidance, marking=marking, reference_docx=reference_docx,
        reference_pptx=reference_pptx, template_dir=template_dir, force=force, strict=strict,
        fail_on_new=fail_on_new, config=config, today=_parse_day(today)))


@app.command()
def new(
    path: Annotated[Path, typer.Argument(
        metavar="PATH", help="The summary file to create (.yaml).")],
    review_type: Annotated[str, typer.Option(
        "--type", metavar="TYPE",
        help="The review type, e.g. cspr, case-mapping, sar.")] = "learning-review",
    config: ConfigOption = None,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="DATE",
        help="Write this date as `completed` instead of today's.")] = None,
) -> None:
    """Write a starter summary with every section and the form's prompts.

    \b
    Example:
      learnsum new reviews/child-t.yaml --type cspr
    """
    from .commands.new import run

    raise typer.Exit(run(path, review_type, config, today=_parse_day(today)))


@app.command()
def schema(
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Write the schema to this file (or into this "
        "folder, when it ends in /) instead of printing it.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing file that is not learnsum's schema output.")
    ] = False,
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="Include this .learnsum.yaml's own themes, agencies and wording.",
        exists=True, dir_okay=False, metavar="FILE")] = None,
) -> None:
    """Print the JSON Schema of format v1 (for editors and other tools).

    \b
    Example:
      learnsum schema --config .learnsum.yaml -o schema/learnsum-v1.schema.json
    """
    from .commands.schema import run

    output_path, into_folder = _output_path(output)
    raise typer.Exit(run(output_path, force=force, into_folder=into_folder, config_path=config))


@app.command()
def rules(
    config: ConfigOption = None,
    explain: Annotated[
        str | None,
        typer.Option("--explain", metavar="RULE", help="Print one rule's documentation."),
    ] = None,
) -> None:
    """List every rule: its id, level and what it checks.

    \b
    Examples:
      learnsum rules
      learnsum rules --explain nhs-number
    """
    from .commands.rules import run_explain, run_rules

    raise typer.Exit(run_explain(explain) if explain is not None else run_rules(config))


@app.command()
def themes(config: ConfigOption = None) -> None:
    """List the themes, review types and other vocabularies.

    \b
    Example:
      learnsum themes --config reviews/.learnsum.yaml
    """
    from .commands.rules import run_themes

    raise typer.Exit(run_themes(config))


@app.command("config")
def config_command(
    show: Annotated[bool, typer.Option(
        "--show", help="Print the effective configuration and where each value comes from.")
    ] = False,
    path: Annotated[Path | None, typer.Argument(
        metavar="PATH", help="Show the configuration that applies to this file or folder.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Show the configuration that applies here (.learnsum.yaml).

    \b
    Example:
      learnsum config --show reviews/child-t.yaml
    """
    from .commands.config import run

    raise typer.Exit(run(show=show, path=path, config_path=config))


@app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", help="Learning summary forms (.docx, .doc, .odt, .rtf), or folders of "
        "them.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH", help="A .yaml file (for one form) or a folder for the "
        "YAML files (default: beside each form).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite an existing YAML file.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show, per row, the label found, the section chosen, the score and "
        "why.")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE", help="Also write the closing table (file, title, result) to "
        "this CSV file.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="DATE", help="Check dates as if today were this date.")] = None,
    config: ConfigOption = None,
) -> None:
    """Turn learning summary forms (Word, OpenDocument, RTF) into format-v1 YAML.

    \b
    Example:
      learnsum import old-forms/ -o reviews/ --report import.csv
    """
    from .commands.import_ import run

    raise typer.Exit(run(paths, output=output, force=force, config_path=config,
                         explain=explain, report=report, today=_parse_day(today)))


@app.command()
def report(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", help="Folders of summaries (default: the current folder).")] = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="html, md or csv.", metavar=_metavar(ReportFormat),
        autocompletion=_completion(ReportFormat),
        callback=_one_of(ReportFormat, "a report format"))] = ReportFormat.html.value,
    old_format: Annotated[str | None, typer.Option(
        "-t", hidden=True, callback=_deprecated("-t", "-f/--format", _one_of(
            ReportFormat, "a report format")))] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Output file (html, md; a folder when it ends "
        "in /) or folder (csv).")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="DATE",
        help="Count actions overdue as if today were this date.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", hidden=True, callback=_deprecated("--as-of", "--today"))] = None,
    table: Annotated[str | None, typer.Option(
        "--table", metavar="TABLE", help="With csv: write only this table.")] = None,
    review_type: Annotated[list[str] | None, typer.Option(
        "--type", metavar="TYPE", help="Only reviews of this type (repeatable).")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", metavar="STATUS",
        help="Only summaries with this status (repeatable).")] = None,
    theme: Annotated[list[str] | None, typer.Option(
        "--theme", metavar="THEME", help="Only summaries with this theme (repeatable).")] = None,
    partnership: Annotated[str | None, typer.Option(
        "--partnership", metavar="NAME", help="Only summaries of this partnership.")] = None,
    since: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="Only summaries completed on or after this date.")
    ] = None,
    until: Annotated[str | None, typer.Option(
        "--to", metavar="DATE", help="Only summaries completed on or before this date.")
    ] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing HTML or Markdown file that learnsum did not make, "
        "or that was changed since.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Report themes, learning and actions across reviews for the board.

    \b
    Examples:
      learnsum report reviews/ -o board-report.html
      learnsum report reviews/ --format csv -o tables/ --from 2025-04-01 --to 2026-03-31
    """
    from .commands.report import run

    output_path, into_folder = _output_path(output)
    raise typer.Exit(run(
        paths or [],
        output_format=old_format or output_format,
        output=output_path,
        output_folder=into_folder,
        as_of=_parse_day(as_of or today),
        table=table,
        review_types=review_type or [],
        statuses=status or [],
        themes=theme or [],
        partnership=partnership,
        since=_parse_day(since),
        until=_parse_day(until),
        config_path=config,
        force=force,
    ))


# -- editors: the language server ---------------------------------------------------------------
@app.command()
def lsp() -> None:
    """Run the language server on standard input and output, for editors (docs/editors.md).

    \b
    Example (what an editor runs; Neovim, Helix, Emacs and VS Code set-up in docs/editors.md):
      learnsum lsp
    """
    from .commands.lsp import run

    raise typer.Exit(run())


_catch_signals = catch_signals


def _command_tree(argv: list[str]) -> typer.Typer:
    """The app with only the command named first on the command line, when there is one.

    typer reads the parameters of every command when it builds the command tree, which cost
    more than checking a summary; one command does not need the others. `learnsum`, `learnsum
    --help` and an unknown command get the whole tree (its help lists every command)."""
    name = argv[1] if len(argv) > 1 else None
    # (getattr: a test may put a plain function in the app's place.)
    for info in getattr(app, "registered_commands", ()):
        callback_name = getattr(info.callback, "__name__", "")
        if name is not None and (info.name or callback_name.replace("_", "-")) == name:
            lone = copy.copy(app)
            lone.registered_commands = [info]
            return lone
    return app


def run_typer(argv: Sequence[str]) -> None:
    """The whole command line, as typer reads it (learnsum.entry's way for everything it does
    not read itself)."""
    _command_tree(list(argv))()


def main() -> None:
    """The command line through typer only, always: usage errors exit 2, and no traceback
    reaches the user. (The console entry point is learnsum.entry.main.)"""

    def body() -> None:
        _catch_signals()
        _command_tree(sys.argv)()

    guarded(body)


if __name__ == "__main__":  # pragma: no cover
    main()

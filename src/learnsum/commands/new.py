"""`learnsum new`: a starter summary with every section of the form, its prompts as comments."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import sys
import textwrap
from pathlib import Path

from .. import catalogue
from ..config import Config, ConfigCache, ConfigError
from ..display import display_name, printable
from ..output import OutputError, check_output_path, create_file
from ..reporters import report_config_error
from .schema import SCHEMA_FILE

#: What each section's starter value asks for; `[insert ...]` is flagged by placeholder-text.
_STARTERS: dict[str, str] = {
    "completed": "{today}",
    "review": (
        "\n  type: {review_type}             # {review_types}"
        "\n  purpose: >-\n    [insert the method, who led it, who took part, how long it took]"
    ),
    "case": (
        "\n  incident: '[insert month/year, e.g. December 2014]'"
        "\n  precis: |\n    [insert a short, anonymised account of the case]"
    ),
    "case_learning": (
        "\n  - text: '[insert a specific issue, area of concern or good practice]'"
        "\n    kind: concern                # concern | good-practice | issue"
        "\n    themes: []"
    ),
    "method_learning": (
        "|\n  [insert what worked and what didn't, who was involved, how long it took]"),
    "single_agency": (
        "\n  - agency: '[insert agency, e.g. Health]'"
        "\n    points:\n      - '[insert transferable learning for this agency]'"
    ),
    "multi_agency": "\n  - '[insert transferable learning for all agencies]'",
    "actions": (
        "\n  - owner: '[insert a role, never a person''s name]'"
        "\n    action: '[insert what will change]'"
        "\n    due: '[insert date, e.g. 31/03/2026]'"
        "\n    status: open                 # open | in-progress | done | dropped"
    ),
    "audit": "|\n  [insert how you will know that practice has changed]",
    "comments": "|\n  [insert anything else, or delete this section]",
    "updates": "[]",
    "slides": "{slides}",
}


def scaffold(config: Config, review_type: str, today: dt.date, schema_ref: str) -> str:
    needs_slides = review_type in config.slides_required_for
    values = {
        "today": today.isoformat(),
        "review_type": review_type,
        "review_types": " | ".join(catalogue.ids(catalogue.REVIEW_TYPES)),
        "slides": "generate" if needs_slides else "not-applicable",
    }
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# A learning summary in learnsum format {catalogue.FORMAT_VERSION}. "
        "Replace every [insert ...]; `learnsum validate` lists what is left.",
        f"learnsum: {catalogue.FORMAT_VERSION}",
        "title: '[insert the pseudonym the review is published under, e.g. Child O]'",
        "reference: ''                   # your local reference (optional)",
        f"partnership: {_quote(config.partnership or '')}",
        "status: draft                   # draft | final | published",
        "themes: []                      # e.g. [information-sharing, voice-of-the-child]; "
        "see `learnsum themes`",
    ]
    if review_type == "other":
        review_starter = (_STARTERS["review"]
                          + "\n  label: '[insert the name of this kind of review]'")
    else:
        review_starter = _STARTERS["review"]
    for section in config.sections:
        lines.append("")
        lines.extend(_comment(section.label))
        if section.prompt:
            lines.extend(_comment(section.prompt))
        starter = review_starter if section.key == "review" else _STARTERS[section.key]
        value = starter.format(**values)
        separator = "" if value.startswith("\n") else " "
        lines.append(f"{section.key}:{separator}{value}")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, 96)]


def _quote(text: str) -> str:
    return "''" if not text else "'" + text.replace("'", "''") + "'"


def _schema_reference(target: Path) -> str:
    folder = target.parent.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / SCHEMA_FILE
        if path.is_file():
            return os.path.relpath(path, folder)
        if (candidate / ".git").exists():
            return os.path.relpath(candidate / SCHEMA_FILE, folder)
    return str(SCHEMA_FILE)


def run(path: Path, review_type: str = "learning-review", config_path: Path | None = None,
        today: dt.date | None = None) -> int:
    known = catalogue.ids(catalogue.REVIEW_TYPES)
    if review_type not in known:
        from ..suggest import did_you_mean

        sys.stderr.write(f"learnsum new: unknown review type '{review_type}'"
                         f"{did_you_mean(review_type, known)}; use one of: {', '.join(known)}\n")
        return 2
    shown = display_name(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        sys.stderr.write(f"learnsum new: {shown}: a summary file name ends in .yaml\n")
        return 2
    if path.exists():
        sys.stderr.write(f"learnsum new: {shown} already exists; not overwriting it\n")
        return 1
    try:
        folder = path.parent if str(path.parent) else Path(".")
        config = ConfigCache(config_path, inside=[folder]).for_path(folder)
    except ConfigError as error:
        return report_config_error(error.problems)
    text = scaffold(config, review_type, today or dt.date.today(), _schema_reference(path))
    try:
        check_output_path(path.with_suffix(".tmp"))
        # Whole or not at all (a full disk leaves nothing to block a retry), and never over a
        # file that appeared since the check above.
        create_file(path, text.encode("utf-8"))
    except FileExistsError:
        sys.stderr.write(f"learnsum new: {shown} already exists; not overwriting it\n")
        return 1
    except OutputError as error:
        sys.stderr.write(f"learnsum new: {error}\n")
        return 1
    except OSError as error:
        reason = printable(str(error.strerror or error))
        sys.stderr.write(f"learnsum new: {shown}: cannot write: {reason}\n")
        return 1
    sys.stderr.write(f"wrote {shown}: fill in every [insert ...], then run "
                     f"`learnsum validate {shlex.quote(shown)}`\n")
    _write_schema_for_editors(path, config)
    return 0


def _write_schema_for_editors(summary: Path, config: Config) -> None:
    """Write the schema where the new file's `$schema=` line points, when nothing is there yet,
    so that an editor finds it at once; when it cannot be written, say the command that does."""
    reference = _schema_reference(summary)
    schema_path = Path(os.path.normpath(summary.parent / reference))
    if schema_path.exists():
        return
    from .schema import write_schema

    try:
        schema_path.parent.mkdir(parents=True, exist_ok=True)
        write_schema(schema_path, config)
    except (OutputError, OSError) as error:
        reason = printable(str(getattr(error, "strerror", None) or error))
        sys.stderr.write(f"learnsum new: the schema for editors was not written ({reason}); "
                         f"run `learnsum schema -o {shlex.quote(display_name(schema_path))}`\n")
        return
    sys.stderr.write(f"wrote {display_name(schema_path)}, the schema editors check the summary "
                     "with (commit it beside your summaries)\n")

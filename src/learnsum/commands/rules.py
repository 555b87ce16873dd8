"""`learnsum rules` and `learnsum themes`: what is checked, and the vocabularies."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..config import ConfigCache, ConfigError
from ..display import printable
from ..reporters import report_config_error

#: The width of the tables when standard output is not a terminal (a pipe, a file): full lines.
PIPE_WIDTH = 160

#: Below this width the rules are listed one under another instead of in a table.
TABLE_WIDTH = 110

#: The columns a two-column table takes beside its text: three rules and a space either side
#: of each cell ("│ id │ label │").
THEMES_TABLE_CHROME = 7


def output_width() -> int:
    """The terminal's width (COLUMNS when set, as shells and rich read it); a pipe gets
    PIPE_WIDTH, so that the lines stay whole for grep."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return PIPE_WIDTH


def print_entry(console: Console, name: str, about: str, detail: str) -> None:
    """One entry of a list printed one under another, where a table would not fit: `name` (an
    id, in bold) and `about` on one line, `detail` indented below. The name is what users type,
    so it is never cut: folded with `about` when it fits the width, else printed whole."""
    line = Text(name, style="bold")
    if about:
        line.append(f"  {about}")
    if cell_len(name) <= console.width:
        console.print(line, overflow="fold")
    else:
        console.print(line, soft_wrap=True)
    console.print(Padding(Text(detail), (0, 0, 1, 4)))


def run_rules(config_path: Path | None = None) -> int:
    from ..rules import REGISTRY

    try:
        config = ConfigCache(config_path, inside=[]).for_path(Path.cwd())
    except ConfigError as error:
        return report_config_error(error.problems)
    from rich.markup import escape

    width = output_width()
    console = Console(width=width)
    table = Table(title="learnsum rules", show_lines=False)
    for column in ("rule", "default", "here", "kind"):
        table.add_column(column, no_wrap=True)
    table.add_column("what it checks", overflow="fold")
    for rule in REGISTRY.values():
        level = config.rule_level(rule.id, rule.level) if rule.configurable else rule.level
        shown = "off" if level is None else level.value
        # placeholder-text's own summary says it becomes an error once a summary is final.
        default = rule.level.value
        kind = rule.category if rule.configurable else "format (always)"
        if width < TABLE_WIDTH:
            # Narrow: the id, its level and kind on one line, what it checks indented below.
            here = shown if shown == default else f"{shown} (default {default})"
            print_entry(console, rule.id, f"{here}, {kind}", rule.summary)
            continue
        # Summaries quote "[insert ...]", which rich would otherwise read as markup and drop.
        table.add_row(rule.id, default, shown, kind, escape(rule.summary))
    if width >= TABLE_WIDTH:
        console.print(table)
    return 0


def run_explain(rule_id: str) -> int:
    """Print the documentation of one rule; an unknown id is one line on stderr and exit 2."""
    from ..rules import REGISTRY
    from ..suggest import did_you_mean

    rule = REGISTRY.get(rule_id)
    if rule is None:
        sys.stderr.write(f"learnsum: error: unknown rule '{printable(rule_id)}'"
                         f"{did_you_mean(rule_id, list(REGISTRY))}; `learnsum rules` lists them\n")
        return 2
    sys.stdout.write(rule.explain())
    return 0


def rules_markdown_table() -> str:
    """The rules table of docs/configuration.md, from the registry (a test keeps them equal)."""
    from ..rules import REGISTRY

    lines = ["| rule | default | kind | what it checks |", "|---|---|---|---|"]
    for rule in REGISTRY.values():
        kind = rule.category if rule.configurable else "format (always)"
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| `{rule.id}` | {rule.level.value} | {kind} | {summary} |")
    return "\n".join(lines) + "\n"


def run_themes(config_path: Path | None = None) -> int:
    from .. import catalogue

    try:
        config = ConfigCache(config_path, inside=[]).for_path(Path.cwd())
    except ConfigError as error:
        return report_config_error(error.problems)
    from rich.markup import escape

    console = Console(width=output_width())
    vocabularies = (
        ("Themes", config.themes),
        ("Review types", catalogue.REVIEW_TYPES),
        ("Kinds of point", catalogue.POINT_KINDS),
        ("Summary statuses", catalogue.STATUSES),
        ("Action statuses", catalogue.ACTION_STATUSES),
    )
    # Labels come from .learnsum.yaml: shown as text (not rich markup), escapes visible.
    shown = [(title, [(printable(term.id), printable(term.label)) for term in terms])
             for title, terms in vocabularies]
    # The ids whole, and the labels wrapped between words: the table is drawn when it has room
    # for the longest id beside the longest word of a label; narrower, the list form.
    longest_id = max(cell_len(term_id) for _, rows in shown for term_id, _ in rows)
    longest_word = max((cell_len(word) for _, rows in shown for _, label in rows
                        for word in label.split()), default=1)
    as_table = console.width >= longest_id + longest_word + THEMES_TABLE_CHROME
    for title, rows in shown:
        if not as_table:
            console.print(Text(title, style="bold underline"))
            for term_id, label in rows:
                print_entry(console, term_id, "", label)
            continue
        table = Table(title=title)
        table.add_column("id", no_wrap=True, min_width=longest_id)
        table.add_column("label", overflow="fold", min_width=longest_word)
        for term_id, label in rows:
            table.add_row(escape(term_id), escape(label))
        console.print(table)
    return 0

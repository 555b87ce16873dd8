"""`learnsum rules` and `learnsum themes`: what is checked, and the vocabularies."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..config import ConfigCache, ConfigError
from ..display import printable
from ..reporters import report_config_error


def run_rules(config_path: Path | None = None) -> int:
    from ..rules import REGISTRY

    try:
        config = ConfigCache(config_path, inside=[]).for_path(Path.cwd())
    except ConfigError as error:
        return report_config_error(error.problems)
    from rich.markup import escape

    table = Table(title="learnsum rules", show_lines=False)
    for column in ("rule", "default", "here", "kind", "what it checks"):
        table.add_column(column)
    for rule in REGISTRY.values():
        level = config.rule_level(rule.id, rule.level) if rule.configurable else rule.level
        shown = "off" if level is None else level.value
        # placeholder-text's own summary says it becomes an error once a summary is final.
        default = rule.level.value
        kind = rule.category if rule.configurable else "format (always)"
        # Summaries quote "[insert ...]", which rich would otherwise read as markup and drop.
        table.add_row(rule.id, default, shown, kind, escape(rule.summary))
    Console(width=160).print(table)
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

    console = Console(width=160)
    for title, terms in (
        ("Themes", config.themes),
        ("Review types", catalogue.REVIEW_TYPES),
        ("Kinds of point", catalogue.POINT_KINDS),
        ("Summary statuses", catalogue.STATUSES),
        ("Action statuses", catalogue.ACTION_STATUSES),
    ):
        table = Table(title=title)
        table.add_column("id")
        table.add_column("label")
        for term in terms:
            # Labels come from .learnsum.yaml: shown as text (not rich markup), escapes visible.
            table.add_row(escape(printable(term.id)), escape(printable(term.label)))
        console.print(table)
    return 0

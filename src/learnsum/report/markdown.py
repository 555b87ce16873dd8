"""The report as Markdown: headings and pipe tables, for a wiki, a pull request or pandoc."""

from __future__ import annotations

import re

from .. import __version__
from ..catalogue import FIELD_LABELS
from .data import REPORT_LABELS, Report
from .templating import environment, show

TEMPLATE = "report.md.j2"

#: Characters that Markdown would read as markup inside a table cell.
_SPECIAL = re.compile(r"([\\|<>*_`\[\]])")
#: What starts a block when it begins a line: a heading (`# x.yaml`), a quote, a list item, a
#: numbered item, a setext underline or a code fence.
_BLOCK_START = re.compile(r"^(?:([#>+=~-])|(\d+)([.)]))")


def cell(value: object) -> str:
    """One table cell: on one line, with pipes and markup characters escaped."""
    text = " ".join(show(value).split())
    return _SPECIAL.sub(r"\\\1", text)


def text(value: object) -> str:
    """Running text (titles, owners, file names) with markup characters escaped, including
    those that would start a heading or a list when the text begins a line or a list item."""
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else
                            f"{m.group(2)}\\{m.group(3)}", cell(value))


def render(report: Report) -> str:
    from ..sandbox import render as render_bounded

    env = environment(autoescape=False)
    env.filters["cell"] = cell
    env.filters["md"] = text
    template = env.get_template(TEMPLATE)
    rendered = render_bounded(
        template,
        report=report,
        tables=report.tables(),
        labels=REPORT_LABELS,
        field=FIELD_LABELS,
        version=__version__,
    )
    # The template's blocks leave runs of blank lines; Markdown needs at most one.
    return re.sub(r"\n{3,}", "\n\n", rendered)

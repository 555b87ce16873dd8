"""The report as one self-contained HTML page: inline CSS, inline SVG charts, no network.

The page is complete without JavaScript; a few lines of inline script only make the index of
reviews sortable by clicking its headings.
"""

from __future__ import annotations

from .. import __version__
from ..catalogue import FIELD_LABELS
from .data import REPORT_LABELS, Report
from .svg import bar_chart, stacked_bar_chart
from .templating import environment

TEMPLATE = "report.html.j2"
#: What the charts count, as their descriptions say it.
REVIEWS = ("review", "reviews")
POINTS = ("learning point", "learning points")


def charts(report: Report) -> dict[str, str]:
    """Each chart's SVG, by the id of the section it illustrates."""
    return {
        "themes": bar_chart(
            "chart-themes", REPORT_LABELS["chart_themes"],
            [(theme.label, theme.reviews) for theme in report.themes], REVIEWS),
        "types-by-year": stacked_bar_chart(
            "chart-types-by-year", REPORT_LABELS["chart_types_by_year"],
            [str(year) for year in report.years],
            [(row.label, row.counts) for row in report.types_by_year], REVIEWS),
        "agencies": bar_chart(
            "chart-agencies", REPORT_LABELS["chart_agencies"],
            [(agency.agency, agency.points) for agency in report.agencies], POINTS),
    }


def render(report: Report) -> str:
    """The HTML page; every value from the summaries is escaped by Jinja2's autoescape."""
    from markupsafe import Markup

    from ..sandbox import render as render_bounded

    env = environment(autoescape=True)
    template = env.get_template(TEMPLATE)
    return render_bounded(
        template,
        report=report,
        tables=report.tables(),
        # svg.py escapes every text it draws, so its output is already safe markup.
        charts={key: Markup(svg) for key, svg in charts(report).items()},  # noqa: S704
        labels=REPORT_LABELS,
        field=FIELD_LABELS,
        version=__version__,
    )

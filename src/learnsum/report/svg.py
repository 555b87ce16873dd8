"""Bar charts as inline SVG, drawn here so the HTML report needs no script library or network.

Each chart is an image with a <title> and a <desc> (named by aria-labelledby) that says in words
what the bars show; the report puts the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 720
BAR_HEIGHT = 18
GAP = 6
FONT_SIZE = 12
#: Average width of a character at FONT_SIZE in a sans-serif font, to size the label column.
CHAR_WIDTH = 7.0
#: Room for a short label such as a year, with a margin.
MIN_LABEL_WIDTH = 56
MAX_LABEL_CHARS = 40
KEY_COLUMNS = 2
BAR_COLOUR = "#1f5f8b"
#: Okabe and Ito's palette, told apart by people with colour-blindness.
SERIES_COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#000000", "#999999", "#882255",
)


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _shorten(label: str) -> str:
    if len(label) <= MAX_LABEL_CHARS:
        return label
    return label[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def _label_width(labels: Sequence[str]) -> int:
    longest = max((len(_shorten(label)) for label in labels), default=4)
    return max(MIN_LABEL_WIDTH, int(longest * CHAR_WIDTH) + 12)


def _open(chart_id: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_text(chart_id)}" '
        f'role="img" aria-labelledby="{_text(chart_id)}-title {_text(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="system-ui, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{_text(chart_id)}-title">{_text(title)}</title>',
        f'<desc id="{_text(chart_id)}-desc">{_text(desc)}</desc>',
    ]


def _count(value: int, unit: tuple[str, str]) -> str:
    return f"{value} {unit[0] if value == 1 else unit[1]}"


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, int]],
              unit: tuple[str, str]) -> str:
    """Horizontal bars, one per (label, value), with the value written at the end of each bar.

    `unit` names what is counted, singular and plural, for the description ("review", "reviews").
    """
    desc = "; ".join(f"{label}: {_count(value, unit)}" for label, value in bars) or "No data."
    label_width = _label_width([label for label, _ in bars])
    top = GAP
    height = top + len(bars) * (BAR_HEIGHT + GAP) + GAP
    plot = WIDTH - label_width - 48
    most = max((value for _, value in bars), default=0) or 1
    parts = _open(chart_id, title, desc, height)
    for index, (label, value) in enumerate(bars):
        y = top + index * (BAR_HEIGHT + GAP)
        length = round(plot * value / most, 1)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<g><title>{_text(label)}: {value}</title>'
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="central">{_text(_shorten(label))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6}" y="{middle}" '
            f'dominant-baseline="central">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar_chart(chart_id: str, title: str, categories: Sequence[str],
                      series: Sequence[tuple[str, Sequence[int]]],
                      unit: tuple[str, str]) -> str:
    """One horizontal bar per category (a year), stacked by series (review types), with a key.

    `series` is (label, one value per category).
    """
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    desc_parts = []
    for index, category in enumerate(categories):
        pieces = ", ".join(f"{label} {values[index]}" for label, values in series
                           if values[index])
        desc_parts.append(f"{category}: {_count(totals[index], unit)} ({pieces})")
    desc = "; ".join(desc_parts) or "No data."
    label_width = _label_width(list(categories))
    plot = WIDTH - label_width - 48
    most = max(totals, default=0) or 1
    key_rows = (len(series) + KEY_COLUMNS - 1) // KEY_COLUMNS
    bars_height = GAP + len(categories) * (BAR_HEIGHT + GAP)
    height = bars_height + GAP + key_rows * (BAR_HEIGHT + GAP) + GAP
    parts = _open(chart_id, title, desc, height)
    for index, category in enumerate(categories):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2
        parts.append(f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" '
                     f'dominant-baseline="central">{_text(category)}</text>')
        x = float(label_width)
        for number, (label, values) in enumerate(series):
            value = values[index]
            if not value:
                continue
            length = round(plot * value / most, 1)
            colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{round(x, 1)}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                f'fill="{colour}" stroke="#fff" stroke-width="1">'
                f'<title>{_text(category)}, {_text(label)}: {value}</title></rect>'
            )
            x += length
        parts.append(f'<text x="{round(x, 1) + 6}" y="{middle}" '
                     f'dominant-baseline="central">{totals[index]}</text>')
    column_width = WIDTH // KEY_COLUMNS
    for number, (label, _) in enumerate(series):
        x = (number % KEY_COLUMNS) * column_width + 8
        y = bars_height + GAP + (number // KEY_COLUMNS) * (BAR_HEIGHT + GAP)
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        parts.append(
            f'<rect x="{x}" y="{y + 3}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{y + BAR_HEIGHT / 2}" '
            f'dominant-baseline="central">{_text(_shorten(label))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

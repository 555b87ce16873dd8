"""Where the Word form's text goes: its columns' widths, and how tall a row will be.

Estimated from the text's width in Arial (:func:`learnsum.render.widths.text_width`), as
Word is not there to lay the page out: whether a row fits on a page (it is then kept on one) and
how wide each column of the actions table is. Shared by the python-docx path
(:mod:`learnsum.render.docx`) and the text writer (:mod:`learnsum.render.docx_text`), which must
decide the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from .view import Block, Bullets, Field, Paragraph, SubHeading, Table, Update
from .widths import text_width

#: Widths of the form's two columns and of the actions table's four, in centimetres
#: (A4 less 2 cm margins leaves 17 cm).
LABEL_WIDTH_CM = 5.5
CONTENT_WIDTH_CM = 11.5
ACTION_WIDTHS_CM = (3.2, 5.0, 2.0, 1.3)
PAGE_MARGIN_CM = 2.0
#: Word's default cell margins, left and right, and the body text's size and line height.
CELL_MARGIN_CM = 0.19
TEXT_PT = 10.5
LINE_PT = 12.6
PARAGRAPH_GAP_PT = 4
#: A row estimated taller than this is allowed to break across pages (it could not fit on one:
#: the page's text height, less room for the title and a wrong guess).
ROW_LIMIT_PT = (297 - 2 * 10 * PAGE_MARGIN_CM) / 25.4 * 72 * 0.8
_CM_PT = 72 / 2.54


def _width_pt(text: str, bold: bool = False) -> float:
    return text_width(text, TEXT_PT) * (1.08 if bold else 1.0)


def _lines_height(texts: tuple[str, ...] | list[str], width_cm: float,
                  bold: bool = False) -> float:
    """Points taken by paragraphs in a cell `width_cm` wide (its margins taken off)."""
    room = max((width_cm - 2 * CELL_MARGIN_CM) * _CM_PT, 1.0)
    height = 0.0
    for text in texts:
        lines = 0
        for line in text.splitlines() or [""]:
            lines += max(1, -int(-_width_pt(line, bold) // room))
        height += lines * LINE_PT + PARAGRAPH_GAP_PT
    return height


def _blocks_height(blocks: tuple[Block, ...], width_cm: float) -> float:
    height = 0.0
    for block in blocks:
        if isinstance(block, Paragraph | SubHeading):
            height += _lines_height([block.text], width_cm)
        elif isinstance(block, Field):
            height += _lines_height([f"{block.label}: {block.text}"], width_cm)
        elif isinstance(block, Bullets):
            height += _lines_height([f"{item.point_kind or ''}: {item.text} {item.themes}"
                                     for item in block.items], width_cm - 0.63)
        elif isinstance(block, Table):
            widths = column_widths(block, width_cm - 2 * CELL_MARGIN_CM)
            height += _lines_height(list(block.headers), min(widths), bold=True)
            for cells in block.rows:
                height += max(_lines_height(texts, width) for texts, width in zip(cells, widths))
        elif isinstance(block, Update):
            height += _lines_height([f"{block.date} – {block.sender_label}: {block.sender}"],
                                    width_cm)
            height += _blocks_height(tuple(block.blocks), width_cm)
    return height


def column_widths(table: Table, width_cm: float) -> list[float]:
    """Widths (cm) of a table's columns that add up to `width_cm`, sized to their content as a
    browser sizes an automatic table: no column narrower than its longest word (when they all
    fit), the room left shared by how much text each column holds; the action itself, the
    column people read, is never narrower than another."""
    columns = len(table.headers)
    padding = 2 * CELL_MARGIN_CM
    least = [0.0] * columns  # the longest word
    most = [0.0] * columns  # the longest paragraph
    text = [0.0] * columns  # all of the column's text
    for index, header in enumerate(table.headers):
        least[index] = max(_width_pt(word, bold=True) for word in header.split() or [""])
        most[index] = _width_pt(header, bold=True)
    for cells in table.rows:
        for index, texts in enumerate(cells[:columns]):
            for paragraph in texts:
                words = paragraph.split()
                if words:
                    least[index] = max(least[index], max(map(_width_pt, words)))
                most[index] = max(most[index], _width_pt(paragraph))
                text[index] += _width_pt(paragraph)
    least = [value / _CM_PT + padding for value in least]
    most = [max(value / _CM_PT + padding, low) for value, low in zip(most, least)]
    action = min(1, columns - 1)
    if sum(least) >= width_cm:
        return [width_cm * value / sum(least) for value in least]
    spare = width_cm - sum(least)
    if sum(high - low for high, low in zip(most, least)) <= spare:
        # Every paragraph fits on one line: the room left goes to the action.
        widths = list(most)
        widths[action] += width_cm - sum(widths)
    else:
        # Each column grows by its share of the text, up to its longest paragraph; what that
        # leaves is shared again among the columns still short of theirs.
        widths = list(least)
        while spare > 1e-6:
            growing = [index for index in range(columns) if most[index] - widths[index] > 1e-6]
            weight = sum(text[index] or 1.0 for index in growing)
            given = 0.0
            for index in growing:
                share = min(spare * (text[index] or 1.0) / weight, most[index] - widths[index])
                widths[index] += share
                given += share
            spare -= given
    # The action is the widest column: it takes room from the others, down to their longest
    # word (the widest first, by half the difference; then any with room to spare).
    for _ in range(2 * columns):
        others = [index for index in range(columns) if index != action]
        widest = max(others, key=lambda index: widths[index])
        if widths[action] > widths[widest] + 0.5:
            break
        donors = [index for index in others if widths[index] - least[index] > 1e-6]
        if not donors:
            break
        donor = widest if widest in donors else max(
            donors, key=lambda index: widths[index] - least[index])
        need = (widths[widest] - widths[action]) / (2 if donor == widest else 1) + 0.15
        give = min(need, widths[donor] - least[donor])
        widths[donor] -= give
        widths[action] += give
    return widths



def row_height(label: str, prompt: str | None, blocks: Sequence[Block]) -> float:
    """Points a row of the form takes: its label and prompt, or its content if taller."""
    label_height = _lines_height([label, prompt or ""], LABEL_WIDTH_CM, bold=True)
    return max(label_height, _blocks_height(tuple(blocks), CONTENT_WIDTH_CM))


__all__ = ["ACTION_WIDTHS_CM", "CELL_MARGIN_CM", "CONTENT_WIDTH_CM", "LABEL_WIDTH_CM",
           "LINE_PT", "PAGE_MARGIN_CM", "PARAGRAPH_GAP_PT", "ROW_LIMIT_PT", "TEXT_PT",
           "column_widths", "row_height"]

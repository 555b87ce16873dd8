"""Long sections spread over several slides: paragraphs split at word breaks (an ellipsis where one
breaks off and resumes), a heading repeated at the top of the slide that continues it, and the
actions table's rows grouped into slides.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import islice

from .metrics import (
    CELL_INSET_X,
    CELL_INSET_Y,
    INSET_X,
    INSET_Y,
    LINE,
    SPACE_BEFORE,
    TABLE_SHARES,
    Box,
    Para,
    TableRows,
    height_within,
    indent,
    line_count,
    para_height,
    part_style,
    row_height,
    shorten,
    wrap,
)
from .wording import ELLIPSIS


def _part(para: Para, start: int) -> Para:
    """`para` from offset `start` of its text on, exactly as written: the rest of a paragraph
    split across slides, after an ellipsis (made only once it is placed, so the text is copied
    once, not a slide)."""
    if not start:
        return para
    return Para(ELLIPSIS + para.text[start:], part_style(para, start), para.colour, para.group)


def _split_para(para: Para, width: float, size: float, room: float,
                start: int = 0) -> tuple[Para, int] | None:
    """The part of `para` (from `start` on) that fits in `room` points, ending in an ellipsis,
    and the offset in its text where the rest begins. The part is the text exactly as written
    (the space before the ellipsis included), so the parts put together are the paragraph."""
    style = part_style(para, start)
    before = SPACE_BEFORE[style] * size
    most = max(0, int((room - before) // (size * LINE))) + 1
    # Only the lines that could fit are wrapped: the rest may run to many more slides.
    inner = width - indent(Para("", style), size)
    prefix = ELLIPSIS if start else ""
    lines = list(islice(wrap(para.text, inner, size, start, prefix), most + 1))
    for keep in range(min(len(lines) - 1, most), 0, -1):
        end = lines[keep - 1][1]
        head = Para(prefix + para.text[start:end] + ELLIPSIS, style, para.colour, para.group)
        if para_height(head, width, size) <= room:
            return head, end
    return None


def paginate(paras: Sequence[Para], box: Box, size: float) -> list[list[Para]]:
    """Spread paragraphs over as many boxes as they need, splitting long ones at word breaks.

    A heading never ends a page, and a page that continues a group starts with its heading again.
    """
    return [[para for para, _ in page] for page in paginate_parts(paras, box, size)]


def paginate_parts(paras: Sequence[Para], box: Box, size: float,
              limit: int | None = None) -> list[list[tuple[Para, int]]]:
    """paginate(), with each paragraph on a page paired with the index in `paras` of the
    paragraph it is (part of); stopped once there are more than `limit` pages."""
    width, height = box.inner_width, box.inner_height
    index_of = {id(para): index for index, para in enumerate(paras)}
    pages: list[list[tuple[Para, int]]] = [[]]
    used = 0.0
    # What is left to place: a paragraph, its index, and the offset in its text it goes on from.
    queue = deque((para, index, 0) for index, para in enumerate(paras))
    repeated: Para | None = None  # the heading repeated at the top of the current page, if any
    while queue and (limit is None or len(pages) <= limit):
        para, origin, start = queue.popleft()
        style = part_style(para, start)
        page = pages[-1]
        # A page holding only a repeated heading takes the next paragraph whatever its size, so
        # that the loop always moves on.
        fresh = not page or (len(page) == 1 and page[0][0] is repeated)
        own = height_within(para, width, size, height, start)
        need = own
        if style == "heading" and queue:
            following, _, following_start = queue[0]
            first = next(wrap(following.text, width, size, following_start,
                               ELLIPSIS if following_start else ""))[0]
            need += para_height(Para(first, part_style(following, following_start)), width,
                                size)
        if used + need <= height:
            page.append((_part(para, start), origin))
            used += own
            continue
        room = height - used
        if not fresh and (style == "heading" or need <= height and room < 3 * size * LINE):
            queue.appendleft((para, origin, start))
        else:
            split = _split_para(para, width, size, room, start)
            if split is None and fresh:
                # Not even one line fits an empty box: nothing to do but let it take the page.
                page.append((_part(para, start), origin))
                used = height
            elif split is not None:
                page.append((split[0], origin))
                queue.appendleft((para, origin, split[1]))
            else:
                queue.appendleft((para, origin, start))
        pages.append([])
        used = 0.0
        repeated = None
        if queue:
            upcoming, _, upcoming_start = queue[0]
            if (upcoming.group is not None and part_style(upcoming, upcoming_start) != "heading"
                    and line_count(upcoming.group.text, width, size, 2) <= 2):
                # Only a short heading is worth repeating; a long one would crowd out the text.
                repeated = upcoming.group
                pages[-1].append((repeated, index_of.get(id(repeated), -1)))
                used += para_height(repeated, width, size)
    return [page for page in pages if page]


def _shorten_row(cells: tuple[tuple[str, ...], ...], widths: Sequence[float], size: float,
                 room: float) -> tuple[tuple[str, ...], ...]:
    """A row too tall for a whole slide, its longest cells cut to fit (the notes keep it all)."""
    lines_room = max(1, int((room - 2 * CELL_INSET_Y) // (size * LINE)))
    result = []
    for cell, width in zip(cells, widths):
        text = " ".join(cell)
        box = Box(0, 0, width - 2 * CELL_INSET_X + 2 * INSET_X,
                  lines_room * size * LINE + 2 * INSET_Y)
        result.append((shorten(text, box, size),) if cell else cell)
    return tuple(result)


def paginate_rows(table: TableRows, box: Box, size: float
                  ) -> list[list[tuple[int, tuple[tuple[str, ...], ...]]]]:
    """Rows (with their index) grouped into slides; each slide repeats the header row."""
    widths = [box.width * share for share in TABLE_SHARES[: len(table.headers)]]
    header = row_height([(h,) for h in table.headers], widths, size)
    room = box.height - header
    pages: list[list[tuple[int, tuple[tuple[str, ...], ...]]]] = [[]]
    used = 0.0
    for index, row in enumerate(table.rows):
        height = row_height(row, widths, size)
        if height > room:
            row = _shorten_row(row, widths, size, room)
            height = row_height(row, widths, size)
        if used + height > room and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append((index, row))
        used += height
    return pages

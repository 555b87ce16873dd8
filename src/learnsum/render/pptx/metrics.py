"""The slides' geometry, and how much text a box holds: per-character widths of a wide sans-serif
font, greedy wrapping at spaces, the height of paragraphs, the largest size that fits, and text
shortened to fit.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, islice

from ... import patterns as _patterns
from ...records import record
from ..widths import NARROWEST as _NARROWEST
from ..widths import SAFETY
from ..widths import char_units as _char_units
from ..widths import char_width as char_width  # the names as they were here
from ..widths import text_width as text_width
from ..widths import units as _units
from .wording import ELLIPSIS

# -- geometry (points; 72 a inch) ---------------------------------------------------------------

EMU_PER_PT = 12700
WIDE = (960.0, 540.0)  # 13.333 x 7.5 inches: 16:9
MARGIN = 43.0
TITLE_TOP = 30.0
TITLE_HEIGHT = 80.0
BODY_GAP = 8.0
BAND = 26.0  # the strips at top and bottom that hold the marking and footer
INSET_X = 7.2
INSET_Y = 3.6

#: Line height as a multiple of the font size; generous, as Calibri/Carlito need 1.22.
LINE = 1.25

TITLE_SIZES = (32.0, 28.0, 24.0, 20.0)
BODY_SIZES = (20.0, 18.0, 16.0)  # largest first; the last is the smallest we shrink to
SPLIT_SIZE = 18.0  # size of a section too long for one slide, spread over several
TABLE_SIZES = (16.0, 14.0, 12.0)
TABLE_SPLIT_SIZE = 14.0
TABLE_SHARES = (0.27, 0.45, 0.15, 0.13)  # owner, action, due, status
COVER_TITLE_SIZES = (44.0, 40.0, 36.0, 32.0, 28.0)
COVER_LINE_SIZES = (24.0, 22.0, 20.0, 18.0, 16.0, 14.0)
BAND_SIZES = (10.0, 9.0, 8.0)
BULLET_INDENT = 0.9  # of the font size
SPACE_BEFORE = {"plain": 0.5, "bullet": 0.35, "continued": 0.0, "heading": 0.7, "field": 0.0}

KIND_COLOURS = {"concern": "A4262C", "good-practice": "2E7D32", "issue": "9C5700"}
MARKING_COLOUR = "A4262C"

# -- estimating how much text a box holds -------------------------------------------------------
# (the widths of characters and words: ..widths)


def _room(width: float, size: float) -> int:
    """The most hundredths of an em that fit in `width` points at `size` (text_width's test)."""
    most = int(width * 100 / (size * SAFETY))
    while most * size * SAFETY / 100 > width:
        most -= 1
    while (most + 1) * size * SAFETY / 100 <= width:
        most += 1
    return most


#: A word: what lies between the spaces a line may break at (a no-break space is not one).
_WORD = _patterns.compile(r"(?:[^\s]|[\u00a0\u2007\u202f])+")


def wrap(text: str, width: float, size: float, start: int = 0,
          prefix: str = "") -> Iterator[tuple[str, int]]:
    """The lines of `prefix` + text[start:] wrapped greedily at spaces (breaking over-long
    words) to `width` points, made only as they are asked for, each with the offset in `text`
    where the next line starts.

    Each word is measured once, a line's width is kept as a running sum, and an over-long word
    is cut by a binary search of its running widths: wrapping takes time in proportion to the
    text (measuring every candidate line afresh took minutes for one long paragraph).
    """
    room = _room(width, size)
    space = _char_units(" ")
    current: list[str] = []
    used = 0
    made = False
    glued = len(prefix)  # the prefix is glued to the first word
    # A line holds fewer characters than this, however narrow they are.
    reach = room // _NARROWEST + 2
    after = start  # where the last word ended: a line break before the next one is kept
    for match in _WORD.finditer(text, start):
        word = prefix + match.group() if glued else match.group()
        units = _units(word, room + 1)
        broken = "\n" in text[after:match.start()]
        after = match.end()
        if current and not broken and used + space + units <= room:
            current.append(word)
            used += space + units
        else:
            if current:
                made = True
                yield " ".join(current), match.start()
            if units > room:
                # Too wide for a line of its own: cut where its running width passes the room,
                # measuring a line's worth of characters at a time.
                begin = 0
                while begin < len(word) - 1:
                    running = list(accumulate(map(_char_units, word[begin:begin + reach]),
                                              initial=0))
                    if begin + reach >= len(word) and running[-1] <= room:
                        break
                    cut = begin + max(1, bisect_right(running, room) - 1)
                    cut = _grapheme_start(word, cut, begin + 1)
                    made = True
                    yield word[begin:cut], match.start() + max(0, cut - glued)
                    begin = cut
                word = word[begin:]
                units = _units(word)
            current = [word]
            used = units
        glued = 0
    if current or not made:
        yield " ".join(current or [prefix]), len(text)


#: Where a line may break, and so where text may be cut: a run of spaces other than no-break ones.
_BREAK = _patterns.compile(r"[^\S\u00a0\u2007\u202f]+")


def text_lines(text: str, width: float, size: float) -> list[str]:
    """`text` wrapped greedily at spaces (breaking over-long words) to `width` points."""
    return [line for line, _ in wrap(text, width, size)]


def line_count(text: str, width: float, size: float, most: int) -> int:
    """How many lines `text` takes, counting no further than `most` + 1."""
    count = 0
    for _ in wrap(text, width, size):
        count += 1
        if count > most:
            break
    return count


# -- what goes on the slides --------------------------------------------------------------------


@record(frozen=True)
class Para:
    """One paragraph of a slide's body.

    style: "plain", "bullet", "continued" (a bullet's text carried on without a bullet),
    "heading" (a bold sub-heading, optionally coloured) or "field" (a bold label and value).
    """

    text: str
    style: str = "plain"
    colour: str | None = None
    #: The heading this paragraph sits under, repeated at the top of a continuation slide.
    group: Para | None = None


@record(frozen=True)
class TableRows:
    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]


@record(frozen=True)
class Box:
    """A text box in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def inner_width(self) -> float:
        return self.width - 2 * INSET_X

    @property
    def inner_height(self) -> float:
        return self.height - 2 * INSET_Y


def indent(para: Para, size: float) -> float:
    return BULLET_INDENT * size if para.style in ("bullet", "continued") else 0.0


def para_height(para: Para, width: float, size: float) -> float:
    """Points taken by a paragraph in a box `width` points wide, spacing before included."""
    lines = text_lines(para.text, width - indent(para, size), size)
    return SPACE_BEFORE[para.style] * size + len(lines) * size * LINE


def height_within(para: Para, width: float, size: float, limit: float,
                   start: int = 0) -> float:
    """para_height() of the paragraph, or of its part from `start` on (see _part()), when that
    is at most `limit`; otherwise more than `limit`, found without wrapping more of the text
    than `limit` could hold (a paragraph may run to many slides)."""
    style = part_style(para, start)
    before = SPACE_BEFORE[style] * size
    per_line = size * LINE
    most = max(0, int((limit - before) // per_line)) + 2
    lines = wrap(para.text, width - indent(Para("", style), size), size, start,
                  ELLIPSIS if start else "")
    count = sum(1 for _ in islice(lines, most + 1))
    return before + count * per_line


def paras_height(paras: Sequence[Para], width: float, size: float) -> float:
    return sum(para_height(p, width, size) for p in paras)


def _cut(text: str, fits: Callable[[str], bool]) -> tuple[str, str] | None:
    """`text` in two parts, the first as long as it can be and still fit with an ellipsis after
    it: cut at a space (which the first part keeps), or inside a word when not even the first
    word fits. The parts are the text exactly (`first + rest == text`); None when not even one
    character fits."""
    breaks = [m.end() for m in _BREAK.finditer(text) if m.start() > 0 and m.end() < len(text)]
    best = _last_fitting(breaks, lambda end: fits(text[:end] + ELLIPSIS))
    if best is None:
        best = _last_fitting(range(1, len(text)), lambda end: fits(text[:end] + ELLIPSIS))
        if best is not None:
            best = _grapheme_start(text, best, 1)
    if best is None:
        return None
    return text[:best], text[best:]


def _grapheme_start(text: str, cut: int, least: int) -> int:
    """`cut` moved back (to no less than `least`) so that it does not separate a character from
    the marks, joiners and modifiers that belong with it."""
    while cut > least and (
            unicodedata.category(text[cut])[0] == "M" or text[cut - 1] == "\u200d"
            or text[cut] in "\u200d\ufe0f" or "\U0001f3fb" <= text[cut] <= "\U0001f3ff"):
        cut -= 1
    return cut


def _last_fitting(ends: Sequence[int], fits: Callable[[int], bool]) -> int | None:
    """The last of `ends` (ascending) for which `fits` holds, if any; a longer part never fits
    where a shorter one does not, so halving finds it."""
    low, high, found = 0, len(ends) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits(ends[middle]):
            found, low = ends[middle], middle + 1
        else:
            high = middle - 1
    return found


def paras_fit(paras: Sequence[Para], width: float, size: float, height: float) -> bool:
    """Whether paras_height(paras, width, size) <= height, stopping as soon as it is not."""
    used = 0.0
    for para in paras:
        used += height_within(para, width, size, height - used)
        if used > height:
            return False
    return True


def part_style(para: Para, start: int) -> str:
    """The style of the part of `para` from `start` on: a bullet carries on without one."""
    return "continued" if start and para.style == "bullet" else para.style


def fit_size(lines: Sequence[str], box: Box, sizes: Sequence[float]) -> tuple[float, bool]:
    """The largest of `sizes` at which `lines` (one paragraph each) fit in `box`, and whether
    they fit at all (if not, the smallest size)."""
    for size in sizes:
        most = int(box.inner_height // (size * LINE)) + 1  # more lines than could ever fit
        count = 0
        for line in lines:
            count += line_count(line, box.inner_width, size, most - count)
            if count > most:
                break
        if count * size * LINE <= box.inner_height:
            return size, True
    return sizes[-1], False


def shorten(text: str, box: Box, size: float) -> str:
    """`text` cut at a word break (inside a word that is itself too long), with an ellipsis, so
    that it fits in `box` at `size`."""
    most = max(1, int(box.inner_height // (size * LINE)))
    lines = list(islice(wrap(text, box.inner_width, size), most + 1))
    if len(lines) <= most:
        return text

    def fits(candidate: str) -> bool:
        return line_count(candidate, box.inner_width, size, most) <= most

    # The cut is within the first `most` lines (and the first character after them).
    region = text[:lines[most - 1][1] + 1]
    cut = _cut(region, fits)
    return cut[0] + ELLIPSIS if cut is not None else ELLIPSIS


# -- table geometry -----------------------------------------------------------------------------

CELL_INSET_X = 7.2
CELL_INSET_Y = 3.6


def cell_height(paragraphs: Sequence[str], width: float, size: float) -> float:
    inner = width - 2 * CELL_INSET_X
    lines = sum(len(text_lines(p, inner, size)) for p in paragraphs) or 1
    return lines * size * LINE + 2 * CELL_INSET_Y


def row_height(cells: Sequence[Sequence[str]], widths: Sequence[float], size: float) -> float:
    return max(cell_height(cell, width, size) for cell, width in zip(cells, widths))

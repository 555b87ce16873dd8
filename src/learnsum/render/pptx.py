"""Practitioner slides: a learning-workshop deck shaped like a "7-minute briefing".

The form's last row asks SCRs and CSPRs for "a set of PowerPoint slides setting out the learning
for practitioners". :func:`render_pptx` draws that deck from the same :class:`~learnsum.render.View`
the other renderers use, so every slide title that stands for a row of the form is the
partnership's own wording of that row.

Slides are filled by estimate rather than by PowerPoint's "shrink text on overflow", which
LibreOffice and PDF converters ignore: :func:`text_lines` wraps text by per-character widths of a
wide sans-serif font, and long sections are shrunk within limits or split across continuation
slides ("(2 of 3)"). Speaker notes carry the full text of each slide, so nothing a slide shortens
is lost to the presenter.

python-pptx is imported only inside the functions that draw, to keep ``learnsum validate`` quick.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import unicodedata
import zipfile
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import catalogue
from ..catalogue import FIELD_LABELS, Key
from .view import (
    Bullets, Field, Paragraph, RenderError, RenderOptions, Row, SubHeading, Table, Update, View,
    clean, short_property,
)

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import Slide, SlideLayout
    from pptx.util import Length

# -- wording that is the deck's own (the form has no row for these) ----------------------------

#: Title of the slide of questions for practitioners to discuss.
REFLECTION_TITLE = "Questions for reflection"
#: Heading of case-learning points that have no kind, when others have one.
UNSORTED_POINTS = "Other learning"
#: Appended to a title split across slides.
CONTINUATION = "({index} of {count})"
#: Marks where a paragraph split across slides breaks off and resumes.
ELLIPSIS = "…"

#: Questions generated from learning points when the summary has no `reflection:` list.
QUESTION_SHARING = 'How would your team have shared the information about this: "{point}"?'
QUESTION_CONCERN = 'What would your team have done differently here: "{point}"?'
QUESTION_ISSUE = 'How would your team have dealt with this: "{point}"?'
QUESTION_GOOD = 'How can your team make sure this happens every time: "{point}"?'
QUESTION_MULTI = 'What will your team do to make this happen: "{point}"?'
MAX_QUESTIONS = 5
EXCERPT_CHARS = 110
#: A paragraph split across slides is in the notes of each of its slides whole up to this
#: length (about four slides); a longer one is in each slide's notes by the part it shows.
NOTES_WHOLE_CHARS = 4000
#: Far more slides than any briefing (a long summary makes about 30); a summary that would make
#: more is refused, early: text pasted in whole could make thousands, which take minutes to draw.
MAX_SLIDES = 100


class TooManySlides(RenderError):
    """The deck would have more than MAX_SLIDES slides; `key` is the summary's section that
    takes the most (filled in by build_pages), `title` its slides' title."""

    def __init__(self, title: str, count: int | None = None) -> None:
        self.title = title
        self.count = count
        self.key: str | None = None
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.count:
            many = f"{self.count} slides, more than the {MAX_SLIDES} a deck may have " \
                f"('{self.title}' takes the most)"
        else:
            many = f"more than the {MAX_SLIDES} a deck may have ('{self.title}' alone does)"
        return (f"the slides would run to {many}; shorten the text, or render without slides "
                "(set `slides: not-applicable`, or choose another --format)")

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
#: Extra width on every estimate, for fonts wider than the table below.
SAFETY = 1.06

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

_NARROW = set("ijlI.,;:'!|`’‘ ")
_SEMI = set("ftr()[]{}-/\\\"“”*")
_WIDE_LOWER = set("mw")
_WIDE_UPPER = set("MW@%")


def char_width(char: str) -> float:
    """The width of one character in ems, for a wide sans-serif font (Arial-like)."""
    if char in _NARROW:
        return 0.28
    if char in _SEMI:
        return 0.36
    if char in _WIDE_LOWER:
        return 0.85
    if char in _WIDE_UPPER:
        return 0.95
    if char.isupper():
        return 0.74
    if char.isascii():
        return 0.57
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.65


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` in points at `size`."""
    return _units(text) * size * SAFETY / 100


# Widths are added up in hundredths of an em, in which every width of char_width() is a whole
# number: sums are then exact, and a word is measured once however often lines are tried.
_CHAR_UNITS: dict[str, int] = {}


def _char_units(char: str) -> int:
    units = _CHAR_UNITS.get(char)
    if units is None:
        units = _CHAR_UNITS[char] = round(char_width(char) * 100)
    return units


def _units(text: str, most: int | None = None) -> int:
    """The width of `text` in hundredths of an em; past `most`, any number above it."""
    if text.isascii():  # most words: measured by one table look-up a byte, in C
        return sum(text.encode("ascii").translate(_ASCII_UNITS))
    if most is None or len(text) * 100 <= most:
        return sum(map(_char_units, text))
    total = 0
    for char in text:
        total += _char_units(char)
        if total > most:
            break
    return total


_ASCII_UNITS = bytes(_char_units(chr(code)) for code in range(128)) + bytes(128)
_NARROWEST = min(_ASCII_UNITS[:128])


def _room(width: float, size: float) -> int:
    """The most hundredths of an em that fit in `width` points at `size` (text_width's test)."""
    most = int(width * 100 / (size * SAFETY))
    while most * size * SAFETY / 100 > width:
        most -= 1
    while (most + 1) * size * SAFETY / 100 <= width:
        most += 1
    return most


#: A word: what lies between the spaces a line may break at (a no-break space is not one).
_WORD = re.compile(r"(?:[^\s]|[\u00a0\u2007\u202f])+")


def _wrap(text: str, width: float, size: float, start: int = 0,
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
    for match in _WORD.finditer(text, start):
        word = prefix + match.group() if glued else match.group()
        units = _units(word, room + 1)
        if current and used + space + units <= room:
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
_BREAK = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def text_lines(text: str, width: float, size: float) -> list[str]:
    """`text` wrapped greedily at spaces (breaking over-long words) to `width` points."""
    return [line for line, _ in _wrap(text, width, size)]


def _line_count(text: str, width: float, size: float, most: int) -> int:
    """How many lines `text` takes, counting no further than `most` + 1."""
    count = 0
    for _ in _wrap(text, width, size):
        count += 1
        if count > most:
            break
    return count


# -- what goes on the slides --------------------------------------------------------------------


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TableRows:
    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]


@dataclass
class Page:
    """One slide before it is drawn."""

    title: str
    notes: list[str] = field(default_factory=list)
    paragraphs: list[Para] = field(default_factory=list)
    size: float = BODY_SIZES[0]
    table: TableRows | None = None
    cover_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
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


def _indent(para: Para, size: float) -> float:
    return BULLET_INDENT * size if para.style in ("bullet", "continued") else 0.0


def para_height(para: Para, width: float, size: float) -> float:
    """Points taken by a paragraph in a box `width` points wide, spacing before included."""
    lines = text_lines(para.text, width - _indent(para, size), size)
    return SPACE_BEFORE[para.style] * size + len(lines) * size * LINE


def _height_within(para: Para, width: float, size: float, limit: float,
                   start: int = 0) -> float:
    """para_height() of the paragraph, or of its part from `start` on (see _part()), when that
    is at most `limit`; otherwise more than `limit`, found without wrapping more of the text
    than `limit` could hold (a paragraph may run to many slides)."""
    style = _part_style(para, start)
    before = SPACE_BEFORE[style] * size
    per_line = size * LINE
    most = max(0, int((limit - before) // per_line)) + 2
    lines = _wrap(para.text, width - _indent(Para("", style), size), size, start,
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


def _paras_fit(paras: Sequence[Para], width: float, size: float, height: float) -> bool:
    """Whether paras_height(paras, width, size) <= height, stopping as soon as it is not."""
    used = 0.0
    for para in paras:
        used += _height_within(para, width, size, height - used)
        if used > height:
            return False
    return True


def _part_style(para: Para, start: int) -> str:
    """The style of the part of `para` from `start` on: a bullet carries on without one."""
    return "continued" if start and para.style == "bullet" else para.style


def _part(para: Para, start: int) -> Para:
    """`para` from offset `start` of its text on, exactly as written: the rest of a paragraph
    split across slides, after an ellipsis (made only once it is placed, so the text is copied
    once, not a slide)."""
    if not start:
        return para
    return Para(ELLIPSIS + para.text[start:], _part_style(para, start), para.colour, para.group)


def _split_para(para: Para, width: float, size: float, room: float,
                start: int = 0) -> tuple[Para, int] | None:
    """The part of `para` (from `start` on) that fits in `room` points, ending in an ellipsis,
    and the offset in its text where the rest begins. The part is the text exactly as written
    (the space before the ellipsis included), so the parts put together are the paragraph."""
    style = _part_style(para, start)
    before = SPACE_BEFORE[style] * size
    most = max(0, int((room - before) // (size * LINE))) + 1
    # Only the lines that could fit are wrapped: the rest may run to many more slides.
    inner = width - _indent(Para("", style), size)
    prefix = ELLIPSIS if start else ""
    lines = list(islice(_wrap(para.text, inner, size, start, prefix), most + 1))
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
    return [[para for para, _ in page] for page in _paginate(paras, box, size)]


def _paginate(paras: Sequence[Para], box: Box, size: float,
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
        style = _part_style(para, start)
        page = pages[-1]
        # A page holding only a repeated heading takes the next paragraph whatever its size, so
        # that the loop always moves on.
        fresh = not page or (len(page) == 1 and page[0][0] is repeated)
        own = _height_within(para, width, size, height, start)
        need = own
        if style == "heading" and queue:
            following, _, following_start = queue[0]
            first = next(_wrap(following.text, width, size, following_start,
                               ELLIPSIS if following_start else ""))[0]
            need += para_height(Para(first, _part_style(following, following_start)), width,
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
            if (upcoming.group is not None and _part_style(upcoming, upcoming_start) != "heading"
                    and _line_count(upcoming.group.text, width, size, 2) <= 2):
                # Only a short heading is worth repeating; a long one would crowd out the text.
                repeated = upcoming.group
                pages[-1].append((repeated, index_of.get(id(repeated), -1)))
                used += para_height(repeated, width, size)
    return [page for page in pages if page]


def fit_size(lines: Sequence[str], box: Box, sizes: Sequence[float]) -> tuple[float, bool]:
    """The largest of `sizes` at which `lines` (one paragraph each) fit in `box`, and whether
    they fit at all (if not, the smallest size)."""
    for size in sizes:
        most = int(box.inner_height // (size * LINE)) + 1  # more lines than could ever fit
        count = 0
        for line in lines:
            count += _line_count(line, box.inner_width, size, most - count)
            if count > most:
                break
        if count * size * LINE <= box.inner_height:
            return size, True
    return sizes[-1], False


def shorten(text: str, box: Box, size: float) -> str:
    """`text` cut at a word break (inside a word that is itself too long), with an ellipsis, so
    that it fits in `box` at `size`."""
    most = max(1, int(box.inner_height // (size * LINE)))
    lines = list(islice(_wrap(text, box.inner_width, size), most + 1))
    if len(lines) <= most:
        return text

    def fits(candidate: str) -> bool:
        return _line_count(candidate, box.inner_width, size, most) <= most

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


# -- building the pages from the view -----------------------------------------------------------


def _geometry(slide_size: tuple[float, float], title_box: Box | None) -> tuple[Box, Box]:
    """The title box and the body box for a slide of `slide_size`."""
    width, height = slide_size
    title = title_box or Box(MARGIN, TITLE_TOP, width - 2 * MARGIN, TITLE_HEIGHT)
    top = title.top + title.height + BODY_GAP
    if top > height / 2:
        # A template whose title sits low (or at the side): keep the body in the usual place.
        top = TITLE_TOP + TITLE_HEIGHT + BODY_GAP
    body = Box(MARGIN, top, width - 2 * MARGIN, height - BAND - 6 - top)
    return title, body


def _text_paras(blocks: Iterable[object], group: Para | None = None) -> list[Para]:
    paras: list[Para] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paras.append(Para(block.text, "plain", group=group))
        elif isinstance(block, Bullets):
            paras.extend(Para(item.text, "bullet", group=group) for item in block.items)
        elif isinstance(block, Field):
            paras.append(Para(f"{block.label}: {block.text}", "field", group=group))
        elif isinstance(block, SubHeading):
            paras.append(Para(block.text, "heading"))
    return paras


def _plain(blocks: Iterable[object]) -> list[str]:
    """Blocks as the lines of speaker notes."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Bullets):
            lines.extend(f"• {item.text}" for item in block.items)
        elif isinstance(block, Field):
            lines.append(f"{block.label}: {block.text}")
        elif isinstance(block, SubHeading):
            lines.append(block.text)
    return lines


def _body_pages(title: str, paras: list[Para], notes: list[str], body: Box) -> list[Page]:
    """One slide if the paragraphs fit at some size we allow, else continuation slides."""
    for size in BODY_SIZES:
        if _paras_fit(paras, body.inner_width, size, body.inner_height):
            return [Page(title, list(notes), list(paras), size)]
    chunks = _paginate(paras, body, SPLIT_SIZE, MAX_SLIDES)
    if len(chunks) > MAX_SLIDES:
        raise TooManySlides(title)
    pages = []
    for chunk in chunks:
        chunk_notes = _notes_for(chunk, paras, notes)
        pages.append(Page(title, chunk_notes, [para for para, _ in chunk], SPLIT_SIZE))
    return pages


def _notes_for(chunk: list[tuple[Para, int]], paras: list[Para], notes: list[str]) -> list[str]:
    """The notes lines for the part of a section on one slide: the full text of every paragraph
    that appears on it, even in part (each paragraph on a slide comes with its index in
    `paras`, whose notes line is the same index in `notes`)."""
    if len(notes) != len(paras):
        return list(notes)
    wanted: list[str] = []
    for para, origin in chunk:
        if origin < 0:
            continue
        line = notes[origin]
        if len(line) > NOTES_WHOLE_CHARS and para.text != paras[origin].text:
            # A paragraph running over many slides: each one's notes carry the part it shows,
            # or the notes of the deck would hold the paragraph once a slide.
            line = ("• " if line.startswith("• ") else "") + para.text
        if line not in wanted:
            wanted.append(line)
    return wanted or list(notes)


def _excerpt(text: str) -> str:
    """The first sentence of a point, cut at a word break, for a question to quote."""
    sentence = re.split(r"(?<=[.;!?])\s", text.strip(), maxsplit=1)[0].rstrip(" .;:")
    if len(sentence) <= EXCERPT_CHARS:
        return sentence
    return textwrap.shorten(sentence, EXCERPT_CHARS, placeholder=" " + ELLIPSIS)


def reflection_questions(view: View) -> list[str]:
    """The summary's own `reflection:` questions, or questions made from its learning points."""
    own = [clean(re.sub(r"[ \t\n\r]+", " ", q).strip()) for q in view.reflection]
    own = [q for q in own if q]
    if own:
        return own
    questions: list[str] = []
    multi_agency = [point for point in view.points if point.section == Key.MULTI_AGENCY]
    for point in multi_agency:
        questions.append(QUESTION_MULTI.format(point=_excerpt(point.text)))
    by_kind = {"concern": QUESTION_CONCERN, "issue": QUESTION_ISSUE, "good-practice": QUESTION_GOOD}
    for point in view.points:
        if point.section != Key.CASE_LEARNING:
            continue
        text = _excerpt(point.text)
        if "information-sharing" in point.themes:
            questions.append(QUESTION_SHARING.format(point=text))
        else:
            questions.append(by_kind.get(point.kind or "concern", QUESTION_CONCERN)
                             .format(point=text))
    # Questions from case learning first: they are about this case; then the multi-agency ones.
    questions = questions[len(multi_agency):] + questions[: len(multi_agency)]
    ordered: list[str] = []
    for question in questions:
        if question not in ordered:
            ordered.append(question)
    return ordered[:MAX_QUESTIONS]


def _deck_themes(view: View) -> list[str]:
    """Theme ids of the summary, then those only its points name, each once."""
    found: list[str] = []
    for theme in [*view.themes, *(t for p in view.points for t in p.themes)]:
        if theme not in found:
            found.append(theme)
    return found


def _case_learning_paras(row: Row) -> tuple[list[Para], list[str]]:
    """Points grouped by kind under coloured headings, concerns and good practice apart."""
    items = [item for block in row.blocks if isinstance(block, Bullets) for item in block.items]
    kinds = catalogue.POINT_KINDS
    groups: list[tuple[str | None, str | None, list[str]]] = []
    for term in kinds:
        texts = [item.text for item in items if item.point_kind == term.label]
        if texts:
            groups.append((term.label, KIND_COLOURS.get(term.id), texts))
    unsorted = [item.text for item in items if item.point_kind is None]
    if unsorted:
        groups.append((UNSORTED_POINTS if groups else None, None, unsorted))
    paras: list[Para] = []
    notes: list[str] = []
    for label, colour, texts in groups:
        heading = Para(label, "heading", colour) if label else None
        if heading:
            paras.append(heading)
            notes.append(label or "")
        for text in texts:
            paras.append(Para(text, "bullet", group=heading))
            notes.append(f"• {text}")
    return paras, notes


def _cover(view: View) -> Page:
    lines = [view.review_type]
    if view.partnership:
        lines.append(view.partnership)
    lines.append(f"{view.completed_label}: {view.completed}")
    if view.reference:
        lines.append(f"{FIELD_LABELS['reference']}: {view.reference}")
    notes = [*lines]
    review = _row(view, Key.REVIEW)
    if review is not None:
        notes += ["", review.label, *_plain(review.blocks)]
    return Page(view.title, notes, cover_lines=lines)


def _row(view: View, key: str) -> Row | None:
    for row in view.rows:
        if row.key == key:
            return row
    return None


def build_pages(view: View, body: Box) -> list[Page]:
    """Every slide of the deck, in order, before drawing; TooManySlides past MAX_SLIDES."""
    keys: list[str] = []  # the section of each group of pages, for TooManySlides
    current: list[str] = []  # the section being made
    try:
        pages = _build_pages(view, body, keys, current)
    except TooManySlides as error:
        error.key = current[-1] if current else None
        raise
    total = sum(len(group) for group in pages)
    if total > MAX_SLIDES:
        longest = max(range(1, len(pages)), key=lambda index: len(pages[index]))
        too_many = TooManySlides(pages[longest][0].title, total)
        too_many.key = keys[longest - 1]
        raise too_many
    numbered: list[Page] = []
    for group in pages:
        for index, page in enumerate(group, start=1):
            if len(group) > 1:
                page.title = f"{page.title} {CONTINUATION.format(index=index, count=len(group))}"
            numbered.append(page)
    return numbered


def _build_pages(view: View, body: Box, keys: list[str],
                 current: list[str]) -> list[list[Page]]:
    """The slides of each section (the cover first); `keys` gets the summary's key for each
    group after the cover, `current` the key of each section as it is begun."""
    pages: list[list[Page]] = [[_cover(view)]]

    def put(key: str, group: list[Page]) -> None:
        pages.append(group)
        keys.append(key)

    def add(key: str, title: str, paras: list[Para], notes: list[str]) -> None:
        current.append(key)
        if paras:
            put(key, _body_pages(title, paras, notes, body))

    case = _row(view, Key.CASE)
    if case is not None:
        current.append(Key.CASE)
        paras = _text_paras(case.blocks)
        notes = _plain(case.blocks)
        method = _row(view, Key.METHOD_LEARNING)
        extra = ["", method.label, *_plain(method.blocks)] if method is not None else []
        case_pages = _body_pages(case.label, paras, notes, body)
        for page in case_pages:
            page.notes += extra
        put(Key.CASE, case_pages)

    labels = view.theme_labels
    themes = _deck_themes(view)
    if themes:
        current.append("themes")
        theme_paras = [Para(labels[t], "bullet") for t in themes]
        theme_notes = []
        for theme in themes:
            theme_notes.append(labels[theme])
            for point in view.points:
                if theme in point.themes:
                    theme_notes.append(f"• {' '.join(point.paragraphs)}")
        put("themes", _body_pages(FIELD_LABELS["themes"], theme_paras, theme_notes, body))

    learning = _row(view, Key.CASE_LEARNING)
    if learning is not None:
        paras, notes = _case_learning_paras(learning)
        add(Key.CASE_LEARNING, learning.label, paras, notes)

    agencies = _row(view, Key.SINGLE_AGENCY)
    if agencies is not None:
        name: str | None = None
        collected: list[object] = []
        groups: list[tuple[str, list[object]]] = []
        for block in agencies.blocks:
            if isinstance(block, SubHeading):
                if name is not None:
                    groups.append((name, collected))
                name, collected = block.text, []
            else:
                collected.append(block)
        if name is not None:
            groups.append((name, collected))
        for agency, blocks in groups:
            add(Key.SINGLE_AGENCY, f"{agencies.label}: {agency}", _text_paras(blocks),
                _plain(blocks))

    multi = _row(view, Key.MULTI_AGENCY)
    if multi is not None:
        add(Key.MULTI_AGENCY, multi.label, _text_paras(multi.blocks), _plain(multi.blocks))

    actions = _row(view, Key.ACTIONS)
    if actions is not None:
        current.append(Key.ACTIONS)
        put(Key.ACTIONS, _table_pages(actions, body))

    audit = _row(view, Key.AUDIT)
    if audit is not None:
        current.append(Key.AUDIT)
        comments = _row(view, Key.COMMENTS)
        extra = ["", comments.label, *_plain(comments.blocks)] if comments is not None else []
        audit_pages = _body_pages(audit.label, _text_paras(audit.blocks), _plain(audit.blocks),
                                  body)
        for page in audit_pages:
            page.notes += extra
        put(Key.AUDIT, audit_pages)

    questions = reflection_questions(view)
    add("reflection", REFLECTION_TITLE, [Para(q, "bullet") for q in questions],
        [f"• {q}" for q in questions])

    updates = _row(view, Key.UPDATES)
    if updates is not None:
        paras = []
        notes = []
        for block in updates.blocks:
            if isinstance(block, Update):
                heading = Para(f"{block.date} – {block.sender}", "heading")
                paras.append(heading)
                notes.append(heading.text)
                paras.extend(_text_paras(block.blocks, group=heading))
                notes.extend(_plain(block.blocks))
        add(Key.UPDATES, updates.label, paras, notes)
    return pages


def _table_pages(row: Row, body: Box) -> list[Page]:
    table = next(block for block in row.blocks if isinstance(block, Table))
    rows = TableRows(table.headers, table.rows)
    notes = []
    for cells in table.rows:
        parts = [f"{header}: {' '.join(cell)}"
                 for header, cell in zip(table.headers, cells) if cell]
        notes.append("• " + "; ".join(parts))
    widths = [body.width * share for share in TABLE_SHARES[: len(table.headers)]]
    for size in TABLE_SIZES:
        total = row_height([(h,) for h in table.headers], widths, size) + sum(
            row_height(cells, widths, size) for cells in table.rows)
        if total <= body.height:
            return [Page(row.label, notes, size=size, table=rows)]
    pages = []
    chunks = paginate_rows(rows, body, TABLE_SPLIT_SIZE)
    if len(chunks) > MAX_SLIDES:
        raise TooManySlides(row.label, len(chunks))
    for chunk in chunks:
        pages.append(Page(row.label, [notes[index] for index, _ in chunk], size=TABLE_SPLIT_SIZE,
                          table=TableRows(table.headers, tuple(cells for _, cells in chunk))))
    return pages


# -- drawing ------------------------------------------------------------------------------------


def _emu(points: float) -> Length:
    from pptx.util import Emu

    return Emu(int(round(points * EMU_PER_PT)))


def _pt(emu: int | None) -> float:
    return (emu or 0) / EMU_PER_PT


def _open_deck(options: RenderOptions) -> PresentationType:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    if options.reference_pptx is None:
        deck = Presentation()
        deck.slide_width = _emu(WIDE[0])
        deck.slide_height = _emu(WIDE[1])
        return deck
    path = options.reference_pptx
    from ..files import UnreadableFile, read_regular_file
    from ..ooxml import MAX_FILE_BYTES, UnsafePackage, check_package

    try:
        # Read once, as a regular file of bounded size (a FIFO or /dev/zero is refused); only
        # these checked bytes are used below.
        data = read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFile as error:
        raise RenderError(f"{path}: cannot be used as a PowerPoint reference: {error}") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RenderError(f"{path}: cannot be used as a PowerPoint reference: it is not a .pptx "
                          "file (a .pptx is a zip package; save the template as .pptx or .potx)")
    try:
        check_package(data, "pptx")
    except UnsafePackage as error:
        raise RenderError(f"{path}: cannot be used as a PowerPoint reference: {error}") from None
    try:
        deck = Presentation(_as_presentation(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as error:
        raise RenderError(
            f"{path}: cannot be used as a PowerPoint reference: {_reason(error)}"
        ) from None
    except Exception as error:  # noqa: BLE001 - a damaged file can fail deep inside lxml
        raise RenderError(
            f"{path}: cannot be read as a PowerPoint file: {_reason(error)}"
        ) from None
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    # The template's own slides go, including any a tool left related but out of the slide list
    # (their part names would clash with the new slides').
    slide_ids = deck.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public delete
    for slide_id in list(slide_ids):
        slide_ids.remove(slide_id)
    rels = deck.part.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.SLIDE]:
        rels.pop(r_id)
    return deck


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_DECK_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def _as_presentation(data: bytes) -> io.BytesIO:
    """The package's bytes, a PowerPoint template (.potx) relabelled as a deck, which
    python-pptx otherwise refuses; partnerships often keep their branding as a .potx."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_TEMPLATE_TYPE, _DECK_TYPE)
            copy.writestr(info, blob)
    out.seek(0)
    return out


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split()).strip("'\"") or type(error).__name__
    return text[:200]


def _pick_layouts(deck: PresentationType, reference: object) -> tuple[SlideLayout, SlideLayout]:
    """The layouts for the title slide and for the other slides: by their usual names, else the
    simplest layout that has a title."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    layouts = [layout for master in deck.slide_masters for layout in master.slide_layouts]

    def has_title(layout: SlideLayout) -> bool:
        return any(ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
                   for ph in _placeholders(layout))

    titled = [layout for layout in layouts if has_title(layout)]
    if not titled:
        raise RenderError(f"{reference}: has no slide layout with a title placeholder")
    by_name = {layout.name.strip().lower(): layout for layout in titled}
    content = by_name.get("title only") or min(titled, key=lambda lay: len(_placeholders(lay)))
    cover = by_name.get("title slide") or next(
        (lay for lay in titled if any(ph.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
                                       for ph in _placeholders(lay))), content)
    return cover, content


def _placeholders(layout: SlideLayout) -> list[Any]:
    """A layout's placeholders (python-pptx's annotations make iterating them a type error)."""
    holders: Any = layout.placeholders
    return list(holders)


def _strip_placeholders(slide: Slide, keep: Iterable[int]) -> None:
    """Remove the placeholders a layout brings that the deck does not fill ("Click to add")."""
    kept = set(keep)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx not in kept:
            element = shape._element  # noqa: SLF001 - python-pptx has no public delete
            element.getparent().remove(element)


def _place(shape: Any, box: Box) -> None:
    shape.left, shape.top = _emu(box.left), _emu(box.top)
    shape.width, shape.height = _emu(box.width), _emu(box.height)


def _box_of(shape: Any) -> Box:
    return Box(_pt(shape.left), _pt(shape.top), _pt(shape.width), _pt(shape.height))


def _prepare_frame(frame: Any, anchor: str = "top") -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = _emu(INSET_X)
    frame.margin_top = frame.margin_bottom = _emu(INSET_Y)
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE,
                             "bottom": MSO_ANCHOR.BOTTOM}[anchor]


def _write(frame: Any, paras: Sequence[Para], size: float, align: str | None = None) -> None:
    """Fill a text frame: one paragraph each, at `size`, bullets drawn as real bullets."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    for index, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_before = Pt(SPACE_BEFORE[para.style] * size)
        paragraph.space_after = Pt(0)
        paragraph.line_spacing = 1.0
        if align is not None:
            paragraph.alignment = {"center": PP_ALIGN.CENTER, "left": PP_ALIGN.LEFT,
                                   "right": PP_ALIGN.RIGHT}[align]
        if para.style in ("bullet", "continued"):
            _bullet(paragraph, size, para.style == "bullet")
        run = paragraph.add_run()
        run.text = para.text
        run.font.size = Pt(size)
        if para.style in ("heading", "field"):
            run.font.bold = True
        if para.colour:
            colour: Any = RGBColor
            run.font.color.rgb = colour(*bytes.fromhex(para.colour))


def _bullet(paragraph: Any, size: float, visible: bool) -> None:
    from pptx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()  # noqa: SLF001 - bullets have no public API
    indent = _emu(BULLET_INDENT * size)
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent if visible else 0))
    for child in list(ppr):
        if child.tag in (qn("a:buNone"), qn("a:buChar"), qn("a:buFont"), qn("a:buAutoNum")):
            ppr.remove(child)
    if visible:
        font = ppr.makeelement(qn("a:buFont"), {"typeface": "Arial"})
        char = ppr.makeelement(qn("a:buChar"), {"char": "•"})
        ppr.append(font)
        ppr.append(char)
    else:
        ppr.append(ppr.makeelement(qn("a:buNone"), {}))


def _textbox(slide: Slide, box: Box, name: str) -> Any:
    shape = slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width),
                                     _emu(box.height))
    shape.name = name
    _prepare_frame(shape.text_frame)
    return shape


def _set_title(shape: Any, text: str, box: Box, sizes: Sequence[float]) -> str:
    """Write a title at the largest size that fits; cut it (the notes keep it) if none does."""
    size, fits = fit_size([text], box, sizes)
    shown = text if fits else shorten(text, box, size)
    frame = shape.text_frame
    frame.clear()
    _prepare_frame(frame, "middle")
    _write(frame, [Para(shown, "plain")], size)
    frame.paragraphs[0].space_before = 0
    return shown


def _band(slide: Slide, text: str, box: Box, name: str, align: str, colour: str | None,
          bold: bool) -> None:
    size, fits = fit_size([text], box, BAND_SIZES)
    shown = text if fits else shorten(text, box, size)
    shape = _textbox(slide, box, name)
    _prepare_frame(shape.text_frame, "middle")
    shape.text_frame.margin_top = shape.text_frame.margin_bottom = 0
    _write(shape.text_frame, [Para(shown, "plain", colour)], size, align)
    run = shape.text_frame.paragraphs[0].runs[0]
    run.font.bold = bold
    shape.text_frame.paragraphs[0].space_before = 0


def _draw_bands(slide: Slide, view: View, size: tuple[float, float], number: int,
                total: int) -> None:
    """The marking at the top and bottom of the slide, the review's name and the slide number."""
    width, height = size
    top = Box(MARGIN, 2, width - 2 * MARGIN, BAND - 4)
    bottom = Box(width / 3, height - BAND, width / 3, BAND - 4)
    if view.marking:
        _band(slide, view.marking, top, "Marking (top)", "center", MARKING_COLOUR, True)
        _band(slide, view.marking, bottom, "Marking (bottom)", "center", MARKING_COLOUR, True)
    if number > 1:
        left = Box(MARGIN, height - BAND, width / 3 - MARGIN - 4, BAND - 4)
        _band(slide, f"{view.title} · {view.review_type}", left, "Review", "left", None, False)
        right = Box(2 * width / 3 + 4, height - BAND, width / 3 - MARGIN - 4, BAND - 4)
        _band(slide, f"{number} / {total}", right, "Slide number", "right", None, False)


def _draw_table(slide: Slide, page: Page, body: Box) -> None:
    from pptx.util import Pt

    assert page.table is not None
    table_rows = page.table
    widths = [body.width * share for share in TABLE_SHARES[: len(table_rows.headers)]]
    all_rows = [tuple((h,) for h in table_rows.headers), *table_rows.rows]
    heights = [row_height(cells, widths, page.size) for cells in all_rows]
    frame = slide.shapes.add_table(len(all_rows), len(widths), _emu(body.left), _emu(body.top),
                                   _emu(sum(widths)), _emu(sum(heights)))
    frame.name = "Actions"
    table = frame.table
    table.first_row = True
    for index, width in enumerate(widths):
        table.columns[index].width = _emu(width)
    for row_index, (cells, height) in enumerate(zip(all_rows, heights)):
        table.rows[row_index].height = _emu(height)
        for column, paragraphs in enumerate(cells):
            cell = table.cell(row_index, column)
            cell.margin_left = cell.margin_right = _emu(CELL_INSET_X)
            cell.margin_top = cell.margin_bottom = _emu(CELL_INSET_Y)
            frame_text = cell.text_frame
            frame_text.word_wrap = True
            style = "heading" if row_index == 0 else "plain"
            paras = [Para(p, style) for p in paragraphs] or [Para("", "plain")]
            _write(frame_text, paras, page.size)
            for paragraph in frame_text.paragraphs:
                paragraph.space_before = Pt(0)


def _draw_page(deck: PresentationType, page: Page, layouts: tuple[SlideLayout, SlideLayout],
               view: View, number: int, total: int, reference: bool) -> None:
    from pptx.enum.shapes import PP_PLACEHOLDER

    size = (_pt(deck.slide_width), _pt(deck.slide_height))
    cover = number == 1
    slide = deck.slides.add_slide(layouts[0] if cover else layouts[1])
    title_shape = slide.shapes.title
    assert title_shape is not None  # chosen layouts always have a title
    subtitle = None
    if cover:
        subtitle = next((ph for ph in slide.placeholders
                         if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
    keep = [title_shape.placeholder_format.idx]
    if subtitle is not None:
        keep.append(subtitle.placeholder_format.idx)
    _strip_placeholders(slide, keep)
    width, height = size
    if cover:
        if not reference:
            _place(title_shape, Box(2 * MARGIN, height * 0.2, width - 4 * MARGIN, height * 0.3))
        title_box = _box_of(title_shape)
        _set_title(title_shape, page.title, title_box, COVER_TITLE_SIZES)
        if subtitle is None or not reference:
            lines_box = Box(2 * MARGIN, height * 0.52, width - 4 * MARGIN, height * 0.36)
        else:
            lines_box = _box_of(subtitle)
        if subtitle is None:
            subtitle = _textbox(slide, lines_box, "Review details")
        else:
            _place(subtitle, lines_box)
        frame = subtitle.text_frame
        frame.clear()
        _prepare_frame(frame)
        line_size, fits = fit_size(page.cover_lines, lines_box, COVER_LINE_SIZES)
        lines = page.cover_lines if fits else [
            shorten(line, Box(0, 0, lines_box.width, lines_box.height / len(page.cover_lines)),
                    line_size) for line in page.cover_lines]
        _write(frame, [Para(line, "plain") for line in lines], line_size, "center")
        for paragraph in frame.paragraphs:
            paragraph.space_before = 0
    else:
        title_box, body = _geometry(size, _box_of(title_shape) if reference else None)
        if not reference:
            _place(title_shape, title_box)
        _set_title(title_shape, page.title, title_box, TITLE_SIZES)
        if page.table is not None:
            _draw_table(slide, page, body)
        else:
            shape = _textbox(slide, body, "Body")
            _write(shape.text_frame, page.paragraphs, page.size)
    _draw_bands(slide, view, size, number, total)
    notes = "\n".join(line for line in [page.title, "", *page.notes])
    slide.notes_slide.notes_text_frame.text = notes


# -- the deck's file ----------------------------------------------------------------------------

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>learnsum</Application><Slides>{slides}</Slides><Notes>{slides}</Notes>"
    "</Properties>"
)


def _set_properties(deck: PresentationType, view: View) -> None:
    """Document properties from the summary alone, so the same summary gives the same bytes,
    and nothing of whoever made a reference template is carried into the deck."""
    properties = deck.core_properties
    moment = dt.datetime.combine(dt.date.fromisoformat(view.completed_iso), dt.time())

    def short(text: str | None) -> str:
        # The package format holds at most 255 characters in a text property.
        return short_property(text)

    properties.title = short(view.heading)
    properties.subject = short(view.review_type)
    properties.author = short(view.partnership)
    properties.last_modified_by = "learnsum"
    properties.keywords = ""
    properties.comments = ""
    properties.category = short(view.marking)
    properties.content_status = view.status
    properties.identifier = short(view.reference)
    properties.language = "en-GB"
    properties.version = ""
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment


def _stable_zip(data: bytes, when: dt.date, slides: int) -> bytes:
    """The package rewritten with fixed entry times (python-pptx stamps the current time)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                blob = _APP_XML.format(slides=slides).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, blob)
    return out.getvalue()


def render_pptx(view: View, options: RenderOptions) -> bytes:
    """The practitioner deck for `view` as .pptx bytes (the same bytes for the same input)."""
    deck = _open_deck(options)
    reference = options.reference_pptx is not None
    layouts = _pick_layouts(deck, options.reference_pptx)
    size = (_pt(deck.slide_width), _pt(deck.slide_height))
    title_box: Box | None = None
    if reference:
        title_ph = next((ph for ph in _placeholders(layouts[1]) if ph.placeholder_format.idx == 0),
                        None)
        if title_ph is not None and title_ph.width and title_ph.height:
            title_box = _box_of(title_ph)
    _, body = _geometry(size, title_box)
    pages = build_pages(view, body)
    for number, page in enumerate(pages, start=1):
        _draw_page(deck, page, layouts, view, number, len(pages), reference)
    _set_properties(deck, view)
    buffer = io.BytesIO()
    deck.save(buffer)
    return _stable_zip(buffer.getvalue(), dt.date.fromisoformat(view.completed_iso), len(pages))


__all__ = ["REFLECTION_TITLE", "UNSORTED_POINTS", "char_width", "reflection_questions",
           "render_pptx", "text_lines", "text_width"]

"""Every slide of the deck, before drawing: the cover, a slide (or continuation slides) for each
section the deck shows, the questions for reflection, and the speaker notes of each.
"""

from __future__ import annotations

from collections.abc import Iterable

from ... import catalogue
from ...catalogue import Key
from ...records import field, record
from ..seven import Part, seven_parts
from ..view import Bullets, Field, Paragraph, RenderError, Row, SubHeading, Table, Update, View
from .metrics import (
    BAND,
    BODY_GAP,
    BODY_SIZES,
    KIND_COLOURS,
    MARGIN,
    SPLIT_SIZE,
    TABLE_SHARES,
    TABLE_SIZES,
    TABLE_SPLIT_SIZE,
    TITLE_HEIGHT,
    TITLE_TOP,
    Box,
    Para,
    TableRows,
    paras_fit,
    row_height,
)
from .paginate import paginate_parts, paginate_rows

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


@record
class Page:
    """One slide before it is drawn."""

    title: str
    notes: list[str] = field(default_factory=list)
    paragraphs: list[Para] = field(default_factory=list)
    size: float = BODY_SIZES[0]
    table: TableRows | None = None
    cover_lines: list[str] = field(default_factory=list)


# -- building the pages from the view -----------------------------------------------------------


def geometry(slide_size: tuple[float, float], title_box: Box | None) -> tuple[Box, Box]:
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
        if paras_fit(paras, body.inner_width, size, body.inner_height):
            return [Page(title, list(notes), list(paras), size)]
    chunks = paginate_parts(paras, body, SPLIT_SIZE, MAX_SLIDES)
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


def _case_learning_paras(view: View, row: Row) -> tuple[list[Para], list[str]]:
    """Points grouped by kind under coloured headings, concerns and good practice apart."""
    items = [item for block in row.blocks if isinstance(block, Bullets) for item in block.items]
    kinds = catalogue.POINT_KINDS
    groups: list[tuple[str | None, str | None, list[str]]] = []
    for term in kinds:
        kind = view.words[f"point_kinds.{term.id}"]
        texts = [item.text for item in items if item.point_kind == kind]
        if texts:
            groups.append((kind, KIND_COLOURS.get(term.id), texts))
    unsorted = [item.text for item in items if item.point_kind is None]
    if unsorted:
        groups.append((view.words["deck.other_learning"] if groups else None, None, unsorted))
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
        lines.append(f"{view.words['reference']}: {view.reference}")
    notes = [*lines]
    review = _row(view, Key.REVIEW)
    if review is not None:
        notes += ["", review.label, *_plain(review.blocks)]
    return Page(view.title, notes, cover_lines=lines)


def _row(view: View, key: str) -> Row | None:
    for row in view.rows:
        if row.key == key and not row.empty:
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
                # Replaced, never str.format: the words come from `strings:`, and format would
                # read "{0}", "{index.real}" or "{index:>999999999}" written there as orders.
                more = view.words["deck.continuation"].replace("{index}", str(index)) \
                    .replace("{count}", str(len(group)))
                page.title = f"{page.title} {more}"
            numbered.append(page)
    return numbered


def _part_paras(view: View, part: Part) -> tuple[list[Para], list[str]]:
    """A part of the briefing as a slide's paragraphs and their notes lines: the learning under
    a coloured heading for each kind, what should change under a heading for each agency."""
    if part.key == "briefing.learning":
        learning = _row(view, Key.CASE_LEARNING)
        if learning is not None:
            return _case_learning_paras(view, learning)
    if part.key == "briefing.change":
        blocks = [block for key in (Key.MULTI_AGENCY, Key.SINGLE_AGENCY)
                  for row in [_row(view, key)] if row is not None for block in row.blocks]
        return _text_paras(blocks), _plain(blocks)
    paras: list[Para] = []
    notes: list[str] = []
    for entry in part.entries:
        style = "bullet" if entry.style == "bullet" else "field" if entry.lead else "plain"
        paras.append(Para(entry.line, style))
        notes.append(("• " if style == "bullet" else "") + entry.line)
    return paras, notes


#: The summary's key each part is made from (where a deck too long is reported).
_PART_KEYS = {
    "briefing.background": Key.REVIEW, "briefing.why_it_matters": "briefing",
    "briefing.information": Key.CASE, "briefing.learning": Key.CASE_LEARNING,
    "briefing.change": Key.MULTI_AGENCY, "briefing.reflection": "reflection",
    "briefing.further_information": "briefing",
}


def _extra_notes(view: View, *keys: str) -> list[str]:
    """The full text of rows the slides do not show, for a slide's notes."""
    lines: list[str] = []
    for key in keys:
        row = _row(view, key)
        if row is None:
            continue
        lines += ["", row.label]
        for block in row.blocks:
            if isinstance(block, Update):
                lines.append(f"{block.date} – {block.sender}")
                lines += _plain(block.blocks)
            else:
                lines += _plain([block])
    return lines


def _build_pages(view: View, body: Box, keys: list[str],
                 current: list[str]) -> list[list[Page]]:
    """The slides of the deck: the cover, the seven parts of the briefing (each on continuation
    slides only when it cannot fit on one), then the actions; `keys` gets the summary's key for
    each group after the cover, `current` the key of each group as it is begun."""
    pages: list[list[Page]] = [[_cover(view)]]
    #: Rows no slide shows, in the notes of the part they belong with.
    extra = {"briefing.background": _extra_notes(view, Key.METHOD_LEARNING),
             "briefing.information": _extra_notes(view, Key.UPDATES)}
    for part in seven_parts(view):
        key = _PART_KEYS[part.key]
        current.append(key)
        paras, notes = _part_paras(view, part)
        group = _body_pages(f"{part.number}. {part.title}", paras, notes, body)
        for page in group:
            page.notes += extra.get(part.key, [])
        pages.append(group)
        keys.append(key)
    actions = _row(view, Key.ACTIONS)
    if actions is not None:
        current.append(Key.ACTIONS)
        group = _table_pages(actions, body, view.words["deck.actions"])
        for page in group:
            page.notes += _extra_notes(view, Key.AUDIT, Key.COMMENTS)
        pages.append(group)
        keys.append(Key.ACTIONS)
    return pages


def _table_pages(row: Row, body: Box, title: str) -> list[Page]:
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
            return [Page(title, notes, size=size, table=rows)]
    pages = []
    chunks = paginate_rows(rows, body, TABLE_SPLIT_SIZE)
    if len(chunks) > MAX_SLIDES:
        raise TooManySlides(title, len(chunks))
    for chunk in chunks:
        pages.append(Page(title, [notes[index] for index, _ in chunk], size=TABLE_SPLIT_SIZE,
                          table=TableRows(table.headers, tuple(cells for _, cells in chunk))))
    return pages

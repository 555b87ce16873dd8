"""The 7-minute briefing: one A4 page in Word (and PDF), in seven numbered panels.

Partnerships hand practitioners a "7-minute briefing" of each review: a one-page handout read and
discussed in a team meeting. :func:`render_briefing` lays the seven parts of
:mod:`learnsum.render.seven` out on one A4 page, under the title and the review's facts, in a
grid of panels (1 and 2, 3 and 4, 5 and 6 side by side, 7 across the foot of the page), each
headed by its number and title.

It always fits on one page. The room of each row of panels is shared out by what the panels
need; a panel whose text needs more than its room is shortened by rule, not left to run over:

1. each paragraph and point is cut to its first sentences, as many as leave every one of them
   room (all of them cut to the same number of sentences);
2. when even their first sentences are too long, the points are kept in order while they fit,
   the last one cut at a word with "…", and the rest left out.

Every shortened panel is named in a warning (the command prints it beside the file), so the
author can write a shorter text or `briefing.why_it_matters` of their own. Rows have exact
heights, so that a line the estimate missed can never push a panel onto a second page.

The PDF (`--format briefing-pdf`) is this document converted by LibreOffice as the form's PDF is
(:mod:`learnsum.render.pdf`): every briefing of a run in one LibreOffice run.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import patterns as _patterns
from ..output import GENERATOR
from ..records import record
from .docx import table_borders
from .package import DOCX_PERMISSIONS, write_package
from .pptx.metrics import Box, shorten, text_lines
from .seven import Entry, Part, seven_parts
from .view import Rendered, RenderOptions, View, short_property

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell

# -- the page (points; 72 an inch) ---------------------------------------------------------------

PAGE = (595.3, 841.9)  # A4
MARGIN_X = 36.0
MARGIN_TOP = 50.0
MARGIN_BOTTOM = 46.0
HEADER_DISTANCE = 20.0
TITLE_SIZE = 16.0
FACTS_SIZE = 9.0
HEADING_SIZE = 10.5
BODY_SIZE = 9.0
#: Line height as a multiple of the font size: Arial and Liberation Sans need 1.15.
LINE = 1.16
#: English text in Arial against the wide measure of .pptx.metrics (see _lines), and the share
#: of capitals above which text keeps the wide measure.
ASCII_WIDTH = 0.88
MOSTLY_LOWER = 0.3
#: Points after each paragraph of a panel, and the cell's inner margins.
PARA_AFTER = 2.0
CELL_X = 5.4
CELL_Y = 3.0
BULLET_INDENT = 10.0
#: Room kept free at the foot of the page, for whatever the estimate of a line's height misses.
RESERVE = 12.0
#: The most of the page's room the last row (further information) takes when the page is full.
LAST_ROW_SHARE = 0.16
#: The least room a panel row gets, whatever the others need.
LEAST_ROW = 60.0
COLOUR = "1F4E79"  # dark blue: white text on it passes WCAG AA
LIGHT = "EAF1F8"

#: Panels side by side, row by row (by their number); a row of one panel spans the page.
ROWS: tuple[tuple[int, ...], ...] = ((1, 2), (3, 4), (5, 6), (7,))

_SENTENCE_END = _patterns.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """`text` in sentences (a sentence ends at . ! or ? before a capital letter or a digit)."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start:match.end()].rstrip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


# -- measuring ---------------------------------------------------------------------------------


def _lines(text: str, width: float, size: float) -> int:
    """How many lines `text` takes in `width` points at `size`.

    The widths of :mod:`.pptx.metrics` are those of a wide sans-serif with a margin, right for
    any script; English text in Arial (mostly lower case) is about an eighth narrower, and is
    measured so, or a panel would lose text it has room for. Text with many capitals, or any
    character beyond ASCII, keeps the wider measure."""
    capitals = sum(1 for char in text if char.isupper())
    if text.isascii() and capitals <= len(text) * MOSTLY_LOWER:
        width /= ASCII_WIDTH
    return len(text_lines(text, width, size))


def _entry_height(entry: Entry, width: float) -> float:
    inner = width - (BULLET_INDENT if entry.style == "bullet" else 0.0)
    return _lines(entry.line, inner, BODY_SIZE) * BODY_SIZE * LINE + PARA_AFTER


def _heading_height(part: Part, width: float) -> float:
    title = f"{part.number}  {part.title}"
    return len(text_lines(title, width, HEADING_SIZE)) * HEADING_SIZE * LINE + 4.0


def panel_height(part: Part, entries: Sequence[Entry], width: float) -> float:
    """The points a panel of `width` needs for its heading and `entries`."""
    inner = width - 2 * CELL_X
    return 2 * CELL_Y + _heading_height(part, inner) + sum(
        _entry_height(entry, inner) for entry in entries)


@record(frozen=True)
class Fitted:
    """A panel's entries as they fit its room, and what shortening them took (None: nothing)."""

    entries: tuple[Entry, ...]
    shortened: str | None = None


def fit(part: Part, width: float, height: float) -> Fitted:
    """`part`'s entries shortened by rule (see the module) to fit a panel `width` x `height`."""
    entries = part.entries
    if panel_height(part, entries, width) <= height:
        return Fitted(entries)
    split = [sentences(entry.text) for entry in entries]
    most = max((len(s) for s in split), default=1)
    for keep in range(most - 1, 0, -1):
        cut = [_first(entry, pieces, keep) for entry, pieces in zip(entries, split)]
        if panel_height(part, cut, width) <= height:
            # Then, in order, each paragraph given back as many of its sentences as still fit.
            for index, pieces in enumerate(split):
                for more in range(len(pieces), keep, -1):
                    longer = [*cut[:index], _first(entries[index], pieces, more), *cut[index + 1:]]
                    if panel_height(part, longer, width) <= height:
                        cut = longer
                        break
            return Fitted(tuple(cut), "paragraphs cut to their first sentence"
                          + ("s" if keep > 1 else ""))
    firsts = [_first(entry, pieces, 1) for entry, pieces in zip(entries, split)]
    kept: list[Entry] = []
    partial = False
    inner = width - 2 * CELL_X
    # An entry marked to keep (the full summary's line) has its room set aside first, when it
    # fits at all; the others share what is left, in order.
    pinned = [entry for entry in firsts if entry.keep]
    if panel_height(part, pinned, width) > height:
        pinned = []
    used = panel_height(part, pinned, width)
    for entry in (entry for entry in firsts if entry not in pinned):
        need = _entry_height(entry, inner)
        if used + need <= height:
            kept.append(entry)
            used += need
            continue
        room = height - used - PARA_AFTER
        indent = BULLET_INDENT if entry.style == "bullet" else 0.0
        if room >= 2 * BODY_SIZE * LINE:
            lead = f"{entry.lead}: " if entry.lead else ""
            box = Box(0, 0, inner - indent, room)
            text = shorten(lead + entry.text, _inner_box(box), BODY_SIZE)
            if text.startswith(lead) and len(text) > len(lead) + 1:
                kept.append(Entry(text[len(lead):], entry.style, entry.lead, entry.url))
                partial = True
        break
    kept.extend(pinned)
    left_out = len(entries) - len(kept)
    how = "paragraphs cut to their first sentence"
    if partial:
        how += ", the last one shown cut short"
    if left_out:
        how += f", and {left_out} of its {len(entries)} paragraphs left out"
    return Fitted(tuple(kept), how)


def _inner_box(box: Box) -> Box:
    """A Box whose inner size is `box`'s size (metrics.shorten measures the inner size)."""
    from .pptx.metrics import INSET_X, INSET_Y

    return Box(box.left, box.top, box.width + 2 * INSET_X, box.height + 2 * INSET_Y)


def _first(entry: Entry, pieces: list[str], keep: int) -> Entry:
    if len(pieces) <= keep:
        return entry
    return Entry(" ".join(pieces[:keep]), entry.style, entry.lead, entry.url)


def _share(needs: Sequence[float], room: float) -> list[float]:
    """Each row's height: what it needs when all fit; otherwise the room shared out so that a
    row that needs less than an equal share keeps what it needs and gives the rest to others."""
    if sum(needs) <= room:
        extra = (room - sum(needs)) / len(needs)
        return [need + extra for need in needs]
    heights = [0.0] * len(needs)
    open_rows = list(range(len(needs)))
    left = room
    while open_rows:
        share = left / len(open_rows)
        small = [index for index in open_rows if needs[index] <= share]
        if not small:
            for index in open_rows:
                heights[index] = max(share, LEAST_ROW)
            break
        for index in small:
            heights[index] = needs[index]
            left -= needs[index]
            open_rows.remove(index)
    return heights


@record(frozen=True)
class Layout:
    """The page as it will be drawn: the title lines, the facts line, and each row's height and
    panels (with their entries as they fit)."""

    title: str
    facts: str
    rows: tuple[tuple[float, tuple[tuple[Part, Fitted], ...]], ...]


def _widths(row: tuple[int, ...]) -> list[float]:
    content = PAGE[0] - 2 * MARGIN_X
    return [content / len(row)] * len(row)


def full_title(view: View) -> str:
    """The briefing's title in full ("7-minute briefing: Child T"); the page shows at most two
    lines of it, the document's properties (and so the PDF's title) up to PROPERTY_LIMIT."""
    return f"{view.words['briefing.title']}: {view.title}"


def lay_out(view: View) -> Layout:
    """The briefing of `view` on one page: every panel fitted to the room its row is given."""
    parts = {part.number: part for part in seven_parts(view)}
    content = PAGE[0] - 2 * MARGIN_X
    title = full_title(view)
    facts = " · ".join(fact for fact in (
        view.review_type, view.partnership, view.reference,
        f"{view.words['briefing.completed']} {view.completed}" if view.completed else None,
    ) if fact)
    # At most two lines each (shorten() measures lines 1.25 high).
    title = shorten(title, _inner_box(Box(0, 0, content, 2.6 * TITLE_SIZE)), TITLE_SIZE)
    facts = shorten(facts, _inner_box(Box(0, 0, content, 2.6 * FACTS_SIZE)), FACTS_SIZE)
    top = (len(text_lines(title, content, TITLE_SIZE)) * TITLE_SIZE * LINE + 6.0
           + len(text_lines(facts, content, FACTS_SIZE)) * FACTS_SIZE * LINE + 8.0)
    room = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - top - RESERVE
    needs = [max(panel_height(parts[number], parts[number].entries, width)
                 for number, width in zip(row, _widths(row))) for row in ROWS]
    # Further information (the last row) takes no more than its share of a full page.
    needs[-1] = min(needs[-1], room * LAST_ROW_SHARE)
    heights = _share(needs, room)
    rows = []
    for row, height in zip(ROWS, heights):
        panels = tuple((parts[number], fit(parts[number], width, height))
                       for number, width in zip(row, _widths(row)))
        rows.append((height, panels))
    return Layout(title, facts, tuple(rows))


def warnings(layout: Layout) -> tuple[str, ...]:
    """One line for each panel that had to be shortened."""
    return tuple(
        f"briefing panel {part.number} '{part.title}' shortened to fit the page: "
        f"{fitted.shortened} (the learning summary keeps the whole text; write it shorter to "
        "show it all)"
        for _, panels in layout.rows for part, fitted in panels if fitted.shortened)


# -- drawing -----------------------------------------------------------------------------------


def render_briefing(view: View, options: RenderOptions) -> bytes:
    """The one-page briefing of `view` as .docx bytes (the same bytes for the same view), with a
    warning for each panel shortened to fit."""
    import docx
    from docx.shared import Pt

    layout = lay_out(view)
    document = docx.Document()
    _page_setup(document)
    _style(document, view.language)
    _properties(document, view, full_title(view))
    _marking(document, view.marking)
    document.add_paragraph(layout.title, style="Title")
    facts = document.add_paragraph(layout.facts)
    facts.paragraph_format.space_after = Pt(8)
    for run in facts.runs:
        run.font.size = Pt(FACTS_SIZE)
    _panels(document, layout)
    return Rendered(_package(document, view), warnings(layout))


def _page_setup(document: WordDocument) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(PAGE[0]), Pt(PAGE[1])
    section.left_margin = section.right_margin = Pt(MARGIN_X)
    section.top_margin, section.bottom_margin = Pt(MARGIN_TOP), Pt(MARGIN_BOTTOM)
    section.header_distance = section.footer_distance = Pt(HEADER_DISTANCE)


def _style(document: WordDocument, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(PARA_AFTER)
    normal.paragraph_format.line_spacing = 1.0
    title = styles["Title"]
    title.font.name = "Arial"
    title.font.size = Pt(TITLE_SIZE)
    title.font.bold = True
    title.font.color.rgb = RGBColor.from_string(COLOUR)
    title.paragraph_format.space_after = Pt(6)
    for element in (title.element,):
        fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
        borders = element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        if borders is not None:
            borders.getparent().remove(borders)
    for name in ("Header", "Footer"):
        styles[name].font.name = "Arial"
        styles[name].font.size = Pt(9)
    defaults = styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") \
        if defaults is not None else None
    if properties is not None:
        tag = properties.find(qn("w:lang"))
        if tag is None:
            tag = OxmlElement("w:lang")
            properties.append(tag)
        tag.set(qn("w:val"), language)


def _properties(document: WordDocument, view: View, title: str) -> None:
    completed = dt.date.fromisoformat(view.completed_iso)
    moment = dt.datetime(completed.year, completed.month, completed.day, tzinfo=dt.timezone.utc)
    properties = document.core_properties
    properties.title = short_property(title)
    properties.subject = short_property(view.review_type)
    properties.author = short_property(view.partnership)
    properties.last_modified_by = GENERATOR
    properties.keywords = GENERATOR
    properties.category = short_property(view.words["briefing.title"])
    properties.identifier = short_property(view.reference)
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = moment
    properties.language = view.language


def _marking(document: WordDocument, marking: str | None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not marking:
        return
    section = document.sections[0]
    for part in (section.header, section.footer):
        line = part.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(marking).bold = True


def _panels(document: WordDocument, layout: Layout) -> None:
    from docx.shared import Pt

    content = PAGE[0] - 2 * MARGIN_X
    table = document.add_table(rows=len(layout.rows), cols=2)
    _table_properties(table)
    for index, (height, panels) in enumerate(layout.rows):
        row = table.rows[index]
        _exact_height(row, height)
        cells = list(row.cells)
        if len(panels) == 1:
            cells = [cells[0].merge(cells[1])]
        widths = _widths(tuple(part.number for part, _ in panels))
        for cell, (part, fitted), width in zip(cells, panels, widths):
            cell.width = Pt(width)
            _panel(cell, part, fitted)
    for column in table.columns:
        column.width = Pt(content / 2)


def _table_properties(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    table_borders(table, size=12, colour="FFFFFF")  # white: the panels' gutters
    margins = OxmlElement("w:tblCellMar")
    for side, size in (("top", CELL_Y), ("bottom", CELL_Y), ("left", CELL_X), ("right", CELL_X)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(size * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _exact_height(row: Any, height: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:trHeight")
    element.set(qn("w:val"), str(int(height * 20)))
    element.set(qn("w:hRule"), "exact")
    properties.append(element)
    unsplit = OxmlElement("w:cantSplit")
    properties.insert(0, unsplit)


def _shade(target: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    target.append(shading)


def _panel(cell: _Cell, part: Part, fitted: Fitted) -> None:
    from docx.shared import Pt, RGBColor

    _shade(cell._tc.get_or_add_tcPr(), LIGHT)
    heading = cell.paragraphs[0]
    heading.paragraph_format.space_after = Pt(4)
    _shade(heading._p.get_or_add_pPr(), COLOUR)
    for text in (f"{part.number}  ", part.title):
        run = heading.add_run(text)
        run.bold = True
        run.font.size = Pt(HEADING_SIZE)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for entry in fitted.entries:
        paragraph = cell.add_paragraph()
        if entry.style == "bullet":
            paragraph.paragraph_format.left_indent = Pt(BULLET_INDENT)
            paragraph.paragraph_format.first_line_indent = Pt(-BULLET_INDENT)
            paragraph.add_run("•\t")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(BULLET_INDENT))
        if entry.lead:
            paragraph.add_run(f"{entry.lead}: ").bold = True
        if entry.url:
            paragraph.add_run(entry.text).bold = True
            paragraph.add_run(" – ")
            _hyperlink(paragraph, entry.url)
        else:
            paragraph.add_run(entry.text)


def _hyperlink(paragraph: Any, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _package(document: WordDocument, view: View) -> bytes:
    """The document as a byte-stable package: no thumbnail (python-docx's template has a blank
    one), every entry dated the day the summary was completed."""
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype.endswith("/thumbnail"):
            package.rels.pop(key)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        entries = [(name, archive.read(name)) for name in archive.namelist()]
    return write_package(entries, dt.date.fromisoformat(view.completed_iso), DOCX_PERMISSIONS)


# -- PDF: the briefing converted, in the run's one LibreOffice batch ------------------------------


def render_briefing_pdf(view: View, options: RenderOptions) -> bytes:
    """The briefing of `view` as PDF (a run converts all its briefings at once, with
    :func:`convert`)."""
    return convert([render_briefing(view, options)])[0]


def convert(outputs: Sequence[bytes]) -> list[bytes]:
    """Each briefing (.docx bytes) as PDF, in one LibreOffice run."""
    from .pdf import docx_to_pdf

    return docx_to_pdf([bytes(output) for output in outputs])


def available() -> str | None:
    """Why the PDF cannot be made here (LibreOffice is missing), or None."""
    from .pdf import available as pdf_available

    return pdf_available()


__all__ = ["Fitted", "Layout", "available", "convert", "fit", "lay_out", "render_briefing",
           "render_briefing_pdf", "sentences", "warnings"]

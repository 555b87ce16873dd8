"""Drawing the pages with python-pptx: the deck (bundled, or a partnership's template), its layouts,
text boxes, titles, bullets, the actions table, the marking bands, and the document properties.

python-pptx is imported only inside these functions, to keep ``learnsum validate`` quick.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..view import RenderError, RenderOptions, View, short_property
from .metrics import (
    BAND,
    BAND_SIZES,
    BULLET_INDENT,
    CELL_INSET_X,
    CELL_INSET_Y,
    COVER_LINE_SIZES,
    COVER_TITLE_SIZES,
    EMU_PER_PT,
    INSET_X,
    INSET_Y,
    MARGIN,
    MARKING_COLOUR,
    SPACE_BEFORE,
    TABLE_SHARES,
    TITLE_SIZES,
    WIDE,
    Box,
    Para,
    fit_size,
    row_height,
    shorten,
)
from .pages import Page, geometry

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import Slide, SlideLayout
    from pptx.util import Length

# -- drawing ------------------------------------------------------------------------------------


def _emu(points: float) -> Length:
    from pptx.util import Emu

    return Emu(int(round(points * EMU_PER_PT)))


def to_points(emu: int | None) -> float:
    return (emu or 0) / EMU_PER_PT


def open_deck(options: RenderOptions) -> PresentationType:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    if options.reference_pptx is None:
        deck = Presentation()
        deck.slide_width = _emu(WIDE[0])
        deck.slide_height = _emu(WIDE[1])
        return deck
    path = options.reference_pptx
    from ...files import UnreadableFile, read_regular_file
    from ...ooxml import MAX_FILE_BYTES, UnsafePackage, check_package

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


def pick_layouts(deck: PresentationType, reference: object) -> tuple[SlideLayout, SlideLayout]:
    """The layouts for the title slide and for the other slides: by their usual names, else the
    simplest layout that has a title."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    layouts = [layout for master in deck.slide_masters for layout in master.slide_layouts]

    def has_title(layout: SlideLayout) -> bool:
        return any(ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
                   for ph in placeholders(layout))

    titled = [layout for layout in layouts if has_title(layout)]
    if not titled:
        raise RenderError(f"{reference}: has no slide layout with a title placeholder")
    by_name = {layout.name.strip().lower(): layout for layout in titled}
    content = by_name.get("title only") or min(titled, key=lambda lay: len(placeholders(lay)))
    cover = by_name.get("title slide") or next(
        (lay for lay in titled if any(ph.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
                                       for ph in placeholders(lay))), content)
    return cover, content


def placeholders(layout: SlideLayout) -> list[Any]:
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


def box_of(shape: Any) -> Box:
    return Box(to_points(shape.left), to_points(shape.top), to_points(shape.width),
               to_points(shape.height))


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
        # A line break the author wrote (a multi-line string of `strings:`) stays one.
        for number, line in enumerate(para.text.split("\n")):
            if number:
                paragraph.add_line_break()
            run = paragraph.add_run()
            run.text = line
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
    """The marking at the top of the slide, the review's name and the slide number."""
    width, height = size
    top = Box(MARGIN, 2, width - 2 * MARGIN, BAND - 4)
    if view.marking:
        # Once a slide, at the top: a slide is one page, and twice was read twice by screen
        # readers.
        _band(slide, view.marking, top, "Marking", "center", MARKING_COLOUR, True)
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


def draw_page(deck: PresentationType, page: Page, layouts: tuple[SlideLayout, SlideLayout],
               view: View, number: int, total: int, reference: bool) -> None:
    from pptx.enum.shapes import PP_PLACEHOLDER

    size = (to_points(deck.slide_width), to_points(deck.slide_height))
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
        title_box = box_of(title_shape)
        _set_title(title_shape, page.title, title_box, COVER_TITLE_SIZES)
        if subtitle is None or not reference:
            lines_box = Box(2 * MARGIN, height * 0.52, width - 4 * MARGIN, height * 0.36)
        else:
            lines_box = box_of(subtitle)
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
        title_box, body = geometry(size, box_of(title_shape) if reference else None)
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


def set_language(deck: PresentationType, language: str) -> None:
    """Every run, paragraph end and text default of the deck (slides, notes, masters and
    layouts) in `language`, for the spelling checker and screen readers: python-pptx's template
    says en-US."""
    from pptx.oxml.ns import qn

    tags = {qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")}
    for part in deck.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for run in element.iter(qn("a:r")):
            run.get_or_add_rPr()
        for node in element.iter(*tags):
            node.set("lang", language)


def set_properties(deck: PresentationType, view: View) -> None:
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
    properties.language = view.language
    # Text without a language of its own is proofed in the deck's default language.
    from pptx.oxml.ns import qn

    for default in deck.part._element.iter(qn("a:defRPr")):
        default.set("lang", view.language)
    properties.version = ""
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment

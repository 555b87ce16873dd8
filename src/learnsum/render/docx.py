"""Word (.docx) output with python-docx: the Learning Summary form as partnerships know it.

The document is the form: "Learning Summary" as its title, the review's title as Heading 1, then a
two-column table with one row per section, its label (a Heading 2, so Word's navigation pane and
screen readers list every section) and guidance prompt on the left and the content on the right.
A4 portrait, "Page X of Y" in the footer, the protective marking in the header and footer.

The bytes are the same on every run for the same summary: document properties carry the date the
summary was completed, and the zip entries carry that date too, so a re-render that changes
nothing changes no file (and a repository can commit its rendered documents).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import (
    Block,
    Bullets,
    Field,
    Item,
    Paragraph,
    RenderError,
    RenderOptions,
    SubHeading,
    Table,
    Update,
    View,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.section import _Footer, _Header
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as WordParagraph

#: Widths of the form's two columns and of the actions table's four, in centimetres
#: (A4 less 2 cm margins leaves 17 cm).
LABEL_WIDTH_CM = 5.5
CONTENT_WIDTH_CM = 11.5
ACTION_WIDTHS_CM = (3.2, 5.0, 2.0, 1.3)
PAGE_MARGIN_CM = 2.0
LABEL_SHADING = "F2F2F2"

#: The heading levels used: the review's title, the section labels, agencies inside a row.
TITLE_HEADING, SECTION_HEADING, SUB_HEADING = "Heading 1", "Heading 2", "Heading 3"


def render_docx(view: View, options: RenderOptions | None = None) -> bytes:
    """The .docx bytes of `view`; with `options.reference_docx`, in that document's styles."""
    options = options or RenderOptions()
    document = _start(options.reference_docx)
    if options.reference_docx is None:
        _page_setup(document)
        _house_style(document)
    _marking_and_page_numbers(document, view.marking)
    _properties(document, view)
    _title(document, view)
    _form_table(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), dt.date.fromisoformat(view.completed_iso))


# -- the document ------------------------------------------------------------------------------


def _start(reference: Path | None) -> WordDocument:
    import docx
    from docx.oxml.ns import qn

    if reference is None:
        return docx.Document()
    try:
        document = docx.Document(str(reference))
    except Exception as error:  # python-docx raises several types for a file that is not .docx
        raise RenderError(
            f"{reference}: not a Word document that can be used as a reference "
            f"({type(error).__name__}: {error})"
        ) from None
    # Like pandoc's reference document: keep its styles, page setup, headers and logo, drop its text.
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _page_setup(document: WordDocument) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(PAGE_MARGIN_CM))
        section.header_distance = section.footer_distance = Cm(1)


def _house_style(document: WordDocument) -> None:
    """The plain look of a council form: Arial, black headings, compact spacing, British English."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    black = RGBColor(0, 0, 0)
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 22), (TITLE_HEADING, 16), (SECTION_HEADING, 10.5),
                       (SUB_HEADING, 10.5)):
        style = styles[name]
        style.font.name = "Arial"
        _drop_theme_fonts(style)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = black
        style.paragraph_format.space_before = Pt(0 if name in (SECTION_HEADING, SUB_HEADING)
                                                 else 6)
        style.paragraph_format.space_after = Pt(4)
    for name in ("Header", "Footer"):
        styles[name].font.name = "Arial"
        styles[name].font.size = Pt(9)
    # British English for the spelling checker and screen readers.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
        if properties is not None:
            language = properties.find(qn("w:lang"))
            if language is None:
                language = OxmlElement("w:lang")
                properties.append(language)
            language.set(qn("w:val"), "en-GB")


def _drop_theme_fonts(style: Any) -> None:
    """Theme fonts (Calibri Light for headings) win over a named font: remove them."""
    from docx.oxml.ns import qn

    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)


def _properties(document: WordDocument, view: View) -> None:
    completed = dt.date.fromisoformat(view.completed_iso)
    moment = dt.datetime(completed.year, completed.month, completed.day, tzinfo=dt.timezone.utc)
    properties = document.core_properties
    properties.title = view.heading
    properties.subject = view.review_type
    properties.author = view.partnership or ""
    properties.last_modified_by = "learnsum"
    properties.comments = ""
    properties.keywords = ""
    properties.category = view.form_title
    properties.identifier = view.reference or ""
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.language = "en-GB"


def _title(document: WordDocument, view: View) -> None:
    _set_style(document, document.add_paragraph(view.form_title), "Title")
    _set_style(document, document.add_paragraph(view.title), TITLE_HEADING)
    for fact in view.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{fact.label}: ").bold = True
        paragraph.add_run(fact.text)


def _form_table(document: WordDocument, view: View) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=0, cols=2)
    _table_style(document, table)
    table.autofit = False
    widths = (Cm(LABEL_WIDTH_CM), Cm(CONTENT_WIDTH_CM))
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in view.rows:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        label_cell, content_cell = cells
        _shade(label_cell)
        heading = label_cell.paragraphs[0]
        _set_style(document, heading, SECTION_HEADING)
        _not_kept_with_next(heading)
        heading.add_run(row.label).bold = True
        if row.prompt:
            label_cell.add_paragraph().add_run(row.prompt).italic = True
        _blocks(document, content_cell, row.blocks)


def _blocks(document: WordDocument, cell: _Cell, blocks: tuple[Block, ...]) -> None:
    unused = [cell.paragraphs[0]]

    def paragraph(style: str | None = None) -> WordParagraph:
        # A new cell holds one empty paragraph already: the first block uses it.
        found = unused.pop() if unused else cell.add_paragraph()
        if style:
            _set_style(document, found, style)
        return found

    for block in blocks:
        if isinstance(block, Paragraph):
            paragraph().add_run(block.text)
        elif isinstance(block, Field):
            line = paragraph()
            line.add_run(f"{block.label}: ").bold = True
            line.add_run(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                _bullet(document, paragraph, item)
        elif isinstance(block, SubHeading):
            subheading = paragraph(SUB_HEADING)
            _not_kept_with_next(subheading)
            subheading.add_run(block.text)
        elif isinstance(block, Table):
            if unused:
                # The table comes first: drop the cell's empty paragraph rather than leave a gap.
                empty = unused.pop()
                _actions_table(document, cell, block)
                empty._element.getparent().remove(empty._element)
            else:
                _actions_table(document, cell, block)
                unused.append(cell.paragraphs[-1])
        elif isinstance(block, Update):
            line = paragraph()
            line.add_run(block.date).bold = True
            line.add_run(f" – {block.sender_label}: {block.sender}")
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    paragraph().add_run(inner.text)
                else:
                    for item in inner.items:
                        _bullet(document, paragraph, item)


def _shade(cell: _Cell) -> None:
    """The light grey of the form's label column."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), LABEL_SHADING)
    cell._tc.get_or_add_tcPr().append(shading)


def _not_kept_with_next(heading: WordParagraph) -> None:
    """Headings keep with the next paragraph; inside a table cell that would make Word and
    LibreOffice keep every row together and push the whole form onto the next page."""
    heading.paragraph_format.keep_with_next = False


def _bullet(document: WordDocument, paragraph: Callable[..., WordParagraph], item: Item) -> None:
    from ..catalogue import FIELD_LABELS

    if _has_style(document, "List Bullet"):
        line = paragraph("List Bullet")
    else:
        # A reference document without a bullet style: a bullet character keeps the list readable.
        line = paragraph()
        line.add_run("• ")
    if item.point_kind:
        line.add_run(f"{item.point_kind}: ").bold = True
    line.add_run(item.text)
    if item.themes:
        line.add_run(f" ({FIELD_LABELS['themes']}: {', '.join(item.themes)})").italic = True


def _actions_table(document: WordDocument, cell: _Cell, block: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = cell.add_table(rows=1, cols=len(block.headers))
    _table_style(document, table)
    table.autofit = False
    widths = [Cm(width) for width in ACTION_WIDTHS_CM]
    header = table.rows[0]
    # Repeat the header row when the table runs onto another page.
    row_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for header_cell, label, width in zip(header.cells, block.headers, widths):
        header_cell.width = width
        header_cell.paragraphs[0].add_run(label).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for table_cell, paragraphs, width in zip(cells, row, widths):
            table_cell.width = width
            for index, text in enumerate(paragraphs):
                target = table_cell.paragraphs[0] if index == 0 else table_cell.add_paragraph()
                target.add_run(text)


def _table_style(document: WordDocument, table: Any) -> None:
    if _has_style(document, "Table Grid"):
        table.style = document.styles["Table Grid"]
    else:
        _borders(table)


def _borders(table: Any) -> None:
    """Single black borders, for reference documents that lack the Table Grid style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _has_style(document: WordDocument, name: str) -> bool:
    # Cached on the document: looking a style up by name scans all of them.
    known: dict[str, bool] = document.__dict__.setdefault("_learnsum_has_style", {})
    if name not in known:
        try:
            document.styles[name]
        except KeyError:
            known[name] = False
        else:
            known[name] = True
    return known[name]


def _style(document: WordDocument, name: str) -> Any:
    """The named style, or Normal when a reference document lacks it (never a crash)."""
    if _has_style(document, name):
        return document.styles[name]
    return document.styles["Normal"]


def _set_style(document: WordDocument, paragraph: WordParagraph, name: str) -> None:
    """Give `paragraph` the named style (Normal when the document lacks it).

    Sets the style id directly: python-docx's `paragraph.style = ...` scans every style of the
    document on each call, which made most of the rendering time.
    """
    cache: dict[str, str | None] = document.__dict__.setdefault("_learnsum_style_ids", {})
    if name not in cache:
        style = _style(document, name)
        cache[name] = None if style.name == "Normal" and name != "Normal" else style.style_id
    style_id = cache[name]
    if style_id is not None:
        paragraph._p.style = style_id


# -- header and footer -------------------------------------------------------------------------


def _marking_and_page_numbers(document: WordDocument, marking: str | None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in document.sections:
        headers: list[_Header] = [section.header]
        footers: list[_Footer] = [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for header in headers:
            if marking:
                line = _free_paragraph(header)
                line.alignment = WD_ALIGN_PARAGRAPH.CENTER
                line.add_run(marking).bold = True
        for footer in footers:
            if not _has_page_field(footer):
                line = _free_paragraph(footer)
                line.alignment = WD_ALIGN_PARAGRAPH.CENTER
                line.add_run("Page ")
                _field(line, "PAGE")
                line.add_run(" of ")
                _field(line, "NUMPAGES")
            if marking:
                line = footer.add_paragraph()
                line.alignment = WD_ALIGN_PARAGRAPH.CENTER
                line.add_run(marking).bold = True


def _free_paragraph(part: _Header | _Footer) -> WordParagraph:
    """The part's only paragraph when it is empty (a new header has one), else a new one."""
    paragraphs = part.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0].runs:
        return paragraphs[0]
    return part.add_paragraph()


def _has_page_field(footer: _Footer) -> bool:
    """True when a reference document's footer numbers its pages already."""
    xml = footer._element.xml
    return "PAGE" in xml and ("w:instrText" in xml or "w:fldSimple" in xml)


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run("1")
    char("end")


# -- stable bytes ------------------------------------------------------------------------------


def _stable_zip(data: bytes, day: dt.date) -> bytes:
    """The package rewritten with every entry dated `day`, so equal content gives equal bytes
    (python-docx stamps entries with the time of saving)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


__all__ = ["render_docx"]

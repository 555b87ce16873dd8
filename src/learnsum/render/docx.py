"""Word (.docx) output with python-docx: the Learning Summary form as partnerships know it.

The document is the form: "Learning Summary" as its title, the review's title as Heading 1, then a
two-column table with one row per section, its label (a Heading 2, so Word's navigation pane and
screen readers list every section) and guidance prompt on the left and the content on the right.
A4 portrait, "Page X of Y" in the footer, the protective marking in the header and footer.

The bytes are the same on every run for the same summary: document properties carry the date the
summary was completed, and the zip entries carry that date too, so a re-render that changes
nothing changes no file (and a repository can commit its rendered documents).

Speed: a run renders many summaries, so everything that is the same for all of them is done once
per template and protective marking (a `_Base`): python-docx opens the template, applies page
setup, house style, header and footer, builds one form row and one actions table as templates,
and compresses every part that no summary changes. A summary then costs only its own body (copies
of the prepared paragraphs, runs and rows, filled in), its document properties and one pass of
the package writer (:mod:`learnsum.render.package`) compressing the two parts it changed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..output import GENERATOR
from .docx_layout import (
    ACTION_WIDTHS_CM,
    CELL_MARGIN_CM,
    CONTENT_WIDTH_CM,
    LABEL_WIDTH_CM,
    PAGE_MARGIN_CM,
    ROW_LIMIT_PT,
    _lines_height,
    column_widths,
    row_height,
)
from .package import DOCX_PERMISSIONS, Deflated, deflate, write_package
from .view import (
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
    document_properties,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.opc.part import Part
    from docx.oxml.table import CT_Row as CT_Tr
    from docx.oxml.table import CT_Tbl, CT_Tc
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R
    from docx.section import _Footer, _Header
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as WordParagraph
    from lxml.etree import _Element  # type: ignore[import-untyped]

    from .docx_text import TextBase

LABEL_SHADING = "F2F2F2"

#: The heading levels used: the review's title, the section labels, agencies inside a row.
TITLE_HEADING, SECTION_HEADING, SUB_HEADING = "Heading 1", "Heading 2", "Heading 3"

#: Prepared templates kept for a run, by (reference document, marking); a few at most in practice.
_BASES: dict[tuple[object, str | None, str, str], _Base] = {}
_MAX_BASES = 8
#: Their serialised forms, by the same key (None for a template that has none).
_TEXT_BASES: dict[tuple[object, str | None, str, str], TextBase | None] = {}


def render_docx(view: View, options: RenderOptions | None = None) -> bytes:
    """The .docx bytes of `view`; with `options.reference_docx`, in that document's styles.

    Written as text from the template's serialised form (:mod:`learnsum.render.docx_text`) when
    there is one, kept from an earlier run or made by this one; else with python-docx."""
    options = options or RenderOptions()
    text_base = _text_base(options.reference_docx, view.marking, view.words["page_number"],
                           view.language)
    if text_base is not None:
        from .docx_text import Unsupported

        try:
            return text_base.render(view)
        except Unsupported:
            pass
    return _render_with_docx(view, options)


def _render_with_docx(view: View, options: RenderOptions) -> bytes:
    """The .docx bytes of `view`, made with python-docx."""
    base = _base(options.reference_docx, view.marking, view.words["page_number"], view.language)
    return base.render(view)


def _text_base(reference: Path | None, marking: str | None, page_number: str,
               language: str) -> TextBase | None:
    """The template's serialised form: kept in this process, else in the cache folder, else
    made with python-docx (and kept there); None when it cannot be made for this template."""
    from . import docx_text

    key = (_file_key(reference), marking, page_number, language)
    if key in _TEXT_BASES:
        return _TEXT_BASES[key]
    cache_key = docx_text.cache_key(reference, marking, page_number, language)
    found = docx_text.load(cache_key)
    if found is None:
        base = _base(reference, marking, page_number, language)  # a bad reference: RenderError
        if cache_key is not None and docx_text.writable():
            found = base.serialise()
            if found is not None:
                docx_text.store(cache_key, found)
    if len(_TEXT_BASES) >= _MAX_BASES:
        del _TEXT_BASES[next(iter(_TEXT_BASES))]
    _TEXT_BASES[key] = found
    return found


def _base(reference: Path | None, marking: str | None, page_number: str = "Page {page} of {pages}",
          language: str = "en-GB") -> _Base:
    key = (_file_key(reference), marking, page_number, language)
    base = _BASES.get(key)
    if base is None:
        if len(_BASES) >= _MAX_BASES:
            del _BASES[next(iter(_BASES))]
        base = _BASES[key] = _Base(reference, marking, page_number, language)
    return base


def _file_key(reference: Path | None) -> object:
    """The reference document as a cache key: a file edited during a run is read again."""
    if reference is None:
        return None
    try:
        stat = reference.stat()
    except OSError:
        return str(reference)  # opening it fails with a RenderError, which caches nothing
    return (str(reference.resolve()), stat.st_mtime_ns, stat.st_size)


# -- the prepared template ---------------------------------------------------------------------


class _Base:
    """A template prepared for one reference document and marking, reused by every summary.

    Between summaries only the body's content and the document properties change (every property
    is set again for each summary), so the other parts are serialised and compressed once.
    """

    def __init__(self, reference: Path | None, marking: str | None,
                 page_number: str = "Page {page} of {pages}", language: str = "en-GB") -> None:
        from docx.opc.constants import CONTENT_TYPE

        document = _start(reference)
        if reference is None:
            _page_setup(document)
            _house_style(document)
        _language(document, language)
        self.document = document
        self._style_ids: dict[str, str | None] = {}
        _marking_and_page_numbers(document, marking, page_number)
        document.core_properties  # noqa: B018 - creates the part when a reference lacks it
        _drop_thumbnail(document)
        self._form_templates(document)
        self._actions: dict[int, tuple[CT_Tbl, CT_Tr]] = {}
        self._paragraphs: dict[str | None, CT_P] = {}
        self._runs: dict[str, CT_R] = {}
        self._section = document.element.body.sectPr  # the body's last child, kept
        self._core_type = CONTENT_TYPE.OPC_CORE_PROPERTIES
        self._signature: tuple[tuple[int, int], ...] = ()
        self._layout: list[tuple[str, Deflated | None, Part]] = []

    # -- styles

    def style_id(self, name: str) -> str | None:
        """The id of the named style; None for Normal, or when a reference document lacks it
        (its paragraphs are then Normal: never a crash).

        Looking a style up through python-docx scans every style of the document, which made
        most of the rendering time: each name is looked up once per template.
        """
        if name not in self._style_ids:
            try:
                style = self.document.styles[name]
            except KeyError:
                self._style_ids[name] = None
            else:
                self._style_ids[name] = None if style.name == "Normal" else style.style_id
        return self._style_ids[name]

    def has_style(self, name: str) -> bool:
        return self.style_id(name) is not None

    # -- templates of the elements a summary is made of, built with python-docx once

    def _form_templates(self, document: WordDocument) -> None:
        """The form table and one of its rows, built on the document and then taken out of it."""
        from docx.shared import Cm

        table = document.add_table(rows=0, cols=2)
        self.table_style(table)
        table.autofit = False
        widths = (Cm(LABEL_WIDTH_CM), Cm(CONTENT_WIDTH_CM))
        for column, width in zip(table.columns, widths):
            column.width = width
        row = table.add_row()
        cells = row.cells
        for cell, width in zip(cells, widths):
            cell.width = width
        _shade(cells[0])
        heading = cells[0].paragraphs[0]
        heading._p.style = self.style_id(SECTION_HEADING)
        _not_kept_with_next(heading)
        self.form_row: CT_Tr = _copy(row._tr)
        table._tbl.remove(row._tr)
        self.form_table: CT_Tbl = _copy(table._tbl)
        table._tbl.getparent().remove(table._tbl)

    def table_style(self, table: Any) -> None:
        style_id = self.style_id("Table Grid")
        if style_id is not None:
            table._tbl.tblStyle_val = style_id
        else:
            table_borders(table)

    def actions_templates(self, columns: int) -> tuple[CT_Tbl, CT_Tr]:
        """The actions table with its (empty) header row, and one of its body rows."""
        if columns not in self._actions:
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn
            from docx.shared import Cm
            from docx.table import _Cell

            # A detached copy of the content cell: the table takes its width from the cell.
            cell = _Cell(_copy(self.form_row.tc_lst[1]), cast(Any, None))
            table = cell.add_table(rows=1, cols=columns)
            self.table_style(table)
            table.autofit = False
            widths = [Cm(width) for width in ACTION_WIDTHS_CM]
            header = table.rows[0]
            # Repeat the header row when the table runs onto another page.
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            header._tr.get_or_add_trPr().append(repeat)
            for header_cell, width in zip(header.cells, widths):
                header_cell.width = width
            row = table.add_row()  # type: ignore[no-untyped-call]
            for table_cell, width in zip(row.cells, widths):
                table_cell.width = width
            row_template: CT_Tr = _copy(row._tr)
            table._tbl.remove(row._tr)
            self._actions[columns] = (_copy(table._tbl), row_template)
        return self._actions[columns]

    def paragraph(self, style: str | None = None) -> CT_P:
        """A new empty paragraph in the named style (Normal when the document lacks it)."""
        if style not in self._paragraphs:
            from docx.oxml import OxmlElement
            from docx.text.paragraph import Paragraph as WordParagraph

            template = cast("CT_P", OxmlElement("w:p"))
            style_id = None if style is None else self.style_id(style)
            if style_id is not None:
                template.style = style_id
            if style == SUB_HEADING:
                _not_kept_with_next(WordParagraph(template, cast(Any, None)))
            self._paragraphs[style] = template
        return _copy(self._paragraphs[style])

    def run(self, text: str, look: str = "") -> CT_R:
        """A run of `text`, "bold", "italic" or plain: like python-docx's `add_run(text)`, with
        the character formatting copied from a template rather than set property by property."""
        if look not in self._runs:
            from docx.oxml import OxmlElement
            from docx.text.run import Run

            template = cast("CT_R", OxmlElement("w:r"))
            if look:
                setattr(Run(template, cast(Any, None)), look, True)
            self._runs[look] = template
            self._runs[look + "+text"] = _copy(template)
            self._runs[look + "+text"].add_t("")
        if not text:
            return _copy(self._runs[look])
        if "\t" in text or "\n" in text or "\r" in text:
            from docx.text.run import Run

            run = _copy(self._runs[look])
            Run(run, cast(Any, None)).text = text  # tabs and line breaks become their elements
            return run
        run = _copy(self._runs[look + "+text"])
        content = run[-1]
        content.text = text
        if len(text.strip()) < len(text):  # as python-docx's add_t: keep the outer spaces
            content.set(_XML_SPACE, "preserve")
        return run

    # -- a summary's document and package

    def render(self, view: View) -> bytes:
        """The .docx bytes of `view` in this template."""
        document = self.fresh_document()
        _properties(document, view)
        body = _Story(self, document.element.body)
        _title(body, view)
        _form_table(body, view)
        return self.package(dt.date.fromisoformat(view.completed_iso))

    def serialise(self) -> TextBase | None:
        """This template in serialised form (see :mod:`learnsum.render.docx_text`), checked: a
        summary using every element it holds is written the same by both; None when it is not
        (the python-docx path then renders every summary)."""
        from .docx_text import TextBase

        try:
            text_base = TextBase(self._serialised())
            probe = _probe_view()
            same = text_base.render(probe) == self.render(probe)
        except Exception:  # noqa: BLE001 - a template of an unforeseen shape: python-docx renders
            return None
        finally:
            self.fresh_document()
        return text_base if same else None

    def _serialised(self) -> dict[str, Any]:
        import base64

        from docx.shared import Twips
        from lxml import etree  # type: ignore[import-untyped]

        from .docx_text import LOOKS, MAX_COLUMNS, MIN_COLUMNS, PROPERTIES, STYLES

        self.fresh_document()
        mark = "learnsum-mark"
        body = _Story(self, self.document.element.body)

        def marker() -> _Element:
            return etree.Comment(mark)

        def pieces(element: _Element, count: int = 1) -> list[str]:
            """The element's text as written in the document, split at its markers."""
            start, end = marker(), marker()
            for node in (start, element, end):
                body.add(node)
            text = self.document.part.blob.decode("utf-8")
            for node in (start, element, end):
                node.getparent().remove(node)
            found: list[str] = text.split(f"<!--{mark}-->")
            if len(found) != count + 2:
                raise ValueError("a marker is missing")
            return found[1:-1]

        def shell(element: _Element) -> list[str]:
            """The element's start and end around its children, and its text without any."""
            empty = pieces(_copy(element))
            element = _copy(element)
            element.append(marker())
            return [*pieces(element, 2), *empty]

        def split(text: str, sentinel: str) -> list[str]:
            found = text.split(f'"{sentinel}"')
            if len(found) != 2:
                raise ValueError("a width is not where it was expected")
            return [found[0] + '"', '"' + found[1]]

        data: dict[str, Any] = {}
        place = marker()
        body.add(place)
        data["document"] = self.document.part.blob.decode("utf-8").split(f"<!--{mark}-->")
        place.getparent().remove(place)
        data["paragraphs"] = {style: shell(self.paragraph(style or None)) for style in STYLES}
        data["runs"] = {look: shell(self.run("", look)) for look in LOOKS}
        data["bullets"] = self.has_style("List Bullet")
        data["form_table"] = shell(self.form_table)
        data["form_row"] = {}
        for cant in (False, True):
            row = _copy(self.form_row)
            if cant:
                _cannot_split(row)
            label, content = row.tc_lst
            label.p_lst[0].append(marker())
            label.append(marker())
            content.p_lst[0].addprevious(marker())
            content.append(marker())
            data["form_row"][str(int(cant))] = pieces(row, 5)
        sentinel = 987653
        data["actions"] = {}
        for columns in range(MIN_COLUMNS, MAX_COLUMNS + 1):
            table, row = self.actions_templates(columns)
            table = _copy(table)
            header = table.tr_lst[0]
            table.remove(header)
            grid = table.tblGrid
            column = _copy(grid.gridCol_lst[0])
            column.w = Twips(sentinel)
            for child in list(grid):
                grid.remove(child)
            grid.append(marker())
            table.append(marker())
            actions: dict[str, Any] = {"table": pieces(table, 3),
                                       "grid": split(pieces(column)[0], str(sentinel))}
            _cannot_split(header)
            cant = _copy(row)
            _cannot_split(cant)
            for kind, tr in (("header", header), ("cant", cant), ("row", _copy(row))):
                cell = _copy(tr.tc_lst[0])
                cell.width = Twips(sentinel)
                first = cell.p_lst[0]
                first.addprevious(marker())
                cell.remove(first)
                cell_start, cell_end = pieces(cell, 2)
                for child in tr.tc_lst:
                    tr.remove(child)
                tr.append(marker())
                tr_start, tr_end = pieces(tr, 2)
                actions[kind] = {"start": tr_start, "end": tr_end,
                                 "cell": [*split(cell_start, str(sentinel)), cell_end],
                                 "first": shell(first)}
            data["actions"][str(columns)] = actions
        data["core"], data["core_names"] = self._core_template(PROPERTIES)
        data["entries"] = [
            [name, "fixed", deflated.crc, deflated.size,
             base64.b64encode(deflated.data).decode("ascii")] if deflated is not None
            else [name, "document" if part is self.document.part else "core", 0, 0, ""]
            for name, deflated, part in self._layout_now()]
        return data

    def _core_template(self, names: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """The core-properties part split where each property a summary sets goes, and those
        properties in the order they come in it."""
        holes = {name: f"learnsum-property-{name}" for name in names}
        dates = {"created": dt.datetime(1901, 2, 3, tzinfo=dt.timezone.utc),
                 "modified": dt.datetime(1902, 3, 4, tzinfo=dt.timezone.utc)}
        _set_properties(self.document, {**holes, **dates})
        holes.update({name: f"{moment:%Y-%m-%dT%H:%M:%SZ}" for name, moment in dates.items()})
        part = next(part for part in self.document.part.package.parts
                    if part.content_type == self._core_type)
        text = part.blob.decode("utf-8")
        found = sorted((text.index(hole), name) for name, hole in holes.items())
        if any(text.count(hole) != 1 for hole in holes.values()):
            raise ValueError("a property is not where it was expected")
        pieces, position = [], 0
        for index, name in found:
            pieces.append(text[position:index])
            position = index + len(holes[name])
        pieces.append(text[position:])
        return pieces, [name for _, name in found]

    def _layout_now(self) -> list[tuple[str, Deflated | None, Part]]:
        parts = self.document.part.package.parts
        for part in parts:
            part.before_marshal()
        self._signature = tuple((id(part), len(part.rels)) for part in parts)
        self._layout = self._lay_out(parts)
        return self._layout

    def fresh_document(self) -> WordDocument:
        """The prepared document with an empty body, for the next summary."""
        body = self.document.element.body
        for child in list(body):
            if child is not self._section:
                body.remove(child)
        return self.document

    def package(self, day: dt.date) -> bytes:
        """The package as python-docx would save it (the same entries in the same order: content
        types, package relationships, each part and its relationships), written in one pass with
        every entry dated `day`; only the document and its properties are compressed again."""
        parts = self.document.part.package.parts
        for part in parts:
            part.before_marshal()
        # Rendering adds no part and no relationship; were that to change, lay out again.
        signature = tuple((id(part), len(part.rels)) for part in parts)
        if signature != self._signature:
            self._signature, self._layout = signature, self._lay_out(parts)
        entries = [(name, data if data is not None else deflate(part.blob))
                   for name, data, part in self._layout]
        return write_package(entries, day, DOCX_PERMISSIONS)

    def _lay_out(self, parts: list[Part]) -> list[tuple[str, Deflated | None, Part]]:
        """Each entry of the package: its name, its data compressed when it is the same for every
        summary (None for the parts a summary changes) and the part it belongs to."""
        from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
        from docx.opc.pkgwriter import _ContentTypesItem

        package = self.document.part.package
        main = self.document.part
        layout: list[tuple[str, Deflated | None, Part]] = [
            (CONTENT_TYPES_URI.membername,
             deflate(_ContentTypesItem.from_parts(parts).blob),  # type: ignore[no-untyped-call]
             main),
            (PACKAGE_URI.rels_uri.membername, deflate(package.rels.xml), main),
        ]
        for part in parts:
            changes = part is main or part.content_type == self._core_type
            layout.append((part.partname.membername,
                           None if changes else deflate(part.blob), part))
            if len(part.rels):
                layout.append((part.partname.rels_uri.membername,
                               deflate(part.rels.xml), part))
        return layout


class _Story:
    """The document's body, where a summary's paragraphs and the form go: before the section
    properties, which stay last."""

    def __init__(self, base: _Base, element: _Element) -> None:
        self.base = base
        self.element = element
        self._before = element.find(_qn("w:sectPr"))

    def add(self, child: _Element) -> None:
        if self._before is not None:
            self._before.addprevious(child)
        else:
            self.element.append(child)

    def paragraph(self, style: str | None = None) -> CT_P:
        found = self.base.paragraph(style)
        self.add(found)
        return found


# -- the document ------------------------------------------------------------------------------


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_E = TypeVar("_E", bound="_Element")


def _copy(element: _E) -> _E:
    """A deep copy of a template element: lxml's own copy is deep, and `copy.deepcopy` only adds
    a memo around it (twice the time, for the hundred elements of a summary)."""
    return cast(_E, element.__copy__())


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _start(reference: Path | None) -> WordDocument:
    import docx
    from docx.oxml.ns import qn

    if reference is None:
        return docx.Document()
    from ..ooxml import UnsafePackage, read_package

    try:
        data = read_package(reference, "docx")
    except UnsafePackage as error:
        raise RenderError(f"{reference}: cannot be used as a Word reference: {error}") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises several types for a non-.docx
        raise RenderError(
            f"{reference}: not a Word document that can be used as a reference "
            f"({type(error).__name__}: {error})"
        ) from None
    # Like pandoc's reference document: keep its styles, page setup, headers and logo, drop its
    # text.
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


def _language(document: WordDocument, language: str) -> None:
    """The documents' language (en-GB by default) for the spelling checker and screen readers,
    set on the document's defaults (a reference document's own setting included)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    tag = properties.find(qn("w:lang"))
    if tag is None:
        tag = OxmlElement("w:lang")
        properties.append(tag)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        if attribute == "w:val" or tag.get(qn(attribute)) is not None:
            tag.set(qn(attribute), language)


def _drop_theme_fonts(style: Any) -> None:
    """Theme fonts (Calibri Light for headings) win over a named font: remove them."""
    from docx.oxml.ns import qn

    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)


def _properties(document: WordDocument, view: View) -> None:
    """Every property learnsum sets, set for each summary (the template's part is reused)."""
    completed = dt.date.fromisoformat(view.completed_iso)
    moment = dt.datetime(completed.year, completed.month, completed.day, tzinfo=dt.timezone.utc)
    # A property holds at most 255 characters: a longer title, review type or partnership is
    # shortened there (the document itself shows it whole).
    # (In the order python-docx has always been given them: it adds each element as it is set.)
    text = document_properties(view)
    language = text.pop("language")
    _set_properties(document, {**text, "created": moment, "modified": moment,
                               "language": language})


def _set_properties(document: WordDocument, values: dict[str, Any]) -> None:
    properties = document.core_properties
    properties.title = values["title"]
    properties.subject = values["subject"]
    properties.author = values["author"]
    properties.last_modified_by = GENERATOR
    properties.comments = ""
    # LibreOffice carries the keywords into a PDF made from this file, where they say that
    # learnsum made it (whether it may be replaced is for its stamp to say: learnsum.stamp).
    properties.keywords = GENERATOR
    properties.category = values["category"]
    properties.identifier = values["identifier"]
    properties.revision = 1
    properties.created = values["created"]
    properties.modified = values["modified"]
    properties.language = values["language"]


def _probe_view() -> View:
    """A summary using every element a template holds: each paragraph style and run look, rows
    that may and may not break across pages, every kind of block, actions tables of every
    number of columns prepared, text with tabs, line breaks, outer spaces and markup."""
    from .docx_text import MAX_COLUMNS, MIN_COLUMNS
    from .view import Row

    text = " Tab\there & <there>\nline\r\n\"quoted\" 'x' 🙂 "
    tall = ("x",) * 50  # taller than a row that may not break across pages
    blocks: list[Block] = [
        Table(("One", "Two"), ((("a",), ()),)),
        Paragraph(text),
        Field("Label", text),
        Bullets((Item(text, "Kind", ("Theme", "Other")), Item("plain"))),
        SubHeading(text),
        Paragraph(""),
        Update("1 May 2026", "Sender", (Paragraph(text), Bullets((Item("x"),))),
               sender_label="From"),
    ]
    for columns in range(MIN_COLUMNS, MAX_COLUMNS + 1):
        headers = tuple(f"Header {index}" for index in range(columns))
        blocks.append(Table(headers, (
            tuple((text, "second") for _ in range(columns)),
            tuple(() for _ in range(columns)),
            ((tall,) * columns),
        )))
        blocks.append(Paragraph("after"))
    rows = (
        Row("a", "Label", "Prompt", tuple(blocks)),
        Row("b", "", None, ()),
        Row("c", text, text, tuple(Paragraph(line) for line in tall)),
        Row("d", "Table first", None, (Table(("A", "B"), ((("x",), ("y",)),)),)),
    )
    return View("Form", text, None, (Field("Reference", text),), rows, "2026-01-02",
                partnership=text, reference=None, review_type="")


def _title(body: _Story, view: View) -> None:
    base = body.base
    body.paragraph("Title").append(base.run(view.form_title))
    body.paragraph(TITLE_HEADING).append(base.run(view.title))
    for fact in view.facts:
        line = body.paragraph()
        line.append(base.run(f"{fact.label}: ", "bold"))
        line.append(base.run(fact.text))


def _form_table(body: _Story, view: View) -> None:
    base = body.base
    table = _copy(base.form_table)
    body.add(table)
    for row in view.rows:
        tr = _copy(base.form_row)
        table.append(tr)
        if row_height(row.label, row.prompt, row.blocks) <= ROW_LIMIT_PT:
            _cannot_split(tr)
        label_cell, content_cell = tr.tc_lst
        label_cell.p_lst[0].append(base.run(row.label, "bold"))
        if row.prompt:
            prompt = base.paragraph()
            prompt.append(base.run(row.prompt, "italic"))
            label_cell.append(prompt)
        _blocks(base, content_cell, row.blocks, view.words["themes"])


def _blocks(base: _Base, cell: CT_Tc, blocks: tuple[Block, ...], themes: str) -> None:
    unused = [cell.p_lst[0]]

    def paragraph(style: str | None = None) -> CT_P:
        # A new cell holds one empty paragraph already: the first block uses it.
        found = base.paragraph(style)
        if unused:
            empty = unused.pop()
            empty.getparent().replace(empty, found)
        else:
            cell.append(found)
        return found

    for block in blocks:
        if isinstance(block, Paragraph):
            paragraph().append(base.run(block.text))
        elif isinstance(block, Field):
            line = paragraph()
            line.append(base.run(f"{block.label}: ", "bold"))
            line.append(base.run(block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                _bullet(base, paragraph, item, themes)
        elif isinstance(block, SubHeading):
            paragraph(SUB_HEADING).append(base.run(block.text))
        elif isinstance(block, Table):
            _actions_table(base, cell, block)
            trailing = base.paragraph()  # Word wants a paragraph after a table in a cell
            cell.append(trailing)
            if unused:
                # The table comes first: drop the cell's empty paragraph rather than leave a gap.
                empty = unused.pop()
                cell.remove(empty)
            else:
                unused.append(trailing)
        elif isinstance(block, Update):
            line = paragraph()
            line.append(base.run(block.date, "bold"))
            line.append(base.run(f" – {block.sender_label}: {block.sender}"))
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    paragraph().append(base.run(inner.text))
                else:
                    for item in inner.items:
                        _bullet(base, paragraph, item, themes)


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


def _bullet(base: _Base, paragraph: Callable[..., CT_P], item: Item, themes: str) -> None:
    if base.has_style("List Bullet"):
        line = paragraph("List Bullet")
    else:
        # A reference document without a bullet style: a bullet character keeps the list readable.
        line = paragraph()
        line.append(base.run("• "))
    if item.point_kind:
        line.append(base.run(f"{item.point_kind}: ", "bold"))
    line.append(base.run(item.text))
    if item.themes:
        line.append(base.run(f" ({themes}: {', '.join(item.themes)})", "italic"))


def _actions_table(base: _Base, cell: CT_Tc, block: Table) -> None:
    table_template, row_template = base.actions_templates(len(block.headers))
    table = _copy(table_template)
    cell.append(table)
    widths = column_widths(block, CONTENT_WIDTH_CM - 2 * CELL_MARGIN_CM)
    for header_cell, label in zip(table.tr_lst[0].tc_lst, block.headers):
        header_cell.p_lst[0].append(base.run(label, "bold"))
    _cannot_split(table.tr_lst[0])
    for row in block.rows:
        tr = _copy(row_template)
        table.append(tr)
        if max(_lines_height(texts, width) for texts, width in zip(row, widths)) <= ROW_LIMIT_PT:
            _cannot_split(tr)
        for table_cell, paragraphs in zip(tr.tc_lst, row):
            for index, text in enumerate(paragraphs):
                if index == 0:
                    target = table_cell.p_lst[0]
                else:
                    target = base.paragraph()
                    table_cell.append(target)
                target.append(base.run(text))
    _set_widths(table, widths)


def _set_widths(table: CT_Tbl, widths: list[float]) -> None:
    """The table's grid and every cell set to `widths` (cm)."""
    from docx.shared import Cm

    for column, width in zip(table.tblGrid.gridCol_lst, widths):
        column.w = Cm(width)
    for tr in table.tr_lst:
        for tc, width in zip(tr.tc_lst, widths):
            tc.width = Cm(width)


def _cannot_split(tr: CT_Tr) -> None:
    """The row is kept on one page (Word's "Allow row to break across pages" off)."""
    from docx.oxml import OxmlElement

    properties = tr.get_or_add_trPr()
    if properties.find(_qn("w:cantSplit")) is None:
        properties.insert(0, OxmlElement("w:cantSplit"))


def _drop_thumbnail(document: WordDocument) -> None:
    """No preview picture: the template's is blank (a reference document's shows that
    document), and a true one would need Word to draw the page."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    relationships = document.part.package.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype == RT.THUMBNAIL:
            relationships.pop(key)


def table_borders(table: Any, *, size: int = 4, colour: str = "000000") -> None:
    """Single borders round and inside `table` (`size` in eighths of a point): by default thin
    black ones, for reference documents that lack the Table Grid style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), colour)
        borders.append(element)
    properties.append(borders)


# -- header and footer -------------------------------------------------------------------------


def _marking_and_page_numbers(document: WordDocument, marking: str | None,
                              page_number: str) -> None:
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
                for part in re.split(r"(\{page\}|\{pages\})", page_number):
                    if part == "{page}":
                        _field(line, "PAGE")
                    elif part == "{pages}":
                        _field(line, "NUMPAGES")
                    elif part:
                        line.add_run(part)
            if marking:
                line = footer.add_paragraph()
                line.alignment = WD_ALIGN_PARAGRAPH.CENTER
                line.add_run(marking).bold = True


def _free_paragraph(part: _Header | _Footer) -> WordParagraph:
    """The part's only paragraph when it is empty (a new header has one), else a new one."""
    paragraphs: list[WordParagraph] = part.paragraphs
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


__all__ = ["render_docx"]

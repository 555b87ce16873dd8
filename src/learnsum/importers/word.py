"""Reading the form's table from a Word .docx file into neutral paragraphs and nested tables."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from .form import Block, Form, FormRow, Grid, ImportRefused, Para
from .safety import MAX_CELLS, MAX_ROWS, check_package, count_document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_form(data: bytes) -> Form:
    """The form from the .docx bytes: every table of it (a form continued over a page break is
    several tables), the text around them; raise ImportRefused when there is no form."""
    check_package(data)
    count_document(data)
    from docx.oxml.ns import qn

    body, styles, generated = _open(data)
    cells = sum(1 for _ in body.iter(qn("w:tc")))
    if cells > MAX_CELLS:
        raise ImportRefused(f"the document's tables hold {cells} cells (more than {MAX_CELLS}); "
                            "this is not a learning summary form")
    tables = [child for child in _body_children(body) if child.tag == qn("w:tbl")]
    if not tables:
        raise ImportRefused("no table found; learnsum imports the Learning Summary form, a "
                            "two-column table of the form's rows")
    for element in tables:
        count = len(_rows(element))
        if count > MAX_ROWS:
            raise ImportRefused(f"a table has {count} rows (more than {MAX_ROWS}); this is "
                                "not a learning summary form")
    # Every table with a row of two cells is part of the form (Word starts a new table at a page
    # break a typist made); a table of one column is text, read as such.
    form_tables = [t for t in tables if _form_likeness(_rows(t)) > 0]
    preamble: list[Para] = []
    loose: list[tuple[str, Para]] = []
    form_rows: list[FormRow] = []
    skipped: list[FormRow] = []
    number_of = {id(t): n for n, t in enumerate(form_tables, start=1)}
    seen_table = 0
    for child in _body_children(body):
        if child.tag == qn("w:tbl"):
            table = number_of.get(id(child))
            if table is None:  # a one-column table: its text, cell by cell
                text = _text_of_table(child, styles)
                if seen_table == 0:
                    preamble.extend(text)  # a title in a box above the form
                else:
                    where = "a one-column table " + _position(seen_table, len(form_tables))
                    loose.extend((where, p) for p in text)
                continue
            seen_table = table
            for number, row in enumerate(_rows(child), start=1):
                _read_row(row, number, table, styles, form_rows, skipped, preamble, loose,
                          generated)
            continue
        paras: list[Para] = []
        if child.tag == qn("w:p"):
            paras = _paras(child, styles, generated)
        if seen_table == 0:
            preamble.extend(paras)
        else:
            where = "text " + _position(seen_table, len(form_tables))
            loose.extend((where, p) for p in paras)
    if not form_rows:
        raise ImportRefused("the table has no rows with a label and content; learnsum imports "
                            "the Learning Summary form, a two-column table")
    return Form(tuple(p for p in preamble if p.text), tuple(form_rows),
                tuple((w, p) for w, p in loose if p.text), tuple(skipped), generated)


def _body_children(body: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in order, those inside content controls (a form
    made with fields to fill in wraps its table, or its paragraphs, in them) and custom XML
    elements included; a content control still showing its placeholder holds nothing."""
    yield from _opened(body)


_SDT, _SDT_CONTENT, _SDT_PR = f"{_W}sdt", f"{_W}sdtContent", f"{_W}sdtPr"
_CUSTOM_XML, _SMART_TAG = f"{_W}customXml", f"{_W}smartTag"
_TR, _TC, _TBL = f"{_W}tr", f"{_W}tc", f"{_W}tbl"


def _placeholder(sdt: Any) -> bool:
    """Whether a content control shows Word's placeholder ("Click or tap here to enter
    text."): nothing was filled in."""
    properties = sdt.find(_SDT_PR)
    if properties is None:
        return False
    shown = properties.find(f"{_W}showingPlcHdr")
    return shown is not None and shown.get(f"{_W}val", "true") not in ("0", "false", "off")


def _opened(element: Any) -> Iterator[Any]:
    """`element`'s children, with content controls (w:sdt) and custom XML (w:customXml)
    opened up: their own children in their place."""
    for child in element.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            # A placeholder stands for text to type; a control holding rows, cells or a table
            # (a repeating section) holds the form's own wording, read whatever it shows.
            if content is not None and (not _placeholder(child)
                                        or next(content.iter(_TR, _TC, _TBL), None) is not None):
                yield from _opened(content)
        elif child.tag in (_CUSTOM_XML, _SMART_TAG):
            yield from _opened(child)
        else:
            yield child


def _rows(table: Any) -> list[Any]:
    """A table's rows (w:tr), those inside content controls (Word's repeating sections) and
    custom XML included."""
    return [child for child in _opened(table) if child.tag == _TR]


def _position(after: int, tables: int) -> str:
    if after == 0:
        return "above the table"
    if after >= tables:
        return "after the table" if tables == 1 else "after the last table"
    return f"between tables {after} and {after + 1}"


def _text_of_table(element: Any, styles: dict[str, str]) -> list[Para]:
    found: list[Para] = []
    for row in _rows(element):
        for cell in _unique_cells(row):
            for block in _cell_blocks(cell, styles, False):
                found.extend(_flatten(block))
    return found


def _flatten(block: Block) -> list[Para]:
    if isinstance(block, Para):
        return [block]
    return [p for row in block.rows for cell in row for p in cell]


#: Words of a table's own heading row ("Section | Response"), folded to lower case.
_HEADER_LABELS = frozenset({"section", "sections", "question", "questions", "heading", "item",
                            "field", "topic", "area", "prompt", "part", "learning summary"})
_HEADER_CONTENTS = frozenset({"response", "responses", "answer", "answers", "details",
                              "information", "your response", "content", "text", "entry",
                              "summary", "notes", "detail", "response details"})


def is_header_row(label: str, content: str) -> bool:
    """Whether a row is the table's own heading ("Section | Response"), not a row of the form."""
    fold = " ".join(re.sub(r"[^\w\s]", " ", label.lower()).split())
    fold_content = " ".join(re.sub(r"[^\w\s]", " ", content.lower()).split())
    return fold in _HEADER_LABELS and fold_content in _HEADER_CONTENTS


def _read_row(row: Any, number: int, table: int, styles: dict[str, str],  # noqa: PLR0913
              form_rows: list[FormRow], skipped: list[FormRow], preamble: list[Para],
              loose: list[tuple[str, Para]], generated: bool) -> None:
    row_cells = _unique_cells(row)
    if not row_cells:
        return
    if len(row_cells) == 1:
        paras = [p for b in _cell_blocks(row_cells[0], styles, generated) for p in _flatten(b)]
        if table == 1 and not form_rows and not skipped:
            # A row across the top of the table is the form's heading, read as the title is.
            preamble.extend(paras)
        else:
            loose.extend((f"table {table}, row {number} (across the table)", p) for p in paras)
        return
    first = row_cells[0]
    if first is _CONTINUED:
        label: tuple[Para, ...] = ()
    else:
        label = tuple(p for b in _cell_blocks(first, styles, generated) for p in _flatten(b))
    content: list[Block] = []
    for cell in row_cells[1:]:
        if cell is not _CONTINUED:
            content.extend(_cell_blocks(cell, styles, generated))
    read = FormRow(number, label, tuple(content), table)
    content_text = " ".join(p.text for b in content for p in _flatten(b))
    if is_header_row(read.label, content_text):
        skipped.append(read)
        return
    form_rows.append(read)


def _made_by_learnsum(core: bytes) -> bool:
    """Whether the core properties (docProps/core.xml) say learnsum made the document: its
    keywords are learnsum's name, as the Word renderer writes them."""
    from ..output import GENERATOR

    match = re.search(rb"<cp:keywords>([^<]*)</cp:keywords>", core)
    return match is not None and match.group(1).strip() == GENERATOR.encode()


def _form_likeness(rows: Sequence[Any]) -> int:
    """Rows with two or more cells: a table of the form has some."""
    return sum(1 for row in rows if len(_unique_cells(row)) >= 2)


#: A cell merged down from the row above (vMerge continue): it holds nothing of its own.
_CONTINUED = object()


def _unique_cells(row: Any) -> list[Any]:
    """The row's cells; a cell merged down from the row above is :data:`_CONTINUED` (so a row
    whose label cell is merged with the label above continues that row)."""
    from docx.oxml.ns import qn

    found = []
    for cell in (child for child in _opened(row) if child.tag == _TC):
        properties = cell.find(qn("w:tcPr"))
        merge = properties.find(qn("w:vMerge")) if properties is not None else None
        if (merge is not None and merge.get(qn("w:val"), "continue") == "continue"
                and not "".join(cell.itertext()).strip()):
            found.append(_CONTINUED)
            continue
        found.append(cell)
    if all(cell is _CONTINUED for cell in found):
        return []
    return found


def _cell_blocks(cell: Any, styles: dict[str, str], generated: bool = False) -> list[Block]:
    """A cell's paragraphs and nested tables, in order (content controls opened up)."""
    from docx.oxml.ns import qn

    blocks: list[Block] = []
    for child in _opened(cell):
        if child.tag == qn("w:p"):
            blocks.extend(_paras(child, styles, generated))
        elif child.tag == qn("w:tbl"):
            rows = []
            for row in _rows(child):
                rows.append(tuple(
                    tuple(p for b in _cell_blocks(c, styles, generated) for p in _flatten(b))
                    if c is not _CONTINUED else ()
                    for c in _unique_cells(row)
                ))
            blocks.append(Grid(tuple(rows)))
    return blocks


_ASCII_BLANKS = " \t\r\n\f\v"
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_TYPED_BULLET = re.compile(r"^\s*(?:[*•·▪‣◦o-]|–|\d{1,2}[.)])\s+")


_C1 = re.compile("[\x80-\x9f]")


def readable(text: str) -> str:
    """`text` without the C1 control characters (U+0080 to U+009F) that old Word files hold
    where Windows-1252 had a character: U+0092 is the apostrophe "’" it stood for, and the five
    code points Windows-1252 leaves unused are dropped (YAML, and learnsum, refuse them)."""
    if not _C1.search(text):
        return text
    out = []
    for char in text:
        if "\x80" <= char <= "\x9f":
            try:
                out.append(bytes([ord(char)]).decode("cp1252"))
            except UnicodeDecodeError:
                continue
        else:
            out.append(char)
    return "".join(out)


_RUN, _T, _RPR = f"{_W}r", f"{_W}t", f"{_W}rPr"
_P, _TEXTBOX = f"{_W}p", f"{_W}txbxContent"
#: A move's old place (its text is read where it moved to, w:moveTo), and the copy of a
#: drawing kept for older Word (mc:Fallback; mc:Choice holds the same text).
_MOVE_FROM = f"{_W}moveFrom"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: What a run's other children stand for in its text, as Word shows it.
_RUN_CHARACTERS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n",
                   f"{_W}noBreakHyphen": "-"}


def _runs(element: Any) -> list[tuple[str, bool, bool]]:
    """The paragraph's runs in order (inside hyperlinks, insertions and fields too; not those
    of a text box's own paragraphs): their text, and whether each is bold, italic."""
    found = []
    for run in element.iter(_RUN):
        parent = run.getparent()
        nested = False
        while parent is not None and parent is not element:
            if (parent.tag in (_P, _TEXTBOX, _MOVE_FROM, _FALLBACK)
                    or (parent.tag == _SDT and _placeholder(parent))):
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        pieces = []
        for child in run:
            tag = child.tag
            if tag == _T:
                pieces.append(child.text or "")
            elif tag == f"{_W}br":
                if child.get(f"{_W}type") in (None, "textWrapping"):
                    pieces.append("\n")
            elif tag in _RUN_CHARACTERS:
                pieces.append(_RUN_CHARACTERS[tag])
        properties = run.find(_RPR)
        found.append((readable("".join(pieces)), _on(properties, "b"), _on(properties, "i")))
    return found


def _on(properties: Any, name: str) -> bool:
    """Whether a run's property (w:b, w:i) is set on it: present, and not switched off."""
    if properties is None:
        return False
    flag = properties.find(f"{_W}{name}")
    return flag is not None and flag.get(f"{_W}val", "true") not in ("0", "false", "off")


def _paras(element: Any, styles: dict[str, str], generated: bool = False) -> list[Para]:
    """One w:p as Paras: a soft line break (Shift+Enter) starts a new one.

    In a document `learnsum render` made (`generated`), formatting is read as the renderer
    wrote it, and nothing is read into the words themselves: a "*" or "1." that starts a
    paragraph is text, as is a short bold line."""
    from docx.oxml.ns import qn

    properties = element.find(qn("w:pPr"))
    style_element = properties.find(qn("w:pStyle")) if properties is not None else None
    style_id = style_element.get(qn("w:val"), "") if style_element is not None else ""
    style = styles.get(style_id, style_id)
    numbered = properties is not None and properties.find(qn("w:numPr")) is not None
    listed = numbered or "list" in style.lower()
    heading = style.lower().startswith(("heading", "title", "subtitle"))
    runs = _runs(element)
    text = "".join(run_text for run_text, _, _ in runs)
    bold_prefix = ""
    for run_text, bold, _ in runs:
        if not bold:
            break
        bold_prefix += run_text
    italic_suffix = ""
    for run_text, _, italic in reversed(runs):
        if not italic:
            break
        italic_suffix = run_text + italic_suffix
    visible = [(t, b, i) for t, b, i in runs if t.strip()]
    all_bold = bool(visible) and all(b for _, b, _ in visible)
    italic = bool(visible) and all(i for _, _, i in visible)
    if all_bold and not generated:
        heading = heading or (len(text.split()) <= 8 and not text.rstrip().endswith((".", ":")))
        bold_prefix = "" if heading else bold_prefix
    if generated:
        heading = heading and not listed
        if all_bold and heading:
            bold_prefix = ""
    lines = [line for line in text.replace("\t", " ").split("\n")]
    result = []
    for index, line in enumerate(lines):
        # Only the spaces Word and typists pile up are tidied: a no-break or ideographic space
        # is the author's character.
        clean = " ".join(_ASCII_SPACE.split(line.strip(_ASCII_BLANKS)))
        if not clean:
            continue
        typed = bool(_TYPED_BULLET.match(clean)) and not heading and not listed and not generated
        if typed:
            clean = _TYPED_BULLET.sub("", clean, count=1)
        result.append(Para(clean, listed or typed, bold_prefix.strip() if index == 0 else "",
                           heading and len(lines) == 1, italic,
                           italic_suffix if index == len(lines) - 1 else "", style))
    # A text box's paragraphs follow the paragraph that anchors it.
    for box in _text_boxes(element):
        for block in _cell_blocks(box, styles, generated):
            result.extend(_flatten(block))
    return result


def _text_boxes(element: Any) -> Iterator[Any]:
    """The text boxes (w:txbxContent, in a VML or a DrawingML shape) anchored in the paragraph
    itself: not those of a text box inside them, nor the fallback copy of a drawing, nor
    those at the old place of a move."""
    for box in element.iter(_TEXTBOX):
        parent = box.getparent()
        while parent is not None and parent is not element:
            if parent.tag in (_P, _TEXTBOX, _FALLBACK, _MOVE_FROM):
                break
            parent = parent.getparent()
        else:
            yield box


def _open(data: bytes) -> tuple[Any, dict[str, str], bool]:
    """The document's body (python-docx's XML elements), its style names, and whether learnsum
    made it. Only the three parts read are parsed (python-docx would load every part)."""
    import zipfile

    from docx.oxml import parse_xml

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            document = parse_xml(archive.read("word/document.xml"))
            styles = _styles_part(archive.read("word/styles.xml")
                                  if "word/styles.xml" in names else b"")
            core = archive.read("docProps/core.xml") if "docProps/core.xml" in names else b""
    except Exception as error:  # noqa: BLE001 - a broken package or XML raises many types
        raise ImportRefused(f"Word cannot read this document ({type(error).__name__}: "
                            f"{error})") from None
    body = document.find(f"{_W}body")
    if body is None:
        raise ImportRefused("Word cannot read this document (it has no body)")
    return body, styles, _made_by_learnsum(core)


@lru_cache(maxsize=16)
def _styles_part(data: bytes) -> dict[str, str]:
    """The style names of a styles part (remembered: forms made from one template share it).
    Plain lxml, without python-docx's element classes: the styles are only looked up."""
    if not data:
        return {}
    from lxml import etree  # type: ignore[import-untyped]

    plain = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return _style_names(etree.fromstring(data, plain))
    except etree.XMLSyntaxError:  # a broken styles part only loses the style hints
        return {}


def _style_names(element: Any) -> dict[str, str]:
    """Style ids (what paragraphs refer to) and the names Word shows ("ListBullet": "List
    Bullet"); a document without a styles part has none."""
    from docx.oxml.ns import qn

    if element is None:
        return {}
    names = {}
    for style in element.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        style_id = style.get(qn("w:styleId"), "")
        if style_id:
            names[style_id] = name.get(qn("w:val"), style_id) if name is not None else style_id
    return names


class WordImporter:
    """Word's .docx, read directly (safely) with python-docx."""

    name = "Word"
    suffixes = (".docx",)

    def read(self, data: bytes) -> Form:
        return read_form(data)

"""Reading the form's table from a Word .docx file into neutral paragraphs and nested tables."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from .form import Block, Form, FormRow, Grid, ImportRefused, Para
from .safety import MAX_CELLS, MAX_ROWS, check_package, count_document


def read_form(data: bytes) -> Form:
    """The form's table from the .docx bytes; raise ImportRefused when there is none."""
    check_package(data)
    count_document(data)
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many types for a broken package
        raise ImportRefused(f"Word cannot read this document ({type(error).__name__}: "
                            f"{error})") from None
    body = document.element.body
    styles = _style_names(document)
    cells = sum(1 for _ in body.iter(qn("w:tc")))
    if cells > MAX_CELLS:
        raise ImportRefused(f"the document's tables hold {cells} cells (more than {MAX_CELLS}); "
                            "this is not a learning summary form")
    tables = [child for child in body.iterchildren() if child.tag == qn("w:tbl")]
    if not tables:
        raise ImportRefused("no table found; learnsum imports the Learning Summary form, a "
                            "two-column table of the form's rows")
    candidates = []
    for element in tables:
        rows = element.findall(qn("w:tr"))
        if len(rows) > MAX_ROWS:
            raise ImportRefused(f"a table has {len(rows)} rows (more than {MAX_ROWS}); this is "
                                "not a learning summary form")
        candidates.append((element, rows))
    preamble: list[Para] = []
    chosen = max(candidates, key=lambda pair: _form_likeness(pair[1]))
    for child in body.iterchildren():
        if child is chosen[0]:
            break
        if child.tag == qn("w:p"):
            preamble.extend(_paras(child, styles))
    form_rows: list[FormRow] = []
    for number, row in enumerate(chosen[1], start=1):
        row_cells = _unique_cells(row)
        if not row_cells:
            continue
        if len(row_cells) == 1:
            # A row across the whole table is a heading of the form, not a section.
            preamble.extend(p for p in _cell_blocks(row_cells[0], styles) if isinstance(p, Para))
            continue
        label = tuple(p for p in _cell_blocks(row_cells[0], styles) if isinstance(p, Para))
        content: list[Block] = []
        for cell in row_cells[1:]:
            content.extend(_cell_blocks(cell, styles))
        form_rows.append(FormRow(number, label, tuple(content)))
    if not form_rows:
        raise ImportRefused("the table has no rows with a label and content; learnsum imports "
                            "the Learning Summary form, a two-column table")
    return Form(tuple(p for p in preamble if p.text), tuple(form_rows))


def _form_likeness(rows: Sequence[Any]) -> int:
    """Rows with two or more cells: the form's table has most of them."""
    return sum(1 for row in rows if len(_unique_cells(row)) >= 2)


def _unique_cells(row: Any) -> list[Any]:
    from docx.oxml.ns import qn

    found = []
    for cell in row.iterchildren(qn("w:tc")):
        # A cell merged down from the row above (vMerge continue) holds nothing of its own.
        properties = cell.find(qn("w:tcPr"))
        merge = properties.find(qn("w:vMerge")) if properties is not None else None
        if (merge is not None and merge.get(qn("w:val"), "continue") == "continue"
                and not "".join(cell.itertext()).strip()):
            continue
        found.append(cell)
    return found


def _cell_blocks(cell: Any, styles: dict[str, str]) -> list[Block]:
    """A cell's paragraphs and nested tables, in order (content controls opened up)."""
    from docx.oxml.ns import qn

    blocks: list[Block] = []
    for child in cell.iterchildren():
        if child.tag == qn("w:p"):
            blocks.extend(_paras(child, styles))
        elif child.tag == qn("w:tbl"):
            rows = []
            for row in child.findall(qn("w:tr")):
                rows.append(tuple(
                    tuple(b for b in _cell_blocks(c, styles) if isinstance(b, Para))
                    for c in _unique_cells(row)
                ))
            blocks.append(Grid(tuple(rows)))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                blocks.extend(_cell_blocks(content, styles))
    return blocks


_TYPED_BULLET = re.compile(r"^\s*(?:[*•·▪‣◦o-]|–|\d{1,2}[.)])\s+")


def _paras(element: Any, styles: dict[str, str]) -> list[Para]:
    """One w:p as Paras: a soft line break (Shift+Enter) starts a new one."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    # The paragraph's runs and text need no story part; only style lookups would.
    paragraph = Paragraph(element, None)  # type: ignore[arg-type]
    properties = element.find(qn("w:pPr"))
    style_element = properties.find(qn("w:pStyle")) if properties is not None else None
    style_id = style_element.get(qn("w:val"), "") if style_element is not None else ""
    style = styles.get(style_id, style_id)
    numbered = properties is not None and properties.find(qn("w:numPr")) is not None
    listed = numbered or "list" in style.lower()
    heading = style.lower().startswith(("heading", "title", "subtitle"))
    runs = [(run.text or "", bool(run.bold), bool(run.italic)) for run in paragraph.runs]
    text = paragraph.text
    if not runs and text:
        runs = [(text, False, False)]
    bold_prefix = ""
    for run_text, bold, _ in runs:
        if not bold:
            break
        bold_prefix += run_text
    visible = [(t, b, i) for t, b, i in runs if t.strip()]
    all_bold = bool(visible) and all(b for _, b, _ in visible)
    italic = bool(visible) and all(i for _, _, i in visible)
    if all_bold:
        heading = heading or (len(text.split()) <= 8 and not text.rstrip().endswith((".", ":")))
        bold_prefix = "" if heading else bold_prefix
    lines = [line for line in text.replace("\t", " ").split("\n")]
    result = []
    for index, line in enumerate(lines):
        clean = " ".join(line.split())
        if not clean:
            continue
        typed = bool(_TYPED_BULLET.match(clean)) and not heading
        if typed:
            clean = _TYPED_BULLET.sub("", clean, count=1)
        result.append(Para(clean, listed or typed, bold_prefix.strip() if index == 0 else "",
                           heading and len(lines) == 1, italic))
    return result


def _style_names(document: Any) -> dict[str, str]:
    """Style ids (what paragraphs refer to) and the names Word shows ("ListBullet": "List
    Bullet"); a document without a styles part has none."""
    from docx.oxml.ns import qn

    try:
        element = document.styles.element
    except Exception:  # noqa: BLE001 - a missing or broken styles part only loses style hints
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

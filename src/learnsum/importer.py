"""Turning a Word learning summary (the partnership's form, filled in) into format-v1 data.

Three steps, each a plain function:

1. :func:`read_form` opens the .docx *safely* (the package is inspected before python-docx sees
   it: size, member count, no DOCTYPE/ENTITY anywhere) and reads the form's table into rows of
   neutral paragraphs (:class:`Para`) and nested tables (:class:`Grid`).
2. :func:`build` matches each row to a section of the form by its label, using only the labels
   and prompts of ``config.sections`` (the catalogue with the partnership's overrides), and turns
   the content into the format's structure. Everything a person must check is recorded as a
   ``TODO(import)`` note at its place.
3. :func:`to_yaml` writes the result with ruamel.yaml: sections in the form's order, block
   scalars for long text, the notes as comments.

:func:`import_docx` runs all three. Nothing here prints or writes files; the command
(:mod:`learnsum.commands.import_`) does that.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, Union

from . import catalogue
from .catalogue import FIELD_LABELS, FORM_TITLE, Section
from .config import Config
from .dates import DateFormatError, Month, parse_date, parse_month

from .ooxml import MAX_FILE_BYTES

if TYPE_CHECKING:
    from .model import Summary

# -- limits: a .docx is a zip of XML, and both can be made hostile ------------------------------

#: The package's own limits (file size, parts, expanded size) are in learnsum.ooxml.
#: Rows of the form's table (the form has a dozen) and cells in the whole document.
MAX_ROWS = 200
MAX_CELLS = 5000
#: What word/document.xml may hold, counted (without building it) before python-docx reads it:
#: a filled-in form has a few hundred paragraphs, a few thousand XML elements and some tens of
#: thousands of characters. A 176 KB .docx can hold 1.4 million paragraphs.
MAX_PARAGRAPHS = 2000
#: Runs (stretches of text in one formatting): python-docx takes some 40 µs for each.
MAX_RUNS = 20_000
MAX_ELEMENTS = 200_000
MAX_TEXT_CHARS = 300_000

#: How close a row's label must be to a section's label to be taken as that section.
MATCH_THRESHOLD = 0.5

TODO = "TODO(import)"


class ImportRefused(Exception):
    """The file is not a form learnsum can import (or is hostile); the message is one line."""


# -- the form as read from Word -----------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph of a cell, with what Word's formatting says about it."""

    text: str
    #: A Word list paragraph (list style or numbering) or a typed bullet ("*", "•", "-").
    listed: bool = False
    #: The text of the bold runs the paragraph starts with ("Concern: ", "Type of review: ").
    bold_prefix: str = ""
    #: A heading style, or a short paragraph that is bold throughout (an agency's sub-heading).
    heading: bool = False
    #: Italic throughout (the renderer's guidance prompt).
    italic: bool = False


@dataclass(frozen=True)
class Grid:
    """A table inside a cell (the rendered actions): rows of cells of paragraphs."""

    rows: tuple[tuple[tuple[Para, ...], ...], ...]


Block = Union[Para, Grid]


@dataclass(frozen=True)
class FormRow:
    """One row of the form's table: its label cell and its content cell."""

    number: int
    label_paras: tuple[Para, ...]
    content: tuple[Block, ...]

    @property
    def label(self) -> str:
        return " ".join(p.text for p in self.label_paras if p.text).strip()


@dataclass(frozen=True)
class Form:
    """What the Word file holds: paragraphs before the table, and the table's rows."""

    preamble: tuple[Para, ...]
    rows: tuple[FormRow, ...]


# -- the result ---------------------------------------------------------------------------------

#: A place in the summary: keys and list indexes from the top (``("actions", 1, "owner")``).
Place = tuple[Union[str, int], ...]


@dataclass
class Imported:
    """The summary's data (plain values, in the form's order) and what a person must check."""

    data: dict[str, Any]
    #: TODO(import) notes by place; ``()`` is the whole file.
    todos: dict[Place, list[str]] = field(default_factory=dict)
    #: Lines for the user beyond the TODOs (extra rows, rows not found).
    notes: list[str] = field(default_factory=list)

    def todo(self, place: Place, message: str) -> None:
        self.todos.setdefault(place, []).append(message)

    @property
    def todo_count(self) -> int:
        return sum(len(messages) for messages in self.todos.values())


def import_docx(data: bytes, *, config: Config, name: str = "") -> tuple[Imported, str]:
    """Read the .docx bytes and return the imported summary and its YAML text.

    `name` is the file's name (its stem may hold the pseudonym). Raises :class:`ImportRefused`.
    """
    form = read_form(data)
    imported = build(form, config, name)
    text = to_yaml(imported, source=name)
    check_yaml(text)
    return imported, text


def check_yaml(text: str) -> None:
    """Refuse YAML that learnsum itself would not read (too large, too complex), so that an
    import never writes a summary that `learnsum validate` cannot even open."""
    from .loader import MAX_FILE_BYTES as MAX_YAML_BYTES
    from .loader import LoadFailure, parse

    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise ImportRefused(f"the summary would be {size / (1024 * 1024):.1f} MB of YAML, more "
                            f"than the {MAX_YAML_BYTES // (1024 * 1024)} MB learnsum reads; "
                            "nothing was written")
    parsed = parse(text)
    if isinstance(parsed, LoadFailure):
        raise ImportRefused(f"learnsum could not read back the YAML it would write (line "
                            f"{parsed.line}: {parsed.message}); nothing was written")


# -- 1. reading the package safely ------------------------------------------------------------


def check_package(data: bytes) -> None:
    """Refuse a file that is not a .docx package or that could harm the reader (see ooxml)."""
    from .ooxml import UnsafePackage
    from .ooxml import check_package as check_office_package

    try:
        check_office_package(data, "docx")
    except UnsafePackage as error:
        raise ImportRefused(str(error)) from None


def count_document(data: bytes) -> None:
    """Refuse a document whose body is larger than any form (MAX_PARAGRAPHS and the limits
    beside it), counting its XML as it streams past, before python-docx builds all of it."""
    import zipfile

    from lxml import etree  # type: ignore[import-untyped]

    try:
        # check_package has bounded what the part expands to; it is streamed, never held whole.
        with zipfile.ZipFile(io.BytesIO(data)) as archive, \
                archive.open("word/document.xml") as stream:
            _count(etree.iterparse(stream, events=("end",), resolve_entities=False,
                                   no_network=True, load_dtd=False, huge_tree=False))
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError,
            ValueError) as error:
        raise ImportRefused(f"the package is damaged or encrypted (word/document.xml: "
                            f"{error})") from None
    except etree.XMLSyntaxError as error:
        raise ImportRefused(f"Word cannot read this document (XMLSyntaxError: {error})") from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _count(events: Iterable[tuple[str, Any]]) -> None:
    elements = paragraphs = runs = cells = characters = 0
    for _, element in events:
        elements += 1
        characters += len(element.text or "")
        if element.tag == _W + "p":
            paragraphs += 1
        elif element.tag == _W + "r":
            runs += 1
        elif element.tag == _W + "tc":
            cells += 1
        element.clear()  # its children were counted; only an empty element stays
        if paragraphs > MAX_PARAGRAPHS:
            raise ImportRefused(f"the document holds more than {MAX_PARAGRAPHS:,} paragraphs, "
                                "the most learnsum imports; a learning summary form has a few "
                                "hundred")
        if runs > MAX_RUNS:
            raise ImportRefused(f"the document holds more than {MAX_RUNS:,} runs of text (parts "
                                "of a paragraph in one formatting), the most learnsum imports; "
                                "a learning summary form has a few thousand")
        if cells > MAX_CELLS:
            raise ImportRefused(f"the document's tables hold more than {MAX_CELLS:,} cells, the "
                                "most learnsum imports; this is not a learning summary form")
        if characters > MAX_TEXT_CHARS:
            raise ImportRefused(f"the document holds more than {MAX_TEXT_CHARS:,} characters "
                                "of text, the most learnsum imports; a learning summary is far "
                                "shorter")
        if elements > MAX_ELEMENTS:
            raise ImportRefused(f"the document's XML holds more than {MAX_ELEMENTS:,} "
                                "elements, the most learnsum imports; a learning summary form "
                                "has a few thousand")


def read_form(data: bytes) -> Form:
    """The form's table from the .docx bytes; raise ImportRefused when there is none."""
    check_package(data)
    count_document(data)
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for a broken package
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
        if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
            if not "".join(cell.itertext()).strip():
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


# -- 2a. matching rows to sections ------------------------------------------------------------

_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def tokens(text: str) -> list[str]:
    """Words of `text` folded for comparison: case, punctuation, dashes and "'s" ignored, and
    words cut to five letters so that "learnt"/"learning" and "agency"/"agencies" meet."""
    folded = _APOSTROPHES.sub("", text.lower())
    return [word[:5] for word in _NON_WORD.split(folded) if word]


def similarity(text: str, target: str) -> float:
    """How well `text` (a row's label) matches `target` (a section's label): 0 to 1.

    The mean of the ordered token ratio (difflib) and of how much of the target the text covers,
    so extra trailing words cost little but a different distinctive word costs much.
    """
    mine, theirs = tokens(text), tokens(target)
    if not mine or not theirs:
        return 0.0
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return 0.5 * matcher.ratio() + 0.5 * matched / len(theirs)


def section_score(label: str, section: Section) -> float:
    """The best match of a label cell against a section's label, alone or with its prompt."""
    scores = [similarity(label, section.label)]
    if section.prompt:
        scores.append(similarity(label, f"{section.label} {section.prompt}"))
    return max(scores)


def match_rows(rows: Sequence[FormRow], sections: Sequence[Section]
               ) -> tuple[dict[int, Section], list[FormRow]]:
    """Assign rows to sections (each section at most once), best matches first.

    Returns the section of each matched row (by the row's index in `rows`) and the rows that
    match none.
    """
    pairs = []
    for index, row in enumerate(rows):
        for order, section in enumerate(sections):
            score = section_score(row.label, section)
            if score >= MATCH_THRESHOLD:
                pairs.append((-score, index, order, section))
    pairs.sort(key=lambda pair: (pair[0], pair[1], pair[2]))
    taken_rows: dict[int, Section] = {}
    taken_sections: set[str] = set()
    for _, index, _, section in pairs:
        if index in taken_rows or section.key in taken_sections:
            continue
        taken_rows[index] = section
        taken_sections.add(section.key)
    unmatched = [row for index, row in enumerate(rows) if index not in taken_rows]
    return taken_rows, unmatched


def merge_rows(rows: Sequence[FormRow], sections: Sequence[Section]) -> list[FormRow]:
    """Join rows that Word or a typist split: a row with no label continues the row above; a
    label-only row whose words complete the label above joins it."""

    def best(label: str) -> float:
        return max((section_score(label, s) for s in sections), default=0.0)

    merged: list[FormRow] = []
    for row in rows:
        if merged and not row.label:
            last = merged[-1]
            merged[-1] = FormRow(last.number, last.label_paras, last.content + row.content)
            continue
        if merged and not _has_text(row.content):
            last = merged[-1]
            joined = f"{last.label} {row.label}"
            if best(row.label) < MATCH_THRESHOLD and best(joined) > best(last.label):
                merged[-1] = FormRow(last.number, last.label_paras + row.label_paras,
                                     last.content)
                continue
        merged.append(row)
    return merged


def _has_text(blocks: Iterable[Block]) -> bool:
    for block in blocks:
        if isinstance(block, Para) and block.text.strip():
            return True
        if isinstance(block, Grid):
            return True
    return False


def strip_prompt(blocks: Sequence[Block], prompt: str | None) -> list[Block]:
    """The content without the guidance prompt typed (or left) at its top."""
    result = list(blocks)
    if not prompt or not result or not isinstance(result[0], Para):
        return result
    first = result[0]
    text = first.text
    if similarity(text, prompt) >= 0.8 or (first.italic and similarity(text, prompt) >= 0.5):
        return result[1:]
    if text.startswith("("):
        depth = 0
        for position, char in enumerate(text):
            depth += char == "("
            depth -= char == ")"
            if depth == 0:
                if similarity(text[: position + 1], prompt) >= 0.6:
                    rest = text[position + 1:].strip()
                    return ([Para(rest, first.listed)] if rest else []) + result[1:]
                break
    prompt_words = len(prompt.split())
    head = " ".join(text.split()[:prompt_words])
    if similarity(head, prompt) >= 0.9:
        rest = " ".join(text.split()[prompt_words:])
        return ([Para(rest, first.listed)] if rest else []) + result[1:]
    return result


# -- 2b. dates, kinds and other small readers ---------------------------------------------------

_ORDINAL_GAP = re.compile(r"(\d)\s+(st|nd|rd|th)\b", re.IGNORECASE)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE_IN_TEXT = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{4}|\d{2})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS},?\s+\d{{4}}\b",
    re.IGNORECASE,
)
MONTH_IN_TEXT = re.compile(rf"\b{_MONTHS},?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{4}}\b", re.IGNORECASE)


def tidy_date_text(text: str) -> str:
    """"25 th September" as typed (or as Word extracted it) → "25th September"."""
    return _ORDINAL_GAP.sub(r"\1\2", " ".join(text.split()))


def read_date(text: str) -> dt.date | None:
    """The date `text` is (or, failing that, the first date in it), read day-first."""
    tidy = tidy_date_text(text).strip().rstrip(".")
    try:
        return parse_date(tidy)
    except DateFormatError:
        pass
    for match in DATE_IN_TEXT.finditer(tidy):
        try:
            return parse_date(match.group(0))
        except DateFormatError:
            continue
    return None


def first_month(text: str) -> Month | None:
    """The month of the first date, or month/year, mentioned in `text`."""
    tidy = tidy_date_text(text)
    found: list[tuple[int, Month]] = []
    for match in DATE_IN_TEXT.finditer(tidy):
        try:
            day = parse_date(match.group(0))
        except DateFormatError:
            continue
        found.append((match.start(), Month(day.year, day.month)))
        break
    for match in MONTH_IN_TEXT.finditer(tidy):
        try:
            month = parse_month(match.group(0).replace(",", ""))
        except DateFormatError:
            continue
        found.append((match.start(), Month(month.year, month.month)))
        break
    return min(found)[1] if found else None


def _fold(text: str) -> str:
    return " ".join(tokens(text))


def field_value(para: Para, label: str) -> str | None:
    """The value of a "Label: value" line (bold label or typed), or None when it is not one."""
    if para.bold_prefix and _fold(para.bold_prefix.rstrip(": ")) == _fold(label):
        return para.text[len(para.bold_prefix):].strip() if para.text.startswith(
            para.bold_prefix) else para.text.split(":", 1)[-1].strip()
    head, colon, rest = para.text.partition(":")
    if colon and _fold(head) == _fold(label):
        return rest.strip()
    return None


def _vocabulary_id(text: str, terms: Iterable[catalogue.Term]) -> str | None:
    folded = _fold(text)
    for term in terms:
        if folded in (_fold(term.label), _fold(term.id)):
            return term.id
    return None


_KIND_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z \-]{1,30}?)\s*:\s+(.*)$", re.S)


def _point(para: Para, config: Config, imported: Imported, place: Place) -> str | dict[str, Any]:
    """A learning point: its kind from a "Concern:" prefix, its themes from "(Themes: ...)"."""
    text = para.text
    kind = None
    match = _KIND_PREFIX.match(text)
    if match:
        found = _vocabulary_id(match.group(1), catalogue.POINT_KINDS)
        if found:
            kind, text = found, match.group(2)
    themes: list[str] = []
    theme_label = re.escape(FIELD_LABELS["themes"])
    suffix = re.search(rf"\s*\(\s*{theme_label}\s*:\s*([^()]*)\)\s*$", text, re.IGNORECASE)
    if suffix:
        text = text[: suffix.start()]
        for label in suffix.group(1).split(","):
            theme = _vocabulary_id(label, config.themes)
            if theme:
                themes.append(theme)
            elif label.strip():
                imported.todo(place, f"theme '{label.strip()}' is not in the vocabulary; "
                                     "add it to `themes:` with its id if it belongs")
    text = _capitalise(text.strip())
    if kind is None and not themes:
        return text
    point: dict[str, Any] = {"text": text}
    if kind:
        point["kind"] = kind
    if themes:
        point["themes"] = themes
    return point


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# -- 2c. building the summary ---------------------------------------------------------------------

_INLINE_BULLET = re.compile(r"(?:^|\s)[*•]\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_PSEUDONYM = re.compile(r"\b(?:Child|Children|Baby|Adult|Young Person|Family)\s+[A-Z][A-Z0-9]{0,2}\b")


def _split_inline(paras: Iterable[Para]) -> list[Para]:
    """Bullets typed inside one paragraph ("intro * one * two") as list items of their own."""
    result = []
    for para in paras:
        pieces = _INLINE_BULLET.split(para.text)
        if len(pieces) == 1:
            result.append(para)
            continue
        head = pieces[0].strip()
        if head:
            result.append(Para(head, para.listed, para.bold_prefix))
        result.extend(Para(piece.strip(), True) for piece in pieces[1:] if piece.strip())
    return result


def _paras_only(blocks: Iterable[Block]) -> list[Para]:
    result: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            result.append(block)
        else:
            for row in block.rows:
                result.extend(p for cell in row for p in cell)
    return result


def text_value(paras: Sequence[Para]) -> str | list[str]:
    """Text as the format holds it: a list when every paragraph is a list item, else paragraphs
    separated by blank lines."""
    texts = [p.text.strip() for p in paras if p.text.strip()]
    if texts and all(p.listed for p in paras if p.text.strip()):
        return texts
    return "\n\n".join(texts)


def _update_header() -> re.Pattern[str]:
    sender_label = re.escape(FIELD_LABELS["updates.from"])
    return re.compile(
        rf"^\s*(?P<date>{DATE_IN_TEXT.pattern})\s*[-–—:,]?\s*"
        rf"(?:(?:an?\s+)?update\s+(?:received\s+)?from\s+|{sender_label}\s*:\s*)"
        r"(?P<sender>[^:]+?)\s*(?::\s*(?P<rest>.*))?$",
        re.IGNORECASE,
    )


def take_updates(blocks: Sequence[Block], imported: Imported) -> list[Block]:
    """Move "20.11.15 - Update received from X:" paragraphs, and the text after each, into
    ``updates``; return the blocks that remain."""
    header = _update_header()
    remaining: list[Block] = []
    current: dict[str, Any] | None = None
    body: list[Para] = []

    def close() -> None:
        if current is not None:
            text = text_value(body)
            current["text"] = text
            updates = imported.data.setdefault("updates", [])
            if not text:
                current["text"] = "[insert the update]"
                imported.todo(("updates", len(updates)), "no text found after this update's "
                                                         "heading")
            updates.append(current)

    for block in blocks:
        match = header.match(tidy_date_text(block.text)) if isinstance(block, Para) else None
        day = read_date(match.group("date")) if match else None
        if match and day is not None:
            close()
            current = {"date": day, "from": match.group("sender").strip().rstrip(":,;-–")}
            body = [Para(match.group("rest").strip())] if match.group("rest") else []
            continue
        if current is not None and isinstance(block, Para):
            body.append(block)
        else:
            remaining.append(block)
    close()
    return remaining


def build(form: Form, config: Config, name: str = "") -> Imported:
    """The summary's data from the form's rows, with TODO notes for a person to check."""
    imported = Imported({"learnsum": catalogue.FORMAT_VERSION})
    sections = config.sections
    rows = merge_rows(form.rows, sections)
    matched, unmatched = match_rows(rows, sections)
    if not matched:
        raise ImportRefused("no row of the table matches a section of the Learning Summary "
                            "form (is this the form?)")
    _header(form.preamble, config, imported)

    contents: dict[str, list[Block]] = {}
    for index, section in matched.items():
        content = strip_prompt(rows[index].content, section.prompt)
        contents[section.key] = take_updates(content, imported)
    extra: list[Para] = []
    for row in unmatched:
        content = take_updates(row.content, imported)
        paras = _paras_only(content)
        label = row.label.rstrip(" :") or f"Row {row.number}"
        if paras:
            extra.append(Para(f"{label}: {paras[0].text}"))
            extra.extend(paras[1:])
        imported.notes.append(f"row {row.number} '{_short(label)}' matches no section of the "
                              "form; kept under comments")
    if extra:
        imported.todo(("comments",), "holds rows that match no section of the form; move "
                                     "their text to the right section")

    data = imported.data
    readers = {
        "completed": _completed,
        "review": _review,
        "case": _case,
        "case_learning": _points_section,
        "method_learning": _text_section,
        "single_agency": _single_agency,
        "multi_agency": _points_section,
        "actions": _actions,
        "audit": _text_section,
        "comments": _text_section,
        "updates": _updates_section,
        "slides": _slides,
    }
    updates_found = data.pop("updates", None)
    for section in sections:
        blocks = contents.get(section.key)
        if section.key == "comments" and extra:
            blocks = list(blocks or []) + list(extra)
        if section.key == "updates":
            if updates_found:
                data["updates"] = updates_found
            continue
        if not blocks or not _has_text(blocks):
            continue
        value = readers[section.key](section.key, blocks, config, imported)
        if value is not None and value != "" and value != []:
            data[section.key] = value
    if "updates" in data:
        data["updates"] = data.pop("updates")  # in the form's order: after comments
        if "slides" in data:
            data["slides"] = data.pop("slides")
    missing = [s.key for s in sections if s.required and s.key not in data]
    for key in missing:
        imported.notes.append(f"no row for '{key}' ({_short(config.section(key).label)}) found")
    _title(form, name, imported)
    return _ordered(imported, config)


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _ordered(imported: Imported, config: Config) -> Imported:
    """The keys in format-v1's order: the header, then the form's rows, themes after the case."""
    rows = [s.key for s in config.sections]
    rows.insert(rows.index("case") + 1 if "case" in rows else 0, "themes")
    header = [key for key in catalogue.HEADER_KEYS if key != "themes"]
    order = [*header, *rows]
    data = imported.data
    imported.data = {key: data[key] for key in order if key in data}
    imported.data.update({k: v for k, v in data.items() if k not in imported.data})
    return imported


def _header(preamble: Sequence[Para], config: Config, imported: Imported) -> None:
    """Reference, partnership, status and themes written above the table ("Reference: ...")."""
    data = imported.data
    for para in preamble:
        for key in ("reference", "partnership", "status", "themes"):
            value = field_value(para, FIELD_LABELS[key])
            if value is None or not value:
                continue
            if key == "status":
                status = _vocabulary_id(value, catalogue.STATUSES)
                if status:
                    data["status"] = status
            elif key == "themes":
                found = []
                for label in value.split(","):
                    theme = _vocabulary_id(label, config.themes)
                    if theme:
                        found.append(theme)
                    elif label.strip():
                        imported.todo(("themes",), f"theme '{label.strip()}' is not in the "
                                                   "vocabulary")
                if found:
                    data["themes"] = found
            else:
                data[key] = value
            break


def _title(form: Form, name: str, imported: Imported) -> None:
    """The pseudonym: the document's own title line, else "Child O" found in the text or the
    file name, else the file name; a guess is marked for checking."""
    data = imported.data
    facts = {_fold(FIELD_LABELS[key]) for key in ("reference", "partnership", "status", "themes")}
    for para in form.preamble:
        head = para.text.partition(":")[0]
        if _fold(head) in facts and ":" in para.text:
            continue
        if similarity(para.text, FORM_TITLE) >= 0.8 or _fold(FORM_TITLE) in _fold(para.text):
            continue
        if para.heading and len(para.text) <= 80:
            data["title"] = para.text
            return
    review = data.get("review", {})
    case = data.get("case", {})
    sources = [("the document's title", " ".join(p.text for p in form.preamble)),
               ("the review's purpose", str(review.get("purpose", ""))),
               ("the precis", str(case.get("precis", ""))),
               ("the file name", name)]
    for where, text in sources:
        match = _PSEUDONYM.search(text)
        if match:
            data["title"] = match.group(0)
            imported.todo(("title",), f"guessed from {where}; check it is the pseudonym the "
                                      "review is published under")
            return
    stem = re.sub(r"\.docx$", "", name.rsplit("/", 1)[-1], flags=re.IGNORECASE)
    data["title"] = " ".join(re.split(r"[_\s]+", stem)).strip() or "[insert the pseudonym]"
    imported.todo(("title",), "taken from the file name; write the pseudonym the review is "
                              "published under (e.g. Child O)")


def _completed(key: str, blocks: Sequence[Block], config: Config,
               imported: Imported) -> Any:
    text = " ".join(p.text for p in _paras_only(blocks))
    day = read_date(text)
    if day is None:
        imported.todo((key,), f"could not read '{_short(text)}' as a date; write it as "
                              "2015-09-25")
        return text
    return day


def _review(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    paras = _paras_only(blocks)
    review: dict[str, Any] = {}
    stated = field_value(paras[0], FIELD_LABELS["review.type"]) if paras else None
    if stated is not None:
        paras = paras[1:]
        found = _vocabulary_id(stated, catalogue.REVIEW_TYPES)
        review["type"] = found or "other"
        if found is None:
            review["label"] = stated
        purpose = text_value(paras)
    else:
        purpose = text_value(paras)
        text = " ".join(p.text for p in paras)
        guessed, evidence = guess_review_type(text)
        review["type"] = guessed
        if guessed == "other":
            imported.todo((key, "type"), "no review type named in the form; set type (see "
                                         "`learnsum themes`) or name it in label")
        else:
            imported.todo((key, "type"), f"guessed from '{evidence}'; check it")
    if purpose:
        review["purpose"] = purpose
    order = ("type", "label", "purpose")
    return {k: review[k] for k in order if k in review}


def guess_review_type(text: str) -> tuple[str, str]:
    """The review type named earliest in `text` (by its label, or by an abbreviation such as
    "SCR" that is the type's id), and the words that named it; ("other", "") if none."""
    folded = " " + _fold(text) + " "
    found: list[tuple[int, int, str, str]] = []
    for term in catalogue.REVIEW_TYPES:
        if term.id == "other":
            continue
        label = " " + _fold(term.label) + " "
        position = folded.find(label)
        if position >= 0:
            found.append((position, -len(label), term.id, term.label))
    # Abbreviations only in capitals ("SCR", "SCRs", "SAR"), as written, never lower-case words.
    for term in catalogue.REVIEW_TYPES:
        if "-" in term.id or term.id == "other":
            continue
        match = re.search(rf"\b{term.id.upper()}(?:'?s)?\b", text)
        if match:
            found.append((len(folded) + match.start(), 0, term.id, match.group(0)))
    if not found:
        return "other", ""
    _, _, type_id, evidence = min(found)
    return type_id, evidence


def _case(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    paras = _paras_only(blocks)
    case: dict[str, Any] = {}
    incident: Month | None = None
    rest = []
    for para in paras:
        stated = field_value(para, FIELD_LABELS["case.incident"])
        if stated is not None and incident is None:
            try:
                incident = parse_month(tidy_date_text(stated))
            except DateFormatError:
                incident = first_month(stated)
            continue
        rest.append(para)
    precis = text_value(rest)
    if incident is None:
        incident = first_month(" ".join(p.text for p in rest))
        if incident is not None:
            imported.todo((key, "incident"), "taken from the first date in the precis; check "
                                             "it is the month of the incident")
    if incident is not None:
        case["incident"] = incident.iso()
    else:
        imported.todo((key,), "no month/year of the incident found; add `incident:` (e.g. "
                              "2014-12)")
    if precis:
        case["precis"] = precis
    return case


def _points_section(key: str, blocks: Sequence[Block], config: Config,
                    imported: Imported) -> Any:
    paras = _split_inline(_paras_only(blocks))
    return [_point(p, config, imported, (key, index)) for index, p in enumerate(paras)
            if p.text.strip()]


def _text_section(key: str, blocks: Sequence[Block], config: Config,
                  imported: Imported) -> Any:
    return text_value(_split_inline(_paras_only(blocks)))


def _updates_section(key: str, blocks: Sequence[Block], config: Config,
                     imported: Imported) -> Any:
    return None  # the updates were taken out of every row before the sections were read


_AGENCY_LINE = re.compile(r"^(?P<agency>[A-Z][\w'’&/,. ()-]{0,60}?)\s*[;:]\s+(?P<rest>.+)$", re.S)
_NOT_AGENCIES = {"note", "nb", "please note", "update", "comment", "comments", "suggestion",
                 "action", "actions", "learning"}


def _agency_name(candidate: str, config: Config) -> str | None:
    words = candidate.split()
    if not words or len(words) > 5 or candidate.lower() in _NOT_AGENCIES:
        return None
    for agency in config.agencies:
        if _fold(agency) == _fold(candidate):
            return agency
    if all(word[:1].isupper() or word.lower() in {"and", "of", "&", "for"} for word in words):
        return candidate
    return None


def _single_agency(key: str, blocks: Sequence[Block], config: Config,
                   imported: Imported) -> Any:
    agencies: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None

    def start(name: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"agency": name, "points": []}
        agencies.append(entry)
        return entry

    for para in _split_inline(_paras_only(blocks)):
        if para.heading:
            current = start(para.text.rstrip(":;"))
            continue
        match = _AGENCY_LINE.match(para.text) if not para.listed else None
        name = _agency_name(match.group("agency").strip(), config) if match else None
        if match and name:
            current = start(name)
            for sentence in _SENTENCE.split(match.group("rest").strip()):
                if sentence.strip():
                    current["points"].append(Para(sentence.strip(), True))
            continue
        if current is None:
            current = start("[insert agency]")
            imported.todo((key, 0, "agency"), "no agency named before these points; name it")
        current["points"].append(para)
    for index, entry in enumerate(agencies):
        entry["points"] = [_point(p, config, imported, (key, index, "points", n))
                           for n, p in enumerate(entry["points"]) if p.text.strip()]
    return [entry for entry in agencies if entry["points"]] or None


_OWNER_SPLIT = re.compile(
    r"^(?P<owner>.{3,200}?)\s*,?\s+(?:(?:is|are|will\s+be)\s+)?(?:to|will)\s+(?P<rest>[a-z].*)$",
    re.S)
_OWNER_COLON = re.compile(r"^(?P<owner>[^:]{3,160}?)\s*:\s+(?P<rest>.+)$", re.S)
_OWNER_DASH = re.compile(r"^(?P<owner>[^–\-]{3,160}?)\s+[–-]\s+(?P<rest>.+)$", re.S)
#: Last words that show the words before "to" are a sentence, not a role ("All agencies need").
_NOT_ROLE_ENDS = frozenset(
    "need needs have has had want wants agreed asked required expected going able due was were "
    "is are continue continues ought used tried failed decided".split())
_DUE = re.compile(rf"\b(?:by|due|deadline|timescale)\s*:?\s*(?:the\s+)?(?P<date>{DATE_IN_TEXT.pattern})",
                  re.IGNORECASE)


def split_owner(text: str) -> tuple[str, str] | None:
    """("Trust Lead ..., Trust", "Ensure staff ...") from "Trust Lead ..., Trust to ensure staff
    ...", when the words before "to"/"will" (or a colon, or a dash) name a role; else None."""
    from .rules.owner import ROLE_WORDS

    for pattern in (_OWNER_COLON, _OWNER_SPLIT, _OWNER_DASH):
        match = pattern.match(text.strip())
        if not match:
            continue
        owner = match.group("owner").strip().rstrip(",;:–- ")
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", owner)
        if not words or len(words) > 20 or not owner[:1].isupper():
            continue
        if ":" in owner or re.search(r"[.!?]\s", owner) or words[-1].lower() in _NOT_ROLE_ENDS:
            continue
        if not any(word.lower() in ROLE_WORDS for word in words):
            continue
        return owner, _capitalise(match.group("rest").strip())
    return None


def _actions(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    actions: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Grid):
            actions.extend(_actions_table(block, imported, len(actions)))
    if actions:
        return actions
    for para in _split_inline(_paras_only(blocks)):
        place: Place = (key, len(actions))
        action: dict[str, Any]
        split = split_owner(para.text)
        if split:
            action = {"owner": split[0], "action": split[1]}
        else:
            action = {"owner": "[insert the owner's role]", "action": para.text}
            imported.todo(place, "could not tell the owner from the action; write the owning "
                                 "role in owner and the rest in action")
        due = _DUE.search(tidy_date_text(para.text))
        if due:
            day = read_date(due.group("date"))
            if day:
                action["due"] = day
        actions.append(action)
    return actions


def _actions_table(grid: Grid, imported: Imported, offset: int) -> list[dict[str, Any]]:
    """The rendered actions table: a header row naming the columns, then one action a row."""
    if not grid.rows:
        return []
    fields: tuple[str, ...] = ("owner", "action", "due", "status")
    columns: dict[int, str] = {}
    for index, cell in enumerate(grid.rows[0]):
        heading = " ".join(p.text for p in cell)
        for name in fields:
            if _fold(heading) == _fold(FIELD_LABELS[f"actions.{name}"]):
                columns[index] = name
    if "owner" not in columns.values() or "action" not in columns.values():
        columns = {index: name for index, name in enumerate(fields[: len(grid.rows[0])])}
        body = grid.rows
    else:
        body = grid.rows[1:]
    evidence_label = FIELD_LABELS.get("actions.evidence")
    actions: list[dict[str, Any]] = []
    for row in body:
        action: dict[str, Any] = {}
        place: Place = ("actions", offset + len(actions))
        for index, cell in enumerate(row):
            column = columns.get(index)
            paras = [p for p in cell if p.text.strip()]
            if column is None or not paras:
                continue
            text = " ".join(p.text for p in paras)
            if column == "owner":
                action["owner"] = text
            elif column == "action":
                evidence = []
                kept = []
                for para in paras:
                    value = field_value(para, evidence_label) if evidence_label else None
                    if value is not None:
                        evidence.append(Para(value, para.listed))
                    else:
                        kept.append(para)
                action["action"] = text_value(kept)
                if evidence:
                    action["_evidence"] = text_value(evidence)
            elif column == "due":
                day = read_date(text)
                if day is None:
                    imported.todo(place, f"could not read the due date '{_short(text)}'; write "
                                         "it as 2016-03-31")
                else:
                    action["due"] = day
            elif column == "status":
                status = _vocabulary_id(text, catalogue.ACTION_STATUSES) or _STATUS_WORDS.get(
                    _fold(text))
                if status is None:
                    imported.todo(place, f"status '{_short(text)}' is not open, in-progress, "
                                         "done or dropped; choose one")
                else:
                    action["status"] = status
        if not any(action.get(k) for k in ("owner", "action")):
            continue
        if not action.get("owner"):
            action["owner"] = "[insert the owner's role]"
            imported.todo(place, "no owner in the table; write the owning role")
        ordered: dict[str, Any] = {k: action[k] for k in fields if k in action}
        if "_evidence" in action:
            ordered["evidence"] = action["_evidence"]
        actions.append(ordered)
    return actions


#: Words people put in a status column, folded, for the vocabulary's ids.
_STATUS_WORDS = {"complete": "done", "compl": "done", "closed": "done", "close": "done",
                 "green": "done", "ongoi": "in-progress", "amber": "in-progress",
                 "start": "in-progress", "red": "open", "not start": "open"}


_NOT_APPLICABLE = {"n a", "na", "not a", "not appli", "none", "no", "not requi", "nil"}


def _slides(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    text = " ".join(p.text for p in _paras_only(blocks)).strip()
    choice = _vocabulary_id(text, catalogue.SLIDES_CHOICES)
    if choice:
        return choice
    if _fold(text) in _NOT_APPLICABLE or _fold(text.split(".")[0]) in _NOT_APPLICABLE:
        return "not-applicable"
    path = re.search(r"[\w ./\\-]+\.pptx\b", text, re.IGNORECASE)
    if path:
        imported.todo((key,), "put the slides file beside this summary under this name")
        return path.group(0).strip()
    imported.todo((), f"the slides row says '{_short(text)}'; set `slides:` to not-applicable, "
                      "generate, or the name of a .pptx file")
    return None


# -- 3. YAML ------------------------------------------------------------------------------------

#: Long text is wrapped to this width inside block scalars (the YAML stays readable in a diff).
WRAP = 92
#: Values that are one line by nature: kept on the key's line however long.
_ONE_LINE_KEYS = frozenset({"title", "reference", "partnership", "owner", "agency", "from", "label"})


def _scalar(text: str, depth: int, key: str) -> Any:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    width = max(40, WRAP - 2 * depth)
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 1:
        wrapped = ["\n".join(textwrap.wrap(p, width, break_on_hyphens=False,
                                           break_long_words=False)) for p in paragraphs]
        return LiteralScalarString("\n\n".join(wrapped) + "\n")
    single = paragraphs[0] if paragraphs else ""
    if len(single) + len(key) + 2 * depth + 4 <= WRAP or key in _ONE_LINE_KEYS:
        return single
    lines = textwrap.wrap(single, width, break_on_hyphens=False, break_long_words=False)
    folded = FoldedScalarString(" ".join(lines))
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
        at += 1
    folded.fold_pos = positions
    return folded


def _commented(value: Any, place: Place, todos: dict[Place, list[str]]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    depth = len(place)
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _commented(item, (*place, key), todos)
            notes = todos.get((*place, key))
            if notes:
                mapping.yaml_set_comment_before_after_key(
                    key, before="\n".join(f"{TODO}: {n}" for n in notes), indent=2 * depth)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq()
        if place and place[-1] == "themes":
            sequence.fa.set_flow_style()
        for index, item in enumerate(value):
            sequence.append(_commented(item, (*place, index), todos))
            notes = todos.get((*place, index))
            if notes:
                sequence.yaml_set_comment_before_after_key(
                    index, before="\n".join(f"{TODO}: {n}" for n in notes), indent=2 * depth)
        return sequence
    if isinstance(value, str):
        last = place[-1] if place else ""
        return _scalar(value, depth, last if isinstance(last, str) else "- ")
    return value


def to_yaml(imported: Imported, source: str = "") -> str:
    """The summary as format-v1 YAML, with a TODO(import) comment at every place to check."""
    from ruamel.yaml import YAML

    todos = dict(imported.todos)
    # A note for a place that is not in the data goes on its nearest ancestor that is.
    for place in list(todos):
        target = place
        while target and not _exists(imported.data, target):
            target = target[:-1]
        if target != place:
            todos.setdefault(target, []).extend(todos.pop(place))
    document = _commented(imported.data, (), todos)
    header = [f"Imported by `learnsum import` from {source or 'a Word document'}.",
              f"Check every {TODO} comment, then delete it; `learnsum validate` lists what is left."]
    header.extend(f"{TODO}: {note}" for note in todos.get((), []))
    document.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    yaml.width = 4096  # block scalars are wrapped above; never re-wrap quoted text mid-word
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return _space_sections(stream.getvalue())


_SECTION_LINE = re.compile(
    "^(?:" + "|".join(key for key in (*catalogue.SECTIONS_BY_KEY, "themes", "reflection")
                      if key != "completed") + "):")


def _space_sections(text: str) -> str:
    """A blank line before each top-level section (and the TODO comments above it), as in
    the bundled examples, so the sections stand apart."""
    lines = text.split("\n")
    result: list[str] = []
    for line in lines:
        if _SECTION_LINE.match(line):
            at = len(result)
            while at and result[at - 1].startswith("# "):
                at -= 1
            if at and result[at - 1] != "":
                result.insert(at, "")
        result.append(line)
    return "\n".join(result)


def _exists(data: Any, place: Place) -> bool:
    value = data
    for step in place:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return False
    return True


# -- what the form shows, for comparing a summary with its round trip ----------------------------


def form_view(summary: Summary) -> dict[str, Any]:
    """The parts of a summary that its Word rendering shows, in a comparable shape.

    Two summaries with equal form views read the same on paper. Left out: ``reflection`` (the
    questions for the practitioner slides are not part of the form) and the way text was
    wrapped or split into paragraphs inside one bullet; a text's paragraphs, and whether it is
    a bullet list, are kept.
    """
    from .model import text_paragraphs

    def text(value: Any) -> Any:
        if value is None:
            return None
        return ("list" if isinstance(value, list) else "text", text_paragraphs(value))

    def points(items: Iterable[Any]) -> list[Any]:
        return [(" ".join(p.text.split()), p.kind, list(p.themes)) for p in items]

    return {
        "title": summary.title.strip(),
        "reference": summary.reference,
        "partnership": summary.partnership,
        "status": summary.status,
        "completed": summary.completed,
        "review": (summary.review.type, summary.review.label, text(summary.review.purpose)),
        "case": (summary.case.incident.iso()[:7], text(summary.case.precis)),
        "themes": list(summary.themes),
        "case_learning": points(summary.case_learning),
        "method_learning": text(summary.method_learning),
        "single_agency": [(a.agency, points(a.points)) for a in summary.single_agency],
        "multi_agency": points(summary.multi_agency),
        "actions": [(a.owner, text(a.action), a.due, a.status, text(a.evidence))
                    for a in summary.actions],
        "audit": text(summary.audit),
        "comments": text(summary.comments),
        "updates": [(u.date, u.from_, text(u.text)) for u in summary.updates],
        "slides": summary.slides,
    }


__all__ = [
    "MAX_FILE_BYTES", "Form", "FormRow", "Grid", "ImportRefused", "Imported", "Para", "build",
    "check_package", "check_yaml", "count_document",
    "form_view", "guess_review_type", "import_docx", "match_rows", "read_date", "read_form",
    "section_score", "similarity", "split_owner", "to_yaml", "tokens",
]


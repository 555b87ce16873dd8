"""Word documents written as text from a prepared template: the Word renderer without python-docx.

The Word renderer (:mod:`learnsum.render.docx`) prepares a template once per reference document,
protective marking, page-number words and language with python-docx and lxml, which take most of
the time of rendering one summary (importing them alone costs more than the rest of a render).
Everything in a summary's document is a copy of one of that template's prepared elements (a
paragraph per style, a run per look, the form's table and row, the actions table per number of
columns), filled in. So the template is also kept in serialised form, a :class:`TextBase`:

- every package entry that no summary changes, already compressed, with its name, in its order;
- the document part as text before and after the body's content, and the core-properties part
  with a hole for each property a summary sets;
- each prepared element as the text lxml writes for it in the document, split where a summary's
  content goes in.

:meth:`TextBase.render` writes a summary's document from these pieces as text, deciding the same
things the python-docx path decides (which rows may not break across pages, the actions table's
column widths), and gives the same bytes. A :class:`TextBase` is made by the python-docx path
(:meth:`learnsum.render.docx._Base.serialise`), checked there against it, and kept in the user's
cache folder (:func:`cache_folder`, as JSON behind a checksum), so the next process renders
without importing python-docx or lxml. A missing, unreadable, damaged or
foreign cache file means the python-docx path, never an error: :func:`load` returns None.

Nothing here imports python-docx or lxml.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import patterns as _patterns
from ..lazy_re import compiled_on_use
from .docx_layout import (
    CELL_MARGIN_CM,
    CONTENT_WIDTH_CM,
    ROW_LIMIT_PT,
    _lines_height,
    column_widths,
    row_height,
)
from .package import DOCX_PERMISSIONS, Deflated, write_package
from .view import Block, Bullets, Field, Item, Paragraph, SubHeading, Table, Update, View

#: The layout of a cache file; a file of another layout is ignored (and replaced).
FORMAT = 2
#: The most a cache file may hold: a reference document with large pictures makes a large file,
#: past this it is not kept (and a larger file found is not read).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: The largest reference document read for its digest (learnsum.ooxml.MAX_FILE_BYTES, which
#: python-docx's path enforces; not imported from there, which would import zipfile).
_MAX_REFERENCE_BYTES = 50 * 1024 * 1024
#: Actions tables of this many columns are prepared (learnsum's have four, a partnership may
#: configure fewer or more); a summary with another is rendered with python-docx.
MIN_COLUMNS, MAX_COLUMNS = 2, 8
#: The paragraph styles and run looks a summary uses ("" is Normal / plain).
STYLES = ("", "Title", "Heading 1", "Heading 3", "List Bullet")
LOOKS = ("", "bold", "italic")
#: The document properties a summary sets, in the order of their holes in the core part.
PROPERTIES = ("title", "subject", "author", "category", "identifier", "created", "modified",
              "language")


class Unsupported(Exception):
    """A summary this writer does not write (text lxml would refuse, too many columns): the
    caller renders it with python-docx."""


#: Characters lxml refuses in text (the view has removed them; were one left, python-docx's
#: error is the one to show).
#: None of them is printable (str.isprintable): the pattern is compiled only for text that is not.
_refused = compiled_on_use("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = _patterns.compile("[&<>\r]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def escape(text: str) -> str:
    """`text` as lxml writes it in an element's content (UTF-8: only markup is escaped)."""
    if not text.isprintable() and _refused().search(text):
        raise Unsupported("text lxml refuses")
    if _SPECIAL.search(text):
        return _SPECIAL.sub(lambda match: _ESCAPES[match.group()], text)
    return text


def twips(cm: float) -> str:
    """A width in centimetres as python-docx writes it: ``Cm(cm)`` in twentieths of a point."""
    return str(int(round(int(cm * 360000) / 635.0)))


#: One element's text split where its children go: (start, end, as written when it has none).
Shell = tuple[str, str, str]


def _shell(pieces: Sequence[str], empty: str) -> Shell:
    start, end = pieces
    return (start, end, empty)


def _element(shell: Shell, children: Sequence[str]) -> str:
    return shell[0] + "".join(children) + shell[1] if children else shell[2]


class TextBase:
    """A prepared template in serialised form; :meth:`render` writes a summary's .docx."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """From the kept form (see :meth:`serialised`), checked: ValueError when it is not one."""
        self.data = _checked(data)
        self.entries: list[tuple[str, Deflated | str]] = []
        for name, kind, crc, size, payload in self.data["entries"]:
            if kind == "fixed":
                self.entries.append((name, Deflated(crc, size, _unpacked(payload, crc, size))))
            else:
                self.entries.append((name, kind))
        self.head, self.tail = self.data["document"]
        #: The core-properties part around the properties a summary sets (the fixed ones,
        #: learnsum's name among them, are part of the text), and those properties in its order.
        self.core: list[str] = self.data["core"]
        self.core_names: list[str] = self.data["core_names"]
        self.paragraphs: dict[str, Shell] = {
            style: _shell(shell[:2], shell[2]) for style, shell in self.data["paragraphs"].items()}
        self.runs: dict[str, Shell] = {
            look: _shell(shell[:2], shell[2]) for look, shell in self.data["runs"].items()}
        self.bullets: bool = self.data["bullets"]
        self.form_table: Shell = _shell(self.data["form_table"][:2], self.data["form_table"][2])
        #: The form's row, by whether it may break across pages: five pieces around the label's
        #: run, the prompt's paragraph and the content cell's children; the fourth piece is that
        #: cell's own empty paragraph.
        self.form_rows: dict[bool, list[str]] = {
            cant: self.data["form_row"][str(int(cant))] for cant in (False, True)}
        self.actions: dict[int, dict[str, Any]] = {
            int(columns): pieces for columns, pieces in self.data["actions"].items()}

    # -- the kept form

    def serialised(self, key: Mapping[str, Any]) -> dict[str, Any]:
        """The cache file's content: the layout's number, the key and the data."""
        return {"format": FORMAT, "key": dict(key), **self.data}

    # -- a summary's document

    def render(self, view: View) -> bytes:
        """The .docx bytes of `view`, the same as python-docx's path makes from this template."""
        body = [self.head]
        body.append(self.paragraph("Title", [self.run(view.form_title)]))
        body.append(self.paragraph("Heading 1", [self.run(view.title)]))
        for fact in view.facts:
            body.append(self.paragraph("", [self.run(f"{fact.label}: ", "bold"),
                                            self.run(fact.text)]))
        rows = []
        for row in view.rows:
            cant = row_height(row.label, row.prompt, row.blocks) <= ROW_LIMIT_PT
            start, after_label, after_prompt, empty, end = self.form_rows[cant]
            prompt = self.paragraph("", [self.run(row.prompt, "italic")]) if row.prompt else ""
            content = self._blocks(row.blocks, empty, view.words["themes"])
            rows.append(start + self.run(row.label, "bold") + after_label + prompt
                        + after_prompt + "".join(content) + end)
        body.append(_element(self.form_table, rows))
        body.append(self.tail)
        document = "".join(body).encode("utf-8")
        core = self._core(view).encode("utf-8")
        entries: list[tuple[str, bytes | Deflated]] = [
            (name, data if isinstance(data, Deflated) else document if data == "document"
             else core) for name, data in self.entries]
        return write_package(entries, dt.date.fromisoformat(view.completed_iso),
                             DOCX_PERMISSIONS)

    def paragraph(self, style: str, runs: Sequence[str]) -> str:
        return _element(self.paragraphs[style], runs)

    def run(self, text: str, look: str = "") -> str:
        """A run as python-docx's ``Run.text = text`` writes it: tabs and line breaks become
        their elements, and a text with outer spaces keeps them."""
        start, end, empty = self.runs[look]
        if not text:
            return empty
        if "\t" in text or "\n" in text or "\r" in text:
            children = []
            for index, part in enumerate(re.split("([\t\r\n])", text)):
                if index % 2:
                    children.append("<w:tab/>" if part == "\t" else "<w:br/>")
                elif part:
                    children.append(_t(part))
            return start + "".join(children) + end
        return start + _t(text) + end

    def _blocks(self, blocks: Sequence[Block], empty: str, themes: str) -> list[str]:
        """The content cell's children, as python-docx's path leaves them: the first paragraph
        takes the place of the cell's empty one (or of the one after a table)."""
        cell = [empty]
        unused = [0]

        def paragraph(style: str, runs: list[str]) -> None:
            text = self.paragraph(style, runs)
            if unused:
                cell[unused.pop()] = text
            else:
                cell.append(text)

        def bullet(item: Item) -> None:
            runs = []
            style = "List Bullet"
            if not self.bullets:
                style = ""
                runs.append(self.run("• "))
            if item.point_kind:
                runs.append(self.run(f"{item.point_kind}: ", "bold"))
            runs.append(self.run(item.text))
            if item.themes:
                runs.append(self.run(f" ({themes}: {', '.join(item.themes)})", "italic"))
            paragraph(style, runs)

        for block in blocks:
            if isinstance(block, Paragraph):
                paragraph("", [self.run(block.text)])
            elif isinstance(block, Field):
                paragraph("", [self.run(f"{block.label}: ", "bold"), self.run(block.text)])
            elif isinstance(block, Bullets):
                for item in block.items:
                    bullet(item)
            elif isinstance(block, SubHeading):
                paragraph("Heading 3", [self.run(block.text)])
            elif isinstance(block, Table):
                cell.append(self._actions(block))
                cell.append(self.paragraphs[""][2])
                if unused:
                    del cell[unused.pop()]
                else:
                    unused.append(len(cell) - 1)
            elif isinstance(block, Update):
                paragraph("", [self.run(block.date, "bold"),
                               self.run(f" – {block.sender_label}: {block.sender}")])
                for inner in block.blocks:
                    if isinstance(inner, Paragraph):
                        paragraph("", [self.run(inner.text)])
                    else:
                        for item in inner.items:
                            bullet(item)
        return cell

    def _actions(self, block: Table) -> str:
        columns = len(block.headers)
        pieces = self.actions.get(columns)
        if pieces is None:
            raise Unsupported(f"an actions table of {columns} columns")
        widths = column_widths(block, CONTENT_WIDTH_CM - 2 * CELL_MARGIN_CM)
        measures = [twips(width) for width in widths]
        grid = "".join(pieces["grid"][0] + measure + pieces["grid"][1] for measure in measures)
        rows = [self._actions_row(pieces["header"], measures,
                                  [(label,) for label in block.headers], "bold")]
        for row in block.rows:
            cant = max(_lines_height(texts, width)
                       for texts, width in zip(row, widths)) <= ROW_LIMIT_PT
            rows.append(self._actions_row(pieces["cant" if cant else "row"], measures, row, ""))
        start, middle, end = pieces["table"]
        return str(start + grid + middle + "".join(rows) + end)

    def _actions_row(self, pieces: Mapping[str, Any], measures: list[str],
                     cells: Sequence[Sequence[str]], look: str) -> str:
        """A row of the actions table: each cell's first paragraph holds its first text, a
        further text is a paragraph of its own."""
        out = [pieces["start"]]
        cell_start, cell_width_end, cell_end = pieces["cell"]
        for index, measure in enumerate(measures):
            texts = cells[index] if index < len(cells) else ()
            out.append(cell_start + measure + cell_width_end)
            first = [self.run(texts[0], look)] if texts else []
            out.append(_element(pieces["first"], first))
            for text in texts[1:]:
                out.append(self.paragraph("", [self.run(text, look)]))
            out.append(cell_end)
        out.append(pieces["end"])
        return "".join(out)

    def _core(self, view: View) -> str:
        from .view import document_properties

        completed = dt.date.fromisoformat(view.completed_iso)
        moment = f"{completed.isoformat()}T00:00:00Z"
        values = {**document_properties(view), "created": moment, "modified": moment}
        out = [self.core[0]]
        for name, piece in zip(self.core_names, self.core[1:]):
            out.append(escape(values[name]))
            out.append(piece)
        return "".join(out)


def _t(text: str) -> str:
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:t>{escape(text)}</w:t>"


# -- checking a cache file's content -------------------------------------------------------------


def _unpacked(payload: str, crc: int, size: int) -> bytes:
    """The compressed data of a cache entry, checked against its CRC and size."""
    import base64
    import zlib

    data = base64.b64decode(payload.encode("ascii"), validate=True)
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        plain = decompressor.decompress(data, size + 1)
    except zlib.error as error:  # damaged data, not only data of another size
        raise ValueError("an entry cannot be decompressed") from error
    if len(plain) != size or zlib.crc32(plain) != crc or not decompressor.eof \
            or decompressor.unused_data:
        raise ValueError("an entry does not match its size or checksum")
    return data


#: A package entry's name as python-docx writes it: a relative path of printable characters.
_SAFE_NAME = _patterns.compile(r"[^/\\\x00-\x1f\x7f][^\\\x00-\x1f\x7f]{0,300}")


def _strings(value: Any, count: int) -> list[str]:
    if not isinstance(value, list) or len(value) != count or \
            not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected {count} strings")
    return value


def _checked(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` when it has the layout :meth:`TextBase.serialised` writes; ValueError when not."""
    if not isinstance(data, Mapping):
        raise ValueError("not an object")
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        raise ValueError("no entries")
    kinds = []
    for entry in entries:
        if not isinstance(entry, list) or len(entry) != 5:
            raise ValueError("an entry is not a list of five")
        name, kind, crc, size, payload = entry
        if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or ".." in name.split("/") \
                or kind not in ("fixed", "document", "core") \
                or not isinstance(crc, int) or not isinstance(size, int) \
                or not 0 <= crc < 2 ** 32 or not 0 <= size <= MAX_CACHE_BYTES \
                or not isinstance(payload, str):
            raise ValueError("an entry is malformed")
        kinds.append(kind)
    # What the entries unpack to: no more than a Word document python-docx's path would accept
    # (a kept file cannot make a document that unpacks to gigabytes).
    if sum(entry[3] for entry in entries) > MAX_CACHE_BYTES:
        raise ValueError("the entries are too large")
    if kinds.count("document") != 1 or kinds.count("core") != 1:
        raise ValueError("the document or its properties are missing")
    _strings(data.get("document"), 2)
    _strings(data.get("core"), len(PROPERTIES) + 1)
    names = data.get("core_names")
    if not isinstance(names, list) or sorted(map(str, names)) != sorted(PROPERTIES):
        raise ValueError("the document properties are malformed")
    for name, keys in (("paragraphs", STYLES), ("runs", LOOKS)):
        shells = data.get(name)
        if not isinstance(shells, dict) or set(shells) != set(keys):
            raise ValueError(f"{name} are missing")
        for shell in shells.values():
            _strings(shell, 3)
    if not isinstance(data.get("bullets"), bool):
        raise ValueError("bullets is not true or false")
    _strings(data.get("form_table"), 3)
    rows = data.get("form_row")
    if not isinstance(rows, dict) or set(rows) != {"0", "1"}:
        raise ValueError("the form's row is missing")
    for pieces in rows.values():
        _strings(pieces, 5)
    actions = data.get("actions")
    if not isinstance(actions, dict) or \
            set(actions) != {str(columns) for columns in range(MIN_COLUMNS, MAX_COLUMNS + 1)}:
        raise ValueError("the actions tables are missing")
    for pieces in actions.values():
        if not isinstance(pieces, dict) or set(pieces) != {"table", "grid", "header", "cant",
                                                           "row"}:
            raise ValueError("an actions table is malformed")
        _strings(pieces["table"], 3)
        _strings(pieces["grid"], 2)
        for row in ("header", "cant", "row"):
            if not isinstance(pieces[row], dict) or set(pieces[row]) != {"start", "end", "cell",
                                                                         "first"}:
                raise ValueError("an actions row is malformed")
            _strings([pieces[row]["start"], pieces[row]["end"]], 2)
            _strings(pieces[row]["cell"], 3)
            _strings(pieces[row]["first"], 3)
    return {name: data[name] for name in ("entries", "document", "core", "core_names",
                                          "paragraphs", "runs",
                                          "bullets", "form_table", "form_row", "actions")}


# -- the cache folder ----------------------------------------------------------------------------


def cache_folder() -> Path:
    """Where prepared templates are kept (:func:`learnsum.cache.folder`)."""
    from ..cache import folder

    return folder()


def cache_key(reference: Path | None, marking: str | None, page_number: str,
              language: str) -> dict[str, Any] | None:
    """What a prepared template depends on: learnsum's and python-docx's installations, the
    reference document's content (its SHA-256) and the settings; None when the reference
    document cannot be read (python-docx's path then says why)."""
    from .. import __version__
    from ..hashing import sha256

    digest = None
    if reference is not None:
        # Read as python-docx's path reads it (a regular file, up to the same size, never
        # blocking on a FIFO); one it would refuse has no key, so that path says why.
        from ..files import UnreadableFile, read_regular_file

        try:
            digest = sha256(read_regular_file(reference, _MAX_REFERENCE_BYTES)) \
                .hexdigest()
        except (OSError, UnreadableFile):
            return None
    return {
        "learnsum": __version__,
        # The writers and everything their output depends on within learnsum: a changed file
        # (an editable or patched install, same version) prepares the template again.
        "code": [_identity(Path(__file__).with_name(name)) for name in _CODE],
        "libraries": [_installed("docx"), _installed("lxml")],
        "reference": digest,
        "marking": marking,
        "page_number": page_number,
        "language": language,
    }


_CODE = ("docx_text.py", "docx.py", "docx_layout.py", "package.py", "view.py")


def _identity(path: Path) -> list[int]:
    try:
        stat = path.stat()
    except OSError:
        return []
    return [stat.st_mtime_ns, stat.st_size]


def _installed(name: str) -> list[Any]:
    """A library's installation, without importing it: where it is and when it was written."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return []
    origin = spec.origin if spec is not None else None
    if not origin:
        return []
    return [origin, *_identity(Path(origin))]


def writable() -> bool:
    """Whether the cache folder can be written (made when missing): when it cannot, preparing
    a serialised template for later runs would be wasted."""
    from ..cache import make_folder

    return make_folder() is not None


#: How many kept templates the folder holds at most (one for each reference document, marking,
#: language and learnsum installation in use): older ones are removed when one is added.
KEEP = 8
#: The names of the kept templates' files (and only those are ever removed).
_OWN = r"docx-[0-9a-f]{32}\.json"


def _cache_file(key: Mapping[str, Any]) -> Path:
    from ..hashing import sha256

    name = sha256(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()[:32]
    return cache_folder() / f"docx-{name}.json"


def load(key: Mapping[str, Any] | None) -> TextBase | None:
    """The prepared template kept for `key`; None when there is none to use (missing, not a
    regular file, unreadable, damaged, too large, made by another version or for another
    key)."""
    if key is None:
        return None
    from ..cache import read_checked

    try:
        data = read_checked(_cache_file(key), MAX_CACHE_BYTES)
        if not isinstance(data, dict) or data.get("format") != FORMAT or \
                data.get("key") != json.loads(json.dumps(key)):
            return None
        return TextBase(data)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def store(key: Mapping[str, Any] | None, base: TextBase) -> bool:
    """Keep `base` for `key`, written whole or not at all; False when it cannot be kept (a
    read-only or missing home, a full disk): never an error. The folder keeps the :data:`KEEP`
    most recent templates."""
    if key is None:
        return False
    from ..cache import make_folder, prune, write_checked

    if make_folder() is None or not write_checked(_cache_file(key), base.serialised(key),
                                                  most=MAX_CACHE_BYTES):
        return False
    prune(re.compile(_OWN), KEEP)
    return True


__all__ = ["FORMAT", "MAX_COLUMNS", "MIN_COLUMNS", "TextBase", "Unsupported", "cache_folder",
           "cache_key", "escape", "load", "store", "twips", "writable"]

"""Reading an Office package safely: a .docx is a zip of XML, and both can be made hostile.

The package's own limits (file size, parts, expanded size) are in :mod:`learnsum.ooxml`; here
are the limits of what word/document.xml may hold, counted before python-docx reads it."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from .form import ImportRefused

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




def check_package(data: bytes) -> None:
    """Refuse a file that is not a .docx package or that could harm the reader (see ooxml)."""
    from ..ooxml import UnsafePackage
    from ..ooxml import check_package as check_office_package

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
        elements += 1  # noqa: SIM113 - counted beside paragraphs, runs and cells
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

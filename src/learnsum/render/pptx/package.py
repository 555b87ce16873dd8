"""The deck's file: the package python-pptx saved, rewritten so that the same summary gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..package import PPTX_PERMISSIONS, write_package

# -- the deck's file ----------------------------------------------------------------------------

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>learnsum</Application><Slides>{slides}</Slides><Notes>{slides}</Notes>"
    "</Properties>"
)


def stable_deck(data: bytes, when: dt.date, slides: int) -> bytes:
    """The package python-pptx saved, rewritten by the package writer: the same entries in the
    same order, dated `when` (python-pptx stamps the current time), and the extended properties
    learnsum's own (python-pptx's name a tool and a time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [
            (info.filename, _APP_XML.format(slides=slides).encode("utf-8")
             if info.filename == "docProps/app.xml" else source.read(info.filename))
            for info in source.infolist()
        ]
    return write_package(entries, when, PPTX_PERMISSIONS)

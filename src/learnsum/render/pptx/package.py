"""The deck's file: the package python-pptx saved, rewritten so that the same summary gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile


# -- the deck's file ----------------------------------------------------------------------------

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>learnsum</Application><Slides>{slides}</Slides><Notes>{slides}</Notes>"
    "</Properties>"
)


def stable_deck(data: bytes, when: dt.date, slides: int) -> bytes:
    """The package rewritten with fixed entry times (python-pptx stamps the current time)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                blob = _APP_XML.format(slides=slides).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, blob)
    return out.getvalue()

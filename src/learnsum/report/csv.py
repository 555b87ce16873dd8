"""The report's tables as CSV files, safe to open in Excel or LibreOffice.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
spreadsheet as a formula (CSV injection), so such text gets a leading apostrophe, which shows the
text as written. Numbers are written as numbers and dates as ISO dates (2016-03-31), which every
spreadsheet sorts correctly. Files are UTF-8 with a byte-order mark, so that Excel shows "–", "é"
and "’" correctly when the file is double-clicked; what goes to standard output has no mark, for
the tools it is piped into.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ..output import write_atomically
from .data import Rag, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Rag):
        return value.label
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


def render(table: Table, *, bom: bool = False) -> str:
    """The table as CSV text (header row first, CRLF line ends as RFC 4180 has them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([cell(value) for value in row])
    return (BOM if bom else "") + buffer.getvalue()


def write(table: Table, path: Path) -> bool:
    """Write one table to `path`; False when the file already held exactly this."""
    return write_atomically(path, render(table, bom=True).encode("utf-8"))

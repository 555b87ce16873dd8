"""learnsum's stamp: how a file shows that it is exactly what learnsum wrote.

A render replaces an existing file only while it is learnsum's own output, untouched. A Word
document someone edited and saved, a PDF re-exported by another program, a Markdown copy with a
line added: each is the user's from then on and is kept. So every file that render, report and
schema write ends with a stamp::

    learnsum-output sha256=<64 hex digits>

The digest is the SHA-256 of every byte of the file before the digits (the stamp's own beginning
included); only the stamp's fixed closing follows them. A file is learnsum's while the digest
matches. Any change to any byte makes it the user's, and so does a re-save by Word, LibreOffice
or an editor with the same text: they drop, move or no longer match the stamp.

The stamp goes where each format allows a comment at its very end:

- docx, pptx: the zip archive's comment, which Office and zip tools ignore and every re-save drops;
- pdf: a comment line after the file's ``%%EOF``, then ``%%EOF`` again (PDF readers look for the
  last one);
- md, html: an HTML comment on the last line (hidden when Markdown or HTML is shown);
- json: a ``"$comment"`` member, last in the top-level object (JSON Schema ignores it).

Further ``name=value`` fields may stand before ``sha256=``, for example a digest of what a render
was made from, to skip a render when nothing changed: ``stamp(data, "docx", {"inputs": ...})``.
The digest covers them, and :func:`read` returns them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from . import patterns as _patterns
from .hashing import sha256

#: The word that starts every stamp.
MARK = b"learnsum-output"
FORMATS = ("docx", "pptx", "pdf", "md", "html", "json", "briefing", "briefing-pdf")

_KIND = {"docx": "zip", "pptx": "zip", "pdf": "pdf", "md": "text", "html": "text",
         "json": "json", "briefing": "zip", "briefing-pdf": "pdf"}
#: What follows the digest, by kind.
_CLOSING = {"zip": b"", "pdf": b"\n%%EOF\n", "text": b" -->\n", "json": b'"\n}\n'}
#: A stamp is short; a file's last bytes are enough to find one.
_TAIL = 4096
_NAME = _patterns.compile(r"[a-z][a-z0-9-]*\Z")
#: Values every format's comment can hold as they are (no quote, space, `-->` or `%`).
_VALUE = _patterns.compile(r"[A-Za-z0-9._:+/=-]+\Z")
_EOCD = b"PK\x05\x06"


def stamp(data: bytes, output_format: str, fields: Mapping[str, str] | None = None) -> bytes:
    """`data` (a complete file of `output_format`) ending in learnsum's stamp."""
    kind = _KIND[output_format]
    words = b"".join(b" " + _field(name, value) for name, value in (fields or {}).items())
    text = MARK + words + b" sha256="
    if kind == "zip":
        end = _end_record(data)
        comment_length = len(text) + 64
        head = data[: end + 20] + comment_length.to_bytes(2, "little") + text
    elif kind == "pdf":
        head = _ending_in_newline(data) + b"%" + text
    elif kind == "text":
        head = _ending_in_newline(data) + b"<!-- " + text
    else:
        body = data.rstrip()
        if not body.endswith(b"}"):
            raise ValueError("not a JSON object")
        body = body[:-1].rstrip()
        head = body + (b"" if body.endswith(b"{") else b",") + b'\n  "$comment": "' + text
    return head + sha256(head).hexdigest().encode() + _CLOSING[kind]


def read(path: Path, output_format: str) -> dict[str, str] | None:
    """The fields of the stamp at the end of the file at `path` (`sha256` among them) when the
    file is exactly as learnsum wrote it; None when it has no stamp or has changed since."""
    closing = _CLOSING[_KIND[output_format]]
    pattern = re.compile(re.escape(MARK) + rb"((?: [a-z][a-z0-9-]*=[A-Za-z0-9._:+/=-]+)*) "
                         rb"sha256=([0-9a-f]{64})" + re.escape(closing) + rb"\Z")
    from .files import UnreadableFile, open_regular_file

    try:
        # Never blocking: a FIFO or device put where an output was is not learnsum's.
        with open_regular_file(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - _TAIL))
            found = pattern.search(handle.read())
            if found is None:
                return None
            covered = size - len(closing) - 64
            handle.seek(0)
            digest = sha256()
            left = covered
            while left > 0:
                chunk = handle.read(min(left, 1024 * 1024))
                if not chunk:
                    return None
                digest.update(chunk)
                left -= len(chunk)
    except (OSError, UnreadableFile):
        return None
    if digest.hexdigest().encode() != found.group(2):
        return None
    fields = dict(word.split("=", 1) for word in found.group(1).decode().split())
    fields["sha256"] = found.group(2).decode()
    return fields


def has_stamp(path: Path) -> bool:
    """Whether the end of the file at `path` holds a stamp at all (valid or not)."""
    from .files import UnreadableFile, open_regular_file

    try:
        with open_regular_file(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - _TAIL))
            return MARK + b" " in handle.read()
    except (OSError, UnreadableFile):
        return False


def _field(name: str, value: str) -> bytes:
    if name == "sha256" or not _NAME.match(name) or not _VALUE.match(value):
        raise ValueError(f"a stamp field cannot be {name}={value!r}")
    return f"{name}={value}".encode()


def _end_record(data: bytes) -> int:
    """Where a zip's end-of-central-directory record starts."""
    end = data.rfind(_EOCD, max(0, len(data) - 22 - 65535))
    if end < 0 or end + 22 + int.from_bytes(data[end + 20: end + 22], "little") != len(data):
        raise ValueError("not a zip package")
    return end


def _ending_in_newline(data: bytes) -> bytes:
    return data if not data or data.endswith(b"\n") else data + b"\n"

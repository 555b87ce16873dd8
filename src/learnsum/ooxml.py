"""Opening Office files (.docx, .pptx) that someone else made, safely.

Word and PowerPoint files are zip packages of XML. Before python-docx or python-pptx (and so
lxml) sees a byte, the package is checked here: its size and number of parts (a zip bomb
expands a few KB into gigabytes), what it really expands to (a zip's directory can lie), and every
XML part for a DOCTYPE or ENTITY declaration, which Office never writes and which external-entity
and billion-laughs attacks rely on. The importer, `--reference-docx` and `--reference-pptx` all
use it.
"""

from __future__ import annotations

import io
import re
import zipfile

#: Far above any learning summary or partnership template, far below what would hurt.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DANGEROUS_XML = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)

#: The part that makes a package a Word document or a PowerPoint deck.
MAIN_PARTS = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
KIND_NAMES = {"docx": "Word .docx", "pptx": "PowerPoint .pptx"}


class UnsafePackage(ValueError):
    """The file is not a package of the expected kind, or could harm the reader."""


def check_package(data: bytes, kind: str = "docx") -> None:
    """Refuse `data` unless it is a harmless package of `kind` ("docx" or "pptx")."""
    name = KIND_NAMES[kind]
    if len(data) > MAX_FILE_BYTES:
        raise UnsafePackage(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                            "a learning summary or template is far smaller")
    if data.startswith(_OLE_MAGIC):
        old = {"docx": ".doc", "pptx": ".ppt"}[kind]
        raise UnsafePackage(f"this is an old-style {old} or a password-protected Office file; "
                            f"open it and save it as {name} (without a password)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnsafePackage(f"not a {name} file (it is not a zip package)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafePackage(f"the package holds {len(members)} parts (more than "
                                f"{MAX_MEMBERS}); refusing it as a possible zip bomb")
        total = sum(member.file_size for member in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnsafePackage(
                f"the package would expand to {total // (1024 * 1024)} MB (more than "
                f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB); refusing it as a possible zip bomb")
        names = {member.filename for member in members}
        main = MAIN_PARTS[kind]
        if "[Content_Types].xml" not in names or main not in names:
            raise UnsafePackage(f"not a {name} file (a zip, but without {main})")
        read = 0
        for member in members:
            if member.is_dir():
                continue
            try:
                with archive.open(member) as stream:
                    # Read no more than the cap even if the directory lied about the size.
                    content = stream.read(MAX_UNCOMPRESSED_BYTES - read + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError,
                    ValueError) as error:
                raise UnsafePackage(f"the package is damaged or encrypted "
                                    f"({member.filename}: {error})") from None
            read += len(content)
            if read > MAX_UNCOMPRESSED_BYTES:
                raise UnsafePackage(f"the package expands to more than "
                                    f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB; refusing it "
                                    "as a possible zip bomb")
            # Only XML is parsed; images and printer settings are never read as XML.
            if member.filename.lower().endswith((".xml", ".rels")) and _declares_entities(content):
                raise UnsafePackage(f"{member.filename} declares a DOCTYPE or XML entities, "
                                    "which Office never writes; refusing it (external entities "
                                    "are never resolved)")


def read_package(path: object, kind: str) -> bytes:
    """The bytes of the package at `path`, checked; UnsafePackage (one line) otherwise."""
    from pathlib import Path

    from .files import UnreadableFile, read_regular_file

    try:
        data = read_regular_file(Path(str(path)), MAX_FILE_BYTES)
    except UnreadableFile as error:
        raise UnsafePackage(str(error)) from None
    check_package(data, kind)
    return data


def _declares_entities(content: bytes) -> bool:
    if _DANGEROUS_XML.search(content):
        return True
    # The same declaration in UTF-16 would slip past a byte search.
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(content) > 1 and b"\x00" in content[:4]):
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            if re.search(r"<!\s*(?:DOCTYPE|ENTITY)", text, re.IGNORECASE):
                return True
    return False

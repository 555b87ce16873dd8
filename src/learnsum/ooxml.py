"""Opening Office files (.docx, .pptx) that someone else made, safely.

Word and PowerPoint files are zip packages of XML. Before python-docx or python-pptx (and so
lxml) sees a byte, the package is checked here: its size, the size of its table of contents and
its number of parts (a zip bomb expands a few KB into gigabytes), what it really expands to (a
zip's directory can lie), and every XML part for a DOCTYPE or ENTITY declaration, which Office
never writes and which external-entity and billion-laughs attacks rely on. The importer,
`--reference-docx` and `--reference-pptx` all use it. :func:`read_zip_member` reads one part of a
package with a cap (the check of an existing output before it is replaced uses it).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import BinaryIO

#: Far above any learning summary or partnership template, far below what would hurt.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
#: Tags (each `<`) in all the XML parts together: lxml builds every part python-docx or
#: python-pptx loads, at some 100 bytes an element, so 50 MB of `<x/>` would take over a GB. A
#: form or a partnership's template holds a few tens of thousands.
MAX_XML_TAGS = 600_000
#: The zip's table of contents (its central directory), which zipfile reads whole before any
#: check can run: Office writes well under 200 bytes a part, so 2000 parts take under 400 KB.
MAX_DIRECTORY_BYTES = 2 * 1024 * 1024
#: One small part read from a package learnsum may have written (docProps/core.xml is under
#: 1 KB), when it inspects an existing output before replacing it.
MAX_INSPECTED_PART_BYTES = 1024 * 1024

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
    check_directory(io.BytesIO(data))
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
                f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB); refusing it as a possible zip "
                "bomb")
        names = {member.filename for member in members}
        main = MAIN_PARTS[kind]
        if "[Content_Types].xml" not in names or main not in names:
            raise UnsafePackage(f"not a {name} file (a zip, but without {main})")
        read = tags = 0
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
            if not member.filename.lower().endswith((".xml", ".rels")):
                continue
            if _declares_entities(content):
                raise UnsafePackage(f"{member.filename} declares a DOCTYPE or XML entities, "
                                    "which Office never writes; refusing it (external entities "
                                    "are never resolved)")
            tags += content.count(b"<")
            if tags > MAX_XML_TAGS:
                raise UnsafePackage(f"the package's XML holds more than {MAX_XML_TAGS:,} tags "
                                    f"(at {member.filename}); a form or template holds a few "
                                    "tens of thousands, so refusing it as a possible XML bomb")


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


_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END_OF_DIRECTORY = struct.Struct("<4sQ2H2L4Q")


def check_directory(handle: BinaryIO) -> None:
    """Refuse a zip whose central directory is larger than :data:`MAX_DIRECTORY_BYTES`, reading
    only its end records (the places zipfile looks), before zipfile reads the directory whole:
    a few MB of directory entries would otherwise become a million objects. A file that is not a
    zip passes (zipfile itself says so). The handle is left at its start."""
    try:
        directory = _directory_size(handle)
    finally:
        handle.seek(0)
    if directory > MAX_DIRECTORY_BYTES:
        raise UnsafePackage(f"the package's table of contents is {directory / 1048576:.1f} MB "
                            f"(more than {MAX_DIRECTORY_BYTES // 1048576} MB); refusing it as a "
                            "possible zip bomb")


def _directory_size(handle: BinaryIO) -> int:
    """The central directory's size as the end records declare it (0 when there are none); with
    a zip64 record too, the larger of the two."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    if size < _END_OF_DIRECTORY.size:
        return 0
    handle.seek(size - _END_OF_DIRECTORY.size)
    record = handle.read(_END_OF_DIRECTORY.size)
    position = size - _END_OF_DIRECTORY.size
    if record[:4] != b"PK\x05\x06" or record[-2:] != b"\x00\x00":
        # A comment follows the record: zipfile takes the last signature in the last 64 KB.
        start = max(size - 65536 - _END_OF_DIRECTORY.size, 0)
        handle.seek(start)
        block = handle.read()
        found = block.rfind(b"PK\x05\x06")
        if found < 0 or len(block) - found < _END_OF_DIRECTORY.size:
            return 0
        record = block[found:found + _END_OF_DIRECTORY.size]
        position = start + found
    directory: int = _END_OF_DIRECTORY.unpack(record)[5]
    if position >= _ZIP64_LOCATOR.size + _ZIP64_END_OF_DIRECTORY.size:
        handle.seek(position - _ZIP64_LOCATOR.size)
        if handle.read(4) == b"PK\x06\x07":
            handle.seek(position - _ZIP64_LOCATOR.size - _ZIP64_END_OF_DIRECTORY.size)
            zip64 = handle.read(_ZIP64_END_OF_DIRECTORY.size)
            if zip64[:4] == b"PK\x06\x06":
                # signature, record size, 2 versions, 2 disk numbers, 2 counts, size, offset
                directory = max(directory, _ZIP64_END_OF_DIRECTORY.unpack(zip64)[8])
    return directory


def read_zip_member(handle: BinaryIO, name: str, limit: int = MAX_INSPECTED_PART_BYTES
                    ) -> bytes | None:
    """The uncompressed bytes of the part `name` of the zip open in `handle`, or None when the
    zip has no such part.

    Reads at most `limit` bytes whatever the zip claims: UnsafePackage when its directory is too
    large, the part's declared or actual size is over `limit`, or it cannot be read (damaged,
    encrypted). zipfile.BadZipFile when `handle` is not a zip."""
    check_directory(handle)
    with zipfile.ZipFile(handle) as archive:
        try:
            info = archive.getinfo(name)
        except KeyError:
            return None
        if info.file_size > limit:
            raise UnsafePackage(f"{name} would expand to {info.file_size // 1024} KB (more than "
                                f"{limit // 1024} KB)")
        try:
            with archive.open(info) as stream:
                content = stream.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError,
                ValueError) as error:
            raise UnsafePackage(f"{name} cannot be read ({error})") from None
    if len(content) > limit:
        raise UnsafePackage(f"{name} expands to more than {limit // 1024} KB")
    return content


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

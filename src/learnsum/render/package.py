"""Byte-stable Office packages: the one writer of every .docx and .pptx learnsum makes.

A package is a zip archive. Its bytes are the same on every run for the same content: the entries
are written in the order given, each dated the summary's completion date at midnight (the tools
that build packages stamp the time of saving), with fixed permissions, compressed with zlib at
level 6 (`zipfile`'s default), in the plain records `zipfile` writes for small files (no zip64,
no extra fields). Documents rendered by earlier versions of learnsum keep their exact bytes.

An entry may be compressed beforehand (:func:`deflate`), so that a part that is the same for
every summary of a run is compressed once: the Word renderer's prepared template keeps the
styles, theme and headers compressed, which `zipfile` cannot take (see docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Iterable

from ..records import record

#: The zip compression method "deflated" (`zipfile.ZIP_DEFLATED`, without importing `zipfile`).
ZIP_DEFLATED = 8

#: zlib level of every entry: `zipfile`'s default, which earlier versions of learnsum wrote with,
#: so documents rendered before keep their exact bytes.
LEVEL = 6

#: Unix permissions in the entries' external attributes, as each format has always been written
#: (Word documents rw-------, decks rw-r--r--): changing them would change every file's bytes.
DOCX_PERMISSIONS = 0o600
PPTX_PERMISSIONS = 0o644


@record(frozen=True, slots=True)
class Deflated:
    """One entry's data, compressed: its CRC-32, its size before compression and the raw
    deflate stream."""

    crc: int
    size: int
    data: bytes


def deflate(blob: bytes, level: int = LEVEL) -> Deflated:
    """`blob` compressed as a zip entry (raw deflate)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Deflated(zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush())


def write_package(entries: Iterable[tuple[str, bytes | Deflated]], day: dt.date,
                  permissions: int) -> bytes:
    """The zip archive of `entries` (name and data, plain or already compressed), in their
    order, every one dated `day` at midnight and given `permissions`."""
    date = (min(max(day.year, 1980), 2107) - 1980) << 9 | day.month << 5 | day.day
    attributes = permissions << 16
    output = bytearray()
    directory = bytearray()
    count = 0
    for name, data in entries:
        entry = data if isinstance(data, Deflated) else deflate(data)
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800  # the zip flag for UTF-8 names
        offset = len(output)
        output += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, ZIP_DEFLATED, 0, date,
                              entry.crc, len(entry.data), entry.size, len(raw), 0)
        output += raw
        output += entry.data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags,
                                 ZIP_DEFLATED, 0, date, entry.crc, len(entry.data),
                                 entry.size, len(raw), 0, 0, 0, 0, attributes, offset)
        directory += raw
        count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory),
                      len(output), 0)
    return bytes(output + directory + end)


__all__ = ["DOCX_PERMISSIONS", "Deflated", "LEVEL", "PPTX_PERMISSIONS", "deflate",
           "write_package"]

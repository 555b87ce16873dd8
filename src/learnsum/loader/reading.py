"""Reading a file's text safely: a regular file of sensible size, UTF-8, line breaks as \\n."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from .document import LoadFailure

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from pathlib import Path

#: Far above any real summary (the seed is 6 KB), far below what would make a check slow.
MAX_FILE_BYTES = 2 * 1024 * 1024


def read_text(path: Path) -> str | LoadFailure:
    """The file's text, or why it is not a readable UTF-8 text file of sensible size."""
    from ..files import FileTooLarge, UnreadableFile, read_regular_file

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileTooLarge as error:
        return LoadFailure("too-large", f"{error}; a learning summary is never that large")
    except UnreadableFile as error:
        return LoadFailure("unreadable", str(error))
    return decode_text(raw)


def read_stream(stream: BinaryIO) -> str | LoadFailure:
    """The text of a stream (standard input), within the same limits as a file's: at most
    MAX_FILE_BYTES are read, so an endless pipe is refused rather than read into memory."""
    try:
        raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return LoadFailure("unreadable", f"standard input cannot be read: "
                           f"{error.strerror or error}")
    if len(raw) > MAX_FILE_BYTES:
        return LoadFailure("too-large", f"the input is larger than {MAX_FILE_BYTES // 1024 // 1024}"
                           " MB, the most learnsum reads here; a learning summary is never that "
                           "large")
    return decode_text(raw)


def decode_text(raw: bytes) -> str | LoadFailure:
    """Bytes read from a file or a stream as text, or why they are not UTF-8 YAML text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return LoadFailure("encoding", "the file is UTF-16 text; save it as UTF-8 "
                           "(Word and Notepad call it 'UTF-8')")
    if b"\x00" in raw:
        # Found before decoding: a binary file need not be UTF-8 at all.
        return _binary(normalise_breaks(raw.decode("utf-8", "replace")))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return LoadFailure(
            "encoding",
            f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(Word and Notepad call it 'UTF-8')",
            line,
            column,
        )
    return normalise_breaks(text)


def text_failure(text: str) -> LoadFailure | None:
    """Why text already decoded (an editor's buffer) is not YAML text, as `decode_text` says it
    of the same bytes: the same rule at the same place."""
    return _binary(text) if "\x00" in text else None


def _binary(text: str) -> LoadFailure:
    """A NUL character: the file is binary (or damaged); reported where the first NUL is."""
    index = text.index("\x00")
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return LoadFailure("not-text", "this is a binary file, not YAML text", line, column)


def normalise_breaks(text: str) -> str:
    """Line breaks as \\n only: \\r\\n (Windows) and a lone \\r (old Macs) are breaks to every
    editor, so they are made \\n, and every line and column counts lines as editors do."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")

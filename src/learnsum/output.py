"""Writing outputs without ever losing what a user wrote.

Every file learnsum writes goes through :func:`write_atomically`: it refuses to write over a
YAML file or any of the inputs, writes to a temporary file in the same folder and renames it into
place, so an interrupted render leaves the previous output whole. Outputs whose bytes are
unchanged are not touched, so a pre-commit hook that re-renders sees no change.
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

PROTECTED_SUFFIXES = (".yaml", ".yml")

#: How learnsum marks what it writes, so that a later render replaces only its own outputs:
#: a comment at the top of Markdown and HTML, `lastModifiedBy` in Word and PowerPoint files,
#: the keywords of a PDF (LibreOffice carries them over from the Word file).
GENERATOR = "learnsum"
GENERATOR_COMMENT = "<!-- generator: learnsum (edit the YAML summary, not this file) -->"
_TEXT_MARKS = (GENERATOR_COMMENT.split(" (")[0].encode(), b'<meta name="generator" content="learnsum')
_PDF_MARKS = (b"learnsum", "".join(f"{ord(c):04X}" for c in "\ufefflearnsum").encode())


def mark_generated(text: str) -> str:
    """Text output with learnsum's mark at the top (added when a template left it out)."""
    head = text[:4096].encode("utf-8", "replace")
    if any(mark in head for mark in _TEXT_MARKS):
        return text
    return GENERATOR_COMMENT + "\n" + text


def made_by_learnsum(path: Path) -> bool:
    """Whether the existing file at `path` carries learnsum's mark."""
    from .files import UnreadableFile, open_regular_file
    from .ooxml import UnsafePackage, read_zip_member

    try:
        # Opened once, never blocking (a FIFO put here meanwhile is refused); the package's
        # properties are read with a cap, so a zip that inflates them is simply not learnsum's.
        with open_regular_file(path) as handle:
            if zipfile.is_zipfile(handle):
                core = read_zip_member(handle, "docProps/core.xml") or b""
                return f">{GENERATOR}<".encode() in core
            handle.seek(0)
            head = handle.read(8192)
            if head.startswith(b"%PDF"):
                handle.seek(0)
                whole = handle.read(64 * 1024 * 1024)
                return any(mark in whole for mark in _PDF_MARKS)
        return any(mark in head for mark in _TEXT_MARKS)
    except (OSError, zipfile.BadZipFile, KeyError, UnreadableFile, UnsafePackage):
        return False


class OutputError(Exception):
    """An output cannot or must not be written; the message names the path and why."""


def check_output_path(path: Path, inputs: Iterable[Path] = (), *,
                      only_replace_own: bool = False) -> None:
    """Refuse what must never be written over; with `only_replace_own`, also any existing file
    that learnsum did not make (a Word original beside its imported summary, an author's deck)."""
    if path.suffix.lower() in PROTECTED_SUFFIXES:
        if path.exists():
            raise OutputError(f"{path}: refusing to write over a YAML file (a summary or "
                              "configuration)")
        raise OutputError(f"{path}: refusing to write a .yaml file: only summaries and "
                          "configuration are YAML, and learnsum never writes those as output")
    resolved = path.resolve()
    for source in inputs:
        if source.resolve() == resolved:
            raise OutputError(f"{path}: refusing to write over an input file")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise OutputError(f"{path}: is not a regular file (a pipe, socket or device); "
                          "learnsum writes only ordinary files")
    if only_replace_own and not made_by_learnsum(path):
        raise OutputError(f"{path}: already exists and was not made by learnsum; "
                          "move it away, or use --force to replace it")


def write_atomically(path: Path, data: bytes, inputs: Iterable[Path] = (), *,
                     only_replace_own: bool = False) -> bool:
    """Write `data` to `path` safely; return False when the file already held exactly that."""
    check_output_path(path, inputs, only_replace_own=only_replace_own)
    from .files import UnreadableFile, read_regular_file

    try:
        if path.is_file() and path.stat().st_size == len(data) and \
                read_regular_file(path, len(data)) == data:
            return False
    except (OSError, UnreadableFile):
        pass
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mode = 0o644
        if path.exists():
            mode = path.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    return True

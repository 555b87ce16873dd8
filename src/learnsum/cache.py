"""The cache folder: what learnsum keeps between runs to start faster (the prepared Word
template, compiled regular expressions). Nothing in it is needed: a missing, unreadable,
damaged or unwritable file or folder only means a slower run, never an error.

Files are written whole or not at all (a file of their own, then renamed), and each carries the
CRC-32 of its content in its first four bytes: a file damaged on disk is not read."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["folder", "prune", "read_checked", "write_checked"]


def folder() -> Path:
    """``$LEARNSUM_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/learnsum`` (an absolute
    ``$XDG_CACHE_HOME`` only), else ``~/.cache/learnsum``."""
    chosen = os.environ.get("LEARNSUM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "learnsum"
    return Path.home() / ".cache" / "learnsum"


def read_checked(path: Path, most: int) -> bytes | None:
    """The content of `path` written by :func:`write_checked`; None when it is missing,
    unreadable, larger than `most` bytes or does not match its checksum."""
    import zlib

    try:
        with open(path, "rb") as stream:
            blob = stream.read(most + 5)
    except (OSError, ValueError):
        return None
    body = blob[4:]
    if len(blob) < 4 or len(body) > most or zlib.crc32(body) != int.from_bytes(blob[:4], "big"):
        return None
    return body


def write_checked(path: Path, body: bytes) -> bool:
    """Write `body` to `path` with its checksum, so that a reader sees the whole file or none;
    False when it cannot be written (a read-only or missing home, a full disk)."""
    import zlib

    from .temporary import new_temporary

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = new_temporary(path.parent, f".{path.name}.", ".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(zlib.crc32(body).to_bytes(4, "big"))
                stream.write(body)
            os.replace(temporary, path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        return False
    return True


def prune(pattern: str, keep: int) -> None:
    """Remove all but the `keep` most recently written files of the folder matching `pattern`
    (the kept Word templates of earlier versions and settings)."""
    try:
        found = sorted(folder().glob(pattern), key=_written, reverse=True)
    except OSError:
        return
    for path in found[keep:]:
        try:
            path.unlink()
        except OSError:
            pass


def _written(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0

"""The cache folder: what learnsum keeps between runs to start faster (the prepared Word
template, compiled regular expressions). Nothing in it is needed: a missing, unreadable,
damaged or unwritable file or folder only means a slower run, never an error.

Files are JSON (parsed in time and memory bounded by their size, whatever they hold), written
whole or not at all (a file of their own, then renamed), and carry the CRC-32 of their content
in front: a file damaged on disk is not read. Only regular files are read (never a FIFO or a
device, which could block), and only up to a size. The folder and its files are used only when
they belong to the user running learnsum and no one else may write to them (a folder another
user made, in a shared place such as /tmp, is left alone): what is kept is trusted as the
user's own, as Python trusts its ``__pycache__``."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

__all__ = ["folder", "make_folder", "prune", "read_checked", "write_checked"]


def folder() -> Path:
    """``$LEARNSUM_CACHE_DIR`` when set (a relative one from the current folder), else
    ``$XDG_CACHE_HOME/learnsum`` (an absolute ``$XDG_CACHE_HOME`` only), else
    ``~/.cache/learnsum``."""
    chosen = os.environ.get("LEARNSUM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "learnsum"
    return Path.home() / ".cache" / "learnsum"


def make_folder() -> Path | None:
    """The cache folder, made (private to the user) when missing; None when it cannot be, or
    when it would be in a home folder that does not exist (it is not made for that)."""
    where = folder()
    chosen = os.environ.get("LEARNSUM_CACHE_DIR") or os.path.isabs(
        os.environ.get("XDG_CACHE_HOME") or "")
    if not chosen:
        home = os.environ.get("HOME") or ""
        if not os.path.isabs(home) or home.strip("/") == "" or not os.path.isdir(home):
            return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.stat(where)
        own_folder = not os.environ.get("LEARNSUM_CACHE_DIR")  # .../learnsum, not the user's
        if own_folder and hasattr(os, "geteuid") and found.st_uid == os.geteuid() and \
                found.st_mode & 0o022:
            # learnsum's own folder, made group-writable by an earlier version under a umask
            # of 002: made private, as it is made now.
            os.chmod(where, 0o700)
            found = os.stat(where)
        if not _private(found):
            return None
    except (OSError, ValueError):
        return None
    return where if os.access(where, os.W_OK | os.X_OK) else None


def _private(found: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and no one else may write to it."""
    if not hasattr(os, "geteuid"):
        return True
    return found.st_uid == os.geteuid() and not found.st_mode & 0o022


def read_checked(path: Path, most: int) -> Any:
    """The JSON value kept in `path` by :func:`write_checked`; None when it is missing, not a
    regular file, unreadable, larger than `most` bytes, does not match its checksum or is not
    JSON."""
    import json
    import zlib

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or not _private(found) or \
                not _private(os.stat(path.parent)):
            return None
        blob = os.read(descriptor, most + 5)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    body = blob[4:]
    if len(blob) < 4 or len(body) > most or zlib.crc32(body) != int.from_bytes(blob[:4], "big"):
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def write_checked(path: Path, value: Any, most: int | None = None) -> bool:
    """Keep `value` in `path` as JSON with its checksum, so that a reader sees the whole file
    or none; False when it cannot be written (a read-only or missing home, a full disk) or
    would be larger than `most` bytes."""
    import json
    import zlib

    from .temporary import new_temporary

    try:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if most is not None and len(body) > most:
            return False
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
    except (OSError, ValueError, TypeError, RecursionError):
        return False
    return True


def prune(own: Any, keep: int) -> None:
    """Remove all but the `keep` most recently written files of the folder whose names `own`
    (a compiled pattern) matches whole: learnsum's own files of one kind, never another's; and
    such a file's temporary files older than a day (left by a process that was killed)."""
    import re
    import time

    left = re.compile(rf"\.(?:{own.pattern})\.[0-9a-f]{{12}}\.tmp")
    try:
        names = list(folder().iterdir())
    except OSError:
        return
    newest_first = sorted((path for path in names if own.fullmatch(path.name)), key=_written,
                          reverse=True)
    stale = time.time_ns() - 24 * 3600 * 10**9
    removed = newest_first[keep:] + [path for path in names
                                     if left.fullmatch(path.name) and _written(path) < stale]
    for path in removed:
        try:
            path.unlink()
        except OSError:
            pass


def _written(path: Path) -> int:
    try:
        return path.lstat().st_mtime_ns
    except OSError:
        return 0

"""Writing outputs without ever losing what a user wrote.

Every file learnsum writes goes through :func:`write_atomically`: it refuses to write over a
YAML file or any of the inputs, writes to a temporary file in the same folder and renames it into
place, so an interrupted render leaves the previous output whole (and no temporary file). Outputs
whose bytes are unchanged are not touched, so a pre-commit hook that re-renders sees no change.

What render, report and schema make goes through :func:`write_output`, which ends the file with
learnsum's stamp (:mod:`learnsum.stamp`) and replaces an existing file only while it is exactly
what learnsum wrote: a file someone edited, or saved again from Word or LibreOffice, is theirs.
:func:`create_file` makes a new file that must not replace anything (`learnsum new`).
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from . import stamp
from .display import display_name
from .errors import LearnsumError
from .files import broken_link, file_identity
from .temporary import new_temporary

PROTECTED_SUFFIXES = (".yaml", ".yml")

#: The temporary files this process has made and not yet renamed or removed: an interruption
#: that lands between two statements of the code below still has them removed (remove_temporaries).
_LIVE: set[str] = set()
_STOPPING = {signal.SIGINT, signal.SIGTERM}

#: learnsum's name in what it writes: a comment at the top of Markdown and HTML,
#: `lastModifiedBy` and the keywords of Word files (LibreOffice carries the keywords into a PDF).
#: These only say who made a file; whether it is still learnsum's to replace is the stamp's to say.
GENERATOR = "learnsum"
GENERATOR_COMMENT = "<!-- generator: learnsum (edit the YAML summary, not this file) -->"
_TEXT_MARKS = (GENERATOR_COMMENT.split(" (")[0].encode(),
               b'<meta name="generator" content="learnsum')
_PDF_MARKS = (b"/Keywords(learnsum)",
              b"/Keywords<" + "".join(f"{ord(c):04X}" for c in "\ufefflearnsum").encode() + b">")


def mark_generated(text: str) -> str:
    """Text output with learnsum's mark at the top (added when a template left it out)."""
    head = text[:4096].encode("utf-8", "replace")
    if any(mark in head for mark in _TEXT_MARKS):
        return text
    return GENERATOR_COMMENT + "\n" + text


def is_learnsums(path: Path, output_format: str, unstamped: bytes | None = None) -> bool:
    """Whether the existing file at `path` is learnsum's output exactly as it was written: its
    stamp matches. A file from before outputs were stamped counts only when it holds exactly
    `unstamped` (what is about to be written, less the stamp), so replacing it loses nothing."""
    if stamp.read(path, output_format) is not None:
        return True
    if unstamped is None:
        return False
    from .files import UnreadableFile, read_regular_file

    try:
        return path.stat().st_size == len(unstamped) and \
            read_regular_file(path, len(unstamped)) == unstamped
    except (OSError, UnreadableFile):
        return False


def _carries_mark(path: Path) -> bool:
    """Whether the file at `path` shows that learnsum once made it (a stamp that no longer
    matches, or the generator's name where learnsum puts it): only to word a refusal."""
    if stamp.has_stamp(path):
        return True
    import zipfile

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
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, ValueError, UnreadableFile,
            UnsafePackage):
        return False


class OutputError(LearnsumError):
    """An output cannot or must not be written; the message names the path and why."""


def check_output_path(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse what must never be written over: a YAML file, an input, a folder, a pipe."""
    shown = display_name(path)
    if path.suffix.lower() in PROTECTED_SUFFIXES:
        if path.exists():
            raise OutputError(f"{shown}: refusing to write over a YAML file (a summary or "
                              "configuration)")
        raise OutputError(f"{shown}: refusing to write a .yaml file: only summaries and "
                          "configuration are YAML, and learnsum never writes those as output")
    resolved = file_identity(path)
    for source in inputs:
        if file_identity(source) == resolved:
            raise OutputError(f"{shown}: refusing to write over an input file")
    if path.is_dir():
        raise OutputError(f"{shown}: is a folder; give a file name")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        broken = broken_link(path)
        if broken is not None:
            raise OutputError(f"{shown}: is {broken}; remove it, or choose "
                              "another output") from None
        return
    if not stat.S_ISREG(mode):
        raise OutputError(f"{shown}: is not a regular file (a pipe, socket or device); "
                          "learnsum writes only ordinary files")


def check_replaceable(path: Path, output_format: str, unstamped: bytes | None = None) -> None:
    """Refuse to replace an existing file at `path` unless it is learnsum's output exactly as it
    was written (see :func:`is_learnsums`); the message says which case it is."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return  # nothing there; what is not a regular file check_output_path refuses
    except OSError:
        return
    if is_learnsums(path, output_format, unstamped):
        return
    if _carries_mark(path):
        raise OutputError(f"{display_name(path)}: was changed since learnsum wrote it (edited, "
                          "or saved again by another program), so it is kept; move it away, or "
                          "use --force to replace it")
    raise OutputError(f"{display_name(path)}: already exists and was not made by learnsum; "
                      "move it away, or use --force to replace it")


def write_output(path: Path, data: bytes, output_format: str, inputs: Iterable[Path] = (), *,
                 force: bool = False, fields: Mapping[str, str] | None = None) -> bool:
    """Write learnsum's output `data` (of `output_format`, see :data:`stamp.FORMATS`) to `path`,
    stamped (with `fields` besides the digest). An existing file is replaced only while it is
    learnsum's, untouched, or with `force`. False when the file already held exactly that."""
    check_output_path(path, inputs)
    if not force:
        check_replaceable(path, output_format, data)
    return write_atomically(path, stamp.stamp(data, output_format, fields), inputs)


def write_atomically(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> bool:
    """Write `data` to `path` safely; return False when the file already held exactly that."""
    check_output_path(path, inputs)
    from .files import UnreadableFile, read_regular_file

    try:
        if path.is_file() and path.stat().st_size == len(data) and \
                read_regular_file(path, len(data)) == data:
            return False
    except (OSError, UnreadableFile):
        pass
    mode = None
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        pass
    temporary = _complete_copy(path, data, mode)
    with _removed_on_failure(temporary, path):
        os.replace(temporary, path)
    _LIVE.discard(temporary)
    return True


def create_file(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, never replacing a file (FileExistsError, even when one
    appeared a moment ago). The file appears whole or not at all: a full disk or an interruption
    leaves neither a truncated file nor a temporary one, so trying again works."""
    temporary = _complete_copy(path, data, None, sync=True)
    with _removed_on_failure(temporary, path):
        try:
            # A hard link creates the name only if it is free, atomically.
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            # A file system without hard links: check, then rename.
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    _remove(temporary)


def _complete_copy(path: Path, data: bytes, mode: int | None, *, sync: bool = False) -> str:
    """A temporary file beside `path` holding all of `data`, with `mode` (default: what a new
    file gets); removed again when anything fails, including an interruption."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = _new_temporary(folder, path.name)
    except OSError as error:
        blocking = _not_a_folder(folder)
        reason = (f"{display_name(blocking)} is a file, not a folder" if blocking is not None
                  else error.strerror or error)
        raise OutputError(f"{display_name(path)}: cannot write here: {reason}") from None
    with _removed_on_failure(temporary, path):
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            if sync:
                os.fsync(handle)
        finally:
            os.close(handle)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
    return temporary


def _not_a_folder(folder: Path) -> Path | None:
    """The nearest of `folder` and the folders above it that exists, when it is not a folder
    (`-o notes.txt/x.md`): what stops the output's folder from being made."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate):
            return None if candidate.is_dir() else candidate
    return None


def _new_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside `name`, known to remove_temporaries() before a signal can
    interrupt: Ctrl-C and SIGTERM wait the few microseconds this takes."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING) \
        if hasattr(signal, "pthread_sigmask") else None
    try:
        handle, temporary = new_temporary(folder, f".{name}.", ".tmp")
        _LIVE.add(temporary)
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return handle, temporary


def remove_temporaries() -> None:
    """Remove every temporary file still live (an interrupted run, on its way out)."""
    for temporary in list(_LIVE):
        _remove(temporary)


@contextmanager
def _removed_on_failure(temporary: str, path: Path) -> Iterator[None]:
    """Remove `temporary` when anything fails (an interruption included), and say an OS error
    as one line about `path`; FileExistsError is left for the caller to word."""
    try:
        yield
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError) and not isinstance(error, FileExistsError):
            raise OutputError(f"{display_name(path)}: cannot write: "
                              f"{error.strerror or error}") from None
        raise


def _remove(path: str) -> None:
    _LIVE.discard(path)
    try:
        os.unlink(path)
    except OSError:
        pass

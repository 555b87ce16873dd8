"""Writing outputs without ever losing what a user wrote.

Every file learnsum writes goes through :func:`write_atomically`: it refuses to write over a
YAML file or any of the inputs, writes to a temporary file in the same folder and renames it into
place, so an interrupted render leaves the previous output whole. Outputs whose bytes are
unchanged are not touched, so a pre-commit hook that re-renders sees no change.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

PROTECTED_SUFFIXES = (".yaml", ".yml")


class OutputError(Exception):
    """An output cannot or must not be written; the message names the path and why."""


def check_output_path(path: Path, inputs: Iterable[Path] = ()) -> None:
    if path.suffix.lower() in PROTECTED_SUFFIXES:
        raise OutputError(f"{path}: refusing to write over a YAML file (a summary or configuration)")
    resolved = path.resolve()
    for source in inputs:
        if source.resolve() == resolved:
            raise OutputError(f"{path}: refusing to write over an input file")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")


def write_atomically(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> bool:
    """Write `data` to `path` safely; return False when the file already held exactly that."""
    check_output_path(path, inputs)
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
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

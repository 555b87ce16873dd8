"""A new temporary file beside the one it will replace, without importing ``tempfile`` (which
brings ``shutil``, ``random`` and the compression modules with it: a few ms of every start).

Written as its own module, importing nothing of learnsum, so that both the output writer and the
cache folder use it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

__all__ = ["new_temporary"]

#: How a new temporary file is opened: created here or not at all, never through a symbolic
#: link, and (as every descriptor Python opens) not inherited by child processes.
_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_BINARY", 0))
#: How many names new_temporary tries before giving up (as tempfile.mkstemp).
_ATTEMPTS = 10000


def new_temporary(folder: Path | str, prefix: str, suffix: str) -> tuple[int, str]:
    """A new, empty file in `folder` that no one else can read (mode 0o600), opened for
    reading and writing: its descriptor and absolute path. As tempfile.mkstemp, without
    importing the tempfile module: its name is `prefix`, random letters and `suffix`."""
    for _ in range(_ATTEMPTS):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            handle = os.open(name, _FLAGS, 0o600)
        except FileExistsError:
            continue
        except PermissionError:
            # Windows refuses to open a name held by a folder or a file being deleted.
            if os.name == "nt" and os.path.isdir(folder) and os.access(folder, os.W_OK):
                continue
            raise
        return handle, os.path.abspath(name)
    raise FileExistsError(errno.EEXIST, "No usable temporary file name found")

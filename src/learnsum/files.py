"""Finding the summaries a command should work on."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .records import record

if TYPE_CHECKING:
    import jinja2

from .display import display_name
from .errors import LearnsumError

YAML_SUFFIXES = (".yaml", ".yml")
#: Folders a reviews repository may hold that never contain summaries.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


@record(frozen=True)
class Target:
    path: Path
    #: Found by walking a folder (so a YAML that is not a summary is skipped, not an error).
    discovered: bool
    #: Why a file found by walking a folder is skipped unread: a symbolic link that leads
    #: nowhere (its target is missing, or it loops). Reported as a `broken-link` warning.
    broken: str | None = None


def summary_files(paths: Iterable[Path]) -> Iterator[Target]:
    """Files named, and every *.yaml/*.yml below folders named (dot-files and dot-folders
    skipped, as they hold tool configuration such as .pre-commit-config.yaml)."""
    seen: set[Path] = set()
    for path in paths:
        if is_folder(path):
            # Each folder of the walk is resolved once: a file in it that is not a symbolic
            # link is the resolved folder and its name (what resolving the file would give).
            folders: dict[Path, Path] = {}
            for found in _walk(path):
                broken = broken_link(found)
                if broken is not None:
                    yield Target(found, True, broken)
                    continue
                if os.path.islink(found):
                    key = file_identity(found)
                else:
                    folder = folders.get(found.parent)
                    if folder is None:
                        folder = folders[found.parent] = file_identity(found.parent)
                    key = folder / found.name
                if key not in seen:
                    seen.add(key)
                    yield Target(found, True)
        else:
            key = file_identity(path)
            if key not in seen:
                seen.add(key)
                yield Target(path, False)


def file_identity(path: Path) -> Path:
    """The file a path leads to, so that one file named twice is checked once; a path that
    cannot be resolved (a link that loops) is its own identity."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
        return Path(os.path.abspath(path))


def is_folder(path: Path) -> bool:
    """`path.is_dir()`, False for a path the system refuses to look up (a name longer than the
    file system allows), which Path.is_dir raises on."""
    try:
        return path.is_dir()
    except OSError:
        return False


def broken_link(path: Path) -> str | None:
    """Why `path` is a symbolic link that leads to no file (it loops, or its target is
    missing), in words; None for anything else."""
    if not os.path.islink(path):
        return None
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself, so it leads to no file"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            try:
                target = display_name(os.readlink(path))
            except OSError:
                return "a symbolic link whose target does not exist"
            return f"a symbolic link to '{target}', which does not exist"
        return None
    return None


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(YAML_SUFFIXES):
                continue
            # Whatever it is (a broken link, a pipe), a *.yaml name says it was meant to be a
            # summary; reading refuses what is not an ordinary file, in one line, without waiting.
            yield Path(root) / name


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when below it (links
    are not followed, so a file is named as it appears in its folder), made safe to show with
    :func:`display_name`."""
    try:
        shown = str(Path(os.path.abspath(path)).relative_to(os.path.abspath(os.getcwd())))
    except (ValueError, OSError):
        shown = str(path)
    return display_name(shown)


class UnreadableFile(LearnsumError):
    """A file that cannot or must not be read; the message says why, without the path."""


class FileTooLarge(UnreadableFile):
    """A file larger than the limit for its kind."""


def open_regular_file(path: Path, limit: int | None = None) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file of at most `limit` bytes.

    Refuses, before opening anything, what would block or never end (a FIFO, a device such as
    /dev/zero) and folders, following symbolic links. The file is opened without blocking and
    checked again through the open handle, so one swapped for a FIFO in between cannot make
    learnsum wait for ever."""
    descriptor, _ = _open_regular(path, limit)
    try:
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _open_regular(path: Path, limit: int | None) -> tuple[int, int]:
    """The descriptor (blocking again) and size of a regular file opened as
    :func:`open_regular_file` says."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile(broken_link(path) or "no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied: the file cannot be read") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableFile(broken_link(path) or "a symbolic link that loops back on "
                                 "itself, so it leads to no file") from None
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    _check_kind(info, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | \
        getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except PermissionError:
        raise UnreadableFile("permission denied: the file cannot be read") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        _check_kind(info, limit)
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, info.st_size


def _check_kind(info: os.stat_result, limit: int | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("is not a regular file (a pipe, socket or device); "
                             "learnsum reads only ordinary files")
    if limit is not None and info.st_size > limit:
        if _size(info.st_size) == _size(limit):
            raise FileTooLarge(f"the file is larger than {_size(limit)}, the most learnsum "
                               "reads here")
        raise FileTooLarge(f"the file is {_size(info.st_size)}; the most learnsum reads here "
                           f"is {_size(limit)}")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see :func:`open_regular_file`);
    reads at most `limit` + 1 bytes, so a file that grows meanwhile costs nothing either.

    The first read asks for the size the file has (and one byte more, to see that it ends
    there): asking for `limit` + 1 bytes at once would have every read allocate that much."""
    descriptor, size = _open_regular(path, limit)
    parts: list[bytes] = []
    remaining = limit + 1
    request = min(size + 1, remaining)
    try:
        while remaining > 0:
            chunk = os.read(descriptor, min(request, remaining))
            if not chunk:
                break
            parts.append(chunk)
            remaining -= len(chunk)
            request = 1 << 16
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    data = b"".join(parts)
    if len(data) > limit:
        raise FileTooLarge(f"the file is larger than {_size(limit)}, the most learnsum reads "
                           "here")
    return data


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"


#: A Jinja2 template, bundled or a partnership's own (the bundled ones are a few KB).
MAX_TEMPLATE_BYTES = 1024 * 1024


class UnreadableTemplate(UnreadableFile):
    """A template file that must not be read; the message starts with its path."""


def template_loader(folders: Iterable[Path]) -> jinja2.BaseLoader:
    """A Jinja2 loader over `folders` (the first holding a name wins) that reads each template
    as a regular file of at most :data:`MAX_TEMPLATE_BYTES`.

    Jinja2's own FileSystemLoader would skip a FIFO or a link to /dev/zero silently (falling back
    to the bundled template) or read a huge file whole; here such a file is
    :class:`UnreadableTemplate`, naming it."""
    import posixpath

    import jinja2
    from jinja2.loaders import split_template_path

    searchpath = [os.fspath(folder) for folder in folders]

    class _RegularFileLoader(jinja2.BaseLoader):
        def get_source(self, environment: jinja2.Environment, template: str
                       ) -> tuple[str, str, Callable[[], bool]]:
            pieces = split_template_path(template)
            for folder in searchpath:
                filename = posixpath.join(folder, *pieces)
                if not os.path.exists(filename) or os.path.isdir(filename):
                    continue
                try:
                    raw = read_regular_file(Path(filename), MAX_TEMPLATE_BYTES)
                except UnreadableFile as error:
                    raise UnreadableTemplate(f"{filename}: {error}") from None
                mtime = os.path.getmtime(filename)

                def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                    try:
                        return os.path.getmtime(filename) == mtime
                    except OSError:
                        return False

                return raw.decode("utf-8"), os.path.normpath(filename), uptodate
            raise jinja2.TemplateNotFound(template)

    return _RegularFileLoader()


def bundled_templates() -> Path:
    """The folder of the bundled Jinja2 templates: inside the installed package (the wheel puts
    them at learnsum/templates), else the repository's top-level templates/ (editable installs)."""
    package = Path(__file__).resolve().parent
    inside = package / "templates"
    if inside.is_dir():
        return inside
    return package.parent.parent / "templates"

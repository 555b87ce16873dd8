"""The temporary files every output is written through before it is renamed into place
(learnsum.temporary.new_temporary): new, private, beside the output, never an existing file."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from learnsum import temporary


def test_a_temporary_file_is_new_empty_private_and_named_as_asked(tmp_path: Path) -> None:
    handle, name = temporary.new_temporary(tmp_path, ".out.docx.", ".tmp")
    try:
        os.write(handle, b"abc")
    finally:
        os.close(handle)
    path = Path(name)
    assert path.is_absolute() and path.parent == tmp_path.resolve()
    assert path.name.startswith(".out.docx.") and path.name.endswith(".tmp")
    assert path.read_bytes() == b"abc"
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_relative_folder_gives_an_absolute_name(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    handle, name = temporary.new_temporary(Path("."), ".a.", ".tmp")
    os.close(handle)
    assert Path(name).is_absolute() and Path(name).parent == tmp_path.resolve()


def test_names_differ_and_an_existing_file_is_never_opened(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first, name = temporary.new_temporary(tmp_path, ".a.", ".tmp")
    os.close(first)
    Path(name).write_bytes(b"keep")
    # The next name drawn is the same one: it is skipped, the file left alone.
    chosen = Path(name).name[len(".a."):-len(".tmp")]
    draws = iter([bytes.fromhex(chosen), b"\x01" * 6])
    monkeypatch.setattr(temporary.os, "urandom", lambda count: next(draws))
    second, other = temporary.new_temporary(tmp_path, ".a.", ".tmp")
    os.close(second)
    assert other != name and Path(name).read_bytes() == b"keep"
    assert Path(other).read_bytes() == b""


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_symbolic_link_in_the_way_is_not_followed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "target"
    (tmp_path / f".a.{'02' * 6}.tmp").symlink_to(target)
    draws = iter([b"\x02" * 6, b"\x03" * 6])
    monkeypatch.setattr(temporary.os, "urandom", lambda count: next(draws))
    handle, name = temporary.new_temporary(tmp_path, ".a.", ".tmp")
    os.close(handle)
    assert not target.exists() and name.endswith(f".a.{'03' * 6}.tmp")


def test_a_folder_that_cannot_be_written_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        temporary.new_temporary(tmp_path / "missing", ".a.", ".tmp")

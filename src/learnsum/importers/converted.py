"""Word 97–2003 (.doc), OpenDocument (.odt) and RTF forms: converted to .docx by LibreOffice,
then read as a Word form, under the same limits (:mod:`.safety`) as any .docx.

LibreOffice is driven as the PDF renderer drives it (:mod:`learnsum.render.pdf`): headless, with
a throw-away profile of its own (``-env:UserInstallation``), in a temporary folder removed however
the conversion ends, in a process group killed when it does not finish within its time."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .form import Form, ImportRefused
from .word import read_form

#: The Debian package that converts Word forms (`make system-packages` installs it).
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
#: Seconds allowed for one conversion (LibreOffice's start-up is most of it).
TIMEOUT = 120


def missing_message(suffix: str) -> str:
    return (f"reading {suffix} files needs LibreOffice, which is not installed: install the "
            f"Debian package {DEBIAN_PACKAGE} (`sudo apt-get install {DEBIAN_PACKAGE}`), "
            "LibreOffice from https://www.libreoffice.org/download/, or set LEARNSUM_SOFFICE "
            "to the soffice program")


def convert_to_docx(data: bytes, suffix: str, timeout: float = TIMEOUT) -> bytes:
    """The .docx LibreOffice makes of `data` (a file with `suffix`); ImportRefused when it
    cannot (not installed, too slow, not a document it reads)."""
    from ..render.pdf import convert_in, find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise ImportRefused(missing_message(suffix))
    with tempfile.TemporaryDirectory(prefix="learnsum-import-") as folder:
        work = Path(folder)
        source = work / f"form{suffix}"
        source.write_bytes(data)
        out = work / "out"
        try:
            convert_in(work, soffice, [source], "docx:MS Word 2007 XML", out, timeout)
        except subprocess.TimeoutExpired:
            raise ImportRefused(f"LibreOffice did not finish converting the {suffix} file "
                                f"within {timeout:g} seconds") from None
        except OSError as error:
            raise ImportRefused(f"{soffice}: cannot run LibreOffice: "
                                f"{error.strerror or error}") from None
        converted = out / "form.docx"
        if not converted.is_file():
            raise ImportRefused(f"LibreOffice could not read this {suffix} file as a document")
        return converted.read_bytes()


class ConvertedImporter:
    """A format LibreOffice converts to .docx, read then as a Word form."""

    def __init__(self, name: str, suffix: str) -> None:
        self.name = name
        self.suffixes = (suffix,)

    def read(self, data: bytes) -> Form:
        return read_form(convert_to_docx(data, self.suffixes[0]))

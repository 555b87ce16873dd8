"""PDF output: the Word document converted by LibreOffice, headless.

The PDF is the .docx as Word users see it, laid out by LibreOffice Writer, so the two never
disagree. LibreOffice runs with a private, throw-away profile (so it neither hands the job to a
LibreOffice the user has open nor touches their settings) and under a time limit. Many documents
are converted in one LibreOffice call, as starting it costs more than converting a page.

Everything LibreOffice is given or makes (the documents, its profile, its own temporary files)
is inside one temporary folder, removed however the conversion ends: a time-out, an error, or
the render being stopped (`learnsum.cli_shared` turns SIGTERM and SIGINT into an exception).
LibreOffice runs in a process group of its own, and the whole group is killed when the
conversion does not finish normally, so no soffice process is left behind either.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..records import record
from .view import RenderError, RenderOptions, View

#: Where LibreOffice is when it is not on PATH (macOS application bundle, Windows installer).
_KNOWN_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
#: Seconds allowed to start LibreOffice, and then for each document.
START_TIMEOUT = 120
PER_DOCUMENT_TIMEOUT = 30

INSTALL_HINT = (
    "PDF output needs LibreOffice, which is not installed: install it with "
    "`sudo apt-get install libreoffice-writer-nogui` (Debian/Ubuntu), `brew install --cask "
    "libreoffice` (macOS) or from https://www.libreoffice.org/download/, or set LEARNSUM_SOFFICE "
    "to the soffice program"
)


#: LibreOffice's PDF export settings (JSON, LibreOffice 7.4 and later): a tagged PDF (its
#: structure tree: headings, lists, tables) marked as PDF/UA (which adds the XMP identifier and
#: shows the title rather than the file name), with the headings as bookmarks; fonts are embedded
#: (subsets) by the export itself.
EXPORT_OPTIONS = json.dumps({
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "ExportNotes": {"type": "boolean", "value": "false"},
    "UseLosslessCompression": {"type": "boolean", "value": "true"},
}, separators=(",", ":"))


class LibreOfficeMissing(RenderError):
    """soffice cannot be found; the message says how to install it."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


def find_soffice() -> str | None:
    """The LibreOffice program: $LEARNSUM_SOFFICE, then soffice/libreoffice on PATH."""
    configured = os.environ.get("LEARNSUM_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _KNOWN_PLACES:
        if Path(place).is_file():
            return place
    return None


def available() -> str | None:
    """Why PDF cannot be made here (LibreOffice is missing, and how to install it), or None."""
    return None if find_soffice() is not None else INSTALL_HINT


def render_pdf(view: View, options: RenderOptions) -> bytes:
    """The PDF of `view`: its Word document, converted (a run converts all of its documents at
    once, with :func:`convert`)."""
    from .docx import render_docx

    return docx_to_pdf([render_docx(view, options)])[0]


def docx_to_pdf(documents: Sequence[bytes]) -> list[bytes]:
    """Convert each .docx (bytes) to PDF bytes, in one LibreOffice run."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing()
    with tempfile.TemporaryDirectory(prefix="learnsum-pdf-") as folder:
        work = Path(folder)
        sources = []
        for index, data in enumerate(documents):
            source = work / f"summary-{index:05d}.docx"
            source.write_bytes(data)
            sources.append(source)
        out = work / "out"
        timeout = START_TIMEOUT + PER_DOCUMENT_TIMEOUT * len(documents)
        try:
            finished = convert_in(work, soffice, sources, f"pdf:writer_pdf_Export:{EXPORT_OPTIONS}",
                                  out, timeout)
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice did not finish converting to PDF within {timeout} seconds"
            ) from None
        except OSError as error:
            raise RenderError(f"{soffice}: cannot run LibreOffice: "
                              f"{error.strerror or error}") from None
        results = []
        for source, docx in zip(sources, documents):
            pdf = out / (source.stem + ".pdf")
            if not pdf.is_file():
                detail = _last_line(finished.stderr) or _last_line(finished.stdout)
                raise RenderError(
                    "LibreOffice could not convert the document to PDF"
                    + (f" (exit {finished.returncode}: {detail})" if detail else
                       f" (exit {finished.returncode})")
                )
            results.append(stable_pdf(tag_header_cells(pdf.read_bytes()), docx))
        return results


def convert_in(work: Path, soffice: str, sources: Sequence[Path], convert_to: str, out: Path,
               timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice headless on `sources` (`--convert-to convert_to`, into the new folder
    `out`), with a profile and temporary folder of its own inside `work`, so that nothing of
    the user's LibreOffice is used or changed and nothing is left behind; at most `timeout`
    seconds (subprocess.TimeoutExpired)."""
    out.mkdir()
    own_temporary = work / "tmp"
    own_temporary.mkdir()
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
        "--nolockcheck", "--convert-to", convert_to, "--outdir", str(out),
        *map(str, sources),
    ]
    environment = {**os.environ, **{name: str(own_temporary)
                                    for name in ("TMPDIR", "TMP", "TEMP")}}
    return _run(command, timeout, work, environment)


def _run(command: list[str], timeout: float, work: Path,
         environment: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in a process group of its own (`soffice` starts `soffice.bin` as a child);
    unless it finishes, kill the whole group before going on (to a time-out error, an error, or
    the way out of an interrupted render), so that nothing outlives the temporary folder."""
    group = hasattr(os, "killpg")
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=work, env=environment,
                          start_new_session=group) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            if group:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except OSError:
                    pass
            process.kill()
            process.wait()  # leaving the `with` closes the pipes
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


_OBJECT = re.compile(rb"(?m)^(\d+) 0 obj\s*")
_ELEMENT = re.compile(rb"<</Type/StructElem\s*/S/(\w+)")
_PARENT = re.compile(rb"/P (\d+) 0 R")
_KIDS = re.compile(rb"/K\s*\[([^\]]*)\]|/K (\d+) 0 R")
_ATTRIBUTES = re.compile(rb"/A (\d+) 0 R")
_REFERENCE = re.compile(rb"(\d+) 0 R")


@record
class _Element:
    kind: bytes
    at: int  # where its "/S/" type is
    parent: int | None
    kids: list[int]
    attributes: int | None


def tag_header_cells(pdf: bytes) -> bytes:
    """The PDF with the tables' header cells tagged as header cells (TH, with their scope): the
    form's labels head their rows, the actions table's first row heads its columns. LibreOffice
    7.4 tags every cell TD; each change here keeps every object's length (a cell's layout
    attributes give way to its scope), so the cross-reference offsets stay right."""
    elements: dict[int, _Element] = {}
    objects: dict[int, tuple[int, int]] = {}
    for match in _OBJECT.finditer(pdf):
        number = int(match.group(1))
        end = pdf.find(b"endobj", match.end())
        if end < 0:
            break
        objects[number] = (match.end(), end)
        element = _ELEMENT.match(pdf, match.end(), end)
        if element is None:
            continue
        body = pdf[match.end():end]
        parent = _PARENT.search(body)
        kids = _KIDS.search(body)
        references = (kids.group(1) or kids.group(2)) if kids else b""
        attributes = _ATTRIBUTES.search(body)
        elements[number] = _Element(
            element.group(1), element.start(1), int(parent.group(1)) if parent else None,
            [int(found) for found in _REFERENCE.findall(references) or
             ([references] if references.isdigit() else [])],
            int(attributes.group(1)) if attributes else None)
    result = bytearray(pdf)
    for table in elements.values():
        if table.kind != b"Table":
            continue
        rows = [elements[kid] for kid in table.kids if kid in elements
                and elements[kid].kind == b"TR"]
        cells = [[elements[kid] for kid in row.kids if kid in elements
                  and elements[kid].kind == b"TD"] for row in rows]
        if _inside_cell(table, elements):
            heads, scope = (cells[0] if cells else []), b"Column"
        else:
            heads, scope = [row[0] for row in cells if len(row) > 1], b"Row"
        for cell in heads:
            result[cell.at:cell.at + 2] = b"TH"
            if cell.attributes is not None and cell.attributes in objects:
                _set_scope(result, *objects[cell.attributes], scope)
    return bytes(result)


def _inside_cell(element: _Element, elements: dict[int, _Element]) -> bool:
    seen: set[int] = set()
    parent = element.parent
    while parent is not None and parent in elements and parent not in seen:
        seen.add(parent)
        if elements[parent].kind in (b"TD", b"TH"):
            return True
        parent = elements[parent].parent
    return False


def _set_scope(pdf: bytearray, start: int, end: int, scope: bytes) -> None:
    """The attribute dictionary at pdf[start:end] as the table attribute Scope, in its room."""
    opening = pdf.find(b"<<", start, end)
    closing = pdf.rfind(b">>", start, end)
    wanted = b"<</O/Table/Scope/" + scope
    if opening != start or closing < 0 or b"<<" in pdf[opening + 2:closing] \
            or b"stream" in pdf[start:end] or closing - opening < len(wanted):
        return  # not a plain dictionary with room enough: the cell stays a TH without scope
    pdf[opening:closing] = wanted.ljust(closing - opening)


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_XMP_DATE = re.compile(rb"<xmp:(?:CreateDate|ModifyDate|MetadataDate)>"
                       rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")
_CREATED = re.compile(rb"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})")


def stable_pdf(pdf: bytes, docx: bytes) -> bytes:
    """The PDF with LibreOffice's time of conversion and random file id replaced by the Word
    file's own date and a digest of it, so that the same summary gives the same PDF (and a
    re-render says "unchanged"). Every replacement has the same length, so the cross-reference
    offsets stay right."""
    import hashlib
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            core = package.read("docProps/core.xml")
    except (zipfile.BadZipFile, KeyError):
        return pdf
    created = _CREATED.search(core)
    day = b"".join(created.groups()) + b"000000" if created else b"19800101000000"
    digest = hashlib.md5(docx).hexdigest().upper().encode()  # an identifier, not security

    def date(match: re.Match[bytes]) -> bytes:
        return match.group(0)[: -len(match.group(2))] + day

    def xmp_date(match: re.Match[bytes]) -> bytes:
        when = b"%s-%s-%sT00:00:00" % (day[:4], day[4:6], day[6:8])
        return match.group(0)[: -len(match.group(1))] + when

    def identifier(match: re.Match[bytes]) -> bytes:
        first, second = match.group(1), match.group(2)
        whole = match.group(0)
        fixed_first = (digest * 4)[: len(first)]
        fixed_second = (digest * 4)[: len(second)]
        return whole.replace(first, fixed_first, 1).replace(second, fixed_second, 1) \
            if first != second else whole.replace(first, fixed_first)

    def checksum(match: re.Match[bytes]) -> bytes:
        return match.group(0)[: -len(match.group(1))] + (digest * 4)[: len(match.group(1))]

    pdf = _XMP_DATE.sub(xmp_date, _PDF_DATE.sub(date, pdf))
    return _PDF_CHECKSUM.sub(checksum, _PDF_ID.sub(identifier, pdf))


def _last_line(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    useful = [line for line in lines if line and "javaldx" not in line]
    return useful[-1] if useful else ""


#: The registry's batch step: every .docx of a run to PDF, in one LibreOffice run.
convert = docx_to_pdf


__all__ = ["INSTALL_HINT", "LibreOfficeMissing", "available", "convert", "docx_to_pdf",
           "find_soffice", "render_pdf"]

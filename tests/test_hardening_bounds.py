"""Bounds on what hostile input can cost: aliases that repeat text, files that are not regular
files, an existing output whose parts inflate, a Word file with a million paragraphs.

Each case is refused in one line naming the file (and the place, where there is one) or finishes
correctly. The tests check outcomes only; benchmarks/hostile_bench.py measures time and memory.
Every command that could read without end (a regression) runs held to a memory cap and a timeout,
so that it fails the test instead of taking the machine.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from import_forms import form_docx
from learnsum.config import DEFAULT_CONFIG
from learnsum.importers import ImportRefused, import_docx
from learnsum.importers import safety as import_limits
from learnsum.loader import LoadFailure, load_string
from learnsum.loader.aliases import MAX_ALIAS_CHARS
from learnsum.ooxml import (
    MAX_DIRECTORY_BYTES,
    MAX_INSPECTED_PART_BYTES,
    UnsafePackage,
    check_package,
    read_zip_member,
)
from learnsum.validate import check_text
from support import TODAY, VALID, replace

#: A sentence of 1,000 characters.
LONG = ("Health visitors did not know of the police call-outs to the family home at night. "
        * 13)[:1000]
CAP = 2 * 1024 * 1024 * 1024


def capped_cli(*args: str | os.PathLike[str], cwd: Path, timeout: float = 30
               ) -> subprocess.CompletedProcess[str]:
    """`learnsum` in a fresh process, held to 2 GB of address space and `timeout` seconds."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("LEARNSUM_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "learnsum", *map(str, args)], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit, stdin=subprocess.DEVNULL)


def one_line(result: subprocess.CompletedProcess[str], stream: str = "stderr") -> str:
    assert "Traceback" not in result.stdout + result.stderr
    lines = getattr(result, stream).strip().splitlines()
    assert len(lines) == 1, lines
    return str(lines[0])


def line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def nth(text: str, needle: str, number: int) -> int:
    """Where the `number`-th (1-based) `needle` is in `text`."""
    index = -1
    for _ in range(number):
        index = text.index(needle, index + 1)
    return index


# -- 9: aliases that repeat text ----------------------------------------------------------------

MULTI_AGENCY = ("multi_agency:\n  - All agencies should check who else lives in the "
                "household.\n")
SINGLE_AGENCY = ("single_agency:\n  - agency: Health\n    points:\n      - Share call-out "
                 "information with health visitors.\n  - agency: Police\n    points:\n"
                 "      - Notify health of domestic abuse call-outs within 24 hours.\n")


def repeated_text(references: int) -> str:
    refs = "\n".join("  - *a" for _ in range(references))
    return replace(VALID, MULTI_AGENCY, f'multi_agency:\n  - &a "{LONG}"\n{refs}\n')


def repeated_list(anchored: int, references: int) -> str:
    items = ", ".join(["*a"] * anchored)
    refs = "\n".join("  - {agency: Health, points: *l}" for _ in range(references))
    return replace(VALID, SINGLE_AGENCY, f'single_agency:\n  - agency: Police\n    points: '
                   f'&l [&a "{LONG}", {items}]\n{refs}\n')


def test_aliases_repeating_a_long_text_are_refused_at_the_alias_past_the_limit() -> None:
    # 13 KB of file; 2,500 aliases of a 1,000-character text would be 2.5 MB of text.
    text = repeated_text(2500)
    result = check_text(text, display="s.yaml")
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert problem.rule == "too-complex"
    assert "*a" in problem.message and "2 MB" in problem.message
    # The first alias to take the repeated text past the limit is where the error is.
    past = MAX_ALIAS_CHARS // len(LONG) + 1
    assert (problem.line, problem.column) == line_column(text, nth(text, "*a", past))


def test_an_anchored_list_repeated_many_times_is_refused_at_its_alias() -> None:
    # 370 aliases in a list, the list repeated 255 times: 95 MB of text from 10 KB.
    text = repeated_list(370, 255)
    problem = check_text(text, display="s.yaml").problems[0]
    assert problem.rule == "too-complex" and "*l" in problem.message
    anchored = 370 * len(LONG)  # what the aliases inside the list add
    per_reference = 371 * len(LONG)
    past = (MAX_ALIAS_CHARS - anchored) // per_reference + 1
    assert (problem.line, problem.column) == line_column(text, nth(text, "*l", past))


def test_aliases_within_the_limit_are_read_whole() -> None:
    # 100 aliases in the list, 18 references: aliases add 1.9 MB, under the limit.
    document = load_string(repeated_list(100, 18))
    assert not isinstance(document, LoadFailure), document
    agencies = document.data["single_agency"]
    assert len(agencies) == 19
    assert all(len(agency["points"]) == 101 for agency in agencies)
    assert agencies[-1]["points"][-1] == LONG


def test_an_alias_inside_its_own_anchor_is_refused_at_the_alias() -> None:
    text = "learnsum: 1\ntitle: &x [1, *x]\n"
    problem = check_text(text).problems[0]
    assert problem.rule == "too-complex"
    assert "*x is used inside its own anchor" in problem.message
    assert (problem.line, problem.column) == (2, 15)


def test_validate_reports_repeated_aliases_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(repeated_list(370, 255), encoding="utf-8")
    result = capped_cli("validate", "s.yaml", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("s.yaml:") and "error aliases (*name)" in first
    assert "[too-complex]" in first and "Traceback" not in result.stdout + result.stderr


# -- 10: files that are not regular files -------------------------------------------------------


def test_import_refuses_a_link_to_dev_zero(tmp_path: Path) -> None:
    (tmp_path / "form.docx").symlink_to("/dev/zero")
    result = capped_cli("import", "form.docx", cwd=tmp_path)
    assert result.returncode == 1
    assert one_line(result) == ("learnsum import: form.docx: is not a regular file (a pipe, "
                                "socket or device); learnsum reads only ordinary files")
    assert not (tmp_path / "form.yaml").exists()


def test_import_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "form.docx")
    result = capped_cli("import", "form.docx", cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert one_line(result).startswith("learnsum import: form.docx: is not a regular file")


def _summary(folder: Path) -> None:
    (folder / "s.yaml").write_text(VALID, encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize("make", [_fifo, _dev_zero], ids=["fifo", "dev-zero"])
def test_a_reference_pptx_that_is_not_a_regular_file_is_refused(
        tmp_path: Path, make: Callable[[Path], None]) -> None:
    _summary(tmp_path)
    make(tmp_path / "brand.pptx")
    result = capped_cli("render", "s.yaml", "-f", "pptx", "-o", "out.pptx", "--reference-pptx",
                        "brand.pptx", "--today", TODAY, cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert one_line(result) == ("learnsum: s.yaml: not rendered as pptx: "
                                "brand.pptx: cannot be used as a PowerPoint reference: "
                                "is not a regular file (a pipe, socket or device); learnsum "
                                "reads only ordinary files")
    assert not (tmp_path / "out.pptx").exists()


@pytest.mark.parametrize("make", [_fifo, _dev_zero], ids=["fifo", "dev-zero"])
def test_a_template_that_is_not_a_regular_file_is_refused_not_skipped(
        tmp_path: Path, make: Callable[[Path], None]) -> None:
    # Jinja2 alone would skip it silently and render with the bundled template instead.
    _summary(tmp_path)
    (tmp_path / "templates").mkdir()
    make(tmp_path / "templates" / "summary.md.j2")
    result = capped_cli("render", "s.yaml", "-f", "md", "-o", "out.md", "--template-dir",
                        "templates", "--today", TODAY, cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert one_line(result) == ("learnsum: s.yaml: not rendered as md: "
                                "templates/summary.md.j2: is not a regular file (a "
                                "pipe, socket or device); learnsum reads only ordinary files")
    assert not (tmp_path / "out.md").exists()


def test_a_template_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from learnsum.files import MAX_TEMPLATE_BYTES

    _summary(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "summary.md.j2").write_text(
        "{{ view.title }}\n" + "{# padding #}\n" * (MAX_TEMPLATE_BYTES // 14 + 10))
    result = capped_cli("render", "s.yaml", "-f", "md", "-o", "out.md", "--template-dir",
                        "templates", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    line = one_line(result)
    assert line == ("learnsum: s.yaml: not rendered as md: templates/summary.md.j2: the file "
                    "is larger than 1.0 MB, the "
                    "most learnsum reads here"), line


def test_a_file_swapped_for_a_fifo_after_its_check_is_refused_not_waited_on(
        tmp_path: Path) -> None:
    # The file is checked (stat), then opened: in between, it may have become a FIFO. Here the
    # check is made to see a regular file; opening must still not wait for a writer.
    script = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        from learnsum import files, output

        fifo, regular = sys.argv[1], sys.argv[2]
        real_stat, seen_as_regular = os.stat, os.stat(regular)
        os.stat = lambda path, *a, **k: (seen_as_regular if str(path) == fifo
                                         else real_stat(path, *a, **k))
        try:
            files.read_regular_file(Path(fifo), 1000)
            print("read")
        except files.UnreadableFile as error:
            print("refused:", error)
        print("learnsum's:", output.is_learnsums(Path(fifo), "docx", b"x"))
    """)
    fifo = tmp_path / "out.docx"
    os.mkfifo(fifo)
    (tmp_path / "regular.txt").write_text("text")
    result = subprocess.run([sys.executable, "-c", script, str(fifo),
                             str(tmp_path / "regular.txt")], capture_output=True, text=True,
                            timeout=20)
    assert result.stdout.splitlines() == [
        "refused: is not a regular file (a pipe, socket or device); learnsum reads only "
        "ordinary files",
        "learnsum's: False",
    ], result.stderr


# -- 11: an existing output whose parts inflate ------------------------------------------------


def inflating_docx(padding: int, marker: bytes = b"learnsum") -> bytes:
    """A zip in the shape of a .docx whose docProps/core.xml is `padding` spaces and then
    learnsum's mark: a few KB that inflate to `padding` bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("docProps/core.xml", b"<cp:coreProperties>" + b" " * padding
                         + b"<cp:lastModifiedBy>" + marker + b"</cp:lastModifiedBy>"
                         b"</cp:coreProperties>")
    return output.getvalue()


def test_an_existing_output_whose_properties_inflate_is_not_treated_as_learnsums(
        tmp_path: Path) -> None:
    _summary(tmp_path)
    bomb = inflating_docx(16 * 1024 * 1024)
    assert len(bomb) < 100 * 1024
    (tmp_path / "out.docx").write_bytes(bomb)
    result = capped_cli("render", "s.yaml", "-o", "out.docx", "--today", TODAY, cwd=tmp_path)
    assert result.returncode != 0
    assert one_line(result) == ("learnsum: out.docx: already exists and was not made by "
                                "learnsum; move it away, or use --force to replace it")
    assert (tmp_path / "out.docx").read_bytes() == bomb


def test_a_small_part_is_read_whole_and_a_large_one_refused() -> None:
    small = inflating_docx(1000)
    assert b">learnsum<" in (read_zip_member(io.BytesIO(small), "docProps/core.xml") or b"")
    assert read_zip_member(io.BytesIO(small), "docProps/custom.xml") is None
    with pytest.raises(UnsafePackage, match="docProps/core.xml would expand to"):
        read_zip_member(io.BytesIO(inflating_docx(MAX_INSPECTED_PART_BYTES)), "docProps/core.xml")


def test_a_part_whose_declared_size_lies_is_not_read_past_the_cap() -> None:
    data = bytearray(inflating_docx(4 * MAX_INSPECTED_PART_BYTES))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("docProps/core.xml")
    # The central directory's entry: its uncompressed size (offset 24) is made to say 100 bytes.
    entry = data.index(b"docProps/core.xml", data.index(b"PK\x01\x02")) - 46
    assert bytes(data[entry:entry + 4]) == b"PK\x01\x02"
    data[entry + 24:entry + 28] = (100).to_bytes(4, "little")
    assert info.file_size > MAX_INSPECTED_PART_BYTES
    with pytest.raises(UnsafePackage):
        read_zip_member(io.BytesIO(bytes(data)), "docProps/core.xml", 1000)


def _huge_directory(entries: int) -> bytes:
    """A zip of nothing but a central directory of `entries` entries (no part data at all)."""
    name = b"word/media/image.png"
    entry = (b"PK\x01\x02" + bytes(4) + bytes(8) + bytes(12) + len(name).to_bytes(2, "little")
             + bytes(12) + bytes(4) + name)
    directory = entry * entries
    end = (b"PK\x05\x06" + bytes(4) + (0xFFFF).to_bytes(2, "little") * 2
           + len(directory).to_bytes(4, "little") + bytes(4) + bytes(2))
    return directory + end


def test_a_zip_whose_table_of_contents_is_huge_is_refused_before_it_is_read() -> None:
    data = _huge_directory(MAX_DIRECTORY_BYTES // 66 + 1)
    with pytest.raises(UnsafePackage, match="table of contents"):
        check_package(data, "docx")
    with pytest.raises(UnsafePackage, match="table of contents"):
        read_zip_member(io.BytesIO(data), "docProps/core.xml")


def test_a_zip64_record_declaring_a_huge_table_of_contents_is_refused() -> None:
    # The 32-bit end record gives the real, small size; a zip64 record (which zipfile prefers)
    # says 10 MB.
    small = inflating_docx(10)
    end = small.rindex(b"PK\x05\x06")
    zip64 = (b"PK\x06\x06" + (44).to_bytes(8, "little") + bytes(4) + bytes(8)
             + (3).to_bytes(8, "little") * 2 + (10 * 1024 * 1024).to_bytes(8, "little")
             + bytes(8))
    locator = b"PK\x06\x07" + bytes(4) + end.to_bytes(8, "little") + (1).to_bytes(4, "little")
    data = small[:end] + zip64 + locator + small[end:]
    with pytest.raises(UnsafePackage, match="table of contents is 10.0 MB"):
        check_package(data, "docx")


# -- 12: a Word file with very many paragraphs ----------------------------------------------


def test_import_refuses_a_document_with_very_many_paragraphs(tmp_path: Path) -> None:
    data = form_docx(30_000)
    assert len(data) < 100 * 1024
    (tmp_path / "form.docx").write_bytes(data)
    result = capped_cli("import", "form.docx", cwd=tmp_path)
    assert result.returncode == 1
    assert one_line(result) == (
        "learnsum import: form.docx: refused: the document holds more than "
        f"{import_limits.MAX_PARAGRAPHS:,} paragraphs, the most learnsum imports; a learning "
        "summary form has a few hundred")
    assert not (tmp_path / "form.yaml").exists()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: form_docx(1, runs=import_limits.MAX_RUNS + 1), "runs of text"),
        (lambda: form_docx(100, "y" * (import_limits.MAX_TEXT_CHARS // 100 + 1)),
         "characters of text"),
        (lambda: form_docx(1, extra="<w:proofErr w:type='spellStart'/>" * 10,
                           runs=import_limits.MAX_ELEMENTS // 12),
         "elements"),
    ],
    ids=["runs", "characters", "elements"],
)
def test_import_refuses_a_document_past_a_limit(make: Callable[[], bytes], words: str) -> None:
    with pytest.raises(ImportRefused, match=f"more than [0-9,]+ {words}"):
        import_docx(make(), config=DEFAULT_CONFIG, name="form.docx")


def test_a_long_document_within_the_limits_is_imported_whole() -> None:
    count = import_limits.MAX_PARAGRAPHS - 100
    result, text = import_docx(form_docx(count, "Concern: not shared."), config=DEFAULT_CONFIG,
                               name="form.docx")
    points = result.data["case_learning"]
    assert len(points) == count
    assert points[-1] == {"text": "Not shared.", "kind": "concern"}
    assert not isinstance(load_string(text), LoadFailure)


def with_styles_of(data: bytes, tags: int) -> bytes:
    """The .docx with `tags` empty elements added to its styles part (6 bytes each)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "word/styles.xml":
                head, found, rest = blob.partition(b"<w:docDefaults>")
                assert found
                blob = head + b"<w:x/>" * tags + found + rest
            target.writestr(info.filename, blob)
    return out.getvalue()


def test_a_package_with_too_much_xml_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # lxml builds every part python-docx loads: 8 million tags in 108 KB took 1.1 GB.
    from learnsum.ooxml import MAX_XML_TAGS

    data = with_styles_of(form_docx(10), MAX_XML_TAGS)
    (tmp_path / "form.docx").write_bytes(data)
    _summary(tmp_path)
    result = capped_cli("import", "form.docx", cwd=tmp_path)
    assert result.returncode == 1
    expected = (f"the package's XML holds more than {MAX_XML_TAGS:,} tags (at word/styles.xml); "
                "a form or template holds a few tens of thousands, so refusing it as a possible "
                "XML bomb")
    assert one_line(result) == f"learnsum import: form.docx: refused: {expected}"
    result = capped_cli("render", "s.yaml", "-o", "out.docx", "--reference-docx", "form.docx",
                        "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert one_line(result) == (f"learnsum: s.yaml: not rendered as docx: form.docx: cannot be "
                                f"used as a Word reference: "
                                f"{expected}")


def test_import_never_writes_yaml_that_learnsum_would_refuse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Were the document limits wider than the file limit allows, the YAML would be over 2 MB:
    # the import says so instead of writing a summary that validate cannot open.
    monkeypatch.setattr(import_limits, "MAX_TEXT_CHARS", 10**9)
    data = form_docx(300, "z" * 7500)
    with pytest.raises(ImportRefused, match=r"the summary would be 2\.\d MB of YAML, more than "
                                            r"the 2 MB learnsum reads; nothing was written"):
        import_docx(data, config=DEFAULT_CONFIG, name="form.docx")

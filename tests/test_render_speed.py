"""Rendering many summaries in one run: the Word template prepared once, the package written in
one zip pass and the worker processes must give exactly what rendering each summary alone gives."""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import zipfile
from pathlib import Path

import docx
import pytest

from learnsum import parallel
from learnsum.commands import render as render_command
from learnsum.render import RenderOptions
from learnsum.render.build import build_view
from learnsum.render.docx import render_docx
from learnsum.stamp import read as read_stamp
from learnsum.stamp import stamp
from learnsum.validate import check_file
from render_helpers import CHILD_O, MARKING
from support import EXAMPLES, TODAY, cli

CSPR = EXAMPLES / "child-x-cspr.yaml"

many_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods(),
    reason="rendering on several cores needs two cores and the fork start method",
)


def _docx(source: Path, options: RenderOptions) -> bytes:
    result = check_file(source, today=dt.date.fromisoformat(TODAY))
    assert result.summary is not None and result.config is not None, result.problems
    return render_docx(build_view(result.summary, result.config, options), options)


def _reference(path: Path) -> Path:
    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "Testshire letterhead"
    reference.save(str(path))
    return path


def test_one_summary_leaves_nothing_in_the_next(tmp_path: Path) -> None:
    marked = RenderOptions(marking=MARKING)
    first = _docx(CHILD_O, marked)
    plain = _docx(CSPR, RenderOptions())
    _docx(CSPR, RenderOptions(reference_docx=_reference(tmp_path / "house.docx")))
    assert _docx(CHILD_O, marked) == first

    # The same bytes as a fresh process rendering only this summary (which stamps the file).
    out = tmp_path / "alone.docx"
    result = cli("render", CHILD_O, "-o", out, "--today", TODAY, "--marking", MARKING)
    assert result.returncode == 0, result.stderr
    fields = read_stamp(out, "docx")
    assert fields is not None
    del fields["sha256"]
    assert out.read_bytes() == stamp(first, "docx", fields)

    document = docx.Document(io.BytesIO(plain))
    text = "\n".join(p.text for p in document.paragraphs)
    headers = "\n".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "Child O" not in text and "Child X" in text
    assert MARKING not in headers and "letterhead" not in headers
    assert len(document.tables) == 1


def test_package_is_one_valid_zip_dated_the_completion_day() -> None:
    data = _docx(CHILD_O, RenderOptions())
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    assert len(names) == len(set(names))
    assert {"word/document.xml", "word/styles.xml", "docProps/core.xml"} <= set(names)
    completed = check_file(CHILD_O, today=dt.date.fromisoformat(TODAY)).summary
    assert completed is not None
    day = completed.completed
    assert {info.date_time for info in archive.infolist()} == {(day.year, day.month, day.day,
                                                                0, 0, 0)}
    # Every entry is compressed, as python-docx would have saved it.
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def _render_folder(folder: Path, out: Path, parallel_from: int, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str],
                   reference_pptx: Path | None = None) -> tuple[int, str, str]:
    """`learnsum render in -o OUT` in this process (so PARALLEL_FROM can be lowered): exit code,
    stdout and stderr, with OUT for the output folder's name."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", parallel_from)
    monkeypatch.chdir(folder)
    code = render_command.run([Path("in")], output=Path(out.name), reference_pptx=reference_pptx,
                              today=dt.date.fromisoformat(TODAY))
    captured = capsys.readouterr()
    return code, captured.out.replace(out.name, "OUT"), captured.err.replace(out.name, "OUT")


def _summaries(folder: Path, count: int) -> None:
    (folder / "in").mkdir()
    for index in range(count):
        source = CSPR if index % 3 == 1 else CHILD_O  # s-01, s-04: made by workers
        text = source.read_text(encoding="utf-8")
        for title in ("title: Child O", "title: Child X"):
            text = text.replace(title, f"{title}{index}")
        (folder / "in" / f"s-{index:02d}.yaml").write_text(text, encoding="utf-8")


@many_cores
def test_many_summaries_on_several_cores_give_the_same_files_and_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _summaries(tmp_path, 7)
    serial = _render_folder(tmp_path, tmp_path / "serial", 10**6, monkeypatch, capsys)
    parallel = _render_folder(tmp_path, tmp_path / "parallel", 2, monkeypatch, capsys)
    assert serial == parallel
    assert serial[0] == 0
    assert serial[1].count("wrote OUT/") == 7 + 2  # a .docx each, slides for the two CSPRs
    written = sorted(path.name for path in (tmp_path / "serial").iterdir())
    assert written == sorted(path.name for path in (tmp_path / "parallel").iterdir())
    for name in written:
        assert (tmp_path / "serial" / name).read_bytes() == \
            (tmp_path / "parallel" / name).read_bytes(), name


@many_cores
def test_a_failure_in_a_worker_is_reported_as_one_core_would_and_the_rest_rendered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _summaries(tmp_path, 5)
    bogus = tmp_path / "bogus.pptx"
    bogus.write_text("not a presentation", encoding="utf-8")
    serial = _render_folder(tmp_path, tmp_path / "serial", 10**6, monkeypatch, capsys, bogus)
    parallel = _render_folder(tmp_path, tmp_path / "parallel", 2, monkeypatch, capsys, bogus)
    assert serial == parallel
    code, out, err = parallel
    assert code == 1
    # s-01 and s-04 are CSPRs: their slides fail (one line each), every .docx is still written.
    assert out == "".join(f"wrote OUT/s-{index:02d}.docx\n" for index in range(5))
    *lines, warnings = err.splitlines()  # the last counts the warnings of what was rendered
    assert warnings.endswith(": run learnsum validate to see them")
    assert [line.split(": not rendered as pptx: ")[0] for line in lines] == [
        "learnsum: in/s-01.yaml", "learnsum: in/s-04.yaml"]
    assert all("bogus.pptx" in line for line in lines)

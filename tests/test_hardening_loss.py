"""Nothing a user wrote is lost: edited outputs are kept, interrupted runs leave nothing behind,
a full disk leaves no half-written summary, and `-o folder/` means a folder."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support import TODAY, VALID, cli, replace, write

LINUX_PROC = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; `make test` installs it")
needs_workers = pytest.mark.skipif(
    not LINUX_PROC or (os.cpu_count() or 1) < 2,
    reason="finds the worker processes in /proc; on one core a batch runs without workers")


def _render(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("render", *args, "--today", TODAY, cwd=folder, timeout=300)


def _refused(result: subprocess.CompletedProcess[str], name: str) -> None:
    """One line naming the file, saying how to go on; exit 1."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"learnsum: {name}: ") and "--force" in lines[0]
    assert "move it" in lines[0]
    assert "Traceback" not in result.stderr


# -- 1. an output someone changed is theirs ---------------------------------------------------


def test_a_word_file_edited_and_saved_is_kept(tmp_path: Path) -> None:
    import docx

    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "a.yaml").returncode == 0
    target = tmp_path / "a.docx"
    document = docx.Document(str(target))
    document.paragraphs[0].text = "My own introduction, written after the render"
    document.save(str(target))
    edited = target.read_bytes()

    result = _render(tmp_path, "a.yaml", "--marking", "OFFICIAL")
    _refused(result, "a.docx")
    assert "changed since learnsum wrote it" in result.stderr
    assert target.read_bytes() == edited
    assert "My own introduction" in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)

    forced = _render(tmp_path, "a.yaml", "--force")
    assert forced.returncode == 0 and forced.stdout == "wrote a.docx\n"
    assert target.read_bytes() != edited


def test_a_word_file_saved_again_with_the_same_text_is_kept(tmp_path: Path) -> None:
    # Any change to the bytes makes the file the user's, even a save that changed no text:
    # learnsum cannot tell what else a save may have changed.
    import docx

    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "a.yaml").returncode == 0
    target = tmp_path / "a.docx"
    docx.Document(str(target)).save(str(target))
    saved = target.read_bytes()
    _refused(_render(tmp_path, "a.yaml"), "a.docx")
    assert target.read_bytes() == saved


def test_slides_saved_again_are_kept(tmp_path: Path) -> None:
    import pptx

    write(tmp_path, "a.yaml", replace(VALID, "slides: not-applicable", "slides: generate"))
    assert _render(tmp_path, "a.yaml", "-f", "pptx").returncode == 0
    deck = tmp_path / "a.pptx"
    pptx.Presentation(str(deck)).save(str(deck))
    saved = deck.read_bytes()
    _refused(_render(tmp_path, "a.yaml", "-f", "pptx"), "a.pptx")
    assert deck.read_bytes() == saved


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_markdown_and_html_with_a_line_added_are_kept(tmp_path: Path, suffix: str) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "a.yaml", "-f", suffix).returncode == 0
    target = tmp_path / f"a.{suffix}"
    text = target.read_text(encoding="utf-8")
    # The generator comment at the top is still there; the file is no longer what learnsum wrote.
    edited = text.replace("Child T", "Child T (with the panel's notes)", 1)
    target.write_text(edited, encoding="utf-8")
    _refused(_render(tmp_path, "a.yaml", "-f", suffix), f"a.{suffix}")
    assert target.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("output_format", ["docx", "md", "html", "pptx"])
def test_learnsums_own_untouched_output_is_still_replaced(tmp_path: Path,
                                                          output_format: str) -> None:
    write(tmp_path, "a.yaml", replace(VALID, "slides: not-applicable", "slides: generate"))
    first = _render(tmp_path, "a.yaml", "-f", output_format)
    assert first.returncode == 0 and first.stdout == f"wrote a.{output_format}\n"
    again = _render(tmp_path, "a.yaml", "-f", output_format)
    assert again.returncode == 0 and again.stdout == f"unchanged a.{output_format}\n"
    write(tmp_path, "a.yaml", replace(replace(VALID, "slides: not-applicable", "slides: generate"),
                                      "Child T", "Child V"))
    changed = _render(tmp_path, "a.yaml", "-f", output_format)
    assert (changed.returncode, changed.stdout, changed.stderr) == (
        0, f"wrote a.{output_format}\n", "")


def test_an_output_from_before_outputs_were_stamped_is_replaced_when_it_is_exact(
        tmp_path: Path) -> None:
    # Earlier versions wrote the same file without the stamp (the last line here).
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "a.yaml", "-f", "md").returncode == 0
    target = tmp_path / "a.md"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[-1].startswith("<!-- learnsum-output ")
    target.write_text("".join(lines[:-1]), encoding="utf-8")
    result = _render(tmp_path, "a.yaml", "-f", "md")
    assert result.returncode == 0 and result.stdout == "wrote a.md\n"
    # The same old file with a word changed is the user's.
    target.write_text("".join(lines[:-1]).replace("Child T", "Child Q"), encoding="utf-8")
    _refused(_render(tmp_path, "a.yaml", "-f", "md"), "a.md")


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdfs_someone_else_made_or_changed_are_kept(tmp_path: Path) -> None:
    for name, title in (("a", "Child A"), ("b", "Child B"), ("c", "Child C")):
        write(tmp_path, f"{name}.yaml", replace(VALID, "Child T", title))
    # A PDF of the user's own whose metadata happens to mention learnsum.
    theirs = (b"%PDF-1.4\n1 0 obj\n<< /Subject (notes on the learnsum rollout) >>\nendobj\n"
              b"trailer\n<< /Info 1 0 R >>\n%%EOF\n")
    (tmp_path / "a.pdf").write_bytes(theirs)
    first = _render(tmp_path, "a.yaml", "b.yaml", "c.yaml", "-f", "pdf")
    assert first.returncode == 1
    assert first.stdout == "wrote b.pdf\nwrote c.pdf\n"
    assert first.stderr == ("learnsum: a.pdf: already exists and was not made by learnsum; "
                            "move it away, or use --force to replace it\n")
    assert (tmp_path / "a.pdf").read_bytes() == theirs

    # b.pdf is saved again by another program (which dates it); c.pdf is left as it was.
    b = tmp_path / "b.pdf"
    edited = b.read_bytes().replace(b"/CreationDate(D:20240301", b"/CreationDate(D:20261125")
    assert edited != b.read_bytes()
    b.write_bytes(edited)
    again = _render(tmp_path, "a.yaml", "b.yaml", "c.yaml", "-f", "pdf", "--marking", "OFFICIAL")
    assert again.returncode == 1
    assert again.stdout == "wrote c.pdf\n"
    assert again.stderr.splitlines()[1].startswith(
        "learnsum: b.pdf: was changed since learnsum wrote it")
    assert (tmp_path / "a.pdf").read_bytes() == theirs and b.read_bytes() == edited


def test_a_report_someone_edited_is_kept(tmp_path: Path) -> None:
    write(tmp_path, "reviews/a.yaml", VALID)
    assert cli("report", "reviews", "-o", "board.html", "--today", TODAY,
               cwd=tmp_path).returncode == 0
    board = tmp_path / "board.html"
    # learnsum's own report is replaced, as ever.
    assert cli("report", "reviews", "-o", "board.html", "--today", "2026-12-25",
               cwd=tmp_path).stdout.startswith("wrote board.html")
    edited = board.read_text(encoding="utf-8").replace(
        "</h1>", " (annotated for the board)</h1>", 1)
    board.write_text(edited, encoding="utf-8")
    result = cli("report", "reviews", "-o", "board.html", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("learnsum report: board.html: was changed since learnsum")
    assert board.read_text(encoding="utf-8") == edited


def test_schema_output_does_not_replace_a_users_file(tmp_path: Path) -> None:
    notes = write(tmp_path, "notes.json", '{"my": "notes"}\n')
    refused = cli("schema", "-o", "notes.json", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == ("learnsum schema: notes.json: already exists and was not made by "
                              "learnsum; move it away, or use --force to replace it\n")
    assert notes.read_text() == '{"my": "notes"}\n'
    forced = cli("schema", "-o", "notes.json", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and notes.read_text() == cli("schema").stdout

    # learnsum's own schema output is replaced; once edited, it is the user's.
    assert cli("schema", "-o", "notes.json", cwd=tmp_path).returncode == 0
    notes.write_text(notes.read_text().replace('"type": "object"', '"type": "object", "x": 1'))
    edited = notes.read_text()
    again = cli("schema", "-o", "notes.json", cwd=tmp_path)
    assert again.returncode == 1 and "was changed since learnsum wrote it" in again.stderr
    assert notes.read_text() == edited


# -- 2. an interrupted run leaves nothing behind ----------------------------------------------


def _children(parent: int) -> list[int]:
    """The processes whose parent is `parent` (from /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if int(fields[1]) == parent:
            found.append(int(name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has finished)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2:].split()[0] != b"Z"


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            command = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in command and _alive(int(name)):
            found.append(int(name))
    return found


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll until `condition()` holds, for at most `seconds`; whether it came to hold."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


def _start(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("LEARNSUM_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "learnsum", *args], cwd=folder,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture
def stray() -> Iterator[list[int]]:
    """Pids a test started; any still running at the end are killed."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.skipif(not LINUX_PROC, reason="reads /proc to find LibreOffice's processes")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_a_pdf_render_leaves_no_temporary_files_or_libreoffice(
        tmp_path: Path, signum: int, stray: list[int]) -> None:
    work, temporary = tmp_path / "reviews", tmp_path / "tmp"
    temporary.mkdir()
    for number in range(3):
        write(work, f"s{number}.yaml", replace(VALID, "Child T", f"Child T{number}"))
    process = _start(work, "render", ".", "-f", "pdf", "--today", TODAY,
                     env={"TMPDIR": str(temporary)})
    stray.append(process.pid)
    # Stop it while LibreOffice is converting: its profile is being made in learnsum's folder.
    assert _wait_for(lambda: any(temporary.glob("learnsum-pdf-*/profile")), 120), \
        "LibreOffice never started"
    stray.extend(_processes_mentioning(str(temporary)))
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert stderr.splitlines() == [
        f"learnsum: interrupted ({name}); temporary files removed, outputs already written "
        "are complete"], stderr
    assert stdout == ""
    assert list(temporary.iterdir()) == []
    assert not list(work.glob("*.pdf")) and not list(work.glob(".*"))
    assert _wait_for(lambda: not _processes_mentioning(str(temporary)), 10), \
        "LibreOffice is still running"


def _many_summaries(folder: Path, count: int = 300) -> None:
    from learnsum.parallel import PARALLEL_FROM

    assert count >= PARALLEL_FROM
    for number in range(count):
        write(folder, f"s{number:03d}.yaml", replace(VALID, "Child T", f"Child T{number}"))


def _workers_of(process: subprocess.Popen[str]) -> list[int]:
    """Wait until the batch render has started its workers; their pids."""
    workers: list[int] = []

    def started() -> bool:
        workers[:] = _children(process.pid)
        return bool(workers) or process.poll() is not None

    assert _wait_for(started, 120)
    assert workers, "the render finished before its workers were seen"
    return workers


@needs_workers
def test_killing_a_batch_render_leaves_no_worker_processes(tmp_path: Path,
                                                           stray: list[int]) -> None:
    _many_summaries(tmp_path)
    process = _start(tmp_path, "render", ".", "-f", "md", "--today", TODAY)
    stray.append(process.pid)
    workers = _workers_of(process)
    # Freeze the parent so that the workers fill the pipe back to it, then kill it outright.
    os.kill(process.pid, signal.SIGSTOP)
    workers = sorted(set(workers) | set(_children(process.pid)))
    stray.extend(workers)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10), \
        f"workers still running: {[pid for pid in workers if _alive(pid)]}"


@needs_workers
def test_stopping_a_batch_render_stops_its_workers_and_leaves_no_temporary_file(
        tmp_path: Path, stray: list[int]) -> None:
    _many_summaries(tmp_path)
    process = _start(tmp_path, "render", ".", "-f", "md", "--today", TODAY)
    stray.append(process.pid)
    workers = _workers_of(process)
    # Held still as soon as its workers start, so that SIGTERM comes before the render is done.
    os.kill(process.pid, signal.SIGSTOP)
    workers = sorted(set(workers) | set(_children(process.pid)))
    stray.extend(workers)
    process.send_signal(signal.SIGTERM)
    os.kill(process.pid, signal.SIGCONT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, (stdout[-500:], stderr)
    assert stderr.splitlines() == [
        "learnsum: interrupted (SIGTERM); temporary files removed, outputs already written are "
        "complete"], stderr
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10)
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]
    for output in tmp_path.glob("*.md"):  # every output there is whole: it ends in the stamp
        assert output.read_text(encoding="utf-8").endswith(" -->\n")


# -- 3. new, schema and -o --------------------------------------------------------------------


def test_new_on_a_full_disk_leaves_nothing_and_a_retry_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from learnsum.commands import new

    real_write = os.write

    def full_disk(handle: int, data: bytes) -> int:
        # Part of the file fits, then the disk is full.
        if len(data) > 100:
            return real_write(handle, bytes(data)[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "s.yaml"
    monkeypatch.setattr(os, "write", full_disk)
    code = new.run(target, today=dt.date.fromisoformat(TODAY))
    monkeypatch.undo()
    assert code == 1
    assert capsys.readouterr().err == (
        f"learnsum new: {target}: cannot write: No space left on device\n")
    assert list(tmp_path.iterdir()) == []  # neither a truncated summary nor a temporary file

    assert new.run(target, today=dt.date.fromisoformat(TODAY)) == 0
    assert capsys.readouterr().err.startswith(f"wrote {target}: fill in every [insert ...]")
    # Whole: the same as a starter written where nothing ever went wrong.
    assert new.run(tmp_path / "t.yaml", today=dt.date.fromisoformat(TODAY)) == 0
    assert target.read_bytes() == (tmp_path / "t.yaml").read_bytes()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses RLIMIT_FSIZE")
def test_new_when_the_file_cannot_be_written_whole_leaves_nothing(tmp_path: Path) -> None:
    import resource

    def small_files_only() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    environment = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    refused = subprocess.run([sys.executable, "-m", "learnsum", "new", "s.yaml", "--today", TODAY],
                             cwd=tmp_path, env=environment, capture_output=True, text=True,
                             timeout=60, preexec_fn=small_files_only)
    assert refused.returncode == 1
    assert refused.stderr == "learnsum new: s.yaml: cannot write: File too large\n"
    assert list(tmp_path.iterdir()) == []
    again = cli("new", "s.yaml", "--today", TODAY, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "s.yaml").stat().st_size > 1024


def test_an_output_path_ending_in_a_slash_is_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    rendered = _render(tmp_path, "a.yaml", "-o", "newdir.docx/")
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout == f"wrote {Path('newdir.docx', 'a.docx')}\n"
    assert (tmp_path / "newdir.docx").is_dir() and (tmp_path / "newdir.docx" / "a.docx").is_file()

    write(tmp_path, "reviews/a.yaml", VALID)
    report = cli("report", "reviews", "-o", "board/", "--today", TODAY, cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "board" / "report.html").is_file()

    schema = cli("schema", "-o", "schema/", cwd=tmp_path)
    assert schema.returncode == 0, schema.stderr
    assert (tmp_path / "schema" / "learnsum-v1.schema.json").read_text() == cli("schema").stdout

    # A file where the folder should be is refused in one line, and left alone.
    blocker = write(tmp_path, "taken.docx", "mine\n")
    refused = _render(tmp_path, "a.yaml", "-o", "taken.docx/")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "taken.docx: is an existing file" in refused.stderr
    assert blocker.read_text() == "mine\n"


def test_a_temporary_file_made_just_as_a_signal_comes_is_still_removed(tmp_path: Path) -> None:
    from learnsum import output

    # The signal lands after the temporary file exists but before anything else runs.
    handle, temporary = output._new_temporary(tmp_path, "s.md")
    os.close(handle)
    assert Path(temporary).exists()
    output.remove_temporaries()
    assert list(tmp_path.iterdir()) == []
    # Once renamed into place, an output is no longer a temporary file to remove.
    assert output.write_atomically(tmp_path / "s.md", b"whole\n") is True
    output.remove_temporaries()
    assert [path.name for path in tmp_path.iterdir()] == ["s.md"]

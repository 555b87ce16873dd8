"""Golden outputs: every bundled example rendered to every format, and validate's text and JSON
reports over a set of bad files, byte for byte as recorded in tests/golden/.

They hold learnsum's behaviour still while its code is reshaped: a change that alters any output
fails here, and shows which. When an output is meant to change, record it again with
`LEARNSUM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py` and review the diff of
tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import learnsum
from learnsum.render.registry import BY_NAME
from support import TODAY, cli, requires

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = bool(os.environ.get("LEARNSUM_UPDATE_GOLDEN"))


def compare(name: str, actual: bytes) -> None:
    expected_path = GOLDEN / name
    if UPDATE:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_bytes(actual)
        return
    assert expected_path.is_file(), f"no golden output {name}; record it (see the module doc)"
    expected = expected_path.read_bytes()
    if actual != expected:
        if name.endswith((".md", ".html", ".txt", ".json")):
            assert actual.decode("utf-8") == expected.decode("utf-8"), name
        pytest.fail(f"{name}: {len(actual)} bytes differ from the {len(expected)} recorded "
                    "(a binary output; unzip both to compare)")


def _render(tmp_path: Path, example: Path, output_format: str,
            monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    # Each output's stamp holds a digest of what it was made from, learnsum's version among it:
    # a fixed version here, so that a release does not change every golden output.
    monkeypatch.setattr(learnsum, "__version__", "golden")
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    shutil.copy(example, work / example.name)
    result = cli("render", "-f", output_format, "--today", TODAY, example.name, cwd=work,
                 timeout=300)
    assert result.returncode == 0, result.stderr
    return {path.name: path.read_bytes() for path in sorted(work.iterdir())
            if path.suffix != ".yaml"}


@pytest.mark.parametrize("output_format", ["docx", "md", "html", "pptx", "briefing"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_examples_render_exactly_as_recorded(tmp_path: Path, example: Path,
                                             output_format: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    made = _render(tmp_path, example, output_format, monkeypatch)
    assert list(made) == [example.stem + BY_NAME[output_format].suffix]
    for name, data in made.items():
        compare(f"render/{name}", data)


@requires("soffice", "pdftotext", why="to make the PDF and read its text")
@pytest.mark.parametrize("example", EXAMPLES[:1], ids=[path.stem for path in EXAMPLES[:1]])
def test_pdf_text_is_as_recorded(tmp_path: Path, example: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # LibreOffice's bytes vary between its releases, so the PDF is held by its text.
    import subprocess

    made = _render(tmp_path, example, "pdf", monkeypatch)
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(made[example.stem + ".pdf"])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True).stdout
    compare(f"render/{example.stem}.pdf.txt", text)


@pytest.mark.parametrize("output_format", ["text", "json", "github", "gitlab"])
def test_validate_reports_exactly_as_recorded(output_format: str) -> None:
    inputs = GOLDEN / "inputs"
    result = cli("validate", "--output-format", output_format, "--today", TODAY, "inputs",
                 str(Path("..") / ".." / "examples"), cwd=GOLDEN)
    assert result.returncode == 1, result.stderr
    assert inputs.is_dir()
    compare(f"validate.{'txt' if output_format == 'text' else output_format}",
            result.stdout.encode("utf-8"))

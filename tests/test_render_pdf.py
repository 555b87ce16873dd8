"""`learnsum render --format pdf`: the Word document through real LibreOffice, read with
pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from render_helpers import CHILD_O, MARKING, child_o, expected_rows, norm
from support import TODAY, cli, requires

pytestmark = [
    pytest.mark.libreoffice,
    requires("soffice", "pdftotext", why="(LibreOffice and poppler-utils)"),
]


def test_pdf_has_every_row_in_order_with_marking_and_page_numbers(tmp_path: Path) -> None:
    out = tmp_path / "child-o.pdf"
    result = cli("render", CHILD_O, "-f", "pdf", "-o", out, "--marking", MARKING,
                 "--today", TODAY, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = norm(text)
    position = 0
    for label, _ in expected_rows(child_o()):
        # pdftotext reads the label column line by line; the first words are enough for order.
        start = " ".join(label.split()[:3])
        found = flat.find(start, position)
        assert found >= 0, label
        position = found
    assert "25 September 2015" in flat and "20 November 2015" in flat
    assert "Page 1 of" in flat
    pages = text.split("\f")
    assert all(page.count(MARKING) >= 2 for page in pages if page.strip())
    assert "Head of Protecting Vulnerable Persons" in flat


def test_the_same_summary_gives_the_same_pdf(tmp_path: Path) -> None:
    out = tmp_path / "child-o.pdf"
    first = cli("render", CHILD_O, "-f", "pdf", "-o", out, "--today", TODAY, timeout=300)
    assert first.returncode == 0 and first.stdout.startswith("wrote")
    again = cli("render", CHILD_O, "-f", "pdf", "-o", out, "--today", TODAY, timeout=300)
    assert again.returncode == 0 and again.stdout.startswith("unchanged"), again.stdout
    assert b"/CreationDate(D:20150925000000" in out.read_bytes()

"""The HTML page printed from a browser (headless Chromium), read back with `pdftotext -bbox`,
and checked by axe-core: the marking at the top and bottom of every page and over no text, rows
kept whole, nothing for axe to report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from browser import axe_violations, print_to_pdf, words
from render_helpers import CHILD_O, MARKING, child_o, expected_rows, hostile_summary, norm
from support import TODAY, VALID, cli, requires, write

pytestmark = [pytest.mark.chromium,
              requires("chromium", "pdftotext", why="(Debian chromium and poppler-utils)")]

LONG_MARKING = "OFFICIAL-SENSITIVE"


def _page(folder: Path, source: Path, *args: str) -> Path:
    out = folder / (source.stem + ".html")
    result = cli("render", source, "-f", "html", "-o", out, "--today", TODAY, *args)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    return print_to_pdf(_page(folder, CHILD_O, "--marking", MARKING), folder / "child-o.pdf")


def test_the_marking_is_at_the_top_and_bottom_of_every_printed_page(printed: Path) -> None:
    found = words(printed)
    pages = max(word.page for word in found)
    assert pages >= 2
    for page in range(1, pages + 1):
        marks = [w for w in found if w.page == page and w.text == MARKING]
        assert len(marks) == 2, (page, marks)
        top, bottom = sorted(marks, key=lambda w: w.y_min)
        text = [w for w in found if w.page == page and w.text != MARKING]
        # Above every other word of the page, and below every other word.
        assert top.y_max <= min(w.y_min for w in text), page
        assert bottom.y_min >= max(w.y_max for w in text if not w.text.isdigit()
                                   and w.text not in ("Page", "of")) - 0.5, page
        assert top.y_min < 0.1 * top.page_height and bottom.y_max > 0.9 * bottom.page_height


def test_the_marking_covers_no_other_word(printed: Path) -> None:
    found = words(printed)
    marks = [w for w in found if w.text == MARKING]
    others = [w for w in found if w.text != MARKING]
    assert marks
    assert not [(mark, other) for mark in marks for other in others if mark.overlaps(other)]


def test_printed_pages_are_numbered(printed: Path) -> None:
    found = words(printed)
    pages = max(word.page for word in found)
    text = [" ".join(w.text for w in found if w.page == page) for page in range(1, pages + 1)]
    for number, page_text in enumerate(text, start=1):
        assert f"Page {number} of {pages}" in page_text


def test_no_row_of_the_form_is_split_across_printed_pages(printed: Path) -> None:
    from learnsum.summary import text_paragraphs

    found = words(printed)
    pages = range(1, max(word.page for word in found) + 1)
    width = found[0].page_height * 210 / 297
    # The label column and the content column, page by page: the content's lines start at the
    # one place where most lines right of the page's first quarter start.
    starts = Counter(round(w.x_min) for w in found if w.x_min > width / 4)
    divider = starts.most_common(1)[0][0] - 2
    left = [norm(" ".join(w.text for w in found if w.page == page and w.x_max < divider))
            for page in pages]
    right = [norm(" ".join(w.text for w in found if w.page == page and w.x_min >= divider))
             for page in pages]
    label_page = {}
    for label, prompt in expected_rows(child_o()):
        whole = norm(f"{label} {prompt or ''}")
        on = [index for index, text in enumerate(left) if whole in text]
        assert len(on) == 1, label
        label_page[label] = on[0]
    summary = child_o()
    for key in ("method_learning", "audit", "comments"):
        paragraphs = text_paragraphs(getattr(summary, key))
        first, last = " ".join(paragraphs[0].split()[:4]), " ".join(paragraphs[-1].split()[-4:])
        label = next(label for label, _ in expected_rows(child_o())
                     if label.startswith(_label(key)))
        page = label_page[label]
        assert norm(first) in right[page] and norm(last) in right[page], key


def _label(key: str) -> str:
    from learnsum.catalogue import SECTIONS_BY_KEY

    return SECTIONS_BY_KEY[key].label


@pytest.mark.parametrize("marking", [MARKING, None])
def test_axe_finds_nothing_with_the_best_practices_on(tmp_path: Path, marking: str | None) -> None:
    pytest.importorskip("axe_core_python")
    args = ("--marking", marking) if marking else ()
    assert axe_violations(_page(tmp_path, CHILD_O, *args), tmp_path) == []


def test_axe_finds_nothing_on_hostile_text_and_an_empty_row(tmp_path: Path) -> None:
    pytest.importorskip("axe_core_python")
    hostile = _page(tmp_path, write(tmp_path, "hostile.yaml", hostile_summary()))
    assert axe_violations(hostile, tmp_path) == []
    plain = _page(tmp_path, write(tmp_path, "plain.yaml", VALID), "--marking", "<b>&</b>")
    assert axe_violations(plain, tmp_path) == []


def test_axe_does_report_what_it_finds(tmp_path: Path) -> None:
    """The check above is not empty by accident: a page without a language and with text
    outside any landmark is reported."""
    pytest.importorskip("axe_core_python")
    page = write(tmp_path, "bad.html", "<!DOCTYPE html><html><head><title>t</title></head>"
                 "<body><p>outside</p><main><h1>x</h1></main></body></html>")
    assert {v["id"] for v in axe_violations(page, tmp_path)} >= {"html-has-lang", "region"}

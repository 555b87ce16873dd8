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
    result = cli("render", CHILD_O, "-t", "pdf", "-o", out, "--marking", MARKING,
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
    first = cli("render", CHILD_O, "-t", "pdf", "-o", out, "--today", TODAY, timeout=300)
    assert first.returncode == 0 and first.stdout.startswith("wrote")
    again = cli("render", CHILD_O, "-t", "pdf", "-o", out, "--today", TODAY, timeout=300)
    assert again.returncode == 0 and again.stdout.startswith("unchanged"), again.stdout
    assert b"/CreationDate(D:20150925000000" in out.read_bytes()


# -- PDF/UA: the structure a screen reader and a checker read ----------------------------------


def _walk(node: object, found: list[object]) -> None:
    import pikepdf

    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            _walk(kids, found)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            _walk(kid, found)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdfua") / "child-o.pdf"
    result = cli("render", CHILD_O, "-t", "pdf", "-o", out, "--marking", MARKING,
                 "--today", TODAY, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def test_pdf_is_tagged_with_title_language_and_the_pdf_ua_identifier(tagged: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    info = subprocess.run(["pdfinfo", str(tagged)], capture_output=True, text=True,
                          check=True).stdout
    assert "Tagged:          yes" in info
    assert f"Title:           Learning Summary: {child_o().title}" in info
    with pikepdf.open(tagged) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"] == f"Learning Summary: {child_o().title}"
            assert meta["xmp:CreateDate"].startswith("2015-09-25")  # the completion date


def test_pdf_structure_has_headings_lists_and_tables_with_header_cells(tagged: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(tagged) as pdf:
        found: list[object] = []
        _walk(pdf.Root.StructTreeRoot, found)
        kinds = [str(element.S) for element in found]  # type: ignore[attr-defined]
        role_map = pdf.Root.StructTreeRoot.get("/RoleMap", {})
        standard = [str(role_map.get(kind, kind)) for kind in kinds]
        assert standard.count("/H1") == 1 and kinds.count("/Title") == 1
        assert standard.count("/H2") == len(expected_rows(child_o()))
        assert {"/L", "/LI", "/LBody", "/Table", "/TR", "/TD"} <= set(standard)
        heads = [element for element in found if element.S == "/TH"]  # type: ignore[attr-defined]
        scopes = [str(head.A.Scope) for head in heads]  # type: ignore[attr-defined]
        # Every row's label heads its row; the actions table's first row heads its columns.
        assert scopes.count("/Row") == len(expected_rows(child_o()))
        assert scopes.count("/Column") == 4
        for head in heads:
            assert head.P.S == "/TR"  # type: ignore[attr-defined]


def test_pdf_has_bookmarks_and_embedded_fonts(tagged: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(tagged) as pdf:
        with pdf.open_outline() as outline:
            titles: list[str] = []

            def collect(items: list[object]) -> None:
                for item in items:
                    titles.append(item.title)  # type: ignore[attr-defined]
                    collect(item.children)  # type: ignore[attr-defined]

            collect(outline.root)
        assert child_o().title in titles
        assert all(label in " ".join(titles) for label, _ in expected_rows(child_o()))
        for page in pdf.pages:
            fonts = page.Resources.Font
            for font in (fonts[name] for name in fonts.keys()):  # noqa: SIM118 - pikepdf 8
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                files = ("/FontFile", "/FontFile2", "/FontFile3")
                assert any(key in descriptor for key in files), font.BaseFont


def test_no_word_of_the_actions_table_is_broken(tmp_path: Path) -> None:
    from support import VALID, write

    source = write(tmp_path, "t.yaml", VALID.replace(
        "  - owner: Designated Nurse, Integrated Care Board\n",
        "  - owner: Detective Superintendent, Northamptonshire Police\n"))
    out = tmp_path / "t.pdf"
    result = cli("render", source, "-t", "pdf", "-o", out, "--today", TODAY, timeout=300)
    assert result.returncode == 0, result.stderr
    words = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout
    for word in ("Superintendent,", "Northamptonshire", "notification"):
        assert f">{word}</word>" in words, word


def _objects(*bodies: str) -> bytes:
    return b"%PDF-1.7\n" + b"".join(
        f"{number} 0 obj\n{body}\nendobj\n".encode() for number, body in
        enumerate(bodies, start=1))


def test_header_cells_are_tagged_in_place_keeping_every_offset() -> None:
    from learnsum.render.pdf import tag_header_cells

    pdf = _objects(
        "<</Type/StructElem\n/S/Table\n/P 9 0 R\n/K[2 0 R 7 0 R ]\n>>",  # 1: the form
        "<</Type/StructElem\n/S/TR\n/P 1 0 R\n/K[3 0 R 4 0 R ]\n>>",  # 2: a row
        "<</Type/StructElem\n/S/TD\n/P 2 0 R\n/A 5 0 R\n/K 0\n>>",  # 3: its label
        "<</Type/StructElem\n/S/TD\n/P 2 0 R\n/A 6 0 R\n/K[8 0 R ]\n>>",  # 4: its content
        "<</O/Layout\n/Placement/Block\n/Width 100.5\n>>",  # 5
        "<</O/Layout>>",  # 6: no room for a scope
        "<</Type/StructElem\n/S/TR\n/P 1 0 R\n/K[10 0 R ]\n>>",  # 7: a row of one cell
        "<</Type/StructElem\n/S/Table\n/P 4 0 R\n/K 11 0 R\n>>",  # 8: the actions, in a cell
        "<</Type/StructTreeRoot\n/K 1 0 R\n>>",  # 9
        "<</Type/StructElem\n/S/TD\n/P 7 0 R\n/K 1\n>>",  # 10
        "<</Type/StructElem\n/S/TR\n/P 8 0 R\n/K 12 0 R\n>>",  # 11: the actions' header row
        "<</Type/StructElem\n/S/TD\n/P 11 0 R\n/A 6 0 R\n/K 2\n>>",  # 12
    )
    tagged = tag_header_cells(pdf)
    assert len(tagged) == len(pdf)
    objects = tagged.split(b"endobj\n")
    assert b"/S/TH" in objects[2] and b"/S/TD" in objects[3]  # the label heads its row
    assert objects[4].split(b"obj\n")[1].rstrip() == b"<</O/Table/Scope/Row" + b" " * 22 + b">>"
    assert b"/S/TD" in objects[9]  # a row of one cell has no header
    assert b"/S/TH" in objects[11] and objects[5].endswith(b"<</O/Layout>>\n")
    assert tag_header_cells(b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\n") == \
        b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\n"

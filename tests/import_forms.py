"""Word files shaped like the partnership's form, for the import tests.

The rows come from the real form (tests/data/learning-summary-template.txt, the seed extracted
from Word as "label<TAB>content" lines): its labels as that copy of the form words them, and its
own content. Variants of the labels are made from that text or from the catalogue, never typed here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

SEED = Path(__file__).parent / "data" / "learning-summary-template.txt"


@dataclass(frozen=True)
class SeedRow:
    """A row of the form: the label cell's text and the content cell's paragraphs."""

    label: str
    paragraphs: tuple[str, ...]


def seed_title_and_rows() -> tuple[str, list[SeedRow]]:
    """The seed's title line and rows. Page breaks of the extraction (blank lines inside a cell)
    are undone: a paragraph cut mid-sentence is joined again."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    title = ""
    rows: list[list[object]] = []
    after_gap = False
    for line in lines:
        if not line.strip():
            after_gap = bool(rows)
            continue
        if "\t" not in line:
            title = title or line.strip()
            continue
        label, _, content = line.partition("\t")
        content = content.strip()
        if label.strip():
            rows.append([label.strip(), [content] if content else []])
        elif rows:
            paragraphs = rows[-1][1]
            assert isinstance(paragraphs, list)
            if after_gap and paragraphs and not re.search(r"[.!?:]$", paragraphs[-1]):
                paragraphs[-1] = f"{paragraphs[-1]} {content}"
            elif content:
                paragraphs.append(content)
        after_gap = False
    return title, [SeedRow(str(label), tuple(paragraphs))  # type: ignore[arg-type]
                   for label, paragraphs in rows]


def docx_bytes(rows: Sequence[SeedRow], *, title: str | None = None,
               prompt_in_label: dict[str, str] | None = None,
               list_paragraphs: bool = False) -> bytes:
    """A .docx holding `title` and a two-column table of `rows`.

    `prompt_in_label` maps a row's label to a prompt written as a second paragraph of the label
    cell. With `list_paragraphs`, content paragraphs starting with "* " become Word list
    paragraphs (style List Bullet) instead of typed bullets.
    """
    import docx

    document = docx.Document()
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=0, cols=2)
    for row in rows:
        label_cell, content_cell = table.add_row().cells
        label_cell.paragraphs[0].add_run(row.label)
        if prompt_in_label and row.label in prompt_in_label:
            label_cell.add_paragraph(prompt_in_label[row.label])
        first = True
        for paragraph in row.paragraphs:
            style = None
            if list_paragraphs and paragraph.startswith("* "):
                paragraph, style = paragraph[2:], "List Bullet"
            target = content_cell.paragraphs[0] if first else content_cell.add_paragraph()
            if style:
                target.style = document.styles[style]
            target.add_run(paragraph)
            first = False
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def relabel(rows: Sequence[SeedRow], change: Callable[[str], str]) -> list[SeedRow]:
    return [replace(row, label=change(row.label)) for row in rows]


__all__ = ["SEED", "SeedRow", "docx_bytes", "relabel", "seed_title_and_rows"]


def form_docx(paragraphs: int, text: str = "x", runs: int = 1, extra: str = "",
              compresslevel: int | None = None) -> bytes:
    """The form's rows (the catalogue's labels) with `paragraphs` paragraphs of `runs` runs of
    `text` (each followed by `extra` XML) in the case-learning cell: a Word file made to be
    large inside (the hostile-input tests and benchmarks/hostile_bench.py)."""
    import zipfile

    import docx

    from learnsum import catalogue

    document = docx.Document()
    document.add_paragraph("Learning Summary")
    table = document.add_table(rows=0, cols=2)
    for section in catalogue.SECTIONS:
        label, content = table.add_row().cells
        label.paragraphs[0].add_run(section.label)
        content.paragraphs[0].add_run("MARKER" if section.key == "case_learning" else
                                      "2015-09-25" if section.key == "completed" else "Text.")
    buffer = io.BytesIO()
    document.save(buffer)
    run = f"<w:r><w:t>{text}</w:t></w:r>{extra}" * runs
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                            compresslevel=compresslevel) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                marker = b"<w:r><w:t>MARKER</w:t></w:r></w:p>"
                assert marker in data
                data = data.replace(marker, (run + "</w:p>").encode()
                                    + f"<w:p>{run}</w:p>".encode() * (paragraphs - 1))
            target.writestr(info.filename, data)
    return out.getvalue()

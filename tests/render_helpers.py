"""Helpers shared by the rendering tests: the example summary's expected content, a summary with
hostile text in every field, and reading documents back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from learnsum import catalogue
from learnsum.config import Config
from learnsum.dates import uk_long
from learnsum.summary import Summary, text_paragraphs
from learnsum.validate import check_file
from support import EXAMPLES, TODAY

CHILD_O = EXAMPLES / "child-o.yaml"
MARKING = "OFFICIAL-SENSITIVE"

#: Text that would be markup, a template, a script or a link if it were not kept literal.
HOSTILE = (
    "<script>alert(1)</script> [click](javascript:alert(1)) {{ 7*7 }} {% raw %}x{% endraw %} "
    "# heading | pipe | *star* _under_ `tick` &amp; ctrl"
)
#: What every output must show for HOSTILE: the same text. (A control character such as YAML's
#: "\\x01" escape is refused by validation, so it never reaches a renderer.)
HOSTILE_SHOWN = HOSTILE


def hostile_summary() -> str:
    """A valid summary whose every free-text field holds HOSTILE (in double quotes)."""
    h = f'"{HOSTILE}"'
    return f"""\
learnsum: 1
title: {h}
reference: {h}
partnership: {h}
status: draft
completed: 2024-03-01
review:
  type: other
  label: {h}
  purpose: {h}
case:
  incident: 2023-06
  precis: {h}
case_learning:
  - text: {h}
    kind: concern
  - {h}
method_learning: [{h}, {h}]
single_agency:
  - agency: {h}
    points:
      - {h}
multi_agency:
  - {h}
actions:
  - owner: {h}
    action: {h}
    due: 2027-01-31
    evidence: {h}
audit: {h}
comments: {h}
updates:
  - date: 2024-04-01
    from: {h}
    text: {h}
slides: not-applicable
"""


def child_o() -> Summary:
    result = check_file(CHILD_O, today=dt.date.fromisoformat(TODAY))
    assert result.summary is not None, result.problems
    return result.summary


def norm(text: str) -> str:
    return " ".join(text.split())


def expected_rows(summary: Summary, config: Config | None = None) -> list[tuple[str, str | None]]:
    """(label, prompt) of every row of the form, in the form's order, as configured: a row the
    summary leaves empty is shown too (it says "None recorded")."""
    config = config or Config()
    return [(s.label, s.prompt) for s in config.sections]


def expected_content(summary: Summary) -> dict[str, list[str]]:
    """Pieces of the example's content, by the section whose row must show them."""
    kinds = catalogue.labels(catalogue.POINT_KINDS)
    statuses = catalogue.labels(catalogue.ACTION_STATUSES)
    content: dict[str, list[str]] = {
        "completed": [uk_long(summary.completed)],
        "review": [catalogue.labels(catalogue.REVIEW_TYPES)[summary.review.type],
                   *text_paragraphs(summary.review.purpose)],
        "case": [str(summary.case.incident), *text_paragraphs(summary.case.precis)],
        "case_learning": [norm(p.text) for p in summary.case_learning]
        + [kinds[p.kind] for p in summary.case_learning if p.kind],
        "method_learning": text_paragraphs(summary.method_learning),
        "single_agency": [a.agency for a in summary.single_agency]
        + [norm(p.text) for a in summary.single_agency for p in a.points],
        "multi_agency": [norm(p.text) for p in summary.multi_agency],
        "actions": [norm(a.owner) for a in summary.actions]
        + [t for a in summary.actions for t in text_paragraphs(a.action)]
        + [uk_long(a.due) for a in summary.actions if a.due]
        + [statuses[a.status] for a in summary.actions],
        "audit": text_paragraphs(summary.audit),
        "comments": text_paragraphs(summary.comments),
        "updates": [uk_long(u.date) for u in summary.updates] + [u.from_ for u in summary.updates]
        + [t for u in summary.updates for t in text_paragraphs(u.text)],
    }
    return {key: [norm(piece) for piece in pieces] for key, pieces in content.items()}


def section_keys(summary: Summary, config: Config | None = None) -> list[str]:
    config = config or Config()
    return [s.key for s in config.sections
            if getattr(summary, s.key, None) not in (None, [], "")]


class HTMLDocument(HTMLParser):
    """A parsed page: its text, its elements (tag, attributes) and the text inside some tags."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.row_headers: list[str] = []
        self.cells: list[str] = []
        self._stack: list[str] = []
        self._capture: list[list[str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("meta", "br", "link", "img", "input", "hr"):
            return
        self._stack.append(tag)
        if tag == "th" and attributes.get("scope") == "row":
            self._capture.append(self.row_headers)
            self.row_headers.append("")
        elif tag == "td" and "data-label" not in attributes:
            self._capture.append(self.cells)
            self.cells.append("")
        else:
            self._capture.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "br", "link", "img", "input", "hr"):
            return
        while self._stack:
            self._capture.pop()
            if self._stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if "style" in self._stack or "title" in self._stack:
            return  # not text a reader sees on the page
        self.text_parts.append(data)
        for target in self._capture:
            if target is self.row_headers or target is self.cells:
                target[-1] += data

    @property
    def text(self) -> str:
        return norm(" ".join(self.text_parts))

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


#: Elements that have no end tag.
VOID = {"meta", "br", "hr", "img", "link", "input", "wbr", "col", "area", "base", "source"}
#: Elements whose text is one thing a reader reads: a paragraph, a bullet, a heading, a cell.
BLOCKS = {"title", "h1", "h2", "h3", "p", "li", "td", "th", "dt", "dd"}


@dataclass
class Element:
    """An element of a page: its tag, attributes and all the text inside it, exactly."""

    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class HTMLTree(HTMLParser):
    """An HTML page as a reader meets it: every element with its text exactly as shown (entities
    decoded, spaces kept), its comments, and `problems` when elements do not nest properly."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.comments: list[str] = []
        self.problems: list[str] = []
        self._open: list[Element] = []
        self.feed(html)
        self.close()
        if self._open:
            self.problems.append(f"not closed: {[e.tag for e in self._open]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self._open or self._open[-1].tag != tag:
            self.problems.append(f"</{tag}> closes {[e.tag for e in self._open][-1:]}")
            return
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if any(e.tag == "style" for e in self._open):
            return
        for element in self._open:
            element.text += data

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def blocks(self) -> list[str]:
        return [e.text for e in self.elements if e.tag in BLOCKS]

    def tags(self, name: str) -> list[Element]:
        return [e for e in self.elements if e.tag == name]


def read_docx(path: Path) -> object:
    import docx

    return docx.Document(str(path))

"""Property-based tests: any valid summary, whatever its text, validates and renders to Markdown,
HTML, Word and slides, and every format shows the author's text exactly as it was written.

Summaries are generated as Python data and written out with ruamel.yaml, so the YAML is always
valid. Their text is any Unicode an author can put in a summary (combining marks, right-to-left
scripts, emoji and other astral characters, zero-width characters, very long words) mixed with
what Markdown, HTML, Jinja2 and CSV read as markup. Characters the format refuses (control
characters, surrogates, unassigned code points and non-characters such as U+FFFE) are not
generated. Each output is read back the way a reader meets it: the Markdown through markdown-it-py
(CommonMark with GitHub's tables and strikethrough, and again with GitHub's autolinks), the HTML
through an HTML parser, the Word document through python-docx and the slides through python-pptx.

The number of summaries tried comes from the Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import docx
import pptx
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from learnsum import catalogue
from learnsum.catalogue import FIELD_LABELS
from learnsum.problems import Severity
from learnsum.render import RenderOptions
from learnsum.render.build import build_view
from learnsum.render.docx import render_docx
from learnsum.render.pptx import ELLIPSIS, SPLIT_SIZE, Box, Para, paginate, render_pptx, shorten
from learnsum.render.templated import md_escape, render_html, render_markdown
from learnsum.rules import REGISTRY
from learnsum.validate import check_text
from render_helpers import HTMLTree

#: "Today" for every check, so that no test depends on the day it runs.
TODAY = dt.date(2026, 11, 25)

# -- text an author might write --------------------------------------------------------------------

#: Snippets that mean something to Markdown, HTML, Jinja2, CSV or the bidirectional algorithm, and
#: Unicode that renderers get wrong: each is one "word" (no spaces inside).
TRICKY = (
    "*", "**", "_", "__", "#", "##", "<", ">", "&", "&amp;", "&#35;", "&copy;", "&#x1F600;",
    "&nbsp;",
    "{{", "}}", "{{7*7}}", "{%", "%}", "{%raw%}", "{#", "#}", ",", '"', "'", "|", "`", "```", "~",
    "~~", "~~~", "\\", "\\*", "[", "]", "[x](y)", "![x](y)", "[^1]", "<!--", "-->", "<script>",
    "</p>", "<br>", "-", "+", "=", "1.", "2)", "10.", "---", "***", "___", "=SUM(A1)", "@x",
    ":smile:", "a_b_c", "_a_", "*a*", "snake_case_name", "http://example.org/a_b_c",
    "https://example.org/~x/a*b", "http://example.org/_a_", "www.example.org/a_b", "a@b.example",
    "(http://example.org/a_(b))", "שלום", "مرحبا", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069",
    "👍🏽", "👨\u200d👩\u200d👧", "🇬🇧", "𝔘𝔫𝔦", "𠜎", "e\u0301", "a\u0308\u0323", "\u0301",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "ﷺ", "\U000e0041",
)

#: Any character an author can put in a word: not whitespace (words are separated by it), not a
#: control character, surrogate, unassigned code point or non-character (the format refuses those).
WORD_CHARACTER = st.characters(
    exclude_categories=("Cc", "Cs", "Cn", "Zs", "Zl", "Zp"),
).filter(lambda c: not c.isspace())

WORD = st.one_of(st.text(WORD_CHARACTER, min_size=1, max_size=8), st.sampled_from(TRICKY))
#: A word longer than a line of any document.
LONG_WORD = st.text(WORD_CHARACTER, min_size=60, max_size=150)
#: What separates words: mostly a space, sometimes a space that is not ASCII.
SEPARATOR = st.sampled_from([" ", " ", " ", "\u00a0", "\u202f", "\u3000"])


@st.composite
def one_line(draw: st.DrawFn, most: int = 5) -> str:
    """A line of text: words separated by spaces, nothing before the first or after the last."""
    words = draw(st.lists(WORD, min_size=1, max_size=most))
    if draw(st.integers(0, 7)) == 0:
        words.insert(draw(st.integers(0, len(words))), draw(LONG_WORD))
    line = words[0]
    for word in words[1:]:
        line += draw(SEPARATOR) + word
    return line


@st.composite
def paragraph(draw: st.DrawFn) -> tuple[str, str]:
    """A paragraph as written (perhaps wrapped over lines) and as shown (the lines joined)."""
    lines = draw(st.lists(one_line(), min_size=1, max_size=2))
    return "\n".join(lines), " ".join(lines)


@st.composite
def text_value(draw: st.DrawFn) -> tuple[str | list[str], list[str], bool]:
    """A text section: paragraphs separated by blank lines, or a list of bullets. Returns the
    YAML value, the paragraphs a reader sees, and whether they are bullets."""
    if draw(st.booleans()):
        items = draw(st.lists(one_line(), min_size=1, max_size=2))
        return items, items, True
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=2))
    return "\n\n".join(w for w, _ in paragraphs), [s for _, s in paragraphs], False


# -- a summary and what a reader must see ----------------------------------------------------------

THEME_IDS = catalogue.ids(catalogue.THEMES)


@dataclass
class Shown:
    """One piece of the author's text as a reader must see it.

    `text`: exactly what is shown. `alone`: the piece is the whole of a paragraph or bullet (HTML
    then isolates it with dir="auto"), rather than a value beside other words (isolated with
    <bdi>)."""

    text: str
    alone: bool = False


@dataclass
class Generated:
    data: dict[str, Any]
    shown: list[Shown] = field(default_factory=list)
    marking: str | None = None
    guidance: bool = True
    #: How many bullets and agency headings the Markdown must have (so no text made more).
    bullets: int = 0
    agencies: int = 0


@st.composite
def points(draw: st.DrawFn, generated: Generated) -> list[Any]:
    made: list[Any] = []
    for written, shown in draw(st.lists(paragraph(), min_size=1, max_size=2)):
        kind = draw(st.none() | st.sampled_from(catalogue.ids(catalogue.POINT_KINDS)))
        themes = draw(st.lists(st.sampled_from(THEME_IDS), max_size=2, unique=True))
        if kind is None and not themes and draw(st.booleans()):
            made.append(written)
        else:
            point: dict[str, Any] = {"text": written}
            if kind:
                point["kind"] = kind
            if themes:
                point["themes"] = themes
            made.append(point)
        generated.shown.append(Shown(shown, alone=kind is None and not themes))
        generated.bullets += 1
    return made


def _text(draw: st.DrawFn, generated: Generated) -> str | list[str]:
    value, shown, bullets = draw(text_value())
    generated.shown.extend(Shown(text, alone=True) for text in shown)
    if bullets:
        generated.bullets += len(shown)
    return value


@st.composite
def summaries(draw: st.DrawFn) -> Generated:
    """A valid summary with every section, in the form's order, and what each format must show."""
    g = Generated({})
    d = g.data
    d["learnsum"] = 1
    d["title"] = draw(one_line())
    g.shown.append(Shown(d["title"]))
    if draw(st.booleans()):
        d["reference"] = draw(one_line())
        g.shown.append(Shown(d["reference"], alone=True))
    if draw(st.booleans()):
        d["partnership"] = draw(one_line())
        g.shown.append(Shown(d["partnership"], alone=True))
    d["status"] = draw(st.sampled_from(catalogue.ids(catalogue.STATUSES)))
    completed = draw(st.dates(dt.date(2000, 1, 1), TODAY))
    d["completed"] = completed
    review_type = draw(st.sampled_from(catalogue.ids(catalogue.REVIEW_TYPES)))
    d["review"] = {"type": review_type}
    if review_type == "other":
        d["review"]["label"] = draw(one_line())
        g.shown.append(Shown(d["review"]["label"]))
    d["review"]["purpose"] = _text(draw, g)
    incident = draw(st.dates(dt.date(2000, 1, 1), completed))
    d["case"] = {"incident": f"{incident:%Y-%m}", "precis": _text(draw, g)}
    d["themes"] = draw(st.lists(st.sampled_from(THEME_IDS), max_size=3, unique=True))
    d["case_learning"] = draw(points(g))
    d["method_learning"] = _text(draw, g)
    d["single_agency"] = []
    for _ in range(draw(st.integers(1, 2))):
        agency = draw(one_line())
        g.shown.append(Shown(agency))
        g.agencies += 1
        d["single_agency"].append({"agency": agency, "points": draw(points(g))})
    d["multi_agency"] = draw(points(g))
    d["actions"] = []
    for _ in range(draw(st.integers(1, 2))):
        owner = draw(one_line())
        g.shown.append(Shown(owner))
        action: dict[str, Any] = {"owner": owner}
        paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=2))
        action["action"] = "\n\n".join(w for w, _ in paragraphs)
        g.shown.extend(Shown(s) for _, s in paragraphs)
        due = draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
        if due is not None:
            action["due"] = due
        action["status"] = draw(st.sampled_from(catalogue.ids(catalogue.ACTION_STATUSES)))
        if draw(st.booleans()):
            written, shown = draw(paragraph())
            action["evidence"] = written
            g.shown.append(Shown(f"{FIELD_LABELS['actions.evidence']}: {shown}"))
        d["actions"].append(action)
    d["audit"] = _text(draw, g)
    if draw(st.booleans()):
        d["comments"] = _text(draw, g)
    if draw(st.booleans()):
        d["updates"] = []
        for _ in range(draw(st.integers(1, 2))):
            sender = draw(one_line())
            g.shown.append(Shown(sender))
            date = draw(st.dates(completed, TODAY))
            d["updates"].append({"date": date, "from": sender, "text": _text(draw, g)})
    d["slides"] = draw(st.sampled_from(["not-applicable", "generate"]))
    if draw(st.booleans()):
        d["reflection"] = draw(st.lists(one_line(), min_size=1, max_size=2))
    if draw(st.booleans()):
        g.marking = draw(one_line(most=3))
    g.guidance = draw(st.booleans())
    return g


def as_yaml(data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.allow_unicode = True
    # ruamel.yaml (0.19.1) drops the line continuation when it folds a long double-quoted string
    # right after an escaped backslash, which changes the text (a backslash and a dot come back
    # as a backslash, a space and a dot): never fold, as learnsum's own importer does not.
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# -- reading outputs back --------------------------------------------------------------------------

def assert_shown_in_order(texts: Iterable[str], blocks: list[str], what: str) -> None:
    """Each text is inside one block, the texts in the order given (several may share a block)."""
    at = 0
    for text in texts:
        found = next((i for i in range(at, len(blocks)) if text in blocks[i]), None)
        assert found is not None, f"{what}: {text!r} is not shown (after block {at}: " \
            f"{blocks[at:at + 3]!r})"
        at = found


def docx_paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts: list[str] = []

    def walk(container: Any) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, docx.table.Table):
                for row in child.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                texts.append(child.text)

    for section in document.sections:
        texts.extend(p.text for p in section.header.paragraphs)
    walk(document)
    return texts


def pptx_notes_and_shapes(data: bytes) -> tuple[list[str], list[str]]:
    deck = pptx.Presentation(io.BytesIO(data))
    notes: list[str] = []
    shapes: list[str] = []
    for slide in deck.slides:
        notes.extend(p.text for p in slide.notes_slide.notes_text_frame.paragraphs)
        for shape in slide.shapes:
            if shape.has_text_frame:
                shapes.extend(p.text for p in shape.text_frame.paragraphs)
    return notes, shapes


COMMONMARK = MarkdownIt("commonmark").enable("table").enable("strikethrough")
#: GitHub's own reading adds autolinks: a bare http://..., www.... or e-mail address is a link.
GITHUB = MarkdownIt("gfm-like")


# -- the properties --------------------------------------------------------------------------------


@dataclass
class Checked:
    """A generated summary after `learnsum validate`'s checks, and its view for the renderers."""

    generated: Generated
    result: Any
    options: RenderOptions
    view: Any

    @property
    def document(self) -> list[str]:
        """Every piece of the author's text, in the order the documents show them."""
        return [s.text for s in self.generated.shown]


def checked(generated: Generated) -> Checked:
    text = as_yaml(generated.data)
    result = check_text(text, today=TODAY)
    # Whatever the text, the summary is valid: warnings (a rule that legitimately fires on the
    # text, e.g. something that looks like a phone number) are allowed, errors are not.
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert errors == [], (text, errors)
    assert result.summary is not None
    assert all(p.rule in REGISTRY for p in result.problems), result.problems
    options = RenderOptions(guidance=generated.guidance, marking=generated.marking)
    return Checked(generated, result, options, build_view(result.summary, result.config, options))


@given(summaries())
def test_markdown_shows_any_text_as_written(generated: Generated) -> None:
    summary = checked(generated)
    markdown = render_markdown(summary.view, summary.options).decode("utf-8")
    for parser in (COMMONMARK, GITHUB):
        page = HTMLTree(parser.render(markdown))
        assert page.problems == []
        # No text opened a comment, a heading, a list, a table or a link of its own.
        assert page.comments == [" generator: learnsum (edit the YAML summary, not this file) "]
        assert_shown_in_order(summary.document, page.blocks(), "markdown")
        assert len(page.tags("h1")) == 1
        assert len(page.tags("h2")) == len(summary.view.rows)
        assert len(page.tags("h3")) == generated.agencies
        assert len(page.tags("table")) == 1
        assert len(page.tags("li")) == len(summary.view.facts) + generated.bullets
        assert {e.tag for e in page.elements} <= {
            "h1", "h2", "h3", "p", "ul", "li", "strong", "em", "table", "thead", "tbody", "tr",
            "th", "td", "br", "hr", "a"}
        assert parser is GITHUB or page.tags("a") == []
        if generated.marking:
            assert page.blocks()[0] == page.blocks()[-1] == generated.marking


@given(summaries())
def test_html_shows_any_text_as_written_and_isolates_its_direction(generated: Generated) -> None:
    summary = checked(generated)
    page = HTMLTree(render_html(summary.view, summary.options).decode("utf-8"))
    assert page.problems == [] and page.comments == []
    assert_shown_in_order(summary.document, page.blocks(), "html")
    # Each piece is exactly the text of an element that isolates its direction, so that
    # right-to-left text never runs into the words around it: the whole block (dir="auto")
    # when the piece is all the block holds, else a <bdi>.
    isolated = [e.text for e in page.elements if e.tag == "bdi"]
    blocks = [e.text for e in page.elements if e.attrs.get("dir") == "auto"]
    for shown in generated.shown:
        assert shown.text in (blocks if shown.alone else isolated), shown.text
    assert [e.tag for e in page.elements if e.tag in ("script", "img", "a", "link", "iframe")] == []
    if generated.marking:
        markings = [e for e in page.elements if "marking" in (e.attrs.get("class") or "")]
        assert [(e.text, e.attrs.get("dir")) for e in markings] == [(generated.marking, "auto")] * 2


@given(summaries())
def test_word_shows_any_text_as_written(generated: Generated) -> None:
    summary = checked(generated)
    paragraphs = docx_paragraphs(render_docx(summary.view, summary.options))
    assert_shown_in_order(summary.document, paragraphs, "docx")
    if generated.marking:
        assert generated.marking in paragraphs


@given(summaries())
def test_slides_carry_any_text_as_written(generated: Generated) -> None:
    summary = checked(generated)
    deck = render_pptx(summary.view, summary.options)
    notes, shapes = pptx_notes_and_shapes(deck)
    # The speaker notes carry the full text of every slide.
    for text in [s.text for s in generated.shown] + list(generated.data.get("reflection", [])):
        assert any(text in line for line in notes), text
    assert generated.data["title"] in notes
    assert shapes


# -- slides: long text spread over slides or shortened loses nothing -------------------------------

@given(st.lists(st.tuples(one_line(most=40), st.sampled_from(["plain", "bullet", "heading"])),
                min_size=1, max_size=6),
       st.sampled_from([Box(43.0, 118.0, 874.0, 370.0), Box(0.0, 0.0, 300.0, 120.0)]))
def test_slides_split_long_text_without_losing_or_changing_it(
        texts: list[tuple[str, str]], box: Box) -> None:
    paras = [Para(text, style) for text, style in texts]
    pages = paginate(paras, box, SPLIT_SIZE)
    assert all(pages)
    # The pieces, read in order (less a heading repeated at the top of a slide), are the
    # paragraphs: each piece but the last ends in an ellipsis and the next starts with one.
    pieces = [p for page in pages for i, p in enumerate(page)
              if not (i == 0 and p.style == "heading" and any(p is q.group for q in page[1:]))]
    for para in paras:
        text = pieces.pop(0).text
        while text != para.text:
            assert text.endswith(ELLIPSIS) and pieces and pieces[0].text.startswith(ELLIPSIS), \
                (para.text, text)
            text = text[:-1] + pieces.pop(0).text[1:]
    assert pieces == []


@given(one_line(most=40), st.sampled_from([Box(0.0, 0.0, 300.0, 40.0), Box(0.0, 0.0, 80.0, 60.0)]))
def test_slides_shorten_text_to_a_prefix_of_it(text: str, box: Box) -> None:
    short = shorten(text, box, 18.0)
    assert short == text or (short.endswith(ELLIPSIS) and text.startswith(short[:-1]))


# -- Markdown escaping, piece by piece -------------------------------------------------------------

LINE = one_line(most=8)


@given(LINE)
def test_md_escape_reads_back_as_written(text: str) -> None:
    """In every place the templates put text (a paragraph, a bullet, a heading, a table cell,
    after a bold label, inside emphasis), a reader sees exactly the text."""
    escaped = md_escape(text)
    assert "\n" not in escaped
    for parser in (COMMONMARK, GITHUB):
        for markdown, tag in (
            (f"{escaped}\n", "p"),
            (f"- {escaped}\n- x\n", "li"),
            (f"## {escaped}\n", "h2"),
            (f"### {escaped}\n", "h3"),
            (f"| a | b |\n| --- | --- |\n| {escaped} | x |\n", "td"),
            (f"**Label:** {escaped}\n", "p"),
            (f"**{escaped}**\n", "strong"),
        ):
            page = HTMLTree(parser.render(markdown))
            elements = page.tags(tag)
            assert elements, (markdown, parser.render(markdown))
            shown = elements[0].text
            if markdown.startswith("**Label:**"):
                shown = shown.removeprefix("Label: ")
            assert shown == text, (markdown, parser.render(markdown))
            assert page.comments == []

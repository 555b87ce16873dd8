"""`learnsum render --format md`: GitHub-flavoured Markdown whose user text stays text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from learnsum.catalogue import FORM_TITLE
from learnsum.output import GENERATOR_COMMENT
from learnsum.render.templated import md_escape
from learnsum.validate import check_text
from render_helpers import (
    CHILD_O,
    HOSTILE_SHOWN,
    MARKING,
    HTMLDocument,
    HTMLTree,
    child_o,
    expected_content,
    expected_rows,
    hostile_summary,
    norm,
    section_keys,
)
from support import TODAY, VALID, cli, replace, write


def _render(folder: Path, source: Path, *args: str) -> str:
    out = folder / "out.md"
    result = cli("render", source, "--format", "md", "-o", out, "--today", TODAY, *args)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def _as_html(markdown: str) -> HTMLDocument:
    """The Markdown as a GitHub-like renderer shows it (CommonMark, tables, strikethrough)."""
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    return HTMLDocument(parser.render(markdown))


#: CommonMark with GitHub's tables and strikethrough, and with its autolinks (bare web addresses).
COMMONMARK = MarkdownIt("commonmark").enable("table").enable("strikethrough")
GITHUB = MarkdownIt("gfm-like")


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _render(tmp_path_factory.mktemp("md"), CHILD_O, "--marking", MARKING)


def test_a_heading_per_section_with_its_prompt_in_italics(text: str) -> None:
    lines = text.splitlines()
    assert lines[1] == GENERATOR_COMMENT  # so a later render knows it may replace this file
    headings = [line[3:] for line in lines if line.startswith("## ")]
    expected = expected_rows(child_o())
    assert headings == [md_escape(label) for label, _ in expected]
    for label, prompt in expected:
        index = lines.index(f"## {md_escape(label)}")
        following = [line for line in lines[index + 1:] if line][0]
        if prompt:
            assert following == f"*{md_escape(prompt)}*"
    assert lines[2] == f"# {FORM_TITLE}: {child_o().title}"
    assert lines[0] == f"**{MARKING}**" and lines[-2] == f"**{MARKING}**"
    assert lines[-1].startswith("<!-- learnsum-output ")  # learnsum's stamp comes last


def test_content_under_its_heading(text: str) -> None:
    summary = child_o()
    parts = text.split("\n## ")[1:]
    for key, part in zip(section_keys(summary), parts):
        shown = norm(_as_html(part).text)
        for piece in expected_content(summary).get(key, []):
            assert piece in shown, (key, piece)


def test_actions_table_and_bullets_render(text: str) -> None:
    parsed = _as_html(text)
    assert len(parsed.tags("table")) == 1
    assert len(parsed.tags("li")) >= len(child_o().case_learning)
    assert len(parsed.tags("h2")) == len(expected_rows(child_o()))


def test_hostile_text_in_every_field_is_literal(tmp_path: Path) -> None:
    markdown = _render(tmp_path, write(tmp_path, "hostile.yaml", hostile_summary()))
    parsed = _as_html(markdown)
    for tag in ("script", "a", "code", "em", "img"):
        # the only emphasis is the prompts' italics and the themes note
        if tag == "em":
            continue
        assert parsed.tags(tag) == [], tag
    assert parsed.text.count(HOSTILE_SHOWN) >= 18
    assert len(parsed.tags("h1")) == 1
    assert "49" not in parsed.text and "\x01" not in markdown


@pytest.mark.parametrize("text", [
    "# not a heading", "- not a list", "+ not a list", "1. not a list", "2) not a list",
    "> not a quote", "a | b | c", "`not code`", "*not emphasis*", "_not emphasis_",
    "[not](a link)", "<b>not html</b>", "&amp; not an entity", "~~not struck~~", "=== ",
    "--- not a rule", "\\ backslash",
])
def test_md_escape_keeps_text_literal(text: str) -> None:
    parsed = _as_html(md_escape(text) + "\n")
    assert parsed.text == norm(text)
    assert [tag for tag, _ in parsed.elements] == ["p"]


def test_text_opening_an_html_comment_hides_nothing(tmp_path: Path) -> None:
    source = replace(VALID, "Practitioners attended a half-day workshop.",
                     "Practitioners attended <!-- a half-day workshop.")
    source = replace(source, "title: Child T", "title: Child <!-- T")
    markdown = _render(tmp_path, write(tmp_path, "s.yaml", source))
    rows = len(expected_rows(check_text(source, today=dt.date.fromisoformat(TODAY)).summary))
    for parser in (COMMONMARK, GITHUB):
        page = HTMLTree(parser.render(markdown))
        assert [e.text for e in page.tags("h1")] == ["Learning Summary: Child <!-- T"]
        assert "Practitioners attended <!-- a half-day workshop." in page.blocks()
        # Every row after it is still there, down to the last.
        assert len(page.tags("h2")) == rows
        assert page.blocks()[-1] == "Not applicable"
        # learnsum's own comments only: its name at the top, its stamp at the end.
        assert page.comments[0] == GENERATOR_COMMENT[4:-3]
        assert len(page.comments) == 2
        assert page.comments[1].startswith(" learnsum-output ")


def test_web_address_stays_one_address(tmp_path: Path) -> None:
    """An underscore inside a word is not emphasis, so it is not escaped: GitHub links the whole
    address as typed (escaped, it would show the backslashes, or link only up to "/a")."""
    text = "See http://example.org/a_b_c and www.example.org/a_b_c for the guidance."
    source = replace(VALID, "Practitioners attended a half-day workshop.", text)
    markdown = _render(tmp_path, write(tmp_path, "s.yaml", source))
    assert text in markdown
    assert text in HTMLTree(COMMONMARK.render(markdown)).blocks()
    github = HTMLTree(GITHUB.render(markdown))
    assert text in github.blocks()
    assert [(a.text, a.attrs["href"]) for a in github.tags("a")] == [
        ("http://example.org/a_b_c", "http://example.org/a_b_c"),
        ("www.example.org/a_b_c", "http://www.example.org/a_b_c"),
    ]


@pytest.mark.parametrize("text", [
    "http://example.org/_a_ and www.example.org/*b*", "http://example.org/a\\b`c`",
])
def test_web_address_needing_escapes_is_plain_text(text: str) -> None:
    """An address holding what Markdown would read as markup cannot be left bare, and GitHub
    would show escapes inside a link: it is kept from becoming a link, and reads as typed."""
    for parser in (COMMONMARK, GITHUB):
        page = HTMLTree(parser.render(md_escape(text) + "\n"))
        assert [(e.tag, e.text) for e in page.elements] == [("p", text)]


@pytest.mark.parametrize(("text", "shown"), [
    ("25\u00a0September\u202f2015", None), ("第一\u3000第二", None),
    ("   leading spaces", "leading spaces"), ("two  spaces,\ta tab", "two spaces, a tab"),
    ("trailing backslash \\", None), ("#1 priority", None), ("a #", None), ("1) first", None),
    ("10. tenth", None), ("1.5 mg", None), ("- dash", None), ("+ plus", None), ("-> next", None),
    ("| pipe |", None), ("> quote", None), ("=== ", "==="), ("*", None), ("```", None),
    ("snake_case and _emphasis_ and __strong__", None), ("x <!-- y", None),
    ("&copy; &#35; &amp;", None), ("[x](y) ![x](y) [^1]", None), ("~~struck~~ ~one~", None),
])
def test_md_escape_reads_back_in_every_place(text: str, shown: str | None) -> None:
    """Escaped, the text reads back exactly, as a paragraph, a bullet, a heading or a table cell
    (runs of ordinary spaces show as one, and none at the ends; other spaces are text)."""
    escaped = md_escape(text)
    for markdown, tag in ((f"{escaped}\n", "p"), (f"- {escaped}\n", "li"),
                          (f"## {escaped}\n", "h2"), (f"| a |\n| --- |\n| {escaped} |\n", "td")):
        for parser in (COMMONMARK, GITHUB):
            page = HTMLTree(parser.render(markdown))
            kept = [(e.tag, e.text) for e in page.elements if e.tag not in (
                "ul", "table", "thead", "tbody", "tr", "th")]
            assert kept == [(tag, shown or text)], markdown

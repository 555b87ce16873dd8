"""`learnsum render --format md`: GitHub-flavoured Markdown whose user text stays text."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from learnsum.output import GENERATOR_COMMENT
from learnsum.catalogue import FORM_TITLE
from learnsum.render.templated import md_escape
from render_helpers import (
    CHILD_O, HOSTILE_SHOWN, MARKING, HTMLDocument, child_o, expected_content, expected_rows,
    hostile_summary, norm, section_keys,
)
from support import TODAY, cli, write


def _render(folder: Path, source: Path, *args: str) -> str:
    out = folder / "out.md"
    result = cli("render", source, "--format", "md", "-o", out, "--today", TODAY, *args)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def _as_html(markdown: str) -> HTMLDocument:
    """The Markdown as a GitHub-like renderer shows it (CommonMark, tables, strikethrough)."""
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    return HTMLDocument(parser.render(markdown))


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
    assert lines[-1].startswith("<!-- learnsum-output sha256=")  # learnsum's stamp comes last


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

"""`learnsum render --format html`: one self-contained page, parsed back."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnsum.catalogue import FORM_TITLE
from learnsum.output import GENERATOR_COMMENT
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
    out = folder / "out.html"
    result = cli("render", source, "--format", "html", "-o", out, "--today", TODAY, *args)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _render(tmp_path_factory.mktemp("html"), CHILD_O, "--marking", MARKING)


def test_row_headers_are_labels_then_prompts_in_order(page: str) -> None:
    parsed = HTMLDocument(page)
    expected = [norm(label + " " + (prompt or "")) for label, prompt in expected_rows(child_o())]
    assert [norm(text) for text in parsed.row_headers] == expected
    assert len(parsed.tags("th")) >= len(expected)
    assert all(attrs.get("scope") in ("row", "col") for attrs in parsed.tags("th"))


def test_content_is_in_its_row(page: str) -> None:
    parsed = HTMLDocument(page)
    summary = child_o()
    cells = dict(zip(section_keys(summary), parsed.cells))
    for key, pieces in expected_content(summary).items():
        for piece in pieces:
            assert piece in norm(cells[key]), (key, piece)


def test_semantic_and_self_contained(page: str) -> None:
    parsed = HTMLDocument(page)
    assert page.startswith("<!DOCTYPE html>")
    assert len(parsed.tags("h1")) == 1 and FORM_TITLE in parsed.text
    headings = [a for a in parsed.tags("span") if a.get("role") == "heading"]
    assert len(headings) == len(expected_rows(child_o()))
    assert {a.get("name") for a in parsed.tags("meta")} >= {"viewport"}
    for tag in ("script", "link", "img", "iframe", "object"):
        assert parsed.tags(tag) == []
    assert "@media print" in page and "@media (max-width" in page
    assert "http://" not in page and "https://" not in page and "url(" not in page
    assert parsed.tags("h3")  # agencies


def test_marking_at_top_and_bottom(page: str) -> None:
    parsed = HTMLDocument(page)
    markings = [a for a in parsed.tags("p") if "marking" in (a.get("class") or "")]
    assert len(markings) == 2
    text = parsed.text
    assert text.startswith(MARKING) and text.endswith(MARKING)


def test_hostile_text_in_every_field_is_literal(tmp_path: Path) -> None:
    source = write(tmp_path, "hostile.yaml", hostile_summary())
    page = _render(tmp_path, source)
    parsed = HTMLDocument(page)
    assert parsed.tags("script") == []
    assert not any("href" in attrs or "src" in attrs
                   for _, attrs in parsed.elements)
    assert all(not k.startswith("on") for _, attrs in parsed.elements for k in attrs)
    # title, reference, partnership, review label, purpose, precis, 2 points, 2 method items,
    # agency, agency point, multi-agency, owner, action, evidence, audit, comments, update
    # sender and text: every one shown as typed.
    assert parsed.text.count(HOSTILE_SHOWN) >= 20
    assert "49" not in parsed.text
    assert "\x01" not in page


def test_right_to_left_text_is_isolated_from_the_english_around_it(tmp_path: Path) -> None:
    """A Hebrew or Arabic value ending in a number or punctuation would otherwise take the
    English around it into its own direction ("From: אבי כהן 2 – ..." reorders). A value beside
    other words is a <bdi>; a paragraph or bullet of the author's own takes its direction from its
    text (dir="auto"), so a right-to-left paragraph reads right to left."""
    title, owner, agency, sender = "ילד 7", "مدير الحماية، 2", "שירותי בריאות (3)", "אבי כהן 2"
    point, paragraph = "لم تتم مشاركة المعلومات.", "הסוכנויות שיתפו מידע, 20%."
    source = replace(VALID, "title: Child T", f"title: {title}")
    source = replace(source, "owner: Designated Nurse, Integrated Care Board", f"owner: {owner}")
    source = replace(source, "  - agency: Health", f"  - agency: {agency}")
    source = replace(source, "  - The GP practice escalated promptly.", f"  - {point}")
    source = replace(source, "  Practitioners attended a half-day workshop.", f"  {paragraph}")
    source = replace(source, "slides: not-applicable",
                     f"slides: not-applicable\nupdates:\n  - date: 2024-04-01\n    from: {sender}\n"
                     "    text: The family moved.")
    page = HTMLTree(_render(tmp_path, write(tmp_path, "rtl.yaml", source)))
    assert page.problems == []
    isolated = [e.text for e in page.tags("bdi")]
    for value in (title, owner, agency, sender):
        assert value in isolated, value
    assert [e.text for e in page.tags("h1")] == [f"{FORM_TITLE} {title}"]
    by_direction = {e.text: e.tag for e in page.elements if e.attrs.get("dir") == "auto"}
    assert by_direction[point] == "li" and by_direction[paragraph] == "p"
    assert by_direction["The family moved."] == "p"
    # A point with a kind starts with the English label: its text is isolated within the line.
    concern = next(e for e in page.tags("li") if e.text.startswith("Concern:"))
    assert concern.attrs == {}
    assert "Health visitors did not know of the police call-outs." in isolated


def test_no_guidance_and_byte_stability(tmp_path: Path) -> None:
    with_prompts = _render(tmp_path, CHILD_O)
    without = _render(tmp_path, CHILD_O, "--no-guidance")
    prompts = [prompt for _, prompt in expected_rows(child_o()) if prompt]
    assert all(norm(p) in HTMLDocument(with_prompts).text for p in prompts)
    assert not any(norm(p) in HTMLDocument(without).text for p in prompts)
    assert _render(tmp_path, CHILD_O) == with_prompts


def test_template_dir_overrides_the_page(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write(templates, "summary.html.j2", "<p>{{ view.title }} / {{ view.rows|length }}</p>\n")
    page = _render(tmp_path, CHILD_O, "--template-dir", str(templates))
    # learnsum's mark is added when a template leaves it out, so a later render may replace it.
    body, stamp = page.split("\n<!-- learnsum-output ")
    assert body == f"{GENERATOR_COMMENT}\n<p>Child O / {len(expected_rows(child_o()))}</p>"
    assert stamp.endswith(" -->\n") and stamp.count("\n") == 1  # learnsum's stamp comes last


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{% for x in range(100000000) %}{{ x }}{% endfor %}", "runs away"),
        ('{{ "x" * 1000000000 }}', "runs away"),
        ("{% include 'summary.html.j2' %}", "includes itself"),
        ("{% include 'missing.j2' %}", "'missing.j2', is not in"),
    ],
)
def test_runaway_or_broken_templates_are_one_line(
        tmp_path: Path, template: str, words: str) -> None:
    templates = tmp_path / "templates"
    write(templates, "summary.html.j2", template)
    result = cli("render", CHILD_O, "-f", "html", "-o", tmp_path / "x.html",
                 "--template-dir", templates)
    assert result.returncode == 1, result.stderr
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_template_cannot_reach_python(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write(templates, "summary.html.j2",
          "{{ view.__class__.__init__.__globals__['sys'].modules['os'].system('echo pwned') }}\n")
    result = cli("render", CHILD_O, "-f", "html", "-o", tmp_path / "x.html",
                 "--template-dir", templates)
    assert result.returncode == 1
    assert "template error" in result.stderr and "summary.html.j2" in result.stderr
    assert result.stderr.count("\n") == 1 and "pwned" not in result.stdout
    assert not (tmp_path / "x.html").exists()


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write(templates, "summary.html.j2", "<p>\n{% for x in %}\n")
    result = cli("render", CHILD_O, "-f", "html", "-o", tmp_path / "x.html",
                 "--template-dir", templates)
    assert result.returncode == 1
    assert f"{templates / 'summary.html.j2'}:2: template error" in result.stderr


def test_a_marking_in_the_page_margins_stays_a_css_string(tmp_path: Path) -> None:
    from learnsum.render.templated import css_string

    marking = '"; } body { display: none } </style><script>alert(1)</script> \\'
    page = _render(tmp_path, write(tmp_path, "t.yaml", VALID), "--marking", marking)
    style = page[page.index("<style>"):page.index("</style>")]
    assert f"@top-center {{ content: {css_string(marking)};" in style
    assert "<script" not in page and "</style" not in style
    assert css_string('a"b\\c<d') == '"a\\22 b\\5c c\\3c d"'
    parsed = HTMLDocument(page)
    assert [a for a in parsed.tags("p") if "marking" in (a.get("class") or "")]

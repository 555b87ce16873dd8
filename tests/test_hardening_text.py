"""Hostile text: long strings, many hits, runaway patterns and templates.

Each case either finishes with the right result or is refused with one line naming the file
(and the place). Inputs are sized so that the quadratic (or exponential) ways they used to be
handled would run for minutes: the generous subprocess timeout of `cli` is only a guard against
a hang, never a measure. benchmarks/hostile_bench_text.py measures the time and memory.
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from learnsum import privacy, sandbox
from learnsum.loader import load_string
from learnsum.privacy import terms as privacy_terms
from learnsum.validate import MAX_PROBLEMS_PER_RULE
from support import TODAY, VALID, cli, position_of, replace, write
from test_render_pptx import overflows, squash

GUARD = 60  # seconds: a hang guard for the subprocess, not a measure
METHOD = "  Practitioners attended a half-day workshop.\n"
POINT = "  - The GP practice escalated promptly.\n"


def summary_with(folder: Path, old: str, new: str, name: str = "s.yaml") -> Path:
    return write(folder, name, replace(VALID, old, new))


def validate(*args: Any, cwd: Path) -> Any:
    return cli("validate", *args, "--today", TODAY, cwd=cwd, timeout=GUARD)


def _postcodes(count: int) -> list[str]:
    """Distinct full postcodes (every one a separate needle in the text)."""
    areas = ["NN", "AB", "BS", "CF", "LS", "M", "B", "SE"]
    units = [a + b for a, b in itertools.product("ABDEFGHJ", repeat=2)]
    found = []
    for area, district, sector, unit in itertools.product(areas, range(1, 30), range(1, 10),
                                                           units):
        found.append(f"{area}{district} {sector}{unit}")
        if len(found) == count:
            break
    return found


# -- 13: finding positions, many hits ----------------------------------------------------------


def test_sixty_thousand_placeholders_are_placed_listed_and_counted(tmp_path: Path) -> None:
    text = replace(VALID, METHOD, "  " + "TODO " * 60_000 + "\n")
    write(tmp_path, "s.yaml", text)
    result = validate("s.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    listed = [line for line in lines if "placeholder 'TODO'" in line]
    assert len(listed) == MAX_PROBLEMS_PER_RULE
    line, column = position_of(text, "TODO")
    assert listed[0].startswith(f"s.yaml:{line}:{column}: warning")
    assert listed[-1].startswith(f"s.yaml:{line}:{column + 5 * (MAX_PROBLEMS_PER_RULE - 1)}:")
    more = [line for line in lines if "more placeholder-text problems" in line]
    assert more == [f"s.yaml:{line}:{column + 5 * MAX_PROBLEMS_PER_RULE}: warning and 59,900 "
                    "more placeholder-text problems in this file from here on, not listed (the "
                    f"first {MAX_PROBLEMS_PER_RULE} of each rule are) [placeholder-text]"]


def test_forty_thousand_different_postcodes_are_placed(tmp_path: Path) -> None:
    codes = _postcodes(40_000)
    text = replace(VALID, METHOD, "  " + " ".join(codes) + "\n")
    write(tmp_path, "s.yaml", text)
    result = validate("s.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = [line for line in result.stdout.splitlines() if line.endswith("[postcode]")]
    assert len(found) == MAX_PROBLEMS_PER_RULE + 1
    for index in (0, 57, MAX_PROBLEMS_PER_RULE - 1):
        line, column = position_of(text, codes[index])
        assert found[index].startswith(f"s.yaml:{line}:{column}: warning '"), found[index]
    assert "39,900 more postcode problems" in found[-1]


def test_a_deny_term_on_every_word_is_found_once_each(tmp_path: Path) -> None:
    write(tmp_path, ".learnsum.yaml", "privacy:\n  deny: [Smith, Jane Smith]\n")
    text = replace(VALID, METHOD, "  " + "Smith and " * 30_000 + "Jane  Smith.\n")
    write(tmp_path, "s.yaml", text)
    result = validate("--privacy-only", "s.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = [line for line in result.stdout.splitlines() if line.endswith("[deny-list]")]
    assert len(found) == MAX_PROBLEMS_PER_RULE + 1
    assert "29,901 more deny-list problems" in found[-1]


def test_a_long_deny_list_costs_what_the_text_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixty thousand terms (about the 1 MB a deny-list file may have): only the terms whose
    words the text holds are matched in full (each needs its pattern compiled), instead of all
    of them being compiled and looked for through the whole text."""
    letters = "abcdefghijklmnop"
    terms = tuple(f"{a}{b}{c}{d}ley {e}{f}{g}ton".title() for a, b, c, d, e, f, g in
                  itertools.islice(itertools.product(letters, repeat=7), 60_000))
    compiled: list[str] = []

    class CountingRe:
        def __getattr__(self, name: str) -> Any:
            return getattr(re, name)

        def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
            if flags & re.IGNORECASE:  # a term's pattern (the detectors' have no flags)
                compiled.append(pattern)
            return re.compile(pattern, flags)

    monkeypatch.setattr(privacy_terms, "re", CountingRe())
    for text in ("İ " + "The family moved near the school. " * 3_000 + terms[-1].upper() + ".",
                 "The family moved near the school. " * 3_000 + terms[-1].upper() + "."):
        found = privacy.scan(text, privacy.PrivacySettings(deny_terms=terms))
        assert [(f.rule, f.text) for f in found] == [("deny-list", terms[-1].upper())]
    assert len(compiled) == 1, len(compiled)


@pytest.mark.parametrize(
    ("yaml_value", "needle"),
    [
        ("plain text that goes on\n  over two lines with NN1 1AA in it", "NN1 1AA"),
        (">-\n  folded text\n\n  with NN1 1AA after a blank line", "NN1 1AA"),
        ("|\n  literal text\n     indented NN1 1AA", "NN1 1AA"),
        ("'it''s quoted, it''s NN1 1AA'", "NN1 1AA"),
        ('"escaped \\t and \\u00e9 before NN1 1AA"', "NN1 1AA"),
        ('"NN1 1AA first, then \\x41 escape"', "NN1 1AA"),
    ],
)
def test_a_hit_is_placed_where_it_is_written(yaml_value: str, needle: str) -> None:
    text = replace(VALID, "method_learning: |\n" + METHOD, f"method_learning: {yaml_value}\n")
    document = load_string(text)
    assert not isinstance(document, type(None)) and hasattr(document, "data")
    value = document.data["method_learning"]  # type: ignore[union-attr]
    offset = value.index(needle)
    place = document.offset_position(("method_learning",), offset, needle)  # type: ignore[union-attr]
    assert place == position_of(text, needle)


# -- 14: slides for long text ------------------------------------------------------------------


def _deck(path: Path) -> Any:
    return Presentation(io.BytesIO(path.read_bytes()))


def _body_text(deck: Any) -> str:
    """The paragraphs of every slide's body in order, less the headings a continuation slide
    repeats and the ellipses that mark where a paragraph breaks off and goes on."""
    paragraphs = [paragraph.text for slide in deck.slides for shape in slide.shapes
                  if shape.name == "Body" for paragraph in shape.text_frame.paragraphs]
    return " ".join(text for text in paragraphs if text != "Other learning").replace("…", " ")


def test_one_learning_point_of_80_kb_is_spread_over_slides(tmp_path: Path) -> None:
    words = ("The health visitor did not know about the police call-outs, so nobody "
             "escalated; ").split()
    point = " ".join(itertools.islice(itertools.cycle(words), 14_000))
    assert len(point) > 80_000
    summary_with(tmp_path, POINT, f"  - {point}\n")
    result = cli("render", "s.yaml", "-f", "pptx", "--today", TODAY, cwd=tmp_path, timeout=GUARD)
    assert result.returncode == 0, result.stderr
    deck = _deck(tmp_path / "s.pptx")
    assert overflows(deck) == []
    # Every word of the point is shown, in order, across its continuation slides.
    assert squash(point) in squash(_body_text(deck))
    # The notes of a continuation slide carry its part, not the whole point again.
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert max(len(n) for n in notes) < 10_000


def test_an_unbroken_word_of_80_kb_is_cut_across_slides(tmp_path: Path) -> None:
    summary_with(tmp_path, POINT, "  - " + "Unbroken" * 10_000 + " and the end.\n")
    result = cli("render", "s.yaml", "-f", "pptx", "--today", TODAY, cwd=tmp_path, timeout=GUARD)
    assert result.returncode == 0, result.stderr
    deck = _deck(tmp_path / "s.pptx")
    assert overflows(deck) == []
    assert "Unbroken" * 10_000 + "andtheend." in re.sub(r"\s", "", _body_text(deck))


def test_a_summary_that_would_need_hundreds_of_slides_is_refused(tmp_path: Path) -> None:
    point = "The practitioners described a pattern of missed appointments. " * 6_000
    text = replace(VALID, POINT, f"  - {point}\n")
    write(tmp_path, "s.yaml", text)
    result = cli("render", "s.yaml", "-f", "pptx", "--today", TODAY, cwd=tmp_path, timeout=GUARD)
    assert result.returncode == 1
    line, column = position_of(text, "case_learning:")
    assert result.stderr.startswith(f"learnsum: s.yaml:{line}:{column}: not rendered as pptx: "
                                    "the slides would "
                                    "run to more than the 100 a deck may have")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "s.pptx").exists()


# -- 15: configured patterns -------------------------------------------------------------------


def test_a_catastrophic_allow_pattern_is_stopped_and_named(tmp_path: Path) -> None:
    config = "privacy:\n  allow_patterns:\n    - '^ok$'\n    - '^(a|a)*$'\n"
    write(tmp_path, ".learnsum.yaml", config)
    summary_with(tmp_path, METHOD, "  " + "a" * 60 + " NN1 1AA\n")
    result = validate("s.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    line, column = position_of(config, "'^(a|a)*$'")
    errors = [row for row in result.stdout.splitlines() if " error " in row]
    assert len(errors) == 1
    assert errors[0].startswith(f".learnsum.yaml:{line}:{column}: error the allow pattern "
                                "'^(a|a)*$' took too long on s.yaml")
    assert "simpler pattern" in errors[0] and errors[0].endswith("[invalid-value]")


def test_the_nested_repetition_of_the_issue_finishes(tmp_path: Path) -> None:
    """`^(\\w+\\s?)+$` backtracks for ever in Python's re on a line that almost matches."""
    write(tmp_path, ".learnsum.yaml", "privacy:\n  allow_patterns: ['^(\\w+\\s?)+$']\n")
    summary_with(tmp_path, METHOD, "  " + "a" * 40 + " jane.doe@example.org\n")
    summary_with(tmp_path, "  - The GP practice escalated promptly.",
                 "  - The GP practice escalated promptly; NN1 1AA", "allowed.yaml")
    result = validate("s.yaml", "allowed.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    found = [row for row in result.stdout.splitlines() if row.endswith("]")]
    # The e-mail address is reported; the postcode matches the pattern, so it is allowed.
    assert len(found) == 1 and found[0].startswith("s.yaml:"), found
    assert found[0].endswith("[email-address]")


# -- 16: templates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ('{{ "x"|center(1000000000) }}', "center() would be 1,000,000,000 characters"),
        ("{{ lipsum(200000) }}", "lipsum() may make at most 100 paragraphs"),
        ("{% for a in range(100000) %}{% for b in range(100000) %}{{ b }}"
         "{% endfor %}{% endfor %}", "more than 1,000,000 steps"),
        ('{% set ns = namespace(s="x" * 4000000) %}{% for i in range(40) %}'
         "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}", "joined with ~"),
        ('{{ "%1000000000s"|format("x") }}', "a width of 1,000,000,000"),
        ('{{ "{:>1000000000}".format("x") }}', "a width of 1,000,000,000"),
        ('{{ "y"|indent(1000000000, true) }}', "indent() would be"),
        ('{{ (["y" * 4000000] * 3)|join }}', "repeated 3 times"),
        ("{% for i in range(100) %}{{ 'x' * 4000000 }}{% endfor %}", "output would be more"),
    ],
)
def test_a_runaway_template_is_stopped_at_its_line(tmp_path: Path, template: str, words: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    write(templates, "summary.md.j2", "# {{ view.title }}\n\n" + template + "\n")
    summary_with(tmp_path, "title: Child T", "title: Child T")
    # Loops are stopped at a number of steps or after 1 s of processor time, whichever comes
    # first: the time limit is lifted here so that the step limit is what stops them, however
    # slow the machine or the coverage measurement makes the loop.
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 600.0)
    result = cli("render", "s.yaml", "-f", "md", "--template-dir", templates, "--today", TODAY,
                 cwd=tmp_path, timeout=GUARD)
    assert result.returncode == 1
    assert result.stderr.startswith(f"learnsum: s.yaml: not rendered as md: "
                                    f"{templates / 'summary.md.j2'}:3: the template "
                                    "runs away and was stopped: "), result.stderr
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "s.md").exists()


def test_a_busy_but_bounded_template_still_renders(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write(templates, "summary.md.j2",
          "{% for a in range(300) %}{% for b in range(300) %}{% endfor %}{% endfor %}"
          '{{ view.title|center(20) }}|{{ "%-6s"|format("ab") }}|{{ "a" ~ "b" * 3 }}|'
          "{{ lipsum(2, false)|wordcount > 10 }}\n")
    summary_with(tmp_path, "title: Child T", "title: Child T")
    result = cli("render", "s.yaml", "-f", "md", "--template-dir", templates, "--today", TODAY,
                 cwd=tmp_path, timeout=GUARD)
    assert result.returncode == 0, result.stderr
    # The line the template made, before learnsum's stamp on the last line.
    lines = (tmp_path / "s.md").read_text().splitlines()
    assert lines[-1].startswith("<!-- learnsum-output ")
    assert lines[-2] == "      Child T       |ab    |abbb|True"

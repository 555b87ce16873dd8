"""`strings:` and `language:` in `.learnsum.yaml`: every fixed word a reader sees, in the
partnership's own words and language, in every output."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnsum import catalogue
from learnsum.config import ConfigError, load_config
from learnsum.loader import load_string
from learnsum.model import Summary
from learnsum.render.build import build_view
from support import VALID, position_of, write


def _problems(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    path = write(tmp_path, ".learnsum.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [(p.line, p.column, p.rule, p.message) for p in caught.value.problems]


def _summary() -> Summary:
    document = load_string(VALID, "t.yaml")
    return Summary.model_validate(document.data)  # type: ignore[union-attr]


def test_the_defaults_are_the_english_words_and_en_gb(tmp_path: Path) -> None:
    view = build_view(_summary(), load_config(write(tmp_path, ".learnsum.yaml", "marking: X\n")))
    assert view.words["actions.owner"] == "Owner"
    assert view.words["title"] == view.form_title == "Learning Summary"
    assert view.language == "en-GB"


def test_a_string_and_the_language_replace_the_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ".learnsum.yaml", (
        "language: cy-GB\nstrings:\n  actions.owner: Perchennog\n  months.march: Mawrth\n"
        "  statuses.draft: Drafft\n")))
    view = build_view(_summary(), config)
    assert view.words["actions.owner"] == "Perchennog"
    assert view.words["actions.action"] == "Action"  # the others keep their defaults
    assert view.language == "cy-GB"
    assert view.completed == "1 Mawrth 2024"
    status = next(fact for fact in view.facts if fact.label == "Status")
    assert status.text == "Drafft"


def test_mistakes_in_strings_and_language_are_positioned(tmp_path: Path) -> None:
    text = ("language: English please\nstrings:\n  actions.ownr: Perchennog\n"
            "  page_number: Tudalen {page}\n  title: ''\n")
    found = _problems(tmp_path, text)
    rules = {(line, column): (rule, message) for line, column, rule, message in found}
    assert rules[position_of(text, "English")][1].startswith(
        "'English please' is not a language tag")
    rule, message = rules[position_of(text, "actions.ownr")]
    assert rule == "unknown-key" and "did you mean 'actions.owner'?" in message
    rule, message = rules[position_of(text, "Tudalen")]
    assert rule == "invalid-value" and "must keep {page}, {pages}" in message
    assert rules[position_of(text, "''")][0] == "wrong-type"
    assert len(found) == 4


def test_every_string_has_a_default_and_keeps_its_braces() -> None:
    assert catalogue.placeholders(catalogue.STRINGS["page_number"]) == {"page", "pages"}
    assert catalogue.placeholders(catalogue.STRINGS["slides.generate"]) == {"deck"}
    assert all(text.strip() for text in catalogue.STRINGS.values())

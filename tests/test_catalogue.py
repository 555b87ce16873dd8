"""The form is written down once: no other file of the code base repeats a label or prompt."""

from __future__ import annotations

from learnsum import catalogue
from support import REPO

CODE_FOLDERS = ("src", "templates")


def _code_files() -> list:  # type: ignore[type-arg]
    files = []
    for folder in CODE_FOLDERS:
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".j2", ".html", ".md", ".txt", ".css"):
                files.append(path)
    return files


def test_labels_and_prompts_are_written_only_in_the_catalogue() -> None:
    strings = [s.label for s in catalogue.SECTIONS]
    strings += [s.prompt for s in catalogue.SECTIONS if s.prompt]
    strings += [t.label for t in catalogue.REVIEW_TYPES + catalogue.THEMES if len(t.label) > 12]
    offenders = []
    for path in _code_files():
        if path.name == "catalogue.py":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(REPO)}: {s!r}" for s in strings if s in text]
    assert offenders == []


def test_sections_follow_the_form() -> None:
    keys = [section.key for section in catalogue.SECTIONS]
    assert keys == ["completed", "review", "case", "case_learning", "method_learning",
                    "single_agency", "multi_agency", "actions", "audit", "comments", "updates",
                    "slides"]
    required = {s.key for s in catalogue.SECTIONS if s.required}
    assert required == set(keys) - {"comments", "updates", "slides"}


def test_vocabularies_have_unique_ids_and_labels() -> None:
    for terms in (catalogue.REVIEW_TYPES, catalogue.THEMES, catalogue.STATUSES,
                  catalogue.POINT_KINDS, catalogue.ACTION_STATUSES):
        ids = [t.id for t in terms]
        assert len(ids) == len(set(ids))
        assert all(t.label for t in terms)
    assert len(catalogue.THEMES) == 24

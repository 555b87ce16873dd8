"""Matching the form's rows to its sections by their labels and prompts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from ..catalogue import Section
from .form import Block, FormRow, Grid, Para

#: How close a row's label must be to a section's label to be taken as that section.
MATCH_THRESHOLD = 0.5


_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def tokens(text: str) -> list[str]:
    """Words of `text` folded for comparison: case, punctuation, dashes and "'s" ignored, and
    words cut to five letters so that "learnt"/"learning" and "agency"/"agencies" meet."""
    folded = _APOSTROPHES.sub("", text.lower())
    return [word[:5] for word in _NON_WORD.split(folded) if word]


def similarity(text: str, target: str) -> float:
    """How well `text` (a row's label) matches `target` (a section's label): 0 to 1.

    The mean of the ordered token ratio (difflib) and of how much of the target the text covers,
    so extra trailing words cost little but a different distinctive word costs much.
    """
    mine, theirs = tokens(text), tokens(target)
    if not mine or not theirs:
        return 0.0
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return 0.5 * matcher.ratio() + 0.5 * matched / len(theirs)


def section_score(label: str, section: Section) -> float:
    """The best match of a label cell against a section's label, alone or with its prompt."""
    scores = [similarity(label, section.label)]
    if section.prompt:
        scores.append(similarity(label, f"{section.label} {section.prompt}"))
    return max(scores)


def match_rows(rows: Sequence[FormRow], sections: Sequence[Section]
               ) -> tuple[dict[int, Section], list[FormRow]]:
    """Assign rows to sections (each section at most once), best matches first.

    Returns the section of each matched row (by the row's index in `rows`) and the rows that
    match none.
    """
    pairs = []
    for index, row in enumerate(rows):
        for order, section in enumerate(sections):
            score = section_score(row.label, section)
            if score >= MATCH_THRESHOLD:
                pairs.append((-score, index, order, section))
    pairs.sort(key=lambda pair: (pair[0], pair[1], pair[2]))
    taken_rows: dict[int, Section] = {}
    taken_sections: set[str] = set()
    for _, index, _, section in pairs:
        if index in taken_rows or section.key in taken_sections:
            continue
        taken_rows[index] = section
        taken_sections.add(section.key)
    unmatched = [row for index, row in enumerate(rows) if index not in taken_rows]
    return taken_rows, unmatched


def merge_rows(rows: Sequence[FormRow], sections: Sequence[Section]) -> list[FormRow]:
    """Join rows that Word or a typist split: a row with no label continues the row above; a
    label-only row whose words complete the label above joins it."""

    def best(label: str) -> float:
        return max((section_score(label, s) for s in sections), default=0.0)

    merged: list[FormRow] = []
    for row in rows:
        if merged and not row.label:
            last = merged[-1]
            merged[-1] = FormRow(last.number, last.label_paras, last.content + row.content)
            continue
        if merged and not has_text(row.content):
            last = merged[-1]
            joined = f"{last.label} {row.label}"
            if best(row.label) < MATCH_THRESHOLD and best(joined) > best(last.label):
                merged[-1] = FormRow(last.number, last.label_paras + row.label_paras,
                                     last.content)
                continue
        merged.append(row)
    return merged


def has_text(blocks: Iterable[Block]) -> bool:
    for block in blocks:
        if isinstance(block, Para) and block.text.strip():
            return True
        if isinstance(block, Grid):
            return True
    return False


def strip_prompt(blocks: Sequence[Block], prompt: str | None) -> list[Block]:
    """The content without the guidance prompt typed (or left) at its top."""
    result = list(blocks)
    if not prompt or not result or not isinstance(result[0], Para):
        return result
    first = result[0]
    text = first.text
    if similarity(text, prompt) >= 0.8 or (first.italic and similarity(text, prompt) >= 0.5):
        return result[1:]
    if text.startswith("("):
        depth = 0
        for position, char in enumerate(text):
            depth += char == "("
            depth -= char == ")"
            if depth == 0:
                if similarity(text[: position + 1], prompt) >= 0.6:
                    rest = text[position + 1:].strip()
                    return ([Para(rest, first.listed)] if rest else []) + result[1:]
                break
    prompt_words = len(prompt.split())
    head = " ".join(text.split()[:prompt_words])
    if similarity(head, prompt) >= 0.9:
        rest = " ".join(text.split()[prompt_words:])
        return ([Para(rest, first.listed)] if rest else []) + result[1:]
    return result

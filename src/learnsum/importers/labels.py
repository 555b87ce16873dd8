"""Matching the form's rows to its sections by their labels and prompts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from ..catalogue import Section
from ..records import record
from .form import Block, FormRow, Grid, Para

#: How close a row's label must be to a section's label to be taken as that section.
MATCH_THRESHOLD = 0.5


_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    folded = _APOSTROPHES.sub("", text.lower())
    return tuple(word[:5] for word in _NON_WORD.split(folded) if word)


def tokens(text: str) -> list[str]:
    """Words of `text` folded for comparison: case, punctuation, dashes and "'s" ignored, and
    words cut to five letters so that "learnt"/"learning" and "agency"/"agencies" meet."""
    return list(_tokens(text))


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


#: Small words a synonym is compared without ("Date of completion" against "Date completed").
_SMALL_WORDS = frozenset("a an and the of to for in on by about any i e".split())


def _content_words(text: str) -> list[str]:
    return [word for word in tokens(text) if word not in _SMALL_WORDS]


def synonym_similarity(text: str, synonym: str) -> float:
    """How well a row's label matches one of a section's other wordings: as :func:`similarity`
    without the small words, and only the shared words (both ways) for a one-word synonym."""
    mine, theirs = _content_words(text), _content_words(synonym)
    if not mine or not theirs:
        return 0.0
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    if len(theirs) == 1:
        return matcher.ratio()
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return 0.5 * matcher.ratio() + 0.5 * matched / len(theirs)


@record(frozen=True)
class Candidate:
    """A section a label may be, how well it matches (0 to 1), and why."""

    section: Section
    score: float
    why: str
    #: The configuration's own wording is preferred to anything the catalogue says.
    priority: int = 0


def candidates(label: str, section: Section) -> list[Candidate]:
    """Every way `label` matches `section`: its label (the configuration's when it has one),
    with its prompt, the catalogue's label, and the catalogue's other wordings of the row."""
    from ..catalogue import SECTION_SYNONYMS, SECTIONS_BY_KEY

    default = SECTIONS_BY_KEY.get(section.key)
    configured = default is not None and (default.label != section.label
                                          or default.prompt != section.prompt)
    whose = "the configuration's label" if configured else "the form's label"
    found = [Candidate(section, similarity(label, section.label), whose, int(configured))]
    if section.prompt:
        found.append(Candidate(section, similarity(label, f"{section.label} {section.prompt}"),
                               f"{whose} and prompt", int(configured)))
    if configured and default is not None:
        found.append(Candidate(section, similarity(label, default.label), "the form's label"))
    for synonym in SECTION_SYNONYMS.get(section.key, ()):
        found.append(Candidate(section, synonym_similarity(label, synonym),
                               f"like '{synonym}'"))
    return found


@lru_cache(maxsize=4096)
def best_candidate(label: str, section: Section) -> Candidate:
    """The best way `label` matches `section` (remembered: a batch meets the same labels in
    every form)."""
    return max(candidates(label, section), key=lambda c: (c.score, c.priority))


def section_score(label: str, section: Section) -> float:
    """The best match of a label cell against a section: its label, alone or with its prompt,
    or one of its other wordings."""
    return best_candidate(label, section).score


def match_rows(rows: Sequence[FormRow], sections: Sequence[Section]
               ) -> tuple[dict[int, Section], list[FormRow], dict[int, Candidate]]:
    """Assign rows to sections (each section at most once): the configuration's own wording
    first, then the best matches.

    Returns the section of each matched row (by the row's index in `rows`), the rows that match
    none, and the best candidate of every row (matched or not) for `--explain`.
    """
    pairs = []
    best: dict[int, Candidate] = {}
    for index, row in enumerate(rows):
        for order, section in enumerate(sections):
            found = best_candidate(row.label, section)
            if index not in best or found.score > best[index].score:
                best[index] = found
            if found.score >= MATCH_THRESHOLD:
                pairs.append((-found.priority, -found.score, index, order, found))
    pairs.sort(key=lambda pair: pair[:4])
    taken_rows: dict[int, Section] = {}
    taken_sections: set[str] = set()
    for _, _, index, _, found in pairs:
        if index in taken_rows or found.section.key in taken_sections:
            continue
        taken_rows[index] = found.section
        taken_sections.add(found.section.key)
        best[index] = found
    unmatched = [row for index, row in enumerate(rows) if index not in taken_rows]
    return taken_rows, unmatched, best


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
            if best(joined) >= best(last.label) and best(joined) > best(row.label):
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

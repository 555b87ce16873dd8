"""Deny-list and allowed terms, found a word of the text at a time."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .. import patterns as _patterns
from .findings import Finding, PrivacySettings
from .text import starts_word

# Terms are found by their words rather than by a search of the whole text for each term: the
# text's words (runs of letters, digits and underscores) are listed once, and a tree of the
# terms' words, folded to one case, tells at each word which terms can start there; only those
# are matched in full. So the cost grows with the text and what is found in it, not with the
# text times the number of terms (a deny-list file may hold thousands).
_TERM_WORD_PATTERN = r"\w+"


def _fold(word: str) -> str:
    """A word as case-insensitive matching sees it, near enough ("İ" and "ı" are "i")."""
    return word.casefold().replace("i\u0307", "i").replace("\u0131", "i")


class _TermNode:
    """One word of the terms' tree: the words that may follow it, and the terms ending here
    (rank, characters before the term's first word)."""

    __slots__ = ("children", "terms")

    def __init__(self) -> None:
        self.children: dict[str, _TermNode] = {}
        self.terms: list[tuple[int, int]] = []


class _TermIndex:
    """The terms' tree, the terms it cannot hold (a first word with no letter or digit), and
    each term's pattern by rank (longer terms rank first and win overlaps), compiled when the
    term is first met: a deny-list of thousands of names must not cost thousands of compiles."""

    __slots__ = ("root", "loose", "terms", "patterns", "word_re")

    def __init__(self, root: _TermNode, loose: tuple[int, ...], terms: list[str],
                 word_re: re.Pattern[str]) -> None:
        self.root = root
        self.loose = loose
        self.terms = terms
        self.patterns: dict[int, re.Pattern[str]] = {}
        self.word_re = word_re

    def pattern(self, rank: int) -> re.Pattern[str]:
        compiled = self.patterns.get(rank)
        if compiled is None:
            source = r"\s+".join(re.escape(w) for w in self.terms[rank].split())
            compiled = self.patterns[rank] = re.compile(rf"{source}(?!\w)", re.IGNORECASE)
        return compiled


@lru_cache(maxsize=64)
def _terms_index(terms: tuple[str, ...]) -> _TermIndex | None:
    """How to find the terms: each as a case-insensitive pattern, reached through its words."""
    cleaned = sorted({t.strip() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    if not cleaned:
        return None
    word_re = _patterns.compile(_TERM_WORD_PATTERN)
    root = _TermNode()
    loose: list[int] = []
    for rank, term in enumerate(cleaned):
        first = word_re.search(term)
        if first is None or any(ch.isspace() for ch in term[: first.start()]):
            loose.append(rank)
            continue
        node = root
        for word in word_re.findall(term):
            key = _fold(word)
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _TermNode()
            node = child
        node.terms.append((rank, first.start()))
    return _TermIndex(root, tuple(loose), cleaned, word_re)


def _inside_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one part of an address or domain ("jane@police.example.uk")."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[1] in "@." and before[0].isalnum()) or (
        len(after) == 2 and after[0] in "@." and after[1].isalnum()
    )


def term_spans(
    text: str, terms: tuple[str, ...], in_addresses: bool = True
) -> list[tuple[int, int]]:
    """Where the terms occur in `text` as whole words, ignoring case; longer terms win overlaps.

    With `in_addresses` false, an occurrence that is one part of an e-mail address or a domain
    does not count: an allowed agency name ("Police") must not hide
    "jane.doe@northshire.police.uk".
    """
    index = _terms_index(terms)
    if index is None:
        return []
    found: list[tuple[int, int, int]] = []  # (rank, start, end)

    def consider(rank: int, m: re.Match[str] | None) -> None:
        if (
            m is not None
            and starts_word(text, m.start())
            and (in_addresses or not _inside_address(text, m.start(), m.end()))
        ):
            found.append((rank, m.start(), m.end()))

    if index.root.children:
        starts: list[int] = []
        words: list[str] = []
        if text.isascii():  # folding is lower-casing, which keeps every offset
            for m in index.word_re.finditer(text.lower()):
                starts.append(m.start())
                words.append(m.group())
        else:
            for m in index.word_re.finditer(text):
                starts.append(m.start())
                words.append(_fold(m.group()))
        top = index.root.children
        for i, word in enumerate(words):
            node = top.get(word)
            j = i
            while node is not None:
                for rank, lead in node.terms:
                    if starts[i] >= lead:
                        consider(rank, index.pattern(rank).match(text, starts[i] - lead))
                j += 1
                if j == len(words) or not node.children:
                    break
                node = node.children.get(words[j])
    for rank in index.loose:
        for m in index.pattern(rank).finditer(text):
            consider(rank, m)
    # Longer terms first, each in text order; a span overlapping one already taken is dropped.
    # Taken spans never overlap, so sorted by start they are sorted by end too.
    found.sort()
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for _, start, end in found:
        i = bisect_left(taken_starts, end)
        if i > 0 and taken_ends[i - 1] > start:
            continue
        taken_starts.insert(i, start)
        taken_ends.insert(i, end)
    return list(zip(taken_starts, taken_ends))


def find_denied(text: str, settings: PrivacySettings) -> list[Finding]:
    """Every occurrence of a deny-list term, e.g. the family's surname or the school's name."""
    return [
        Finding("deny-list", start, end, text[start:end])
        for start, end in term_spans(text, tuple(settings.deny_terms))
    ]


"""The text helpers the detectors share: word boundaries, case folding that keeps offsets,
digit counts, and the separators people type inside numbers."""

from __future__ import annotations

# Characters that separate the groups of a number when people type it.
SP = "[ \u00a0]"
SEPARATORS = " \u00a0-"


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def starts_word(text: str, i: int) -> bool:
    """Whether position `i` is not preceded by a letter, digit or underscore."""
    return i == 0 or not is_word_char(text[i - 1])


def ends_word(text: str, i: int) -> bool:
    """Whether position `i` is not followed by a letter, digit or underscore."""
    return i >= len(text) or not is_word_char(text[i])


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def same_length_lower(text: str) -> str:
    """`text` in lower case with every character at its original offset.

    Matching lower-case patterns against this is much faster than re.IGNORECASE. str.lower()
    can change the length ("\u0130" becomes two characters); then only ASCII is lowered.
    """
    lower = text.lower()
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


def count_digits(s: str) -> int:
    return sum(map(str.isdigit, s))


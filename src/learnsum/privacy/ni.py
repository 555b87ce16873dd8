"""National Insurance numbers, by HMRC's rules."""

from __future__ import annotations

import re

from .findings import Finding, PrivacySettings
from .text import SP, ends_word, starts_word

# HMRC: D, F, I, Q, U, V are never used as either prefix letter; O is never the second letter.
_NI_PATTERN = (
    rf"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]){SP}?"
    rf"[0-9]{{2}}{SP}?[0-9]{{2}}{SP}?[0-9]{{2}}{SP}?[A-D]"
)
_NI_UNUSED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


class Patterns:
    """The regular expression of National Insurance numbers, compiled once (detectors.py)."""

    __slots__ = ("number",)

    def __init__(self) -> None:
        self.number = re.compile(_NI_PATTERN)


def find_ni(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """National Insurance numbers, upper case only (HMRC's format is case-sensitive)."""
    return [
        Finding("ni-number", m.start(), m.end(), m.group(0))
        for m in patterns.number.finditer(text)
        if m.group(1) not in _NI_UNUSED_PREFIXES
        and starts_word(text, m.start())
        and ends_word(text, m.end())
    ]


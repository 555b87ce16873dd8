"""National Insurance numbers, by HMRC's rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings
from .text import SP, ends_word, starts_word

# HMRC: D, F, I, Q, U, V are never used as either prefix letter; O is never the second letter.
_NI_PATTERN = (
    rf"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]){SP}?"
    rf"[0-9]{{2}}{SP}?[0-9]{{2}}{SP}?[0-9]{{2}}{SP}?[A-D]"
)
_NI_UNUSED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


class Patterns(CompiledOnUse):
    """The regular expression of National Insurance numbers, each compiled when first used."""

    __slots__ = ("number",)

    SOURCES: ClassVar[Mapping[str, str]] = {"number": _NI_PATTERN}

    number: re.Pattern[str]


def find_ni(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """National Insurance numbers, upper case only (HMRC's format is case-sensitive)."""
    return [
        Finding("ni-number", m.start(), m.end(), m.group(0))
        for m in patterns.number.finditer(text)
        if m.group(1) not in _NI_UNUSED_PREFIXES
        and starts_word(text, m.start())
        and ends_word(text, m.end())
    ]


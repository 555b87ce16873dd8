"""NHS numbers: 3-3-4 digits with a valid modulus-11 check digit; a bare run needs context."""

from __future__ import annotations

import re
from collections.abc import Mapping
from operator import mul
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings
from .text import SEPARATORS, SP

# Three groups of 3-3-4 digits, separated by one space/hyphen (the same one twice) or nothing.
# _nhs_alone() keeps us out of longer digit runs such as "+44 943 476 5919 12" and out of
# phone numbers written "+44 (0)113 496 0123".
_NHS_PATTERN = rf"([0-9][0-9]{{2}})({SP}|-)?([0-9]{{3}})(?(2)\2)([0-9]{{4}})"
# "NHS", "NHS no", "nhs number:", "CHI" (Scotland's equivalent, written in capitals).
_NHS_CONTEXT_PATTERN = r"(?<![A-Za-z])(?:[Nn][Hh][Ss]|CHI(?![A-Za-z]))"
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_NHS_CONTEXT_BEFORE = 32
_NHS_CONTEXT_AFTER = 16


class Patterns(CompiledOnUse):
    """The regular expressions of NHS numbers, each compiled when first used (compiled.py)."""

    __slots__ = ("number", "context")

    SOURCES: ClassVar[Mapping[str, str]] = {"number": _NHS_PATTERN, "context": _NHS_CONTEXT_PATTERN}

    number: re.Pattern[str]
    context: re.Pattern[str]


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10..2 on the first nine digits, 11 -> 0, 10 invalid."""
    if digits == digits[0] * 10:
        return False
    total: int = sum(map(mul, map(int, digits[:9]), _NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_alone(text: str, start: int, end: int) -> bool:
    """Whether a 3-3-4 run stands alone rather than inside a longer number."""
    before = text[max(0, start - 2) : start]
    if before:
        if before[-1].isdigit() or before[-1] in "+)":
            return False  # "19434765919", "+9434765919", "(0)9434765919"
        if (
            len(before) == 2
            and before[1] in SEPARATORS
            and (before[0].isdigit() or before[0] == ")")
        ):
            return False  # "44 943 476 5919", "(0) 943 476 5919"
    after = text[end : end + 2]
    if after:
        if after[0].isdigit():
            return False
        if len(after) == 2 and after[0] in SEPARATORS and after[1].isdigit():
            return False  # "943 476 5919 12"
    return True


def find_nhs(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """NHS numbers; about 1 in 11 random 10-digit runs pass the check, so bare runs need context."""
    found: list[Finding] = []
    for m in patterns.number.finditer(text):
        if not _nhs_alone(text, m.start(), m.end()):
            continue
        digits = m.group(1) + m.group(3) + m.group(4)
        if not nhs_check_digit_ok(digits):
            continue
        if m.group(2) is None:
            window = text[max(0, m.start() - _NHS_CONTEXT_BEFORE) : m.start()]
            after = text[m.end() : m.end() + _NHS_CONTEXT_AFTER]
            if not (patterns.context.search(window) or patterns.context.search(after)):
                continue
        found.append(Finding("nhs-number", m.start(), m.end(), m.group(0)))
    return found


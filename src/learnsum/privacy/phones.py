"""Phone numbers that could reach a person; service numbers (freephone, 03, premium rate) are
fine. Whether a number is valid, and whose, is phone_verdict.py's answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings
from .phone_verdict import phone_verdict
from .text import count_digits

# A cheap pre-filter: a run that starts like a dialled number (+country, 0, or "(0") and goes on
# in digits, spaces, hyphens and brackets. Only when one of these has 9+ digits is the (slow to
# import) phonenumbers library consulted. Numbers written without their leading 0 are not
# considered: "Case ref 1604123456" would otherwise be a valid Northampton number.
_PHONE_CANDIDATE_PATTERN = (
    # each opening checks the character before it with a look-behind placed after its first
    # character, so that the pattern still starts with a literal and the engine can skip ahead
    r"(?:\+(?<![\w+]\+)[ \u00a0]?[1-9]|\((?<![\w+]\()0|0(?<![\w+]0))[0-9 \u00a0()\-]{7,48}[0-9]"
)
_PHONE_TOKEN_PATTERN = r"[^ \u00a0]+"
_PHONE_MIN_DIGITS = 9
_PHONE_MAX_DIGITS = 15  # E.164
_PHONE_MAX_TOKENS = 6  # "+44 (0) 1604 123 456" is the most-grouped form people type


class Patterns(CompiledOnUse):
    """The regular expressions of phone numbers, each compiled when first used (compiled.py)."""

    __slots__ = ("candidate", "token")

    SOURCES: ClassVar[Mapping[str, str]] = {
        "candidate": _PHONE_CANDIDATE_PATTERN,
        "token": _PHONE_TOKEN_PATTERN,
    }

    candidate: re.Pattern[str]
    token: re.Pattern[str]


def find_phones(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """Phone numbers that could reach a person, validated against phonenumbers' ranges.

    Freephone (0800/0808), 03, shared-cost and premium-rate numbers are organisations' numbers
    (helplines, switchboards), so they are not reported. Within a candidate run the longest
    valid group of space-separated tokens wins, so two numbers typed next to each other are
    both found.
    """
    found: list[Finding] = []
    for cand in patterns.candidate.finditer(text):
        cand_start = cand.start()
        if count_digits(cand.group(0)) < _PHONE_MIN_DIGITS:
            continue
        tokens = [
            (t.start() + cand_start, t.end() + cand_start)
            for t in patterns.token.finditer(cand.group(0))
        ]
        i = 0
        while i < len(tokens):
            if text[tokens[i][0]] not in "+0(":
                i += 1
                continue
            matched_to: int | None = None
            for j in range(min(len(tokens), i + _PHONE_MAX_TOKENS) - 1, i - 1, -1):
                start, end = tokens[i][0], tokens[j][1]
                if text[start] == "(" and ")" not in text[start:end]:
                    start += 1  # "(07911 123456)": the bracket belongs to the sentence
                span = text[start:end]
                if not _PHONE_MIN_DIGITS <= count_digits(span) <= _PHONE_MAX_DIGITS:
                    continue
                verdict = phone_verdict(span)
                if verdict is None:
                    continue
                if verdict:
                    found.append(Finding("phone-number", start, end, span))
                matched_to = j
                break
            i = (matched_to + 1) if matched_to is not None else i + 1
    return found


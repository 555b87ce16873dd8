"""The detectors in their order of precedence, with their regular expressions compiled once.

Compiling every detector's patterns costs about 10 ms (the date pattern alone about 3 ms), more
than importing this package, which `learnsum` loads on every run. So each detector module keeps
its patterns as strings, with a `Patterns` class that compiles each of them when a scan first
uses it (compiled.py), and the first scan builds one :class:`Detectors`, which every later scan
reuses.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from .. import patterns as _patterns
from . import dates_of_birth, emails, nhs, ni, phones, postcodes, titled_names

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from collections.abc import Callable

    from .findings import Finding, PrivacySettings

# Rules whose identifiers always contain a digit: skipped on text without one.
DIGIT_RULES = frozenset({"nhs-number", "ni-number", "postcode", "phone-number", "date-of-birth"})
# Rules whose identifiers the gate of Detectors finds a sign of (a digit, "@" or a title).
GATED_RULES = DIGIT_RULES | {"email-address", "titled-name"}


class Detectors:
    """Every detector family's compiled patterns, each with its detector, in order of
    precedence: when two detectors claim overlapping text (an NHS number is also a valid
    premium-rate phone number; a postcode may sit in an e-mail address), the first wins."""

    __slots__ = ("digit", "gate", "order")

    def __init__(self) -> None:
        self.digit = _patterns.compile(r"[0-9]")
        #: What every identifier holds: a digit, an e-mail address's "@", or a title. Text
        #: without any of them is not given to the detectors (GATED_RULES): one search instead
        #: of one for each. (Written as literals only, so that the regex engine skips ahead to
        #: their first characters; a character class among them would stop it doing so.)
        self.gate = _patterns.compile(rf"(?:{titled_names.TITLES}|{'|'.join('0123456789')}|@)")
        # (rule id, detector, its patterns): called positionally, the cheapest call there is.
        self.order: tuple[tuple[str, Callable[[str, PrivacySettings, Any], list[Finding]], Any],
                          ...] = (
            ("nhs-number", nhs.find_nhs, nhs.Patterns()),
            ("ni-number", ni.find_ni, ni.Patterns()),
            ("email-address", emails.find_emails, emails.Patterns()),
            ("date-of-birth", dates_of_birth.find_dobs, dates_of_birth.Patterns()),
            ("postcode", postcodes.find_postcodes, postcodes.Patterns()),
            ("phone-number", phones.find_phones, phones.Patterns()),
            ("titled-name", titled_names.find_titled_names, titled_names.Patterns()),
        )


@cache
def detectors() -> Detectors:
    """The one :class:`Detectors` of this process, built by the first scan."""
    return Detectors()

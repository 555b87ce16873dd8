"""The detectors in their order of precedence, with their regular expressions compiled once.

Compiling every detector's patterns costs about 10 ms (the date pattern alone about 3 ms), more
than importing this package, which `learnsum` loads on every run. So each detector module keeps
its patterns as strings (and a `Patterns` class that compiles them), and the first scan builds
one :class:`Detectors` with every family's compiled patterns, which every later scan reuses.
"""

from __future__ import annotations

import re
from functools import cache, partial
from typing import TYPE_CHECKING

from . import dates_of_birth, emails, nhs, ni, phones, postcodes, titled_names

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from collections.abc import Callable

    from .findings import Finding, PrivacySettings

# Rules whose identifiers always contain a digit: skipped on text without one.
DIGIT_RULES = frozenset({"nhs-number", "ni-number", "postcode", "phone-number", "date-of-birth"})


class Detectors:
    """Every detector family's compiled patterns, and the detectors bound to them in order of
    precedence: when two detectors claim overlapping text (an NHS number is also a valid
    premium-rate phone number; a postcode may sit in an e-mail address), the first wins."""

    __slots__ = ("digit", "order")

    def __init__(self) -> None:
        self.digit = re.compile(r"[0-9]")
        self.order: tuple[tuple[str, Callable[[str, PrivacySettings], list[Finding]]], ...] = (
            ("nhs-number", partial(nhs.find_nhs, patterns=nhs.Patterns())),
            ("ni-number", partial(ni.find_ni, patterns=ni.Patterns())),
            ("email-address", partial(emails.find_emails, patterns=emails.Patterns())),
            ("date-of-birth", partial(dates_of_birth.find_dobs,
                                      patterns=dates_of_birth.Patterns())),
            ("postcode", partial(postcodes.find_postcodes, patterns=postcodes.Patterns())),
            ("phone-number", partial(phones.find_phones, patterns=phones.Patterns())),
            ("titled-name", partial(titled_names.find_titled_names,
                                    patterns=titled_names.Patterns())),
        )


@cache
def detectors() -> Detectors:
    """The one :class:`Detectors` of this process, built by the first scan."""
    return Detectors()

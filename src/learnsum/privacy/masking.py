"""How a finding is shown: enough kept to find it in the file, and never all of it."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from .. import patterns as _patterns
from .text import count_digits

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from collections.abc import Callable


def _mask_digits_after(s: str, keep: int) -> str:
    """Keep the first `keep` digits, star the rest, and keep the separators as typed."""
    out: list[str] = []
    seen = 0
    for ch in s:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_nhs(s: str) -> str:
    return _mask_digits_after(s, 3)  # "943 *** ****"


def _mask_ni(s: str) -> str:
    return "".join("*" if ch.isdigit() else ch for ch in s)  # "AB ** ** ** C"


def _mask_postcode(s: str) -> str:
    inward = s[-3:]
    return s[:-3] + "*" * len(inward)  # "NN1 ***"


def _mask_phone(s: str) -> str:
    digits = count_digits(s)
    return _mask_digits_after(s, min(4, digits // 3))  # "0113 *** ****"


def _mask_email(s: str) -> str:
    local, _, domain = s.partition("@")
    return f"{local[:1]}***@{domain}"  # "j***@example.org"


_DATE_PART_PATTERN = r"[0-9A-Za-z]+"


@cache
def _date_part_re() -> re.Pattern[str]:
    """The parts of a date, compiled when a date is first masked."""
    return _patterns.compile(_DATE_PART_PATTERN)


def _mask_date(s: str) -> str:
    """Keep the year (a year of birth is allowed) and hide day and month."""
    return _date_part_re().sub(lambda m: m.group(0) if _is_year(m.group(0)) else "**", s)


def _is_year(part: str) -> bool:
    return len(part) == 4 and part.isdigit() and part[:2] in ("18", "19", "20")


def _mask_titled_name(s: str) -> str:
    """Keep the title and initials: "Mrs S****", "Mr J. S****"."""
    title, *names = s.split()
    parts = [n if len(n.rstrip(".")) == 1 else n[:1] + "****" for n in names]
    return " ".join([title, *parts])


def _mask_generic(s: str) -> str:
    """First character and a fixed run of stars (the length would be a clue); short: all stars."""
    stripped = s.strip()
    return (stripped[:1] + "****") if len(stripped) >= 3 else "****"


_MASKERS: dict[str, Callable[[str], str]] = {
    "nhs-number": _mask_nhs,
    "ni-number": _mask_ni,
    "postcode": _mask_postcode,
    "phone-number": _mask_phone,
    "email-address": _mask_email,
    "date-of-birth": _mask_date,
    "titled-name": _mask_titled_name,
    "deny-list": _mask_generic,
}


def mask(rule: str, text: str) -> str:
    """A finding's text as reports show it: enough kept to find it in the file, never all of it."""
    masker = _MASKERS.get(rule, _mask_generic)
    masked = masker(text)
    if masked == text or "*" not in masked:  # defensive: a masker must hide something
        return _mask_generic(text)
    return masked

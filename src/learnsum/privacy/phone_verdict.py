"""Whether a phone number could reach a person, as phonenumbers would say (the fast path).

The one interface is :func:`phone_verdict`. UK numbers (+44: GB, Guernsey, Isle of Man, Jersey)
are typed from phonenumbers' own metadata, compiled once; the others go through
phonenumbers.parse(). tests/test_privacy_phone_verdict.py compares the verdicts with the
library's on some 35,000 numbers."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from collections.abc import Callable

# phonenumbers' number types in the order phonenumbers.number_type() tries them, each with
# whether it can reach a person.
_TYPE_ORDER = (
    ("premium_rate", False),
    ("toll_free", False),
    ("shared_cost", False),
    ("voip", True),
    ("personal_number", True),
    ("pager", True),
    ("uan", False),
    ("voicemail", False),
    ("fixed_line", True),
    ("mobile", True),
)
# A phonenumbers PhoneNumberDesc: its possible lengths (empty: any) and its pattern's fullmatch.
_Desc = tuple[frozenset[int], "Callable[[str], re.Match[str] | None]"]
# Per region sharing +44 (GB, Guernsey, Isle of Man, Jersey): its leading-digits pattern, its
# general description and its typed descriptions.
_Region = tuple["re.Pattern[str] | None", _Desc, tuple[tuple[bool, _Desc], ...]]


@cache
def _uk_region_table() -> tuple[_Region, ...] | None:
    """phonenumbers' metadata for the +44 regions, with its patterns compiled once.

    phonenumbers looks every pattern up again (in re's cache) on every call, which made
    validation most of the cost of a scan. None when this phonenumbers lays its metadata out
    differently: then every number goes through phonenumbers.parse().
    """
    import phonenumbers

    def desc(metadata: object, name: str) -> _Desc | None:
        d = getattr(metadata, name, None)
        pattern = getattr(d, "national_number_pattern", None)
        if not pattern:
            return None
        lengths = frozenset(getattr(d, "possible_length", None) or ())
        return lengths, re.compile(pattern).fullmatch

    try:
        regions: list[_Region] = []
        for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44]:
            metadata = phonenumbers.PhoneMetadata.metadata_for_region(code)
            general = desc(metadata, "general_desc")
            if metadata is None or general is None:
                raise ValueError(f"no metadata for {code}")
            leading = getattr(metadata, "leading_digits", None)
            types = tuple(
                (personal, d)
                for name, personal in _TYPE_ORDER
                if (d := desc(metadata, name)) is not None
            )
            regions.append((re.compile(leading) if leading else None, general, types))
    except (AttributeError, KeyError, TypeError, ValueError, re.error):
        return None
    return tuple(regions)


def _region_kind(
    general: _Desc, types: tuple[tuple[bool, _Desc], ...], national_significant: str
) -> bool | None:
    """phonenumbers' _number_type_helper(): the first type whose lengths and pattern match."""
    size = len(national_significant)
    lengths, fullmatch = general
    if (lengths and size not in lengths) or fullmatch(national_significant) is None:
        return None
    for personal, (lengths, fullmatch) in types:
        if (not lengths or size in lengths) and fullmatch(national_significant) is not None:
            return personal
    return None


def _uk_kind(regions: tuple[_Region, ...], national_significant: str) -> bool | None:
    """phonenumbers' verdict on a +44 national significant number, from its own metadata.

    The region is chosen as phonenumbers.region_code_for_number() chooses it (a region with a
    leading-digits pattern claims the numbers that start with it; otherwise the first region
    in which the number has a type), then typed as phonenumbers.number_type() types it.
    True: fixed line, mobile, personal, pager or VoIP; False: a service number; None: invalid.
    """
    for leading, general, types in regions:
        if leading is not None:
            if leading.match(national_significant):
                return _region_kind(general, types, national_significant)
            continue
        verdict = _region_kind(general, types, national_significant)
        if verdict is not None:
            return verdict
    return None


def phone_verdict(number_text: str) -> bool | None:
    """True: a person's number; False: a valid service number; None: not a valid number.

    phonenumbers (region GB) knows which ranges are allocated and rejects Ofcom's drama
    numbers such as 07700 900123. It is imported on first need (about 60 ms). UK numbers
    ("0...", "+44 ...") are typed by _uk_kind() from the library's metadata; numbers of other
    countries go through phonenumbers.parse() and number_type().
    """
    digits = "".join(filter(str.isdigit, number_text))
    head = number_text.lstrip("(")[:1]
    national: str | None = None
    if head == "0" and not digits.startswith("00"):
        national = digits[1:]
    elif head == "+" and digits.startswith("44"):
        national = digits[2:]
        if national.startswith("0"):
            national = national[1:]  # "+44 (0)113 ..."
    if national is not None:
        regions = _uk_region_table()
        if regions is not None:
            return _uk_kind(regions, national)
    import phonenumbers  # deferred: ~60 ms to import, most texts never need it

    try:
        number = phonenumbers.parse(number_text, "GB")
    except phonenumbers.NumberParseException:
        return None
    kind_code = phonenumbers.number_type(number)  # UNKNOWN for invalid numbers
    if kind_code == phonenumbers.PhoneNumberType.UNKNOWN:
        return None
    return kind_code in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        phonenumbers.PhoneNumberType.PAGER,
        phonenumbers.PhoneNumberType.VOIP,
    )


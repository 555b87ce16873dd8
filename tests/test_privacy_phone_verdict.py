"""The phone fast path (learnsum.privacy.phone_verdict) against phonenumbers itself.

learnsum types +44 numbers from phonenumbers' own metadata rather than through the library's
calls; this test keeps that shortcut honest on some 35,000 numbers.
"""

from __future__ import annotations

import pytest

from learnsum.privacy.phone_verdict import phone_verdict


def test_phone_verdicts_agree_with_phonenumbers() -> None:
    """learnsum types +44 numbers with phonenumbers' own metadata, compiled once, instead of
    calling phonenumbers.number_type() (which was most of the cost of a scan); the verdicts
    must be the library's, including Guernsey, Jersey and Isle of Man numbers and drama ranges."""
    import random

    phonenumbers = pytest.importorskip("phonenumbers")

    personal = {
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        phonenumbers.PhoneNumberType.PAGER,
        phonenumbers.PhoneNumberType.VOIP,
    }

    def reference(text: str) -> bool | None:
        try:
            number = phonenumbers.parse(text, "GB")
        except phonenumbers.NumberParseException:
            return None
        kind = phonenumbers.number_type(number)
        if kind == phonenumbers.PhoneNumberType.UNKNOWN:
            return None
        return kind in personal

    rng = random.Random(44)
    numbers = ["7700900123", "1632960123", "1134960123", "7911123456", "1481123456", "7624123456"]
    # Some 35,000 comparisons (three ways of writing each number), as large as the independent
    # comparison the fast path was first checked against.
    for _ in range(11_666):
        length = rng.choice([6, 8, 9, 9, 10, 10, 11])
        numbers.append(
            rng.choice("123577899") + "".join(rng.choice("0123456789") for _ in range(length))
        )
    verdicts = {True: 0, False: 0, None: 0}
    for nsn in numbers:
        for text in (f"0{nsn}", f"+44 {nsn}", f"+44 (0){nsn}"):
            expected = reference(text)
            verdicts[expected] += 1
            assert phone_verdict(text) == expected, text
    assert min(verdicts.values()) > 50, verdicts  # the sample exercised every verdict

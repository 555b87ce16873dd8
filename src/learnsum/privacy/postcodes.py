"""Full UK postcodes (an outward code alone is not reported)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings
from .text import SP

# The 121 postcode areas of the UK plus the Crown dependencies; an outward code has to start
# with one of these, which keeps "AB12 3CD"-shaped reference codes from other schemes out.
_POSTCODE_AREAS = frozenset(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE
    LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL
    SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split()
)
# Inward code (9AA; the unit letters never include C, I, K, M, O, V), found first because it
# starts with a digit, then the outward code (A9, A99, A9A, AA9, AA99, AA9A) with an optional
# space just before it. Case is checked afterwards (all upper or all lower).
_INWARD_PATTERN = r"[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z0-9])"
_OUTWARD_PATTERN = (
    rf"(?<![A-Za-z0-9])(?:(?P<area>[A-Za-z]{{1,2}})(?P<district>[0-9][0-9A-Za-z]?)|(?P<gir>GIR|gir))"
    rf"(?P<space>{SP}?)$"
)
_THIRD_LETTERS = frozenset("ABCDEFGHJKPSTUW")  # A9A outward codes (London W1A, E1W...)
_FOURTH_LETTERS = frozenset("ABEHMNPRVWXY")  # AA9A outward codes (SW1A, EC1A...)


class Patterns(CompiledOnUse):
    """The regular expressions of postcodes, each compiled when first used (compiled.py)."""

    __slots__ = ("inward", "outward")

    SOURCES: ClassVar[Mapping[str, str]] = {"inward": _INWARD_PATTERN, "outward": _OUTWARD_PATTERN}

    inward: re.Pattern[str]
    outward: re.Pattern[str]


def _postcode_ok(area: str, district: str, spaced: bool, whole: str) -> bool:
    """Whether a candidate is shaped like a real postcode, not just like letters and digits."""
    letters = "".join(ch for ch in whole if ch.isalpha())
    if not (letters.isupper() or letters.islower()):
        return False  # "Nn1 1aa" is not how anyone types a postcode
    if not spaced and not letters.isupper():
        return False  # "nn11aa" is too likely to be something else
    area_u = area.upper()
    if area_u not in _POSTCODE_AREAS:
        return False
    if len(district) == 2 and district[1].isalpha():
        allowed = _THIRD_LETTERS if len(area_u) == 1 else _FOURTH_LETTERS
        if district[1].upper() not in allowed:
            return False
    return True


def find_postcodes(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """Full postcodes only: an outward code ("NN1") covers thousands of households."""
    found: list[Finding] = []
    for inward in patterns.inward.finditer(text):
        m = patterns.outward.search(text, max(0, inward.start() - 5), inward.start())
        if m is None:
            continue
        whole = text[m.start() : inward.end()]
        if m.group("gir"):
            if whole.upper().replace("\u00a0", " ") not in ("GIR 0AA", "GIR0AA"):
                continue
        elif not _postcode_ok(m.group("area"), m.group("district"), bool(m.group("space")), whole):
            continue
        found.append(Finding("postcode", m.start(), inward.end(), whole))
    return found


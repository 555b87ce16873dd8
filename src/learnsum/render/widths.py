"""How wide text is: per-character widths of a wide sans-serif font (Arial-like), in ems.

The slides (:mod:`.pptx.metrics`) wrap text by these widths and the Word form
(:mod:`.docx_layout`) sizes its rows and columns by them; this module is all the Word renderer
needs of the slides' measures, so rendering a Word file does not import the slides' modules.
"""

from __future__ import annotations

import unicodedata

#: Extra width on every estimate, for fonts wider than the table below.
SAFETY = 1.06

_NARROW = set("ijlI.,;:'!|`’‘ ")
_SEMI = set("ftr()[]{}-/\\\"“”*")
_WIDE_LOWER = set("mw")
_WIDE_UPPER = set("MW@%")


def char_width(char: str) -> float:
    """The width of one character in ems, for a wide sans-serif font (Arial-like)."""
    if char in _NARROW:
        return 0.28
    if char in _SEMI:
        return 0.36
    if char in _WIDE_LOWER:
        return 0.85
    if char in _WIDE_UPPER:
        return 0.95
    if char.isupper():
        return 0.74
    if char.isascii():
        return 0.57
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.65


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` in points at `size`."""
    return units(text) * size * SAFETY / 100


# Widths are added up in hundredths of an em, in which every width of char_width() is a whole
# number: sums are then exact, and a word is measured once however often lines are tried.
_CHAR_UNITS: dict[str, int] = {}


def char_units(char: str) -> int:
    """The width of one character in hundredths of an em."""
    found = _CHAR_UNITS.get(char)
    if found is None:
        found = _CHAR_UNITS[char] = round(char_width(char) * 100)
    return found


def units(text: str, most: int | None = None) -> int:
    """The width of `text` in hundredths of an em; past `most`, any number above it."""
    if text.isascii():  # most words: measured by one table look-up a byte, in C
        return sum(text.encode("ascii").translate(_ASCII_UNITS))
    if most is None or len(text) * 100 <= most:
        return sum(map(char_units, text))
    total = 0
    for char in text:
        total += char_units(char)
        if total > most:
            break
    return total


_ASCII_UNITS = bytes(char_units(chr(code)) for code in range(128)) + bytes(128)
#: The narrowest character's width (hundredths of an em).
NARROWEST = min(_ASCII_UNITS[:128])

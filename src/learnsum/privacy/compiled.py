"""Regular expressions compiled when a detector first uses them.

Compiling every detector's patterns costs several milliseconds (the date pattern alone more
than one), while most text never reaches most of them: the dates of birth are looked for only
around a label's hint, the e-mail domain only at an "@". Each detector's `Patterns` names its
pattern strings in SOURCES; an attribute is compiled on its first reading and kept in its slot,
so that later readings cost what reading any attribute does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from .. import patterns as _patterns


class CompiledOnUse:
    """A holder of regular expressions, each compiled from SOURCES when first read."""

    __slots__ = ()
    #: Each attribute's pattern (compiled without flags).
    SOURCES: ClassVar[Mapping[str, str]] = {}

    def __getattr__(self, name: str) -> re.Pattern[str]:
        # Called only for an attribute not set yet (an empty slot).
        try:
            source = type(self).SOURCES[name]
        except KeyError:
            raise AttributeError(name) from None
        compiled = _patterns.compile(source)
        setattr(self, name, compiled)
        return compiled

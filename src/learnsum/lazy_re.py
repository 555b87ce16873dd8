"""Regular expressions compiled on first use.

Compiling a pattern costs from a tenth of a millisecond to a few (a character class holding any
character above U+00FF costs at least a third of one), and a module's patterns are compiled when
it is imported, by every command, whether or not the summary at hand needs them. A pattern that
most summaries never reach is made with :func:`compiled_on_use` instead, and read by calling it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import patterns as _patterns


def compiled_on_use(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function that returns `pattern` compiled with `flags`, compiling it on its first call."""
    compiled: re.Pattern[str] | None = None

    def get() -> re.Pattern[str]:
        nonlocal compiled
        if compiled is None:
            compiled = _patterns.compile(pattern, flags)
        return compiled

    return get

"""The configuration's own patterns (privacy.allow_patterns): compiled by the `regex` module, whose
matching can be stopped after a time, and the time they may take on one file."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from typing import Any

#: CPU seconds that the allow patterns together may take on one file. A pattern that repeats a
#: repetition, such as (a|a)*, can take longer than anyone waits on one line of text.
ALLOW_PATTERN_SECONDS = 1.0


class PatternTooSlow(Exception):
    """An allow pattern used up the time of the patterns on a text (`index`: its place in
    PrivacySettings.allow_patterns, which is its place in the configuration's list)."""

    def __init__(self, pattern: str, index: int, seconds: float) -> None:
        super().__init__(f"allow pattern {pattern!r} took longer than {seconds:g} s")
        self.pattern = pattern
        self.index = index
        self.seconds = seconds


class PatternBudget:
    """The CPU time the allow patterns have left; one budget is shared by every scan of a file."""

    def __init__(self, seconds: float = ALLOW_PATTERN_SECONDS) -> None:
        self.seconds = seconds
        self.left = seconds


def compile_user_pattern(pattern: str) -> Any:
    """A pattern from a configuration, compiled by the `regex` module, whose matching can be
    stopped after a time (Python's `re` cannot be); ValueError when it is not a pattern."""
    import regex

    try:
        return regex.compile(pattern)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise ValueError(f"'{pattern}' is not a regular expression: {error}") from None


@lru_cache(maxsize=64)
def allow_patterns_re(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    """The configured allow patterns, compiled once per settings; a bad one is a clear error."""
    compiled: list[Any] = []
    for pattern in patterns:
        try:
            compiled.append(compile_user_pattern(pattern))
        except ValueError as error:
            raise ValueError(f"privacy allow pattern {error}") from None
    return tuple(compiled)


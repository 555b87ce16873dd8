"""learnsum's own regular expressions, compiled once and kept between runs.

Python compiles a regular expression in two steps: a parser and a code generator written in
Python turn the pattern into a list of numbers, and the ``_sre`` engine builds the pattern object
from that list. The first step is most of the cost: learnsum's own patterns (the privacy
detectors, dates, the suppression comments, the characters no document can store) take about
15-20 ms of every cold ``validate`` or ``render``. :func:`compile` keeps the numbers of each
pattern it was asked for in the cache folder (the one the kept Word template uses), so the next
process builds the same pattern objects from them in about a millisecond.

Only patterns written in learnsum's source go through here (never one made from a summary or
the configuration, such as the deny-list's terms): the cache file holds no user's text. The
file is keyed by the Python that wrote it (its version and the regular expression engine's
version); a missing, unreadable, damaged or foreign file, or any failure to build a pattern from
it, means the pattern is compiled as usual, and the file is rewritten when the process ends.
``tests/test_patterns.py`` holds every kept pattern equal to what ``re.compile`` makes (pattern
objects compare their compiled code).
"""

from __future__ import annotations

import re
import sys
from typing import Any

__all__ = ["compile", "flush"]

#: The layout of the cache file; a file of another layout is ignored and replaced.
LAYOUT = 1
#: More entries than this (patterns of earlier versions pile up) and only those the process
#: used are written (learnsum has about a hundred patterns).
MOST = 1000

_loaded: dict[tuple[str, int], tuple[Any, ...]] | None = None
_made: dict[tuple[str, int], re.Pattern[str]] = {}
_missed: set[tuple[str, int]] = set()


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re's own name
    """``re.compile(pattern, flags)``, from the kept code when this Python kept it before."""
    flags = int(flags)
    key = (pattern, flags)
    made = _made.get(key)
    if made is not None:
        return made
    entries = _loaded if _loaded is not None else _load()
    entry = entries.get(key)
    if entry is not None:
        made = _build(pattern, entry)
    if made is None:
        made = re.compile(pattern, flags)
        if not _missed:
            import atexit

            atexit.register(flush)
        _missed.add(key)
    _made[key] = made
    return made


def _engine() -> list[Any]:
    """What the kept code is valid for: this Python and its regular expression engine."""
    import _sre

    return [LAYOUT, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE,
            sys.maxunicode]


def _path() -> Any:
    """The file of this Python's patterns: one a Python build, so that two Pythons sharing the
    folder do not replace each other's."""
    from .cache import folder
    from .hashing import sha256

    build = sha256(repr(_engine()).encode("utf-8")).hexdigest()[:12]
    return folder() / f"patterns-{sys.implementation.cache_tag}-{build}.json"


#: The names of the files :func:`flush` writes (the four most recent are kept).
_OWN = r"patterns-[a-z0-9_.-]{1,40}-[0-9a-f]{12}\.json"


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _loaded
    _loaded = {}
    from .cache import read_checked

    kept = read_checked(_path(), 16 * 1024 * 1024)
    if not isinstance(kept, dict) or kept.get("engine") != _engine() or \
            not isinstance(kept.get("patterns"), list):
        return _loaded
    for entry in kept["patterns"]:
        if isinstance(entry, list) and len(entry) == 7 and isinstance(entry[0], str) and \
                isinstance(entry[1], int) and isinstance(entry[5], dict) and \
                isinstance(entry[6], list):
            pattern, flags, final, code, groups, groupindex, indexgroup = entry
            _loaded[pattern, flags] = (final, code, groups, groupindex, tuple(indexgroup))
    return _loaded


def _build(pattern: str, entry: tuple[Any, ...]) -> re.Pattern[str] | None:
    """The pattern object from kept code; None when the entry does not make one."""
    try:
        import _sre

        flags, code, groups, groupindex, indexgroup = entry
        made: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, groupindex,
                                             indexgroup)
    except Exception:  # noqa: BLE001 - any fault in kept code means compiling as usual
        return None
    return made


def _code(pattern: str, flags: int) -> tuple[Any, ...]:
    """What ``re``'s compiler hands the engine for `pattern` (as ``re._compiler.compile``)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The code holds the compiler's named constants (an int subclass): kept as plain numbers.
    return (int(flags | parsed.state.flags), [int(number) for number in code],
            int(parsed.state.groups - 1), {str(name): int(index) for name, index in
                                          groupindex.items()}, tuple(indexgroup))


def flush() -> bool:
    """Keep the code of the patterns compiled in this process that the file did not hold
    (called when the process ends); False when nothing could be written."""
    if not _missed:
        return False
    try:
        from .cache import make_folder, prune, write_checked

        # A folder that cannot be made or written (a read-only home, or none): no code is
        # worked out for nothing.
        if make_folder() is None:
            return False
        entries = dict(_loaded or {})
        for pattern, flags in sorted(_missed):
            code = _code(pattern, flags)
            built = _build(pattern, code)
            if built is None or built != re.compile(pattern, flags):
                continue
            entries[pattern, flags] = code
        _missed.clear()
        if len(entries) > MOST:
            # Patterns of earlier versions pile up: keep only those this process used.
            entries = {key: code for key, code in entries.items() if key in _made}
        kept = {"engine": _engine(),
                "patterns": [[pattern, flags, *code] for (pattern, flags), code in
                             sorted(entries.items())]}
        written = write_checked(_path(), kept)
        prune(re.compile(_OWN), 4)
        return written
    except Exception:  # noqa: BLE001 - a cache that cannot be written is never an error
        return False


def forget() -> None:
    """Drop what this process has loaded and made (for tests)."""
    global _loaded
    _loaded = None
    _made.clear()
    _missed.clear()

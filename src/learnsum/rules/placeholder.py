"""Placeholder text left in a summary (TBC, TODO, [insert ...]) is unfinished work.

`placeholder-text`: TBC, TODO, XXX, `[insert ...]`, lorem ipsum or the form's own prompts left in
a value. A warning in a draft; an error once `status` is `final` or `published` (a level set in
`rules:` applies whatever the status). Write the text, or leave the summary a draft.

Example: `method_learning: TBC`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..dates import DateFormatError, parse_date, parse_month
from ..lazy_re import compiled_on_use
from ..problems import Severity, shown
from . import Context, Hit, checker, rule

PLACEHOLDER_TEXT = rule(
    "placeholder-text",
    Severity.WARNING,
    "Placeholder text (TBC, TODO, XXX, [insert ...], lorem ipsum); an error once final.",
    doc=__doc__,
)

#: Words every placeholder contains; a cheap test on the whole summary before the full pattern.
_CLUES = ("tbc", "tba", "tbd", "todo", "fixme", "xxx", "insert", "lorem")
_CLUE_BYTES = tuple(clue.encode("ascii") for clue in _CLUES)

placeholder = compiled_on_use(
    r"\b(?:TBC|TBA|TBD|TODO|FIXME)\b|\bX{3,}\b|\bx{3,}\b|\[\s*insert\b[^\]]*\]|<\s*insert\b[^>]*>"
    r"|\blorem\s+ipsum\b",
    re.IGNORECASE,
)


@checker(PLACEHOLDER_TEXT, needs_summary=False)
def check(context: Context) -> Iterator[Hit]:
    """Placeholders anywhere in the summary's text."""
    strings = context.document.strings()
    # Lowered as bytes (ASCII letters only, many times quicker than str.lower() on text with
    # any non-ASCII character): every clue is ASCII, and no other character lowers to one of
    # its letters where it could be part of a clue (U+0130 lowers to "i" and a combining dot).
    everything = "\n".join(text for _, text in strings).encode("utf-8", "surrogatepass").lower()
    if not any(clue in everything for clue in _CLUE_BYTES):
        return
    status = context.document.data.get("status")
    final = status in ("final", "published")
    level = Severity.ERROR if final else None
    why = (f"; a {status} summary must not contain placeholders"
           if final else "; finish it before the summary is final")
    for path, text in strings:
        if _unreadable_date(path, text):
            continue  # already an invalid-date error at the same place: report it once
        for match in placeholder().finditer(text):
            found = match.group(0)
            yield context.hit_in_text(
                PLACEHOLDER_TEXT.id, path, found,
                f"placeholder '{shown(found)}' left in the text{why}", level=level,
                offset=match.start(),
            )


#: The date and month keys of format v1 (a list index as "#"), and how each is read.
_DATE_READERS: dict[tuple[str, ...], Callable[[object], object]] = {
    ("completed",): parse_date,
    ("case", "incident"): parse_month,
    ("actions", "#", "due"): parse_date,
    ("updates", "#", "date"): parse_date,
}


def _unreadable_date(path: tuple[str | int, ...], text: str) -> bool:
    """Whether `text` is at a date (or month) key and cannot be read as one: the shape check
    reports that as an invalid-date error, which names a placeholder as one."""
    reader = _DATE_READERS.get(tuple("#" if isinstance(step, int) else step for step in path))
    if reader is None:
        return False
    try:
        reader(text)
    except DateFormatError:
        return True
    return False

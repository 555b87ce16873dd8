"""Reading a deny-list file: one term a line, UTF-8."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from pathlib import Path

#: A deny list is names, one a line: even thousands of them are far below this.
DENY_LIST_MAX_BYTES = 1024 * 1024


def load_deny_list_file(path: Path) -> tuple[str, ...]:
    """Terms from a deny-list file: one a line, UTF-8, blank lines and `#` comments ignored.

    Partnerships keep the family's names in such a file outside git (it is itself sensitive),
    so a wrong path or a file saved in the wrong format must be a clear error, not an empty list.
    """
    from ..files import UnreadableFile, read_regular_file

    try:
        data = read_regular_file(path, DENY_LIST_MAX_BYTES)
    except UnreadableFile as error:
        raise ValueError(f"cannot read deny-list file {path}: {error}") from None
    if b"\x00" in data:
        raise ValueError(
            f"deny-list file {path} looks binary (it contains NUL bytes); "
            "save it as plain UTF-8 text, one term a line"
        )
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"deny-list file {path} is not UTF-8 text (byte {error.start}); "
            "save it as plain UTF-8 text, one term a line"
        ) from None
    terms: list[str] = []
    seen: set[str] = set()
    for line in decoded.splitlines():
        term = line.strip()
        if not term or term.startswith("#"):
            continue
        if term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return tuple(terms)

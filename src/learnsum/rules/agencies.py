"""Single-agency learning is grouped by agency; names from the partnership's list keep reports
countable across reviews."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..problems import Severity
from ..suggest import nearest
from . import Context, Hit, checker, rule

UNKNOWN_AGENCY = rule(
    "unknown-agency",
    Severity.WARNING,
    "An agency name outside the configured list of agencies.",
)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", "")))


def is_known(agency: str, known: tuple[str, ...]) -> bool:
    """Known when it is a listed agency, or names one ('Northamptonshire Police' names Police)."""
    words = f" {_words(agency)} "
    return any(f" {_words(name)} " in words for name in known if _words(name))


@checker(UNKNOWN_AGENCY)
def check(context: Context) -> Iterator[Hit]:
    """An agency that is not in the configured list."""
    known = context.config.agencies
    for index, group in enumerate(context.model.single_agency):
        if group.agency.strip() and not is_known(group.agency, known):
            match = nearest(group.agency, known)
            hint = f" (did you mean '{match}'?)" if match else ""
            yield context.hit(
                "unknown-agency", ("single_agency", index, "agency"),
                f"agency '{group.agency}' is not in the list of agencies{hint}; "
                "add it to `agencies:` in .learnsum.yaml if it is right",
            )

"""Dates that cannot be true: the summary is written after the incident, and updates after it.

`impossible-date` (a format rule: always an error) reports a `completed` date in the future, a
`case.incident` after `completed`, and an update dated before `completed`. These are usually a
mistyped year or day and month swapped (learnsum reads dates day first: `03/04/2015` is
3 April). Correct the date.

Example: `completed: 2015-09-25` with `incident: 2016-12` (the incident after completion).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import uk_long
from ..problems import Severity
from . import Context, Hit, checker, rule

IMPOSSIBLE_DATE = rule(
    "impossible-date", Severity.ERROR,
    "A date that cannot be: completed in the future, incident after completion, "
    "an update before completion.",
    category="format", configurable=False, doc=__doc__,
)


@checker(IMPOSSIBLE_DATE)
def check(context: Context) -> Iterator[Hit]:
    """completed in the future, the incident after completion, or an update before it."""
    summary = context.model
    completed = summary.completed
    if completed > context.today:
        yield context.hit(
            IMPOSSIBLE_DATE.id, ("completed",),
            f"completed {uk_long(completed)} is in the future (today is {uk_long(context.today)})",
        )
    incident = summary.case.incident
    incident_after = (
        (incident.year, incident.month, incident.day or 0)
        > (completed.year, completed.month, completed.day if incident.day else 0)
    )
    if incident_after:
        yield context.hit(
            IMPOSSIBLE_DATE.id, ("case", "incident"),
            f"the incident ({incident}) is after the summary was completed ({uk_long(completed)})",
        )
    for index, update in enumerate(summary.updates):
        if update.date < completed:
            yield context.hit(
                IMPOSSIBLE_DATE.id, ("updates", index, "date"),
                f"this update ({uk_long(update.date)}) is dated before the summary was completed "
                f"({uk_long(completed)}); put earlier information in the sections themselves",
            )

"""Actions are tracked by boards until closed: each needs a due date, and overdue ones show."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import uk_long
from ..problems import Severity
from . import Context, Hit, checker, rule

ACTION_NO_DUE_DATE = rule(
    "action-no-due-date", Severity.WARNING, "An action without a due date cannot be tracked.",
    doc=__doc__,
)
ACTION_OVERDUE = rule(
    "action-overdue", Severity.WARNING, "An open action whose due date has passed.",
    doc=__doc__,
)
ACTION_DUE_BEFORE_COMPLETED = rule(
    "action-due-before-completed", Severity.WARNING,
    "An action due before the summary was completed (often a mistyped year).", doc=__doc__,
)

CLOSED = ("done", "dropped")


@checker(ACTION_NO_DUE_DATE, ACTION_OVERDUE, ACTION_DUE_BEFORE_COMPLETED)
def check(context: Context) -> Iterator[Hit]:
    """Actions without a due date, due before the summary was completed, or open past it."""
    completed = context.model.completed
    for index, action in enumerate(context.model.actions):
        if action.due is not None and action.due < completed:
            yield context.hit(
                ACTION_DUE_BEFORE_COMPLETED.id, ("actions", index, "due"),
                f"action {index + 1} is due {uk_long(action.due)}, before the summary was "
                f"completed ({uk_long(completed)}); check the date, especially its year",
            )
        if action.due is None:
            if action.status not in CLOSED:
                yield context.hit(
                    ACTION_NO_DUE_DATE.id, ("actions", index),
                    f"action {index + 1} ({action.owner}) has no due date; add `due:`",
                )
        elif action.status not in CLOSED and action.due < context.today:
            yield context.hit(
                ACTION_OVERDUE.id, ("actions", index, "due"),
                f"action {index + 1} was due {uk_long(action.due)} and is still "
                f"{action.status}; update its status or agree a new date",
            )

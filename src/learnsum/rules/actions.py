"""Actions are tracked by boards until closed: each needs a due date, and overdue ones show."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import uk_long
from ..problems import Severity
from . import Context, Hit, checker, rule

ACTION_NO_DUE_DATE = rule(
    "action-no-due-date", Severity.WARNING, "An action without a due date cannot be tracked."
)
ACTION_OVERDUE = rule(
    "action-overdue", Severity.WARNING, "An open action whose due date has passed."
)

CLOSED = ("done", "dropped")


@checker(ACTION_NO_DUE_DATE, ACTION_OVERDUE)
def check(context: Context) -> Iterator[Hit]:
    """Actions without a due date, and open actions past it."""
    for index, action in enumerate(context.model.actions):
        if action.due is None:
            if action.status not in CLOSED:
                yield context.hit(
                    "action-no-due-date", ("actions", index),
                    f"action {index + 1} ({action.owner}) has no due date; add `due:`",
                )
        elif action.status not in CLOSED and action.due < context.today:
            yield context.hit(
                "action-overdue", ("actions", index, "due"),
                f"action {index + 1} was due {uk_long(action.due)} and is still "
                f"{action.status}; update its status or agree a new date",
            )

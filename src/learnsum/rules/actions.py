"""Actions are tracked by boards until closed: each needs a due date, and overdue ones show.

- `action-no-due-date`: an open action with no `due:` cannot be tracked or reported as overdue.
  Add the date the owner agreed (`due: 2016-03-31`; a closed action may go without).
- `action-overdue`: an action that is still `open` or `in-progress` after its due date. Update
  its `status` (`done`, `dropped`) or agree a new date and write it in `due:`.
- `action-due-before-completed`: an action due before the summary was completed is almost
  always a mistyped year (`due: 2015-03-31` in a summary completed in September 2015).

Example: `- {owner: Named Nurse, action: Re-audit referrals, status: open}` has no due date.
"""

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

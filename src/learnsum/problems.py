"""The one value every check produces, whatever found it."""

from __future__ import annotations

from enum import Enum

from .records import field, record


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@record(frozen=True, order=True)
class Problem:
    """Something wrong with a summary, at a 1-based line and column of its file."""

    path: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    rule: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


def count(problems: list[Problem], severity: Severity) -> int:
    return sum(1 for problem in problems if problem.severity is severity)


#: The most characters of a value a message quotes: enough to recognise it, never a whole page.
QUOTE_LIMIT = 100


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`value` as a message quotes it: whole when short, else its first characters and "…"."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

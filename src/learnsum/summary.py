"""A learning summary in format version 1, as the rest of learnsum reads it: plain frozen data.

:mod:`learnsum.shape` checks a file's shape and builds these objects; the rules, the renderers,
the report and the importers read their attributes. They hold exactly what the Pydantic models
of :mod:`learnsum.model` (the format's declarative reference, from which the JSON Schema is
generated) would hold: the same attribute names (``from_`` for the YAML key ``from``), the same
defaults, dates as :class:`datetime.date`, an incident as a :class:`~learnsum.dates.Month`, and
text as written (a string, or a list of strings for bullets). Nothing here imports Pydantic, so
that checking one summary starts fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

from .dates import Month
from .records import field, record

#: Text: a string (paragraphs separated by a blank line) or a list of strings (bullets).
Text: TypeAlias = str | list[str]


class InvalidValue(ValueError):
    """A value a check refuses with its own rule and message (shown at the value's place)."""

    def __init__(self, rule: str, message: str, at: Literal["key", "value"] = "value") -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.at: Literal["key", "value"] = at


def web_address(value: str) -> str:
    """`value` as a web address written in full (https://, http:// or mailto:), or the error to
    report at its key (summaries' `briefing.further_information`, configuration's `resources`)."""
    address = value.strip()
    if any(space in address for space in " \t\n") or not address.lower().startswith(
            ("https://", "http://", "mailto:")):
        raise InvalidValue("invalid-value", f"'{address}' is not a web address: write it in "
                           "full, starting with https:// (or mailto: for an e-mail address)")
    return address


@record(frozen=True, slots=True, kw_only=True)
class Point:
    """A learning point: what was learnt, and optionally its kind and themes."""

    text: str
    kind: str | None = None
    themes: list[str] = field(default_factory=list)


@record(frozen=True, slots=True, kw_only=True)
class Review:
    type: str
    purpose: Text
    label: str | None = None


@record(frozen=True, slots=True, kw_only=True)
class Case:
    incident: Month
    precis: Text


@record(frozen=True, slots=True, kw_only=True)
class AgencyLearning:
    agency: str
    points: list[Point]


@record(frozen=True, slots=True, kw_only=True)
class Action:
    owner: str
    action: Text
    due: dt.date | None = None
    status: str = "open"
    evidence: Text | None = None


@record(frozen=True, slots=True, kw_only=True)
class Update:
    date: dt.date
    #: The YAML key `from` (a Python keyword).
    from_: str
    text: Text


@record(frozen=True, slots=True, kw_only=True)
class Link:
    """A document or page for further information: its title and address."""

    title: str
    url: str


@record(frozen=True, slots=True, kw_only=True)
class Briefing:
    """What the 7-minute briefing needs beyond the form (all optional)."""

    why_it_matters: Text | None = None
    further_information: list[Link] = field(default_factory=list)


@record(frozen=True, slots=True, kw_only=True)
class Summary:
    """A learning summary in format version 1."""

    learnsum: int
    title: str
    reference: str | None = None
    partnership: str | None = None
    status: str = "draft"
    completed: dt.date
    review: Review
    case: Case
    themes: list[str] = field(default_factory=list)
    case_learning: list[Point]
    method_learning: Text
    single_agency: list[AgencyLearning]
    multi_agency: list[Point]
    actions: list[Action]
    audit: Text
    comments: Text | None = None
    updates: list[Update] = field(default_factory=list)
    slides: str | None = None
    reflection: list[str] = field(default_factory=list)
    briefing: Briefing | None = None


def text_paragraphs(text: str | list[str] | None) -> list[str]:
    """Split a string into its paragraphs (blank-line separated), joining wrapped lines."""
    if text is None:
        return []
    if isinstance(text, list):
        return [item.strip() for item in text if item.strip()]
    paragraphs = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        if joined:
            paragraphs.append(joined)
    return paragraphs


def is_bulleted(text: str | list[str] | None) -> bool:
    return isinstance(text, list)

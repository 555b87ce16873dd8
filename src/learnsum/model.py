"""The learning-summary format, version 1, as Pydantic models: its declarative reference.

The models describe the *shape* of a summary: keys, types and the fixed vocabularies of
docs/format.md. The JSON Schema (`learnsum schema`, :mod:`learnsum.editor_schema`) is generated
from them and the language server reads their field descriptions. Checking a file does not use
them: :mod:`learnsum.shape` checks the same shape without Pydantic (a cold start pays no model
building) and gives the plain objects of :mod:`learnsum.summary`; :func:`check_with_pydantic`
keeps the models' own check callable, the oracle of the parity test that holds the two to the
same problems and values.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
)

from . import catalogue
from .catalogue import FIELD_LABELS, SECTIONS_BY_KEY
from .dates import DATE_FORMS_HELP, MONTH_FORMS_HELP, Month, parse_date, parse_month
from .locate import as_validator, problems_from_validation_error
from .summary import web_address

if TYPE_CHECKING:
    from .loader import Document
    from .problems import Problem

if TYPE_CHECKING:
    # The vocabularies are built from the catalogue at run time; to a type checker they are text.
    ReviewType: TypeAlias = str
    Status: TypeAlias = str
    PointKind: TypeAlias = str
    ActionStatus: TypeAlias = str
else:
    ReviewType = Literal[catalogue.ids(catalogue.REVIEW_TYPES)]
    Status = Literal[catalogue.ids(catalogue.STATUSES)]
    PointKind = Literal[catalogue.ids(catalogue.POINT_KINDS)]
    ActionStatus = Literal[catalogue.ids(catalogue.ACTION_STATUSES)]


def _as_date(value: object) -> dt.date:
    return parse_date(value)


def _as_month(value: object) -> Month:
    return parse_month(value)


UKDate = Annotated[
    dt.date,
    PlainValidator(_as_date),
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\s*\d{1,2}\s*(st|nd|rd|th)?[ ./\-].+\d{2,4}\s*$"},
            ],
            "description": f"A date: {DATE_FORMS_HELP}.",
        }
    ),
]

IncidentMonth = Annotated[
    Month,
    PlainValidator(_as_month),
    PlainSerializer(lambda value: value.iso(), return_type=str),
    WithJsonSchema({"type": "string", "description": f"A month and year: {MONTH_FORMS_HELP}."}),
]


def _text_shape(value: object) -> object:
    """Text is a string or a list of strings; anything else gets one clear message."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    if isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise ValueError(
                    f"item {index + 1} of this list is not text; "
                    "text is a string, or a list of strings for bullets"
                )
    raise ValueError("expected text: a string, or a list of strings for bullets")


Text = Annotated[
    str | list[str],
    BeforeValidator(_text_shape),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
            ],
            "description": "Text: a string (paragraphs separated by a blank line) "
            "or a list of strings (shown as bullets).",
        }
    ),
]


def _section_description(key: str) -> str:
    section = SECTIONS_BY_KEY[key]
    return section.label + (f" {section.prompt}" if section.prompt else "")


class StrictModel(BaseModel):
    # Only the YAML names are accepted (`from`, never the Python name `from_`).
    model_config = ConfigDict(extra="forbid", frozen=True)


def _point_shape(value: object) -> object:
    if isinstance(value, str):
        return {"text": value}
    if not isinstance(value, dict):
        raise ValueError(
            "a point is text, or a mapping with text (and optionally kind and themes)"
        )
    return value


class Point(StrictModel):
    """A learning point: what was learnt, and optionally its kind and themes."""

    text: str
    kind: PointKind | None = None
    themes: list[str] = Field(default_factory=list)


PointItem = Annotated[Point, BeforeValidator(_point_shape,
                                             json_schema_input_type=str | Point)]


class Review(StrictModel):
    type: ReviewType = Field(description=FIELD_LABELS["review.type"])
    purpose: Text = Field(description=FIELD_LABELS["review.purpose"])
    label: str | None = Field(
        default=None, description="The review's name when type is `other`."
    )


class Case(StrictModel):
    incident: IncidentMonth = Field(description=FIELD_LABELS["case.incident"])
    precis: Text = Field(description=FIELD_LABELS["case.precis"])


class AgencyLearning(StrictModel):
    agency: str
    points: list[PointItem]


class Action(StrictModel):
    owner: str = Field(description="The role (never a named person) that owns the action.")
    action: Text
    due: UKDate | None = None
    status: ActionStatus = "open"
    evidence: Text | None = Field(
        default=None, description="Evidence that the action has changed practice."
    )


class Update(StrictModel):
    date: UKDate
    from_: str = Field(alias="from")
    text: Text


class Link(StrictModel):
    """A document or page for further information: its title and address."""

    title: str = Field(description="What the link is, as readers see it.")
    url: Annotated[str, AfterValidator(as_validator(web_address))] = Field(
        description="Its address, in full: https://... (or mailto:...)."
    )


class Briefing(StrictModel):
    """What the 7-minute briefing needs beyond the form (all optional)."""

    why_it_matters: Text | None = Field(
        default=None,
        description="Why this learning matters to practitioners (the briefing's panel 2).",
    )
    further_information: list[Link] = Field(
        default_factory=list,
        description="Further information (the briefing's panel 7): a list of {title, url}, "
        "shown before the partnership's `resources:`.",
    )


def _reference_shape(value: object) -> object:
    # A reference such as 2015/07 or 1234 may come through YAML as a number.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


class Summary(StrictModel):
    """A learning summary in format version 1."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="learnsum learning summary, format version 1",
    )

    learnsum: Literal[1] = Field(description="Format version marker: the integer 1.")
    title: str = Field(description="The pseudonym the review is published under.")
    reference: Annotated[str | None, BeforeValidator(_reference_shape)] = None
    partnership: str | None = None
    status: Status = "draft"
    completed: UKDate = Field(description=_section_description("completed"))
    review: Review = Field(description=_section_description("review"))
    case: Case = Field(description=_section_description("case"))
    themes: list[str] = Field(default_factory=list, description="Theme ids from the vocabulary.")
    case_learning: list[PointItem] = Field(description=_section_description("case_learning"))
    method_learning: Text = Field(description=_section_description("method_learning"))
    single_agency: list[AgencyLearning] = Field(description=_section_description("single_agency"))
    multi_agency: list[PointItem] = Field(description=_section_description("multi_agency"))
    actions: list[Action] = Field(description=_section_description("actions"))
    audit: Text = Field(description=_section_description("audit"))
    comments: Text | None = Field(default=None, description=_section_description("comments"))
    updates: list[Update] = Field(default_factory=list, description=_section_description("updates"))
    slides: str | None = Field(
        default=None,
        description=_section_description("slides")
        + " One of not-applicable, generate, or the path of a .pptx beside the file.",
    )
    reflection: list[str] = Field(
        default_factory=list,
        description="Questions for reflection for the 7-minute briefing and the practitioner "
        "slides (optional).",
    )
    briefing: Briefing | None = Field(
        default=None,
        description="What the 7-minute briefing needs beyond the form: why_it_matters, "
        "further_information (optional).",
    )

    @field_validator("title", "partnership", "reference")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and "\n" in value.strip():
            raise ValueError("must be one line")
        return value

    @field_validator("slides")
    @classmethod
    def _slides_choice(cls, value: str | None) -> str | None:
        if value is None:
            return value
        choices = catalogue.ids(catalogue.SLIDES_CHOICES)
        if value in choices or value.lower().endswith(".pptx"):
            return value
        raise ValueError(
            f"'{value}' is not one of {', '.join(choices)}, or the path of a .pptx file"
        )


def check_with_pydantic(document: Document) -> tuple[Summary | None, list[Problem]]:
    """The summary in `document` (a mapping with `learnsum: 1`) as these models read it, or None
    and the problems of its shape: what :func:`learnsum.shape.check` must give too."""
    from pydantic import ValidationError

    try:
        return Summary.model_validate(document.data), []
    except ValidationError as failure:
        return None, problems_from_validation_error(document, failure, Summary)

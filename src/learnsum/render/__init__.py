"""Rendering summaries: one neutral view of a summary that every output format draws.

:func:`build_view` turns a valid :class:`~learnsum.model.Summary` and the effective
:class:`~learnsum.config.Config` into rows in the form's order, each with its label, its guidance
prompt and content blocks (paragraphs, bullet lists, sub-headings, the actions table, dated
updates). Every renderer (Word, Markdown, HTML, slides) draws that view, so the wording of a row,
the order of the rows and the way a date is written are decided in one place: here, from the
catalogue and the partnership's configuration.

Nothing heavy is imported here: python-docx and Jinja2 are imported by the renderer that needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import ClassVar, Union

from .. import catalogue
from ..catalogue import FIELD_LABELS, FORM_TITLE
from ..config import Config
from ..dates import uk_long
from ..model import Point, Summary, Text, is_bulleted, text_paragraphs


@dataclass(frozen=True)
class RenderOptions:
    """What the user asked for beyond the summary itself."""

    #: Show the form's guidance prompts (off for publication).
    guidance: bool = True
    #: Protective marking for every page; overrides the configuration's marking when given.
    marking: str | None = None
    #: The partnership's Word file to take styles, headers and logo from.
    reference_docx: Path | None = None
    #: The partnership's PowerPoint file to take masters, logo and colours from.
    reference_pptx: Path | None = None
    #: A folder of Jinja2 templates that override the bundled ones.
    template_dir: Path | None = None


# -- content blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the author's text."""

    text: str
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Field:
    """A labelled value on one line, e.g. "Type of review: <the review type's label>"."""

    label: str
    text: str
    kind: ClassVar[str] = "field"


@dataclass(frozen=True)
class Item:
    """One bullet: its text, the label of its kind of point (if any) and its themes' labels."""

    text: str
    point_kind: str | None = None
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    """A bullet list."""

    items: tuple[Item, ...]
    kind: ClassVar[str] = "bullets"


@dataclass(frozen=True)
class SubHeading:
    """A heading inside a row, e.g. an agency in the single-agency row."""

    text: str
    kind: ClassVar[str] = "subheading"


@dataclass(frozen=True)
class Table:
    """A table inside a row (the actions): header labels and rows of cells.

    A cell is a tuple of paragraphs, so that an action written as several paragraphs keeps them.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Update:
    """An update received after completion: its date (UK long form), who sent it, its text."""

    date: str
    sender: str
    blocks: tuple[Union[Paragraph, Bullets], ...]
    #: The date as ISO 8601, for machine-readable markup (<time datetime=...>).
    date_iso: str = ""
    date_label: str = FIELD_LABELS["updates.date"]
    sender_label: str = FIELD_LABELS["updates.from"]
    kind: ClassVar[str] = "update"


Block = Union[Paragraph, Field, Bullets, SubHeading, Table, Update]


@dataclass(frozen=True)
class Row:
    """One row of the form: the section's key, label, prompt (None without guidance) and content."""

    key: str
    label: str
    prompt: str | None
    blocks: tuple[Block, ...]

    @property
    def anchor(self) -> str:
        """A stable id for links and bookmarks ("case-learning")."""
        return self.key.replace("_", "-")


@dataclass(frozen=True)
class View:
    """Everything a renderer shows, already worded, ordered and cleaned."""

    form_title: str
    title: str
    marking: str | None
    #: Labelled facts shown under the title (reference, partnership, status, themes).
    facts: tuple[Field, ...]
    rows: tuple[Row, ...]
    #: The date the summary was completed, ISO, for document properties.
    completed_iso: str
    partnership: str | None = None
    reference: str | None = None
    #: The label of the review type, for document properties and slides.
    review_type: str = ""
    guidance: bool = True
    #: The catalogue's labels of fields inside sections ("themes", "actions.owner"), for templates.
    field_labels: Mapping[str, str] = dataclass_field(default_factory=lambda: dict(FIELD_LABELS))

    @property
    def heading(self) -> str:
        """The document's title as one line: "Learning Summary: Child O"."""
        return f"{self.form_title}: {self.title}"


class RenderError(Exception):
    """A document cannot be rendered (a broken template, a converter failing); the message is
    one line that says what and where."""


# -- cleaning ------------------------------------------------------------------------------------

#: Characters XML 1.0 does not allow (control characters other than tab, newline and carriage
#: return, lone surrogates, U+FFFE and U+FFFF). A .docx holding one cannot be opened.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """The text without characters that XML cannot hold, so every output stays valid."""
    return _NOT_XML.sub("", text)


#: The most characters Word, PowerPoint (and python-docx) keep in a document property such as the
#: title or author; the body of the document shows the whole text.
PROPERTY_LIMIT = 255


def short_property(text: str | None, limit: int = PROPERTY_LIMIT) -> str:
    """`text` as one line that fits a document property: cut at a word boundary (mid-word only
    when one word is longer than half the room) and ended with "…" when it is too long."""
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


# -- building the view ----------------------------------------------------------------------------


def review_type_label(summary: Summary) -> str:
    """The review type as documents name it; for `other`, the label the author gave."""
    if summary.review.type == "other" and summary.review.label:
        return summary.review.label
    return catalogue.labels(catalogue.REVIEW_TYPES)[summary.review.type]


def _text_blocks(text: Text | None) -> list[Block]:
    if text is None:
        return []
    paragraphs = [clean(p) for p in text_paragraphs(text)]
    if is_bulleted(text):
        return [Bullets(tuple(Item(p) for p in paragraphs))] if paragraphs else []
    return [Paragraph(p) for p in paragraphs]


def _points(points: Iterable[Point], config: Config) -> Bullets:
    kinds = catalogue.labels(catalogue.POINT_KINDS)
    themes = config.theme_labels
    items = []
    for point in points:
        text = " ".join(clean(p) for p in text_paragraphs(point.text))
        items.append(Item(
            text,
            kinds[point.kind] if point.kind else None,
            tuple(clean(themes.get(theme, theme)) for theme in point.themes),
        ))
    return Bullets(tuple(items))


def _cell(text: Text | None) -> tuple[str, ...]:
    return tuple(clean(p) for p in text_paragraphs(text))


def _section_blocks(key: str, summary: Summary, config: Config) -> list[Block]:
    """The content of one row; empty when an optional section is absent."""
    if key == "completed":
        return [Paragraph(uk_long(summary.completed))]
    if key == "review":
        return [Field(FIELD_LABELS["review.type"], clean(review_type_label(summary))),
                *_text_blocks(summary.review.purpose)]
    if key == "case":
        return [Field(FIELD_LABELS["case.incident"], str(summary.case.incident)),
                *_text_blocks(summary.case.precis)]
    if key == "case_learning":
        return [_points(summary.case_learning, config)]
    if key == "method_learning":
        return _text_blocks(summary.method_learning)
    if key == "single_agency":
        blocks: list[Block] = []
        for agency in summary.single_agency:
            blocks.append(SubHeading(clean(agency.agency)))
            blocks.append(_points(agency.points, config))
        return blocks
    if key == "multi_agency":
        return [_points(summary.multi_agency, config)]
    if key == "actions":
        return [_actions_table(summary)]
    if key == "audit":
        return _text_blocks(summary.audit)
    if key == "comments":
        return _text_blocks(summary.comments)
    if key == "updates":
        return [
            Update(uk_long(update.date), clean(update.from_),
                   tuple(b for b in _text_blocks(update.text)
                         if isinstance(b, (Paragraph, Bullets))),
                   date_iso=update.date.isoformat())
            for update in summary.updates
        ]
    if key == "slides":
        if summary.slides is None:
            return []
        choices = catalogue.labels(catalogue.SLIDES_CHOICES)
        return [Paragraph(clean(choices.get(summary.slides, summary.slides)))]
    raise KeyError(f"no rendering for section '{key}'")


def _actions_table(summary: Summary) -> Table:
    statuses = catalogue.labels(catalogue.ACTION_STATUSES)
    headers = tuple(FIELD_LABELS[f"actions.{name}"] for name in ("owner", "action", "due", "status"))
    rows = []
    for action in summary.actions:
        text = _cell(action.action)
        if action.evidence is not None:
            evidence = _cell(action.evidence)
            label = FIELD_LABELS["actions.evidence"]
            text = text + tuple(f"{label}: {p}" for p in evidence)
        rows.append((
            _cell(action.owner),
            text,
            (uk_long(action.due),) if action.due else (),
            (statuses[action.status],),
        ))
    return Table(headers, tuple(rows))


def build_view(summary: Summary, config: Config, options: RenderOptions | None = None) -> View:
    """The view of `summary` that every renderer draws, worded by `config`."""
    options = options or RenderOptions()
    marking = options.marking if options.marking is not None else config.marking
    marking = clean(marking).strip() if marking else None
    partnership = summary.partnership or config.partnership
    rows = []
    for section in config.sections:
        blocks = _section_blocks(section.key, summary, config)
        if not blocks:
            continue
        prompt = section.prompt if options.guidance else None
        rows.append(Row(section.key, clean(section.label), clean(prompt) if prompt else None,
                        tuple(blocks)))
    facts = []
    if summary.reference:
        facts.append(Field(FIELD_LABELS["reference"], clean(summary.reference)))
    if partnership:
        facts.append(Field(FIELD_LABELS["partnership"], clean(partnership)))
    facts.append(Field(FIELD_LABELS["status"],
                       catalogue.labels(catalogue.STATUSES)[summary.status]))
    if summary.themes:
        labels = config.theme_labels
        facts.append(Field(FIELD_LABELS["themes"],
                           ", ".join(clean(labels.get(t, t)) for t in summary.themes)))
    return View(
        form_title=FORM_TITLE,
        title=clean(summary.title).strip(),
        marking=marking or None,
        facts=tuple(facts),
        rows=tuple(rows),
        completed_iso=summary.completed.isoformat(),
        partnership=clean(partnership) if partnership else None,
        reference=clean(summary.reference) if summary.reference else None,
        review_type=clean(review_type_label(summary)),
        guidance=options.guidance,
    )


# -- templates -----------------------------------------------------------------------------------


__all__ = [
    "Block", "Bullets", "Field", "Item", "Paragraph", "RenderError", "RenderOptions", "Row", "SubHeading",
    "Table", "Update", "View", "build_view", "clean", "review_type_label", "short_property",
]

"""The view of a summary that every output format draws, and what a renderer is asked for.

A :class:`View` holds a summary's rows in the form's order, each with its label, its guidance
prompt and content blocks (paragraphs, bullet lists, sub-headings, the actions table, dated
updates), already worded, ordered and cleaned; and the few facts the slides need beyond the rows
(the learning points with their kinds and themes, the author's questions for reflection). It is
made once per summary by :func:`learnsum.render.build.build_view`, and a renderer reads nothing
else: not the Summary, not the configuration.

This module imports nothing heavy: the command line reads the formats' registry through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from ..catalogue import FIELD_LABELS, LANGUAGE, STRINGS
from ..errors import LearnsumError
from ..lazy_re import compiled_on_use
from ..records import field as record_field
from ..records import record


@record(frozen=True)
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


@record(frozen=True)
class Paragraph:
    """A paragraph of the author's text."""

    text: str
    kind: ClassVar[str] = "paragraph"


@record(frozen=True)
class Field:
    """A labelled value on one line, e.g. "Type of review: <the review type's label>"."""

    label: str
    text: str
    kind: ClassVar[str] = "field"


@record(frozen=True)
class Item:
    """One bullet: its text, the label of its kind of point (if any) and its themes' labels."""

    text: str
    point_kind: str | None = None
    themes: tuple[str, ...] = ()


@record(frozen=True)
class Bullets:
    """A bullet list."""

    items: tuple[Item, ...]
    kind: ClassVar[str] = "bullets"


@record(frozen=True)
class SubHeading:
    """A heading inside a row, e.g. an agency in the single-agency row."""

    text: str
    kind: ClassVar[str] = "subheading"


@record(frozen=True)
class Table:
    """A table inside a row (the actions): header labels and rows of cells.

    A cell is a tuple of paragraphs, so that an action written as several paragraphs keeps them.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    kind: ClassVar[str] = "table"


@record(frozen=True)
class Update:
    """An update received after completion: its date (UK long form), who sent it, its text."""

    date: str
    sender: str
    blocks: tuple[Paragraph | Bullets, ...]
    #: The date as ISO 8601, for machine-readable markup (<time datetime=...>).
    date_iso: str = ""
    date_label: str = FIELD_LABELS["updates.date"]
    sender_label: str = FIELD_LABELS["updates.from"]
    kind: ClassVar[str] = "update"


Block = Paragraph | Field | Bullets | SubHeading | Table | Update


@record(frozen=True)
class Row:
    """One row of the form: the section's key, label, prompt (None without guidance) and content."""

    key: str
    label: str
    prompt: str | None
    blocks: tuple[Block, ...]
    #: True for an optional row the summary leaves out: its one block says "None recorded".
    empty: bool = False

    @property
    def anchor(self) -> str:
        """A stable id for links and bookmarks ("case-learning")."""
        return self.key.replace("_", "-")


@record(frozen=True)
class LearningPoint:
    """A learning point as the slides use it beyond the rows: to list the points of each theme
    and to make questions for reflection from the points."""

    #: The point's text, cleaned, as written (the questions quote its first sentence).
    text: str
    #: Its paragraphs, cleaned and each joined into one line (for the speaker notes).
    paragraphs: tuple[str, ...]
    #: The section it belongs to (catalogue.Key.CASE_LEARNING, MULTI_AGENCY or SINGLE_AGENCY).
    section: str
    #: The id of its kind ("concern", "good-practice", "issue"), if it has one.
    kind: str | None = None
    #: The ids of its themes.
    themes: tuple[str, ...] = ()


@record(frozen=True)
class Link:
    """A document or page for further information: its title and address."""

    title: str
    url: str


@record(frozen=True)
class View:
    """Everything a renderer shows, already worded, ordered and cleaned.

    Every fixed word a renderer writes (a table header, "None recorded", a slide's title) comes
    from :attr:`words`, by its dotted key in :data:`learnsum.catalogue.STRINGS`:
    ``view.words["actions.owner"]`` is "Owner", or the partnership's own word for it
    (`strings:` in `.learnsum.yaml`); :attr:`language` is the language to declare in the
    document's properties ("en-GB").
    """

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
    field_labels: Mapping[str, str] = record_field(default_factory=lambda: dict(FIELD_LABELS))
    #: The completion date in UK long form, and the partnership's label of that row.
    completed: str = ""
    completed_label: str = ""
    #: The label of the summary's status ("Final").
    status: str = ""
    #: The summary's theme ids, in its order, and the label of every theme id (cleaned).
    themes: tuple[str, ...] = ()
    theme_labels: Mapping[str, str] = record_field(default_factory=dict)
    #: Every learning point: case learning, then multi-agency, then each agency's.
    points: tuple[LearningPoint, ...] = ()
    #: The author's own questions for reflection, as written.
    reflection: tuple[str, ...] = ()
    #: Why the learning matters (`briefing.why_it_matters`), as paragraphs or bullets.
    why_it_matters: tuple[Paragraph | Bullets, ...] = ()
    #: Further information: the summary's `briefing.further_information`, then the
    #: partnership's `resources:` (each address once).
    further_information: tuple[Link, ...] = ()
    #: Every fixed word of the outputs by its dotted key (catalogue.STRINGS), as configured.
    words: Mapping[str, str] = record_field(default_factory=lambda: dict(STRINGS))
    #: The documents' language, BCP 47 ("en-GB", "cy-GB").
    language: str = LANGUAGE

    @property
    def heading(self) -> str:
        """The document's title as one line: "Learning Summary: Child O"."""
        return f"{self.form_title}: {self.title}"


class Rendered(bytes):
    """An output with warnings about it for the user (text shortened to fit a page), each one
    line naming the part of the output it is about. A renderer may return one instead of plain
    bytes; the command prints the warnings beside the file it writes."""

    warnings: tuple[str, ...] = ()

    def __new__(cls, data: bytes, warnings: tuple[str, ...] = ()) -> Rendered:
        made = super().__new__(cls, data)
        made.warnings = tuple(warnings)
        return made

    def __reduce__(self) -> tuple[object, ...]:
        # Made in a worker process and sent back whole, warnings included.
        return (Rendered, (bytes(self), self.warnings))


class RenderError(LearnsumError):
    """A document cannot be rendered (a broken template, a converter failing); the message is
    one line that says what and where."""

    #: The summary's section the failure is about, when it is one (the command then names the
    #: summary at that key's line and column, as `learnsum validate` would).
    key: str | None = None


# -- cleaning ------------------------------------------------------------------------------------

#: Characters XML 1.0 does not allow (control characters other than tab, newline and carriage
#: return, lone surrogates, U+FFFE and U+FFFF). A .docx holding one cannot be opened.
#: None of them is printable (str.isprintable): the pattern is compiled only for text that is not.
_not_xml = compiled_on_use("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """The text without characters that XML cannot hold, so every output stays valid."""
    if text.isprintable():
        return text
    return _not_xml().sub("", text)


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


def document_properties(view: View) -> dict[str, str]:
    """The text properties of a Word document made from `view` (title, subject, author, category,
    identifier, language): each one line that fits a property, the document showing it whole."""
    return {
        "title": short_property(view.heading),
        "subject": short_property(view.review_type),
        "author": short_property(view.partnership),
        "category": short_property(view.form_title),
        "identifier": short_property(view.reference),
        "language": view.language,
    }


__all__ = [
    "Block", "Bullets", "Field", "Item", "LearningPoint", "Link", "Paragraph", "PROPERTY_LIMIT",
    "Rendered", "RenderError", "RenderOptions", "Row", "SubHeading", "Table", "Update", "View",
    "clean", "short_property",
]

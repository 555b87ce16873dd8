"""The form as read from a document, whatever its file type, and the result of an import:
neutral paragraphs and tables, the rows of the form, and the summary's data with its
``TODO(import)`` notes."""

from __future__ import annotations

from typing import Any

from ..errors import LearnsumError
from ..records import field, record

TODO = "TODO(import)"


class ImportRefused(LearnsumError):
    """The file is not a form learnsum can import (or is hostile); the message is one line."""


# -- the form as read from Word -----------------------------------------------------------------


@record(frozen=True)
class Para:
    """A paragraph of a cell, with what Word's formatting says about it."""

    text: str
    #: A Word list paragraph (list style or numbering) or a typed bullet ("*", "•", "-").
    listed: bool = False
    #: The text of the bold runs the paragraph starts with ("Concern: ", "Type of review: ").
    bold_prefix: str = ""
    #: A heading style, or a short paragraph that is bold throughout (an agency's sub-heading).
    heading: bool = False
    #: Italic throughout (the renderer's guidance prompt).
    italic: bool = False
    #: The text of the italic runs the paragraph ends with (" (Themes: neglect)").
    italic_suffix: str = ""
    #: The paragraph style's name ("Heading 1", "List Bullet"), "" for the default.
    style: str = ""


@record(frozen=True)
class Grid:
    """A table inside a cell (the rendered actions): rows of cells of paragraphs."""

    rows: tuple[tuple[tuple[Para, ...], ...], ...]


Block = Para | Grid


@record(frozen=True)
class FormRow:
    """One row of the form's table: its label cell and its content cell."""

    number: int
    label_paras: tuple[Para, ...]
    content: tuple[Block, ...]
    #: Which table of the document (1 for the first) the row is in.
    table: int = 1

    @property
    def where(self) -> str:
        """Where the row is, as a person finds it in the document: "table 2, row 3"."""
        return f"table {self.table}, row {self.number}"

    @property
    def label(self) -> str:
        return " ".join(p.text for p in self.label_paras if p.text).strip()


@record(frozen=True)
class Form:
    """What the document holds: paragraphs before the table, the rows of its tables (a form
    continued over a page break is several tables, read as one), and the text elsewhere."""

    preamble: tuple[Para, ...]
    rows: tuple[FormRow, ...]
    #: Text that is neither above the form nor in a row of it, with where it is ("text after
    #: the table", "table 1, row 7 (across the table)").
    loose: tuple[tuple[str, Para], ...] = ()
    #: Rows recognised as the table's own headings ("Section | Response"), skipped.
    skipped: tuple[FormRow, ...] = ()
    #: Made by `learnsum render` (its formatting says exactly what each run is).
    generated: bool = False


# -- the result ---------------------------------------------------------------------------------


@record(frozen=True)
class RowMatch:
    """How a row's label was matched: the section key chosen (None: kept under comments, or
    skipped as a heading), the score (0 to 1) and why."""

    where: str
    label: str
    key: str | None
    score: float
    why: str

#: A place in the summary: keys and list indexes from the top (``("actions", 1, "owner")``).
Place = tuple[str | int, ...]


@record
class Imported:
    """The summary's data (plain values, in the form's order) and what a person must check."""

    data: dict[str, Any]
    #: TODO(import) notes by place; ``()`` is the whole file.
    todos: dict[Place, list[str]] = field(default_factory=dict)
    #: Lines for the user beyond the TODOs (extra rows, rows not found).
    notes: list[str] = field(default_factory=list)
    #: How each row of the form was matched to a section (`learnsum import --explain`).
    matches: list[RowMatch] = field(default_factory=list)
    #: Text whose place is unclear, with where it came from: it goes to ``comments``.
    kept: list[tuple[str, list[Para]]] = field(default_factory=list)
    #: Where each section's row is in the document ("table 1, row 3").
    where: dict[str, str] = field(default_factory=dict)
    #: Read from a document `learnsum render` made.
    generated: bool = False

    def keep(self, where: str, paras: list[Para]) -> None:
        """Keep `paras` (from `where`) under ``comments`` for a person to place."""
        if paras:
            self.kept.append((where, paras))

    def todo(self, place: Place, message: str) -> None:
        self.todos.setdefault(place, []).append(message)

    @property
    def todo_count(self) -> int:
        return sum(len(messages) for messages in self.todos.values())

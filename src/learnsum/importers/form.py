"""The form as read from a document, whatever its file type, and the result of an import:
neutral paragraphs and tables, the rows of the form, and the summary's data with its
``TODO(import)`` notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import LearnsumError

TODO = "TODO(import)"


class ImportRefused(LearnsumError):
    """The file is not a form learnsum can import (or is hostile); the message is one line."""


# -- the form as read from Word -----------------------------------------------------------------


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Grid:
    """A table inside a cell (the rendered actions): rows of cells of paragraphs."""

    rows: tuple[tuple[tuple[Para, ...], ...], ...]


Block = Para | Grid


@dataclass(frozen=True)
class FormRow:
    """One row of the form's table: its label cell and its content cell."""

    number: int
    label_paras: tuple[Para, ...]
    content: tuple[Block, ...]

    @property
    def label(self) -> str:
        return " ".join(p.text for p in self.label_paras if p.text).strip()


@dataclass(frozen=True)
class Form:
    """What the Word file holds: paragraphs before the table, and the table's rows."""

    preamble: tuple[Para, ...]
    rows: tuple[FormRow, ...]


# -- the result ---------------------------------------------------------------------------------

#: A place in the summary: keys and list indexes from the top (``("actions", 1, "owner")``).
Place = tuple[str | int, ...]


@dataclass
class Imported:
    """The summary's data (plain values, in the form's order) and what a person must check."""

    data: dict[str, Any]
    #: TODO(import) notes by place; ``()`` is the whole file.
    todos: dict[Place, list[str]] = field(default_factory=dict)
    #: Lines for the user beyond the TODOs (extra rows, rows not found).
    notes: list[str] = field(default_factory=list)

    def todo(self, place: Place, message: str) -> None:
        self.todos.setdefault(place, []).append(message)

    @property
    def todo_count(self) -> int:
        return sum(len(messages) for messages in self.todos.values())

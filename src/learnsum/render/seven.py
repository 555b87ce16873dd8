"""The seven parts of a "7-minute briefing", made from the View once for every output that shows
them: the one-page Word briefing (:mod:`learnsum.render.briefing`) and the practitioner slides
(:mod:`learnsum.render.pptx`).

Partnerships publish their briefings in seven numbered parts. learnsum fills them from the
summary, each from one place:

1. Background: the type of review, the month and year of the incident, the review's purpose.
2. Why it matters: `briefing.why_it_matters`; else the themes of the review; else a standard
   sentence.
3. What happened: the precis of the case.
4. What we learnt: the case learning, each point with its kind (concern, good practice, issue).
5. What should change: the multi-agency learning, then each agency's.
6. Questions for reflection: `reflection:`; else the three standard questions.
7. Further information: `briefing.further_information`, then the partnership's `resources:`,
   then the learning summary itself (its title, reference and partnership).

Each part is a list of entries, whole: an output that has less room shortens them
(:func:`learnsum.render.briefing.fit`), and keeps the whole text elsewhere (the slides' notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..catalogue import Key
from ..records import record
from .view import Bullets, Field, Paragraph, Row, SubHeading, View

#: The seven parts of a briefing, in order, by their keys in catalogue.STRINGS.
PARTS: tuple[str, ...] = (
    "briefing.background", "briefing.why_it_matters", "briefing.information",
    "briefing.learning", "briefing.change", "briefing.reflection",
    "briefing.further_information",
)
#: The standard questions for reflection, for a summary without `reflection:`.
STANDARD_QUESTIONS: tuple[str, ...] = (
    "briefing.question.1", "briefing.question.2", "briefing.question.3",
)


@record(frozen=True)
class Entry:
    """One paragraph of a part: its text, its style ("plain", "bullet", "link"), and a lead-in
    shown in bold before it ("Concern", "Police", "Type of review") or a link's address."""

    text: str
    style: str = "plain"
    lead: str | None = None
    url: str | None = None
    #: Kept when a panel is shortened, if it fits at all (the line naming the full summary).
    keep: bool = False

    @property
    def line(self) -> str:
        """The entry as one line of plain text (for measuring, notes and reading back)."""
        text = f"{self.lead}: {self.text}" if self.lead else self.text
        return f"{text} – {self.url}" if self.url else text


@record(frozen=True)
class Part:
    """One of the seven parts: its number, its key in WORDS, its title and its entries."""

    number: int
    key: str
    title: str
    entries: tuple[Entry, ...]


def _row(view: View, key: str) -> Row | None:
    return next((row for row in view.rows if row.key == key and not row.empty), None)


def _entries(blocks: Iterable[object]) -> list[Entry]:
    entries: list[Entry] = []
    lead: str | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            entries.append(Entry(block.text))
        elif isinstance(block, Bullets):
            entries.extend(Entry(item.text, "bullet", lead or item.point_kind)
                           for item in block.items)
        elif isinstance(block, Field):
            entries.append(Entry(block.text, lead=block.label))
        elif isinstance(block, SubHeading):
            lead = block.text
    return entries


def themes_of(view: View) -> list[str]:
    """The labels of the summary's themes, then of those only its points name, each once."""
    found: list[str] = []
    for theme in [*view.themes, *(t for p in view.points for t in p.themes)]:
        label = view.theme_labels.get(theme, theme)
        if label not in found:
            found.append(label)
    return found


def reflection(view: View) -> list[str]:
    """The author's questions for reflection, else the three standard ones."""
    # Only spaces and line breaks are joined: a no-break space stays as written.
    own = [re.sub(r"[ \t\n\r]+", " ", question).strip() for question in view.reflection]
    own = [question for question in own if question]
    return own or [view.words[key] for key in STANDARD_QUESTIONS]


def _reflection(view: View) -> list[Entry]:
    return [Entry(question, "bullet") for question in reflection(view)]


def _background(view: View) -> list[Entry]:
    review = _row(view, Key.REVIEW)
    case = _row(view, Key.CASE)
    entries = _entries(review.blocks) if review else []
    incident = [block for block in case.blocks if isinstance(block, Field)] if case else []
    # The incident's month after the type of review, before the purpose.
    return entries[:1] + _entries(incident) + entries[1:]


def _why_it_matters(view: View) -> list[Entry]:
    if view.why_it_matters:
        return _entries(view.why_it_matters)
    themes = themes_of(view)
    if themes:
        return [Entry(view.words["briefing.why_it_matters.themes"]),
                *(Entry(theme, "bullet") for theme in themes)]
    return [Entry(view.words["briefing.why_it_matters.default"])]


def _information(view: View) -> list[Entry]:
    case = _row(view, Key.CASE)
    return _entries(block for block in case.blocks if not isinstance(block, Field)) if case \
        else []


def _learning(view: View) -> list[Entry]:
    row = _row(view, Key.CASE_LEARNING)
    return _entries(row.blocks) if row else []


def _change(view: View) -> list[Entry]:
    entries: list[Entry] = []
    for key in (Key.MULTI_AGENCY, Key.SINGLE_AGENCY):
        row = _row(view, key)
        if row is not None:
            entries.extend(_entries(row.blocks))
    return entries


def _further(view: View) -> list[Entry]:
    entries = [Entry(link.title, "link", url=link.url) for link in view.further_information]
    about = view.title
    if view.reference:
        about += f" ({view.reference})"
    if view.partnership:
        about += f", {view.partnership}"
    entries.append(Entry(about, lead=view.words["briefing.full_summary"], keep=True))
    return entries


def seven_parts(view: View) -> tuple[Part, ...]:
    """The seven parts of the briefing of `view`, whole, in order."""
    makers = (_background, _why_it_matters, _information, _learning, _change, _reflection,
              _further)
    return tuple(Part(number, key, view.words[key], tuple(make(view)))
                 for number, (key, make) in enumerate(zip(PARTS, makers), start=1))


__all__ = ["PARTS", "STANDARD_QUESTIONS", "Entry", "Part", "reflection", "seven_parts", "themes_of"]

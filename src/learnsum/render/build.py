"""The one builder of the View: a valid Summary and the effective configuration, worded.

:func:`build_view` turns a :class:`~learnsum.summary.Summary` and the effective
:class:`~learnsum.config.Config` into the :class:`~learnsum.render.view.View` every renderer
draws (Word, Markdown, HTML, PDF, slides), so the wording of a row, the order of the rows and the
way a date is written are decided in one place: here, from the catalogue and the partnership's
configuration. Each section of the form has one function that makes its content, listed by its
key in :data:`SECTION_BLOCKS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from .. import catalogue
from ..catalogue import Key
from ..config import Config
from ..dates import month_year, uk_long
from ..summary import Point, Summary, Text, is_bulleted, text_paragraphs
from .view import (
    Block,
    Bullets,
    Field,
    Item,
    LearningPoint,
    Link,
    Paragraph,
    RenderOptions,
    Row,
    SubHeading,
    Table,
    Update,
    View,
    clean,
)


def review_type_label(summary: Summary, words: Words | dict[str, str] | None = None) -> str:
    """The review type as documents name it; for `other`, the label the author gave."""
    if summary.review.type == "other" and summary.review.label:
        return summary.review.label
    return (words or catalogue.STRINGS)[f"review_types.{summary.review.type}"]


def closed_bidi(text: str) -> str:
    """`text` with every direction override or embedding (U+202A-U+202E) and isolate
    (U+2066-U+2068) it opens closed at its end, so that configured words never turn round the
    summary's own text printed after them (a title "Briefing: Child T")."""
    embeddings = isolates = 0
    for character in text:
        if "\u202a" <= character <= "\u202e" and character != "\u202c":
            embeddings += 1
        elif character == "\u202c":
            embeddings = max(0, embeddings - 1)
        elif "\u2066" <= character <= "\u2068":
            isolates += 1
        elif character == "\u2069":
            isolates = max(0, isolates - 1)
    return text + "\u202c" * embeddings + "\u2069" * isolates


class Words:
    """The configuration's words (catalogue.STRINGS as configured), cleaned, with the dates
    written in its month names."""

    def __init__(self, config: Config, deck: str = "") -> None:
        self.strings = {key: closed_bidi(clean(text)) for key, text in config.strings.items()}
        #: The file name of the practitioner slides made beside the document ("Child-O.pptx").
        self.deck = clean(deck)
        self.months = tuple(self.strings[f"months.{name.lower()}"] for name in catalogue.MONTHS)

    def __getitem__(self, key: str) -> str:
        return self.strings[key]

    def date(self, value: dt.date) -> str:
        return uk_long(value, self.months)


def _text_blocks(text: Text | None) -> list[Block]:
    if text is None:
        return []
    paragraphs = [clean(p) for p in text_paragraphs(text)]
    if is_bulleted(text):
        return [Bullets(tuple(Item(p) for p in paragraphs))] if paragraphs else []
    return [Paragraph(p) for p in paragraphs]


def _points(points: Iterable[Point], config: Config, words: Words) -> Bullets:
    themes = config.theme_labels
    items = []
    for point in points:
        text = " ".join(clean(p) for p in text_paragraphs(point.text))
        items.append(Item(
            text,
            words[f"point_kinds.{point.kind}"] if point.kind else None,
            tuple(clean(themes.get(theme, theme)) for theme in point.themes),
        ))
    return Bullets(tuple(items))


def _cell(text: Text | None) -> tuple[str, ...]:
    return tuple(clean(p) for p in text_paragraphs(text))


# -- the content of each section of the form (empty when an optional section is absent) ---------


def _completed(summary: Summary, config: Config, words: Words) -> list[Block]:
    return [Paragraph(words.date(summary.completed))]


def _review(summary: Summary, config: Config, words: Words) -> list[Block]:
    return [Field(words["review.type"], clean(review_type_label(summary, words))),
            *_text_blocks(summary.review.purpose)]


def _case(summary: Summary, config: Config, words: Words) -> list[Block]:
    return [Field(words["case.incident"], month_year(summary.case.incident, words.months)),
            *_text_blocks(summary.case.precis)]


def _case_learning(summary: Summary, config: Config, words: Words) -> list[Block]:
    return [_points(summary.case_learning, config, words)]


def _method_learning(summary: Summary, config: Config, words: Words) -> list[Block]:
    return _text_blocks(summary.method_learning)


def _single_agency(summary: Summary, config: Config, words: Words) -> list[Block]:
    blocks: list[Block] = []
    for agency in summary.single_agency:
        blocks.append(SubHeading(clean(agency.agency)))
        blocks.append(_points(agency.points, config, words))
    return blocks


def _multi_agency(summary: Summary, config: Config, words: Words) -> list[Block]:
    return [_points(summary.multi_agency, config, words)]


def _actions(summary: Summary, config: Config, words: Words) -> list[Block]:
    headers = tuple(words[f"actions.{name}"] for name in ("owner", "action", "due", "status"))
    rows = []
    for action in summary.actions:
        text = _cell(action.action)
        if action.evidence is not None:
            evidence = _cell(action.evidence)
            label = words["actions.evidence"]
            text = text + tuple(f"{label}: {p}" for p in evidence)
        rows.append((
            _cell(action.owner),
            text,
            (words.date(action.due),) if action.due else (),
            (words[f"action_statuses.{action.status}"],),
        ))
    return [Table(headers, tuple(rows))]


def _audit(summary: Summary, config: Config, words: Words) -> list[Block]:
    return _text_blocks(summary.audit)


def _comments(summary: Summary, config: Config, words: Words) -> list[Block]:
    return _text_blocks(summary.comments)


def _updates(summary: Summary, config: Config, words: Words) -> list[Block]:
    return [
        Update(words.date(update.date), clean(update.from_),
               tuple(b for b in _text_blocks(update.text) if isinstance(b, (Paragraph, Bullets))),
               date_iso=update.date.isoformat(), date_label=words["updates.date"],
               sender_label=words["updates.from"])
        for update in summary.updates
    ]


def _slides(summary: Summary, config: Config, words: Words) -> list[Block]:
    if summary.slides is None:
        return []
    key = f"slides.{summary.slides}"
    if key not in words.strings:
        return [Paragraph(clean(summary.slides))]  # the deck's own file, named by the author
    return [Paragraph(words[key].replace("{deck}", words.deck))]


#: The content of each section of the form, by its key (every key of catalogue.SECTIONS).
SECTION_BLOCKS: dict[str, Callable[[Summary, Config, Words], list[Block]]] = {
    Key.COMPLETED: _completed,
    Key.REVIEW: _review,
    Key.CASE: _case,
    Key.CASE_LEARNING: _case_learning,
    Key.METHOD_LEARNING: _method_learning,
    Key.SINGLE_AGENCY: _single_agency,
    Key.MULTI_AGENCY: _multi_agency,
    Key.ACTIONS: _actions,
    Key.AUDIT: _audit,
    Key.COMMENTS: _comments,
    Key.UPDATES: _updates,
    Key.SLIDES: _slides,
}


def _section_blocks(key: str, summary: Summary, config: Config, words: Words) -> list[Block]:
    """The content of one row; empty when an optional section is absent."""
    blocks = SECTION_BLOCKS.get(key)
    if blocks is None:
        raise KeyError(f"no rendering for section '{key}'")
    return blocks(summary, config, words)


# -- what the slides need beyond the rows ---------------------------------------------------------


def _learning_points(summary: Summary) -> tuple[LearningPoint, ...]:
    """Every learning point of the summary: case learning, multi-agency, then each agency's."""
    sections: list[tuple[str, Iterable[Point]]] = [
        (Key.CASE_LEARNING, summary.case_learning),
        (Key.MULTI_AGENCY, summary.multi_agency),
        (Key.SINGLE_AGENCY, (p for agency in summary.single_agency for p in agency.points)),
    ]
    return tuple(
        LearningPoint(clean(point.text), tuple(text_paragraphs(clean(point.text))), key,
                      point.kind, tuple(point.themes))
        for key, points in sections for point in points
    )


def _further_information(summary: Summary, config: Config) -> tuple[Link, ...]:
    """The summary's own further information, then the partnership's `resources:`; an address
    given twice is shown once."""
    own = summary.briefing.further_information if summary.briefing is not None else []
    links: list[Link] = []
    for title, url in [*((link.title, link.url) for link in own), *config.resources]:
        if all(url != link.url for link in links):
            # A title's direction overrides end with it, as configured words' do.
            links.append(Link(closed_bidi(re.sub(r"[ \t\n\r]+", " ", clean(title)).strip()),
                              clean(url).strip()))
    return tuple(links)


def _why_it_matters(summary: Summary) -> tuple[Paragraph | Bullets, ...]:
    if summary.briefing is None:
        return ()
    return tuple(block for block in _text_blocks(summary.briefing.why_it_matters)
                 if isinstance(block, (Paragraph, Bullets)))


def build_view(summary: Summary, config: Config, options: RenderOptions | None = None,
               deck: str | None = None) -> View:
    """The view of `summary` that every renderer draws, worded by `config`; `deck` is the file
    name of the practitioner slides made beside it (the slides row names it)."""
    options = options or RenderOptions()
    if not deck:
        # Without the file's name (a View made outside `learnsum render`), the deck is named
        # after the summary's title, as a file of that name would be.
        deck = (re.sub(r"[^\w]+", "-", clean(summary.title).lower()).strip("-") or "slides") \
            + ".pptx"
    words = Words(config, deck)
    marking = options.marking if options.marking is not None else config.marking
    marking = clean(marking).strip() if marking else None
    partnership = summary.partnership or config.partnership
    rows = []
    for section in config.sections:
        blocks = _section_blocks(section.key, summary, config, words)
        empty = not blocks
        if empty:
            # Every row of the form is shown, as the form everyone knows has it.
            blocks = [Paragraph(words["none_recorded"])]
        prompt = section.prompt if options.guidance else None
        rows.append(Row(section.key, clean(section.label), clean(prompt) if prompt else None,
                        tuple(blocks), empty=empty))
    facts = []
    if summary.reference:
        facts.append(Field(words["reference"], clean(summary.reference)))
    if partnership:
        facts.append(Field(words["partnership"], clean(partnership)))
    status = words[f"statuses.{summary.status}"]
    facts.append(Field(words["status"], status))
    labels = config.theme_labels
    if summary.themes:
        facts.append(Field(words["themes"],
                           ", ".join(clean(labels.get(t, t)) for t in summary.themes)))
    points = _learning_points(summary)
    used = {*summary.themes, *(theme for point in points for theme in point.themes)}
    return View(
        form_title=words["title"],
        title=clean(summary.title).strip(),
        marking=marking or None,
        facts=tuple(facts),
        rows=tuple(rows),
        completed_iso=summary.completed.isoformat(),
        partnership=clean(partnership) if partnership else None,
        reference=clean(summary.reference) if summary.reference else None,
        review_type=clean(review_type_label(summary, words)),
        guidance=options.guidance,
        field_labels=words.strings,
        completed=words.date(summary.completed),
        completed_label=clean(config.section(Key.COMPLETED).label),
        status=status,
        themes=tuple(summary.themes),
        theme_labels={theme: clean(labels.get(theme, theme)) for theme in sorted(used)},
        points=points,
        reflection=tuple(summary.reflection),
        why_it_matters=_why_it_matters(summary),
        further_information=_further_information(summary, config),
        words=words.strings,
        language=config.language,
    )


__all__ = ["SECTION_BLOCKS", "Words", "build_view", "review_type_label"]

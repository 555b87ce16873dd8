"""The one builder of the View: a valid Summary and the effective configuration, worded.

:func:`build_view` turns a :class:`~learnsum.model.Summary` and the effective
:class:`~learnsum.config.Config` into the :class:`~learnsum.render.view.View` every renderer
draws (Word, Markdown, HTML, PDF, slides), so the wording of a row, the order of the rows and the
way a date is written are decided in one place: here, from the catalogue and the partnership's
configuration. Each section of the form has one function that makes its content, listed by its
key in :data:`SECTION_BLOCKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import catalogue
from ..catalogue import FIELD_LABELS, FORM_TITLE, Key
from ..config import Config
from ..dates import uk_long
from ..model import Point, Summary, Text, is_bulleted, text_paragraphs
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


# -- the content of each section of the form (empty when an optional section is absent) ---------


def _completed(summary: Summary, config: Config) -> list[Block]:
    return [Paragraph(uk_long(summary.completed))]


def _review(summary: Summary, config: Config) -> list[Block]:
    return [Field(FIELD_LABELS["review.type"], clean(review_type_label(summary))),
            *_text_blocks(summary.review.purpose)]


def _case(summary: Summary, config: Config) -> list[Block]:
    return [Field(FIELD_LABELS["case.incident"], str(summary.case.incident)),
            *_text_blocks(summary.case.precis)]


def _case_learning(summary: Summary, config: Config) -> list[Block]:
    return [_points(summary.case_learning, config)]


def _method_learning(summary: Summary, config: Config) -> list[Block]:
    return _text_blocks(summary.method_learning)


def _single_agency(summary: Summary, config: Config) -> list[Block]:
    blocks: list[Block] = []
    for agency in summary.single_agency:
        blocks.append(SubHeading(clean(agency.agency)))
        blocks.append(_points(agency.points, config))
    return blocks


def _multi_agency(summary: Summary, config: Config) -> list[Block]:
    return [_points(summary.multi_agency, config)]


def _actions(summary: Summary, config: Config) -> list[Block]:
    statuses = catalogue.labels(catalogue.ACTION_STATUSES)
    headers = tuple(FIELD_LABELS[f"actions.{name}"]
                    for name in ("owner", "action", "due", "status"))
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
    return [Table(headers, tuple(rows))]


def _audit(summary: Summary, config: Config) -> list[Block]:
    return _text_blocks(summary.audit)


def _comments(summary: Summary, config: Config) -> list[Block]:
    return _text_blocks(summary.comments)


def _updates(summary: Summary, config: Config) -> list[Block]:
    return [
        Update(uk_long(update.date), clean(update.from_),
               tuple(b for b in _text_blocks(update.text) if isinstance(b, (Paragraph, Bullets))),
               date_iso=update.date.isoformat())
        for update in summary.updates
    ]


def _slides(summary: Summary, config: Config) -> list[Block]:
    if summary.slides is None:
        return []
    choices = catalogue.labels(catalogue.SLIDES_CHOICES)
    return [Paragraph(clean(choices.get(summary.slides, summary.slides)))]


#: The content of each section of the form, by its key (every key of catalogue.SECTIONS).
SECTION_BLOCKS: dict[str, Callable[[Summary, Config], list[Block]]] = {
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


def _section_blocks(key: str, summary: Summary, config: Config) -> list[Block]:
    """The content of one row; empty when an optional section is absent."""
    blocks = SECTION_BLOCKS.get(key)
    if blocks is None:
        raise KeyError(f"no rendering for section '{key}'")
    return blocks(summary, config)


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
            links.append(Link(" ".join(clean(title).split()), clean(url).strip()))
    return tuple(links)


def _why_it_matters(summary: Summary) -> tuple[Paragraph | Bullets, ...]:
    if summary.briefing is None:
        return ()
    return tuple(block for block in _text_blocks(summary.briefing.why_it_matters)
                 if isinstance(block, (Paragraph, Bullets)))


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
    status = catalogue.labels(catalogue.STATUSES)[summary.status]
    facts.append(Field(FIELD_LABELS["status"], status))
    labels = config.theme_labels
    if summary.themes:
        facts.append(Field(FIELD_LABELS["themes"],
                           ", ".join(clean(labels.get(t, t)) for t in summary.themes)))
    points = _learning_points(summary)
    used = {*summary.themes, *(theme for point in points for theme in point.themes)}
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
        completed=uk_long(summary.completed),
        completed_label=clean(config.section(Key.COMPLETED).label),
        status=status,
        themes=tuple(summary.themes),
        theme_labels={theme: clean(labels.get(theme, theme)) for theme in sorted(used)},
        points=points,
        reflection=tuple(summary.reflection),
        why_it_matters=_why_it_matters(summary),
        further_information=_further_information(summary, config),
        language=config.language,
    )


__all__ = ["SECTION_BLOCKS", "build_view", "review_type_label"]

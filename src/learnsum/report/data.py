"""Reading summaries into small facts, filtering them, and counting them for the board.

Counting rules (docs/report.md repeats them for readers of the report):

- A review counts **once per theme** when the theme is in its `themes:` list or on any of its
  learning points (case, single-agency or multi-agency). Separately, every learning point tagged
  with a theme counts once towards that theme's points.
- Years are the years of `completed`.
- Learning points per agency count the points under `single_agency`, per agency: a name that is
  a configured agency or one of its aliases counts as that agency, under its configured name
  ("Health Board" with `{name: Health, aliases: [Health Board]}` is Health); any other name counts
  as written, compared as the rule compares names: case, spacing, accents and punctuation
  ignored ("health " and "Health" are one agency).
- An action's RAG colour: green when done; grey when dropped; red when open or in progress and its
  due date is before the as-of date; amber otherwise (not yet due, due that day, or no due date).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from sys import intern

from .. import catalogue
from ..agency_names import agency_key
from ..catalogue import FIELD_LABELS
from ..config import Config, ConfigCache
from ..display import display_name, printable
from ..errors import UsageError
from ..files import Target, display_path, summary_files
from ..parallel import in_order
from ..problems import Problem
from ..records import field, record, replace
from ..suggest import did_you_mean
from ..summary import Point, Summary, text_paragraphs
from ..validate import broken_link_problem, check_file

#: Words the report adds to the form's own (which come from the catalogue and configuration).
REPORT_LABELS: dict[str, str] = {
    "heading": "Learning across reviews",
    "title": "Title",
    "completed": "Completed",
    "file": "File",
    "theme": "Theme",
    "reviews": "Reviews",
    "points": "Learning points",
    "total": "Total",
    "agency": "Agency",
    "review": "Review",
    "rag": "RAG",
    "days_overdue": "Days overdue",
    "line": "Line",
    "problem": "Problem",
    "section_reviews": "Index of reviews",
    "section_themes": "Themes",
    "section_themes_by_year": "Themes by year",
    "section_types_by_year": "Review types by year",
    "section_agencies": "Learning points by agency",
    "section_actions": "Action tracker",
    "section_not_counted": "Summaries not counted",
    "chart_themes": "Reviews per theme",
    "chart_types_by_year": "Reviews per year, by type of review",
    "chart_agencies": "Single-agency learning points per agency",
    "rag_red": "Red",
    "rag_amber": "Amber",
    "rag_green": "Green",
    "rag_grey": "Grey",
    "contents": "Contents",
    "as_of": "Actions as of",
    "filters": "Filters",
    "none": "None",
    "no_reviews": "No summaries match.",
    "no_actions": "No actions.",
    "overdue": "overdue",
    "sort_hint": "Select a column heading to sort the table.",
}

#: CSV file stems, which are also the names `--table` takes.
TABLE_NAMES: tuple[str, ...] = (
    "reviews", "themes", "themes-by-year", "types-by-year", "agencies", "actions", "not-counted",
)


class Rag(str, Enum):
    """An action's colour on the board's tracker."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    GREY = "grey"

    @property
    def label(self) -> str:
        return REPORT_LABELS[f"rag_{self.value}"]

    def __str__(self) -> str:
        return self.label


#: Overdue first, then what is still to do, then the closed ones.
RAG_ORDER: dict[Rag, int] = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.GREY: 3}

Cell = str | int | dt.date | Rag | None


def normalise(text: str) -> str:
    """A name with case and spacing ignored, for grouping what authors typed."""
    return " ".join(text.split()).casefold()


def rag(status: str, due: dt.date | None, as_of: dt.date) -> Rag:
    if status == "done":
        return Rag.GREEN
    if status == "dropped":
        return Rag.GREY
    if due is not None and due < as_of:
        return Rag.RED
    return Rag.AMBER


# -- facts kept per summary ----------------------------------------------------------------


@record(frozen=True, slots=True)
class ActionFact:
    owner: str
    action: str
    due: dt.date | None
    status: str


@record(frozen=True, slots=True)
class ReviewFact:
    """What the report needs from one valid summary (the parsed document is not kept)."""

    path: str
    title: str
    reference: str | None
    partnership: str | None
    status: str
    completed: dt.date
    review_type: str
    type_label: str
    #: Declared themes, then the points' themes, each once.
    themes: tuple[str, ...]
    #: (theme, number of learning points tagged with it).
    theme_points: tuple[tuple[str, int], ...]
    #: (agency: its configured name when a name or alias of it was written, else as written;
    #: number of single-agency points).
    agencies: tuple[tuple[str, int], ...]
    actions: tuple[ActionFact, ...]


@record(frozen=True)
class InvalidFile:
    path: str
    errors: tuple[Problem, ...]


@record
class Collection:
    """Every summary found under the folders: valid ones as facts, invalid ones with errors."""

    reviews: list[ReviewFact] = field(default_factory=list)
    invalid: list[InvalidFile] = field(default_factory=list)
    #: YAML files found by the folder walk that are not summaries.
    skipped: int = 0
    #: Warnings about files skipped unread (symbolic links that lead to no file).
    warnings: list[Problem] = field(default_factory=list)
    #: Theme labels from every configuration met (the report's own configuration wins).
    theme_labels: dict[str, str] = field(default_factory=dict)


_TYPE_LABELS = catalogue.labels(catalogue.REVIEW_TYPES)


def _intern(text: str | None) -> str | None:
    return None if text is None else intern(text)


def facts(summary: Summary, path: str, config: Config) -> ReviewFact:
    """The small facts of one summary. Names that repeat across thousands of summaries
    (themes, agencies, owners, partnerships) are interned, so each is held once."""
    points: list[Point] = [*summary.case_learning, *summary.multi_agency]
    for agency in summary.single_agency:
        points.extend(agency.points)
    theme_points: Counter[str] = Counter()
    for point in points:
        # Each theme once per point, in the author's order (a set would make the order vary).
        theme_points.update(list(dict.fromkeys(map(intern, point.themes))))
    themes = tuple(dict.fromkeys([*map(intern, summary.themes), *theme_points]))
    agencies: Counter[str] = Counter()
    directory = config.agency_directory
    for agency in summary.single_agency:
        name = directory.canonical(agency.agency) or " ".join(agency.agency.split())
        agencies[intern(name)] += len(agency.points)
    review_type = summary.review.type
    type_label = _TYPE_LABELS[review_type]
    if review_type == "other" and summary.review.label:
        type_label = summary.review.label
    return ReviewFact(
        path=path,
        title=summary.title,
        reference=summary.reference,
        partnership=_intern(summary.partnership or config.partnership),
        status=summary.status,
        completed=summary.completed,
        review_type=review_type,
        type_label=type_label,
        themes=themes,
        theme_points=tuple(theme_points.items()),
        agencies=tuple(agencies.items()),
        actions=tuple(
            ActionFact(
                owner=intern(" ".join(action.owner.split())),
                action=" ".join(text_paragraphs(action.action)),
                due=action.due,
                status=action.status,
            )
            for action in summary.actions
        ),
    )


def collect(paths: Sequence[Path], configs: ConfigCache, *, report_config: Config,
            today: dt.date | None = None) -> Collection:
    """Check every summary under `paths`, keeping facts of the valid and errors of the invalid.

    Raises ConfigError when a configuration file met on the way is not valid. A large repository
    is checked on every core (learnsum.parallel), with the same result.
    """
    global _TARGETS
    found = Collection(theme_labels=dict(report_config.theme_labels))
    targets = [(target, configs.for_path(target.path)) for target in summary_files(paths)]
    _TARGETS = [(target, config, today) for target, config in targets]
    results = in_order(_collect_one, len(targets))
    try:
        for (_, config), (kind, payload) in zip(targets, results):
            if kind == "skipped":
                found.skipped += 1
            elif kind == "broken":
                if isinstance(payload, Problem):
                    found.warnings.append(payload)
            elif isinstance(payload, InvalidFile):
                found.invalid.append(payload)
            elif isinstance(payload, ReviewFact):
                found.reviews.append(payload)
                if config is not report_config:
                    for theme, label in config.theme_labels.items():
                        found.theme_labels.setdefault(theme, label)
    finally:
        results.close()
        _TARGETS = []
    return found


#: The files of a run, set before the workers fork so that they inherit them.
_TARGETS: list[tuple[Target, Config, dt.date | None]] = []


def _collect_one(index: int) -> tuple[str, ReviewFact | InvalidFile | Problem | None]:
    """Check one file; only its small facts leave this function (the document and model do
    not), so memory stays flat however many summaries there are."""
    target, config, today = _TARGETS[index]
    display = display_path(target.path)
    if target.broken is not None:
        return "broken", broken_link_problem(display, target.broken, config)
    result = check_file(target.path, display=display, config=config, today=today,
                        discovered=target.discovered)
    if result.not_a_summary:
        return "skipped", None
    # The report is a document: names and messages in it are shown as learnsum prints them,
    # without a line break or escape sequence that a file's name or text may hold.
    shown = display_name(display)
    if not result.ok or result.summary is None:
        return "invalid", InvalidFile(shown, tuple(
            replace(problem, path=shown, message=printable(" ".join(problem.message.split())))
            for problem in result.errors))
    return "review", facts(result.summary, shown, config)


# -- filters -------------------------------------------------------------------------------


class FilterError(UsageError, ValueError):
    """A filter value the user gave that names nothing; the message says what was meant."""


def resolve_choice(value: str, vocabulary: Mapping[str, str], what: str, option: str) -> str:
    """The id for `value`, given as an id or a label (case and spacing ignored)."""
    if value in vocabulary:
        return value
    wanted = normalise(value).replace(" ", "-")
    for term_id, label in vocabulary.items():
        if wanted in (term_id, normalise(label).replace(" ", "-")):
            return term_id
    raise FilterError(
        f"{option} {value}: unknown {what}{did_you_mean(value, vocabulary)}; "
        f"use one of: {', '.join(vocabulary)}"
    )


@record(frozen=True)
class Filters:
    """Which summaries the report counts. Values of one filter are alternatives (any of them);
    different filters must all match."""

    review_types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    partnership: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def resolve(cls, *, review_types: Iterable[str] = (), statuses: Iterable[str] = (),
                themes: Iterable[str] = (), partnership: str | None = None,
                since: dt.date | None = None, until: dt.date | None = None,
                theme_labels: Mapping[str, str] | None = None) -> Filters:
        """Filters from the command line; raise FilterError for a value that names nothing."""
        if since is not None and until is not None and since > until:
            raise FilterError(f"--from {since.isoformat()} is after --to {until.isoformat()}")
        type_labels = catalogue.labels(catalogue.REVIEW_TYPES)
        status_labels = catalogue.labels(catalogue.STATUSES)
        vocabulary = theme_labels if theme_labels is not None else catalogue.labels(
            catalogue.THEMES)
        return cls(
            review_types=frozenset(
                resolve_choice(v, type_labels, "review type", "--type") for v in review_types),
            statuses=frozenset(
                resolve_choice(v, status_labels, "status", "--status") for v in statuses),
            themes=frozenset(resolve_choice(v, vocabulary, "theme", "--theme") for v in themes),
            partnership=" ".join(partnership.split()) if partnership else None,
            since=since,
            until=until,
        )

    def check_partnership(self, reviews: Iterable[ReviewFact]) -> None:
        """A partnership no summary names is most likely a typo: say which ones there are."""
        if self.partnership is None:
            return
        known = sorted({r.partnership for r in reviews if r.partnership})
        if normalise(self.partnership) in {normalise(name) for name in known}:
            return
        listed = "; ".join(known) if known else "none of the summaries names one"
        raise FilterError(
            f"--partnership {self.partnership}: no summary is of this partnership"
            f"{did_you_mean(self.partnership, known)}; partnerships found: {listed}"
        )

    def matches(self, review: ReviewFact) -> bool:
        if self.review_types and review.review_type not in self.review_types:
            return False
        if self.statuses and review.status not in self.statuses:
            return False
        if self.themes and not self.themes.intersection(review.themes):
            return False
        if self.partnership is not None and (
            review.partnership is None
            or normalise(review.partnership) != normalise(self.partnership)
        ):
            return False
        if self.since is not None and review.completed < self.since:
            return False
        return not (self.until is not None and review.completed > self.until)

    def describe(self, theme_labels: Mapping[str, str]) -> list[str]:
        """Each filter in use, as `label: values`, for the report's heading."""
        from ..dates import uk_long

        parts: list[str] = []
        if self.review_types:
            labels = catalogue.labels(catalogue.REVIEW_TYPES)
            parts.append(f"{FIELD_LABELS['review.type']}: "
                         + ", ".join(sorted(labels[t] for t in self.review_types)))
        if self.statuses:
            labels = catalogue.labels(catalogue.STATUSES)
            parts.append(f"{FIELD_LABELS['status']}: "
                         + ", ".join(sorted(labels[s] for s in self.statuses)))
        if self.themes:
            parts.append(f"{FIELD_LABELS['themes']}: "
                         + ", ".join(sorted(theme_labels.get(t, t) for t in self.themes)))
        if self.partnership:
            parts.append(f"{FIELD_LABELS['partnership']}: {self.partnership}")
        if self.since or self.until:
            start = uk_long(self.since) if self.since else "…"
            end = uk_long(self.until) if self.until else "…"
            parts.append(f"{REPORT_LABELS['completed']}: {start} – {end}")
        return parts


# -- the report ----------------------------------------------------------------------------


@record(frozen=True)
class ThemeCount:
    theme: str
    label: str
    reviews: int
    points: int


@record(frozen=True)
class YearRow:
    """One row of a by-year table: a theme or review type, its count per year, its total."""

    key: str
    label: str
    counts: tuple[int, ...]
    total: int


@record(frozen=True)
class AgencyCount:
    agency: str
    reviews: int
    points: int


@record(frozen=True)
class ActionRow:
    owner: str
    action: str
    due: dt.date | None
    status: str
    status_label: str
    rag: Rag
    days_overdue: int | None
    review_title: str
    review_reference: str | None
    review_path: str


@record(frozen=True)
class OwnerGroup:
    owner: str
    actions: tuple[ActionRow, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for action in self.actions if action.rag is Rag.RED)


@record(frozen=True)
class Table:
    """A table as CSV and Markdown write it: one header row, then rows of cells."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@record(frozen=True)
class Report:
    """Everything a writer needs; built by :func:`build`."""

    title: str
    marking: str | None
    as_of: dt.date
    filters: tuple[str, ...]
    reviews: tuple[ReviewFact, ...]
    total_valid: int
    invalid: tuple[InvalidFile, ...]
    skipped: int
    theme_labels: Mapping[str, str]
    themes: tuple[ThemeCount, ...]
    years: tuple[int, ...]
    themes_by_year: tuple[YearRow, ...]
    types_by_year: tuple[YearRow, ...]
    agencies: tuple[AgencyCount, ...]
    owner_groups: tuple[OwnerGroup, ...]

    @property
    def actions(self) -> tuple[ActionRow, ...]:
        return tuple(action for group in self.owner_groups for action in group.actions)

    @property
    def rag_counts(self) -> dict[Rag, int]:
        counts = Counter(action.rag for action in self.actions)
        return {colour: counts.get(colour, 0) for colour in Rag}

    @property
    def overview(self) -> tuple[str, ...]:
        """The report's opening sentences: what was counted, what was not, actions by colour."""
        from ..dates import uk_long

        counted = len(self.reviews)
        line = f"{counted} {_plural(counted, 'review')} counted"
        if counted != self.total_valid:
            line += f" of {self.total_valid} valid {_plural(self.total_valid, 'summary')}"
        lines = [line + "."]
        if self.invalid:
            count = len(self.invalid)
            lines.append(f"{count} {_plural(count, 'summary')} not counted because of errors "
                         f"(see {REPORT_LABELS['section_not_counted']}).")
        colours = self.rag_counts
        total = sum(colours.values())
        lines.append(
            f"{REPORT_LABELS['as_of']} {uk_long(self.as_of)}: {total} "
            f"{_plural(total, 'action')}; "
            + ", ".join(f"{colours[colour]} {colour.label.lower()}" for colour in Rag)
            + "."
        )
        return tuple(lines)

    def theme_label(self, theme: str) -> str:
        return self.theme_labels.get(theme, theme)

    def tables(self) -> dict[str, Table]:
        """The report's tables by name, in the report's order (TABLE_NAMES)."""
        label = REPORT_LABELS
        status_labels = catalogue.labels(catalogue.STATUSES)
        year_columns = tuple(str(year) for year in self.years)
        tables = [
            Table("reviews", label["section_reviews"], (
                label["title"], FIELD_LABELS["reference"], FIELD_LABELS["review.type"],
                label["completed"], FIELD_LABELS["status"], FIELD_LABELS["themes"],
                FIELD_LABELS["partnership"], label["file"],
            ), tuple(
                (r.title, r.reference, r.type_label, r.completed, status_labels[r.status],
                 "; ".join(self.theme_label(t) for t in r.themes), r.partnership, r.path)
                for r in self.reviews
            )),
            Table("themes", label["section_themes"],
                  (label["theme"], label["reviews"], label["points"]),
                  tuple((t.label, t.reviews, t.points) for t in self.themes)),
            Table("themes-by-year", label["section_themes_by_year"],
                  (label["theme"], *year_columns, label["total"]),
                  tuple((row.label, *row.counts, row.total) for row in self.themes_by_year)),
            Table("types-by-year", label["section_types_by_year"],
                  (FIELD_LABELS["review.type"], *year_columns, label["total"]),
                  tuple((row.label, *row.counts, row.total) for row in self.types_by_year)),
            Table("agencies", label["section_agencies"],
                  (label["agency"], label["reviews"], label["points"]),
                  tuple((a.agency, a.reviews, a.points) for a in self.agencies)),
            Table("actions", label["section_actions"], (
                FIELD_LABELS["actions.owner"], label["rag"], label["days_overdue"],
                FIELD_LABELS["actions.due"], FIELD_LABELS["actions.status"],
                FIELD_LABELS["actions.action"], label["review"], FIELD_LABELS["reference"],
                label["file"],
            ), tuple(
                (a.owner, a.rag, a.days_overdue, a.due, a.status_label, a.action,
                 a.review_title, a.review_reference, a.review_path)
                for a in self.actions
            )),
            Table("not-counted", label["section_not_counted"],
                  (label["file"], label["line"], label["problem"]),
                  tuple((p.path, f"{p.line}:{p.column}", p.message)
                        for invalid in self.invalid for p in invalid.errors)),
        ]
        return {table.name: table for table in tables}


def build(collection: Collection, filters: Filters, *, as_of: dt.date,
          config: Config) -> Report:
    """Filter the collected facts and count them."""
    reviews = sorted(
        (review for review in collection.reviews if filters.matches(review)),
        key=lambda r: (-r.completed.toordinal(), r.title.casefold(), r.path),
    )
    labels = collection.theme_labels
    years = tuple(sorted({review.completed.year for review in reviews}))
    year_index = {year: index for index, year in enumerate(years)}

    theme_reviews: Counter[str] = Counter()
    theme_points: Counter[str] = Counter()
    theme_years: dict[str, list[int]] = defaultdict(lambda: [0] * len(years))
    type_years: dict[str, list[int]] = defaultdict(lambda: [0] * len(years))
    agency_reviews: Counter[str] = Counter()
    agency_points: Counter[str] = Counter()
    agency_spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for review in reviews:
        column = year_index[review.completed.year]
        for theme in review.themes:
            theme_reviews[theme] += 1
            theme_years[theme][column] += 1
        for theme, count in review.theme_points:
            theme_points[theme] += count
        type_years[review.review_type][column] += 1
        seen: set[str] = set()
        for agency, count in review.agencies:
            key = agency_key(agency)
            agency_points[key] += count
            agency_spellings[key][agency] += count
            if key not in seen:
                seen.add(key)
                agency_reviews[key] += 1

    themes = tuple(sorted(
        (ThemeCount(theme, labels.get(theme, theme), count, theme_points[theme])
         for theme, count in theme_reviews.items()),
        key=lambda t: (-t.reviews, -t.points, t.label.casefold()),
    ))
    themes_by_year = tuple(
        YearRow(t.theme, t.label, tuple(theme_years[t.theme]), t.reviews) for t in themes)
    type_labels = catalogue.labels(catalogue.REVIEW_TYPES)
    types_by_year = tuple(
        YearRow(type_id, type_labels[type_id], tuple(type_years[type_id]),
                sum(type_years[type_id]))
        for type_id in catalogue.ids(catalogue.REVIEW_TYPES) if type_id in type_years
    )
    configured = {agency_key(name): name for name in config.agencies}
    agencies = tuple(sorted(
        (AgencyCount(configured.get(key) or _usual_spelling(agency_spellings[key]),
                     agency_reviews[key], points)
         for key, points in agency_points.items()),
        key=lambda a: (-a.points, -a.reviews, a.agency.casefold()),
    ))
    partnerships = {r.partnership for r in reviews if r.partnership}
    partnership = config.partnership or (partnerships.pop() if len(partnerships) == 1 else None)
    title = REPORT_LABELS["heading"] + (f": {partnership}" if partnership else "")
    return Report(
        title=title,
        marking=config.marking,
        as_of=as_of,
        filters=tuple(filters.describe(labels)),
        reviews=tuple(reviews),
        total_valid=len(collection.reviews),
        invalid=tuple(collection.invalid),
        skipped=collection.skipped,
        theme_labels=labels,
        themes=themes,
        years=years,
        themes_by_year=themes_by_year,
        types_by_year=types_by_year,
        agencies=agencies,
        owner_groups=_owner_groups(reviews, as_of),
    )


def _usual_spelling(spellings: Counter[str]) -> str:
    """The spelling written most often; among equals the one that sorts first, which prefers
    capitals ("Designated Nurse" over "designated nurse") and does not depend on file order."""
    return min(spellings, key=lambda spelling: (-spellings[spelling], spelling))


def _owner_groups(reviews: Iterable[ReviewFact], as_of: dt.date) -> tuple[OwnerGroup, ...]:
    status_labels = catalogue.labels(catalogue.ACTION_STATUSES)
    by_owner: dict[str, list[ActionRow]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for review in reviews:
        for action in review.actions:
            key = normalise(action.owner)
            spellings[key][action.owner] += 1
            colour = rag(action.status, action.due, as_of)
            by_owner[key].append(ActionRow(
                owner=action.owner,
                action=action.action,
                due=action.due,
                status=action.status,
                status_label=status_labels[action.status],
                rag=colour,
                days_overdue=(as_of - action.due).days
                if colour is Rag.RED and action.due is not None else None,
                review_title=review.title,
                review_reference=review.reference,
                review_path=review.path,
            ))
    groups = []
    for key, rows in by_owner.items():
        owner = _usual_spelling(spellings[key])
        rows.sort(key=lambda a: (RAG_ORDER[a.rag], a.due or dt.date.max,
                                 a.review_title.casefold(), a.review_path))
        groups.append(OwnerGroup(owner, tuple(replace(row, owner=owner) for row in rows)))
    groups.sort(key=lambda g: (-g.overdue, -sum(a.rag is Rag.AMBER for a in g.actions),
                               g.owner.casefold()))
    return tuple(groups)


__all__ = [
    "REPORT_LABELS", "TABLE_NAMES", "Rag", "rag", "normalise", "ReviewFact", "ActionFact",
    "InvalidFile", "Collection", "collect", "facts", "Filters", "FilterError", "Report", "Table",
    "ThemeCount", "YearRow", "AgencyCount", "ActionRow", "OwnerGroup", "build",
]


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"

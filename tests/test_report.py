"""`learnsum report`: counts, the action tracker, CSV safety, filters and the HTML page.

The fixture is a folder of generated summaries whose themes, dates, agencies and actions are
known, plus one invalid summary and one YAML file that is not a summary. Every label the tests
look for is read from the catalogue or the report's own labels, never typed here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from learnsum import catalogue
from learnsum.catalogue import FIELD_LABELS
from learnsum.config import ConfigCache
from learnsum.report import csv as report_csv
from learnsum.report.data import (
    REPORT_LABELS,
    TABLE_NAMES,
    FilterError,
    Filters,
    Rag,
    Report,
    build,
    collect,
    rag,
)
from learnsum.report.svg import bar_chart
from support import cli, write

AS_OF = "2022-06-30"
AS_OF_DATE = dt.date(2022, 6, 30)
THEME = catalogue.labels(catalogue.THEMES)
TYPE = catalogue.labels(catalogue.REVIEW_TYPES)
STATUS = catalogue.labels(catalogue.STATUSES)
ACTION_STATUS = catalogue.labels(catalogue.ACTION_STATUSES)
PARTNERSHIP = "Testshire Safeguarding Partnership"


def summary(*, title: str, completed: str, review_type: str, status: str, themes: list[str],
            points: list[tuple[str, list[str]]], agencies: list[tuple[str, int]],
            actions: list[str], partnership: str = PARTNERSHIP, reference: str = "") -> str:
    """The YAML text of a valid summary with these facts."""
    lines = [
        "learnsum: 1",
        f'title: "{title}"',
        f"reference: {reference or title.replace(' ', '-')}",
        f"partnership: {partnership}",
        f"status: {status}",
        f"completed: {completed}",
        "review:",
        f"  type: {review_type}",
        "  purpose: A half-day workshop led by the Designated Nurse.",
        "case:",
        "  incident: 2020-01",
        "  precis: A child was admitted to hospital with an injury.",
        f"themes: [{', '.join(themes)}]",
        "case_learning:",
    ]
    for text, point_themes in points:
        lines += [f"  - text: {text}", f"    themes: [{', '.join(point_themes)}]"]
    lines += ["method_learning: Practitioners attended a workshop.", "single_agency:"]
    for agency, count in agencies:
        lines += [f'  - agency: "{agency}"', "    points:"]
        lines += [f"      - Learning point {n} for this agency." for n in range(1, count + 1)]
    lines += ["multi_agency:", "  - All agencies should check who lives in the household.",
              "actions:"]
    lines += actions
    lines += ["audit: A re-audit of 20 case records in six months.", "slides: not-applicable"]
    return "\n".join(lines) + "\n"


def action(owner: str, text: str, status: str, due: str | None = None) -> str:
    due_line = f"\n    due: {due}" if due else ""
    return f'  - owner: "{owner}"\n    action: "{text}"\n    status: {status}{due_line}'


INVALID = summary(
    title="Child D", completed="2022-02-02", review_type="learning-review", status="draft",
    themes=["neglekt"], points=[("A point.", [])], agencies=[("Health", 1)],
    actions=[action("Designated Nurse", "Do something.", "open", "2023-01-01")],
)


@pytest.fixture()
def reviews(tmp_path: Path) -> Path:
    """Three valid summaries, one invalid, one YAML that is not a summary."""
    folder = tmp_path / "reviews"
    write(folder, "2021/child-a.yaml", summary(
        title="Child A & <sibling>", completed="2021-03-10", review_type="cspr", status="final",
        themes=["neglect", "information-sharing"],
        points=[("Health did not hear of the call-outs.", ["information-sharing"]),
                ("Nobody asked the child.", ["voice-of-the-child"])],
        agencies=[("Health", 2), ("Police", 1)],
        actions=[
            action("Designated Nurse", "Brief health visitors.", "open", "2021-12-31"),
            action("Head of Children's Social Care", "Audit referrals.", "in-progress",
                   "2022-09-30"),
        ],
    ))
    write(folder, "2022/child-b.yaml", summary(
        title="Child B", completed="2022-05-20", review_type="case-mapping", status="draft",
        themes=["neglect"],
        points=[("Neglect was not escalated.", ["neglect", "escalation"])],
        agencies=[("  HEALTH ", 1), ("Education", 2)],
        actions=[
            action("designated  nurse", "Update the neglect toolkit.", "done", "2022-01-31"),
            action("Head of Education Safeguarding", "Train governors.", "dropped",
                   "2022-03-01"),
            action("Head of Education Safeguarding", "Train designated leads.", "open"),
        ],
    ))
    write(folder, "2022/adult-c.yaml", summary(
        title="Adult C", completed="2022-11-01", review_type="sar", status="published",
        partnership="Testshire Safeguarding Adults Board",
        themes=["self-neglect"], points=[("Self-neglect was not recognised.", [])],
        agencies=[("Adult Social Care", 1)],
        actions=[action("Safeguarding Adults Lead", "=SUM(A1:A2) review supervision",
                        "open", "2022-06-29")],
    ))
    write(folder, "2022/child-d.yaml", INVALID)
    write(folder, "notes/other.yaml", "meeting: board\nattendees: 12\n")
    return folder


def make_report(folder: Path, filters: Filters | None = None) -> Report:
    configs = ConfigCache()
    config = configs.for_path(folder)
    collection = collect([folder], configs, report_config=config)
    return build(collection, filters or Filters(), as_of=AS_OF_DATE, config=config)


# -- counts --------------------------------------------------------------------------------


def test_invalid_summaries_are_listed_not_counted_and_other_yaml_is_skipped(
        reviews: Path) -> None:
    report = make_report(reviews)
    assert [r.title for r in report.reviews] == ["Adult C", "Child B", "Child A & <sibling>"]
    assert report.total_valid == 3
    assert report.skipped == 1
    assert [invalid.path.endswith("child-d.yaml") for invalid in report.invalid] == [True]
    assert [p.rule for p in report.invalid[0].errors] == ["unknown-theme"]


def test_each_review_counts_once_per_theme_and_points_are_counted_separately(
        reviews: Path) -> None:
    report = make_report(reviews)
    counts = {t.theme: (t.reviews, t.points) for t in report.themes}
    assert counts == {
        "neglect": (2, 1),  # A declares it, B declares it and tags a point with it
        "information-sharing": (1, 1),
        "voice-of-the-child": (1, 1),  # only on a point of A
        "escalation": (1, 1),  # only on a point of B
        "self-neglect": (1, 0),  # declared by C, on no point
    }
    assert report.themes[0].label == THEME["neglect"]
    assert [t.theme for t in report.themes][:1] == ["neglect"]


def test_themes_and_review_types_by_year(reviews: Path) -> None:
    report = make_report(reviews)
    assert report.years == (2021, 2022)
    by_year = {row.key: row.counts for row in report.themes_by_year}
    assert by_year["neglect"] == (1, 1)
    assert by_year["self-neglect"] == (0, 1)
    assert by_year["voice-of-the-child"] == (1, 0)
    types = [(row.key, row.label, row.counts, row.total) for row in report.types_by_year]
    assert types == [
        ("cspr", TYPE["cspr"], (1, 0), 1),
        ("case-mapping", TYPE["case-mapping"], (0, 1), 1),
        ("sar", TYPE["sar"], (0, 1), 1),
    ]


def test_learning_points_per_agency_ignore_case_and_spacing(reviews: Path) -> None:
    report = make_report(reviews)
    agencies = [(a.agency, a.reviews, a.points) for a in report.agencies]
    assert agencies == [
        ("Health", 2, 3),  # "Health" in A (2) and "  HEALTH " in B (1)
        ("Education", 1, 2),
        ("Adult Social Care", 1, 1),
        ("Police", 1, 1),
    ]


# -- actions -------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "due", "expected"), [
    ("done", "2020-01-01", Rag.GREEN),
    ("dropped", "2020-01-01", Rag.GREY),
    ("open", "2022-06-29", Rag.RED),
    ("in-progress", "2022-06-29", Rag.RED),
    ("open", "2022-06-30", Rag.AMBER),  # due today is not yet overdue
    ("in-progress", "2022-07-01", Rag.AMBER),
    ("open", None, Rag.AMBER),
])
def test_rag_colours(status: str, due: str | None, expected: Rag) -> None:
    assert rag(status, dt.date.fromisoformat(due) if due else None, AS_OF_DATE) is expected


def test_action_tracker_grouped_by_owner_overdue_first(reviews: Path) -> None:
    report = make_report(reviews)
    groups = [(g.owner, [(a.rag, a.review_title, a.days_overdue) for a in g.actions])
              for g in report.owner_groups]
    assert groups == [
        ("Designated Nurse", [(Rag.RED, "Child A & <sibling>", 181),
                              (Rag.GREEN, "Child B", None)]),
        ("Safeguarding Adults Lead", [(Rag.RED, "Adult C", 1)]),
        ("Head of Children's Social Care", [(Rag.AMBER, "Child A & <sibling>", None)]),
        ("Head of Education Safeguarding", [(Rag.AMBER, "Child B", None),
                                            (Rag.GREY, "Child B", None)]),
    ]
    overdue = [(a.owner, a.review_title, a.due) for a in report.actions if a.rag is Rag.RED]
    assert overdue == [("Designated Nurse", "Child A & <sibling>", dt.date(2021, 12, 31)),
                       ("Safeguarding Adults Lead", "Adult C", dt.date(2022, 6, 29))]
    assert report.rag_counts == {Rag.RED: 2, Rag.AMBER: 2, Rag.GREEN: 1, Rag.GREY: 1}


def test_as_of_decides_what_is_overdue(reviews: Path) -> None:
    configs = ConfigCache()
    config = configs.for_path(reviews)
    collection = collect([reviews], configs, report_config=config)
    early = build(collection, Filters(), as_of=dt.date(2021, 1, 1), config=config)
    assert early.rag_counts[Rag.RED] == 0
    late = build(collection, Filters(), as_of=dt.date(2030, 1, 1), config=config)
    assert late.rag_counts[Rag.RED] == 3  # the in-progress action of A is overdue by then


# -- filters -------------------------------------------------------------------------------


def titles(report: Report) -> list[str]:
    return sorted(r.title for r in report.reviews)


@pytest.mark.parametrize(("options", "expected"), [
    ({"review_types": ["cspr"]}, ["Child A & <sibling>"]),
    ({"review_types": [TYPE["case-mapping"]]}, ["Child B"]),  # a label works too
    ({"statuses": ["final", "published"]}, ["Adult C", "Child A & <sibling>"]),
    ({"themes": ["neglect"]}, ["Child A & <sibling>", "Child B"]),
    ({"themes": ["escalation"]}, ["Child B"]),  # found on a point only
    ({"themes": ["escalation", "self-neglect"]}, ["Adult C", "Child B"]),
    ({"partnership": "testshire safeguarding  adults board"}, ["Adult C"]),
    ({"since": dt.date(2022, 1, 1), "until": dt.date(2022, 6, 30)}, ["Child B"]),
    ({"since": dt.date(2022, 5, 20)}, ["Adult C", "Child B"]),  # inclusive
    ({"statuses": ["draft"], "themes": ["self-neglect"]}, []),  # different filters: all
])
def test_filters(reviews: Path, options: dict[str, object], expected: list[str]) -> None:
    filters = Filters.resolve(**options)  # type: ignore[arg-type]
    report = make_report(reviews, filters)
    assert titles(report) == expected
    assert report.total_valid == 3


def test_filters_restrict_every_count(reviews: Path) -> None:
    report = make_report(reviews, Filters.resolve(review_types=["sar"]))
    assert [t.theme for t in report.themes] == ["self-neglect"]
    assert [a.agency for a in report.agencies] == ["Adult Social Care"]
    assert [g.owner for g in report.owner_groups] == ["Safeguarding Adults Lead"]
    assert report.years == (2022,)


@pytest.mark.parametrize(("options", "message"), [
    ({"themes": ["neglekt"]}, "--theme neglekt: unknown theme (did you mean 'neglect'?)"),
    ({"review_types": ["csrp"]}, "--type csrp: unknown review type (did you mean 'cspr'?)"),
    ({"statuses": ["publshed"]}, "--status publshed: unknown status (did you mean 'published'?)"),
    ({"since": dt.date(2023, 1, 1), "until": dt.date(2022, 1, 1)},
     "--from 2023-01-01 is after --to 2022-01-01"),
])
def test_unknown_filter_values_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(FilterError) as error:
        Filters.resolve(**options)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)


# -- CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_formulas(start: str) -> None:
    assert report_csv.neutralise(f"{start}1+1") == f"'{start}1+1"


def test_csv_leaves_ordinary_text_numbers_and_dates_alone() -> None:
    assert report_csv.neutralise("Health") == "Health"
    assert report_csv.cell(-3) == "-3"
    assert report_csv.cell(dt.date(2022, 6, 30)) == "2022-06-30"
    assert report_csv.cell(None) == ""
    assert report_csv.cell(Rag.RED) == REPORT_LABELS["rag_red"]


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV files start with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_cli_csv_writes_one_file_per_table(reviews: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = cli("report", reviews, "-f", "csv", "-o", out, "--today", AS_OF)
    assert result.returncode == 1, result.stderr  # the invalid summary was left out
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)
    assert f"{out / 'actions.csv'} (6 rows)" in result.stdout

    actions = read_csv(out / "actions.csv")
    assert actions[0] == [FIELD_LABELS["actions.owner"], REPORT_LABELS["rag"],
                          REPORT_LABELS["days_overdue"], FIELD_LABELS["actions.due"],
                          FIELD_LABELS["actions.status"], FIELD_LABELS["actions.action"],
                          REPORT_LABELS["review"], FIELD_LABELS["reference"],
                          REPORT_LABELS["file"]]
    assert actions[1][:7] == ["Designated Nurse", REPORT_LABELS["rag_red"], "181", "2021-12-31",
                              ACTION_STATUS["open"], "Brief health visitors.",
                              "Child A & <sibling>"]
    assert actions[3][:6] == ["Safeguarding Adults Lead", REPORT_LABELS["rag_red"], "1",
                              "2022-06-29", ACTION_STATUS["open"],
                              "'=SUM(A1:A2) review supervision"]
    assert [row[1] for row in actions[1:]] == [
        REPORT_LABELS[f"rag_{c}"] for c in ("red", "green", "red", "amber", "amber", "grey")]

    themes = read_csv(out / "themes.csv")
    assert themes[0] == [REPORT_LABELS["theme"], REPORT_LABELS["reviews"],
                         REPORT_LABELS["points"]]
    assert themes[1] == [THEME["neglect"], "2", "1"]
    by_year = read_csv(out / "themes-by-year.csv")
    assert by_year[0] == [REPORT_LABELS["theme"], "2021", "2022", REPORT_LABELS["total"]]
    assert [THEME["self-neglect"], "0", "1", "1"] in by_year
    types = read_csv(out / "types-by-year.csv")
    assert types[1:] == [[TYPE["cspr"], "1", "0", "1"], [TYPE["case-mapping"], "0", "1", "1"],
                         [TYPE["sar"], "0", "1", "1"]]
    index = read_csv(out / "reviews.csv")
    assert [row[0] for row in index[1:]] == ["Adult C", "Child B", "Child A & <sibling>"]
    assert index[3][2:5] == [TYPE["cspr"], "2021-03-10", STATUS["final"]]
    assert index[3][5] == f"{THEME['neglect']}; {THEME['information-sharing']}; " \
                          f"{THEME['voice-of-the-child']}"
    not_counted = read_csv(out / "not-counted.csv")
    assert len(not_counted) == 2 and not_counted[1][0].endswith("child-d.yaml")
    assert "neglekt" in not_counted[1][2]


def test_cli_one_csv_table_to_standard_output(reviews: Path) -> None:
    result = cli("report", reviews, "-f", "csv", "--table", "agencies")
    assert result.returncode == 1
    assert not result.stdout.startswith("\ufeff")  # no byte-order mark for pipes
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [[REPORT_LABELS["agency"], REPORT_LABELS["reviews"], REPORT_LABELS["points"]],
                    ["Health", "2", "3"], ["Education", "1", "2"],
                    ["Adult Social Care", "1", "1"], ["Police", "1", "1"]]


# -- HTML ----------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of the report page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.svgs: list[dict[str, str | None]] = []
        self.svg_titles: list[str] = []
        self.svg_descs: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.pairs: list[list[str]] = []  # what each chart+table block holds, in order
        self.external: list[str] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._text_target: list[str] | None = None
        self._pair_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in ("meta", "br", "rect", "img", "link", "input"):
            self.stack.append(tag)
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if value.startswith(("http:", "https:", "//")):
                self.external.append(value)
        if tag == "div" and attributes.get("class") == "pair":
            self.pairs.append([])
            self._pair_depth = len(self.stack)
        if tag == "svg":
            self.svgs.append(attributes)
            if self._pair_depth is not None:
                self.pairs[-1].append("svg")
        if tag in ("title", "desc") and "svg" in self.stack:
            self._text_target = []
        if tag == "table":
            self._table = attributes.get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
            if self._pair_depth is not None:
                self.pairs[-1].append(self._table)
        if tag == "tr" and self._table:
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "desc") and self._text_target is not None:
            text = "".join(self._text_target)
            if len(self.svg_titles) < len(self.svgs) and tag == "title":
                self.svg_titles.append(text)
            elif tag == "desc":
                self.svg_descs.append(text)
            self._text_target = None
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        if tag == "table":
            self._table = None
        if tag == "div" and self._pair_depth == len(self.stack):
            self._pair_depth = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._text_target is not None:
            self._text_target.append(data)


def test_cli_html_is_one_page_with_charts_and_their_tables(reviews: Path, tmp_path: Path) -> None:
    out = tmp_path / "board" / "report.html"
    result = cli("report", reviews, "-o", out, "--today", AS_OF)
    assert result.returncode == 1
    assert "child-d.yaml:" in result.stderr and "unknown theme 'neglekt'" in result.stderr
    assert "1 summary with errors not counted" in result.stderr
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()

    assert page.external == []
    assert "<script src" not in html and "<link" not in html
    # three charts, each an image with a title and a description in words
    assert len(page.svgs) == 3
    assert all(svg.get("role") == "img" and svg.get("aria-labelledby") for svg in page.svgs)
    assert page.svg_titles == [REPORT_LABELS["chart_themes"],
                               REPORT_LABELS["chart_types_by_year"],
                               REPORT_LABELS["chart_agencies"]]
    assert f"{THEME['neglect']}: 2 reviews" in page.svg_descs[0]
    assert "2022: 2 reviews" in page.svg_descs[1]
    assert "Health: 3 learning points" in page.svg_descs[2]
    # each chart has its data table beside it
    assert page.pairs == [["svg", "table-themes"], ["svg", "table-types-by-year"],
                          ["svg", "table-agencies"]]
    assert page.tables["table-themes"][1] == [THEME["neglect"], "2", "1"]
    assert page.tables["table-agencies"][1] == ["Health", "2", "3"]
    # the index of reviews: UK dates, labels, and escaped titles
    index = page.tables["table-reviews"]
    assert index[0][:6] == [REPORT_LABELS["title"], FIELD_LABELS["reference"],
                            FIELD_LABELS["review.type"], REPORT_LABELS["completed"],
                            FIELD_LABELS["status"], FIELD_LABELS["themes"]]
    assert [row[0] for row in index[1:]] == ["Adult C", "Child B", "Child A & <sibling>"]
    assert index[3][2:5] == [TYPE["cspr"], "10 March 2021", STATUS["final"]]
    assert "Child A &amp; &lt;sibling&gt;" in html and "<sibling>" not in html
    assert 'class="sortable"' in html and 'data-sort="2021-03-10"' in html
    # the action tracker: overdue first, with the colour named as well as shown
    rags = [row[0] for name, rows in page.tables.items() if name.startswith("table-")
            and name[6:].isdigit() for row in rows[1:]]
    assert rags == [REPORT_LABELS[f"rag_{c}"]
                    for c in ("red", "green", "red", "amber", "amber", "grey")]
    assert 'class="rag rag-red"' in html
    assert "@media print" in html
    assert REPORT_LABELS["section_not_counted"] in html and "neglekt" in html


def test_svg_text_is_escaped() -> None:
    svg = bar_chart("c", "Title <&>", [("<script>", 2), ("x", 1)], ("review", "reviews"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    page = Page()
    page.feed(svg)
    assert page.svg_titles == ["Title <&>"]
    assert page.svg_descs == ["<script>: 2 reviews; x: 1 review"]


def test_cli_markdown_tables_to_standard_output(reviews: Path) -> None:
    result = cli("report", reviews, "-f", "md", "--today", AS_OF, "--theme", "neglect")
    assert result.returncode == 1
    text = result.stdout
    assert f"## {REPORT_LABELS['section_themes']}" in text
    assert f"| {THEME['neglect']} | 2 | 1 |" in text
    assert "Child A & \\<sibling\\>" in text
    assert "Adult C" not in text  # filtered out
    assert f"### Designated Nurse (1 {REPORT_LABELS['overdue']})" in text
    assert f"{FIELD_LABELS['themes']}: {THEME['neglect']}" in text


# -- the command line ----------------------------------------------------------------------


def test_cli_all_valid_exits_0_and_unchanged_output_is_not_rewritten(
        reviews: Path, tmp_path: Path) -> None:
    (reviews / "2022" / "child-d.yaml").unlink()
    out = tmp_path / "r.md"
    first = cli("report", reviews, "-f", "md", "-o", out, "--today", AS_OF)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"wrote {out} (3 reviews, 2 overdue actions)")
    second = cli("report", reviews, "-f", "md", "-o", out, "--today", AS_OF)
    assert second.stdout.startswith(f"unchanged {out}")


def test_cli_default_folder_is_the_current_one(reviews: Path) -> None:
    result = cli("report", "-f", "csv", "--table", "types-by-year", cwd=reviews)
    assert result.returncode == 1
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 4


@pytest.mark.parametrize(("args", "message"), [
    (["--theme", "neglekt"], "did you mean 'neglect'?"),
    (["--type", "csrp"], "did you mean 'cspr'?"),
    (["--partnership", "Testshire Safeguarding Partnershp"],
     f"did you mean '{PARTNERSHIP}'?"),
    (["--from", "2023-01-01", "--to", "2022-01-01"], "is after --to"),
    (["-f", "csv", "--table", "agency"], "did you mean 'agencies'?"),
    (["--table", "agencies"], "only with --format csv"),
    (["-f", "csv"], "give a folder with -o"),
    (["-f", "csv", "-o", "tables.csv"], "add --table NAME"),
    (["--from", "31/02/2022"], "not a real date"),
])
def test_cli_usage_errors_exit_2_with_one_line(reviews: Path, args: list[str],
                                                message: str) -> None:
    result = cli("report", reviews, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_one_csv_table_to_a_file(reviews: Path, tmp_path: Path) -> None:
    out = tmp_path / "overdue.csv"
    result = cli("report", reviews, "-f", "csv", "--table", "actions", "-o", out,
                 "--today", AS_OF)
    assert result.returncode == 1
    assert result.stdout.startswith(f"wrote {out} (6 rows)")
    assert [row[1] for row in read_csv(out)[1:3]] == [REPORT_LABELS["rag_red"],
                                                       REPORT_LABELS["rag_green"]]


def test_cli_missing_folder_exits_2(tmp_path: Path) -> None:
    result = cli("report", tmp_path / "nowhere")
    assert result.returncode == 2
    assert "nowhere: no such file or folder" in result.stderr


def test_cli_refuses_to_write_over_a_summary(reviews: Path) -> None:
    target = reviews / "2021" / "child-a.yaml"
    before = target.read_bytes()
    result = cli("report", reviews, "-f", "md", "-o", target)
    assert result.returncode == 1
    assert "refusing to write over a YAML file" in result.stderr
    assert target.read_bytes() == before


def test_a_large_repository_is_counted_the_same_on_every_core(tmp_path: Path) -> None:
    from learnsum.parallel import PARALLEL_FROM
    from support import VALID as BASE
    from support import cli_process as run_cli  # the run forks workers: not in the test process

    count = PARALLEL_FROM + 10
    for number in range(count):
        text = BASE.replace("title: Child T", f"title: Child T{number}")
        if number == 42:
            text = text.replace("case_learning:", "case_learnings:")
        (tmp_path / f"s{number:03d}.yaml").write_text(text, encoding="utf-8")
    result = run_cli("report", ".", "-f", "md", "--today", "2026-11-25", cwd=tmp_path)
    assert result.returncode == 1  # one summary has errors: listed, not counted
    assert f"{count - 1} reviews counted" in result.stdout
    assert "s042.yaml" in result.stdout


def test_a_file_learnsum_did_not_make_is_not_replaced(tmp_path: Path) -> None:
    from support import VALID as BASE
    from support import cli as run_cli

    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "a.yaml").write_text(BASE, encoding="utf-8")
    paper = tmp_path / "board.html"
    paper.write_text("<p>board paper</p>\n", encoding="utf-8")
    refused = run_cli("report", "reviews", "-o", "board.html", cwd=tmp_path)
    assert refused.returncode == 1 and "was not made by learnsum" in refused.stderr
    assert paper.read_text(encoding="utf-8") == "<p>board paper</p>\n"
    assert run_cli("report", "reviews", "-o", "board.html", "--force", cwd=tmp_path).returncode == 0
    again = run_cli("report", "reviews", "-f", "md", "-o", "board.md", cwd=tmp_path)
    assert again.returncode == 0
    assert run_cli("report", "reviews", "-f", "md", "-o", "board.md", cwd=tmp_path).returncode == 0

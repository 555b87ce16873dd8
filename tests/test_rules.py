"""Every rule of format-v1.md, each with a failing and a passing summary, at its exact place."""

from __future__ import annotations

import datetime as dt

import pytest

from learnsum.problems import Severity
from learnsum.validate import check_text
from support import TODAY, VALID, position_of, replace

TODAY_DATE = dt.date.fromisoformat(TODAY)


def problems(text: str, rule: str | None = None):  # type: ignore[no-untyped-def]
    found = check_text(text, display="s.yaml", today=TODAY_DATE).problems
    return [p for p in found if rule is None or p.rule == rule]


def test_the_valid_summary_has_no_problems() -> None:
    assert problems(VALID) == []


def test_unknown_key_suggests_the_nearest() -> None:
    text = replace(VALID, "case_learning:", "case_learnings:")
    found = problems(text, "unknown-key")
    assert len(found) == 1
    assert (found[0].line, found[0].column) == position_of(text, "case_learnings:")
    assert "did you mean 'case_learning'?" in found[0].message
    # ... and the key it replaced is reported missing, at the top of the file.
    missing = problems(text, "missing-key")
    assert [(p.line, p.column) for p in missing] == [(1, 1)]
    assert "case_learning" in missing[0].message


def test_unknown_nested_key() -> None:
    text = replace(VALID, "    due: 2027-01-31", "    deadline: 2027-01-31")
    found = problems(text, "unknown-key")
    assert (found[0].line, found[0].column) == position_of(text, "deadline")
    assert "allowed here: owner, action, due, status" in found[0].message


def test_missing_nested_key_is_placed_at_its_parent() -> None:
    text = replace(VALID, "  purpose: A local learning review led by the Designated Nurse.\n", "")
    found = problems(text, "missing-key")
    assert len(found) == 1
    assert (found[0].line, found[0].column) == position_of(text, "review:")
    assert "'purpose'" in found[0].message


@pytest.mark.parametrize(
    ("old", "new", "bad", "suggestion"),
    [
        ("type: learning-review", "type: case_mapping", "case_mapping", "case-mapping"),
        ("status: draft", "status: finall", "finall", "final"),
        ("    kind: concern", "    kind: good practice", "good practice", "good-practice"),
        ("    status: open", "    status: in progress", "in progress", "in-progress"),
        ("slides: not-applicable", "slides: not applicable", "not applicable", "not-applicable"),
        ("slides: not-applicable", "slides: N/A", "N/A", "not-applicable"),
        ("type: learning-review", "type: Case Mapping Exercise", "Case Mapping Exercise",
         "case-mapping"),
        ("    status: open", "    status: completed", "completed", "done"),
    ],
)
def test_vocabulary_values_suggest_the_nearest(
        old: str, new: str, bad: str, suggestion: str) -> None:
    text = replace(VALID, old, new)
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].rule == "unknown-value"
    assert (found[0].line, found[0].column) == position_of(text, bad, text.count(bad) - 1)
    assert f"did you mean '{suggestion}'?" in found[0].message


def test_theme_written_as_its_label_suggests_the_id() -> None:
    text = replace(VALID, "themes: [information-sharing]\n", "themes: [Voice of the child]\n")
    found = problems(text)
    assert [p.rule for p in found] == ["unknown-theme"]
    assert "did you mean 'voice-of-the-child'?" in found[0].message


def test_unknown_theme_suggests_and_points_at_the_item() -> None:
    text = replace(VALID, "themes: [information-sharing, domestic-abuse]",
                   "themes: [information-sharing, domestic-abus]")
    found = problems(text)
    assert [p.rule for p in found] == ["unknown-theme"]
    assert (found[0].line, found[0].column) == position_of(text, "domestic-abus")
    assert "did you mean 'domestic-abuse'?" in found[0].message


@pytest.mark.parametrize(
    ("old", "new", "rule", "needle"),
    [
        ("title: Child T", "title: 2024", "wrong-type", "2024"),
        ("  - The GP practice escalated promptly.", "  - 42", "wrong-type", "42"),
        ("multi_agency:\n  - All", "multi_agency: All", "wrong-type", "All agencies"),
        ("completed: 2024-03-01", "completed: 31/02/2024", "invalid-date", "31/02/2024"),
        ("completed: 2024-03-01", "completed: 03/31/2024", "invalid-date", "03/31/2024"),
        ("incident: 2023-06", "incident: Juno 2023", "invalid-date", "Juno 2023"),
    ],
)
def test_wrong_types_and_dates(old: str, new: str, rule: str, needle: str) -> None:
    text = replace(VALID, old, new)
    found = problems(text)
    assert rule in [p.rule for p in found], found
    problem = next(p for p in found if p.rule == rule)
    assert (problem.line, problem.column) == position_of(text, needle)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2024-03-01", "2024-03-01"), ("01/03/2024", "1/3"), ("1.3.24", "1.3.24"),
     ("1st March 2024", "1st"), ("1 March 2024", "1 March")],
)
def test_uk_date_forms_are_read_day_first(value: str, shown: str) -> None:
    text = replace(VALID, "completed: 2024-03-01", f"completed: {value}")
    result = check_text(text, today=TODAY_DATE)
    assert result.problems == []
    assert result.summary is not None and result.summary.completed == dt.date(2024, 3, 1)


@pytest.mark.parametrize("value", ["2023-06", "June 2023", "06/2023", "2023-06-14", "14/06/2023",
                                   "Jun-2023", "14th June 2023"])
def test_month_forms(value: str) -> None:
    result = check_text(replace(VALID, "incident: 2023-06", f"incident: {value}"), today=TODAY_DATE)
    assert result.problems == []
    assert result.summary is not None and str(result.summary.case.incident) == "June 2023"


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ("completed: 2024-03-01", "completed: 2027-03-01", "2027-03-01", "in the future"),
        ("incident: 2023-06", "incident: 2024-04", "2024-04", "after the summary"),
        ("slides: not-applicable",
         "updates:\n  - date: 2024-02-01\n    from: Service Manager\n    text: News.\n"
         "slides: not-applicable", "2024-02-01", "before the summary"),
    ],
)
def test_impossible_dates(old: str, new: str, needle: str, words: str) -> None:
    text = replace(VALID, old, new)
    found = problems(text, "impossible-date")
    assert len(found) == 1
    assert (found[0].line, found[0].column) == position_of(text, needle)
    assert words in found[0].message


def test_incident_in_the_month_of_completion_is_fine() -> None:
    assert problems(replace(VALID, "incident: 2023-06", "incident: 2024-03")) == []


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("audit: |\n  A re-audit of 20 case records in six months will check that notifications "
         "were shared.\n", "audit: '   '\n", "'   '"),
        ("multi_agency:\n  - All agencies should check who else lives in the household.\n",
         "multi_agency: []\n", "[]"),
        ("method_learning: |\n  Practitioners attended a half-day workshop.\n",
         "method_learning:\n", "method_learning"),
        ("  - The GP practice escalated promptly.", "  - ''", "''"),
    ],
)
def test_empty_required_sections(old: str, new: str, needle: str) -> None:
    text = replace(VALID, old, new)
    found = problems(text)
    assert [p.rule for p in found] == ["empty-section"], found
    line, column = position_of(text, needle)
    assert found[0].line == line


def test_other_review_type_needs_a_label() -> None:
    text = replace(VALID, "type: learning-review", "type: other")
    found = problems(text)
    assert [p.rule for p in found] == ["missing-key"]
    assert "review.label" in found[0].message
    labelled = replace(text, "  type: other", "  type: other\n  label: Learning Review (Scotland)")
    assert problems(labelled) == []


# -- warnings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("audit", ["As above.", "See above", "N/A", "n/a", "As per action plan"])
def test_audit_that_points_elsewhere(audit: str) -> None:
    text = replace(
        VALID,
        "audit: |\n  A re-audit of 20 case records in six months will check that notifications "
        "were shared.\n",
        f"audit: {audit}\n",
    )
    found = problems(text)
    assert [p.rule for p in found] == ["audit-points-elsewhere"]
    assert found[0].severity is Severity.WARNING
    assert (found[0].line, found[0].column) == position_of(text, audit)


def test_action_without_due_date_and_overdue() -> None:
    no_due = replace(VALID, "    due: 2027-01-31\n", "")
    found = problems(no_due)
    assert [p.rule for p in found] == ["action-no-due-date"]
    assert (found[0].line, found[0].column) == position_of(no_due, "owner: Designated")
    overdue = replace(VALID, "due: 2027-01-31", "due: 2025-01-31")
    found = problems(overdue)
    assert [p.rule for p in found] == ["action-overdue"]
    assert "31 January 2025" in found[0].message
    done = replace(overdue, "    status: open", "    status: done")
    assert problems(done) == []


@pytest.mark.parametrize(
    ("owner", "person"),
    [
        ("Jane Smith", True),
        ("Mrs Patel, Health Visitor", True),
        ("Dr Okafor", True),
        ("Designated Nurse, Integrated Care Board", False),
        ("Head of Protecting Vulnerable Persons, Northamptonshire Police", False),
        ("Trust Lead for Safeguarding & MASH, Northamptonshire Healthcare Foundation Trust", False),
        ("Named GP", False),
        ("Children's Social Care", False),
    ],
)
def test_owner_names_a_person(owner: str, person: bool) -> None:
    text = replace(VALID, "owner: Designated Nurse, Integrated Care Board", f"owner: {owner}")
    rules = [p.rule for p in problems(text) if p.rule == "owner-names-person"]
    assert rules == (["owner-names-person"] if person else [])


@pytest.mark.parametrize("placeholder", ["TBC", "TODO", "XXX", "[insert date]", "Lorem ipsum"])
def test_placeholder_is_a_warning_in_a_draft_and_an_error_when_final(placeholder: str) -> None:
    text = replace(VALID, "led by the Designated Nurse.",
                   f"led by the Designated Nurse {placeholder}.")
    found = problems(text, "placeholder-text")
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert (found[0].line, found[0].column) == position_of(text, placeholder)
    final = replace(text, "status: draft", "status: final")
    assert problems(final, "placeholder-text")[0].severity is Severity.ERROR


def test_pseudonyms_are_not_placeholders() -> None:
    assert problems(replace(VALID, "Child T", "Child X1"), "placeholder-text") == []


def test_slides_required_for_scr_and_cspr() -> None:
    text = replace(VALID, "type: learning-review", "type: cspr")
    found = problems(text)
    assert [p.rule for p in found] == ["slides-required"]
    assert (found[0].line, found[0].column) == position_of(text, "not-applicable")
    assert problems(replace(text, "slides: not-applicable", "slides: generate")) == []
    missing = replace(text, "slides: not-applicable\n", "")
    assert [p.rule for p in problems(missing)] == ["slides-required"]


def test_slides_path_must_be_a_deck(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from learnsum.validate import check_file

    path = tmp_path / "s.yaml"
    path.write_text(replace(VALID, "slides: not-applicable", "slides: deck.pptx"))
    found = [p for p in check_file(path, today=TODAY_DATE).problems]
    assert [p.rule for p in found] == ["slides-file"]
    assert "does not exist" in found[0].message
    (tmp_path / "deck.pptx").write_text("not a zip")
    found = check_file(path, today=TODAY_DATE).problems
    assert "cannot be read" in found[0].message


def test_unknown_agency_suggests_the_nearest() -> None:
    text = replace(VALID, "agency: Police", "agency: Polise")
    found = problems(text)
    assert [p.rule for p in found] == ["unknown-agency"]
    assert "did you mean 'Police'?" in found[0].message
    assert (found[0].line, found[0].column) == position_of(text, "Polise")
    # A name that only contains a listed one is not that agency until it is made an alias of it
    # (tests/test_rules_trust.py).
    found = problems(replace(VALID, "agency: Police", "agency: Northamptonshire Police"))
    assert [p.rule for p in found] == ["unknown-agency"]
    assert "did you mean 'Police'?" in found[0].message


def test_privacy_finding_is_placed_inside_folded_text_and_masked() -> None:
    text = replace(
        VALID,
        "method_learning: |\n  Practitioners attended a half-day workshop.\n",
        "method_learning: >-\n  Practitioners attended a half-day workshop; the mother\n"
        "  (NHS number 943 476 5919) was invited.\n",
    )
    found = problems(text, "nhs-number")
    assert len(found) == 1
    assert (found[0].line, found[0].column) == position_of(text, "943 476 5919")
    assert "943 476 5919" not in found[0].message


def test_suppression_comment_on_the_line_and_above() -> None:
    base = replace(VALID, "    due: 2027-01-31\n", "")
    same_line = replace(base, "  - owner: Designated Nurse, Integrated Care Board",
                        "  - owner: Designated Nurse, Integrated Care Board"
                        "  # learnsum: disable-line action-no-due-date")
    assert problems(same_line) == []
    above = replace(base, "  - owner: Designated", "  # learnsum: disable-line action-no-due-date\n"
                    "  - owner: Designated")
    assert problems(above) == []
    other_rule = replace(base, "  - owner: Designated",
                         "  # learnsum: disable-line audit-points-elsewhere\n  - owner: Designated")
    assert [p.rule for p in problems(other_rule)] == ["action-no-due-date"]
    misspelt = replace(base, "  - owner: Designated",
                       "  # learnsum: disable-line action-no-due-dates\n  - owner: Designated")
    found = problems(misspelt)
    assert [p.rule for p in found] == ["suppression-comment", "action-no-due-date"]
    assert "did you mean 'action-no-due-date'?" in found[0].message
    whole_file = "# learnsum: disable-file action-no-due-date\n" + base
    assert problems(whole_file) == []


def test_format_rules_cannot_be_suppressed() -> None:
    text = replace(VALID, "case_learning:", "case_learnings:  # learnsum: disable-line unknown-key")
    assert "unknown-key" in [p.rule for p in problems(text)]


def test_text_checks_still_run_when_the_shape_is_wrong() -> None:
    text = replace(VALID, "slides: not-applicable", "slide: not-applicable")
    text = replace(text, "The GP practice escalated promptly.",
                   "The GP practice (NHS number 943 476 5919) escalated promptly. TODO")
    rules = [p.rule for p in problems(text)]
    assert "unknown-key" in rules and "nhs-number" in rules and "placeholder-text" in rules


def test_every_missing_key_is_listed_at_once() -> None:
    found = problems("learnsum: 1\ntitle: A\n", "missing-key")
    assert len(found) == 9
    assert {p.message.split("'")[1] for p in found} >= {"completed", "review", "audit", "actions"}


def test_a_number_as_reference_keeps_what_was_typed() -> None:
    result = check_text(replace(VALID, "reference: TEST-1", "reference: 007"), today=TODAY_DATE)
    assert result.problems == [] and result.summary is not None
    assert result.summary.reference == "007"


@pytest.mark.parametrize(("old", "new"), [("learnsum: 1", "learnsum: 1.0"),
                                          ("    from: x", "    from_: x")])
def test_near_misses_of_the_format_are_errors(old: str, new: str) -> None:
    text = VALID.replace("slides: not-applicable",
                         "updates:\n  - date: 2024-05-01\n    from: x\n    text: y\n"
                         "slides: not-applicable")
    assert problems(text) == []
    found = problems(replace(text, old, new))
    assert found and all(p.severity is Severity.ERROR for p in found)


def test_a_label_for_a_review_that_is_not_other_is_flagged() -> None:
    text = replace(VALID, "  type: learning-review", "  type: dhr\n  label: Multi-agency audit")
    found = problems(text)
    assert [p.rule for p in found] == ["unused-review-label"]
    assert (found[0].line, found[0].column) == position_of(text, "Multi-agency audit")


@pytest.mark.parametrize("deck", ["../elsewhere/deck.pptx", "/tmp/deck.pptx"])
def test_slides_path_must_be_beside_the_summary(deck: str) -> None:
    found = problems(replace(VALID, "slides: not-applicable", f"slides: {deck}"))
    assert [p.rule for p in found] == ["slides-file"]
    assert "beside the summary" in found[0].message


@pytest.mark.parametrize(
    ("rule", "sentence", "identifier"),
    [
        ("nhs-number", "Her NHS number 943 476 5919 was on the referral.", "943 476 5919"),
        ("ni-number", "His National Insurance number AB 12 34 56 C was recorded.", "AB 12 34 56 C"),
        ("postcode", "The family moved to NN1 1AA in the spring.", "NN1 1AA"),
        ("phone-number", "Mother's mobile 07911 123456 was unanswered.", "07911 123456"),
        ("email-address", "The GP e-mailed jane.smith@example.nhs.uk about it.",
         "jane.smith@example.nhs.uk"),
        ("date-of-birth", "Child T (DOB 14/03/2021) was seen.", "14/03/2021"),
        ("titled-name", "Mrs Patel attended the strategy meeting.", "Mrs Patel"),
    ],
)
def test_each_privacy_rule_fails_a_file_and_passes_the_clean_one(
    rule: str, sentence: str, identifier: str
) -> None:
    assert problems(VALID, rule) == []
    text = replace(VALID, "The GP practice escalated promptly.", sentence)
    found = problems(text, rule)
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert (found[0].line, found[0].column) == position_of(text, identifier)
    assert identifier not in found[0].message  # masked, so CI logs do not spread it


def test_deny_list_terms_from_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from learnsum.config import load_config
    from learnsum.validate import check_file

    (tmp_path / "names.txt").write_text("# the family\nSmithson\n", encoding="utf-8")
    (tmp_path / ".learnsum.yaml").write_text("privacy:\n  deny_list_file: names.txt\n")
    config = load_config(tmp_path / ".learnsum.yaml")
    path = tmp_path / "s.yaml"
    path.write_text(replace(VALID, "escalated promptly", "escalated the Smithson case promptly"))
    found = [p for p in check_file(path, config=config, today=TODAY_DATE).problems]
    assert [p.rule for p in found] == ["deny-list"]
    path.write_text(VALID)
    assert check_file(path, config=config, today=TODAY_DATE).problems == []

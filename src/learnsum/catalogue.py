"""The Learning Summary form, written down once.

Every part of learnsum that shows or reads a section of the form (the model, the renderers,
the importer, the scaffold written by ``learnsum new``) takes its key, label, guidance prompt and
order from here, so that a partnership's wording only ever has to be changed in one place (and
a repository's ``.learnsum.yaml`` can override it, see :mod:`learnsum.config`).

Labels and prompts are quoted verbatim from the partnership's "Learning Summary Template"
(docs/format.md); the stray spaces of the Word extraction ("Multi- agency", "25 th") are not
kept.
"""

from __future__ import annotations

import re
from typing import Final

from .records import record

FORMAT_VERSION = 1
FORM_TITLE = "Learning Summary"


@record(frozen=True)
class Section:
    """One row of the form: a top-level YAML key and how the form words it."""

    key: str
    label: str
    prompt: str | None
    required: bool


class Key:
    """The key of each row of the form, named once: code that handles one section names it here
    rather than spelling the string again (a misspelt name is then an error, not a silent miss)."""

    COMPLETED: Final = "completed"
    REVIEW: Final = "review"
    CASE: Final = "case"
    CASE_LEARNING: Final = "case_learning"
    METHOD_LEARNING: Final = "method_learning"
    SINGLE_AGENCY: Final = "single_agency"
    MULTI_AGENCY: Final = "multi_agency"
    ACTIONS: Final = "actions"
    AUDIT: Final = "audit"
    COMMENTS: Final = "comments"
    UPDATES: Final = "updates"
    SLIDES: Final = "slides"


#: The rows of the form, in the form's order.
SECTIONS: tuple[Section, ...] = (
    Section(Key.COMPLETED, "Date Learning Summary completed", None, True),
    Section(Key.REVIEW, "Type of review conducted and overall purpose", None, True),
    Section(Key.CASE, "Precis of case and month/year of incident", None, True),
    Section(
        Key.CASE_LEARNING,
        "What you learnt about the case: key themes/early learning",
        "(Specific issues or general areas of concern or good practice)",
        True,
    ),
    Section(
        Key.METHOD_LEARNING,
        "What you learnt about the review/methodology",
        "(What worked/didn't?; Who was involved, how long did it take, chairs, authors etc)",
        True,
    ),
    Section(
        Key.SINGLE_AGENCY,
        "Key learning points – single agency",
        "(Indicate transferrable learning, not necessarily all recommendations)",
        True,
    ),
    Section(
        Key.MULTI_AGENCY,
        "Key learning points - Multi-agency",
        "(As above, focus on transferrable learning)",
        True,
    ),
    Section(Key.ACTIONS, "How do you intend to make changes? Who's doing what?", None, True),
    Section(
        Key.AUDIT,
        "How will you audit the impact? i.e. how will you know anything has changed?",
        None,
        True,
    ),
    Section(
        Key.COMMENTS,
        "Any other comments, advice, suggestions – about the case, the method, "
        "embedding change or evidencing impact/ change",
        None,
        False,
    ),
    Section(Key.UPDATES, "Updates received after completion", None, False),
    Section(
        Key.SLIDES,
        "For SCR's – please provide a set of PowerPoint slides setting out the learning for "
        "practitioners about the learning for a learning workshop",
        None,
        False,
    ),
)

SECTIONS_BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}

#: Keys that are not rows of the form but describe the summary itself.
HEADER_KEYS: tuple[str, ...] = ("learnsum", "title", "reference", "partnership", "status", "themes")


@record(frozen=True)
class Term:
    """A vocabulary value: the id authors write and the label documents show."""

    id: str
    label: str
    description: str = ""


REVIEW_TYPES: tuple[Term, ...] = (
    Term("scr", "Serious Case Review", "England, before 2019 (LSCB Regulations 2006)"),
    Term("cspr", "Child Safeguarding Practice Review", "Children Act 2004 s16A-16Q, from 2019"),
    Term("rapid-review", "Rapid Review",
         "within 15 working days of a serious incident notification"),
    Term("case-mapping", "Case Mapping Exercise", "SCIE Learning Together method"),
    Term("learning-review", "Learning Review", "below the statutory threshold, or Scotland"),
    Term("dhr", "Domestic Homicide Review", "victim aged 16 or over"),
    Term("sar", "Safeguarding Adults Review", "Care Act 2014 s44"),
    Term("cpr", "Child Practice Review", "Wales"),
    Term("cmr", "Case Management Review", "Northern Ireland"),
    Term("other", "Other review", "name it in review.label"),
)

#: Review types whose form asks for practitioner slides, unless configuration says otherwise.
SLIDES_REQUIRED_FOR: tuple[str, ...] = ("scr", "cspr")

STATUSES: tuple[Term, ...] = (
    Term("draft", "Draft"),
    Term("final", "Final"),
    Term("published", "Published"),
)

POINT_KINDS: tuple[Term, ...] = (
    Term("concern", "Concern"),
    Term("good-practice", "Good practice"),
    Term("issue", "Issue"),
)

ACTION_STATUSES: tuple[Term, ...] = (
    Term("open", "Open"),
    Term("in-progress", "In progress"),
    Term("done", "Done"),
    Term("dropped", "Dropped"),
)

SLIDES_CHOICES: tuple[Term, ...] = (
    Term("not-applicable", "Not applicable"),
    Term("generate", "Practitioner slides: {deck}"),
)

THEMES: tuple[Term, ...] = (
    Term("information-sharing", "Information sharing"),
    Term("risk-assessment", "Risk assessment and decision making"),
    Term("professional-curiosity", "Professional curiosity"),
    Term("disguised-compliance", "Disguised compliance"),
    Term("escalation", "Escalation"),
    Term("thresholds", "Thresholds"),
    Term("early-help", "Early help"),
    Term("multi-agency-working", "Multi-agency working"),
    Term("voice-of-the-child", "Voice of the child"),
    Term("domestic-abuse", "Domestic abuse"),
    Term("parental-mental-health", "Parental mental health"),
    Term("parental-substance-misuse", "Parental substance misuse"),
    Term("neglect", "Neglect"),
    Term("babies", "Vulnerability of babies"),
    Term("safer-sleep", "Safer sleep"),
    Term("hidden-men", "Hidden men"),
    Term("exploitation", "Exploitation and risks outside the home"),
    Term("identity-and-culture", "Race, culture and identity"),
    Term("disabled-children", "Disabled children"),
    Term("children-missing-education", "Children missing education"),
    Term("young-carers", "Young carers"),
    Term("supervision-and-training", "Supervision and training"),
    Term("recording", "Recording"),
    Term("self-neglect", "Self-neglect"),
)

#: Field labels used inside sections (sub-headings and table headers).
FIELD_LABELS: dict[str, str] = {
    "review.type": "Type of review",
    "review.purpose": "Purpose",
    "review.label": "Review",
    "case.incident": "Month/year of incident",
    "case.precis": "Precis",
    "themes": "Themes",
    "actions.owner": "Owner",
    "actions.action": "Action",
    "actions.due": "Due",
    "actions.status": "Status",
    "actions.evidence": "Evidence",
    "updates.date": "Date",
    "updates.from": "From",
    "updates.text": "Update",
    "point.text": "Learning point",
    "point.kind": "Kind of learning",
    "point.themes": "Themes",
    "single_agency.agency": "Agency",
    "single_agency.points": "Learning points for this agency",
    "reference": "Reference",
    "partnership": "Partnership",
    "status": "Status",
}


#: The months, as dates are written in documents ("25 September 2015").
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: The language documents are written in (BCP 47), unless `.learnsum.yaml` sets `language:`.
LANGUAGE = "en-GB"


def _vocabulary(prefix: str, terms: tuple[Term, ...]) -> dict[str, str]:
    return {f"{prefix}.{term.id}": term.label for term in terms}


#: Every fixed word a reader sees in an output (Word, PDF, Markdown, HTML, slides), by a dotted
#: key; `.learnsum.yaml`'s `strings:` replaces any of them (docs/configuration.md). The rows'
#: labels and prompts are `sections:`, theme labels `themes:`. A word in braces ("{deck}") is
#: filled in when the document is made, and an override must keep it.
STRINGS: dict[str, str] = {
    "title": FORM_TITLE,
    **FIELD_LABELS,
    "none_recorded": "None recorded",
    "page_number": "Page {page} of {pages}",
    **_vocabulary("review_types", REVIEW_TYPES),
    **_vocabulary("statuses", STATUSES),
    **_vocabulary("point_kinds", POINT_KINDS),
    **_vocabulary("action_statuses", ACTION_STATUSES),
    **_vocabulary("slides", SLIDES_CHOICES),
    **{f"months.{name.lower()}": name for name in MONTHS},
    "deck.other_learning": "Other learning",
    "deck.continuation": "({index} of {count})",
    "deck.actions": "Who is doing what",
    # The 7-minute briefing (and the deck, which follows its seven parts): its title, its
    # parts in order, and the words it fills a part with when the summary does not.
    "briefing.title": "7-minute briefing",
    "briefing.background": "Background",
    "briefing.why_it_matters": "Why it matters",
    "briefing.information": "What happened",
    "briefing.learning": "What we learnt",
    "briefing.change": "What should change",
    "briefing.reflection": "Questions for reflection",
    "briefing.further_information": "Further information",
    "briefing.why_it_matters.themes": "The learning from this review is about:",
    "briefing.why_it_matters.default": (
        "Reviews find what helps and what gets in the way of keeping people safe. Each agency "
        "and each practitioner can use this learning so that the same harm does not happen "
        "again."
    ),
    "briefing.question.1": "What does this learning mean for your own practice and your team's?",
    "briefing.question.2": "What will you do differently as a result?",
    "briefing.question.3": (
        "What support do you need to make that change, and how will you know it has made a "
        "difference?"
    ),
    "briefing.full_summary": "The full learning summary",
    "briefing.completed": "Completed",
}


def placeholders(text: str) -> frozenset[str]:
    """The names in braces in `text` ("{deck}"), which a document fills in."""
    return frozenset(re.findall(r"\{([a-z_]+)\}", text))


def labels(terms: tuple[Term, ...]) -> dict[str, str]:
    """Map each id of a vocabulary to its label."""
    return {term.id: term.label for term in terms}


def ids(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(term.id for term in terms)


#: Other wordings of each row of the form, as other partnerships' copies of it put them: what
#: `learnsum import` recognises without configuration (beside the label and prompt above).
SECTION_SYNONYMS: dict[str, tuple[str, ...]] = {
    Key.COMPLETED: ("Date completed", "Date of completion", "Completion date",
                    "Date summary completed", "Date of learning summary"),
    Key.REVIEW: ("Type of review and purpose", "Type of review", "Review type",
                 "Review type and purpose", "Purpose of the review", "Type and purpose of review"),
    Key.CASE: ("Precis of case", "Case summary", "Summary of the case", "Brief summary of the case",
               "Case precis", "Background to the case", "Month and year of incident"),
    Key.CASE_LEARNING: ("Key learning – the case", "Key learning about the case",
                        "Learning about the case", "What we learnt about the case",
                        "Case learning", "Key themes and early learning"),
    Key.METHOD_LEARNING: ("Key learning – the review", "Learning about the review",
                          "Learning about the methodology", "What we learnt about the review",
                          "Methodology", "Review process and methodology", "Method learning"),
    Key.SINGLE_AGENCY: ("Single agency learning", "Single agency learning points",
                        "Key learning – single agency", "Learning for single agencies",
                        "Learning for each agency", "Agency learning"),
    Key.MULTI_AGENCY: ("Multi-agency learning", "Multi-agency learning points",
                       "Key learning – multi-agency", "Partnership learning",
                       "Learning for the partnership", "Multi agency key learning"),
    Key.ACTIONS: ("Actions – who is doing what?", "Actions", "Action plan",
                  "Who is doing what", "What will change and who is doing it",
                  "Actions agreed", "Changes to be made"),
    Key.AUDIT: ("How will you know the impact?", "How will you know it has made a difference",
                "Audit of impact", "Evidencing impact", "Measuring impact", "Impact"),
    Key.COMMENTS: ("Other comments", "Any other comments", "Additional comments",
                   "Comments", "Advice and suggestions", "Further comments"),
    Key.UPDATES: ("Updates", "Updates since completion", "Progress updates", "Update"),
    Key.SLIDES: ("Practitioner slides (SCRs)", "Practitioner slides", "PowerPoint slides",
                 "Slides for practitioners", "Learning workshop slides", "Briefing slides"),
}

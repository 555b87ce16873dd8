"""The fixed words of the 7-minute briefing and the practitioner slides, written once.

Every title, heading and standard question that the briefing (:mod:`learnsum.render.briefing`)
and the deck (:mod:`learnsum.render.pptx`) show and that is not the author's text is here, under
a dotted key. A renderer asks the View for a word (``view.word("briefing.background")``), so that
a partnership's own wording of it is used wherever it appears.
"""

from __future__ import annotations

#: Each fixed word or phrase by its key, in English (en-GB).
WORDS: dict[str, str] = {
    # The briefing's title, and the seven parts, in order.
    "briefing.title": "7-minute briefing",
    "briefing.background": "Background",
    "briefing.why_it_matters": "Why it matters",
    "briefing.information": "What happened",
    "briefing.learning": "What we learnt",
    "briefing.change": "What should change",
    "briefing.reflection": "Questions for reflection",
    "briefing.further_information": "Further information",
    # Why it matters, when the summary does not say: its themes, or a standard sentence.
    "briefing.why_it_matters.themes": "The learning from this review is about:",
    "briefing.why_it_matters.default": (
        "Reviews find what helps and what gets in the way of keeping people safe. Each agency "
        "and each practitioner can use this learning so that the same harm does not happen "
        "again."
    ),
    # The three standard questions, when the summary has no `reflection:`.
    "briefing.question.1": "What does this learning mean for your own practice and your team's?",
    "briefing.question.2": "What will you do differently as a result?",
    "briefing.question.3": (
        "What support do you need to make that change, and how will you know it has made a "
        "difference?"
    ),
    # Further information: the summary the briefing is made from.
    "briefing.full_summary": "The full learning summary",
    "briefing.completed": "Completed",
    # The deck's own words.
    "slides.actions": "Who is doing what",
    "slides.other_learning": "Other learning",
    "slides.continuation": "({index} of {count})",
}

#: The seven parts of a briefing, in order, by their keys in WORDS.
PARTS: tuple[str, ...] = (
    "briefing.background", "briefing.why_it_matters", "briefing.information",
    "briefing.learning", "briefing.change", "briefing.reflection",
    "briefing.further_information",
)

#: The standard questions for reflection, by their keys in WORDS.
STANDARD_QUESTIONS: tuple[str, ...] = (
    "briefing.question.1", "briefing.question.2", "briefing.question.3",
)

__all__ = ["PARTS", "STANDARD_QUESTIONS", "WORDS"]

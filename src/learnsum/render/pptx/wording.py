"""The deck's own wording: titles of the slides the form has no row for, and the questions for
reflection made from the learning points when the summary gives none.
"""

from __future__ import annotations

import re
import textwrap

from ...catalogue import Key
from ..view import View, clean

# -- wording that is the deck's own (the form has no row for these) ----------------------------

#: Title of the slide of questions for practitioners to discuss.
REFLECTION_TITLE = "Questions for reflection"
#: Heading of case-learning points that have no kind, when others have one.
UNSORTED_POINTS = "Other learning"
#: Appended to a title split across slides.
CONTINUATION = "({index} of {count})"
#: Marks where a paragraph split across slides breaks off and resumes.
ELLIPSIS = "…"

#: Questions generated from learning points when the summary has no `reflection:` list.
QUESTION_SHARING = 'How would your team have shared the information about this: "{point}"?'
QUESTION_CONCERN = 'What would your team have done differently here: "{point}"?'
QUESTION_ISSUE = 'How would your team have dealt with this: "{point}"?'
QUESTION_GOOD = 'How can your team make sure this happens every time: "{point}"?'
QUESTION_MULTI = 'What will your team do to make this happen: "{point}"?'
MAX_QUESTIONS = 5
EXCERPT_CHARS = 110


def _excerpt(text: str) -> str:
    """The first sentence of a point, cut at a word break, for a question to quote."""
    sentence = re.split(r"(?<=[.;!?])\s", text.strip(), maxsplit=1)[0].rstrip(" .;:")
    if len(sentence) <= EXCERPT_CHARS:
        return sentence
    return textwrap.shorten(sentence, EXCERPT_CHARS, placeholder=" " + ELLIPSIS)


def reflection_questions(view: View) -> list[str]:
    """The summary's own `reflection:` questions, or questions made from its learning points."""
    own = [clean(re.sub(r"[ \t\n\r]+", " ", q).strip()) for q in view.reflection]
    own = [q for q in own if q]
    if own:
        return own
    questions: list[str] = []
    multi_agency = [point for point in view.points if point.section == Key.MULTI_AGENCY]
    for point in multi_agency:
        questions.append(QUESTION_MULTI.format(point=_excerpt(point.text)))
    by_kind = {"concern": QUESTION_CONCERN, "issue": QUESTION_ISSUE, "good-practice": QUESTION_GOOD}
    for point in view.points:
        if point.section != Key.CASE_LEARNING:
            continue
        text = _excerpt(point.text)
        if "information-sharing" in point.themes:
            questions.append(QUESTION_SHARING.format(point=text))
        else:
            questions.append(by_kind.get(point.kind or "concern", QUESTION_CONCERN)
                             .format(point=text))
    # Questions from case learning first: they are about this case; then the multi-agency ones.
    questions = questions[len(multi_agency):] + questions[: len(multi_agency)]
    ordered: list[str] = []
    for question in questions:
        if question not in ordered:
            ordered.append(question)
    return ordered[:MAX_QUESTIONS]


def deck_themes(view: View) -> list[str]:
    """Theme ids of the summary, then those only its points name, each once."""
    found: list[str] = []
    for theme in [*view.themes, *(t for p in view.points for t in p.themes)]:
        if theme not in found:
            found.append(theme)
    return found

"""A title followed by a name ('Mrs Smith', 'Dr Okafor'), and the capitalised words that are not
names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings

# Titles people in a case carry, police ranks included ("PC Davies"). Honours (Sir, Dame, Lord,
# Lady) are left out on purpose: in summaries they almost always cite the authors of national
# reports ("Lord Laming"), not the family or the practitioners.
TITLES = (
    "Mrs|Mr|Ms|Miss|Mx|Master|Dr|Prof|Professor|Revd|Rev|Reverend|Cllr|Councillor|"
    "PCSO|PC|DCI|DC|DS|DI|Sgt|Insp"
)
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff"
# A name: Smith, O'Brien, McDonald, MacLeod, Smith-Jones, Zoë. A single capital ("Mr X") or
# capitals and digits ("Mr A1") are pseudonyms and do not match.
_NAME_PART = rf"[{_UP}](?:['\u2019][{_UP}])?[{_LO}]+(?:[{_UP}][{_LO}]+)?"
_NAME = rf"{_NAME_PART}(?:-{_NAME_PART})?"
_TITLED_NAME_PATTERN = (
    rf"(?P<title>{TITLES})\.?[ \u00a0]+"
    rf"(?P<initials>(?:[A-Z](?:\.[ \u00a0]*|[ \u00a0]+)){{1,2}})?"  # "Mr J Smith", "Mrs A.B. Patel"
    rf"(?P<n1>{_NAME})(?![{_UP}{_LO}0-9])"
    rf"(?:[ \u00a0]+(?P<n2>{_NAME})(?![{_UP}{_LO}0-9]))?"
)
# Capitalised words that follow a title without being a name: judicial and civic roles
# ("Mr Justice Hayden", "Mr Chairman"), practitioners' roles ("Dr Consultant Paediatrician" in a
# badly punctuated list), family pseudonyms ("Mr X Father"), agencies' words, and ordinary words
# at the start of a heading.
_NOT_NAMES = frozenset(
    """justice justices chief mayor mayoress chancellor lieutenant speaker president chair
    chairman chairwoman chairperson deputy assistant associate senior junior named designated
    lead head consultant registrar locum duty safeguarding paediatrician paediatric psychiatrist
    psychologist nurse midwife health police social worker manager officer team service services
    unknown anonymous redacted withheld child children mother father parent parents sibling
    siblings baby adult person subject family partner stepfather stepmother grandmother
    grandfather grandparent uncle aunt victim perpetrator alleged male female patient client
    resident applicant respondent defendant appellant brother sister son daughter foster carer
    carers guardian teacher the a an and or of for on in at to with from by general
    practitioner clinical medical hospital trust council court judge fostering foundation
    commissioner inspector sergeant constable detective coroner governor principal barnardo
    word excel outlook teams powerpoint
    mr mrs ms miss mx dr prof rev revd reverend cllr councillor pcso pc dci dc ds di sgt
    insp""".split()
)
# Words that start a sentence: after a pseudonym with a full stop ("Mr X. He said...") they
# would otherwise look like the surname of "Mr X. He".
_SENTENCE_WORDS = frozenset(
    """he she they it its his her hers their them we our you your i there here this that these
    those then when where while whilst after before during however although though because since
    as if but so also later following subsequently meanwhile both all each every no not none one
    two three four five six seven eight nine ten first second third monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december""".split()
)


class Patterns(CompiledOnUse):
    """The regular expression of a title and a name, each compiled when first used (compiled.py)."""

    __slots__ = ("titled_name",)

    SOURCES: ClassVar[Mapping[str, str]] = {"titled_name": _TITLED_NAME_PATTERN}

    titled_name: re.Pattern[str]


@lru_cache(maxsize=64)
def _role_term_re(role_terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Role phrases that begin with a title, matched at a title's position, case-insensitive."""
    terms = [t.strip() for t in role_terms if t.strip()]
    if not terms:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)
    )
    return re.compile(rf"(?:{alternatives})(?!\w)", re.IGNORECASE)


def _is_name_word(word: str) -> bool:
    return word.lower() not in _NOT_NAMES


def find_titled_names(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """A title followed by one or two names: how a person is named in Word-era summaries."""
    role_re = _role_term_re(tuple(settings.role_terms))
    found: list[Finding] = []
    m = patterns.titled_name.search(text)
    while m is not None:
        start = m.start()
        if (
            (start > 0 and text[start - 1].isalpha())  # "AMr Smith" is not a title
            or (role_re is not None and role_re.match(text, start))
            or not _is_name_word(m.group("n1"))
            # "Mr X. The police...": a pseudonym, then the next sentence
            or (m.group("initials") and m.group("n1").lower() in _SENTENCE_WORDS)
        ):
            # Not a name; look again just after this title, so that "Mr X Mrs Smith" still
            # finds "Mrs Smith".
            m = patterns.titled_name.search(text, start + 1)
            continue
        end = m.end("n1")
        n2 = m.group("n2")
        if n2 is not None and _is_name_word(n2):
            end = m.end("n2")
        found.append(Finding("titled-name", start, end, text[start:end]))
        m = patterns.titled_name.search(text, end)
    return found


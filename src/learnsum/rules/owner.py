"""Actions are owned by roles, never by named people (domain.md, "Actions")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..problems import Severity
from . import Context, Hit, checker, rule

OWNER_NAMES_PERSON = rule(
    "owner-names-person",
    Severity.WARNING,
    "An action owner names a person ('Jane Smith', 'Mrs Patel') rather than a role.",
)

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor)\.?"
_TITLED = re.compile(rf"\b{_TITLE}\s+[A-Z][a-z'’-]+")
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_BARE_NAME = re.compile(rf"(?:{_NAME_WORD}\s+){{1,2}}{_NAME_WORD}")

#: Words that make a phrase a role, team or agency rather than a person's name.
ROLE_WORDS = frozenset(
    """lead leads manager managers head director officer officers doctor nurse named designated
    safeguarding service services team teams chair board partnership police trust council
    group groups care social worker workers health visitor visitors practitioner practitioners
    midwife midwives midwifery school schools education agency agencies authority department
    unit centre center hospital practice gp clinical commissioning integrated children children's
    adult adults family families protection public probation housing youth justice early help
    deputy assistant principal senior coordinator co-ordinator advisor adviser consultant
    paediatrician specialist supervisor operations quality assurance governance commissioner
    commissioners executive chief superintendent inspector sergeant constable detective mash lado
    trainer training learning development workforce strategic all every each partners partner
    nhs ccg icb foundation ambulance emergency mental substance misuse domestic abuse voluntary
    sector organisations organisation members member leadership panel committee subgroup
    business designate officers' managers' named nurses' leads'""".split()
)


def names_person(owner: str) -> bool:
    """Whether an owner reads as a person's name rather than a role."""
    if _TITLED.search(owner):
        return True
    head = re.split(r"[,(;/]| - | – ", owner, maxsplit=1)[0].strip()
    if not _BARE_NAME.fullmatch(head):
        return False
    return not any(word.lower() in ROLE_WORDS for word in head.split())


@checker(OWNER_NAMES_PERSON)
def check(context: Context) -> Iterator[Hit]:
    """An action owner that looks like a person's name."""
    for index, action in enumerate(context.model.actions):
        if names_person(action.owner):
            yield context.hit(
                "owner-names-person", ("actions", index, "owner"),
                f"action {index + 1}'s owner looks like a person's name; name the role "
                "(e.g. 'Designated Nurse, ICB'), as people move on and summaries are shared",
            )

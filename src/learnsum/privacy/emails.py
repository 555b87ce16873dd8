"""Personal e-mail addresses; role mailboxes (safeguarding@, mash@) are fine."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from .compiled import CompiledOnUse
from .findings import Finding, PrivacySettings
from .text import starts_word

# Found from each "@": the local part by walking back over the characters it may contain, the
# domain with a regular expression. Scanning the whole text for local parts would try every word.
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'-")
_LOCAL_MAX = 64
_EMAIL_DOMAIN_PATTERN = (
    r"[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
_LOCAL_SPLIT_PATTERN = r"[._+\-0-9]+"
# Words that, after a role mailbox name, still make a role mailbox ("safeguardingadults",
# "dutyteam", "mashreferrals").
_ROLE_SUFFIXES = frozenset(
    """adult adults child children childrens team teams hub unit units service services office
    board partnership desk line lead leads admin support nhs mailbox inbox referrals referral
    enquiries enquiry general central hq dept department""".split()
)


class Patterns(CompiledOnUse):
    """The regular expressions of e-mail addresses, each compiled when first used (compiled.py)."""

    __slots__ = ("domain", "local_split")

    SOURCES: ClassVar[Mapping[str, str]] = {
        "domain": _EMAIL_DOMAIN_PATTERN,
        "local_split": _LOCAL_SPLIT_PATTERN,
    }

    domain: re.Pattern[str]
    local_split: re.Pattern[str]


@lru_cache(maxsize=16)
def _role_mailboxes(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(r for r in (entry.strip().lower() for entry in allowed) if r)


def _is_role_mailbox(local: str, roles: frozenset[str], patterns: Patterns) -> bool:
    """Whether an address's local part names a team or service rather than a person.

    "safeguarding", "safeguarding.team", "northants.mash" (a role as one dotted part) and
    "safeguardingadults" (a role followed by a role word) are; "ladonna" and "mashaal.khan",
    which merely start like a role, are not.
    """
    local = local.lower()
    if local in roles:
        return True
    for token in patterns.local_split.split(local):
        if token in roles:
            return True
        for cut in range(2, len(token) - 1):
            if token[:cut] in roles and (token[cut:] in _ROLE_SUFFIXES or token[cut:] in roles):
                return True
    return False


def find_emails(text: str, settings: PrivacySettings, patterns: Patterns) -> list[Finding]:
    """Personal e-mail addresses; role mailboxes are how a summary should give a contact."""
    at = text.find("@")
    if at < 0:
        return []
    roles = _role_mailboxes(tuple(settings.allowed_mailboxes))
    found: list[Finding] = []
    while at >= 0:
        start = at
        while start > 0 and at - start <= _LOCAL_MAX and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        domain = patterns.domain.match(text, at + 1)
        if (
            domain is not None
            and 0 < at - start <= _LOCAL_MAX
            and text[start].isalnum()
            and starts_word(text, start)
            and not _is_role_mailbox(text[start:at], roles, patterns)
        ):
            found.append(Finding("email-address", start, domain.end(), text[start : domain.end()]))
        at = text.find("@", domain.end() if domain is not None else at + 1)
    return found


"""Likely personal identifiers in any text of the summary (domain.md, "Anonymisation").

The detectors live in :mod:`learnsum.privacy`; this module registers one rule per kind of
identifier and places each finding at its own line and column, masked so that the warning does
not copy the identifier into CI logs.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import privacy
from ..problems import Severity
from . import Context, Hit, checker, rule

PRIVACY_RULE_IDS: frozenset[str] = frozenset(privacy.PRIVACY_RULES)

_RULES = [
    rule(rule_id, Severity.WARNING, explanation, category="privacy")
    for rule_id, explanation in privacy.PRIVACY_RULES.items()
]

_WHAT = {
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
    "postcode": "a full postcode",
    "phone-number": "a phone number",
    "email-address": "a personal e-mail address",
    "date-of-birth": "a date of birth",
    "titled-name": "a person's name",
    "deny-list": "a term from the deny-list",
}


@checker(*_RULES, needs_summary=False)
def check(context: Context) -> Iterator[Hit]:
    """Identifiers found by learnsum.privacy in every string of the summary."""
    settings = context.config.privacy_settings
    for path, text in context.document.strings():
        for finding in privacy.scan(text, settings):  # type: ignore[arg-type]
            occurrence = text.count(finding.text, 0, finding.start)
            what = _WHAT.get(finding.rule, "an identifier")
            yield context.hit_in_text(
                finding.rule, path, finding.text,
                f"'{finding.masked}' looks like {what}; remove it or reduce it before sharing",
                occurrence,
            )

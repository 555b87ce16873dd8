"""Likely personal identifiers in any text of the summary (docs/privacy.md).

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
    rule(rule_id, Severity.WARNING, explanation, category="privacy", doc=__doc__)
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
    budget = privacy.PatternBudget()  # for the configuration's allow patterns, all strings
    for path, text in context.document.strings():
        try:
            findings = privacy.scan(text, settings, budget=budget)  # type: ignore[arg-type]
        except privacy.PatternTooSlow as slow:
            yield _slow_pattern(context, slow)
            return
        for finding in findings:
            what = _WHAT.get(finding.rule, "an identifier")
            yield context.hit_in_text(
                finding.rule, path, finding.text,
                f"'{finding.masked}' looks like {what}; remove it or reduce it before sharing",
                offset=finding.start,
            )


def _slow_pattern(context: Context, slow: privacy.PatternTooSlow) -> Hit:
    """The error for an allow pattern that ran out of time: placed at the pattern in the
    configuration file, since that is what has to change."""
    from ..files import display_path
    from ..loader import Document, load

    shown = slow.pattern if len(slow.pattern) <= 60 else slow.pattern[:57] + "..."
    message = (
        f"the allow pattern '{shown}' took too long on {context.document.display} and was "
        f"stopped after {slow.seconds:g} s of matching; use a simpler pattern (one without a "
        "repetition inside a repetition, such as (a|a)* or (\\w+\\s?)+)"
    )
    source = context.config.source
    if source is None:  # settings made in code, not read from a file
        return Hit("invalid-value", 1, 1, message, file="privacy.allow_patterns")
    document = load(source, display_path(source))
    line, column = 1, 1
    if isinstance(document, Document):
        line, column = document.value_position(("privacy", "allow_patterns", slow.index))
    return Hit("invalid-value", line, column, message, file=display_path(source))

"""scan(): every detector over a text, overlaps resolved, deny-list terms added, allowed
findings dropped."""

from __future__ import annotations

from bisect import bisect_left

from .allow import drop_allowed
from .detectors import DIGIT_RULES, detectors
from .findings import DEFAULT_SETTINGS, PRIVACY_RULES, Finding, PrivacySettings
from .terms import find_denied
from .user_patterns import PatternBudget

_ALL_RULES: frozenset[str] = frozenset(PRIVACY_RULES)


def scan(
    text: str,
    settings: PrivacySettings = DEFAULT_SETTINGS,
    rules: frozenset[str] | None = None,
    budget: PatternBudget | None = None,
) -> list[Finding]:
    """All likely identifiers in `text`, in text order.

    `rules` restricts the detectors that run (None runs all of them); an unknown rule id is a
    ValueError so that a typo in a configuration does not silently switch a check off.
    Overlapping findings of different rules are reported once (by the more specific rule);
    deny-list findings are always reported, since the partnership asked for them explicitly.
    The allow patterns run within `budget` (a new one of ALLOW_PATTERN_SECONDS when None; pass
    one budget to every scan of a file): PatternTooSlow when they use it up.
    """
    if rules is None:
        active: frozenset[str] | set[str] = _ALL_RULES
    else:
        unknown = set(rules) - _ALL_RULES
        if unknown:
            raise ValueError(
                f"unknown privacy rule(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(PRIVACY_RULES)}"
            )
        active = rules
    if not text:
        return []
    built = detectors()

    has_digit = built.digit.search(text) is not None
    accepted: list[Finding] = []
    # Accepted spans never overlap, so sorted by start they are sorted by end too: a new span
    # overlaps one of them only if it overlaps the last one that starts before it ends.
    starts: list[int] = []
    ends: list[int] = []
    for rule_id, detector, patterns in built.order:
        if rule_id not in active or (not has_digit and rule_id in DIGIT_RULES):
            continue
        for f in detector(text, settings, patterns):
            i = bisect_left(starts, f.end)
            if i > 0 and ends[i - 1] > f.start:
                continue  # an earlier, more specific rule already reported this text
            starts.insert(i, f.start)
            ends.insert(i, f.end)
            accepted.append(f)
    if "deny-list" in active and settings.deny_terms:
        accepted.extend(find_denied(text, settings))

    accepted = drop_allowed(accepted, text, settings, budget)
    accepted.sort(key=lambda f: (f.start, f.end, f.rule))
    return accepted


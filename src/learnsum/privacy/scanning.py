"""scan(): every detector over a text, overlaps resolved, deny-list terms added, allowed
findings dropped."""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from typing import TYPE_CHECKING, Any

from .allow import drop_allowed
from .detectors import DIGIT_RULES, GATED_RULES, detectors
from .findings import DEFAULT_SETTINGS, PRIVACY_RULES, Finding, PrivacySettings
from .terms import find_denied
from .user_patterns import PatternBudget

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from collections.abc import Callable

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
    every, without_digits, gated = _plan(active if isinstance(active, frozenset)
                                         else frozenset(active))
    sign = built.gate.search(text)
    if sign is None:
        # No digit, "@" or title: no identifier that a detector finds (when they are all gated).
        order = () if gated else without_digits
    elif "0" <= sign.group()[0] <= "9" or built.digit.search(text, sign.end()) is not None:
        order = every
    else:  # Text without a digit holds none of the identifiers made of digits.
        order = without_digits
    accepted: list[Finding] = []
    # Accepted spans never overlap, so sorted by start they are sorted by end too: a new span
    # overlaps one of them only if it overlaps the last one that starts before it ends.
    starts: list[int] = []
    ends: list[int] = []
    for detector, patterns in order:
        for f in detector(text, settings, patterns):
            i = bisect_left(starts, f.end)
            if i > 0 and ends[i - 1] > f.start:
                continue  # an earlier, more specific rule already reported this text
            starts.insert(i, f.start)
            ends.insert(i, f.end)
            accepted.append(f)
    if "deny-list" in active and settings.deny_terms:
        accepted.extend(find_denied(text, settings))
    if not accepted:
        return accepted
    accepted = drop_allowed(accepted, text, settings, budget)
    accepted.sort(key=lambda f: (f.start, f.end, f.rule))
    return accepted


_Order = tuple[tuple["Callable[..., list[Finding]]", Any], ...]


@cache
def _plan(active: frozenset[str]) -> tuple[_Order, _Order, bool]:
    """The detectors (with their patterns) of the `active` rules, in order of precedence: all of
    them, and those that can find something in text without a digit; and whether every one of
    them needs what the gate looks for."""
    order = detectors().order
    every = tuple((detector, patterns) for rule_id, detector, patterns in order
                  if rule_id in active)
    without_digits = tuple((detector, patterns) for rule_id, detector, patterns in order
                           if rule_id in active and rule_id not in DIGIT_RULES)
    gated = all(rule_id in GATED_RULES for rule_id, _, _ in order)
    return every, without_digits, gated

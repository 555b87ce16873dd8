"""Dropping the findings that an allow term or an allow pattern covers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .findings import Finding, PrivacySettings
from .terms import term_spans
from .user_patterns import PatternBudget, PatternTooSlow, allow_patterns_re


class _Spans:
    """Spans sorted by start, with the greatest end so far: "does any span overlap (or enclose)
    this one?" in O(log n), so a long summary with many findings is not quadratic."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.max_end: list[int] = []
        greatest = -1
        for _, end in spans:
            greatest = max(greatest, end)
            self.max_end.append(greatest)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # the spans that start before `end`...
        return i > 0 and self.max_end[i - 1] > start  # ...and one of them ends after `start`

    def encloses(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)  # the spans that start at or before `start`...
        return i > 0 and self.max_end[i - 1] >= end  # ...and one of them reaches `end`


def drop_allowed(findings: list[Finding], text: str, settings: PrivacySettings,
             budget: PatternBudget | None = None) -> list[Finding]:
    """Drop findings covered by an allow term or an allow pattern.

    The patterns are the configuration's own, so each runs with a time limit (the budget's time
    left); one that runs out raises PatternTooSlow.
    """
    if not findings or not (settings.allow_terms or settings.allow_patterns):
        return findings
    terms = _Spans(term_spans(text, tuple(settings.allow_terms), in_addresses=False))
    kept = [f for f in findings if not terms.overlaps(f.start, f.end)]
    if not kept or not settings.allow_patterns:
        return kept
    from time import process_time

    if budget is None:
        budget = PatternBudget()
    patterns = allow_patterns_re(tuple(settings.allow_patterns))
    by_start = sorted(range(len(kept)), key=lambda i: kept[i].start)
    allowed: set[int] = set()
    for index, pattern in enumerate(patterns):
        started = process_time()
        try:
            # A finding is allowed when a match of the pattern in the text encloses it. A
            # pattern's matches do not overlap, so of those that start at or before the finding
            # only the last non-empty one can enclose it: one pass over matches and findings.
            matches = pattern.finditer(text, timeout=max(budget.left, 0.001))
            upcoming = next(matches, None)
            last = None
            for i in by_start:
                finding = kept[i]
                while upcoming is not None and upcoming.start() <= finding.start:
                    if upcoming.end() > upcoming.start():
                        last = upcoming
                    upcoming = next(matches, None)
                if i in allowed:
                    continue
                if last is not None and last.end() >= finding.end:
                    allowed.add(i)
                    continue
                left = budget.left - (process_time() - started)
                if pattern.search(finding.text, timeout=max(left, 0.001)) is not None:
                    allowed.add(i)  # or the finding's own text contains a match
        except TimeoutError:
            raise PatternTooSlow(settings.allow_patterns[index], index, budget.seconds) from None
        finally:
            budget.left -= process_time() - started
    return [f for i, f in enumerate(kept) if i not in allowed]


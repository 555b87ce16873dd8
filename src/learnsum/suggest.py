"""'Did you mean ...?' for misspelt keys and vocabulary values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: Words authors use for a vocabulary value, mapped to the value (checked before spelling).
SYNONYMS: dict[str, str] = {
    "n/a": "not-applicable",
    "na": "not-applicable",
    "none": "not-applicable",
    "not applicable": "not-applicable",
    "complete": "done",
    "completed": "done",
    "closed": "done",
    "achieved": "done",
    "ongoing": "in-progress",
    "started": "in-progress",
    "underway": "in-progress",
    "cancelled": "dropped",
    "canceled": "dropped",
    "withdrawn": "dropped",
    "good": "good-practice",
    "positive": "good-practice",
    "strength": "good-practice",
    "learning": "issue",
    "lcspr": "cspr",
    "local child safeguarding practice review": "cspr",
}


def nearest(value: str, known: Iterable[str], labels: dict[str, str] | None = None) -> str | None:
    """The known value closest to `value`, if any is close enough to be a likely typo.

    `labels` (id -> label) lets an author who wrote a label instead of an id be sent to the id."""
    candidates = list(known)
    spoken = value.strip().lower()
    synonym = SYNONYMS.get(spoken)
    if synonym in candidates:
        return synonym
    for term_id, label in (labels or {}).items():
        if term_id in candidates and label.lower() == spoken:
            return term_id
    folded = {candidate.lower().replace("_", "-").replace(" ", "-"): candidate
              for candidate in candidates}
    key = value.lower().replace("_", "-").replace(" ", "-")
    if key in folded:
        return folded[key]
    matches = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    if matches:
        return folded[matches[0]]
    # A prefix is a good hint too ("case" for "case_learning" is not, but "dispuised" is caught
    # above).
    for candidate_key, candidate in folded.items():
        if len(key) >= 4 and (candidate_key.startswith(key) or key.startswith(candidate_key)):
            return candidate
    return None


def did_you_mean(value: str, known: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """' (did you mean x?)', or '' when nothing is close."""
    match = nearest(value, known, labels)
    return f" (did you mean '{match}'?)" if match is not None and match != value else ""

"""'Did you mean ...?' for misspelt keys and vocabulary values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(value: str, known: Iterable[str]) -> str | None:
    """The known value closest to `value`, if any is close enough to be a likely typo."""
    candidates = list(known)
    folded = {candidate.lower().replace("_", "-").replace(" ", "-"): candidate
              for candidate in candidates}
    key = value.lower().replace("_", "-").replace(" ", "-")
    if key in folded:
        return folded[key]
    matches = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    if matches:
        return folded[matches[0]]
    # A prefix is a good hint too ("case" for "case_learning" is not, but "dispuised" is caught above).
    for candidate_key, candidate in folded.items():
        if len(key) >= 4 and (candidate_key.startswith(key) or key.startswith(candidate_key)):
            return candidate
    return None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean x?)', or '' when nothing is close."""
    match = nearest(value, known)
    return f" (did you mean '{match}'?)" if match is not None and match != value else ""

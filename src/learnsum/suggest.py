"""'Did you mean ...?' for misspelt keys and vocabulary values."""

from __future__ import annotations

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
    """The known value closest to `value`, if exactly one is close enough to be a likely typo.

    `labels` (id -> label) lets an author who wrote a label instead of an id be sent to the id.
    When two values are equally close, neither is returned: a wrong guess is worse than none."""
    matches = nearest_all(value, known, labels)
    return matches[0] if len(matches) == 1 else None


def nearest_all(value: str, known: Iterable[str], labels: dict[str, str] | None = None
                ) -> list[str]:
    """Every known value equally and most likely meant by `value` (usually one; none when
    nothing is close)."""
    candidates = list(known)
    spoken = value.strip().lower()
    synonym = SYNONYMS.get(spoken)
    if synonym in candidates:
        return [synonym]
    for term_id, label in (labels or {}).items():
        if term_id in candidates and label.lower() == spoken:
            return [term_id]
    folded = {candidate.lower().replace("_", "-").replace(" ", "-"): candidate
              for candidate in candidates}
    key = value.lower().replace("_", "-").replace(" ", "-")
    if key in folded:
        return [folded[key]]
    matches = _closest(key, folded)
    if matches:
        return matches
    # A prefix is a good hint too ("case" for "case_learning" is not, but "dispuised" is caught
    # above).
    for candidate_key, candidate in folded.items():
        if len(key) >= 4 and (candidate_key.startswith(key) or key.startswith(candidate_key)):
            return [candidate]
    return []


def _closest(key: str, folded: dict[str, str]) -> list[str]:
    """The candidates fewest edits from `key`, when close enough to be a likely typo.

    Edits are counted as optimal string alignment (Damerau-Levenshtein without reuse): a
    swap of two neighbouring letters ("cpsr" for "cspr") is one edit, like a letter missed,
    added or changed. Up to 40% of the longer word may differ. Among candidates equally close,
    one made of exactly the letters typed (a swap, not a letter lost) is the likelier typo; any
    tie left after that returns every one of them."""
    # Imported here: only a value that is not known needs it (a valid summary never does).
    from rapidfuzz.distance import OSA

    scored: list[tuple[int, str]] = []
    for candidate_key in folded:
        longest = max(len(key), len(candidate_key))
        distance = OSA.distance(key, candidate_key, score_cutoff=int(longest * 0.4))
        if distance <= longest * 0.4:
            scored.append((distance, candidate_key))
    if not scored:
        return []
    best = min(distance for distance, _ in scored)
    closest = [candidate_key for distance, candidate_key in scored if distance == best]
    same_letters = [candidate_key for candidate_key in closest
                    if sorted(candidate_key) == sorted(key)]
    return [folded[candidate_key] for candidate_key in (same_letters or closest)]


def did_you_mean(value: str, known: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """' (did you mean x?)', or '' when nothing is close."""
    matches = [match for match in nearest_all(value, known, labels) if match != value]
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{match}'" for match in matches) + "?)"

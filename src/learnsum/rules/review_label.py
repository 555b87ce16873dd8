"""A review of type `other` must say what it was.

- `missing-key` is reported when `review.type` is `other` and `review.label` is missing: name
  the kind of review (`label: Multi-agency audit`).
- `unused-review-label`: `review.label` is given for a review type other than `other`, where it
  is never shown; remove it, or set `type: other`.

Example: `review: {type: other, purpose: ...}` with no `label`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Severity
from . import REGISTRY, Context, Hit, checker, rule

MISSING_KEY = REGISTRY["missing-key"]
UNUSED_REVIEW_LABEL = rule(
    "unused-review-label",
    Severity.WARNING,
    "review.label is given but review.type is not `other`, so the label is not shown.",
    doc=__doc__,
)


@checker(MISSING_KEY, UNUSED_REVIEW_LABEL)
def check(context: Context) -> Iterator[Hit]:
    """review.type is `other` but review.label does not name the review (or the reverse)."""
    review = context.model.review
    if review.type != "other" and (review.label or "").strip():
        yield context.hit(
            UNUSED_REVIEW_LABEL.id, ("review", "label"),
            f"review.label is only used when review.type is 'other' (here it is "
            f"'{review.type}'), so it is not shown; remove it or set type: other",
        )
    if review.type == "other" and not (review.label or "").strip():
        yield context.hit(
            MISSING_KEY.id, ("review", "type"),
            "review.type is 'other', so review.label must name the kind of review "
            "(e.g. a local learning review under another name)",
        )

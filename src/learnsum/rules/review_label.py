"""A review of type `other` must say what it was."""

from __future__ import annotations

from collections.abc import Iterator

from . import REGISTRY, Context, Hit, checker

MISSING_KEY = REGISTRY["missing-key"]


@checker(MISSING_KEY)
def check(context: Context) -> Iterator[Hit]:
    """review.type is `other` but review.label does not name the review."""
    review = context.model.review
    if review.type == "other" and not (review.label or "").strip():
        yield context.hit(
            "missing-key", ("review", "type"),
            "review.type is 'other', so review.label must name the kind of review "
            "(e.g. a local learning review under another name)",
        )

"""Themes come from the partnership's vocabulary, so that boards can count them across reviews."""

from __future__ import annotations

from collections.abc import Iterator

from ..suggest import did_you_mean
from . import REGISTRY, Context, Hit, checker

UNKNOWN_THEME = REGISTRY["unknown-theme"]


@checker(UNKNOWN_THEME)
def check(context: Context) -> Iterator[Hit]:
    """A theme id that is not in the themes vocabulary."""
    known = context.config.theme_labels
    summary = context.model
    places: list[tuple[tuple[str | int, ...], list[str]]] = [(("themes",), summary.themes)]
    for key in ("case_learning", "multi_agency"):
        for index, point in enumerate(getattr(summary, key)):
            places.append(((key, index, "themes"), point.themes))
    for index, agency in enumerate(summary.single_agency):
        for number, point in enumerate(agency.points):
            places.append((("single_agency", index, "points", number, "themes"), point.themes))
    for path, themes in places:
        for position, theme in enumerate(themes):
            if theme not in known:
                yield context.hit(
                    UNKNOWN_THEME.id, (*path, position),
                    f"unknown theme '{theme}'{did_you_mean(theme, known, known)}; "
                    "see `learnsum themes` for the vocabulary",
                )

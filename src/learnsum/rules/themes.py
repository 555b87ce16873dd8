"""Themes come from the partnership's vocabulary, so that boards can count them across reviews.

`unknown-theme` (a format rule: always an error): a theme id in `themes:` or a point's `themes:`
that is not in the vocabulary (format v1's themes, plus or instead of the `themes:` of
`.learnsum.yaml`). Use a listed id (`learnsum themes`; the error suggests the nearest), or add
the theme to the configuration.

Example: `themes: [information_sharing]` (the id is `information-sharing`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Severity, shown
from ..suggest import did_you_mean
from . import Context, Hit, checker, rule

UNKNOWN_THEME = rule(
    "unknown-theme", Severity.ERROR, "A theme id outside the (configured) themes vocabulary.",
    category="format", configurable=False, doc=__doc__,
)


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
                    f"unknown theme '{shown(theme)}'{did_you_mean(theme, known, known)}; "
                    "see `learnsum themes` for the vocabulary",
                )

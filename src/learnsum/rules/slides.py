"""The form's last row asks for practitioner slides for some review types.

- `slides-required`: a review type listed in `slides_required_for` (SCR and CSPR by default) has
  `slides: not-applicable` or no `slides:`. Set `slides: generate` to have learnsum make them, or
  give the path of your own `.pptx`.
- `slides-file` (a format rule: always an error): the `slides:` path does not name a readable
  `.pptx` beside the summary (missing, not a PowerPoint file, outside the summary's folder).

Example: `review: {type: cspr}` with `slides: not-applicable`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from .. import catalogue
from ..problems import Severity
from . import REGISTRY, Context, Hit, checker, rule

SLIDES_REQUIRED = rule(
    "slides-required",
    Severity.WARNING,
    "A review type that needs practitioner slides (SCR, CSPR) has none: set slides: generate.",
    doc=__doc__,
)
SLIDES_FILE = REGISTRY["slides-file"]


@checker(SLIDES_REQUIRED, SLIDES_FILE)
def check(context: Context) -> Iterator[Hit]:
    """Slides missing for a review type that needs them, or a slides path that is not a deck."""
    summary = context.model
    slides = summary.slides
    needed = summary.review.type in context.config.slides_required_for
    if needed and slides in (None, "not-applicable"):
        where = ("slides",) if slides is not None else ()
        kind = catalogue.labels(catalogue.REVIEW_TYPES)[summary.review.type]
        yield context.hit(
            SLIDES_REQUIRED.id, where,
            f"the summary of a {kind} needs practitioner slides; set `slides: generate` "
            "to have learnsum make them, or give the path of your .pptx",
        )
    if slides is not None and slides.lower().endswith(".pptx"):
        deck = context.document.path.parent / slides
        beside = PurePath(slides)
        if beside.is_absolute() or ".." in beside.parts or "\\" in slides:
            yield context.hit(SLIDES_FILE.id, ("slides",),
                              f"slides '{slides}' must be a path beside the summary (in its "
                              "folder or below it), so the deck travels with it")
            return
        problem = _deck_problem(deck)
        if problem:
            yield context.hit(SLIDES_FILE.id, ("slides",), f"slides '{slides}' {problem}")


def _deck_problem(deck: object) -> str | None:
    import zipfile  # only for a summary that names a deck
    from pathlib import Path

    assert isinstance(deck, Path)
    from ..files import UnreadableFile, open_regular_file
    from ..ooxml import UnsafePackage, check_directory

    if not deck.is_file():
        return f"does not exist (looked for {deck})"
    try:
        # Never blocking (a FIFO swapped in meanwhile), and only a bounded table of contents.
        with open_regular_file(deck) as handle:
            check_directory(handle)
            with zipfile.ZipFile(handle) as archive:
                if "ppt/presentation.xml" not in archive.namelist():
                    return "is not a PowerPoint deck (no ppt/presentation.xml inside)"
    except (zipfile.BadZipFile, OSError, UnreadableFile, UnsafePackage):
        return "cannot be read as a PowerPoint .pptx file"
    return None

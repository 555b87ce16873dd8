"""Practitioner slides: a learning-workshop deck in the seven parts of a "7-minute briefing".

The form's last row asks SCRs and CSPRs for "a set of PowerPoint slides setting out the learning
for practitioners". :func:`render_pptx` draws that deck from the same :class:`~learnsum.render.View`
the other renderers use: a title slide, the seven parts of the briefing
(:mod:`learnsum.render.seven`, the same as the one-page briefing's) and the actions, each on one
slide unless its text cannot fit.

Slides are filled by estimate rather than by PowerPoint's "shrink text on overflow", which
LibreOffice and PDF converters ignore: :func:`text_lines` wraps text by per-character widths of a
wide sans-serif font, and long sections are shrunk within limits or split across continuation
slides ("(2 of 3)"). Speaker notes carry the full text of each slide, so nothing a slide shortens
is lost to the presenter.

The deck is made in steps, one module each: :mod:`.metrics` (geometry, text widths and
wrapping), :mod:`.paginate` (sections spread over slides), :mod:`.pages` (every slide and its
notes, from the view), :mod:`.draw` (python-pptx) and :mod:`.package` (the file, byte-stable).

python-pptx is imported only inside the functions that draw, to keep ``learnsum validate`` quick.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from .metrics import SPLIT_SIZE, Box, Para, char_width, shorten, text_lines, text_width
from .paginate import paginate  # eager: the name is also its module's
from .wording import ELLIPSIS

if TYPE_CHECKING:
    from ..view import RenderOptions, View
    from .draw import set_language
    from .pages import MAX_SLIDES, TooManySlides

#: Names imported from the modules that draw when first used: the Word renderer reads text
#: widths from :mod:`.metrics`, which imports this package, and needs none of them.
_LAZY = {"set_language": "draw", "MAX_SLIDES": "pages", "TooManySlides": "pages"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_pptx(view: View, options: RenderOptions) -> bytes:
    """The practitioner deck for `view` as .pptx bytes (the same bytes for the same input)."""
    from .draw import (
        box_of,
        draw_page,
        open_deck,
        pick_layouts,
        placeholders,
        set_language,
        set_properties,
        to_points,
    )
    from .package import stable_deck
    from .pages import build_pages, geometry

    deck = open_deck(options)
    reference = options.reference_pptx is not None
    layouts = pick_layouts(deck, options.reference_pptx)
    size = (to_points(deck.slide_width), to_points(deck.slide_height))
    title_box: Box | None = None
    if reference:
        title_ph = next((ph for ph in placeholders(layouts[1]) if ph.placeholder_format.idx == 0),
                        None)
        if title_ph is not None and title_ph.width and title_ph.height:
            title_box = box_of(title_ph)
    _, body = geometry(size, title_box)
    pages = build_pages(view, body)
    for number, page in enumerate(pages, start=1):
        draw_page(deck, page, layouts, view, number, len(pages), reference)
    set_properties(deck, view)
    set_language(deck, view.language)
    buffer = io.BytesIO()
    deck.save(buffer)
    return stable_deck(buffer.getvalue(), dt.date.fromisoformat(view.completed_iso), len(pages))


__all__ = ["ELLIPSIS", "MAX_SLIDES", "SPLIT_SIZE", "Box", "Para", "TooManySlides", "char_width",
           "paginate", "render_pptx", "set_language", "shorten", "text_lines", "text_width"]

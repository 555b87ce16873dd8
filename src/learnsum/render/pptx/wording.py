"""The one mark of the deck's own that is not a word: where text split across slides breaks off.

Every word of the deck that is not the author's (slide titles, the standard questions for
reflection) is in :data:`learnsum.catalogue.STRINGS`, read through ``view.words``; the seven
parts a deck shows are made by :mod:`learnsum.render.seven`.
"""

from __future__ import annotations

#: Marks where a paragraph split across slides breaks off and resumes.
ELLIPSIS = "…"

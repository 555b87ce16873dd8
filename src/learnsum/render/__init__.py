"""Rendering summaries: one neutral view of a summary, drawn by one renderer per format.

Summary → View → writers. :func:`learnsum.render.build.build_view` makes the
:class:`~learnsum.render.view.View` of a summary once; every renderer listed in
:mod:`learnsum.render.registry` draws only that view (Word, Markdown, HTML, PDF, slides).

Nothing heavy is imported here: python-docx, Jinja2, python-pptx and the summary model are
imported by the modules that need them, so the command line can list the formats at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .registry import ALL, BY_NAME, NAMES, RENDERERS, Renderer

if TYPE_CHECKING:
    from .view import (
        PROPERTY_LIMIT,
        Block,
        Bullets,
        Field,
        Item,
        LearningPoint,
        Paragraph,
        RenderError,
        RenderOptions,
        Row,
        SubHeading,
        Table,
        Update,
        View,
        clean,
        short_property,
    )

#: The View's names, imported from render/view.py when first used: the command line imports
#: this package for the registry at start-up, and only `render` needs the View.
_VIEW_NAMES = frozenset({
    "PROPERTY_LIMIT",
    "Block",
    "Bullets",
    "Field",
    "Item",
    "LearningPoint",
    "Paragraph",
    "RenderError",
    "RenderOptions",
    "Row",
    "SubHeading",
    "Table",
    "Update",
    "View",
    "clean",
    "short_property",
})


def __getattr__(name: str) -> Any:
    if name in _VIEW_NAMES:
        from . import view

        return getattr(view, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ALL", "BY_NAME", "Block", "Bullets", "Field", "Item", "LearningPoint", "NAMES",
    "PROPERTY_LIMIT", "Paragraph", "RENDERERS", "RenderError", "RenderOptions", "Renderer", "Row",
    "SubHeading", "Table", "Update", "View", "clean", "short_property",
]

"""Rendering summaries: one neutral view of a summary, drawn by one renderer per format.

Summary → View → writers. :func:`learnsum.render.build.build_view` makes the
:class:`~learnsum.render.view.View` of a summary once; every renderer listed in
:mod:`learnsum.render.registry` draws only that view (Word, Markdown, HTML, PDF, slides).

Nothing heavy is imported here: python-docx, Jinja2, python-pptx and the summary model are
imported by the modules that need them, so the command line can list the formats at start-up.
"""

from __future__ import annotations

from .registry import ALL, BY_NAME, NAMES, RENDERERS, Renderer
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

__all__ = [
    "ALL", "BY_NAME", "Block", "Bullets", "Field", "Item", "LearningPoint", "NAMES",
    "PROPERTY_LIMIT", "Paragraph", "RENDERERS", "RenderError", "RenderOptions", "Renderer", "Row",
    "SubHeading", "Table", "Update", "View", "clean", "short_property",
]

"""The output formats learnsum renders: one registry line each.

A format is a :class:`Renderer`: its name (the value of ``--format``), the suffix of its files,
and the function that makes it, ``render(view, options) -> bytes``, named as
``"module:function"`` and imported only when the format is rendered (so that ``learnsum
validate`` never pays for python-docx, Jinja2 or python-pptx, and the command line can list the
formats at start-up). Every renderer takes only the :class:`~learnsum.render.view.View`.

A format made by converting another format's output (PDF, from the Word file, by LibreOffice)
says so with ``made_from``; its module's ``convert(outputs) -> list[bytes]`` then converts the
outputs of every summary of a run in one batch, as starting the converter costs more than
converting one document.

Adding a format: write its module with ``render(view, options) -> bytes``, and add its line to
:data:`RENDERERS`. The command line's ``--format`` choices, the files' suffixes and what
``--format all`` makes all come from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..records import record

if TYPE_CHECKING:
    # The View's module is imported when a format is rendered, not when the command line is
    # built: `learnsum validate` never needs it.
    from .view import RenderOptions, View

#: ``--format all``: every format this installation can make.
ALL = "all"


@record(frozen=True)
class Renderer:
    """One output format."""

    #: The value of --format, and the name in messages ("not rendered as pptx").
    name: str
    #: The suffix of its files.
    suffix: str
    #: Where ``render(view, options) -> bytes`` is: "module:function".
    renderer: str
    #: Made when no --format is given.
    default: bool = False
    #: Made (by default or with --format all) only for a summary that asks for generated
    #: slides (`slides: generate`); --format naming it makes it for every summary.
    only_for_slides: bool = False
    #: The format this one is converted from, in one batch for the whole run by the module's
    #: ``convert(outputs) -> list[bytes]``; ``available() -> str | None`` says why it cannot be
    #: made here (None when it can). Not made by --format all when it cannot.
    made_from: str | None = None
    #: How a message names the format, and its renderer, when the renderer's module (or a
    #: library it needs) is not installed: "slides (pptx)", "slide".
    what: str = ""
    noun: str = ""

    def _module(self) -> Any:
        module_name = self.renderer.partition(":")[0]
        try:
            return importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name is None or error.name.startswith("learnsum") and \
                    error.name != module_name:
                raise
            from .view import RenderError

            raise RenderError(
                f"{self.what or self.name} cannot be rendered: this installation of "
                f"learnsum has no {self.noun or self.name} renderer ({error.name} is missing)"
            ) from None

    def render(self, view: View, options: RenderOptions) -> bytes:
        """The output for `view` (looked up at each call, so the function can be replaced)."""
        function = getattr(self._module(), self.renderer.partition(":")[2])
        return cast("Callable[[View, RenderOptions], bytes]", function)(view, options)

    def convert(self, outputs: Sequence[bytes]) -> list[bytes]:
        """Each output of `made_from` converted to this format, in one batch."""
        return cast(list[bytes], self._module().convert(outputs))

    def available(self) -> str | None:
        """Why this format cannot be made on this machine; None when it can."""
        if self.made_from is None:
            return None
        return cast("str | None", self._module().available())


#: Every format, in the order --format all makes them.
RENDERERS: tuple[Renderer, ...] = (
    Renderer("docx", ".docx", "learnsum.render.docx:render_docx", default=True),
    Renderer("md", ".md", "learnsum.render.templated:render_markdown"),
    Renderer("html", ".html", "learnsum.render.templated:render_html"),
    Renderer("pdf", ".pdf", "learnsum.render.pdf:render_pdf", made_from="docx"),
    Renderer("pptx", ".pptx", "learnsum.render.pptx:render_pptx", default=True,
             only_for_slides=True, what="slides (pptx)", noun="slide"),
    Renderer("briefing", ".briefing.docx", "learnsum.render.briefing:render_briefing",
             what="the 7-minute briefing", noun="briefing"),
    Renderer("briefing-pdf", ".briefing.pdf", "learnsum.render.briefing:render_briefing_pdf",
             made_from="briefing"),
)

#: Each format by its name.
BY_NAME: dict[str, Renderer] = {renderer.name: renderer for renderer in RENDERERS}
#: The names --format takes.
NAMES: tuple[str, ...] = (*BY_NAME, ALL)


__all__ = ["ALL", "BY_NAME", "NAMES", "RENDERERS", "Renderer"]

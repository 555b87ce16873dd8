"""Markdown and HTML output, from the Jinja2 templates in the top-level ``templates/`` folder.

The templates draw the same :class:`~learnsum.render.View` as the Word renderer. User text only
ever reaches a template as data, never as template source, so ``{{ 7*7 }}`` in a summary is
printed as it stands; HTML is autoescaped, and Markdown goes through :func:`md_escape`, so a
``<script>`` or a leading ``#`` in a summary stays text. Templates run in Jinja2's sandbox, so a
partnership's own templates (``--template-dir``) cannot reach into Python either.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TYPE_CHECKING

from ..files import bundled_templates
from ..output import GENERATOR_COMMENT, mark_generated
from . import RenderError, RenderOptions, View

if TYPE_CHECKING:
    from jinja2 import Environment

MARKDOWN_TEMPLATE = "summary.md.j2"
HTML_TEMPLATE = "summary.html.j2"

# Characters that mean something anywhere in a line of GitHub-flavoured Markdown (emphasis, code,
# links, raw HTML, tables, strikethrough, headings' closing hashes) and the backslash itself.
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~#])")
# An entity reference (&amp; &#35;) would be decoded: escape its ampersand.
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What changes the meaning at the start of a line: list markers, ordered-list numbers, setext
# underlines, block quotes (">" is escaped above anyway).
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md_escape(value: object) -> str:
    """`value` as Markdown text that shows exactly those characters, on one line."""
    text = " ".join(str(value).split())
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    match = _MD_LINE_START.match(text)
    if match:
        marker = match.group(2)
        if marker.isdigit():
            # "1. text" would start a numbered list: escape the dot after the number.
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2):]
    return text


def _environment(template_dir: Path | None, html: bool) -> Environment:
    from jinja2 import ChoiceLoader, StrictUndefined

    from ..sandbox import BoundedLoader, BoundedSandbox

    folders = [bundled_templates()]
    if template_dir is not None:
        folders.insert(0, template_dir)
    # The sandbox keeps templates from Python, and holds each rendering to a budget of steps,
    # text and time (learnsum.sandbox), so that a template cannot run away either.
    environment = BoundedSandbox(
        loader=ChoiceLoader([BoundedLoader(str(folder)) for folder in folders]),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = md_escape
    return environment


def _render(template_name: str, view: View, options: RenderOptions, html: bool) -> bytes:
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    from ..sandbox import TemplateLimit, TemplateTooLarge, render, where as place_of

    environment = _environment(options.template_dir, html)
    try:
        template = environment.get_template(template_name)
        # `generator`: the comment that lets a later render know this file is learnsum's.
        text = render(template, view=view, generator=GENERATOR_COMMENT)
    except TemplateTooLarge as error:
        raise RenderError(str(error)) from None
    except TemplateLimit as error:
        place = place_of(error, _template_file(environment, template_name))
        raise RenderError(f"{place}: the template runs away and was stopped: {error}") from None
    except TemplateNotFound as error:
        folder = options.template_dir or bundled_templates()
        if error.name and error.name != template_name:
            where = _template_file(environment, template_name)
            raise RenderError(
                f"{where}: the template it includes or extends, '{error.name}', is not in {folder}"
            ) from None
        raise RenderError(f"{template_name}: template not found in {folder}") from None
    except TemplateSyntaxError as error:
        raise RenderError(
            f"{error.filename or template_name}:{error.lineno}: template error: {error.message}"
        ) from None
    except TemplateError as error:
        where = _template_file(environment, template_name)
        raise RenderError(f"{where}: template error: {error}") from None
    except UnicodeDecodeError:
        where = str(Path(options.template_dir or bundled_templates()) / template_name)
        raise RenderError(f"{where}: a template (or one it includes) is not UTF-8 text") from None
    except (OverflowError, RecursionError, MemoryError) as error:
        # The sandbox stops a template that would run away (a huge range, including itself).
        place = place_of(error, _template_file(environment, template_name))
        kind = ("includes itself (or a macro calls itself) without end"
                if isinstance(error, RecursionError)
                else "runs away")
        raise RenderError(f"{place}: the template {kind} and was stopped") from None
    except Exception as error:
        # Anything else raised by the template's own code ({{ 5|indent }}, a division by
        # zero) is the template's mistake: one line at its place, not a crash.
        place = place_of(error, "")
        if not place:
            raise
        raise RenderError(f"{place}: template error: {type(error).__name__}: "
                          f"{' '.join(str(error).split())[:200]}") from None
    return mark_generated(text).encode("utf-8")


def _template_file(environment: Environment, name: str) -> str:
    try:
        _, filename, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - only used to name the file in a message
        return name
    return filename or name


def render_markdown(view: View, options: RenderOptions | None = None) -> bytes:
    """GitHub-flavoured Markdown, UTF-8."""
    text = _render(MARKDOWN_TEMPLATE, view, options or RenderOptions(), html=False)
    # Templates are easier to read with generous blank lines than the output needs.
    return re.sub(rb"\n{3,}", b"\n\n", text)


def render_html(view: View, options: RenderOptions | None = None) -> bytes:
    """One self-contained HTML page (inline CSS, no external resources), UTF-8."""
    return _render(HTML_TEMPLATE, view, options or RenderOptions(), html=True)


__all__ = ["md_escape", "render_html", "render_markdown"]

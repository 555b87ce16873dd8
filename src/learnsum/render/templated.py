"""Markdown and HTML output, from the Jinja2 templates in the top-level ``templates/`` folder.

The templates draw the same :class:`~learnsum.render.View` as the Word renderer. User text only
ever reaches a template as data, never as template source, so ``{{ 7*7 }}`` in a summary is
printed as it stands; HTML is autoescaped, and Markdown goes through :func:`md_escape`, so a
``<script>`` or a leading ``#`` in a summary stays text. Templates run in Jinja2's sandbox, so a
partnership's own templates (``--template-dir``) cannot reach into Python either.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import patterns as _patterns
from ..files import UnreadableTemplate, bundled_templates, template_loader
from ..output import GENERATOR_COMMENT, mark_generated
from .view import RenderError, RenderOptions, View

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

MARKDOWN_TEMPLATE = "summary.md.j2"
HTML_TEMPLATE = "summary.html.j2"

#: Spaces and line ends, which Markdown treats as the space between two words. Other spaces (a
#: no-break space, a thin space) are text, and are kept.
_MD_SPACES = _patterns.compile(r"[ \t\n\r\f\v]+")
#: Characters that are markup wherever they stand in GitHub-flavoured Markdown: code, emphasis,
#: links and images, raw HTML and autolinks, table cells, strikethrough.
_MD_ALWAYS = frozenset("`*[]<|~")
#: An entity or character reference (&amp; &#35;), which would be decoded.
_MD_ENTITY = _patterns.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: What starts a block at the beginning of a line: a list item, a block quote, a setext
#: underline ("#", code fences, HTML and the rest are escaped wherever they stand).
_MD_BLOCK_START = frozenset("-+=>")
#: A number that would start an ordered list ("1. ", "2)").
_MD_ORDERED = _patterns.compile(r"\d{1,9}[.)](?= |$)")
#: Where GitHub makes a link of a bare address: "www." or a scheme and colon.
_MD_ADDRESS = _patterns.compile(r"www\.|:", re.IGNORECASE)
#: Underscores, which are emphasis unless they stand inside a word.
_MD_UNDERSCORES = _patterns.compile(r"_+")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _flanked_by_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a character before and after it that is neither a space nor
    punctuation (CommonMark's test for a delimiter run that can neither open nor close emphasis,
    as the underscores in "snake_case" or "http://example.org/a_b_c")."""
    if start == 0 or end == len(text):
        return False
    return all(
        not (char.isspace() or char in _ASCII_PUNCTUATION
             or unicodedata.category(char)[0] in "PSZ")
        for char in (text[start - 1], text[end])
    )


def md_escape(value: object) -> str:
    """`value` as Markdown on one line that a reader sees exactly as written.

    Line breaks, tabs and runs of spaces become one space (Markdown would show them so anyway);
    every other character reads back as itself, whether the text is a paragraph, a list item, a
    heading, a table cell or inside emphasis. Only what would be markup is escaped with a
    backslash, so a web address with an underscore stays one address that GitHub links whole;
    an address that needs an escape is kept from becoming a link at all, as GitHub would show the
    backslash inside a link."""
    text = _MD_SPACES.sub(" ", str(value)).strip(" ")
    escape = [False] * len(text)
    for index, char in enumerate(text):
        if char in _MD_ALWAYS:
            escape[index] = True
        elif char == "\\":
            following = text[index + 1: index + 2]
            escape[index] = not following or following in _ASCII_PUNCTUATION
        elif char == "#":
            # A heading's "#"s, opening the line or closing it after a space.
            escape[index] = index == 0 or text[index - 1] == " "
        elif char == "&":
            escape[index] = _MD_ENTITY.match(text, index) is not None
    for run in _MD_UNDERSCORES.finditer(text):
        if not _flanked_by_word(text, run.start(), run.end()):
            escape[run.start():run.end()] = [True] * len(run.group())
    if text and text[0] in _MD_BLOCK_START:
        escape[0] = True
    ordered = _MD_ORDERED.match(text)
    if ordered:
        escape[ordered.end() - 1] = True
    _keep_addresses_plain(text, escape)
    return "".join("\\" + char if escaped else char for char, escaped in zip(text, escape))


def _keep_addresses_plain(text: str, escape: list[bool]) -> None:
    """GitHub links a bare web address as it stands, escapes and all ("a\\_b" would show its
    backslash), so a word with an address in it that needs an escape is kept from becoming a link:
    its colons and the dot after "www" are escaped too."""
    start = 0
    for word in text.split(" "):
        end = start + len(word)
        if _MD_ADDRESS.search(word) and any(escape[start:end]):
            for match in _MD_ADDRESS.finditer(word):
                escape[start + match.end() - 1] = True
        start = end + 1


def _environment(template_dir: Path | None, html: bool) -> Environment:
    from jinja2 import StrictUndefined

    from ..sandbox import BoundedSandbox

    folders = [bundled_templates()]
    if template_dir is not None:
        folders.insert(0, template_dir)
    # The sandbox keeps templates from Python, and holds each rendering to a budget of steps,
    # text and time (learnsum.sandbox), so that a template cannot run away either; the loader
    # reads each template as a regular file of bounded size (learnsum.files.template_loader).
    environment = BoundedSandbox(
        loader=template_loader(folders),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = md_escape
    environment.filters["css_string"] = css_string
    return environment


def css_string(value: object) -> Markup:
    """`value` as a quoted CSS string on one line, safe inside a <style> element (for the
    content of the printed page's margins): quotes, backslashes and "<" are escaped."""
    text = re.sub(r"\s+", " ", str(value))
    escaped = "".join(
        char if char.isalnum() or char in " -_.,:;!?()'/&+" or ord(char) > 127
        else f"\\{ord(char):x} " for char in text)
    from markupsafe import Markup

    return Markup(f'"{escaped}"')


def _render(template_name: str, view: View, options: RenderOptions, html: bool) -> bytes:
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    from ..sandbox import TemplateLimit, render
    from ..sandbox import where as place_of

    environment = _environment(options.template_dir, html)
    try:
        template = environment.get_template(template_name)
        # `generator`: the comment that lets a later render know this file is learnsum's.
        text = render(template, view=view, generator=GENERATOR_COMMENT,
                      page_number=_css_page_number(view))
    except UnreadableTemplate as error:
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


def _css_page_number(view: View) -> str:
    """The page number's words ("Page {page} of {pages}") as CSS content with page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", view.words["page_number"])
    content = [{"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(part)
               or css_string(part) for part in parts if part]
    return " ".join(content) or '""'


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


__all__ = ["css_string", "md_escape", "render_html", "render_markdown"]

"""Finding the report's Jinja2 templates and the helpers they use.

The templates live in the repository's top-level `templates/` folder, which the wheel installs as
`learnsum/templates`; an editable install finds them at the top of the repository instead.
Jinja2 is imported here, not at start-up, so that `learnsum validate` does not pay for it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..dates import uk_long
from ..files import bundled_templates
from .data import Rag

if TYPE_CHECKING:
    import jinja2


def template_dirs() -> list[Path]:
    """Where the templates are: inside the installed package, else at the repository's top."""
    folder = bundled_templates()
    return [folder] if folder.is_dir() else []


def kind(value: object) -> str:
    """What a table cell holds, so a template can lay it out: rag, date, number, empty or text."""
    if isinstance(value, Rag):
        return "rag"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, int) and not isinstance(value, bool):
        return "number"
    if value is None or value == "":
        return "empty"
    return "text"


def show(value: object) -> str:
    """A cell as a reader sees it: dates the UK way, RAG colours by name, nothing as blank."""
    if value is None:
        return ""
    if isinstance(value, Rag):
        return value.label
    if isinstance(value, dt.date):
        return uk_long(value)
    return str(value)


def environment(*, autoescape: bool) -> jinja2.Environment:
    """A Jinja2 environment over the report templates; HTML ones escape every value.

    It is the renderers' bounded sandbox (learnsum.sandbox): render with
    :func:`learnsum.sandbox.render`, which holds a rendering to its budget.
    """
    import jinja2

    from ..files import template_loader
    from ..sandbox import BoundedSandbox

    folders = template_dirs()
    if not folders:
        raise FileNotFoundError(
            "the report templates are missing (templates/report.html.j2); reinstall learnsum"
        )
    env = BoundedSandbox(
        loader=template_loader(folders),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["uk_long"] = uk_long
    env.filters["show"] = show
    env.tests["rag"] = lambda value: isinstance(value, Rag)
    env.globals["kind"] = kind
    return env

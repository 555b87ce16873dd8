"""What `learnsum import` left for a person to check.

`import-unchecked`: a `# TODO(import)` comment left in the summary. `learnsum import` writes one
wherever it guessed (the pseudonym from the file name, the review type from its purpose, the
month of the incident from the precis, the owner of an action) or kept text whose place in the
form was unclear under `comments` (a row that matches no section, text around the table), saying
where it came from. A warning in a draft; an error once `status` is `final` or `published` (a
level set in `rules:` applies whatever the status). Check what the comment says, fix the YAML if
needed, then delete the comment.

Example: `# TODO(import): taken from the first date in the precis; check it is the month of
the incident` above `incident:`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..lazy_re import compiled_on_use
from ..problems import Severity
from . import Context, Hit, checker, rule

IMPORT_UNCHECKED = rule(
    "import-unchecked",
    Severity.WARNING,
    "A `# TODO(import)` mark that learnsum import left is still there; an error once final.",
    doc=__doc__,
)

#: The mark as `learnsum import` writes it: a YAML comment starting `TODO(import)`.
_mark = compiled_on_use(r"#[ \t]*TODO\(import\)[ \t]*:?[ \t]*(?P<note>[^\n]*)")


@checker(IMPORT_UNCHECKED, needs_summary=False)
def check(context: Context) -> Iterator[Hit]:
    """Every `# TODO(import)` comment, at its line."""
    text = context.document.text
    if "TODO(import)" not in text:
        return
    status = context.document.data.get("status") if isinstance(context.document.data,
                                                               dict) else None
    final = status in ("final", "published")
    level = Severity.ERROR if final else None
    why = (f"; a {status} summary must not keep import marks" if final
           else "; delete the mark once checked")
    for match in _mark().finditer(text):
        line, column = context.document.line_column(match.start())
        if not _is_comment(text, match.start()):
            continue
        note = match.group("note").strip()
        shown = note if len(note) <= 80 else note[:79].rstrip() + "…"
        yield Hit(IMPORT_UNCHECKED.id, line, column,
                  f"import left this to check: {shown}{why}", level)


def _is_comment(text: str, at: int) -> bool:
    """Whether the '#' at `at` starts a comment: first on its line, or after a blank (inside
    a block scalar's text a '#' line is text, but the importer never writes the mark there)."""
    start = text.rfind("\n", 0, at) + 1
    before = text[start:at]
    return not before.strip() or before.endswith((" ", "\t"))

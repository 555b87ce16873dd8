"""Rules about the file itself and the shape of format v1: a file that breaks one is not a
summary, so these are always errors and cannot be switched off."""

from __future__ import annotations

from ..problems import Severity
from . import rule

_E = Severity.ERROR


def _format_rule(rule_id: str, summary: str) -> None:
    rule(rule_id, _E, summary, category="format", configurable=False, doc=__doc__)


_format_rule("unreadable",
             "The file cannot be read (missing, a folder, a pipe or device, no permission).")
_format_rule("too-large", "The file is larger than any learning summary (2 MB).")
_format_rule("not-text", "The file is binary, not YAML text.")
_format_rule("encoding", "The file is not UTF-8 text.")
_format_rule("invalid-character",
             "A value holds a character no document can store (NUL, other control characters, "
             "a lone surrogate, U+FFFE, U+FFFF).")
_format_rule("empty-file", "The file holds nothing but blank lines or comments.")
_format_rule("yaml-syntax", "The YAML cannot be parsed (indentation, quotes, brackets, tabs).")
_format_rule("duplicate-key", "A key appears twice in one mapping; YAML would silently keep one.")
_format_rule("too-complex", "Aliases or nesting expand far beyond any summary (an alias bomb).")
_format_rule("not-a-mapping", "The document is not a mapping of keys to values.")
_format_rule("format-version", "The `learnsum: 1` format marker is missing or not 1.")
_format_rule("unknown-key", "A key that format v1 does not define (often a typo).")
_format_rule("missing-key", "A required key is missing.")
_format_rule("wrong-type", "A value of the wrong type (text where a list is needed, and so on).")
_format_rule("unknown-value", "A review type, status, kind or slides value outside its vocabulary.")
_format_rule("invalid-date", "A date or month that cannot be read, or does not exist.")
# The format rules checked on a read summary are owned by their modules (id, level, doc and
# check); importing them here registers them in this place of `learnsum rules`' list.
from . import empty_section, themes, dates  # noqa: E402,F401,I001
rule("suppression-comment", Severity.WARNING,
     "A `# learnsum: disable-...` comment names a rule id that does not exist.",
     category="content", configurable=True, doc="""
     A `# learnsum: disable-line` (or `disable-next-line`, `disable-file`) comment names a rule
     id that learnsum does not have, usually a typo, so it switches nothing off and the problem
     it was meant to silence is still reported. Correct the id (`learnsum rules` lists them; the
     warning suggests the nearest one) or remove the comment.

     Example: `# learnsum: disable-line postcodes` (the rule is `postcode`).
     """)
rule("broken-link", Severity.WARNING,
     "A symbolic link met in a folder leads to no file (its target is missing, or it loops); "
     "it is skipped.", category="file", configurable=True, doc="""
     While walking a folder, learnsum met a symbolic link whose target is missing or which
     loops back on itself. The link is skipped, and this warning says so, so that a summary is
     never silently left unchecked. Repair or remove the link.
     """)
_format_rule("slides-file", "The slides path does not name a readable .pptx beside the summary.")

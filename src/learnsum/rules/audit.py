"""The audit row must say how anyone will know that practice changed.

`audit-points-elsewhere`: the `audit` section only points elsewhere ("As above", "See above",
"N/A", "See action plan"), so the summary never says how the learning will be checked. Say how
you will know that practice has changed: a re-audit of case records, a staff survey, supervision
notes, a dip sample, with who and when.

Example: `audit: As above.`
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns as _patterns
from ..problems import Severity
from ..summary import text_paragraphs
from . import Context, Hit, checker, rule

AUDIT_POINTS_ELSEWHERE = rule(
    "audit-points-elsewhere",
    Severity.WARNING,
    "The audit section only points elsewhere ('As above', 'See above', 'N/A').", doc=__doc__,
)

_ONLY_A_POINTER = _patterns.compile(
    r"(as\s+(stated\s+|detailed\s+|noted\s+|set\s+out\s+)?above|see\s+above|as\s+per\s+above"
    r"|n\s*/?\s*a|not\s+applicable|none|nil|tbc|-+|see\s+(the\s+)?actions?(\s+plan)?(\s+above)?"
    r"|as\s+per\s+(the\s+)?actions?(\s+plan)?|see\s+action\s+plan)",
    re.IGNORECASE,
)


@checker(AUDIT_POINTS_ELSEWHERE)
def check(context: Context) -> Iterator[Hit]:
    """The audit text is only a pointer to another section."""
    paragraphs = text_paragraphs(context.model.audit)
    text = " ".join(paragraphs).strip().rstrip(".!;:").strip()
    if text and _ONLY_A_POINTER.fullmatch(text):
        yield context.hit(
            AUDIT_POINTS_ELSEWHERE.id, ("audit",),
            f"the audit section only says '{text}'; say how you will know that practice has "
            "changed (e.g. a re-audit of case records, a staff survey, supervision notes)",
        )

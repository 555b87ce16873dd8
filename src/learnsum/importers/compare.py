"""What the form shows of a summary, for comparing a summary with its round trip."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..summary import Summary




def form_view(summary: Summary) -> dict[str, Any]:
    """The parts of a summary that its Word rendering shows, in a comparable shape.

    Two summaries with equal form views read the same on paper. Left out: ``reflection`` (the
    questions for the practitioner slides are not part of the form) and the way text was
    wrapped or split into paragraphs inside one bullet; a text's paragraphs, and whether it is
    a bullet list, are kept.
    """
    from ..summary import text_paragraphs

    def text(value: Any) -> Any:
        if value is None:
            return None
        return ("list" if isinstance(value, list) else "text", text_paragraphs(value))

    def points(items: Iterable[Any]) -> list[Any]:
        return [(" ".join(p.text.split()), p.kind, list(p.themes)) for p in items]

    return {
        "title": summary.title.strip(),
        "reference": summary.reference,
        "partnership": summary.partnership,
        "status": summary.status,
        "completed": summary.completed,
        "review": (summary.review.type, summary.review.label, text(summary.review.purpose)),
        "case": (summary.case.incident.iso()[:7], text(summary.case.precis)),
        "themes": list(summary.themes),
        "case_learning": points(summary.case_learning),
        "method_learning": text(summary.method_learning),
        "single_agency": [(a.agency, points(a.points)) for a in summary.single_agency],
        "multi_agency": points(summary.multi_agency),
        "actions": [(a.owner, text(a.action), a.due, a.status, text(a.evidence))
                    for a in summary.actions],
        "audit": text(summary.audit),
        "comments": text(summary.comments),
        "updates": [(u.date, u.from_, text(u.text)) for u in summary.updates],
        "slides": summary.slides,
    }

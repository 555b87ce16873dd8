"""The keys of a summary and the words for each, for editors: where each key may be written, its
label and guidance (from the catalogue, as the repository's configuration words them), and the
vocabulary its value takes. The JSON Schema (`editor_schema`) and the language server (`lsp`)
both read them here.

A place in a summary is a path of keys, with `ITEM` for "an item of this list":
`("single_agency", ITEM, "points", ITEM)` is a learning point of one agency.
"""

from __future__ import annotations

from typing import Any

from . import catalogue
from .catalogue import FIELD_LABELS, Term
from .config import Config

ITEM = "-"
Place = tuple[str, ...]

#: The model (in `model.py`) of the mapping written at each place.
MODELS: dict[Place, str] = {
    (): "Summary",
    ("review",): "Review",
    ("case",): "Case",
    ("case_learning", ITEM): "Point",
    ("multi_agency", ITEM): "Point",
    ("single_agency", ITEM): "AgencyLearning",
    ("single_agency", ITEM, "points", ITEM): "Point",
    ("actions", ITEM): "Action",
    ("updates", ITEM): "Update",
}

#: What the header keys (not rows of the form) are for.
_HEADER_GUIDANCE: dict[str, str] = {
    "learnsum": "The format version: always `learnsum: 1`, the first line of a summary.",
    "title": "The pseudonym the review is published under, e.g. Child O.",
    "reference": "Your local reference for the review (optional), e.g. NSCB-LS-2015-07.",
    "partnership": "The safeguarding partnership or board that carried out the review; "
                   "the configuration's `partnership` when left out.",
    "status": "draft while it is written, final when agreed, published once public.",
    "themes": "The themes of the review, from the vocabulary (`learnsum themes`).",
    "reflection": "Questions for reflection for the practitioner slides (optional).",
}
_HEADER_LABELS: dict[str, str] = {
    "learnsum": "Format version",
    "title": "Title",
    "reflection": "Questions for reflection",
}


def model_fields(place: Place) -> dict[str, Any]:
    """The keys the mapping at `place` takes (as written in YAML), with their Pydantic field
    information; empty when nothing at `place` is a mapping."""
    name = MODELS.get(place)
    if name is None:
        return {}
    from . import model

    fields = getattr(model, name).model_fields
    return {(info.alias or key): info for key, info in fields.items()}


def key_words(place: Place, key: str, config: Config) -> tuple[str, str]:
    """(label, guidance) of a key: the form's label and prompt as the repository words them, or
    the catalogue's label of a field and what it is for."""
    if place == () and key in catalogue.SECTIONS_BY_KEY:
        section = config.section(key)
        return section.label, section.prompt or ""
    if place == ():
        return (_HEADER_LABELS.get(key) or FIELD_LABELS.get(key) or key,
                _HEADER_GUIDANCE.get(key, ""))
    dotted = ".".join([*(step for step in place if step != ITEM), key])
    by_model = f"{MODELS.get(place, '').lower()}.{key}"
    info = model_fields(place).get(key)
    description = (info.description or "") if info is not None else ""
    label = FIELD_LABELS.get(dotted) or FIELD_LABELS.get(by_model) or ""
    if not label:
        label, description = description or key, ""
    return label, "" if description == label else description


def vocabulary_name(place: Place) -> str | None:
    """Which vocabulary the value at `place` takes (an item of a list: the list's place)."""
    if place and place[-1] == ITEM:
        place = place[:-1]
    if not place:
        return None
    fixed = {
        ("review", "type"): "review-type",
        ("status",): "status",
        ("actions", ITEM, "status"): "action-status",
        ("single_agency", ITEM, "agency"): "agency",
        ("slides",): "slides",
        ("learnsum",): "learnsum",
    }
    if place in fixed:
        return fixed[place]
    if place[-1] == "themes":
        return "themes"
    if place[-1] == "kind":
        return "kind"
    return None


def vocabulary(place: Place, config: Config) -> tuple[Term, ...]:
    """The values the value at `place` takes, with their labels (empty for free text)."""
    name = vocabulary_name(place)
    if name is None:
        return ()
    return vocabularies(config)[name]


def vocabularies(config: Config) -> dict[str, tuple[Term, ...]]:
    """Every vocabulary by name, with the repository's own themes and agencies."""
    return {
        "review-type": catalogue.REVIEW_TYPES,
        "status": catalogue.STATUSES,
        "action-status": catalogue.ACTION_STATUSES,
        "kind": catalogue.POINT_KINDS,
        "slides": catalogue.SLIDES_CHOICES,
        "themes": config.themes,
        "agency": tuple(Term(agency.name, "Agency", ", ".join(agency.aliases))
                        for agency in config.agency_list),
        "learnsum": (Term(str(catalogue.FORMAT_VERSION), "Format version"),),
    }

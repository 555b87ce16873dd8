"""The JSON Schema of format v1, written for editors (yaml-language-server, VS Code).

It starts from the models' own schema (so a key or type can never be missing from it) and adds
what an editor shows: each key's label and guidance from the catalogue (as a repository's
configuration words them), every vocabulary as an enum with its labels
(`markdownEnumDescriptions`), the repository's own themes and agencies, and the forms of dates and
months that learnsum reads, so that `31/02/2024` or `incident: sometime last year` are flagged as
they are typed. learnsum's own checks remain the reference: the schema never rejects what
`learnsum validate` accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import catalogue
from .catalogue import Term
from .config import DEFAULT_CONFIG, Config
from .dates import DATE_FORMS_HELP, MONTH_FORMS_HELP, MONTH_NAMES, WEEKDAY_WORDS
from .fields import ITEM, MODELS, Place, key_words, vocabularies, vocabulary_name

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# -- dates and months, as patterns (ECMA-262: no flags, so letters are spelt [Jj]) --------------


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


def _month_names(numbers: set[int]) -> str:
    words: list[str] = []
    for number, name in enumerate(MONTH_NAMES, start=1):
        if number in numbers:
            words.extend({name.lower(), name[:3].lower()} | ({"sept"} if number == 9 else set()))
    return "(?:" + "|".join(_any_case(word) for word in sorted(words, key=len, reverse=True)) + ")"


_ALL = set(range(1, 13))
_THIRTY = _ALL - {2}
_THIRTY_ONE = {1, 3, 5, 7, 8, 10, 12}
_NUM_MONTH = {"all": r"(?:0?[1-9]|1[0-2])", 30: r"(?:0?[13-9]|1[0-2])", 31: r"(?:0?[13578]|1[02])"}
_DAY_29 = r"(?:0?[1-9]|1\d|2\d)"
_SEP = r"\s*[/.\-]\s*"
_SUFFIX = r"\s*(?:" + "|".join(_any_case(s) for s in ("st", "nd", "rd", "th")) + r")?" \
    + r"(?:\s+" + _any_case("of") + r")?\s+"
_WEEKDAY = r"(?:(?:" + "|".join(_any_case(day) for day in WEEKDAY_WORDS) + r")\.?,?\s+)?"

_NUMERIC_DATE = (r"(?:" + _DAY_29 + _SEP + _NUM_MONTH["all"] + "|30" + _SEP + _NUM_MONTH[30]
                 + "|31" + _SEP + _NUM_MONTH[31] + ")" + _SEP + r"(?:\d{2}|\d{4})")
_ISO_DATE = (r"\d{4}-(?:" + _NUM_MONTH["all"] + "-" + _DAY_29 + "|" + _NUM_MONTH[30] + "-30|"
             + _NUM_MONTH[31] + "-31)")
_WORDY_DATE = (_WEEKDAY + r"(?:" + _DAY_29 + _SUFFIX + _month_names(_ALL)
               + "|30" + _SUFFIX + _month_names(_THIRTY)
               + "|31" + _SUFFIX + _month_names(_THIRTY_ONE) + r")\.?,?\s+\d{4}")
_ANY_DATE = f"(?:{_ISO_DATE}|{_NUMERIC_DATE}|{_WORDY_DATE})"
_MONTH = (r"(?:\d{4}-" + _NUM_MONTH["all"] + "|" + _NUM_MONTH["all"] + _SEP + r"\d{4}|"
          + _month_names(_ALL) + r"\.?,?(?:\s+|\s*[-/]\s*)\d{4}|" + _ANY_DATE + ")")

DATE_PATTERN = r"^\s*" + _ANY_DATE + r"\s*$"
MONTH_PATTERN = r"^\s*" + _MONTH + r"\s*$"


def _date() -> dict[str, Any]:
    return {"type": "string", "pattern": DATE_PATTERN,
            "patternErrorMessage": f"Not a date learnsum reads: {DATE_FORMS_HELP}."}


def _month() -> dict[str, Any]:
    return {"type": "string", "pattern": MONTH_PATTERN,
            "patternErrorMessage": f"Not a month learnsum reads: {MONTH_FORMS_HELP}."}


# -- vocabularies ------------------------------------------------------------------------------


def _described(term: Term) -> str:
    return f"**{term.label}**" + (f": {term.description}" if term.description else "")


def _enum(terms: tuple[Term, ...]) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": [term.id for term in terms],
        "enumDescriptions": [term.label for term in terms],
        "markdownEnumDescriptions": [_described(term) for term in terms],
    }


def _vocabulary_schema(name: str, config: Config) -> dict[str, Any]:
    terms = vocabularies(config)[name]
    if name == "agency":
        # Other names of an agency are allowed (with a warning when unknown): suggested, not
        # enforced.
        return {"type": "string", "examples": [term.id for term in terms]}
    if name == "slides":
        return {"anyOf": [_enum(terms), {"type": "string", "pattern": r"\.[Pp][Pp][Tt][Xx]\s*$"}]}
    return _enum(terms)


# -- the schema --------------------------------------------------------------------------------

#: Places whose value is a date, a month.
_DATES = {("completed",), ("actions", ITEM, "due"), ("updates", ITEM, "date")}
_MONTHS = {("case", "incident")}


def json_schema(config: Config = DEFAULT_CONFIG) -> dict[str, Any]:
    """The schema for summaries checked with `config` (its themes, agencies and wording)."""
    from .model import Summary

    schema = Summary.model_json_schema(by_alias=True)
    _drop_generated_words(schema)
    definitions = schema.get("$defs", {})
    seen: set[str] = set()
    for place, name in MODELS.items():
        target = schema if name == "Summary" else definitions.get(name)
        if target is None or name in seen:
            continue
        seen.add(name)
        for key, prop in target.get("properties", {}).items():
            target["properties"][key] = _property(place, key, prop, config)
    body: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    body.update(schema)
    body["description"] = (f"A {catalogue.FORM_TITLE} in learnsum format "
                           f"{catalogue.FORMAT_VERSION} (docs/format.md)"
                           + (", with the repository's own vocabularies." if config.source
                              else "."))
    return body


def _property(place: Place, key: str, prop: dict[str, Any], config: Config) -> dict[str, Any]:
    label, guidance = key_words(place, key, config)
    path = (*place, key)
    value = _value_schema(path, prop, config)
    # Editors show the title as the heading of a hover, then the description under it.
    value["title"] = label
    value.pop("description", None)
    if guidance:
        value["description"] = guidance
    return value


def _value_schema(path: Place, prop: dict[str, Any], config: Config) -> dict[str, Any]:
    optional = _is_optional(prop)
    extra = {k: v for k, v in prop.items() if k in ("default",)}
    if path in _DATES:
        value = _date()
    elif path in _MONTHS:
        value = _month()
    elif vocabulary_name(path) is not None and path != ("learnsum",):
        if prop.get("type") == "array":
            value = {"type": "array", "items": _vocabulary_schema(
                str(vocabulary_name(path)), config)}
        else:
            value = _vocabulary_schema(str(vocabulary_name(path)), config)
    else:
        return dict(prop)
    if optional:
        value = {"anyOf": [value, {"type": "null"}]}
    value.update(extra)
    return value


def _is_optional(prop: dict[str, Any]) -> bool:
    return any(branch == {"type": "null"} for branch in prop.get("anyOf", ()))


def _schemas(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every schema inside `node` (not property names, not values of keywords like enum)."""
    yield node
    for keyword in ("properties", "$defs"):
        for child in node.get(keyword, {}).values():
            if isinstance(child, dict):
                yield from _schemas(child)
    for keyword in ("anyOf", "oneOf", "allOf"):
        for child in node.get(keyword, ()):
            if isinstance(child, dict):
                yield from _schemas(child)
    items = node.get("items")
    if isinstance(items, dict):
        yield from _schemas(items)


def _drop_generated_words(schema: dict[str, Any]) -> None:
    """Remove the titles the models' schema makes up from Python names ("Case Learning") and
    descriptions written for another purpose; the catalogue's words replace them."""
    for node in _schemas(schema):
        node.pop("title", None)
    for node in _schemas(schema):
        for keyword in ("anyOf", "oneOf"):
            for branch in node.get(keyword, ()):
                if isinstance(branch, dict):
                    branch.pop("description", None)
    for definition in schema.get("$defs", {}).values():
        definition.pop("description", None)

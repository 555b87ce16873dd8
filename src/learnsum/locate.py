"""Where a validation error is in the YAML: one positioned problem per error, in the author's words.

The one mapper from a file's shape errors to `file:line:column` problems, used for every file a
user writes: summaries (checked by :mod:`learnsum.shape`, without Pydantic) and the
configuration (:mod:`learnsum.config_file`, Pydantic models). An error is a record in Pydantic's
form (`type`, `loc`, `input`, `msg`, `ctx`); what the messages need to know of the format (the
keys of each mapping, which hold mappings, lists, vocabularies or dates) comes from a
:class:`Shape`, written by hand for summaries and derived from a Pydantic model otherwise
(:func:`describe`). A validator may raise :func:`invalid` to choose the rule, the message and
whether the problem is shown at the key or at its value.

Pydantic is imported only by the functions that take a Pydantic model or error.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args, get_origin

from . import catalogue
from .catalogue import SECTIONS_BY_KEY
from .dates import Month, describe_type
from .loader import Document
from .problems import QUOTE_LIMIT, Problem, Severity, shown
from .records import record
from .suggest import did_you_mean

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError
    from pydantic_core import PydanticCustomError

    from .summary import InvalidValue

_T = TypeVar("_T")


@record(frozen=True)
class Key:
    """One key of a mapping in a file's format, as the messages need to know it."""

    #: The key as written in YAML (`from`, not the Python name `from_`).
    name: str
    #: The mapping its value holds (or each item of its list, or each entry of its mapping).
    shape: Shape | None = None
    #: "list" or "dict" when the value is a list or a mapping of keys the author chooses.
    container: Literal["list", "dict"] | None = None
    #: The vocabulary of its value, when it has one.
    choices: tuple[str, ...] = ()
    #: Whether its value is a date (or a month).
    date: bool = False


@record(frozen=True)
class Shape:
    """The keys of one mapping of a file's format, in order."""

    name: str
    keys: tuple[Key, ...]

    def key(self, name: str) -> Key | None:
        return next((key for key in self.keys if key.name == name), None)

    @property
    def names(self) -> list[str]:
        return [key.name for key in self.keys]


#: The error type of :func:`invalid`: a validator's own rule and message.
INVALID = "learnsum"


def invalid(rule: str, message: str, *, at: Literal["key", "value"] = "value",
            path: tuple[str | int, ...] = (), ref: tuple[str | int, ...] | None = None,
            more: tuple[PydanticCustomError, ...] = ()) -> PydanticCustomError:
    """An error for a validator to raise with its own rule and message, placed at the key or at
    the value of `path` (relative to where the validator runs). In the message, `{field}` is
    replaced by the dotted name of that place and `{ref_line}` by the line of `ref` (relative
    too). `more` adds further problems found by the same validator."""
    from pydantic_core import PydanticCustomError

    context: dict[str, Any] = {"rule": rule, "message": message, "at": at, "path": path,
                               "ref": ref}
    if more:
        context["more"] = tuple(error.context for error in more if error.context)
    return PydanticCustomError(INVALID, "{message}", context)


def raise_with(failure: ValidationError | None, errors: list[PydanticCustomError]) -> None:
    """Raise, from a wrap validator, the errors of its inner validation (`failure`) together
    with `errors` of its own, so that every problem is reported at once; return when there are
    none."""
    from pydantic import ValidationError
    from pydantic_core import PydanticCustomError

    if failure is None:
        if errors:
            first, *more = errors
            context = first.context or {}
            raise invalid(context["rule"], context["message"], at=context["at"],
                          path=context["path"], ref=context["ref"], more=tuple(more))
        return
    details: list[Any] = []
    for item in failure.errors(include_url=False):
        if item["type"] == INVALID:
            kind: Any = PydanticCustomError(INVALID, "{message}", item["ctx"])
        else:
            kind = item["type"]
        detail = {"type": kind, "loc": item["loc"], "input": item["input"]}
        if "ctx" in item:
            detail["ctx"] = item["ctx"]
        details.append(detail)
    details.extend({"type": error, "loc": (), "input": None} for error in errors)
    raise ValidationError.from_exception_data(failure.title, details)


def invalid_record(error: InvalidValue, loc: tuple[str | int, ...]) -> dict[str, Any]:
    """The error record of a Pydantic-free check's :class:`~learnsum.summary.InvalidValue` at
    `loc`, as :func:`invalid` would have made it."""
    return {"type": INVALID, "loc": loc, "input": None, "msg": error.message,
            "ctx": {"rule": error.rule, "message": error.message, "at": error.at, "path": (),
                    "ref": None}}


def as_validator(check: Callable[[_T], _T]) -> Callable[[_T], _T]:
    """`check` for a Pydantic validator: its :class:`~learnsum.summary.InvalidValue` raised as
    :func:`invalid`, keeping the rule and the message."""
    from .summary import InvalidValue

    @functools.wraps(check)
    def validator(value: _T) -> _T:
        try:
            return check(value)
        except InvalidValue as error:
            raise invalid(error.rule, error.message, at=error.at) from None

    return validator


def problems_from_validation_error(
    document: Document, failure: ValidationError, model: type[BaseModel], *,
    empty_rule: str | None = "empty-section", top_level: str | None = None,
) -> list[Problem]:
    """One positioned problem per error of a Pydantic `model`: see :func:`problems_from_errors`."""
    return problems_from_errors(document, failure.errors(include_url=False), describe(model),
                                empty_rule=empty_rule, top_level=top_level)


def problems_from_errors(
    document: Document, errors: Iterable[Mapping[str, Any]], shape: Shape, *,
    empty_rule: str | None = "empty-section", top_level: str | None = None,
) -> list[Problem]:
    """One positioned problem per error record, in the author's words, no duplicates.

    `empty_rule` is the rule for a required value left empty (a summary's section); with None,
    an empty value of the wrong type is reported like any other wrong type. With `top_level`
    (the words for the whole file, e.g. "the configuration"), an unknown key's message also
    names the mapping it is in."""
    problems: dict[tuple[int, int, str, str], Problem] = {}
    for item in errors:
        if item["type"] == INVALID:
            found = _invalid_problems(document, item)
        else:
            path = _data_path(document.data, item["loc"])
            found = [_problem_for(document, shape, path, item, empty_rule, top_level)]
        for problem in found:
            key = (problem.line, problem.column, problem.rule, problem.message)
            if key not in problems:
                problems[key] = problem
    return sorted(problems.values())


def _invalid_problems(document: Document, item: Any) -> list[Problem]:
    """The problems of an :func:`invalid` error: its own, and those it carries in `more`."""
    context = item.get("ctx", {})
    problems = []
    for spec in (context, *context.get("more", ())):
        path = _data_path(document.data, (*item["loc"], *spec["path"]))
        position = (document.key_position(path) if spec["at"] == "key" else
                    document.value_position(path))
        message = str(spec["message"]).replace("{field}", _field_name(path))
        if spec.get("ref") is not None:
            ref = _data_path(document.data, (*item["loc"], *spec["ref"]))
            message = message.replace("{ref_line}", str(document.value_position(ref)[0]))
        problems.append(Problem(document.display, position[0], position[1], Severity.ERROR,
                                str(spec["rule"]), message))
    return problems


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[str | int, ...]:
    """Pydantic's location, less the steps that name validators rather than YAML keys."""
    path: list[str | int] = []
    value = data
    for step in loc:
        if isinstance(value, dict) and isinstance(step, str) and step in value:  # noqa: SIM114
            path.append(step)
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            path.append(step)
            value = value[step]
        elif isinstance(value, dict) and isinstance(step, str) and not _is_validator_tag(step):
            path.append(step)  # a missing key: its parent is where it belongs
            value = None
        # anything else names a union member or validator: not a place in the file
    return tuple(path)


def _is_validator_tag(step: str) -> bool:
    return "[" in step or step in ("str", "list[str]", "function-after", "function-before")


def _problem_for(document: Document, root: Shape, path: tuple[str | int, ...],
                 item: Any, empty_rule: str | None, top_level: str | None) -> Problem:
    kind = item["type"]
    name = document.display
    value = item.get("input")
    parent_model = _model_at(root, path[:-1]) if path else root
    last = path[-1] if path else None
    field_name = _field_name(path)

    def problem(rule: str, position: tuple[int, int], message: str) -> Problem:
        return Problem(name, position[0], position[1], Severity.ERROR, rule, message)

    if kind == "extra_forbidden" and isinstance(last, str):
        known = _known_keys(parent_model)
        belongs = _where_key_belongs(last, root, parent_model)
        if belongs:
            here = "at the top level" if len(path) == 1 else f"in '{_field_name(path[:-1])}'"
            hint = f" {here}; it belongs {belongs}"
        else:
            hint = did_you_mean(last, known)
            if top_level is not None:
                hint += f" in {_dotted(path[:-1]) or top_level}"
        return problem("unknown-key", document.key_position(path),
                       f"unknown key '{shown(last)}'{hint}; allowed here: {', '.join(known)}")
    if kind == "missing":
        where = document.parent_position(path[:-1])
        section = SECTIONS_BY_KEY.get(str(last)) if len(path) == 1 else None
        what = f" ({section.label})" if section else ""
        parent = f" in '{_field_name(path[:-1])}'" if len(path) > 1 else ""
        return problem("missing-key", where, f"missing required key '{last}'{what}{parent}")
    position = document.value_position(path)
    if kind in ("literal_error", "enum"):
        choices = _literal_choices(parent_model, last)
        hint = (did_you_mean(value, choices, _VOCABULARY_LABELS) if isinstance(value, str)
                else "")
        return problem("unknown-value", position,
                       f"'{shown(value)}' is not a valid {_vocabulary_name(path)}{hint}; "
                       f"use one of: {', '.join(choices)}")
    if empty_rule is not None and _is_empty(value) and (kind.endswith("_type")
                                                        or kind == "value_error"):
        section = SECTIONS_BY_KEY.get(str(last)) if len(path) == 1 else None
        what = f" ({section.label})" if section else ""
        return problem(empty_rule, position, f"'{field_name}'{what} is empty; it is required")
    if kind == "value_error":
        message = _quoting_shortened(str(item.get("ctx", {}).get("error", item["msg"])), value)
        rule = "invalid-date" if _is_date_field(parent_model, last) else (
            "unknown-value" if last == "slides" else "wrong-type")
        if rule == "unknown-value":
            hint = did_you_mean(str(value), ["not-applicable", "generate"])
            message += hint
        return problem(rule, position, f"'{field_name}': {message}")
    expected = _EXPECTED.get(kind)
    if expected:
        return problem("wrong-type", position,
                       f"'{field_name}' should be {expected}, but is {describe_type(value)}")
    return problem("wrong-type", position, f"'{field_name}': {item['msg']}")


def _quoting_shortened(message: str, value: object) -> str:
    """A validator's `message` with the value it quotes shortened (see `problems.shown`)."""
    if isinstance(value, str) and len(value) > QUOTE_LIMIT:
        return message.replace(value, shown(value))
    return message


_VOCABULARY_LABELS: dict[str, str] = {
    term.id: term.label
    for terms in (catalogue.REVIEW_TYPES, catalogue.POINT_KINDS, catalogue.ACTION_STATUSES,
                  catalogue.STATUSES)
    for term in terms
}

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list (items starting with '- ')",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date",
}


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _field_name(path: tuple[str | int, ...]) -> str:
    return _dotted(path) or "the document"


def _dotted(path: tuple[str | int, ...]) -> str:
    """`agencies[3]`, `sections.audit`: a place in the file, '' for the top level."""
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _vocabulary_name(path: tuple[str | int, ...]) -> str:
    names = {"type": "review type", "status": "status", "kind": "kind of point",
             "learnsum": "format version"}
    last = next((step for step in reversed(path) if isinstance(step, str)), "")
    if last == "status" and "actions" in path:
        return "action status"
    return names.get(last, last)


def _model_at(model: Shape, path: tuple[str | int, ...]) -> Shape | None:
    current: Shape | None = model
    keyed = False  # the key holds a mapping: the next step is one of its keys
    for step in path:
        if isinstance(step, int):
            continue
        if keyed:
            keyed = False
            continue
        key = current.key(step) if current is not None else None
        if key is None:
            return None
        keyed = key.container == "dict"
        current = key.shape
    return current


def _known_keys(model: Shape | None) -> list[str]:
    return [] if model is None else model.names


def _key_places(root: Shape) -> list[tuple[Shape, str]]:
    """Each mapping of a file with words for where it is written: the top level, the mapping
    under a key (`review:`), and the items of a list (`actions:`) or of a mapping."""
    places: list[tuple[Shape, str]] = [(root, "at the top level (not indented)")]
    for key in root.keys:
        if key.shape is None:
            continue
        words = (f"in each item of `{key.name}:`" if key.container == "list" else
                 f"in each entry of `{key.name}:`" if key.container == "dict" else
                 f"under `{key.name}:`")
        places.append((key.shape, words))
    return places


def _where_key_belongs(key: str, root: Shape, here: Shape | None) -> str:
    """Where else in the file `key` is a known key ('under `review:`'), or ''."""
    places: list[str] = []
    for model, words in _key_places(root):
        if model != here and key in _known_keys(model) and words not in places:
            places.append(words)
    return " or ".join(places)


def _literal_choices(model: Shape | None, key: str | int | None) -> list[str]:
    if model is None or not isinstance(key, str):
        return []
    found = model.key(key)
    return [] if found is None else list(found.choices)


def _is_date_field(model: Shape | None, key: str | int | None) -> bool:
    if model is None or not isinstance(key, str):
        return False
    found = model.key(key)
    return found is not None and found.date


# -- the shape of a Pydantic model ---------------------------------------------------------------

@functools.cache
def describe(model: type[BaseModel]) -> Shape:
    """The :class:`Shape` of a Pydantic model: its fields by alias, the models they hold, their
    vocabularies (Literal) and which are dates. One model is one Shape wherever it is used."""
    keys = []
    for name, info in model.model_fields.items():
        annotation = (info.annotation if not info.metadata else
                      typing.Annotated[(info.annotation, *info.metadata)])
        nested = _unwrap(annotation)
        container = _container(info.annotation)
        keys.append(Key(
            name=info.alias or name,
            shape=describe(nested) if _is_model(nested) else None,
            container=container,
            choices=tuple(_pydantic_choices(info.annotation)),
            date=_pydantic_date(info.annotation),
        ))
    return Shape(model.__name__, tuple(keys))


def _is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _unwrap(annotation: Any) -> Any:
    """The model class behind Optional[...], list[...] and Annotated[...], if any."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [_bare(a) for a in get_args(annotation) if a is not type(None)]
            models = [a for a in members if _is_model(a)]
            if models:
                annotation = models[0]
            elif len(members) == 1 and get_origin(members[0]) in (list, dict):
                annotation = members[0]  # Optional[list[...]]: look inside the list
            else:
                return members[0] if members else annotation
        elif origin in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return annotation


def _bare(annotation: Any) -> Any:
    """The type inside Annotated[...] (a tagged member of a union), or the type itself."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _container(annotation: Any) -> Literal["list", "dict"] | None:
    """Whether a field holds a list, or a mapping of keys the author chooses (`sections:`)."""
    while get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    origin = get_origin(annotation)
    return "list" if origin is list else "dict" if origin is dict else None


def _pydantic_choices(annotation: Any) -> list[str]:
    for candidate in [annotation, *get_args(annotation)]:
        if get_origin(candidate) is Literal:
            return [str(choice) for choice in get_args(candidate)]
    return []


def _pydantic_date(annotation: Any) -> bool:
    candidates = [annotation, *get_args(annotation)]
    candidates += [get_args(c)[0] for c in candidates if get_origin(c) is typing.Annotated]
    return any(candidate in (dt.date, Month) for candidate in candidates)

"""locate: every Pydantic error of a model placed at its key or value in the YAML, and a
validator's own rule and message through `invalid`."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from learnsum.loader import Document, load_string
from learnsum.locate import invalid, problems_from_validation_error


def _key(key: str) -> str:
    if key.startswith("x"):
        raise invalid("unknown-key", f"'{key}' in '{{field}}' is not a key", at="key")
    return key


def _pair(values: list[str]) -> list[str]:
    if len(values) == 2 and values[0] == values[1]:
        raise invalid("invalid-value", "'{field}' repeats line {ref_line}", path=(1,), ref=(0,),
                      more=(invalid("invalid-value", "first of '{field}'", path=(0,)),))
    return values


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: Annotated[list[str], AfterValidator(_pair)] = []


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: dict[Annotated[str, BeforeValidator(_key)], str] = {}
    inner: Inner = Inner()
    flag: bool = False


def _problems(text: str, **options: str | None) -> list[tuple[int, int, str, str]]:
    document = load_string(text, "t.yaml")
    assert isinstance(document, Document)
    with pytest.raises(ValidationError) as caught:
        Outer.model_validate(document.data)
    found = problems_from_validation_error(document, caught.value, Outer, **options)
    return [(p.line, p.column, p.rule, p.message) for p in found]


def test_a_validator_chooses_rule_message_and_the_key_or_the_value() -> None:
    assert _problems("words:\n  a: b\n  xb: c\n") == [
        (3, 3, "unknown-key", "'xb' in 'words.xb' is not a key")]
    assert _problems("inner:\n  names:\n  - Al\n  - Al\n") == [
        (3, 5, "invalid-value", "first of 'inner.names[1]'"),
        (4, 5, "invalid-value", "'inner.names[2]' repeats line 3")]


def test_unknown_keys_say_where_they_belong() -> None:
    assert _problems("names: [a]\n") == [
        (1, 1, "unknown-key", "unknown key 'names' at the top level; it belongs under "
                              "`inner:`; allowed here: words, inner, flag")]
    assert _problems("inner:\n  nams: [a]\n")[0][3].startswith(
        "unknown key 'nams' (did you mean 'names'?)")


def test_empty_values_are_wrong_types_without_an_empty_rule() -> None:
    assert _problems("inner: ''\n")[0][2] == "empty-section"
    assert _problems("inner: ''\n", empty_rule=None) == [
        (1, 8, "wrong-type", "'inner' should be a mapping of keys, but is text")]

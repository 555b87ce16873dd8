"""Regular expressions compiled when first used are the ones that were compiled at import."""

from __future__ import annotations

import re

import pytest

from learnsum.privacy import dates_of_birth, emails, nhs, ni, phones, postcodes, titled_names
from learnsum.privacy.compiled import CompiledOnUse

FAMILIES = (dates_of_birth, emails, nhs, ni, phones, postcodes, titled_names)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda module: module.__name__)
def test_every_detector_pattern_is_compiled_from_its_source_when_read(family: object) -> None:
    holder = family.Patterns()  # type: ignore[attr-defined]
    assert isinstance(holder, CompiledOnUse)
    assert set(holder.SOURCES) == set(type(holder).__slots__)
    for name, source in holder.SOURCES.items():
        compiled = getattr(holder, name)
        assert compiled is getattr(holder, name)
        assert compiled.pattern == source and compiled.flags == re.compile(source).flags


def test_an_unknown_name_is_no_pattern() -> None:
    holder = nhs.Patterns()
    with pytest.raises(AttributeError):
        holder.missing  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(holder, "SOURCES_") and hasattr(holder, "number")

"""What is made later or elsewhere to start quicker behaves as it did: regular expressions compiled
when first used, text let through without one, the resolver's patterns and the text widths."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsum import display
from learnsum.privacy import dates_of_birth, emails, nhs, ni, phones, postcodes, titled_names
from learnsum.privacy.compiled import CompiledOnUse
from learnsum.render import docx_text, view

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


# -- text let through without a pattern when it is printable ------------------------------------

#: The character classes as they were compiled at import, each with what uses it now.
DISPLAY_UNSAFE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]"
REFUSED = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
GUARDED = (DISPLAY_UNSAFE, NOT_XML, REFUSED)

#: Text of every kind: letters, the characters of the classes and those near them, spaces of
#: every width, marks, emoji, unassigned code points.
TEXT = st.text(st.one_of(
    st.characters(codec=None),
    st.characters(min_codepoint=0, max_codepoint=0x2070),
    st.sampled_from("\x00\t\n\r\x1b\x7f\x85\x9f\xa0\u2028\u2029\u202e\u2066\u2069\ud800\udc80"
                    "\udfff\ufeff\ufffe\uffff\U0001f600\U0010ffff"),
), max_size=40)


@pytest.mark.parametrize("source", GUARDED)
def test_no_character_of_the_classes_is_printable(source: str) -> None:
    pattern = re.compile(source)
    assert all(not chr(code).isprintable() for code in range(0x110000)
               if pattern.match(chr(code)))


@given(TEXT)
def test_printable_and_display_name_are_unchanged(text: str) -> None:
    old = re.compile(DISPLAY_UNSAFE)
    assert display.has_unsafe(text) == (old.search(text) is not None)
    expected = old.sub(display._escape, text)
    assert display.printable(text) == expected
    kept = old.sub(lambda m: m.group(0) if m.group(0) in "\n" else display._escape(m), text)
    assert display.printable(text, keep="\n") == kept
    name = text if not old.search(text) else old.sub(display._escape, text.replace("\\", "\\\\"))
    assert display.display_name(text) == name


@given(TEXT)
def test_clean_is_unchanged(text: str) -> None:
    assert view.clean(text) == re.compile(NOT_XML).sub("", text)


@given(TEXT)
def test_the_word_writer_refuses_the_same_text(text: str) -> None:
    refused = re.compile(REFUSED).search(text) is not None
    try:
        docx_text.escape(text)
    except docx_text.Unsupported:
        assert refused
    else:
        assert not refused


def test_the_shared_resolver_matches_with_ruamel_s_own_compiled_patterns() -> None:
    from ruamel.yaml.resolver import implicit_resolvers

    from learnsum.loader.building import PlainResolver

    resolver = PlainResolver()
    resolver.prepare()
    used = {id(match.__self__) for entries in resolver.table.values() for _, match in entries}
    for versions, _, regexp, first in implicit_resolvers:
        if (1, 2) in versions and first:
            compiled = regexp.lazy_self()
            assert id(compiled) in used
            assert compiled.pattern == regexp.pattern and compiled.flags == regexp.flags


def test_the_word_form_and_the_slides_measure_with_the_same_widths() -> None:
    from learnsum.render import docx_layout, widths
    from learnsum.render.pptx import metrics

    assert docx_layout.text_width is metrics.text_width is widths.text_width
    assert metrics.char_width is widths.char_width
    assert metrics._units is widths.units and metrics._char_units is widths.char_units


# -- a date alone, built without ruamel's timestamp pattern --------------------------------------

DATES = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]| +)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                  r"(\.[0-9]*)?( *(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?", fullmatch=True),
    st.builds(lambda year, month, day, tail: f"{year:04d}-{month}-{day}{tail}",
              st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31),
              st.sampled_from(["", "\n", " ", "x", "\u0663", "T10:00:00"])),
    st.text("0123456789-\u0660\u0663T: ", max_size=14),
)


@settings(max_examples=400)
@given(DATES)
def test_a_date_alone_is_built_as_ruamel_builds_it(text: str) -> None:
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor
    from ruamel.yaml.nodes import ScalarNode

    from learnsum.loader.building import date_only, is_real_timestamp

    day = date_only(text) if is_real_timestamp(text) else None
    try:
        built = SafeConstructor().construct_yaml_timestamp(
            ScalarNode("tag:yaml.org,2002:timestamp", text))
    except (ConstructorError, ValueError, TypeError, OverflowError):
        assert day is None
        return
    if day is not None:
        assert built == day and type(built) is type(day)
    elif is_real_timestamp(text) and text.isascii() and "-" in text and ":" not in text \
            and text == text.strip() and len(text) <= 10:
        raise AssertionError(f"{text!r} is a date alone that was not built")

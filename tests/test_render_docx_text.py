"""Word documents written as text from the prepared template's serialised form
(learnsum.render.docx_text) are the very bytes python-docx's path writes, and the cache that
keeps that form between runs is used only when it is sound.

Every test here has the cache folder of the test run (tests/conftest.py) or one of its own."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsum.cache import read_checked, write_checked
from learnsum.catalogue import STRINGS
from learnsum.render import docx as word
from learnsum.render import docx_text
from learnsum.render.view import (
    Bullets,
    Field,
    Item,
    Paragraph,
    RenderOptions,
    Row,
    SubHeading,
    Table,
    Update,
    View,
)
from render_helpers import CHILD_O
from support import TODAY
from test_properties import Generated, checked, summaries


def _both(view: View, options: RenderOptions | None = None) -> tuple[bytes, bytes]:
    """`view` written as text and with python-docx, from the same template."""
    options = options or RenderOptions()
    text_base = word._text_base(options.reference_docx, view.marking, view.words["page_number"],
                                view.language)
    assert text_base is not None
    return text_base.render(view), word._render_with_docx(view, options)


# -- parity: the same bytes for any summary ------------------------------------------------------


@given(summaries())
def test_any_summary_is_written_as_python_docx_writes_it(generated: Generated) -> None:
    summary = checked(generated)
    fast, slow = _both(summary.view, summary.options)
    assert fast == slow


_SPECIAL = st.sampled_from(["\t", "\n", "\r", "\r\n", " ", "  ", "&", "<", ">", '"', "'", "]]>",
                            "&amp;", "🙂", "𝔘", "\u00a0", "\u2028", "\u200f", "ŵ", "\x7f", "\x85"])
_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs",),
                            exclude_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                            "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                            "\x1e\x1f\ufffe\uffff")
_SHORT = st.lists(st.one_of(st.text(_CHARACTERS, max_size=8), _SPECIAL), max_size=6).map("".join)
_TEXT = st.one_of(_SHORT, _SHORT.map(lambda text: (text + " a long run of words ") * 40))


@st.composite
def _tables(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(2, docx_text.MAX_COLUMNS + 1))  # one more: python-docx's path
    headers = tuple(draw(st.lists(_SHORT, min_size=columns, max_size=columns)))
    rows = draw(st.lists(st.lists(st.lists(_TEXT, max_size=3).map(tuple), min_size=1,
                                  max_size=columns + 1).map(tuple), max_size=3))
    return Table(headers, tuple(rows))


_ITEMS = st.builds(Item, _TEXT, st.one_of(st.none(), _SHORT),
                   st.lists(_SHORT, max_size=2).map(tuple))
_BLOCKS = st.one_of(
    st.builds(Paragraph, _TEXT),
    st.builds(Field, _SHORT, _TEXT),
    st.builds(Bullets, st.lists(_ITEMS, max_size=3).map(tuple)),
    st.builds(SubHeading, _TEXT),
    _tables(),
    st.builds(Update, _SHORT, _SHORT,
              st.lists(st.one_of(st.builds(Paragraph, _TEXT),
                                 st.builds(Bullets, st.lists(_ITEMS, max_size=2).map(tuple))),
                       max_size=2).map(tuple),
              sender_label=_SHORT),
)
_ROWS = st.builds(Row, st.just("key"), _SHORT, st.one_of(st.none(), _TEXT),
                  st.lists(_BLOCKS, max_size=4).map(tuple), empty=st.booleans())
WELSH = {**STRINGS, "page_number": "Tudalen {page} o {pages}", "themes": "Themâu"}


@st.composite
def views(draw: st.DrawFn) -> View:
    words = draw(st.sampled_from([dict(STRINGS), WELSH]))
    return View(
        form_title=draw(_SHORT), title=draw(_TEXT),
        marking=draw(st.sampled_from([None, "OFFICIAL-SENSITIVE", "SWYDDOGOL – SENSITIF <&>"])),
        facts=tuple(draw(st.lists(st.builds(Field, _SHORT, _TEXT), max_size=3))),
        rows=tuple(draw(st.lists(_ROWS, max_size=4))),
        completed_iso=draw(st.sampled_from(["2026-11-25", "1979-12-31", "2031-02-28"])),
        partnership=draw(st.one_of(st.none(), _TEXT)),
        reference=draw(st.one_of(st.none(), _SHORT)),
        review_type=draw(_SHORT),
        words=words,
        language="cy-GB" if words is WELSH else "en-GB",
    )


@settings(max_examples=60)
@given(views())
def test_any_view_is_written_as_python_docx_writes_it(view: View) -> None:
    """Tabs, line breaks, outer spaces, markup, characters beyond the BMP, long text, Welsh
    words, markings, every number of action columns, empty rows and cells."""
    options = RenderOptions()
    slow = word._render_with_docx(view, options)
    assert word.render_docx(view, options) == slow
    if all(len(block.headers) <= docx_text.MAX_COLUMNS for row in view.rows
           for block in row.blocks if isinstance(block, Table)):
        assert _both(view)[0] == slow


def test_text_python_docx_refuses_is_refused_the_same_way() -> None:
    view = View("Form", "Title \x01", None, (), (), "2026-11-25")
    with pytest.raises(ValueError) as slow:
        word._render_with_docx(view, RenderOptions())
    with pytest.raises(ValueError) as fast:
        word.render_docx(view)
    assert str(fast.value) == str(slow.value)
    assert isinstance(fast.value, type(slow.value))


def _reference(path: Path, *, bullets: bool = True, grid: bool = True) -> Path:
    import docx

    reference = docx.Document()
    section = reference.sections[0]
    section.header.paragraphs[0].text = "Testshire letterhead"
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "First page"
    for name, wanted in (("List Bullet", bullets), ("Table Grid", grid)):
        if not wanted:
            style = reference.styles[name].element
            style.getparent().remove(style)
    reference.add_paragraph("Text of the reference document")
    reference.save(str(path))
    return path


@pytest.mark.parametrize(("bullets", "grid"), [(True, True), (False, False)])
@settings(max_examples=8)
@given(view=views())
def test_a_reference_document_is_written_as_python_docx_writes_it(
        tmp_path_factory: pytest.TempPathFactory, bullets: bool, grid: bool, view: View) -> None:
    folder = tmp_path_factory.getbasetemp() / f"reference-{bullets}-{grid}"
    folder.mkdir(exist_ok=True)
    path = folder / "house.docx"
    if not path.exists():
        _reference(path, bullets=bullets, grid=grid)
    options = RenderOptions(reference_docx=path)
    assert word.render_docx(view, options) == word._render_with_docx(view, options)


# -- the cache between runs ----------------------------------------------------------------------

_RUN = """\
import json, runpy, sys
sys.argv = ["learnsum", *sys.argv[1:]]
try:
    runpy.run_module("learnsum", run_name="__main__")
except SystemExit as stop:
    code = stop.code
print(json.dumps({"docx": "docx" in sys.modules, "lxml": "lxml" in sys.modules,
                  "code": code}), file=sys.stderr)
"""


def _render(cache: Path, out: Path, *args: str) -> tuple[dict[str, Any], str]:
    """Render CHILD_O in a new process with `cache` as the cache folder: whether python-docx and
    lxml were imported, the exit code, and what else went to standard error."""
    environment = {**os.environ, "LEARNSUM_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-c", _RUN, "render", str(CHILD_O), "--format", "docx", "-o", str(out),
         "--force", "--today", TODAY, *args],
        env=environment, capture_output=True, text=True, timeout=120)
    *messages, last = result.stderr.splitlines()
    return json.loads(last), "\n".join(messages)


def _cached(cache: Path) -> list[Path]:
    return sorted(cache.glob("docx-*.json"))


def _read_kept(path: Path) -> Any:
    data = read_checked(path, docx_text.MAX_CACHE_BYTES)
    assert data is not None
    return data


def _write_kept(path: Path, data: Any) -> None:
    assert write_checked(path, data)


def test_the_cache_is_written_then_used_without_python_docx(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = _render(cache, tmp_path / "one.docx")
    assert first == {"docx": True, "lxml": True, "code": 0}
    assert len(_cached(cache)) == 1
    second, messages = _render(cache, tmp_path / "two.docx")
    assert second == {"docx": False, "lxml": False, "code": 0}
    assert "Traceback" not in messages
    assert (tmp_path / "one.docx").read_bytes() == (tmp_path / "two.docx").read_bytes()


def _damage(path: Path, how: str) -> None:
    data = _read_kept(path)
    if how == "garbage":
        path.write_bytes(b"\x00\xffnot json")
        return
    if how == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
        return
    if how == "flipped":
        blob = path.read_bytes()
        path.write_bytes(blob[:500] + bytes([blob[500] ^ 0x20]) + blob[501:])
        return
    if how == "not json":
        body = b"\xff" * 100
        path.write_bytes(zlib.crc32(body).to_bytes(4, "big") + body)
        return
    if how == "deep":
        body = b"[" * 100_000
        path.write_bytes(zlib.crc32(body).to_bytes(4, "big") + body)
        return
    if how == "fifo":
        path.unlink()
        os.mkfifo(path)
        return
    if how == "version":
        data["key"]["learnsum"] = "0.0.0-other"
    elif how == "format":
        data["format"] = docx_text.FORMAT + 1
    elif how == "checksum":
        entry = next(entry for entry in data["entries"] if entry[1] == "fixed")
        entry[2] = (entry[2] + 1) % 2 ** 32
    elif how == "deflate":
        # Damaged compressed data (zlib refuses it before any size or checksum is compared).
        entry = next(entry for entry in data["entries"] if entry[1] == "fixed")
        entry[4] = base64.b64encode(b"\xff\xff\xff\xff").decode("ascii")
    elif how == "structure":
        data["runs"]["bold"] = ["<w:r>", 3]
    elif how == "list":
        data = [data]
    elif how == "bomb":
        # Entries that would unpack to far more than any Word document learnsum accepts.
        fixed = next(entry for entry in data["entries"] if entry[1] == "fixed")
        for number in range(3):
            data["entries"].append([f"word/bomb{number}.bin", "fixed", fixed[2],
                                    docx_text.MAX_CACHE_BYTES // 2, fixed[4]])
    _write_kept(path, data)


@pytest.mark.parametrize("how", ["garbage", "truncated", "flipped", "not json", "deep", "fifo",
                                 "version", "format", "checksum", "deflate", "structure",
                                 "list", "bomb"])
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(tmp_path: Path, how: str) -> None:
    cache = tmp_path / "cache"
    _render(cache, tmp_path / "good.docx")
    [kept] = _cached(cache)
    _damage(kept, how)
    used, messages = _render(cache, tmp_path / "again.docx")
    assert used["code"] == 0 and used["docx"], messages
    assert "Traceback" not in messages and "cache" not in messages
    assert (tmp_path / "again.docx").read_bytes() == (tmp_path / "good.docx").read_bytes()
    # Replaced by a sound one: the next run needs no python-docx.
    assert _render(cache, tmp_path / "third.docx")[0]["docx"] is False


def test_a_changed_reference_document_is_prepared_again(tmp_path: Path) -> None:
    import docx

    cache = tmp_path / "cache"
    reference = _reference(tmp_path / "house.docx")
    _render(cache, tmp_path / "one.docx", "--reference-docx", str(reference))
    assert _render(cache, tmp_path / "one.docx", "--reference-docx", str(reference))[0]["docx"] \
        is False
    changed = docx.Document(str(reference))
    changed.sections[0].header.paragraphs[0].text = "Another letterhead"
    changed.save(str(reference))
    used, _ = _render(cache, tmp_path / "two.docx", "--reference-docx", str(reference))
    assert used["docx"] is True
    assert len(_cached(cache)) == 2
    header = docx.Document(str(tmp_path / "two.docx")).sections[0].header.paragraphs[0].text
    assert header == "Another letterhead"


def test_a_cache_folder_that_cannot_be_written_still_renders(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    used, messages = _render(blocked / "cache", tmp_path / "out.docx")
    assert used["code"] == 0, messages
    assert "Traceback" not in messages
    assert (tmp_path / "out.docx").read_bytes()[:2] == b"PK"


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(tmp_path / "own"))
    assert docx_text.cache_folder() == tmp_path / "own"
    monkeypatch.delenv("LEARNSUM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert docx_text.cache_folder() == tmp_path / "xdg" / "learnsum"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert docx_text.cache_folder() == tmp_path / "home" / ".cache" / "learnsum"


def test_load_and_store_never_fail(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(tmp_path))
    key = docx_text.cache_key(None, None, "Page {page} of {pages}", "en-GB")
    assert docx_text.load(key) is None  # none yet
    assert docx_text.load(None) is None
    assert docx_text.cache_key(tmp_path / "missing.docx", None, "", "en-GB") is None
    base = word._base(None, None, "Page {page} of {pages}", "en-GB").serialise()
    assert base is not None
    assert docx_text.store(None, base) is False
    assert docx_text.store(key, base) is True
    loaded = docx_text.load(key)
    assert loaded is not None
    view = View("Form", "Title", None, (), (), "2026-11-25")
    assert loaded.render(view) == base.render(view)
    [path] = tmp_path.glob("docx-*.json")
    path.write_bytes(b" " * (docx_text.MAX_CACHE_BYTES + 1))
    assert docx_text.load(key) is None
    monkeypatch.setattr(docx_text, "MAX_CACHE_BYTES", 10)
    assert docx_text.store(key, base) is False


def _valid() -> dict[str, Any]:
    base = word._base(None, None, "Page {page} of {pages}", "en-GB").serialise()
    assert base is not None
    return json.loads(json.dumps(base.serialised({})))  # type: ignore[no-any-return]


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize("change", [
    _set(("entries",), []),
    _set(("entries", 0), ["x", "fixed"]),
    _set(("entries", 0, 0), "/absolute"),
    _set(("entries", 0, 0), "a/../b"),
    _set(("entries", 0, 1), "other"),
    _set(("entries", 0, 3), -1),
    _set(("entries", 0, 4), "not base64!"),
    _set(("document",), ["only one"]),
    _set(("core",), ["a"]),
    _set(("core_names",), ["title"]),
    _set(("paragraphs",), {}),
    _set(("runs", ""), ["<w:r>", "</w:r>"]),
    _set(("bullets",), "yes"),
    _set(("form_table",), None),
    _set(("form_row",), {"0": []}),
    _set(("form_row", "1"), ["a", "b"]),
    _set(("actions",), {}),
    _set(("actions", "4"), []),
    _set(("actions", "4", "header"), {}),
    _set(("actions", "4", "cant", "cell"), ["a"]),
], ids=lambda change: "-")
def test_a_cache_of_another_layout_is_refused(change: Any) -> None:
    data = _valid()
    change(data)
    with pytest.raises((ValueError, TypeError, KeyError)):
        docx_text.TextBase(data)


def test_entries_must_name_the_document_and_its_properties_once() -> None:
    data = _valid()
    for entry in data["entries"]:
        if entry[1] == "core":
            entry[1] = "document"
    with pytest.raises(ValueError):
        docx_text.TextBase(data)
    with pytest.raises(ValueError):
        docx_text.TextBase([])  # type: ignore[arg-type]


def test_a_template_that_does_not_come_out_the_same_is_not_kept(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Were the text writer to differ from python-docx on a template, python-docx renders."""
    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(tmp_path))
    base = word._Base(None, "DIFFERENT", "Page {page} of {pages}", "en-GB")
    monkeypatch.setattr(docx_text.TextBase, "run", lambda self, text, look="": "<w:r/>")
    assert base.serialise() is None
    monkeypatch.setattr(word._Base, "_serialised", lambda self: {"entries": []})
    assert base.serialise() is None
    view = View("Form", "Title", "DIFFERENT", (), (), "2026-11-25")
    assert word.render_docx(view) == word._render_with_docx(view, RenderOptions())
    assert list(tmp_path.glob("docx-*")) == []


def test_the_key_follows_the_reference_document(tmp_path: Path) -> None:
    reference = _reference(tmp_path / "house.docx")
    first = docx_text.cache_key(reference, None, "Page", "en-GB")
    reference.write_bytes(reference.read_bytes() + b"\0")
    assert docx_text.cache_key(reference, None, "Page", "en-GB") != first
    assert docx_text._identity(tmp_path / "missing") == []
    assert docx_text._installed("learnsum_no_such_library") == []


def test_a_reference_that_is_not_a_regular_file_has_no_key(tmp_path: Path) -> None:
    from learnsum.ooxml import MAX_FILE_BYTES

    assert docx_text._MAX_REFERENCE_BYTES == MAX_FILE_BYTES
    fifo = tmp_path / "fifo.docx"
    os.mkfifo(fifo)
    assert docx_text.cache_key(fifo, None, "Page", "en-GB") is None  # and it did not block
    assert docx_text.cache_key(tmp_path, None, "Page", "en-GB") is None


def test_the_key_follows_every_file_the_word_output_depends_on(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """A changed layout, package writer or view (an editable install, the same version) prepares
    the template again: each is part of the key, and changing one changes it."""
    folder = Path(docx_text.__file__).parent
    assert {"docx_layout.py", "package.py", "view.py"} <= set(docx_text._CODE)
    first = docx_text.cache_key(None, None, "Page", "en-GB")
    assert first is not None and all(first["code"])
    real = docx_text._identity

    def layout_changed(path: Path) -> list[int]:
        found = real(path)
        return [found[0] + 1, found[1]] if path == folder / "docx_layout.py" else found

    monkeypatch.setattr(docx_text, "_identity", layout_changed)
    assert docx_text.cache_key(None, None, "Page", "en-GB") != first


def test_the_folder_keeps_the_most_recent_templates_only(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    """Templates of earlier versions or settings do not pile up: the newest KEEP stay."""
    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(tmp_path))
    base = word._base(None, None, "Page {page} of {pages}", "en-GB").serialise()
    assert base is not None
    others = [tmp_path / name for name in ("patterns-cpython-311-0123456789ab.json",
                                           "docx-notes.txt", "docx-0123.json",
                                           f"docx-{'a' * 32}.json.bak")]
    for other in others:
        other.write_bytes(b"not a kept template: stays")
        os.utime(other, ns=(0, 0))
    keys = [dict(docx_text.cache_key(None, None, "Page {page} of {pages}", "en-GB") or {},
                 learnsum=f"0.0.{number}") for number in range(docx_text.KEEP + 3)]
    for number, key in enumerate(keys):
        assert docx_text.store(key, base)
        os.utime(docx_text._cache_file(key), ns=(number * 10**9, number * 10**9))
    kept = sorted(path for path in tmp_path.glob("docx-*") if path not in others)
    assert len(kept) == docx_text.KEEP
    assert {docx_text._cache_file(key) for key in keys[-docx_text.KEEP:]} == set(kept)
    assert docx_text.load(keys[-1]) is not None and docx_text.load(keys[0]) is None
    assert all(other.read_bytes() == b"not a kept template: stays" for other in others)

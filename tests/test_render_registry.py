"""The renderers' registry, the View's builder and the package writer: each format is one
registry line, every section of the form has one builder, and packages are byte-stable."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile

from learnsum import catalogue
from learnsum.cli import RenderFormat
from learnsum.commands.render import SUFFIXES
from learnsum.render import ALL, BY_NAME, NAMES, RENDERERS, RenderError, RenderOptions
from learnsum.render.build import SECTION_BLOCKS, build_view
from learnsum.render.package import deflate, write_package
from learnsum.validate import check_file
from support import EXAMPLES, requires


def test_every_section_of_the_form_has_one_builder() -> None:
    assert set(SECTION_BLOCKS) == {section.key for section in catalogue.SECTIONS}


def test_the_command_line_offers_exactly_the_registered_formats() -> None:
    assert [choice.value for choice in RenderFormat] == [*BY_NAME, ALL] == list(NAMES)
    assert {renderer.name: renderer.suffix for renderer in RENDERERS} == SUFFIXES


def test_a_converted_format_is_made_from_a_registered_one() -> None:
    for renderer in RENDERERS:
        assert renderer.made_from is None or renderer.made_from in BY_NAME
        assert renderer.suffix.startswith(".")


def test_every_renderer_takes_only_the_view() -> None:
    result = check_file(EXAMPLES / "child-x-cspr.yaml")
    assert result.summary is not None
    options = RenderOptions()
    view = build_view(result.summary, result.config, options)
    for renderer in RENDERERS:
        if renderer.made_from is None:
            assert renderer.render(view, options) == renderer.render(view, options)


@requires("soffice", why="to convert Word to PDF")
def test_a_converted_format_renders_one_view_as_its_batch_would() -> None:
    result = check_file(EXAMPLES / "child-o.yaml")
    assert result.summary is not None
    options = RenderOptions()
    view = build_view(result.summary, result.config, options)
    pdf = BY_NAME["pdf"]
    assert pdf.available() is None
    source = BY_NAME[pdf.made_from or ""].render(view, options)
    assert pdf.render(view, options) == pdf.convert([source])[0]


def test_a_missing_library_is_one_clear_line() -> None:
    from learnsum.render.registry import Renderer

    missing = Renderer("odt", ".odt", "learnsum.render.no_such_module:render_odt", what="ODF")
    try:
        missing.render(None, RenderOptions())  # type: ignore[arg-type]
    except RenderError as error:
        assert str(error) == ("ODF cannot be rendered: this installation of learnsum has no odt "
                              "renderer (learnsum.render.no_such_module is missing)")
    else:
        raise AssertionError("no RenderError")


def test_listing_the_formats_imports_no_renderer_or_model() -> None:
    code = ("import sys, learnsum.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('docx', 'pptx', 'jinja2', 'pydantic') or m == 'learnsum.render.build'))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "[]"


def test_packages_are_byte_stable_and_readable() -> None:
    day = dt.date(2015, 9, 25)
    entries = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", deflate(b"<w/>" * 50)),
               ("caf\u00e9.xml", b"x")]
    first = write_package(entries, day, 0o600)
    assert first == write_package(entries, day, 0o600)
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.testzip() is None
        assert package.namelist() == [name for name, _ in entries]
        assert package.read("word/document.xml") == b"<w/>" * 50
        info = package.getinfo("[Content_Types].xml")
        assert info.date_time == (2015, 9, 25, 0, 0, 0)
        assert info.external_attr >> 16 == 0o600


def test_the_package_writer_writes_what_zipfile_writes() -> None:
    """The records are zipfile's own for the same entries, date, permissions and level."""
    day = dt.date(2020, 1, 2)
    entries = [("a.xml", b"<a>" + b"text " * 200 + b"</a>"), ("b/c.xml", b"")]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 2, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, data)
    assert write_package(entries, day, 0o644) == out.getvalue()

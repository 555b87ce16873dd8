"""An output made from exactly the inputs of this render is left alone: "unchanged", not
rendered again, its bytes and modification time kept. Anything it was made from changing (the
summary, the configuration, a template, learnsum's version) renders it again, as does --force;
an output someone edited is still kept as theirs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import learnsum
from learnsum.render import templated
from support import EXAMPLES, TODAY, VALID, cli, replace, write

OLD = 1_000_000_000  # a modification time long past: a file written again would lose it


def _render(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("render", *args, "--today", TODAY, cwd=folder, timeout=300)


def _aged(*paths: Path) -> dict[Path, tuple[bytes, int]]:
    """Each file's bytes and (set long past) modification time."""
    for path in paths:
        os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in paths}


def _untouched(before: dict[Path, tuple[bytes, int]]) -> bool:
    return all((path.read_bytes(), path.stat().st_mtime_ns) == kept
               for path, kept in before.items())


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each call of the Markdown renderer (the registry looks the function up at each call)."""
    made: list[str] = []
    original: Callable[..., bytes] = templated.render_markdown

    def counted(*args: object, **kwargs: object) -> bytes:
        made.append("md")
        return original(*args, **kwargs)

    monkeypatch.setattr(templated, "render_markdown", counted)
    return made


def test_an_unchanged_output_is_left_alone(tmp_path: Path, calls: list[str]) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "b.yaml", replace(VALID, "Child T", "Child B"))
    first = _render(tmp_path, "-f", "md", "a.yaml", "b.yaml")
    assert (first.returncode, first.stdout) == (0, "wrote a.md\nwrote b.md\n"), first.stderr
    before = _aged(tmp_path / "a.md", tmp_path / "b.md")
    calls.clear()

    again = _render(tmp_path, "-f", "md", "a.yaml", "b.yaml")
    assert (again.returncode, again.stdout, again.stderr) == (
        0, "unchanged a.md\nunchanged b.md\n", "")
    assert calls == []
    assert _untouched(before)


def test_a_changed_summary_is_rendered_again(tmp_path: Path, calls: list[str]) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "b.yaml", replace(VALID, "Child T", "Child B"))
    assert _render(tmp_path, "-f", "md", ".").returncode == 0
    before = _aged(tmp_path / "b.md")
    write(tmp_path, "a.yaml", replace(VALID, "Child T", "Child A"))
    calls.clear()

    result = _render(tmp_path, "-f", "md", ".")
    assert (result.returncode, result.stdout) == (0, "unchanged b.md\nwrote a.md\n")
    assert calls == ["md"]
    assert "Child A" in (tmp_path / "a.md").read_text(encoding="utf-8")
    assert _untouched(before)


def test_a_changed_configuration_renders_again(tmp_path: Path, calls: list[str]) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, ".learnsum.yaml", "partnership: Testshire\n")
    assert _render(tmp_path, "-f", "md", "a.yaml").stdout == "wrote a.md\n"
    assert _render(tmp_path, "-f", "md", "a.yaml").stdout == "unchanged a.md\n"
    write(tmp_path, ".learnsum.yaml", "partnership: Testshire\nmarking: OFFICIAL-SENSITIVE\n")
    calls.clear()

    result = _render(tmp_path, "-f", "md", "a.yaml")
    assert (result.returncode, result.stdout) == (0, "wrote a.md\n"), result.stderr
    assert calls == ["md"]
    assert "OFFICIAL-SENSITIVE" in (tmp_path / "a.md").read_text(encoding="utf-8")


def test_a_changed_template_renders_again(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    templates = tmp_path / "templates"
    write(templates, "summary.html.j2", "<p>{{ view.title }}</p>\n")
    args = ("-f", "html", "--template-dir", str(templates), "a.yaml")
    assert _render(tmp_path, *args).stdout == "wrote a.html\n"
    assert _render(tmp_path, *args).stdout == "unchanged a.html\n"
    # Another template in the folder may be included by this one: it counts too.
    write(templates, "footer.html.j2", "<p>footer</p>\n")
    assert _render(tmp_path, *args).stdout == "wrote a.html\n"
    write(templates, "summary.html.j2", "<h1>{{ view.title }}</h1>\n")
    assert _render(tmp_path, *args).stdout == "wrote a.html\n"
    assert "<h1>Child T</h1>" in (tmp_path / "a.html").read_text(encoding="utf-8")
    # The same output without the template folder is made from other templates.
    assert _render(tmp_path, "-f", "html", "a.yaml").stdout == "wrote a.html\n"


def test_other_options_count_too(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "-f", "md", "a.yaml").stdout == "wrote a.md\n"
    assert _render(tmp_path, "-f", "md", "--no-guidance", "a.yaml").stdout == "wrote a.md\n"
    assert _render(tmp_path, "-f", "md", "--no-guidance", "a.yaml").stdout == "unchanged a.md\n"
    assert _render(tmp_path, "-f", "md", "--no-guidance", "--marking", "OFFICIAL",
                   "a.yaml").stdout == "wrote a.md\n"


def test_another_version_of_learnsum_renders_again(tmp_path: Path, calls: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "-f", "md", "a.yaml").stdout == "wrote a.md\n"
    monkeypatch.setattr(learnsum, "__version__", "99.0")
    calls.clear()
    result = _render(tmp_path, "-f", "md", "a.yaml")
    # What the new version draws is the same here, so the file's text is too: the stamp is not.
    assert (result.returncode, result.stdout) == (0, "wrote a.md\n")
    assert calls == ["md"]
    assert _render(tmp_path, "-f", "md", "a.yaml").stdout == "unchanged a.md\n"


def test_force_renders_again(tmp_path: Path, calls: list[str]) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "-f", "md", "a.yaml").returncode == 0
    before = _aged(tmp_path / "a.md")
    calls.clear()
    result = _render(tmp_path, "-f", "md", "--force", "a.yaml")
    # Rendered; the same bytes again, so the file itself is still not touched.
    assert (result.returncode, result.stdout) == (0, "unchanged a.md\n")
    assert calls == ["md"]
    assert _untouched(before)


def test_an_edited_output_is_still_kept(tmp_path: Path, calls: list[str]) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "-f", "md", "a.yaml").returncode == 0
    output = tmp_path / "a.md"
    output.write_text(output.read_text(encoding="utf-8").replace("Child T", "Child Q"),
                      encoding="utf-8")
    before = _aged(output)
    result = _render(tmp_path, "-f", "md", "a.yaml")
    assert result.returncode == 1
    assert "a.md: was changed since learnsum wrote it" in result.stderr
    assert _untouched(before)


def test_generated_slides_are_part_of_the_default_outputs(tmp_path: Path) -> None:
    source = tmp_path / "cspr.yaml"
    source.write_bytes((EXAMPLES / "child-x-cspr.yaml").read_bytes())
    first = _render(tmp_path, "cspr.yaml")
    assert first.stdout == "wrote cspr.docx\nwrote cspr.pptx\n", first.stderr
    assert _render(tmp_path, "cspr.yaml").stdout == "unchanged cspr.docx\nunchanged cspr.pptx\n"
    (tmp_path / "cspr.pptx").unlink()
    assert _render(tmp_path, "cspr.yaml").stdout == "unchanged cspr.docx\nwrote cspr.pptx\n"
    # A summary that no longer asks for slides: only its Word file is made.
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "a.yaml").stdout == "wrote a.docx\n"
    assert _render(tmp_path, "a.yaml").stdout == "unchanged a.docx\n"


def test_outputs_elsewhere_are_rendered_as_before(tmp_path: Path, calls: list[str]) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "-f", "md", "-o", "out/", "a.yaml").stdout == "wrote out/a.md\n"
    calls.clear()
    # Not compared by what it was made from, but by its bytes: the same, so not written.
    assert _render(tmp_path, "-f", "md", "-o", "out/", "a.yaml").stdout == "unchanged out/a.md\n"
    assert calls == ["md"]


def test_two_summaries_for_one_output_are_still_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "-f", "md", "a.yaml").stdout == "wrote a.md\n"
    write(tmp_path, "a.yml", replace(VALID, "Child T", "Child Y"))
    before = _aged(tmp_path / "a.md")
    result = _render(tmp_path, "-f", "md", ".")
    assert result.returncode == 2
    assert "a.md: both" in result.stderr and "would be rendered to it" in result.stderr
    assert _untouched(before)


def test_an_unchanged_render_imports_no_renderer_nor_checker(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _render(tmp_path, "a.yaml").stdout == "wrote a.docx\n"
    program = (
        "import sys\n"
        "from learnsum.entry import main\n"
        f"sys.argv = ['learnsum', 'render', 'a.yaml', '--today', '{TODAY}']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        # Not even the checker, the summary's models or the YAML parser.
        "heavy = ['docx', 'jinja2', 'pptx', 'learnsum.render.docx', 'learnsum.render.build',\n"
        "         'learnsum.validate', 'pydantic', 'ruamel.yaml']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "unchanged a.docx\n[]\n"


def test_each_format_counts_what_it_is_drawn_with(tmp_path: Path) -> None:
    from learnsum.config import DEFAULT_CONFIG
    from learnsum.provenance import Provenance
    from learnsum.render import RenderOptions

    source = write(tmp_path, "a.yaml", VALID)
    templates = tmp_path / "templates"
    write(templates, "summary.md.j2", "{{ view.title }}\n")
    reference = write(tmp_path, "house.docx", "not really Word")
    options = RenderOptions(template_dir=templates, reference_docx=reference)
    # The briefing is drawn with nothing but the summary; the last, a format to come, with anything.
    formats = ("docx", "pdf", "pptx", "md", "html", "briefing", "briefing-pdf", "format-to-come")

    def digests() -> dict[str, str | None]:
        made = Provenance(options)
        return {name: made.digest(source, DEFAULT_CONFIG, name) for name in formats}

    first = digests()
    assert len(set(first.values())) == len(formats)
    write(templates, "summary.md.j2", "# {{ view.title }}\n")
    second = digests()
    assert [name for name in formats if second[name] != first[name]] == \
        ["md", "html", "format-to-come"]
    write(tmp_path, "house.docx", "another letterhead")
    third = digests()
    assert [name for name in formats if third[name] != second[name]] == \
        ["docx", "pdf", "format-to-come"]
    assert Provenance(options).digest(tmp_path / "missing.yaml", DEFAULT_CONFIG, "md") is None

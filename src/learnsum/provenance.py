"""What an output was made from, so that `learnsum render` leaves an output alone when nothing
it was made from has changed.

Every output of `render` carries, in its stamp (:mod:`learnsum.stamp`), the field
``inputs=<SHA-256>``: a digest of everything the output depends on:

- learnsum's version and the format;
- the summary's bytes;
- the effective configuration: the bytes of the `.learnsum.yaml` that applies (and of the
  deny-list file it names); the defaults are learnsum's, so its version covers them;
- the options of the render: guidance prompts on or off, the protective marking, and for each
  format what it is drawn with: the reference Word file (docx, pdf), the reference PowerPoint file
  (pptx), the bundled summary templates and every file of ``--template-dir`` (md, html), nothing
  more for the 7-minute briefing (briefing, briefing-pdf); for a format not named here, all of
  these and every bundled template.

It also carries ``slides=yes`` or ``slides=no``: whether the summary asks for generated slides,
so that the formats a render makes by default are known without reading the summary.

:class:`Provenance` is asked before a summary is checked or any renderer imported: when every
output a render would make of a summary exists, is learnsum's untouched output (its stamp still
matches) and carries the digest of today's inputs, the render reports it "unchanged" and touches
nothing. A changed summary, configuration, template or version, and ``--force``, render again.

Only outputs written beside their summary (no ``--output``) are compared, which is what the
pre-commit hook and a plain ``learnsum render`` do.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from . import stamp
from .files import UnreadableFile, bundled_templates, open_regular_file, read_regular_file
from .hashing import sha256

if TYPE_CHECKING:
    from .config import Config
    from .render import RenderOptions

#: The stamp's fields: the digest of the inputs, and whether the summary asks for slides.
INPUTS = "inputs"
SLIDES = "slides"

#: A summary larger than this cannot be a valid summary (the loader refuses it: its
#: MAX_FILE_BYTES, not imported here as the loader brings in the YAML parser), so it was never
#: rendered.
_MAX_SUMMARY_BYTES = 2 * 1024 * 1024
#: The formats drawn with Jinja2 templates, and those drawn on a reference Word file.
_TEMPLATED = frozenset({"md", "html"})
_ON_REFERENCE_DOCX = frozenset({"docx", "pdf"})
_ON_REFERENCE_PPTX = frozenset({"pptx"})
#: Drawn with nothing but the summary and the configuration (the 7-minute briefing).
_SELF_CONTAINED = frozenset({"briefing", "briefing-pdf"})
#: The names of the bundled templates a summary is drawn with (summary.md.j2, summary.html.j2).
_SUMMARY_TEMPLATES = "summary."


class Provenance:
    """The digests of one render's inputs; each file is read (and hashed) once a run."""

    def __init__(self, options: RenderOptions) -> None:
        self._options = options
        self._files: dict[Path, bytes] = {}
        self._configs: dict[int, bytes] = {}
        self._summaries: dict[Path, bytes | None] = {}
        self._formats: dict[str, bytes] = {}

    def summary_digest(self, source: Path) -> bytes | None:
        """The SHA-256 of the summary's bytes, read once; None when it cannot be read."""
        if source not in self._summaries:
            try:
                data = read_regular_file(source, _MAX_SUMMARY_BYTES)
            except (OSError, UnreadableFile):
                self._summaries[source] = None
            else:
                self._summaries[source] = sha256(data).digest()
        return self._summaries[source]

    def fields(self, source: Path, config: Config, output_format: str,
               slides: bool) -> dict[str, str]:
        """The stamp fields of the output of `output_format` made from `source`; none when the
        summary could not be read (its output is then made, and compared, as before)."""
        digest = self.digest(source, config, output_format)
        if digest is None:
            return {}
        return {INPUTS: digest, SLIDES: "yes" if slides else "no"}

    def digest(self, source: Path, config: Config, output_format: str) -> str | None:
        """The digest of what the output of `output_format` of `source` is made from."""
        from . import __version__

        summary = self.summary_digest(source)
        if summary is None:
            return None
        total = sha256()
        for part in (b"learnsum", __version__.encode(), output_format.encode(), summary,
                     self._config_digest(config), self._options_digest(output_format)):
            total.update(len(part).to_bytes(8, "big") + part)
        return total.hexdigest()

    def unchanged(self, source: Path, config: Config, outputs: Mapping[str, Path]) -> bool:
        """Whether every output in `outputs` (format -> path) is learnsum's untouched output of
        exactly these inputs."""
        if not outputs:
            return False
        for output_format, path in outputs.items():
            fields = stamp.read(path, output_format)
            if fields is None or fields.get(INPUTS) != self.digest(source, config,
                                                                      output_format):
                return False
        return True

    def slides(self, path: Path, output_format: str) -> bool | None:
        """Whether the summary that the output at `path` was made from asks for generated
        slides, as its stamp says; None when the output is not learnsum's, untouched."""
        fields = stamp.read(path, output_format)
        value = None if fields is None else fields.get(SLIDES)
        return None if value is None else value == "yes"

    def _config_digest(self, config: Config) -> bytes:
        key = id(config)
        cached = self._configs.get(key)
        if cached is None:
            files: list[tuple[str, Path]] = []
            if config.source is not None:
                files.append(("config", config.source))
                deny_list = config.file.privacy.deny_list_file if config.file else None
                if deny_list:
                    from .config_file import deny_list_path

                    files.append(("deny-list", deny_list_path(config.source, deny_list)))
            cached = self._files_digest(files)
            self._configs[key] = cached
        return cached

    def _options_digest(self, output_format: str) -> bytes:
        cached = self._formats.get(output_format)
        if cached is None:
            cached = self._formats[output_format] = self._format_digest(output_format)
        return cached

    def _format_digest(self, output_format: str) -> bytes:
        options = self._options
        words = [f"guidance={options.guidance}", f"marking={options.marking!r}"]
        # A format not named here may be drawn with anything: every file counts.
        known = output_format in (*_ON_REFERENCE_DOCX, *_ON_REFERENCE_PPTX, *_TEMPLATED,
                                  *_SELF_CONTAINED)
        files: list[tuple[str, Path]] = []
        if options.reference_docx is not None and (output_format in _ON_REFERENCE_DOCX
                                                   or not known):
            files.append(("reference-docx", options.reference_docx))
        if options.reference_pptx is not None and (output_format in _ON_REFERENCE_PPTX
                                                   or not known):
            files.append(("reference-pptx", options.reference_pptx))
        if output_format in _TEMPLATED or not known:
            if options.template_dir is not None:
                files.extend(_files_under(options.template_dir, "templates"))
            # Of the bundled templates, Markdown and HTML use the summary's (not the report's).
            files.extend(item for item in _files_under(bundled_templates(), "bundled")
                         if not known or item[1].name.startswith(_SUMMARY_TEMPLATES))
        return "\n".join(words).encode() + self._files_digest(files)

    def _files_digest(self, files: Iterable[tuple[str, Path]]) -> bytes:
        """The bytes of `files`, each with the name it has among the inputs (not its place on
        this machine: the same inputs elsewhere give the same digest)."""
        total = sha256()
        for name, path in files:
            data = self._files.get(path)
            if data is None:
                data = _file_digest(path)
                self._files[path] = data
            total.update(name.encode() + b"\0" + data)
        return total.digest()


def _file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, never waiting on a FIFO or device; what cannot be read
    gets a digest of its own (no output can have been made with it as it is now)."""
    total = sha256()
    try:
        with open_regular_file(path) as handle:
            while chunk := handle.read(1024 * 1024):
                total.update(chunk)
    except (OSError, UnreadableFile) as error:
        return sha256(f"unreadable: {error}".encode()).digest()
    return total.digest()


def _files_under(folder: Path, label: str) -> list[tuple[str, Path]]:
    """Every file below `folder`, named `label/its/path`, in a stable order."""
    found: list[tuple[str, Path]] = []
    for root, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(root) / name
            found.append(("/".join((label, *path.relative_to(folder).parts)), path))
    return found


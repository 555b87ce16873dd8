"""Turning a learning summary written on the partnership's form in another format into
format-v1 data.

Every source goes the same way, each step a plain function:

1. an :class:`Importer` reads the file's bytes *safely* into the neutral :class:`~.form.Form`
   (paragraphs before the table, and the table's rows of paragraphs and nested tables);
2. :func:`~.sections.build` matches each row to a section of the form by its label, using only
   the labels and prompts of ``config.sections`` (the catalogue with the partnership's
   overrides), and turns the content into the format's structure. Everything a person must
   check is recorded as a ``TODO(import)`` note at its place;
3. :func:`~.yaml_writer.to_yaml` writes the result with ruamel.yaml: sections in the form's
   order, block scalars for long text, the notes as comments; :func:`~.yaml_writer.check_yaml`
   makes sure learnsum can read it back.

.doc, .odt and .rtf files are converted to .docx by LibreOffice first (:mod:`.converted`).
Adding a source is one module with a class that has
``name``, ``suffixes`` and ``read(data) -> Form``, and one line in :data:`IMPORTERS`. Nothing here
prints or writes files; the command (:mod:`learnsum.commands.import_`) does that.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Protocol

from ..config import Config
from .converted import ConvertedImporter
from .form import Form, Imported, ImportRefused, RowMatch
from .sections import build
from .word import WordImporter
from .yaml_writer import check_yaml, to_yaml


class Importer(Protocol):
    """A reader of one kind of file: what it is called, the suffixes it reads, and how."""

    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def read(self, data: bytes) -> Form:
        """The form in the file's bytes; raises :class:`ImportRefused` when there is none."""
        ...


#: Every source learnsum imports, the first the one a file of another suffix is read as.
IMPORTERS: tuple[Importer, ...] = (
    WordImporter(),
    ConvertedImporter("Word 97-2003", ".doc"),
    ConvertedImporter("OpenDocument", ".odt"),
    ConvertedImporter("RTF", ".rtf"),
)


def suffixes() -> tuple[str, ...]:
    """Every suffix some importer reads (lower case, with the dot)."""
    return tuple(suffix for importer in IMPORTERS for suffix in importer.suffixes)


def importer_for(path: PurePath | str) -> Importer:
    """The importer for a file's suffix; a file named with another suffix is read by the first
    importer (Word), which refuses it in its own words when it is not one."""
    suffix = PurePath(path).suffix.lower()
    for importer in IMPORTERS:
        if suffix in importer.suffixes:
            return importer
    return IMPORTERS[0]


def import_bytes(data: bytes, importer: Importer, *, config: Config,
                 name: str = "") -> tuple[Imported, str]:
    """Read the bytes with `importer` and return the imported summary and its YAML text.

    `name` is the file's name (its stem may hold the pseudonym). Raises :class:`ImportRefused`.
    """
    form = importer.read(data)
    imported = build(form, config, name)
    text = to_yaml(imported, source=name)
    check_yaml(text)
    return imported, text


def import_docx(data: bytes, *, config: Config, name: str = "") -> tuple[Imported, str]:
    """Read the .docx bytes and return the imported summary and its YAML text."""
    return import_bytes(data, WordImporter(), config=config, name=name)


__all__ = [
    "IMPORTERS", "ImportRefused", "Imported", "Importer", "RowMatch", "import_bytes",
    "import_docx", "importer_for", "suffixes",
]

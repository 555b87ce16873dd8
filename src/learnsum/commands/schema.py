"""`learnsum schema`: the JSON Schema of format v1 for editors, generated from the models and
the catalogue (`editor_schema`); with `--config`, with a repository's own vocabularies."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config

#: Where the committed copy lives; editors point at it with `# yaml-language-server: $schema=`.
SCHEMA_FILE = Path("schema") / "learnsum-v1.schema.json"


def _schema_json(config: Config | None = None) -> bytes:
    from ..config import DEFAULT_CONFIG
    from ..editor_schema import json_schema

    schema = json_schema(config or DEFAULT_CONFIG)
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def schema_text(config: Config | None = None) -> str:
    """The schema as `learnsum schema` prints and writes it: ending in learnsum's stamp (a
    `$comment`), so that `-o` later replaces the file only while it is untouched."""
    from ..stamp import stamp

    return stamp(_schema_json(config), "json").decode("utf-8")


def write_schema(output: Path, config: Config | None = None, *, force: bool = False) -> None:
    """Write the schema to `output` (raises output.OutputError when it must not be)."""
    from ..output import write_output

    write_output(output, _schema_json(config), "json", force=force)


def run(output: Path | None = None, *, force: bool = False, into_folder: bool = False,
        config_path: Path | None = None) -> int:
    """Print the schema, or write it to `output` (a folder when `into_folder`: the path was
    given with a trailing slash). An existing file is replaced only when it is learnsum's own
    schema output, untouched (or with `force`). With `config_path`, the schema has that
    configuration's themes, agencies and wording."""
    config = None
    if config_path is not None:
        from ..config import load_config

        config = load_config(config_path)
    if output is None:
        sys.stdout.write(schema_text(config))
        return 0
    from ..display import display_name, printable
    from ..output import OutputError

    if into_folder:
        output = output / SCHEMA_FILE.name
    try:
        write_schema(output, config, force=force)
    except OutputError as error:
        sys.stderr.write(f"learnsum schema: {printable(str(error))}\n")
        return 1
    sys.stderr.write(f"wrote {display_name(output)}\n")
    return 0

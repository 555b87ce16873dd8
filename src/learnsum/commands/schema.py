"""`learnsum schema`: the JSON Schema of format v1, generated from the models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: Where the committed copy lives; editors point at it with `# yaml-language-server: $schema=`.
SCHEMA_FILE = Path("schema") / "learnsum-v1.schema.json"


def _schema_json() -> bytes:
    from ..model import json_schema

    return (json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def schema_text() -> str:
    """The schema as `learnsum schema` prints and writes it: ending in learnsum's stamp (a
    `$comment`), so that `-o` later replaces the file only while it is untouched."""
    from ..stamp import stamp

    return stamp(_schema_json(), "json").decode("utf-8")


def run(output: Path | None = None, *, force: bool = False, into_folder: bool = False) -> int:
    """Print the schema, or write it to `output` (a folder when `into_folder`: the path was
    given with a trailing slash). An existing file is replaced only when it is learnsum's own
    schema output, untouched (or with `force`)."""
    if output is None:
        sys.stdout.write(schema_text())
        return 0
    from ..display import display_name, printable
    from ..output import OutputError, write_output

    if into_folder:
        output = output / SCHEMA_FILE.name
    try:
        write_output(output, _schema_json(), "json", force=force)
    except OutputError as error:
        sys.stderr.write(f"learnsum schema: {printable(str(error))}\n")
        return 1
    sys.stderr.write(f"wrote {display_name(output)}\n")
    return 0

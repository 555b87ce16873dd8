"""`learnsum schema`: the JSON Schema of format v1, generated from the models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: Where the committed copy lives; editors point at it with `# yaml-language-server: $schema=`.
SCHEMA_FILE = Path("schema") / "learnsum-v1.schema.json"


def schema_text() -> str:
    from ..model import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def run(output: Path | None = None) -> int:
    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return 0
    from ..display import display_name, printable
    from ..output import OutputError, write_atomically

    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputError as error:
        sys.stderr.write(f"learnsum schema: {printable(str(error))}\n")
        return 1
    sys.stderr.write(f"wrote {display_name(output)}\n")
    return 0

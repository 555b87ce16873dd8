"""Finding the summaries a command should work on."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")
#: Folders a reviews repository may hold that never contain summaries.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


@dataclass(frozen=True)
class Target:
    path: Path
    #: Found by walking a folder (so a YAML that is not a summary is skipped, not an error).
    discovered: bool


def summary_files(paths: Iterable[Path]) -> Iterator[Target]:
    """Files named, and every *.yaml/*.yml below folders named (dot-files and dot-folders
    skipped, as they hold tool configuration such as .pre-commit-config.yaml)."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for found in _walk(path):
                key = found.resolve()
                if key not in seen:
                    seen.add(key)
                    yield Target(found, True)
        else:
            key = path.resolve() if path.exists() else path
            if key not in seen:
                seen.add(key)
                yield Target(path, False)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(YAML_SUFFIXES):
                continue
            yield Path(root) / name


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def bundled_templates() -> Path:
    """The folder of the bundled Jinja2 templates: inside the installed package (the wheel puts
    them at learnsum/templates), else the repository's top-level templates/ (editable installs)."""
    package = Path(__file__).resolve().parent
    inside = package / "templates"
    if inside.is_dir():
        return inside
    return package.parent.parent / "templates"

"""`learnsum import`: Word learning summaries (the filled-in form) to format-v1 YAML.

For each .docx: read it safely, write the YAML beside it (or into ``-o DIR``) without ever
replacing an existing file unless ``--force``, then validate what was written and print the
problems, so the user sees what is left to do. One line per file says what happened.

The YAML cannot go through :func:`learnsum.output.write_atomically`, which refuses YAML targets
to protect summaries; this is the one command whose output *is* a summary, so it writes through
:func:`_write_yaml` here: a temporary file, then a link (never replaces) or, with ``--force``, a
rename over the old file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..config import ConfigCache, ConfigError
from ..display import display_name, printable
from ..files import UnreadableFile, broken_link, display_path, file_identity, read_regular_file
from ..problems import Severity
from ..reporters import format_text, report_config_error, use_colour

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _say(message: str) -> None:
    sys.stderr.write(f"learnsum import: {printable(message)}\n")


def _word_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files named, and every file an importer reads (.docx) below the folders named (Word's
    ~$ lock files skipped);
    a file named twice is imported once."""
    from ..importers import suffixes

    readable = suffixes()
    seen: set[Path] = set()

    def first_time(path: Path) -> bool:
        key = file_identity(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix in readable):
                if not found.name.startswith(("~$", ".")) and found.is_file() and first_time(found):
                    yield found
        elif first_time(path):
            yield path


def _write_yaml(target: Path, text: str, force: bool) -> None:
    """Write `text` to `target` whole or not at all; never replace a file unless `force`.

    Raises FileExistsError when the file exists (or appeared meanwhile) and `force` is off.
    """
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        if force:
            os.replace(temporary, target)
            return
        try:
            # A hard link fails if the target exists: no window in which it could be replaced.
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:
            with target.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def run(paths: Sequence[Path], *, output: Path | None = None, force: bool = False,
        config_path: Path | None = None) -> int:
    """Import each Word file; 0 when every file was imported and validates without errors."""
    from ..importers import ImportRefused, import_bytes, importer_for, suffixes
    from ..ooxml import MAX_FILE_BYTES
    from ..validate import check_file

    # `-o NAME.yaml` names the output of a single file; otherwise -o is a folder.
    single_file = output is not None and output.suffix.lower() in (".yaml", ".yml")
    if output is not None and not single_file and output.exists() and not output.is_dir():
        _say(f"{display_name(output)}: -o names a folder for the YAML files, but this is a file")
        return EXIT_USAGE
    try:
        configs = ConfigCache(config_path, inside=[output] if output is not None else paths)
    except ConfigError as error:
        return report_config_error(error.problems)
    colour = use_colour(sys.stdout)
    failed = False
    written: set[Path] = set()
    files = list(_word_files(paths))
    if not files:
        _say("no .docx files found in " + ", ".join(display_name(p) for p in paths))
        return EXIT_PROBLEMS
    if single_file and len(files) > 1:
        _say(f"-o {display_name(output or '')} names one YAML file, but there are {len(files)} "
             "Word files; give a folder")
        return EXIT_USAGE
    for source in files:
        shown = display_name(display_path(source))
        if source.suffix.lower() in (".yaml", ".yml"):
            # Its output would be itself: say what it is, not that the output exists.
            _say(f"{shown}: is YAML already (a summary is imported from a Word file: "
                 f"{', '.join(sorted(suffixes()))})")
            failed = True
            continue
        if output is None:
            target = source.with_suffix(".yaml")
        elif single_file:
            target = output
        else:
            target = (output / source.name).with_suffix(".yaml")
        target_shown = display_name(display_path(target))
        if file_identity(target) in written:
            _say(f"{shown}: another file in this run was imported to {target_shown}; "
                 "rename one of them")
            failed = True
            continue
        if target.exists() and not force:
            _say(f"{shown}: {target_shown} already exists; not overwriting it (use --force)")
            failed = True
            continue
        try:
            size = source.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ImportRefused(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} "
                                    "MB; a learning summary is far smaller")
            # Never read_bytes(): a FIFO would hang it, and /dev/zero (size 0) never ends.
            data = read_regular_file(source, MAX_FILE_BYTES)
        except (ImportRefused, UnreadableFile) as error:
            _say(f"{shown}: {error}")
            failed = True
            continue
        except OSError as error:
            _say(f"{shown}: cannot read: {broken_link(source) or error.strerror or error}")
            failed = True
            continue
        try:
            config = configs.for_path(target.parent if str(target.parent) else Path("."))
        except ConfigError as error:
            return report_config_error(error.problems)
        try:
            imported, text = import_bytes(data, importer_for(source), config=config,
                                          name=display_name(source.name))
        except ImportRefused as error:
            _say(f"{shown}: refused: {error}")
            failed = True
            continue
        try:
            _write_yaml(target, text, force)
        except FileExistsError:
            _say(f"{shown}: {target_shown} already exists; not overwriting it (use --force)")
            failed = True
            continue
        except OSError as error:
            _say(f"{shown}: cannot write {target_shown}: {error.strerror or error}")
            failed = True
            continue
        written.add(file_identity(target))
        result = check_file(target, display=target_shown, config=config)
        for note in imported.notes:
            sys.stdout.write(f"{shown}: note: {printable(note)}\n")
        for problem in result.problems:
            sys.stdout.write(format_text(problem, colour) + "\n")
        errors = sum(1 for p in result.problems if p.severity is Severity.ERROR)
        warnings = len(result.problems) - errors
        todos = imported.todo_count
        sys.stdout.write(
            f"imported {shown} -> {target_shown}: {todos} TODO(import) to check, "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}\n")
        failed = failed or errors > 0
    return EXIT_PROBLEMS if failed else EXIT_OK

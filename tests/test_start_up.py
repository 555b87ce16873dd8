"""What a command imports at start-up: `learnsum validate` of one summary, the case of a
pre-commit hook and an editor, must not pay for what only other commands use (python-docx,
python-pptx, Jinja2, rich, the models of a configuration file it does not have) nor for Pydantic,
which a summary's shape is checked without (learnsum.shape). Checked by the modules loaded,
never by the clock (speed is measured in benchmarks/)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from support import TODAY, VALID, write

HEAVY = ("docx", "pptx", "lxml", "jinja2", "rich", "learnsum.config_file", "learnsum.render.view",
         "learnsum.render.build", "learnsum.commands.render", "pydantic", "pydantic_core",
         "annotated_types", "learnsum.model")


def _loaded_after(folder: Path, *argv: str) -> tuple[str, list[str]]:
    """What the command printed, and which of HEAVY it loaded."""
    program = (
        "import json, sys\n"
        # What typer itself loads is typer's (older releases load rich), not learnsum's.
        "import typer\n"
        "of_typer = set(sys.modules)\n"
        "from learnsum.entry import main\n"
        f"sys.argv = ['learnsum', *{list(argv)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    print('exit', stop.code)\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(name for name in heavy\n"
        "                        if name in sys.modules and name not in of_typer)))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=folder, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    *printed, loaded = result.stdout.splitlines()
    return "\n".join(printed), json.loads(loaded)


def test_validating_one_file_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    printed, loaded = _loaded_after(tmp_path, "validate", "a.yaml", "--today", TODAY)
    assert printed.endswith("exit 0") and loaded == []


def test_a_summary_of_the_wrong_shape_is_reported_without_pydantic(tmp_path: Path) -> None:
    broken = VALID.replace("title: ", "titel: ", 1).replace("type: ", "type: scrr\n  x: ", 1)
    write(tmp_path, "a.yaml", broken)
    printed, loaded = _loaded_after(tmp_path, "validate", "a.yaml", "--today", TODAY)
    assert "missing required key 'title'" in printed and "[unknown-key]" in printed
    assert "not a valid review type" in printed
    assert printed.endswith("exit 1") and loaded == []


def test_a_configuration_file_loads_its_models(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, ".learnsum.yaml", "partnership: Testshire\n")
    printed, loaded = _loaded_after(tmp_path, "validate", "a.yaml", "--today", TODAY)
    assert printed.endswith("exit 0")
    # The configuration is checked by Pydantic models; a summary never is.
    assert set(loaded) - {"pydantic", "pydantic_core", "annotated_types"} == {
        "learnsum.config_file"}


def test_the_version_loads_no_command(tmp_path: Path) -> None:
    printed, loaded = _loaded_after(tmp_path, "--version")
    assert printed.startswith("learnsum ") and loaded == []


#: What neither checking nor rendering one summary to Word uses: running programs, OpenSSL's
#: digests, the tempfile and shutil modules, the slides' measures, rules' documentation
#: (inspect), the standard library's dataclasses (learnsum.records makes learnsum's).
UNUSED_HERE = ("subprocess", "shlex", "tempfile", "shutil", "_hashlib", "hashlib",
               "learnsum.render.pptx", "learnsum.render.pptx.metrics", "inspect",
               "dataclasses")


def _unused_loaded(folder: Path, *argv: str) -> list[str]:
    """Which of UNUSED_HERE a command run without typer loaded."""
    program = (
        "import sys\n"
        # Older ruamel.yaml releases use dataclasses themselves: only what learnsum adds counts.
        "import ruamel.yaml\n"
        "before = set(sys.modules)\n"
        "from learnsum.entry import main\n"
        f"sys.argv = ['learnsum', *{list(argv)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        f"print(repr(sorted(name for name in {UNUSED_HERE!r} "
        "if name in set(sys.modules) - before)))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=folder, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_checking_and_rendering_to_word_load_no_program_runner_nor_openssl(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    assert _unused_loaded(tmp_path, "validate", "a.yaml", "--today", TODAY) == []
    render = ("render", "a.yaml", "--format", "docx", "--today", TODAY)
    _unused_loaded(tmp_path, *render)  # the first render prepares the Word template
    assert _unused_loaded(tmp_path, *render, "--force") == []
    assert (tmp_path / "a.docx").is_file()

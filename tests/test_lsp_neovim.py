"""`learnsum lsp` with a real editor: Neovim, headless, as the client (Debian package neovim)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from learnsum.validate import check_file
from support import write
from test_lsp import FLAWED, repository

NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (Debian package neovim; "
                    "`make system-packages` installs it)")
def test_neovim_receives_the_diagnostics_completes_themes_and_fixes_the_typo(
        tmp_path: Path) -> None:
    path = repository(tmp_path)
    lines = FLAWED.splitlines()
    theme_line = lines.index("themes: [information-sharing, hidden_men]")
    report = tmp_path / "nvim.json"
    environment = {**os.environ, "LEARNSUM_SUMMARY": str(path), "LEARNSUM_OUT": str(report),
                   "LEARNSUM_PYTHON": sys.executable, "HOME": str(tmp_path),
                   "XDG_STATE_HOME": str(tmp_path / "state"),
                   "LEARNSUM_COMPLETE_AT": f"{theme_line},{len('themes: [information-sharing, ')}"}
    script = Path(__file__).parent / "data" / "nvim_lsp_check.lua"
    subprocess.run([str(NVIM), "--headless", "--clean", "-n", "-c", f"luafile {script}"],
                   env=environment, cwd=tmp_path, timeout=120, check=False,
                   stdin=subprocess.DEVNULL, capture_output=True)
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert "error" not in seen, seen["error"]
    expected = {(p.line - 1, p.column - 1, p.rule) for p in check_file(path).problems}
    assert {(d["line"], d["col"], d["code"]) for d in seen["diagnostics"]} == expected
    assert {rule for *_, rule in expected} == {"unknown-theme", "nhs-number",
                                              "audit-points-elsewhere"}
    assert {"hidden-men", "information-sharing", "voice-of-the-child"} <= set(seen["completion"])
    assert seen["applied"] == "Change to 'hidden-men'"
    assert seen["text"][theme_line] == "themes: [information-sharing, hidden-men]"
    assert {d["code"] for d in seen["after"]} == {"nhs-number", "audit-points-elsewhere"}


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (Debian package neovim; "
                    "`make system-packages` installs it)")
def test_the_neovim_set_up_in_the_docs_works(tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "editors.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- tested: tests/test_lsp_neovim.py[^>]*-->\n```lua\n(.*?)```", docs,
                      re.DOTALL)
    assert block is not None, "the tested Neovim block of docs/editors.md is missing"
    init = write(tmp_path, "init.lua", block.group(1))
    path = repository(tmp_path)
    report = tmp_path / "nvim.json"
    bin_folder = str(Path(sys.executable).parent)  # where `learnsum` is installed
    environment = {**os.environ, "LEARNSUM_OUT": str(report), "HOME": str(tmp_path),
                   "XDG_STATE_HOME": str(tmp_path / "state"),
                   "PATH": bin_folder + os.pathsep + os.environ.get("PATH", "")}
    probe = Path(__file__).parent / "data" / "nvim_docs_probe.lua"
    subprocess.run([str(NVIM), "--headless", "-n", "-u", str(init), str(path),
                    "-c", f"luafile {probe}"], env=environment, cwd=tmp_path, timeout=120,
                   check=False, stdin=subprocess.DEVNULL, capture_output=True)
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert seen["filetype"] == "yaml"
    assert {d["code"] for d in seen["diagnostics"]} == {"unknown-theme", "nhs-number",
                                                        "audit-points-elsewhere"}

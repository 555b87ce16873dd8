"""`learnsum render` says how many warnings what it rendered has, `--strict` refuses to write a
summary with any, and `--fail-on-new` (the pre-commit hook) fails on a file it creates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO, TODAY, VALID, cli, position_of, replace, write

#: A draft with an NHS number, a date of birth and "Mr Jones": personal identifiers only.
PRIVATE = replace(VALID, "    The family were known to Early Help.\n",
                  "    The family were known to Early Help. Mr Jones gave NHS number "
                  "943 476 5919 and date of birth 03/04/2019.\n")
#: The same, with "As above" in the audit (a warning that is not a personal identifier).
MIXED = replace(PRIVATE, "audit: |\n  A re-audit of 20 case records in six months will check "
                "that notifications were shared.\n", "audit: As above\n")


def render(folder: Path, *args: str) -> tuple[int, str, str]:
    result = cli("render", "-f", "md", "--today", TODAY, *args, cwd=folder)
    return result.returncode, result.stdout, result.stderr


def test_render_counts_the_warnings_of_what_it_rendered(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", MIXED)
    code, out, err = render(tmp_path, "a.yaml")
    assert code == 0 and out == "wrote a.md\n"
    checked = cli("validate", "a.yaml", "--today", TODAY, cwd=tmp_path).stdout
    warnings = checked.count(" warning ")
    private = sum(checked.count(f"[{rule}]")
                  for rule in ("titled-name", "nhs-number", "date-of-birth"))
    assert private >= 3 and warnings == private + 1
    assert err == (f"learnsum: {warnings} warnings, {private} of them personal identifiers: "
                   "run learnsum validate to see them\n")


def test_the_count_names_all_and_one(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", PRIVATE)
    _, _, err = render(tmp_path, "a.yaml")
    assert err.startswith("learnsum: ") and ", all personal identifiers: run learnsum " \
        "validate to see them\n" in err
    one = replace(VALID, "    The family were known to Early Help.\n",
                  "    The family were known to Early Help (NHS number 943 476 5919).\n")
    write(tmp_path, "a.yaml", one)
    assert render(tmp_path, "a.yaml")[2] == ("learnsum: 1 warning, a personal identifier: run "
                                             "learnsum validate to see them\n")
    write(tmp_path, "a.yaml", replace(VALID, "audit: |\n  A re-audit of 20 case records in six "
                                      "months will check that notifications were shared.\n",
                                      "audit: As above\n"))
    assert render(tmp_path, "a.yaml")[2] == ("learnsum: 1 warning: run learnsum validate to see "
                                             "them\n")
    write(tmp_path, "a.yaml", VALID)
    assert render(tmp_path, "a.yaml") == (0, "wrote a.md\n", "")  # no warning, no line


def test_the_count_covers_every_summary_rendered_and_not_one_with_errors(tmp_path: Path) -> None:
    write(tmp_path, "reviews/a.yaml", PRIVATE)
    write(tmp_path, "reviews/b.yaml", PRIVATE)
    write(tmp_path, "reviews/c.yaml", replace(MIXED, "status: draft", "status: drafty"))
    code, out, err = render(tmp_path, "reviews")
    assert code == 1
    assert sorted(out.splitlines()) == ["wrote reviews/a.md", "wrote reviews/b.md"]
    # Rendered again (--force: an unchanged output is not checked again) to count one alone.
    single = render(tmp_path, "reviews/a.yaml", "--force")[2].split()[1]
    assert err.splitlines()[-1] == (f"learnsum: {2 * int(single)} warnings, all personal "
                                    "identifiers: run learnsum validate to see them")


def test_strict_refuses_to_write_a_summary_with_warnings(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", MIXED)
    write(tmp_path, "ok.yaml", VALID)
    code, out, err = render(tmp_path, "--strict", "a.yaml", "ok.yaml")
    assert code == 1
    assert out == "wrote ok.md\n"
    assert not (tmp_path / "a.md").exists()
    line, column = position_of(MIXED, "943 476")
    assert f"a.yaml:{line}:{column}: warning '943 *** ****' looks like an NHS number" in err
    warnings = cli("validate", "a.yaml", "--today", TODAY, cwd=tmp_path).stdout.count(" warning ")
    assert err.splitlines()[-1] == (f"learnsum: a.yaml: not rendered, it has {warnings} warnings "
                                    "and --strict refuses any")
    assert "run learnsum validate" not in err  # nothing rendered has a warning


def test_fail_on_new_fails_once_for_a_file_that_was_not_there(tmp_path: Path) -> None:
    write(tmp_path, "reviews/a.yaml", VALID)
    code, out, err = render(tmp_path, "--fail-on-new", "reviews/a.yaml")
    assert code == 1
    assert out == "wrote reviews/a.md\n"
    assert err == ("learnsum: reviews/a.md is a new file: add it (git add reviews/a.md) and "
                   "commit again\n")
    assert (tmp_path / "reviews" / "a.md").is_file()
    again = render(tmp_path, "--fail-on-new", "reviews/a.yaml")
    assert again == (0, "unchanged reviews/a.md\n", "")
    write(tmp_path, "reviews/a.yaml", replace(VALID, "Child T", "Child U"))
    assert render(tmp_path, "--fail-on-new", "reviews/a.yaml") == (0, "wrote reviews/a.md\n", "")
    # Without the option, a new file is simply written.
    write(tmp_path, "reviews/b.yaml", VALID)
    assert render(tmp_path, "reviews/b.yaml")[0] == 0


def git(folder: Path, *args: str) -> str:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)}
    return subprocess.run(["git", *args], cwd=folder, env=environment, check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git (`make test` installs it)")
def test_fail_on_new_fails_while_an_output_is_untracked_in_git(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "reviews/other.yaml", VALID)
    write(tmp_path, "reviews/my file.yaml", replace(VALID, "Child T", "Child M"))
    write(tmp_path, ".gitignore", "ignored/\n")
    write(tmp_path, "ignored/i.yaml", replace(VALID, "Child T", "Child I"))
    code, out, err = render(tmp_path, "--fail-on-new", "reviews", "ignored")
    assert code == 1
    assert out.splitlines() == ["wrote reviews/my file.md", "wrote reviews/other.md",
                                "wrote ignored/i.md"]
    assert err == ("learnsum: reviews/my file.md is a new file: add it (git add 'reviews/my "
                   "file.md') and commit again\n"
                   "learnsum: reviews/other.md is a new file: add it (git add reviews/other.md) "
                   "and commit again\n")
    # Not added yet: it is unchanged, and still fails.
    assert render(tmp_path, "--fail-on-new", "reviews/other.yaml") == (
        1, "unchanged reviews/other.md\n", "learnsum: reviews/other.md is a new file: add it "
        "(git add reviews/other.md) and commit again\n")
    # An ignored output is meant to stay out of git.
    assert render(tmp_path, "--fail-on-new", "ignored") == (0, "unchanged ignored/i.md\n", "")
    # Added (not yet committed) is enough; and so is committed.
    git(tmp_path, "add", "reviews/other.md")
    assert render(tmp_path, "--fail-on-new", "reviews/other.yaml") == (
        0, "unchanged reviews/other.md\n", "")
    git(tmp_path, "add", "reviews")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q",
        "-m", "reviews")
    write(tmp_path, "reviews/other.yaml", replace(VALID, "Child T", "Child U"))
    assert render(tmp_path, "--fail-on-new", "reviews") == (
        0, "unchanged reviews/my file.md\nwrote reviews/other.md\n", "")
    # Written again to a different place (-o): new there.
    code, out, err = render(tmp_path, "--fail-on-new", "reviews/other.yaml", "-o", "out/o.md")
    assert (code, out) == (1, "wrote out/o.md\n")
    assert err.startswith("learnsum: out/o.md is a new file")


def test_the_render_hook_fails_on_new_files() -> None:
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: learnsum render --format md --fail-on-new" in hooks


def test_a_summary_that_could_not_be_rendered_is_not_counted(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", PRIVATE)
    write(tmp_path, "templates/summary.md.j2", "{% include 'missing.j2' %}")
    code, out, err = render(tmp_path, "a.yaml", "--template-dir", "templates")
    assert code == 1 and out == ""
    assert err.startswith("learnsum: a.yaml: not rendered as md: ")
    assert "warning" not in err

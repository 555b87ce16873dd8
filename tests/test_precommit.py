"""The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit in a reviews repository.

pre-commit clones the hook repository at a commit and pip-installs it into a virtualenv of its
own, so it only ever sees committed files. To test the code as it is in this checkout (also
before the lead has committed it), the test commits a snapshot of the checkout's files (tracked
and untracked-but-not-ignored, as `git ls-files` lists them) into a temporary hook repository;
in CI, where the checkout is a commit, that snapshot is exactly that commit. The only network
used is the package index, to install learnsum's dependencies into pre-commit's virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, TODAY, VALID, position_of, replace

GIT = shutil.which("git")

pytestmark = [
    # pre-commit installs the hook's environment from the package index: with the clock moved
    # (the suite's second run) TLS certificates look expired, so that run leaves these out.
    pytest.mark.network,
    pytest.mark.skipif(
        GIT is None and not os.environ.get("CI"),
        reason="git is not installed (pre-commit needs it); CI always runs this test",
    ),
]

BAD = replace(VALID, "case_learning:", "case_learnings:")


def git(*args: str, cwd: Path) -> str:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    done = subprocess.run([GIT or "git", *args], cwd=cwd, env=environment, capture_output=True,
                          text=True, check=True, timeout=120)
    return done.stdout


def new_repository(path: Path) -> Path:
    path.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=path)
    git("config", "user.name", "learnsum tests", cwd=path)
    git("config", "user.email", "tests@example.invalid", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)
    return path


def commit_all(path: Path, message: str) -> str:
    git("add", "-A", cwd=path)
    git("commit", "-q", "--no-verify", "--allow-empty", "-m", message, cwd=path)
    return git("rev-parse", "HEAD", cwd=path).strip()


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's files, and the commit to use as `rev:`."""
    listed = subprocess.run(
        [GIT or "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True, timeout=60,
    ).stdout.decode("utf-8").split("\0")
    target = new_repository(tmp_path_factory.mktemp("hooks") / "learnsum")
    for name in filter(None, listed):
        source = REPO / name
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    assert (target / ".pre-commit-hooks.yaml").is_file()
    return target, commit_all(target, "snapshot of the learnsum checkout")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache (the cloned hook repository and its virtualenv), once per session."""
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(repository: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repository),
    }
    environment.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repository, env=environment, capture_output=True, text=True, timeout=1200,
    )


def config_text(hook_repo: Path, rev: str) -> str:
    return f"""\
repos:
  - repo: {hook_repo}
    rev: {rev}
    hooks:
      - id: learnsum-validate
        files: ^reviews/
        args: [--today, '{TODAY}']
      - id: learnsum-render
        files: ^reviews/
"""


def test_hooks_fail_on_an_invalid_summary_and_pass_once_fixed(
    tmp_path: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    hook_repo, rev = hook_repository
    reviews = new_repository(tmp_path / "reviews-repo")
    (reviews / ".pre-commit-config.yaml").write_text(config_text(hook_repo, rev), "utf-8")
    # The partnership's own config: a dot-file, so never checked as a summary.
    (reviews / ".learnsum.yaml").write_text("partnership: Testshire\n", "utf-8")
    # YAML outside reviews/ is not a summary and is left alone by `files: ^reviews/`.
    (reviews / "data").mkdir()
    (reviews / "data" / "mailing-list.yaml").write_text("owners: [a, b]\n", "utf-8")
    (reviews / "reviews").mkdir()
    (reviews / "reviews" / "child-t.yaml").write_text(VALID, "utf-8")
    (reviews / "reviews" / "child-u.yaml").write_text(BAD, "utf-8")
    commit_all(reviews, "two summaries, one invalid")

    first = pre_commit(reviews, pre_commit_home)
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    line, column = position_of(BAD, "case_learnings")
    assert (f"reviews/child-u.yaml:{line}:{column}: error unknown key 'case_learnings' "
            "(did you mean 'case_learning'?)") in output
    assert "reviews/child-t.yaml:" not in output
    assert "mailing-list" not in output and ".learnsum.yaml:" not in output
    assert "learnsum validate" in output and "Failed" in output

    (reviews / "reviews" / "child-u.yaml").write_text(VALID, "utf-8")
    commit_all(reviews, "fix the summary")
    second = pre_commit(reviews, pre_commit_home)
    output = second.stdout + second.stderr
    validate_line = next(line for line in output.splitlines()
                         if line.startswith("learnsum validate"))
    assert validate_line.endswith("Passed"), output
    # The render hook wrote the Markdown beside each summary (pre-commit reports modified files).
    assert (reviews / "reviews" / "child-t.md").is_file()
    assert (reviews / "reviews" / "child-u.md").is_file()
    # A copy the hook creates fails the commit until it is added, so none stays untracked.
    render_line = next(line for line in output.splitlines()
                       if line.startswith("learnsum render"))
    assert render_line.endswith("Failed"), output
    assert ("learnsum: reviews/child-u.md is a new file: add it (git add reviews/child-u.md) "
            "and commit again") in output
    assert "child-t.md is a new file" not in output
    commit_all(reviews, "rendered Markdown")

    third = pre_commit(reviews, pre_commit_home)
    output = third.stdout + third.stderr
    assert third.returncode == 0, output
    assert git("status", "--porcelain", cwd=reviews) == ""
    assert "files were modified by this hook" not in output

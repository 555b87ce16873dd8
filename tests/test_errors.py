"""One error vocabulary: user errors carry their exit codes and reach one boundary
(cli_shared.guarded, around cli.main and the entry point alike), as one line on standard error
without a traceback."""

from __future__ import annotations

import pytest

from learnsum import cli
from learnsum.errors import (
    EXIT_INTERNAL,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    ConfigError,
    LearnsumError,
    UsageError,
)
from learnsum.files import UnreadableFile
from learnsum.output import OutputError
from learnsum.problems import Problem, Severity
from learnsum.report.data import FilterError


def _main_raising(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> int:
    def app() -> None:
        raise error

    monkeypatch.setattr(cli, "app", app)
    monkeypatch.setattr(cli, "_catch_signals", lambda: None)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert isinstance(exited.value.code, int)
    return exited.value.code


def test_the_exceptions_are_user_errors_with_their_codes() -> None:
    assert issubclass(ConfigError, LearnsumError) and ConfigError.exit_code == EXIT_USAGE
    assert UsageError.exit_code == EXIT_USAGE and LearnsumError.exit_code == EXIT_PROBLEMS
    assert issubclass(FilterError, UsageError) and issubclass(FilterError, ValueError)
    for error in (OutputError, UnreadableFile):
        assert issubclass(error, LearnsumError) and error.exit_code == EXIT_PROBLEMS


def test_a_user_error_is_one_line_and_its_exit_code(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert _main_raising(monkeypatch, UsageError("--since: not a date")) == EXIT_USAGE
    assert capsys.readouterr().err == "learnsum: --since: not a date\n"
    assert _main_raising(monkeypatch, OutputError("a.docx: is a folder")) == EXIT_PROBLEMS
    assert capsys.readouterr().err == "learnsum: a.docx: is a folder\n"


def test_a_config_error_is_one_line_per_problem(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    problem = Problem(".learnsum.yaml", 2, 3, Severity.ERROR, "unknown-key", "unknown rule 'x'")
    assert _main_raising(monkeypatch, ConfigError([problem])) == EXIT_USAGE
    err = capsys.readouterr().err
    assert ".learnsum.yaml:2:3:" in err and "unknown rule 'x'" in err
    assert err.endswith("learnsum: the configuration is not valid; nothing was checked or "
                        "written\n")


def test_anything_else_is_an_internal_error(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("LEARNSUM_DEBUG", raising=False)
    assert _main_raising(monkeypatch, KeyError("oops")) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("learnsum: internal error: KeyError:") and "Traceback" not in err

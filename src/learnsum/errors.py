"""learnsum's one vocabulary of user errors, each with the exit code it ends a command with.

A command catches the errors it can say more about (a configuration's problems are printed one
per line, in the report's own format); anything else that is a :class:`LearnsumError` reaches the
single boundary in :func:`learnsum.cli_shared.guarded`, which prints it as one line on standard
error and exits with its code, without a traceback. An exception that is not a LearnsumError is
a bug: the boundary says so and exits with :data:`EXIT_INTERNAL`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .problems import Problem

#: Every check passed, every output written.
EXIT_OK = 0
#: A summary has problems (errors, or warnings with --strict), or an input cannot be used.
EXIT_PROBLEMS = 1
#: The command line or the configuration is wrong: nothing was checked or written.
EXIT_USAGE = 2
#: A bug in learnsum.
EXIT_INTERNAL = 3


class LearnsumError(Exception):
    """A mistake the user can correct; its message says what and, where it helps, how."""

    exit_code: ClassVar[int] = EXIT_PROBLEMS


class UsageError(LearnsumError):
    """The command line asks for something that cannot be done."""

    exit_code = EXIT_USAGE


class ConfigError(LearnsumError):
    """The configuration file is not valid; carries the problems found, with positions."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

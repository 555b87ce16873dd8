"""`learnsum validate`: check summaries and report every problem with its place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..config import Config, ConfigCache, ConfigError
from ..display import display_name
from ..files import display_path, summary_files
from ..parallel import in_order
from ..problems import Problem, Severity
from ..records import record
from ..reporters import report_config_error, write
from ..validate import broken_link_problem, check_file

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

@record(frozen=True)
class _Job:
    path: Path
    display: str
    discovered: bool
    config: Config
    today: dt.date | None
    only: frozenset[str] | None
    #: Why a file found in a folder is skipped unread (a link that leads nowhere).
    broken: str | None = None


#: The jobs of a parallel run, set before the workers are forked so that they inherit them
#: (configurations and all) instead of receiving each one pickled.
_JOBS: list[_Job] = []


def _check(index: int) -> tuple[str, list[Problem]]:
    """What job `index` is ("summary", "skipped" when not a summary, "broken" for a link that
    leads nowhere) and its problems."""
    job = _JOBS[index]
    if job.broken is not None:
        problem = broken_link_problem(job.display, job.broken, job.config)
        return "broken", [] if problem is None else [problem]
    result = check_file(job.path, display=job.display, config=job.config, today=job.today,
                        only=job.only, discovered=job.discovered)
    return ("skipped" if result.not_a_summary else "summary"), result.problems


def _check_all(jobs: list[_Job]) -> Iterator[tuple[str, list[Problem]]]:
    """Each job's result, in order; on several cores when there are many files."""
    global _JOBS
    _JOBS = jobs
    # A summary is checked in under a millisecond: on two cores, a worker process would cost
    # more CPU time than it saves in time (docs/benchmarks.md, the batch).
    results = in_order(_check, len(jobs), min_cores=3)
    try:
        yield from results
    finally:
        results.close()
        _JOBS = []


#: The path that names standard input.
STDIN = Path("-")


def _usage(message: str) -> int:
    import sys

    sys.stderr.write(f"learnsum: {message}\n")
    return EXIT_USAGE


def run(
    paths: Sequence[Path],
    *,
    strict: bool = False,
    output_format: str = "text",
    privacy_only: bool = False,
    config_path: Path | None = None,
    today: dt.date | None = None,
    quiet: bool = False,
    no_warnings: bool = False,
    stdin_filename: str | None = None,
) -> int:
    """Check `paths` (`-`: standard input, named `stdin_filename`); the exit code. `quiet`
    leaves out the summary line; `no_warnings` reports errors only."""
    if strict and no_warnings:
        return _usage("--strict fails on warnings and --no-warnings hides them: use one of them")
    reading_stdin = STDIN in paths
    if reading_stdin and len(paths) > 1:
        return _usage("'-' (standard input) is checked on its own: name no other path with it")
    if stdin_filename is not None and not reading_stdin:
        return _usage("--stdin-filename names what is read from standard input: give '-' as the "
                      "path (learnsum validate - --stdin-filename FILE)")
    named = list(paths) or [Path(".")]
    if reading_stdin:
        # The configuration is the one that applies to the file the text comes from.
        named = [Path(stdin_filename).parent if stdin_filename else Path(".")]
    try:
        configs = ConfigCache(config_path, inside=named)
    except ConfigError as error:
        return report_config_error(error.problems, output_format=output_format)
    only = None
    if privacy_only:
        from ..rules.privacy import PRIVACY_RULE_IDS

        only = PRIVACY_RULE_IDS
    if reading_stdin:
        return _run_stdin(configs, stdin_filename, today, only, strict=strict,
                          output_format=output_format, quiet=quiet, no_warnings=no_warnings)
    jobs: list[_Job] = []
    for target in summary_files(named):
        try:
            config = configs.for_path(target.path)
        except ConfigError as error:
            return report_config_error(error.problems, output_format=output_format)
        jobs.append(_Job(target.path, display_path(target.path), target.discovered, config,
                         today, only, target.broken))
    problems: list[Problem] = []
    files = skipped = 0
    for kind, found in _check_all(jobs):
        if kind == "skipped":
            skipped += 1
            continue
        if kind == "summary":
            files += 1
        problems.extend(found)
    if no_warnings:
        problems = [p for p in problems if p.severity is Severity.ERROR]
    write(output_format, problems, files, skipped, quiet=quiet)
    if paths and not files and not any(p.severity is Severity.ERROR for p in problems):
        # Named paths that hold no summary are a mistake (a wrong folder, a typo in a glob).
        import sys

        sys.stderr.write(f"learnsum: no summaries found in "
                         f"{', '.join(display_name(path) for path in paths)}\n")
        return EXIT_PROBLEMS
    if any(p.severity is Severity.ERROR for p in problems):
        return EXIT_PROBLEMS
    if strict and problems:
        return EXIT_PROBLEMS
    return EXIT_OK


def _run_stdin(configs: ConfigCache, stdin_filename: str | None, today: dt.date | None,
               only: frozenset[str] | None, *, strict: bool, output_format: str, quiet: bool,
               no_warnings: bool) -> int:
    """Check the summary on standard input, within a file's limits, as if it were the file
    `stdin_filename` (its name in messages, and the configuration that applies to it)."""
    import sys

    from ..validate import check_stream

    display = stdin_filename or "<stdin>"
    try:
        config = configs.for_path(Path(stdin_filename) if stdin_filename else Path.cwd())
    except ConfigError as error:
        return report_config_error(error.problems, output_format=output_format)
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream put in place of standard input (an embedding program)
        import io

        from ..loader.reading import MAX_FILE_BYTES

        text = sys.stdin.read(MAX_FILE_BYTES + 1)
        stream = io.BytesIO(text.encode("utf-8", "surrogateescape"))
    result = check_stream(stream, display=display, config=config, today=today, only=only)
    problems = result.problems
    if no_warnings:
        problems = [p for p in problems if p.severity is Severity.ERROR]
    write(output_format, problems, 1, quiet=quiet)
    if any(p.severity is Severity.ERROR for p in problems) or (strict and problems):
        return EXIT_PROBLEMS
    return EXIT_OK

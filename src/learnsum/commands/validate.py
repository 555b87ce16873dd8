"""`learnsum validate`: check summaries and report every problem with its place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..config import ConfigCache, ConfigError
from ..files import display_path, summary_files
from ..problems import Problem, Severity
from ..reporters import report_config_error, write
from ..validate import check_file

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def run(
    paths: Sequence[Path],
    *,
    strict: bool = False,
    output_format: str = "text",
    privacy_only: bool = False,
    config_path: Path | None = None,
    today: dt.date | None = None,
) -> int:
    try:
        configs = ConfigCache(config_path)
    except ConfigError as error:
        return report_config_error(error.problems)
    only = None
    if privacy_only:
        from ..rules.privacy import PRIVACY_RULE_IDS

        only = PRIVACY_RULE_IDS
    problems: list[Problem] = []
    files = skipped = 0
    for target in summary_files(paths or [Path(".")]):
        try:
            config = configs.for_path(target.path)
        except ConfigError as error:
            return report_config_error(error.problems)
        result = check_file(target.path, display=display_path(target.path), config=config,
                            today=today, only=only, discovered=target.discovered)
        if result.not_a_summary:
            skipped += 1
            continue
        files += 1
        problems.extend(result.problems)
    write(output_format, problems, files, skipped)
    if any(p.severity is Severity.ERROR for p in problems):
        return EXIT_PROBLEMS
    if strict and problems:
        return EXIT_PROBLEMS
    return EXIT_OK

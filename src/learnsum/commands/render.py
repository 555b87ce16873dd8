"""`learnsum render`: summaries to Word, Markdown, HTML, PDF or slides.

Each summary is checked first, exactly as `learnsum validate` checks it; one with errors is not
rendered (its problems are printed and the exit code is 1) while the others still are. Every
output goes through :func:`learnsum.output.write_output`, which refuses to write over an
input or any YAML file, replaces an existing file only while it is learnsum's untouched output
(see :mod:`learnsum.stamp`), and replaces files by renaming, so an interrupted render leaves the
previous output whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, ConfigCache, ConfigError
from ..display import display_name, printable
from ..files import display_path, file_identity, is_folder, summary_files
from ..output import PROTECTED_SUFFIXES, OutputError, write_output
from ..parallel import in_order
from ..problems import Problem, Severity
from ..provenance import Provenance
from ..records import field, record
from ..render.registry import ALL, BY_NAME, RENDERERS, Renderer
from ..reporters import format_text, report_config_error, use_colour

if TYPE_CHECKING:
    import subprocess

    from ..render import RenderOptions
    from ..summary import Summary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: The file suffix of each format.
SUFFIXES = {renderer.name: renderer.suffix for renderer in RENDERERS}
SINGLE_FORMATS = tuple(SUFFIXES)


@record
class _Job:
    """One valid summary and what to make of it."""

    source: Path
    summary: Summary
    display: str
    config: Config
    formats: list[str]
    outputs: dict[str, Path] = field(default_factory=dict)
    #: Its warnings, counted in one line once it is rendered.
    warnings: list[Problem] = field(default_factory=list)
    #: Whether any of its outputs was written (or already held exactly that).
    written: bool = False
    #: The stamp's fields of each format's output (what it was made from, see
    #: learnsum.provenance).
    fields: dict[str, dict[str, str]] = field(default_factory=dict)


def run(
    paths: Sequence[Path],
    *,
    output_format: str | Sequence[str] | None = None,
    output: Path | None = None,
    output_folder: bool = False,
    guidance: bool = True,
    marking: str | None = None,
    reference_docx: Path | None = None,
    reference_pptx: Path | None = None,
    template_dir: Path | None = None,
    config_path: Path | None = None,
    today: dt.date | None = None,
    force: bool = False,
    strict: bool = False,
    fail_on_new: bool = False,
) -> int:
    """Render every summary in `paths` (default: under the current folder); the exit code.

    An existing output is replaced only when it is learnsum's, exactly as learnsum wrote it (or
    with `force`): a Word file beside a summary may be the original it was imported from, or
    the rendered document someone has since edited. `output_folder`: `output` was given with a
    trailing separator, so it is a folder even for one summary. With `strict`, a summary with
    warnings is not rendered either; with `fail_on_new`, an output git does not track (outside
    git: one that did not exist before) fails the run (exit 1), written or unchanged, so that
    a pre-commit hook asks for it to be added."""
    from ..render import RenderOptions

    asked = _asked(output_format)
    for name in asked or ():
        if name not in (*SINGLE_FORMATS, ALL):
            _say(f"unknown format '{name}': use {', '.join(SINGLE_FORMATS)} or {ALL}")
            return EXIT_USAGE
    for name in asked or ():
        missing = BY_NAME[name].available() if name in BY_NAME else None
        if missing is not None:
            _say(missing)
            return EXIT_PROBLEMS
    if any(str(path) == "-" for path in paths):
        _say("render does not read standard input (only validate does): save the summary to a "
             "file and render that")
        return EXIT_USAGE
    options = RenderOptions(guidance=guidance, marking=marking, reference_docx=reference_docx,
                            reference_pptx=reference_pptx, template_dir=template_dir)
    named = list(paths) or [Path(".")]
    try:
        configs = ConfigCache(config_path, inside=named)
    except ConfigError as error:
        return report_config_error(error.problems)

    jobs: list[_Job] = []
    inputs: list[Path] = []
    failed = False
    provenance = Provenance(options)
    # Outputs beside their summaries that were made from exactly today's inputs are left alone.
    kept: dict[Path, dict[str, Path]] = {}
    for target in summary_files(named):
        try:
            config = configs.for_path(target.path)
        except ConfigError as error:
            return report_config_error(error.problems)
        display = display_path(target.path)
        shown = display_name(display)
        if target.broken is not None:
            from ..validate import broken_link_problem

            problem = broken_link_problem(display, target.broken, config)
            if problem is not None:
                sys.stderr.write(format_text(problem, use_colour(sys.stderr)) + "\n")
                failed |= problem.severity is Severity.ERROR
            continue
        # The summary's bytes are hashed before it is checked: should it change meanwhile, its
        # outputs record older inputs than they were made from, and are made again next time.
        provenance.summary_digest(target.path)
        # --strict checks every summary, so it does not take an unchanged output on trust.
        if not force and not strict and output is None:
            unchanged = _unchanged(provenance, target.path, config, asked)
            if unchanged:
                inputs.append(target.path)
                kept[target.path] = unchanged
                continue
        # The checker (and the models it imports) only when a summary is to be read: a render
        # that finds every output unchanged never needs it.
        from ..validate import check_file

        result = check_file(target.path, display=display, config=config, today=today,
                            discovered=target.discovered)
        if result.not_a_summary:
            continue
        inputs.append(target.path)
        if not result.ok or result.summary is None:
            failed = True
            colour = use_colour(sys.stderr)
            for problem in result.problems:
                sys.stderr.write(format_text(problem, colour) + "\n")
            _say(f"{shown}: not rendered, it has {len(result.errors)} "
                 f"error{'s' if len(result.errors) != 1 else ''} (see `learnsum validate`)")
            continue
        if strict and result.warnings:
            failed = True
            colour = use_colour(sys.stderr)
            for problem in result.problems:
                sys.stderr.write(format_text(problem, colour) + "\n")
            _say(f"{shown}: not rendered, it has {_count(len(result.warnings), 'warning')} "
                 "and --strict refuses any")
            continue
        slides = result.summary.slides == "generate"
        formats = _formats(asked, slides)
        jobs.append(_Job(target.path, result.summary, display, config, formats,
                         warnings=result.warnings, fields={
                             name: provenance.fields(target.path, config, name, slides)
                             for name in formats}))

    if not inputs:
        _say(f"no summaries found in {', '.join(display_name(display_path(p)) for p in named)}")
        return EXIT_PROBLEMS
    try:
        _plan_outputs(jobs, output, single_input=len(inputs) == 1 and not output_folder and
                      not any(is_folder(p) for p in named))
        _check_collisions([*((job.source, job.outputs) for job in jobs), *kept.items()])
    except OutputError as error:
        _say(str(error))
        return EXIT_USAGE
    # With --fail-on-new, the outputs that are not in git yet (one `git ls-files` for all).
    new = _new_outputs([*(path for job in jobs for path in job.outputs.values()),
                        *(path for outputs in kept.values() for path in outputs.values())]) \
        if fail_on_new else set()
    for outputs in kept.values():
        for path in outputs.values():
            shown = display_name(display_path(path))
            print(f"unchanged {shown}", flush=True)
            if Path(os.path.abspath(path)) in new:
                _say(_add_it(shown))
                failed = True

    decks = [job.source.parent / job.summary.slides for job in jobs
             if job.summary.slides and job.summary.slides.lower().endswith(".pptx")]
    protected = [*inputs, *decks,
                 *(p for p in (reference_docx, reference_pptx) if p is not None)]
    code = _render_all(jobs, options, protected, force, new)
    warnings = [problem for job in jobs if job.written for problem in job.warnings]
    if warnings:
        _say(warnings_line(warnings))
    return max(code, EXIT_PROBLEMS if failed else EXIT_OK)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def warnings_line(warnings: Sequence[Problem]) -> str:
    """The one line `render` prints about the warnings of what it rendered: how many, how many
    of them are personal identifiers, and where to see them."""
    from ..rules.privacy import PRIVACY_RULE_IDS

    private = sum(1 for problem in warnings if problem.rule in PRIVACY_RULE_IDS)
    line = _count(len(warnings), "warning")
    if private == len(warnings):
        line += ", a personal identifier" if private == 1 else ", all personal identifiers"
    elif private:
        line += (", 1 of them a personal identifier" if private == 1
                 else f", {private} of them personal identifiers")
    return line + ": run learnsum validate to see them"


def _not_rendered(display: str, name: str, message: str) -> str:
    """The line for an output that could not be made: at the summary's line and column when the
    reason has one ("a.yaml:17:1: not rendered as pptx: the slides would run to ...")."""
    shown = display_name(display)
    place = re.match(re.escape(shown) + r":(\d+):(\d+): ", message)
    if place:
        return f"{place.group(0)}not rendered as {name}: {message[place.end():]}"
    return f"{shown}: not rendered as {name}: {message}"


def _say(message: str) -> None:
    # Every name in a message is already shown with display_name; a message from elsewhere (an
    # OS error, a renderer) is made printable here too.
    sys.stderr.write(f"learnsum: {printable(message)}\n")


def _asked(output_format: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """The formats given with --format (one or several), each once; None when none was."""
    if output_format is None:
        return None
    names = (output_format,) if isinstance(output_format, str) else tuple(output_format)
    return tuple(dict.fromkeys(names)) or None


def _formats(asked: tuple[str, ...] | None, slides: bool) -> list[str]:
    """The formats asked for (-f md -f html: both, in the registry's order); without --format,
    the default ones (Word, plus the slides of a summary that asks learnsum to generate them,
    `slides: generate`); with --format all, every format that can be made here."""
    return [renderer.name for renderer in RENDERERS
            if renderer.name in (asked or ())
            or (asked is None and renderer.default and (slides or not renderer.only_for_slides))
            or (asked is not None and ALL in asked and (slides or not renderer.only_for_slides)
                and _unavailable(renderer) is None)]


def _unchanged(provenance: Provenance, source: Path, config: Config,
               asked: tuple[str, ...] | None) -> dict[str, Path]:
    """The outputs beside `source` (by format) when every one a render would make exists and
    was made by learnsum from exactly today's inputs; empty when anything is to be rendered.
    Neither the summary is read beyond its bytes nor any renderer imported."""
    first = _formats(asked, slides=False)[:1]
    if not first:
        return {}
    slides = provenance.slides(source.with_suffix(SUFFIXES[first[0]]), first[0])
    if slides is None:
        return {}
    outputs = {name: source.with_suffix(SUFFIXES[name])
               for name in _formats(asked, slides)}
    return outputs if provenance.unchanged(source, config, outputs) else {}


@functools.cache
def _unavailable(renderer: Renderer) -> str | None:
    """Why `renderer` cannot make its format on this machine, asked once (for --format all)."""
    return renderer.available()


def _plan_outputs(jobs: list[_Job], output: Path | None, *, single_input: bool) -> None:
    """Where each output goes: beside its summary; or `output` itself when it names one file for
    one summary (with its suffix changed for each further format); or inside the folder `output`."""
    if output is None:
        for job in jobs:
            for name in job.formats:
                job.outputs[name] = job.source.with_suffix(SUFFIXES[name])
        return
    shown = display_name(output)
    if output.exists() and not output.is_dir() and not output.is_file():
        raise OutputError(f"{shown}: is not a regular file (a pipe, socket or device); "
                          "learnsum writes only ordinary files")
    as_file = single_input and not output.is_dir() and bool(output.suffix)
    if as_file:
        for job in jobs:
            suffixes = [SUFFIXES[name] for name in job.formats]
            # A .yaml target is refused when writing, with the reason that matters more.
            # A briefing (.briefing.docx) may be written to any .docx name.
            accepted = (*suffixes, *(suffix[suffix.rfind("."):] for suffix in suffixes))
            if not output.name.lower().endswith((*accepted, *PROTECTED_SUFFIXES)):
                raise OutputError(f"{shown}: the output of --format {'/'.join(job.formats)} "
                                  f"ends in {' or '.join(suffixes)}")
            for name in job.formats:
                single = len(job.formats) == 1
                job.outputs[name] = output if single else output.with_suffix(SUFFIXES[name])
        return
    if output.exists() and not output.is_dir():
        raise OutputError(f"{shown}: is an existing file; -o names a file ending in the "
                          "format's suffix (one summary), or a folder")
    names = _output_stems(jobs)
    for job in jobs:
        for name in job.formats:
            job.outputs[name] = output / (names[job.source] + SUFFIXES[name])


def _check_collisions(outputs: Sequence[tuple[Path, dict[str, Path]]]) -> None:
    """Two summaries must not be rendered to one file (x.yaml and x.yml beside each other);
    `outputs`: each summary, with its outputs by format."""
    owners: dict[Path, Path] = {}
    for source, paths in outputs:
        for path in paths.values():
            key = Path(os.path.abspath(path))
            other = owners.setdefault(key, source)
            if other != source:
                raise OutputError(f"{display_name(display_path(path))}: both "
                                  f"{display_name(display_path(other))} and "
                                  f"{display_name(display_path(source))} would be rendered "
                                  "to it; rename one of them")


def _output_stems(jobs: list[_Job]) -> dict[Path, str]:
    """Each summary's output name inside a folder: its stem, or its path below the inputs'
    common folder when two summaries share a stem (reviews/2015/child-a, reviews/2016/child-a)."""
    stems = [job.source.stem for job in jobs]
    if len(set(stems)) == len(stems):
        return {job.source: job.source.stem for job in jobs}
    resolved = [job.source.resolve() for job in jobs]
    common = Path(os.path.commonpath([str(path.parent) for path in resolved]))
    return {job.source: str(path.relative_to(common).with_suffix(""))
            for job, path in zip(jobs, resolved)}


@record(frozen=True)
class _Failed:
    """Why one output of one summary could not be made, as one line; `internal` when it was a
    bug in learnsum rather than a template, a reference file or LibreOffice failing."""

    message: str
    internal: bool = False


#: What each summary became: bytes per format, or why that format could not be made. A failure
#: is kept as text, so that it crosses from a worker process whatever raised it.
_Made = dict[str, bytes | _Failed]

#: The jobs of a parallel run, set before the workers are forked so that they inherit them
#: (summaries, configurations, prepared templates) instead of receiving each one pickled.
_WORK: list[tuple[_Job, RenderOptions]] = []


def _render_all(jobs: list[_Job], options: RenderOptions, protected: list[Path],
                force: bool = False, new: set[Path] | None = None) -> int:
    """Render and write every job; the exit code: 1 when any output could not be made or
    written, 3 when one failed because of a bug in learnsum. One summary that cannot be rendered
    is reported in one line and never stops the others.

    Outputs are written here, in the jobs' order, whichever process made them: the messages and
    the files are the same on one core or many."""
    total = sum(len(job.formats) for job in jobs)
    failed = internal = False
    # The outputs each converted format is made from, to convert in one batch at the end.
    batches: dict[str, list[tuple[_Job, bytes]]] = {}
    guard = _Guard(protected, force, new)
    with _making(jobs, options) as results, _progress(total) as advance:
        for job, made in zip(jobs, results):
            warned: set[str] = set()
            for name in job.formats:
                data = made[_source(name)]
                if _source(name) not in warned:
                    warned.add(_source(name))
                    for warning in getattr(data, "warnings", ()):
                        _say(f"{display_name(job.display)}: warning: {warning}")
                if isinstance(data, _Failed):
                    _say(_not_rendered(job.display, name, data.message))
                    failed = True
                    internal |= data.internal
                    advance(1)
                elif BY_NAME[name].made_from is not None:
                    batches.setdefault(name, []).append((job, data))
                else:
                    failed |= not _write(job.outputs[name], data, name, guard,
                                         job.fields.get(name))
                    advance(1)
        for name, batch in batches.items():
            from ..render import RenderError

            try:
                converted: list[bytes | None] = list(
                    BY_NAME[name].convert([data for _, data in batch]))
            except RenderError as error:
                _say(f"{name.upper()} not rendered: {error}")
                converted = [None] * len(batch)
                failed = True
            for (job, _), output in zip(batch, converted):
                if output is not None:
                    failed |= not _write(job.outputs[name], output, name, guard,
                                         job.fields.get(name))
                advance(1)
    for job in jobs:
        job.written = any(path in guard.written for path in job.outputs.values())
    if internal:
        return EXIT_INTERNAL
    return EXIT_PROBLEMS if failed else EXIT_OK


@contextmanager
def _making(jobs: list[_Job], options: RenderOptions) -> Iterator[Iterator[_Made]]:
    """What each job becomes, in order; on several cores when there are many."""
    global _WORK
    _WORK = [(job, options) for job in jobs]
    # The first here: the workers then inherit the imports and prepared templates.
    results = in_order(_make, len(jobs), first_here=True)
    try:
        yield results
    finally:
        results.close()
        _WORK = []


def _source(name: str) -> str:
    """The format rendered from the view for format `name`: itself, or the format it is
    converted from (PDF from Word)."""
    return BY_NAME[name].made_from or name


def _make(index: int) -> _Made:
    """Every format of job `index` that is rendered from the view; a format converted from
    another (PDF) is converted later, for every summary at once.

    Whatever goes wrong with one summary is kept as its failure, so the others are still made."""
    from ..render import RenderError
    from ..render.build import build_view

    job, options = _WORK[index]
    made: _Made = {}
    try:
        # The slides row names the deck made beside the document (as --format pptx names it).
        beside = next(iter(job.outputs.values()), job.source)
        view = build_view(job.summary, job.config, options,
                          deck=job.outputs.get("pptx", beside.with_suffix(".pptx")).name)
    except Exception as error:  # noqa: BLE001 - one summary must not stop the rest
        failure = _failure(error)
        return {_source(name): failure for name in job.formats}
    for name in job.formats:
        name = _source(name)
        if name in made:
            continue
        try:
            made[name] = BY_NAME[name].render(view, options)
        except RenderError as error:
            made[name] = _Failed(_placed(error, job))
        except Exception as error:  # noqa: BLE001 - one summary must not stop the rest
            made[name] = _failure(error)
    return made


def _placed(error: Exception, job: _Job) -> str:
    """The message of a render error; one about a section of the summary (the slides it would
    make are too many) is named at that section's line and column, as `learnsum validate`
    would name it."""
    key = getattr(error, "key", None)
    if not key:
        return str(error)
    from ..loader import Document, load

    where = display_path(job.source)
    document = load(job.source, where)
    if isinstance(document, Document):
        line, column = document.key_position((key,))
        where = f"{where}:{line}:{column}"
    return f"{where}: {error}"


def _failure(error: Exception) -> _Failed:
    """A bug met while rendering one summary, said in one line (LEARNSUM_DEBUG=1 shows where)."""
    if os.environ.get("LEARNSUM_DEBUG"):
        raise error
    detail = " ".join(f"{type(error).__name__}: {error}".split())
    return _Failed(f"internal error: {detail} (this is a bug in learnsum; set LEARNSUM_DEBUG=1 "
                   "for details and report it)", internal=True)


class _Guard:
    """The inputs an output must not overwrite, resolved once: checking every output against
    every input made writing a large folder quadratic (most of the time of 200 summaries)."""

    def __init__(self, protected: list[Path], force: bool = False,
                 new: set[Path] | None = None) -> None:
        #: With --force, an existing file learnsum did not make (or that was changed since)
        #: may be replaced too.
        self.force = force
        #: With --fail-on-new, the outputs (absolute) that are not in git yet, or outside a git
        #: repository that did not exist: writing one fails the run (the pre-commit hook).
        self.new = new or set()
        #: The outputs written (or that already held exactly what would be written).
        self.written: set[Path] = set()
        self._resolved: dict[Path, list[Path]] = {}
        for path in protected:
            self._resolved.setdefault(file_identity(path), []).append(path)

    def inputs_for(self, output: Path) -> list[Path]:
        """The inputs that are `output` itself (write_atomically refuses those by name)."""
        return self._resolved.get(file_identity(output), [])


def _write(path: Path, data: bytes, name: str, guard: _Guard,
           fields: dict[str, str] | None = None) -> bool:
    """Write one output, stamped with `fields`, and say so; False (after one line naming the
    file) when it cannot be, or when it is new and new files fail the run (`--fail-on-new`)."""
    new = Path(os.path.abspath(path)) in guard.new
    try:
        changed = write_output(path, data, name, inputs=guard.inputs_for(path),
                               force=guard.force, fields=fields)
    except OutputError as error:
        _say(str(error))
        return False
    guard.written.add(path)
    shown = display_name(display_path(path))
    print(f"{'wrote' if changed else 'unchanged'} {shown}", flush=True)
    if new:
        _say(_add_it(shown))
        return False
    return True


def _add_it(shown: str) -> str:
    """The line about an output that is not in git yet (`--fail-on-new`)."""
    import shlex

    return f"{shown} is a new file: add it (git add {shlex.quote(shown)}) and commit again"


def _new_outputs(paths: Sequence[Path]) -> set[Path]:
    """The outputs among `paths` (made absolute) that are new for `--fail-on-new`: not tracked
    by git (neither committed nor added) and not ignored by it; outside a git repository (or
    without git), those that do not exist yet. Git is asked once for all of them."""
    keys = {Path(os.path.abspath(path)): path for path in paths}
    untracked = _untracked_in_git(list(keys.values()))
    if untracked is None:
        return {key for key, path in keys.items() if not os.path.lexists(path)}
    return untracked


def _git(*args: str, given: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """git run in the current folder; None without git."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None
    try:
        return subprocess.run([git, *args], capture_output=True,
                              input=given if given is not None else b"", check=False)
    except OSError:
        return None


def _untracked_in_git(paths: Sequence[Path]) -> set[Path] | None:
    """Those of `paths` (absolute) that git neither tracks nor ignores; None when the current
    folder is not in a git repository or a path lies outside it."""
    if not paths:
        return set()
    relative = [os.path.relpath(path) for path in paths]
    # Path names taken literally (a `[` or `*` in a name is no pattern).
    listed = _git("--literal-pathspecs", "ls-files", "-z", "--cached", "--", *relative)
    if listed is None or listed.returncode != 0:
        return None
    tracked = {Path(os.path.abspath(os.fsdecode(name)))
               for name in listed.stdout.split(b"\0") if name}
    untracked = [name for name in relative if Path(os.path.abspath(name)) not in tracked]
    if not untracked:
        return set()
    # An output the repository ignores is meant to stay out of it.
    ignored = _git("check-ignore", "-z", "--stdin", "--no-index",
                   given=b"".join(os.fsencode(name) + b"\0" for name in untracked))
    skipped = {Path(os.path.abspath(os.fsdecode(name))) for name in ignored.stdout.split(b"\0")
               if name} if ignored is not None and ignored.returncode in (0, 1) else set()
    return {Path(os.path.abspath(name)) for name in untracked} - skipped


def _progress(total: int) -> AbstractContextManager[Callable[[int], None]]:
    """A rich progress bar on stderr when it is a terminal and there is more than one file."""
    if total <= 1 or not sys.stderr.isatty():
        return nullcontext(lambda _: None)
    return _RichProgress(total)


class _RichProgress:
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("rendering"), BarColumn(), MofNCompleteColumn(),
            console=Console(stderr=True), transient=True,
            # "wrote ..." lines stay on stdout; they go above the bar only when both are terminals.
            redirect_stdout=sys.stdout.isatty(), redirect_stderr=False,
        )
        self._task = self._progress.add_task("render", total=total)

    def __enter__(self) -> Callable[[int], None]:
        self._progress.start()
        return lambda steps: self._progress.advance(self._task, steps)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

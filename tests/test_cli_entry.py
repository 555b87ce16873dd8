"""The console entry point's quick way in (learnsum.entry) and typer's command line (learnsum.cli)
are one command line: the options entry.py reads are those cli.py declares, and every command
line reaches the command with the same arguments, exit code and messages either way."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnsum import cli, cli_shared, entry
from learnsum.errors import UsageError
from support import TODAY, VALID, write

COMMANDS = {"validate": "learnsum.commands.validate", "render": "learnsum.commands.render"}


def _click_command(name: str) -> Any:
    import typer.main

    return typer.main.get_command(cli.app).commands[name]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(entry.COMMANDS))
def test_the_quick_options_are_typers_options(name: str) -> None:
    quick = entry.COMMANDS[name]
    table = {option.param: option for option in quick.options}
    declared = _click_command(name).params
    arguments = [param for param in declared if param.param_type_name == "argument"]
    # One argument, the paths, as many as given.
    assert [(param.name, param.nargs) for param in arguments] == [("paths", -1)]
    options = [param for param in declared if param.param_type_name == "option"]
    for param in options:
        if param.name in quick.left_to_typer:
            assert param.hidden, f"{param.name}: only a deprecated spelling is left to typer"
            continue
        option = table[param.name]
        assert sorted(option.names) == sorted([*param.opts, *param.secondary_opts]), param.name
        assert (option.value is None) == param.is_flag, param.name
        assert option.many == param.multiple, param.name
    assert sorted(table) == sorted(param.name for param in options
                                   if param.name not in quick.left_to_typer)
    # A default handed to the callback that is not the type's own empty value is the same.
    for param, value in quick.defaults.items():
        if param not in quick.left_to_typer:
            assert next(p for p in options if p.name == param).default == value


def test_the_formats_are_typers_choices() -> None:
    assert [str(choice.value) for choice in cli.OutputFormat] == list(cli_shared.OUTPUT_FORMATS)


# -- the same command line, both ways ------------------------------------------------------------
def _recording(monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, Any]],
               outcome: Callable[[], int] = lambda: 0) -> None:
    import importlib

    for name, module in COMMANDS.items():
        def run(*args: Any, name: str = name, **kwargs: Any) -> int:
            calls.append((name, json.loads(json.dumps([args, kwargs], default=repr))))
            return outcome()

        monkeypatch.setattr(importlib.import_module(module), "run", run)


@contextlib.contextmanager
def _process_state() -> Iterator[None]:
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    streams = (sys.stdout, sys.stderr, sys.argv)
    try:
        yield
    finally:
        sys.stdout, sys.stderr, sys.argv = streams
        for number, handler in handlers.items():
            signal.signal(number, handler)


def _run(main: Callable[[], None], argv: list[str]) -> tuple[int | str | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with _process_state():
        sys.argv = ["learnsum", *argv]
        sys.stdout, sys.stderr = out, err
        try:
            main()
            code: int | str | None = 0
        except SystemExit as stop:
            code = stop.code
    return code, out.getvalue(), err.getvalue()


def _both_ways(monkeypatch: pytest.MonkeyPatch, argv: list[str],
               outcome: Callable[[], int] = lambda: 0) -> tuple[Any, Any]:
    """What the entry point does with `argv`, and what typer alone does: exit code, standard
    output, standard error and the arguments each command's run() received."""
    results = []
    for main in (entry.main, cli.main):
        calls: list[tuple[str, Any]] = []
        with monkeypatch.context() as patch:
            _recording(patch, calls, outcome)
            results.append((*_run(main, argv), calls))
    return results[0], results[1]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "-dash.yaml", VALID)
    write(tmp_path, "cfg.yaml", "partnership: Testshire\n")
    write(tmp_path, "house.docx", "not really Word")
    write(tmp_path, "house.pptx", "not really PowerPoint")
    (tmp_path / "sub").mkdir()
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("_LEARNSUM_COMPLETE", raising=False)
    return tmp_path


#: Command lines the entry point runs itself.
QUICK = [
    ["validate"],
    ["validate", "a.yaml"],
    ["validate", "a.yaml", "--today", TODAY],
    ["validate", f"--today={TODAY}", "a.yaml", "sub", "sub/"],
    ["validate", "--strict", "-q", "--no-warnings", "--privacy-only", "a.yaml"],
    ["validate", "--quiet", "--output-format", "json", "a.yaml"],
    ["validate", "--output-format=SARIF", "a.yaml", "--output-format", "gitlab"],
    ["validate", "-", "--stdin-filename", "sub/x.yaml"],
    ["validate", "-", "--stdin-filename="],
    ["validate", "-c", "cfg.yaml", "a.yaml"],
    ["validate", "--config=cfg.yaml", "--config", "cfg.yaml", "a.yaml"],
    ["validate", "a.yaml", "--", "-dash.yaml", "--strict", "-", "-h"],
    ["validate", "--", "--today"],
    ["validate", ""],
    ["validate", "--today", "25/11/2026", "a.yaml"],
    ["render"],
    ["render", "a.yaml"],
    ["render", "a.yaml", "-f", "md", "-f", "HTML", "--format=pdf", "--format", "all"],
    ["render", "a.yaml", "-o", "out/", "--no-guidance", "--force", "--strict", "--fail-on-new"],
    ["render", "a.yaml", "--output=out.docx", "--output", "last.docx"],
    ["render", "a.yaml", "--output="],
    ["render", "a.yaml", "--marking", "OFFICIAL-SENSITIVE", f"--today={TODAY}"],
    ["render", "a.yaml", "--marking=", "--marking", " OFFICIAL \n"],
    ["render", "a.yaml", "--reference-docx", "house.docx", "--reference-pptx=house.pptx"],
    ["render", "a.yaml", "--template-dir", "templates", "-c", "cfg.yaml"],
    ["render", "--", "-dash.yaml", "-f", "-"],
]

#: Command lines left to typer (which says what is wrong, or does what is asked).
TO_TYPER = [
    [],
    ["--version"],
    ["--help"],
    ["validate", "--help"],
    ["render", "-h"],
    ["new"],
    ["rules"],
    ["valid", "a.yaml"],
    ["validate", "-f", "json", "a.yaml"],
    ["validate", "--format=json", "a.yaml"],
    ["validate", "--output-format", "xml", "a.yaml"],
    ["validate", "--output-format"],
    ["validate", "--today", "2026-13-45", "a.yaml"],
    ["validate", "--today="],
    ["validate", "--today", "--strict"],
    ["validate", "--strict=yes"],
    ["validate", "--nope"],
    ["validate", "-qc", "cfg.yaml"],
    ["validate", "-ccfg.yaml"],
    ["validate", "-c=cfg.yaml"],
    ["validate", "-c", "missing.yaml"],
    ["validate", "-c", "sub"],
    ["validate", "--version"],
    ["validate", "-5"],
    ["validate", "-", "--stdin-filename", "-"],
    ["render", "-t", "md", "a.yaml"],
    ["render", "-f", "odt", "a.yaml"],
    ["render", "-fmd", "a.yaml"],
    ["render", "--marking", "one\ntwo", "a.yaml"],
    ["render", "--reference-docx", "missing.docx", "a.yaml"],
    ["render", "--reference-docx", "sub", "a.yaml"],
    ["render", "--template-dir", "house.docx", "a.yaml"],
    ["render", "--template-dir=missing", "a.yaml"],
    ["render", "-o", "-", "a.yaml"],
    ["render", "--today", "tomorrow", "a.yaml"],
]


@pytest.mark.parametrize("argv", QUICK, ids=" ".join)
def test_the_quick_way_reaches_the_command_as_typer_does(
        folder: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    assert entry.quick(["learnsum", *argv]) is not None
    quick, typer = _both_ways(monkeypatch, argv)
    assert quick == typer
    assert quick[0] == 0 and len(quick[3]) == 1


@pytest.mark.parametrize("argv", TO_TYPER, ids=" ".join)
def test_anything_else_is_typers(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                 argv: list[str]) -> None:
    assert entry.quick(["learnsum", *argv]) is None
    quick, typer = _both_ways(monkeypatch, argv)
    assert quick == typer


def test_typers_messages_stay_typers(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def way_in(*argv: str) -> tuple[Any, ...]:
        quick, typer = _both_ways(monkeypatch, list(argv))
        assert quick == typer
        return tuple(quick)

    code, _, err, calls = way_in("validate", "--today", "2026-13-45", "a.yaml")
    assert code == 2 and "Invalid value" in err and calls == []
    code, _, err, calls = way_in("validate", "--nope", "a.yaml")
    assert code == 2 and "No such option: --nope" in err and calls == []
    code, _, err, calls = way_in("validate", "-f", "json", "a.yaml")
    assert code == 0 and "--format/-f (the report's format) is deprecated" in err
    assert calls[0][1][1]["output_format"] == "json"
    code, _, err, calls = way_in("render", "--reference-docx", "missing.docx", "a.yaml")
    assert code == 2 and "'missing.docx' does not exist" in err and calls == []
    code, _, err, _ = way_in("validate", "--output-format", "xml")
    assert code == 2 and "'xml' is not an output format of validate" in err
    code, out, _, _ = way_in("validate", "--help")
    assert code == 0 and "Usage: learnsum validate [OPTIONS] [PATH]..." in out
    code, out, _, _ = way_in("--version")
    assert code == 0 and out.startswith("learnsum ")


def test_shell_completion_is_typers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert entry.quick(["learnsum", "validate", "a.yaml"]) is not None
    monkeypatch.setenv("_LEARNSUM_COMPLETE", "complete_bash")
    assert entry.quick(["learnsum", "validate", "a.yaml"]) is None


_PATHS = st.sampled_from(["a.yaml", "sub", "sub/", "-", "missing.yaml", "b c.yaml", "é.yaml"])
_AFTER_DASHES = st.sampled_from(["-dash.yaml", "-", "--strict", "-f", "--", "a.yaml"])


def _option(names: list[str], values: list[str]) -> st.SearchStrategy[list[str]]:
    def spelt(name: str, value: str, joined: bool) -> list[str]:
        return [f"{name}={value}"] if joined and name.startswith("--") else [name, value]

    return st.builds(spelt, st.sampled_from(names), st.sampled_from(values), st.booleans())


_DAYS = [TODAY, "2026-02-30", "", "25/11/2026"]
_VALIDATE = st.one_of(
    _PATHS.map(lambda path: [path]),
    st.sampled_from(["--strict", "--quiet", "-q", "--no-warnings", "--privacy-only"]).map(
        lambda flag: [flag]),
    _option(["--output-format"], ["json", "Github", "text", "xml", ""]),
    _option(["--stdin-filename"], ["x.yaml", "sub/x.yaml", ""]),
    _option(["--config", "-c"], ["cfg.yaml", "sub", "missing.yaml"]),
    _option(["--today"], _DAYS),
    _option(["--format", "-f"], ["json"]),
)
_RENDER = st.one_of(
    _PATHS.map(lambda path: [path]),
    st.sampled_from(["--no-guidance", "--force", "--strict", "--fail-on-new"]).map(
        lambda flag: [flag]),
    _option(["--format", "-f"], ["md", "HTML", "all", "odt"]),
    _option(["--output", "-o"], ["out/", "out.docx", "", "sub"]),
    _option(["--marking"], ["OFFICIAL", "", "a\nb"]),
    _option(["--reference-docx", "--reference-pptx"], ["house.docx", "sub", "missing.docx"]),
    _option(["--template-dir"], ["templates", "house.docx"]),
    _option(["--config", "-c"], ["cfg.yaml", "missing.yaml"]),
    _option(["--today"], _DAYS),
    _option(["-t"], ["md"]),
)


@st.composite
def _command_lines(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(entry.COMMANDS)))
    words = draw(st.lists(_VALIDATE if name == "validate" else _RENDER, max_size=6))
    tail = draw(st.one_of(st.just([]), st.lists(_AFTER_DASHES, max_size=3).map(
        lambda rest: ["--", *rest])))
    return [name, *(word for group in words for word in group), *tail]


@given(argv=_command_lines())
# (The folder is shared by the examples: nothing here writes in it, every run() is recorded.)
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_command_line_does_the_same_both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                  argv: list[str]) -> None:
    quick, typer = _both_ways(monkeypatch, argv)
    assert quick == typer


# -- how a command ends ---------------------------------------------------------------------------
def _raising(error: BaseException) -> Callable[[], int]:
    def outcome() -> int:
        raise error

    return outcome


@pytest.mark.parametrize("outcome", [
    lambda: 1, lambda: 2,
    _raising(EOFError()),
    _raising(KeyboardInterrupt()),
    _raising(BrokenPipeError(errno.EPIPE, "Broken pipe")),
    _raising(UsageError("--since: not a date")),
    _raising(RuntimeError("boom")),
], ids=["1", "2", "end of input", "ctrl-c", "closed pipe", "user error", "bug"])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_a_command_ends_the_same_both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                           outcome: Callable[[], int], command: str) -> None:
    monkeypatch.delenv("LEARNSUM_DEBUG", raising=False)
    quick, typer = _both_ways(monkeypatch, [command, "a.yaml"], outcome)
    assert quick == typer


def test_another_os_error_is_an_internal_error(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEARNSUM_DEBUG", raising=False)
    quick, typer = _both_ways(monkeypatch, ["validate", "a.yaml"],
                              _raising(PermissionError(errno.EACCES, "denied")))
    assert quick == typer and quick[0] == 3 and "internal error: PermissionError" in quick[2]


def test_a_closed_pipe_is_quiet_on_flush() -> None:
    class Closed(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    class Failing(io.StringIO):
        def flush(self) -> None:
            raise OSError(errno.EIO, "I/O error")

    stream = entry._PacifyFlush(Closed())
    stream.flush()
    stream.write("x")
    assert stream.getvalue() == "x"
    with pytest.raises(OSError, match="I/O error"):
        entry._PacifyFlush(Failing()).flush()


# -- what the quick way imports -------------------------------------------------------------------
def _modules_after(folder: Path, *argv: str) -> tuple[str, list[str]]:
    program = (
        "import json, sys\n"
        "from learnsum.entry import main\n"
        f"sys.argv = ['learnsum', *{list(argv)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    print('exit', stop.code)\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("_LEARNSUM")}
    result = subprocess.run([sys.executable, "-c", program], cwd=folder, capture_output=True,
                            text=True, timeout=120, env=environment)
    assert result.returncode == 0, result.stderr
    *printed, loaded = result.stdout.splitlines()
    return "\n".join(printed), json.loads(loaded)


def test_validate_and_render_import_neither_typer_nor_click(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    printed, loaded = _modules_after(tmp_path, "validate", "a.yaml", "--today", TODAY)
    assert printed.endswith("exit 0")
    assert not {"typer", "click", "rapidfuzz"} & set(loaded)
    printed, loaded = _modules_after(tmp_path, "render", "a.yaml", "-f", "md", "--today", TODAY)
    assert printed.endswith("wrote a.md\nexit 0")
    assert not {"typer", "click"} & set(loaded)


def test_a_suggestion_still_comes(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID.replace("status: draft", "status: drfat"))
    printed, loaded = _modules_after(tmp_path, "validate", "a.yaml", "--today", TODAY)
    assert "did you mean 'draft'?" in printed and "rapidfuzz" in loaded
    assert "typer" not in loaded


def test_help_is_typers(tmp_path: Path) -> None:
    printed, loaded = _modules_after(tmp_path, "validate", "--help")
    assert "Usage: learnsum validate" in printed and "typer" in loaded

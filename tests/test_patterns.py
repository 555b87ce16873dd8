"""learnsum.patterns: kept regular expressions are the ones re.compile makes, a bad cache file
changes nothing but speed, and no user's text is kept."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsum import patterns

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-o.yaml"


def _run(cache: Path, *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, LEARNSUM_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "learnsum", *arguments], capture_output=True,
                          text=True, env=environment, cwd=cwd, check=False)


def _file(cache: Path) -> Path:
    [path] = cache.glob("patterns-*.json")
    assert re.fullmatch(patterns._OWN, path.name)
    return path


def _kept(cache: Path) -> dict[tuple[str, int], tuple[object, ...]]:
    blob = _file(cache).read_bytes()
    assert zlib.crc32(blob[4:]) == int.from_bytes(blob[:4], "big")
    kept = json.loads(blob[4:])
    assert kept["engine"] == patterns._engine()
    return {(entry[0], entry[1]): (*entry[2:6], tuple(entry[6])) for entry in kept["patterns"]}


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(zlib.crc32(body).to_bytes(4, "big") + body)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], tuple[object, ...]]:
    """The patterns a validate and a Word render keep, from a cache folder of their own."""
    cache = tmp_path_factory.mktemp("cache")
    work = tmp_path_factory.mktemp("work")
    summary = work / "child-o.yaml"
    summary.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert _run(cache, "validate", str(summary), "--today", "2026-11-25").returncode == 0
    assert _run(cache, "render", str(summary), "-f", "docx", "--today", "2026-11-25",
                cwd=work).returncode == 0
    return _kept(cache)


def test_every_kept_pattern_is_what_re_compile_makes(
        kept: dict[tuple[str, int], tuple[object, ...]]) -> None:
    # The privacy detectors', the suppression comments' and the loader's patterns among them.
    from learnsum import validate
    from learnsum.loader import parsing
    from learnsum.privacy import nhs

    assert len(kept) >= 20
    for made in (nhs.Patterns().number, validate._DIRECTIVE, parsing._ANCHOR):
        assert (made.pattern, made.flags & ~re.UNICODE) in kept or \
            (made.pattern, made.flags) in kept
    for (pattern, flags), entry in kept.items():
        built = patterns._build(pattern, entry)
        expected = re.compile(pattern, flags)
        # Pattern objects are equal when their pattern, flags and compiled code are.
        assert built == expected, pattern
        assert built is not None
        assert (built.groups, built.groupindex) == (expected.groups, expected.groupindex)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Mrs Smith DOB 12/03/1988 NN1 1AA 07700 900123 "
                                             "@.-\n\t\x00\ud800é’")), max_size=60))
def test_kept_patterns_find_what_compiled_ones_find(text: str) -> None:
    patterns.forget()
    for pattern, flags in [(r"(?P<title>Mrs|Mr)\.?\s+(?P<name>[A-Z][a-z]+)", 0),
                           (r"[\x00-\x08\ud800-\udfff]", 0), (r"\bdob\b", re.IGNORECASE)]:
        entry = patterns._code(pattern, flags)
        built = patterns._build(pattern, entry)
        assert built is not None
        expected = re.compile(pattern, flags)
        assert [m.span() for m in built.finditer(text)] == \
            [m.span() for m in expected.finditer(text)]
        assert [m.groupdict() for m in built.finditer(text)] == \
            [m.groupdict() for m in expected.finditer(text)]


def test_a_second_run_compiles_nothing_and_leaves_the_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = ("import sys, learnsum.commands.validate, learnsum.privacy.detectors as d, "
            "learnsum.patterns as p; d.detectors(); print(len(p._missed))")
    environment = dict(os.environ, LEARNSUM_CACHE_DIR=str(cache))
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=environment, check=True)
    assert int(first.stdout) > 0
    path = _file(cache)
    written = path.stat().st_mtime_ns, path.read_bytes()
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=environment, check=True)
    assert second.stdout.strip() == "0"
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written


@pytest.mark.parametrize("damage", ["flipped", "truncated", "foreign", "not json", "empty",
                                    "wrong code", "deep", "fifo", "folder"])
def test_a_bad_cache_file_means_compiling_as_usual(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    summary = tmp_path / "child-o.yaml"
    summary.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    expected = _run(cache, "validate", str(summary), "--today", "2026-11-25")
    path = _file(cache)
    blob = path.read_bytes()
    if damage == "flipped":
        path.write_bytes(blob[:100] + bytes([blob[100] ^ 0x20]) + blob[101:])
    elif damage == "truncated":
        path.write_bytes(blob[:len(blob) // 2])
    elif damage == "foreign":
        _write(path, json.dumps({"engine": [patterns.LAYOUT, "another Python"],
                                 "patterns": []}).encode())
    elif damage == "not json":
        _write(path, b"\xff" * 64)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "deep":
        _write(path, b"[" * 100_000)
    elif damage == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif damage == "folder":
        path.unlink()
        path.mkdir()
    else:
        # Well-formed, right checksum, but the code of every pattern is nonsense.
        kept = json.loads(blob[4:])
        for entry in kept["patterns"]:
            entry[3] = [9999] * 8
        _write(path, json.dumps(kept).encode())
    again = _run(cache, "validate", str(summary), "--today", "2026-11-25")
    assert (again.returncode, again.stdout, again.stderr) == \
        (expected.returncode, expected.stdout, expected.stderr)
    if damage not in ("wrong code", "folder"):
        # Rewritten whole by the run that found it bad.
        assert len(_kept(cache)) > 0


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    summary = tmp_path / "child-o.yaml"
    summary.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    shown = _run(blocker / "cache", "validate", str(summary), "--today", "2026-11-25")
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_no_text_of_a_summary_or_configuration_is_kept(tmp_path: Path) -> None:
    """The deny-list's terms and the agencies' names make patterns; none is kept."""
    cache = tmp_path / "cache"
    (tmp_path / ".learnsum.yaml").write_text(
        "privacy:\n  deny: [Okonkwo, Zebedee]\n  allow: [Wyvernshire Hospital]\n",
        encoding="utf-8")
    summary = tmp_path / "child-o.yaml"
    summary.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "Child O", "Child O Okonkwo"), encoding="utf-8")
    shown = _run(cache, "validate", str(summary), "--today", "2026-11-25", cwd=tmp_path)
    assert "deny-list" in shown.stdout
    blob = _file(cache).read_bytes()
    for word in ("Okonkwo", "Zebedee", "Wyvernshire"):
        assert word.encode() not in blob and word.encode("utf-16-le") not in blob


def test_patterns_of_earlier_versions_do_not_pile_up(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(tmp_path))
    patterns.forget()
    try:
        for number in range(patterns.MOST + 5):
            patterns.compile(f"old{number}")
        assert patterns.flush()
        assert len(_kept(tmp_path)) == patterns.MOST + 5
        patterns.forget()
        used = patterns.compile(r"used\d")
        assert used == re.compile(r"used\d")
        assert patterns.flush()
        assert list(_kept(tmp_path)) == [(r"used\d", 0)]
        patterns.forget()
        assert patterns.compile(r"used\d") == re.compile(r"used\d") and not patterns._missed
    finally:
        patterns.forget()


def test_a_folder_that_cannot_be_written_costs_nothing_at_exit(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(blocker / "cache"))
    patterns.forget()
    try:
        assert patterns.compile("a+b") == re.compile("a+b")
        called = []
        monkeypatch.setattr(patterns, "_code", lambda *args: called.append(args))
        assert patterns.flush() is False
        assert called == []
    finally:
        patterns.forget()


def test_no_cache_folder_is_made_in_a_home_that_does_not_exist(tmp_path: Path) -> None:
    summary = tmp_path / "child-o.yaml"
    summary.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("LEARNSUM_CACHE_DIR", "XDG_CACHE_HOME")}
    environment["HOME"] = str(tmp_path / "no-such-home")
    shown = subprocess.run([sys.executable, "-m", "learnsum", "validate", str(summary),
                            "--today", "2026-11-25"], capture_output=True, text=True,
                           env=environment, check=False)
    assert shown.returncode == 0, shown.stderr
    assert not (tmp_path / "no-such-home").exists()


def test_a_cache_others_may_write_to_is_not_used(tmp_path: Path) -> None:
    """What is kept is trusted as the user's own: a folder or file that anyone else may write
    to (a shared place such as /tmp) is neither read nor written."""
    from learnsum import cache

    folder = tmp_path / "shared"
    folder.mkdir()
    value = {"engine": [1], "patterns": []}
    os.environ["LEARNSUM_CACHE_DIR"] = str(folder)
    try:
        assert cache.make_folder() == folder
        assert cache.write_checked(folder / "x.json", value)
        assert cache.read_checked(folder / "x.json", 1000) == value
        (folder / "x.json").chmod(0o622)
        assert cache.read_checked(folder / "x.json", 1000) is None
        (folder / "x.json").chmod(0o600)
        folder.chmod(0o777)
        assert cache.read_checked(folder / "x.json", 1000) is None
        assert cache.make_folder() is None
        folder.chmod(0o700)
        assert cache.read_checked(folder / "x.json", 1000) == value
    finally:
        del os.environ["LEARNSUM_CACHE_DIR"]


@pytest.mark.parametrize("home", ["", "/", "relative/home"])
def test_no_cache_folder_without_a_proper_home(monkeypatch: pytest.MonkeyPatch,
                                               home: str) -> None:
    from learnsum import cache

    monkeypatch.delenv("LEARNSUM_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert cache.make_folder() is None


def test_temporary_files_left_by_a_killed_run_are_removed_after_a_day(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from learnsum import cache

    monkeypatch.setenv("LEARNSUM_CACHE_DIR", str(tmp_path))
    own = re.compile(r"docx-[0-9a-f]{4}\.json")
    old = tmp_path / ".docx-abcd.json.0123456789ab.tmp"
    new = tmp_path / ".docx-abcd.json.ba9876543210.tmp"
    other = tmp_path / ".notes.0123456789ab.tmp"
    for path in (old, new, other):
        path.write_bytes(b"partial")
        os.utime(path, ns=(0, 0))
    new.touch()
    cache.prune(own, 8)
    assert not old.exists() and new.exists() and other.exists()


def test_learnsum_s_own_folder_left_group_writable_is_made_private(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An earlier version made the folder under the user's umask (002 gives group write)."""
    from learnsum import cache

    monkeypatch.delenv("LEARNSUM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "learnsum").mkdir()
    (tmp_path / "learnsum").chmod(0o775)
    assert cache.make_folder() == tmp_path / "learnsum"
    assert (tmp_path / "learnsum").stat().st_mode & 0o777 == 0o700

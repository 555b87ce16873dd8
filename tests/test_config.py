"""`.learnsum.yaml`: discovery, every key (its effect, and bad values at their line:column),
`--config`, exit 2 for config errors in every command, and `learnsum config [--show]`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from learnsum.catalogue import SECTIONS_BY_KEY
from learnsum.config import ConfigError, find_config_file, load_config
from learnsum.problems import Severity
from support import TODAY, VALID, cli, position_of, replace, write


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A folder that is the root of a git repository, as far as discovery is concerned."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    path = write(tmp_path, ".learnsum.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [(p.line, p.column, p.rule, p.message) for p in caught.value.problems]


# -- discovery ------------------------------------------------------------------------------------


def test_config_at_the_repository_root_applies_to_nested_folders(repo: Path) -> None:
    write(repo, ".learnsum.yaml", "rules:\n  action-no-due-date: error\n")
    summary = write(repo, "reviews/2024/child-t.yaml", replace(VALID, "    due: 2027-01-31\n", ""))
    assert find_config_file(summary) == repo / ".learnsum.yaml"
    # From the root, from the file's own folder, and from outside the repository.
    for cwd, arg in ((repo, "reviews"), (summary.parent, "child-t.yaml"),
                     (repo.parent, summary)):
        result = cli("validate", arg, "--today", TODAY, cwd=cwd)
        assert result.returncode == 1, result.stdout
        assert "error" in result.stdout and "[action-no-due-date]" in result.stdout


def test_the_nearest_config_wins(repo: Path) -> None:
    write(repo, ".learnsum.yaml", "rules:\n  action-no-due-date: error\n")
    write(repo, "reviews/adults/.learnsum.yml", "rules:\n  action-no-due-date: off\n")
    text = replace(VALID, "    due: 2027-01-31\n", "")
    write(repo, "reviews/children/a.yaml", text)
    write(repo, "reviews/adults/deep/b.yaml", text)
    result = cli("validate", "reviews", "--today", TODAY, cwd=repo)
    assert result.returncode == 1
    assert "reviews/children/a.yaml:" in result.stdout
    assert "b.yaml" not in result.stdout
    assert result.stdout.rstrip().endswith("2 files checked: 1 error, 0 warnings")
    shown = cli("config", "reviews/adults/deep/b.yaml", cwd=repo)
    assert shown.returncode == 0
    assert shown.stdout.startswith("reviews/adults/.learnsum.yml ")


def test_discovery_stops_at_the_git_root(repo: Path) -> None:
    # A broken config above the repository would fail every command if it were read.
    write(repo.parent, ".learnsum.yaml", "rules: [this is not read]\n")
    write(repo, "reviews/ok.yaml", VALID)
    result = cli("validate", "reviews", "--today", TODAY, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert find_config_file(repo / "reviews" / "ok.yaml") is None
    shown = cli("config", cwd=repo / "reviews")
    assert "the defaults apply" in shown.stdout


def test_config_option_overrides_discovery(repo: Path, tmp_path: Path) -> None:
    write(repo, ".learnsum.yaml", "rules:\n  action-no-due-date: off\n")
    other = write(tmp_path, "elsewhere/strict.yaml", "rules:\n  action-no-due-date: error\n")
    write(repo, "reviews/a.yaml", replace(VALID, "    due: 2027-01-31\n", ""))
    assert cli("validate", "reviews", "--today", TODAY, cwd=repo).returncode == 0
    result = cli("validate", "reviews", "--config", other, "--today", TODAY, cwd=repo)
    assert result.returncode == 1
    assert "[action-no-due-date]" in result.stdout
    shown = cli("config", "--config", other, cwd=repo)
    assert "(given with --config)" in shown.stdout


def test_missing_config_option_file_is_a_usage_error(repo: Path) -> None:
    write(repo, "a.yaml", VALID)
    result = cli("validate", "a.yaml", "--config", "nope.yaml", cwd=repo)
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_config_means_the_defaults(repo: Path) -> None:
    write(repo, ".learnsum.yaml", "# nothing set yet\n")
    write(repo, "a.yaml", VALID)
    assert cli("validate", "a.yaml", "--today", TODAY, cwd=repo).returncode == 0


# -- bad values, each at its line and column -------------------------------------------------

BAD_CONFIG = """\
partnership: 42
marking: ''
sectons: {}
sections:
  audit:
    label: How will we know?
    promt: Say how.
  audits:
    label: x
  comments:
themes:
  County_Lines: County lines
  online-harm: 5
replace_themes: maybe
agencies: Health
slides_required_for: [scr, cpsr]
rules:
  audit-points-elswhere: off
  owner-names-person: loud
  unknown-key: off
  nhs-number: false
privacy:
  alow: []
  allow_patterns: ['NN1 1AA', '(unclosed']
  deny: Smith
  deny_list_file: not-there.txt
  allowed_mailboxes: [safeguarding, 7]
  roles: {}
"""

#: (needle in BAD_CONFIG, rule, words the message must contain)
EXPECTED = [
    ("42", "wrong-type", ["'partnership' should be text, but is a number"]),
    ("''", "wrong-type", ["'marking' is empty"]),
    ("sectons", "unknown-key", ["unknown key 'sectons'", "did you mean 'sections'?"]),
    ("promt", "unknown-key", ["unknown key 'promt'", "did you mean 'prompt'?",
                              "allowed here: label, prompt"]),
    ("audits", "unknown-key", ["unknown section 'audits'", "did you mean 'audit'?"]),
    ("comments", "wrong-type", ["'sections.comments' is empty"]),
    ("County_Lines", "invalid-value", ["theme id 'County_Lines'", "lower-case words"]),
    ("5", "wrong-type", ["'themes.online-harm' should be text, but is a number"]),
    ("maybe", "wrong-type", ["'replace_themes' should be true or false, but is text"]),
    ("Health", "wrong-type", ["'agencies' should be a list"]),
    ("cpsr", "unknown-value", ["unknown review type 'cpsr'", "use one of: scr, cspr"]),
    ("audit-points-elswhere", "unknown-key",
     ["unknown rule 'audit-points-elswhere'", "did you mean 'audit-points-elsewhere'?"]),
    ("loud", "unknown-value", ["'loud' is not a rule level", "use one of: off, warning, error"]),
    ("unknown-key: off", "invalid-value",
     ["the rule 'unknown-key' checks the format itself", "cannot be configured"]),
    ("false", "unknown-value", ["'false' is not a rule level", "did you mean 'off'?"]),
    ("alow", "unknown-key", ["unknown key 'alow'", "did you mean 'allow'?"]),
    ("'(unclosed'", "invalid-value", ["'(unclosed' is not a regular expression"]),
    ("Smith", "wrong-type", ["'privacy.deny' should be a list"]),
    ("not-there.txt", "invalid-value", ["privacy.deny_list_file", "not-there.txt"]),
    ("7]", "wrong-type", ["'privacy.allowed_mailboxes[2]' should be text, but is a number"]),
    ("{}\n", "wrong-type", ["'privacy.roles' should be a list"]),
]


def _needle_position(needle: str) -> tuple[int, int]:
    if needle == "{}\n":
        return position_of(BAD_CONFIG, "{}", 1)  # roles: {} (sectons: {} is the first)
    if needle == "''":
        return position_of(BAD_CONFIG, "''")
    return position_of(BAD_CONFIG, needle)


def test_every_bad_value_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    found = problems_of(tmp_path, BAD_CONFIG)
    for needle, rule, words in EXPECTED:
        line, column = _needle_position(needle)
        matching = [p for p in found if (p[0], p[1], p[2]) == (line, column, rule)]
        assert matching, f"no {rule} at {line}:{column} for {needle!r}; found {found}"
        for word in words:
            assert word in matching[0][3], (needle, matching[0][3])
    # Everything is reported in one run, nothing twice, and nothing else.
    assert len(found) == len(EXPECTED), found


def test_valid_values_of_every_key_load(tmp_path: Path) -> None:
    write(tmp_path, "deny.txt", "# the family's names\nSmithson\n")
    path = write(tmp_path, ".learnsum.yaml", FULL_CONFIG)
    config = load_config(path)
    assert config.partnership == "Northshire Safeguarding Children Partnership"
    assert config.marking == "OFFICIAL-SENSITIVE"
    assert config.section("audit").label == "How will we know that practice changed?"
    assert config.section("case_learning").prompt is None
    assert config.section("method_learning").prompt == "(Who took part, and for how long?)"
    assert config.theme_labels["county-lines"] == "County lines and criminal exploitation"
    assert "neglect" in config.theme_labels
    assert config.agencies == ("Health", "Police", "Children's Social Care", "Education")
    assert config.slides_required_for == ("scr", "cspr", "sar")
    assert config.rule_level("nhs-number", Severity.WARNING) is Severity.ERROR
    assert config.rule_level("audit-points-elsewhere", Severity.WARNING) is None
    assert config.rule_level("postcode", Severity.WARNING) is Severity.WARNING
    assert "Smithson" in config.privacy_settings.deny_terms  # type: ignore[attr-defined]


def test_syntax_errors_and_non_mappings_are_positioned(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "rules:\n  nhs-number: [error\n")
    assert found[0][2] == "yaml-syntax" and found[0][0] >= 2
    assert "learnsum configuration" in found[0][3]
    assert problems_of(tmp_path, "- a list\n") == [
        (1, 1, "not-a-mapping", "the configuration must be a mapping of keys to values "
                                "(partnership:, sections:, rules:, ...)")]


def test_replace_themes_without_themes_is_an_error(tmp_path: Path) -> None:
    text = "replace_themes: true\n"
    assert problems_of(tmp_path, text) == [
        (1, 17, "invalid-value",
         "'replace_themes: true' needs your own themes under 'themes:'; without them no theme "
         "could be used")]


def test_unreadable_deny_list_file(tmp_path: Path) -> None:
    write(tmp_path, "deny.txt", "")
    (tmp_path / "deny.txt").write_bytes(b"Sm\xefth\n")
    found = problems_of(tmp_path, "privacy:\n  deny_list_file: deny.txt\n")
    assert [(line, column, rule) for line, column, rule, _ in found] == [(2, 19, "invalid-value")]
    assert "not UTF-8" in found[0][3]


COMMANDS: list[tuple[str, list[str]]] = [
    ("validate", ["validate", "a.yaml"]),
    ("rules", ["rules"]),
    ("rules", ["themes"]),
    ("new", ["new", "b.yaml"]),
    ("config", ["config"]),
    ("config", ["config", "--show"]),
    ("render", ["render", "a.yaml", "--format", "md"]),
    ("report", ["report", "."]),
]


@pytest.mark.parametrize(("module", "args"), COMMANDS, ids=[" ".join(a) for _, a in COMMANDS])
def test_config_errors_exit_2_in_every_command(repo: Path, module: str, args: list[str]) -> None:
    if importlib.util.find_spec(f"learnsum.commands.{module}") is None:
        pytest.skip(f"learnsum {module} is not written yet")
    text = "rules:\n  nhs-numbr: error\n"
    write(repo, ".learnsum.yaml", text)
    write(repo, "a.yaml", VALID)
    result = cli(*args, cwd=repo)
    assert result.returncode == 2, (result.stdout, result.stderr)
    output = result.stdout + result.stderr
    assert ".learnsum.yaml:2:3:" in output
    assert "unknown rule 'nhs-numbr' (did you mean 'nhs-number'?)" in output
    assert "Traceback" not in output
    assert not (repo / "b.yaml").exists() and not (repo / "a.md").exists()


# -- what each key does --------------------------------------------------------------------------

FULL_CONFIG = """\
partnership: Northshire Safeguarding Children Partnership
marking: OFFICIAL-SENSITIVE
sections:
  audit:
    label: How will we know that practice changed?
  case_learning:
    prompt: ''
  method_learning:
    prompt: (Who took part, and for how long?)
themes:
  county-lines: County lines and criminal exploitation
agencies: [Health, Police, Children's Social Care, Education]
slides_required_for: [scr, cspr, sar]
rules:
  audit-points-elsewhere: off
  nhs-number: error
privacy:
  allow: [Dr Barnardo]
  allow_patterns: ['^NN1 1AA$']
  deny: [Smithson]
  deny_list_file: deny.txt
  allowed_mailboxes: [safeguarding, earlybird]
  roles: [Sister Matron]
"""


def test_new_uses_the_partnership_and_the_label_overrides(repo: Path) -> None:
    write(repo, "deny.txt", "Smithson\n")
    write(repo, ".learnsum.yaml", FULL_CONFIG)
    result = cli("new", "reviews/child-z.yaml", "--type", "sar", cwd=repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "reviews" / "child-z.yaml").read_text(encoding="utf-8")
    assert "partnership: 'Northshire Safeguarding Children Partnership'" in text
    assert "# How will we know that practice changed?\naudit:" in text
    assert SECTIONS_BY_KEY["audit"].label not in text
    # The removed prompt is gone, the replaced one is shown, and the others are untouched.
    assert SECTIONS_BY_KEY["case_learning"].prompt not in text
    assert "# " + SECTIONS_BY_KEY["case_learning"].label + "\ncase_learning:" in text
    assert "# (Who took part, and for how long?)\nmethod_learning:" in text
    assert SECTIONS_BY_KEY["single_agency"].prompt in text
    # sar needs slides in this partnership, so the starter asks for them.
    assert "\nslides: generate\n" in text


def test_extra_themes_are_known_and_replace_themes_drops_the_defaults(repo: Path) -> None:
    text = replace(VALID, "themes: [information-sharing]", "themes: [county-lines]")
    write(repo, "a.yaml", text)
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert result.returncode == 1 and "[unknown-theme]" in result.stdout
    write(repo, ".learnsum.yaml", "themes:\n  county-lines: County lines\n")
    assert cli("validate", "a.yaml", "--today", TODAY, cwd=repo).returncode == 0
    write(repo, ".learnsum.yaml", "themes:\n  county-lines: County lines\nreplace_themes: true\n")
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert result.returncode == 1
    # VALID's points still use the default information-sharing and domestic-abuse themes.
    line, column = position_of(text, "information-sharing, domestic-abuse")
    assert f"a.yaml:{line}:{column}: error" in result.stdout
    assert "[unknown-theme]" in result.stdout


def test_agencies_list_decides_unknown_agency(repo: Path) -> None:
    write(repo, "a.yaml", VALID)
    write(repo, ".learnsum.yaml", "agencies: [Health]\n")
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    line, column = position_of(VALID, "Police")
    assert f"a.yaml:{line}:{column}: warning" in result.stdout
    assert "[unknown-agency]" in result.stdout
    write(repo, ".learnsum.yaml", "agencies: [Health, Police]\n")
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert result.stdout == "1 file checked: no problems\n"


def test_slides_required_for_adds_a_review_type(repo: Path) -> None:
    write(repo, "a.yaml", VALID)
    assert cli("validate", "a.yaml", "--today", TODAY, cwd=repo).returncode == 0
    write(repo, ".learnsum.yaml", "slides_required_for: [learning-review]\n")
    result = cli("validate", "a.yaml", "--today", TODAY, "--strict", cwd=repo)
    assert result.returncode == 1
    line, column = position_of(VALID, "not-applicable")
    assert f"a.yaml:{line}:{column}: warning" in result.stdout
    assert "[slides-required]" in result.stdout


PRIVATE = replace(VALID, "The family were known to Early Help.",
                  "Mrs Smithson lived at NN1 1AA; write to earlybird@example.org.")


@pytest.mark.parametrize(
    ("setting", "rule", "reported"),
    [
        ("allow: [Mrs Smithson]", "titled-name", False),
        ("roles: [Mrs Smithson]", "titled-name", False),
        ("allow_patterns: ['^NN1 1AA$']", "postcode", False),
        ("allowed_mailboxes: [earlybird]", "email-address", False),
        ("deny: [Smithson]", "deny-list", True),
        ("deny_list_file: deny.txt", "deny-list", True),
    ],
)
def test_privacy_keys(repo: Path, setting: str, rule: str, reported: bool) -> None:
    write(repo, "deny.txt", "# surnames, kept out of git\nSmithson\n")
    write(repo, "a.yaml", PRIVATE)
    before = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert (f"[{rule}]" in before.stdout) is not reported, before.stdout
    write(repo, ".learnsum.yaml", f"privacy:\n  {setting}\n")
    after = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert after.returncode == 0, after.stdout + after.stderr
    assert (f"[{rule}]" in after.stdout) is reported, after.stdout
    if reported:
        line, column = position_of(PRIVATE, "Smithson")
        assert f"a.yaml:{line}:{column}: warning" in after.stdout


# -- learnsum config ------------------------------------------------------------------------------


def test_config_without_show_names_the_file_or_the_defaults(repo: Path) -> None:
    result = cli("config", cwd=repo)
    assert result.returncode == 0
    assert result.stdout.startswith("no .learnsum.yaml at or above ")
    assert result.stdout.rstrip().endswith("the defaults apply")
    write(repo, ".learnsum.yaml", "marking: OFFICIAL\n")
    write(repo, "reviews/a.yaml", VALID)
    result = cli("config", "reviews/a.yaml", cwd=repo)
    assert result.stdout == ".learnsum.yaml (applies to reviews/a.yaml)\n"


def test_config_show_prints_values_and_their_origin(repo: Path) -> None:
    write(repo, "deny.txt", "Smithson\nJones\n")
    write(repo, ".learnsum.yaml", FULL_CONFIG)
    result = cli("config", "--show", cwd=repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# learnsum configuration: .learnsum.yaml (applies to the current folder)"

    def line_of(start: str) -> str:
        matches = [line for line in lines if line.startswith(start)]
        assert matches, start
        return matches[0]

    def origin(needle: str) -> str:
        return f"# .learnsum.yaml:{position_of(FULL_CONFIG, needle)[0]}"

    assert line_of("marking: OFFICIAL-SENSITIVE").endswith(origin("marking:"))
    assert line_of("    label: How will we know that practice changed?").endswith(
        origin("How will we know"))
    assert line_of("  county-lines: County lines").endswith(origin("county-lines"))
    assert line_of("  neglect: Neglect").endswith("# default")
    assert line_of("  nhs-number: error").endswith(origin("nhs-number"))
    assert line_of("  postcode: warning").endswith("# default")
    assert line_of("  audit-points-elsewhere: off").endswith(origin("audit-points-elsewhere"))
    assert line_of("slides_required_for: [scr, cspr, sar]").endswith(
        origin("slides_required_for"))
    # The deny-list file's terms are counted, never printed.
    assert line_of("  deny_list_file: deny.txt").endswith("(2 terms)")
    assert "Jones" not in result.stdout
    # What is shown is YAML again, with the effective values.
    shown = YAML(typ="safe").load(result.stdout)
    assert shown["sections"]["case_learning"]["prompt"] == ""
    assert shown["sections"]["single_agency"] == {
        "label": SECTIONS_BY_KEY["single_agency"].label,
        "prompt": SECTIONS_BY_KEY["single_agency"].prompt,
    }
    assert shown["agencies"] == ["Health", "Police", "Children's Social Care", "Education"]
    assert shown["privacy"]["allowed_mailboxes"] == ["safeguarding", "earlybird"]


def test_config_show_with_defaults_only(repo: Path) -> None:
    result = cli("config", "--show", cwd=repo)
    assert result.returncode == 0
    shown = YAML(typ="safe").load(result.stdout)
    assert shown["partnership"] is None
    assert shown["slides_required_for"] == ["scr", "cspr"]
    assert shown["rules"]["nhs-number"] == "warning"
    assert "safeguarding" in shown["privacy"]["allowed_mailboxes"]
    origins = [line.rsplit("# ", 1)[-1] for line in result.stdout.splitlines()[1:] if "# " in line]
    assert origins and set(origins) <= {"default", "default (an error once status is final or "
                                        "published)"}


def test_config_of_a_missing_path_is_a_usage_error(repo: Path) -> None:
    result = cli("config", "nowhere/a.yaml", cwd=repo)
    assert result.returncode == 2
    assert result.stderr == "learnsum config: nowhere/a.yaml: no such file or folder\n"


def test_label_overrides_reach_the_markdown(repo: Path) -> None:
    if importlib.util.find_spec("learnsum.commands.render") is None:
        pytest.skip("learnsum render is not written yet")
    write(repo, "deny.txt", "Smithson\n")
    write(repo, ".learnsum.yaml", FULL_CONFIG)
    write(repo, "reviews/a.yaml", VALID)
    result = cli("render", "reviews/a.yaml", "--format", "md", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    markdown = (repo / "reviews" / "a.md").read_text(encoding="utf-8")
    assert "How will we know that practice changed?" in markdown
    assert SECTIONS_BY_KEY["audit"].label not in markdown
    assert SECTIONS_BY_KEY["case_learning"].prompt not in markdown
    assert "(Who took part, and for how long?)" in markdown
    assert "OFFICIAL-SENSITIVE" in markdown


def test_marking_must_be_one_line(tmp_path: Path) -> None:
    (tmp_path / ".learnsum.yaml").write_text('marking: "OFFICIAL\\nSENSITIVE"\n', encoding="utf-8")
    (tmp_path / "s.yaml").write_text(VALID, encoding="utf-8")
    result = cli("validate", "s.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert ".learnsum.yaml:1:10: error 'marking' must be one line" in result.stderr

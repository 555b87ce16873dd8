"""Rules that must not misfire on real partnerships' text: Welsh and bilingual role titles as
action owners, configured roles, and agencies with aliases (the rule, the configuration, `config
--show`, the board's report and the rendered summary)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from learnsum.config import Config, load_config
from learnsum.validate import check_text
from support import TODAY, VALID, cli, position_of, replace, write

TODAY_DATE = dt.date.fromisoformat(TODAY)
OWNER = "owner: Designated Nurse, Integrated Care Board"


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A folder that is the root of a git repository, as far as config discovery goes."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def rules_for(text: str, config: Config | None = None) -> list[str]:
    result = check_text(text, display="s.yaml", today=TODAY_DATE,
                        **({"config": config} if config is not None else {}))
    return [p.rule for p in result.problems]


def with_owner(owner: str) -> str:
    return replace(VALID, OWNER, f"owner: {owner}")


def with_agency(agency: str) -> str:
    return replace(VALID, "agency: Health", f"agency: {agency}")


def config_of(folder: Path, text: str) -> Config:
    return load_config(write(folder, ".learnsum.yaml", text))


# -- owner-names-person: Welsh and bilingual roles ---------------------------------------------


@pytest.mark.parametrize(
    "owner",
    [
        "Pennaeth Cynhwysiant / Head of Inclusion",
        "Cyfarwyddwr Addysg",
        "Rheolwr Diogelu",
        "Swyddog Diogelu Dynodedig",
        "Arweinydd Diogelu / Safeguarding Lead",
        "Nyrs Ddynodedig, Bwrdd Iechyd Prifysgol",
        "Meddyg Teulu",
        "Uwch Swyddog Diogelu",
        "Dirprwy Gyfarwyddwr",  # the soft mutation of Cyfarwyddwr after Dirprwy
        "Cydlynydd Diogelu",
        "Gweithiwr Cymdeithasol",
        "Ymgynghorydd Diogelu",
        "Prif Weithredwr",
        "Prif Swyddog Nyrsio",
    ],
)
def test_welsh_role_titles_are_roles(owner: str) -> None:
    assert "owner-names-person" not in rules_for(with_owner(owner))


@pytest.mark.parametrize(
    "owner",
    [
        "Mr Jones",
        "Sarah Smith",
        "Mrs Jones, Pennaeth",
        "Mrs Jones, Pennaeth Cynhwysiant / Head of Inclusion",
        "Sarah Smith / Rheolwr Diogelu",
        "Siân Williams",          # a Welsh name with a circumflex
        "Llŷr Evans",
        "Dafydd ap Rhys",         # a Welsh patronymic
        "Tim Jones",              # "Tim" is a name, not the Welsh "tîm" (team)
    ],
)
def test_people_are_still_people_in_a_welsh_context(owner: str) -> None:
    # (A title + name is also a privacy finding, titled-name; that rule is not this one.)
    found = [r for r in rules_for(with_owner(owner)) if r != "titled-name"]
    assert found == ["owner-names-person"]


def test_configured_roles_are_roles_for_the_owner_rule(repo: Path) -> None:
    text = with_owner("Hwylusydd Cymunedol")  # community facilitator: in no vocabulary
    write(repo, "a.yaml", text)
    before = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    line, column = position_of(text, "Hwylusydd Cymunedol")
    assert before.stdout.splitlines()[0] == (
        f"a.yaml:{line}:{column}: warning action 1's owner looks like a person's name; name the "
        "role (e.g. 'Designated Nurse, ICB'), as people move on and summaries are shared "
        "[owner-names-person]")
    write(repo, ".learnsum.yaml",
          "privacy:\n  roles: [Sister Matron, hwylusydd  cymunedol]\n")
    after = cli("validate", "a.yaml", "--today", TODAY, "--strict", cwd=repo)
    assert after.returncode == 0, after.stdout
    assert after.stdout == "1 file checked: no problems\n"


@pytest.mark.parametrize(
    ("owner", "person"),
    [
        ("Sister Matron", False),
        ("Sister Matron, Ward 4 / Hwylusydd Cymunedol", False),
        ("Hwylusydd Cymunedol Gogledd", False),
        ("Mrs Jones, Sister Matron", True),
        ("Sister Matron Jane Smith", True),
    ],
)
def test_an_owner_made_of_configured_roles_never_fires(tmp_path: Path, owner: str,
                                                       person: bool) -> None:
    config = config_of(tmp_path, "privacy:\n  roles: [Sister Matron, Hwylusydd Cymunedol]\n")
    found = [r for r in rules_for(with_owner(owner), config) if r == "owner-names-person"]
    assert found == (["owner-names-person"] if person else [])


# -- unknown-agency: names and aliases, compared whole -----------------------------------------


@pytest.mark.parametrize(
    ("agency", "suggestion"),
    [
        ("Education Authority", "Education"),
        ("Northamptonshire Police", "Police"),
        ("Health Visitng", "Health Visiting"),
    ],
)
def test_a_name_that_only_contains_an_agency_is_unknown(agency: str, suggestion: str) -> None:
    text = with_agency(agency)
    found = [p for p in check_text(text, display="s.yaml", today=TODAY_DATE).problems]
    assert [p.rule for p in found] == ["unknown-agency"]
    assert (found[0].line, found[0].column) == position_of(text, agency)
    assert f"did you mean '{suggestion}'?" in found[0].message
    assert "\n" not in found[0].message


def test_unknown_agency_message_says_how_to_make_an_alias(repo: Path) -> None:
    text = with_agency("Education Authority")
    write(repo, "a.yaml", text)
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    line, column = position_of(text, "Education Authority")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"a.yaml:{line}:{column}: warning agency 'Education Authority' is not in the list of "
        "agencies (did you mean 'Education'?); write 'Education', or add 'Education Authority' "
        "to the aliases of 'Education' under `agencies:` in .learnsum.yaml [unknown-agency]",
        "1 file checked: 0 errors, 1 warning",
    ]


@pytest.mark.parametrize(
    "agency",
    ["General Practice", "GP", "general  practice", "Youth Offending", "Schools",
     "Clinical Commissioning Group", "Maternity", "Children’s social care", "childrens social care",
     "Heddlu", "Heddlu / Police", "Police/Heddlu", "A & E", "Health Board", "Bwrdd Iechyd"],
)
def test_default_agencies_and_their_aliases_are_known(agency: str) -> None:
    assert rules_for(with_agency(f'"{agency}"')) == []


def test_a_bilingual_name_of_two_agencies_is_reported() -> None:
    text = with_agency("Health / Police")
    found = check_text(text, display="s.yaml", today=TODAY_DATE).problems
    assert [p.rule for p in found] == ["unknown-agency"]
    assert "names more than one agency ('Health', 'Police')" in found[0].message


ALIASES = """\
agencies:
  - Police
  - Children's Social Care
  - name: Health
    aliases: [Health Board, NHS, ICB, Bwrdd Iechyd]
  - name: Gwasanaethau Plant / Children's Services
    aliases: [Gwasanaethau Plant, Children's Services]
"""


@pytest.mark.parametrize(
    ("agency", "rules"),
    [
        ("Health", []),
        ("NHS", []),
        ("nhs", []),
        ("Health Board", []),
        ("Bwrdd Iechyd / Health Board", []),
        ("Gwasanaethau Plant", []),
        ("Gwasanaethau Plant / Children's Services", []),
        ("NHS Trust", ["unknown-agency"]),
        ("Education", ["unknown-agency"]),  # a default agency, but not in this list
        ("Health Boards", ["unknown-agency"]),
    ],
)
def test_configured_aliases_are_known_and_nothing_else(tmp_path: Path, agency: str,
                                                       rules: list[str]) -> None:
    config = config_of(tmp_path, ALIASES)
    assert rules_for(with_agency(f'"{agency}"'), config) == rules


def test_an_unknown_agency_is_sent_to_the_nearest_alias(tmp_path: Path) -> None:
    config = config_of(tmp_path, ALIASES)
    text = with_agency("Heath Board")
    found = check_text(text, display="s.yaml", today=TODAY_DATE, config=config).problems
    assert [p.rule for p in found] == ["unknown-agency"]
    assert "did you mean 'Health Board'?" in found[0].message


# -- the configuration of aliases --------------------------------------------------------------


def test_aliases_in_the_configuration_are_checked_at_their_place(repo: Path) -> None:
    config = """\
agencies:
  - Police
  - name: Health
    aliases: [NHS, Police]
  - name: Education
    alias: [Schools]
  - aliases: [Heddlu]
  - 101
  - name: Housing
    aliases: [Tai, tai]
"""
    write(repo, ".learnsum.yaml", config)
    write(repo, "a.yaml", VALID)
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert result.returncode == 2
    lines = result.stderr.splitlines()

    def at(needle: str, occurrence: int = 0) -> str:
        line, column = position_of(config, needle, occurrence)
        return f".learnsum.yaml:{line}:{column}: error "

    assert lines[:-1] == [
        at("Police", 1) + "'Police' is already an agency at line 2; a name can belong to one "
        "agency only [invalid-value]",
        at("alias:") + "unknown key 'alias' (did you mean 'aliases'?) in agencies[3]; allowed "
        "here: name, aliases [unknown-key]",
        at("aliases: [Heddlu]") + "'agencies[4]' needs a name: (e.g. {name: Health, aliases: "
        "[Health Board, NHS]}) [missing-key]",
        at("101") + "'agencies[5]' should be an agency's name, or name: and aliases:, but is a "
        "number [wrong-type]",
        at("tai]") + "'tai' is already an alias of 'Housing' at line 10; a name can belong to "
        "one agency only [invalid-value]",
    ], result.stderr
    assert lines[-1] == "learnsum: the configuration is not valid; nothing was checked or written"


def test_config_show_prints_agencies_with_their_aliases_and_origins(repo: Path) -> None:
    write(repo, ".learnsum.yaml", ALIASES)
    result = cli("config", "--show", cwd=repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    health = [line for line in lines if line.startswith("  - {name: Health,")]
    assert health == [health[0]]
    assert health[0].startswith(
        "  - {name: Health, aliases: [Health Board, NHS, ICB, Bwrdd Iechyd]}")
    assert health[0].endswith(f"# .learnsum.yaml:{position_of(ALIASES, 'name: Health')[0]}")
    shown = YAML(typ="safe").load(result.stdout)
    assert shown["agencies"] == [
        "Police", "Children's Social Care",
        {"name": "Health", "aliases": ["Health Board", "NHS", "ICB", "Bwrdd Iechyd"]},
        {"name": "Gwasanaethau Plant / Children's Services",
         "aliases": ["Gwasanaethau Plant", "Children's Services"]},
    ]
    # What --show prints is a configuration again: pasted back, it means the same.
    write(repo, "other/.learnsum.yaml", result.stdout)
    assert load_config(repo / "other/.learnsum.yaml").agency_list == \
        load_config(repo / ".learnsum.yaml").agency_list


def test_config_show_of_the_defaults_makes_general_practice_an_alias_of_gp(repo: Path) -> None:
    result = cli("config", "--show", cwd=repo)
    shown = YAML(typ="safe").load(result.stdout)
    names = [a if isinstance(a, str) else a["name"] for a in shown["agencies"]]
    aliases = {a["name"]: a["aliases"] for a in shown["agencies"] if isinstance(a, dict)}
    assert "General Practice" not in names and "General Practice" in aliases["GP"]
    assert "Youth Offending" in aliases["Youth Justice"]
    assert "Clinical Commissioning Group" in aliases["Integrated Care Board"]
    every = [n.casefold() for n in names] + [x.casefold() for a in aliases.values() for x in a]
    assert len(every) == len(set(every))


def test_aliases_are_never_personal_identifiers(repo: Path) -> None:
    text = replace(VALID, "The family were known to Early Help.",
                   "The family were known to Dr Gray's Hospital.")
    write(repo, "a.yaml", text)
    assert "[titled-name]" in cli("validate", "a.yaml", "--today", TODAY, cwd=repo).stdout
    write(repo, ".learnsum.yaml",
          "agencies: [Health, Police, {name: Hospital, aliases: [Dr Gray's Hospital]}]\n")
    result = cli("validate", "a.yaml", "--today", TODAY, cwd=repo)
    assert result.stdout == "1 file checked: no problems\n", result.stdout


# -- the report counts an alias as its agency; the summary shows what the author wrote ---------


def summary_with(title: str, agencies: list[tuple[str, int]]) -> str:
    text = replace(VALID, "title: Child T", f"title: {title}")
    block = "".join(
        f'  - agency: "{name}"\n    points:\n'
        + "".join(f"      - Point {n} for this agency.\n" for n in range(1, count + 1))
        for name, count in agencies
    )
    start = text.index("single_agency:\n") + len("single_agency:\n")
    return text[:start] + block + text[text.index("multi_agency:"):]


def agencies_table(repo: Path, *args: str) -> list[list[str]]:
    result = cli("report", "reviews", "-f", "csv", "--table", "agencies", "--today", TODAY,
                 *args, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))[1:]


def test_report_counts_default_aliases_under_their_agency(repo: Path) -> None:
    write(repo, "reviews/a.yaml", summary_with("Child A", [("Health", 2), ("GP", 1)]))
    write(repo, "reviews/b.yaml", summary_with("Child B", [("Health Board", 1),
                                                          ("General Practice", 1)]))
    write(repo, "reviews/c.yaml", summary_with("Child C", [("health  board", 1),
                                                          ("Youth Offending", 1)]))
    assert agencies_table(repo) == [["Health", "3", "4"], ["GP", "2", "2"],
                                    ["Youth Justice", "1", "1"]]


def test_report_counts_configured_aliases_under_their_agency(repo: Path) -> None:
    write(repo, ".learnsum.yaml", ALIASES)
    write(repo, "reviews/a.yaml", summary_with("Child A", [("Health", 1), ("Police", 1)]))
    write(repo, "reviews/b.yaml", summary_with("Child B", [("NHS", 2), ("Heddlu / Police", 1)]))
    write(repo, "reviews/c.yaml", summary_with("Child C", [("Bwrdd Iechyd / Health Board", 1),
                                                          ("Gwasanaethau Plant", 1)]))
    write(repo, "reviews/d.yaml", summary_with("Child D", [("ICB", 1), ("Children's Services", 2)]))
    assert agencies_table(repo) == [
        ["Health", "4", "5"],
        ["Gwasanaethau Plant / Children's Services", "2", "3"],
        ["Police", "2", "2"],
    ]
    check = cli("validate", "reviews", "--today", TODAY, "--strict", cwd=repo)
    assert check.returncode == 0, check.stdout


def test_rendered_summary_keeps_the_agency_as_written(repo: Path) -> None:
    write(repo, ".learnsum.yaml", ALIASES)
    write(repo, "a.yaml", summary_with("Child A", [("Bwrdd Iechyd / Health Board", 1)]))
    result = cli("render", "a.yaml", "-f", "md", "-o", "a.md", "--today", TODAY, cwd=repo)
    assert result.returncode == 0, result.stderr
    markdown = (repo / "a.md").read_text(encoding="utf-8")
    assert "Bwrdd Iechyd / Health Board" in markdown
    assert "### Health\n" not in markdown

"""The rule registry: each rule's documentation, `learnsum rules --explain`, and the docs' table."""

from __future__ import annotations

import re
from pathlib import Path

from learnsum.commands.rules import rules_markdown_table
from learnsum.rules import REGISTRY
from support import cli

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_docs_rules_table_is_the_registry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"<!-- rules table:[^\n]*-->\n(.*?)<!-- end of rules table -->", text, re.S)
    assert match is not None, "docs/configuration.md has lost its generated rules table"
    assert match.group(1) == rules_markdown_table(), (
        "the rules table in docs/configuration.md differs from the registry; "
        "regenerate it with learnsum.commands.rules.rules_markdown_table()")


def test_every_rule_has_documentation() -> None:
    for rule in REGISTRY.values():
        assert rule.summary.strip(), rule.id
        assert rule.doc.strip(), f"{rule.id} has no documentation"
        assert rule.explain().startswith(rule.id)


def test_explain_prints_the_rules_documentation() -> None:
    result = cli("rules", "--explain", "audit-points-elsewhere")
    assert result.returncode == 0
    assert result.stdout.startswith("audit-points-elsewhere (content, default level warning)")
    assert REGISTRY["audit-points-elsewhere"].summary in result.stdout


def test_explain_an_unknown_rule_suggests_the_nearest() -> None:
    result = cli("rules", "--explain", "audit-point-elsewhere")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "learnsum: error: unknown rule 'audit-point-elsewhere' "
        "(did you mean 'audit-points-elsewhere'?); `learnsum rules` lists them"]


def _listed_rows(text: str) -> list[list[str]]:
    """The rows of the (abridged) `learnsum rules` examples in a document."""
    rows: list[list[str]] = []
    for block in re.findall(r"```console\n\$ learnsum rules\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith("│"):
                cells = [cell.strip() for cell in line.strip("│").split("│")]
                if cells[0]:
                    rows.append(cells)
    return rows


def test_the_documented_rules_listings_are_the_registry() -> None:
    """The `learnsum rules` examples in README.md and docs/configuration.md name registered
    rules with their default level and kind."""
    root = DOCS.parent.parent
    for name in ("README.md", "docs/configuration.md"):
        rows = _listed_rows((root / name).read_text(encoding="utf-8"))
        assert rows, f"{name} has lost its `learnsum rules` example"
        for rule_id, default, _here, kind, *_ in rows:
            assert rule_id in REGISTRY, f"{name} lists {rule_id!r}, which is not a rule"
            rule = REGISTRY[rule_id]
            assert default == rule.level.value, (name, rule_id)
            assert kind == (rule.category if rule.configurable else "format (always)"), (
                name, rule_id)

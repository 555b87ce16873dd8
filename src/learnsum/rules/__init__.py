"""The rule registry: every check learnsum makes has an id, a default level and a docstring.

Format rules are found while a file is read and its shape checked (they describe why it is not a
valid summary, and cannot be switched off). Content rules run on a valid summary; each module
registers its rules with :func:`rule` and its check with :func:`checker`, and may report at a
level of its own choosing where docs/format.md says so (placeholders are errors in a final summary).
Configuration (`rules:` in `.learnsum.yaml`) and `# learnsum: disable-line` comments then decide
what is reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ..problems import Severity
from ..records import record

if TYPE_CHECKING:
    from ..config import Config
    from ..loader import Document, YamlPath
    from ..summary import Summary


@record(frozen=True)
class Rule:
    id: str
    level: Severity
    category: str  # "format", "content" or "privacy"
    summary: str
    configurable: bool
    #: The user documentation (what it finds, why, how to fix): `learnsum rules --explain ID`.
    doc: str = ""

    def explain(self) -> str:
        """The text `learnsum rules --explain` prints for this rule."""
        kind = self.category if self.configurable else "format (always an error)"
        head = f"{self.id} ({kind}, default level {self.level.value})"
        parts = [head, "", self.summary]
        if self.doc.strip():
            import inspect  # here: only `learnsum rules --explain` needs it

            parts += ["", inspect.cleandoc(self.doc)]
        return "\n".join(parts) + "\n"


@record(frozen=True)
class Hit:
    """What a check found: a rule, a place, a message, and the level if the check decides it."""

    rule: str
    line: int
    column: int
    message: str
    level: Severity | None = None
    #: The file the hit is in when it is not the summary (the configuration, for a pattern of
    #: its own that fails on the summary): always an error, whatever the rules or comments say.
    file: str | None = None


@record
class Context:
    """What a content check may look at. `summary` is None when the file's shape is wrong: then
    only the checks that read the text itself (privacy, placeholders) run."""

    document: Document
    summary: Summary | None
    config: Config
    today: dt.date

    @property
    def model(self) -> Summary:
        """The valid summary (only checks registered with needs_summary=True read it)."""
        assert self.summary is not None, "a check that needs the summary ran without one"
        return self.summary

    def hit(self, rule: str, path: YamlPath, message: str, *, key: bool = False,
            level: Severity | None = None) -> Hit:
        """A hit placed at the value (or the key) at `path`."""
        position = self.document.key_position(path) if key else self.document.value_position(path)
        return Hit(rule, position[0], position[1], message, level)

    def hit_in_text(self, rule: str, path: YamlPath, needle: str, message: str,
                    occurrence: int = 0, level: Severity | None = None, *,
                    offset: int | None = None) -> Hit:
        """A hit placed at `needle` inside the string at `path`: at its `offset` in the string
        when that is known (a look-up, however many hits the string has), else at its
        `occurrence`-th appearance (a search of the string)."""
        if offset is not None:
            line, column = self.document.offset_position(path, offset, needle)
        else:
            line, column = self.document.text_position(path, needle, occurrence)
        return Hit(rule, line, column, message, level)


Check = Callable[[Context], Iterable[Hit]]

REGISTRY: dict[str, Rule] = {}
#: (the rules a check reports, whether it needs a valid summary, the check)
CHECKERS: list[tuple[frozenset[str], bool, Check]] = []


def rule(rule_id: str, level: Severity, summary: str, *, category: str = "content",
         configurable: bool = True, doc: str | None = None) -> Rule:
    """Register a rule. `summary` is the one line `learnsum rules` shows; `doc` (the module's
    docstring, as a rule module passes it) is what `learnsum rules --explain` adds."""
    if rule_id in REGISTRY:
        raise ValueError(f"rule {rule_id} registered twice")
    registered = Rule(rule_id, level, category, summary, configurable, doc or "")
    REGISTRY[rule_id] = registered
    return registered


def checker(*rules: Rule, needs_summary: bool = True) -> Callable[[Check], Check]:
    """Register a check that reports the given rules. A check that reads only the text
    (needs_summary=False) also runs on a file whose shape is wrong, so that a typo in one key
    does not hide an NHS number in another."""

    def register(check: Check) -> Check:
        CHECKERS.append((frozenset(r.id for r in rules), needs_summary, check))
        return check

    return register


def run_checks(context: Context, only: frozenset[str] | None = None) -> Iterator[Hit]:
    """Every hit of every check whose rules are wanted (all, or `only`)."""
    for rule_ids, needs_summary, check in CHECKERS:
        if only is not None and not (rule_ids & only):
            continue
        if needs_summary and context.summary is None:
            continue
        for hit in check(context):
            if only is None or hit.rule in only or hit.file is not None:
                yield hit


# Importing the modules registers their rules, in the order `learnsum rules` lists them.
# (The order is the list's order: keep it as written.)
# isort: off
from . import format as _format  # noqa: E402,F401
from . import empty_section, themes, dates, review_label  # noqa: E402,F401
from . import audit, actions, owner, placeholder, slides, agencies  # noqa: E402,F401
from . import comments  # noqa: E402,F401
from . import import_unchecked  # noqa: E402,F401
from . import privacy as _privacy  # noqa: E402,F401
# isort: on

"""Reading `.learnsum.yaml`: the keys it may hold (Pydantic models, which also give its JSON
Schema) and a key-by-key check that reports every mistake at its own line and column.

Kept apart from :mod:`learnsum.config` so that a run without a configuration file never imports
Pydantic's model machinery for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import catalogue
from .agency_names import Agency, agency_key
from .catalogue import SECTIONS, SECTIONS_BY_KEY
from .config import ConfigError, RuleLevel, deny_list_path
from .problems import Problem, Severity

if TYPE_CHECKING:
    from .loader import Document


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionWording(_Strict):
    label: str | None = None
    prompt: str | None = Field(
        default=None, description="The guidance prompt; an empty string removes it."
    )


class AgencyEntry(_Strict):
    """An agency that goes by other names too."""

    name: str = Field(description="The agency's name, as reports count it.")
    aliases: list[str] | None = Field(
        default=None,
        description="Other names of the same agency (older names, abbreviations, another "
        "language); a summary may use them, and reports count them as this agency.",
    )


class PrivacyConfig(_Strict):
    allow: list[str] = Field(default_factory=list, description="Terms that are never identifiers.")
    allow_patterns: list[str] = Field(
        default_factory=list, description="Regular expressions of text that is never an identifier."
    )
    deny: list[str] = Field(default_factory=list, description="Terms always reported, e.g. surnames.")
    deny_list_file: str | None = Field(
        default=None,
        description="A file of deny terms, one a line, relative to this config (keep it out of git).",
    )
    allowed_mailboxes: list[str] | None = Field(
        default=None, description="Local parts of role mailboxes (safeguarding@...) that are fine."
    )
    roles: list[str] = Field(
        default_factory=list,
        description="Role titles: never a person's name, in the text (a title + name) or as an "
        "action's owner.",
    )

    @field_validator("allow_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        from .privacy import compile_user_pattern

        for pattern in patterns:
            compile_user_pattern(pattern)  # ValueError: "'...' is not a regular expression"
        return patterns


class ConfigFile(_Strict):
    """The keys of `.learnsum.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="learnsum configuration")

    partnership: str | None = Field(default=None, description="Shown on every document.")
    marking: str | None = Field(
        default=None, description="Protective marking, e.g. OFFICIAL-SENSITIVE."
    )
    sections: dict[str, SectionWording] = Field(
        default_factory=dict, description="This partnership's wording of the form's rows."
    )
    themes: dict[str, str] = Field(
        default_factory=dict, description="Themes (id: label) added to the vocabulary."
    )
    replace_themes: bool = Field(
        default=False, description="Use only the themes listed here, not the default vocabulary."
    )
    agencies: list[str | AgencyEntry] | None = Field(
        default=None,
        description="The agencies of this partnership: a name, or {name, aliases} for an agency "
        "that goes by other names too.",
    )
    slides_required_for: list[str] | None = Field(
        default=None, description="Review types whose summaries need practitioner slides."
    )
    rules: dict[str, RuleLevel] = Field(
        default_factory=dict, description="Rule id: off, warning or error."
    )
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)

    def agency_list(self) -> tuple[Agency, ...]:
        """`agencies:` as Agency values (an empty list when it is not set)."""
        return tuple(
            Agency(entry) if isinstance(entry, str) else Agency(entry.name,
                                                                tuple(entry.aliases or ()))
            for entry in self.agencies or ()
        )

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: dict[str, SectionWording]) -> dict[str, SectionWording]:
        for key in value:
            if key not in SECTIONS_BY_KEY:
                raise ValueError(_unknown("section", key, [s.key for s in SECTIONS]))
        return value

    @field_validator("slides_required_for")
    @classmethod
    def _known_types(cls, value: list[str] | None) -> list[str] | None:
        known = catalogue.ids(catalogue.REVIEW_TYPES)
        for review_type in value or []:
            if review_type not in known:
                raise ValueError(_unknown("review type", review_type, list(known)))
        return value

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, str]) -> dict[str, str]:
        from .rules import REGISTRY

        for rule_id in value:
            rule = REGISTRY.get(rule_id)
            if rule is None:
                raise ValueError(_unknown("rule", rule_id, list(REGISTRY)))
            if not rule.configurable:
                raise ValueError(
                    f"the rule '{rule_id}' checks the format itself and cannot be changed"
                )
        return value

    @field_validator("themes")
    @classmethod
    def _theme_ids(cls, value: dict[str, str]) -> dict[str, str]:
        import re

        for theme_id in value:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", theme_id):
                raise ValueError(
                    f"theme id '{theme_id}' should be lower-case words joined by hyphens"
                )
        return value


def _unknown(what: str, value: str, known: list[str]) -> str:
    from .suggest import did_you_mean

    return f"unknown {what} '{value}'{did_you_mean(value, known)}"


def read_config_file(path: Path) -> ConfigFile | None:
    """Read and check a config file; raise ConfigError with every problem found, positioned.

    The file is checked key by key against the raw YAML (not only by the Pydantic model) so
    that each mistake is reported at its own line and column, all at once, with a suggestion
    where a key, rule id or review type looks misspelt.
    """
    from .files import display_path
    from .loader import LoadFailure, load
    from .validate import problems_from_validation_error

    display = display_path(path)
    document = load(path, display)
    if isinstance(document, LoadFailure):
        if document.rule == "empty-file":
            # An empty (or all-comment) config is a valid way of saying "the defaults".
            return None
        raise ConfigError(
            [Problem(display, document.line, document.column, Severity.ERROR, document.rule,
                     f"{document.message} (in the learnsum configuration)")]
        )
    if document.key_failures:
        raise ConfigError([Problem(display, failure.line, failure.column, Severity.ERROR,
                                   failure.rule, failure.message)
                           for failure in document.key_failures])
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem(display, 1, 1, Severity.ERROR, "not-a-mapping",
                     "the configuration must be a mapping of keys to values "
                     "(partnership:, sections:, rules:, ...)")]
        )
    checker = _Checker(document, path)
    checker.check(data)
    if checker.problems:
        raise ConfigError(sorted(checker.problems))
    # An empty value (`agencies:` with nothing after it) means "not set": keep the default.
    settings = {key: value for key, value in data.items() if value is not None}
    try:
        file = ConfigFile.model_validate(settings)
    except ValidationError as error:  # pragma: no cover - the checker above reports these first
        raise ConfigError(problems_from_validation_error(document, error, ConfigFile)) from None
    return file


_LEVELS = ("off", "warning", "error")


class _Checker:
    """Walks a config file's data beside its YAML nodes and collects positioned problems."""

    def __init__(self, document: Document, path: Path) -> None:
        self.document = document
        self.path = path
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------------

    def _report(self, rule: str, position: tuple[int, int], message: str) -> None:
        self.problems.append(
            Problem(self.document.display, position[0], position[1], Severity.ERROR, rule, message)
        )

    def at_value(self, path: tuple[str | int, ...], rule: str, message: str) -> None:
        self._report(rule, self.document.value_position(path), message)

    def at_key(self, path: tuple[str | int, ...], rule: str, message: str) -> None:
        self._report(rule, self.document.key_position(path), message)

    # -- shapes ------------------------------------------------------------------------------

    def mapping(self, path: tuple[str | int, ...], value: object, what: str) -> dict[object, object]:
        if isinstance(value, dict):
            return value
        self.at_value(path, "wrong-type",
                      f"'{_dotted(path)}' should be {what}, but is {_describe(value)}")
        return {}

    def keys(self, path: tuple[str | int, ...], value: dict[object, object],
             known: list[str]) -> None:
        for key in value:
            if str(key) not in known:
                self.at_key((*path, str(key)), "unknown-key",
                            f"unknown key '{key}'{_hint(str(key), known)} in "
                            f"{_dotted(path) or 'the configuration'}; allowed here: "
                            f"{', '.join(known)}")

    def text(self, path: tuple[str | int, ...], value: object, *, empty_ok: bool = False) -> bool:
        if isinstance(value, str) and (empty_ok or value.strip()):
            return True
        if isinstance(value, str):
            self.at_value(path, "wrong-type", f"'{_dotted(path)}' is empty; give the text, "
                          "or remove the key to keep the default")
        else:
            self.at_value(path, "wrong-type",
                          f"'{_dotted(path)}' should be text, but is {_describe(value)}")
        return False

    def texts(self, path: tuple[str | int, ...], value: object) -> list[tuple[int, str]]:
        """The valid items of a list of text (bad items are reported)."""
        if not isinstance(value, list):
            self.at_value(path, "wrong-type",
                          f"'{_dotted(path)}' should be a list (items starting with '- '), "
                          f"but is {_describe(value)}")
            return []
        good: list[tuple[int, str]] = []
        for index, item in enumerate(value):
            if self.text((*path, index), item):
                good.append((index, str(item)))
        return good

    # -- the keys ----------------------------------------------------------------------------

    def check(self, data: dict[object, object]) -> None:
        self.keys((), data, list(ConfigFile.model_fields))
        for key in ("partnership", "marking"):
            value = data.get(key)
            if value is not None and self.text((key,), value) and "\n" in str(value).strip():
                self.at_value((key,), "invalid-value",
                              f"'{key}' must be one line (it is printed in page headers)")
        if data.get("sections") is not None:
            self.sections(self.mapping(("sections",), data["sections"],
                                       "a mapping of section keys to label/prompt"))
        if data.get("themes") is not None:
            self.themes(self.mapping(("themes",), data["themes"], "a mapping of theme id: label"))
        replace = data.get("replace_themes")
        if replace is not None:
            if not isinstance(replace, bool):
                self.at_value(("replace_themes",), "wrong-type",
                              f"'replace_themes' should be true or false, but is "
                              f"{_describe(replace)}")
            elif replace and not data.get("themes"):
                self.at_value(("replace_themes",), "invalid-value",
                              "'replace_themes: true' needs your own themes under 'themes:'; "
                              "without them no theme could be used")
        if data.get("agencies") is not None:
            self.agencies(data["agencies"])
        if data.get("slides_required_for") is not None:
            known = list(catalogue.ids(catalogue.REVIEW_TYPES))
            for index, review_type in self.texts(("slides_required_for",),
                                                 data["slides_required_for"]):
                if review_type not in known:
                    self.at_value(("slides_required_for", index), "unknown-value",
                                  f"unknown review type '{review_type}'"
                                  f"{_hint(review_type, known)}; use one of: {', '.join(known)}")
        if data.get("rules") is not None:
            self.rules(self.mapping(("rules",), data["rules"],
                                    "a mapping of rule id: off, warning or error"))
        if data.get("privacy") is not None:
            self.privacy(self.mapping(("privacy",), data["privacy"], "a mapping of keys"))

    def sections(self, sections: dict[object, object]) -> None:
        known = [section.key for section in SECTIONS]
        for key, wording in sections.items():
            path: tuple[str | int, ...] = ("sections", str(key))
            if str(key) not in known:
                self.at_key(path, "unknown-key",
                            f"unknown section '{key}'{_hint(str(key), known)}; the sections are: "
                            f"{', '.join(known)}")
                continue
            if wording is None:
                self.at_key(path, "wrong-type",
                            f"'{_dotted(path)}' is empty; give a label: and/or a prompt:")
                continue
            fields = self.mapping(path, wording, "a mapping with label: and/or prompt:")
            self.keys(path, fields, list(SectionWording.model_fields))
            if fields.get("label") is not None:
                self.text((*path, "label"), fields["label"])
            if fields.get("prompt") is not None:
                # An empty prompt is how a partnership removes the form's guidance text.
                self.text((*path, "prompt"), fields["prompt"], empty_ok=True)

    def agencies(self, agencies: object) -> None:
        """A list of names and {name, aliases} entries; no name may belong to two agencies
        (nor be given twice), or a summary's agency would be counted under either."""
        path: tuple[str | int, ...] = ("agencies",)
        if not isinstance(agencies, list):
            self.texts(path, agencies)
            return
        # A name's key -> what it already is ("an agency", "an alias of 'Health'") and its line.
        seen: dict[str, tuple[str, int]] = {}

        def claim(item_path: tuple[str | int, ...], name: str, agency: str | None) -> None:
            key = agency_key(name)
            name = " ".join(name.split())  # shown on one line
            if not key:
                self.at_value(item_path, "invalid-value",
                              f"'{name}' is not an agency's name: it has no letters or digits")
                return
            if key in seen:
                what, line = seen[key]
                self.at_value(item_path, "invalid-value",
                              f"'{name}' is already {what} at line {line}; a name can belong to "
                              "one agency only")
                return
            what = "an agency" if agency is None else f"an alias of '{agency}'"
            seen[key] = (what, self.document.value_position(item_path)[0])

        for index, entry in enumerate(agencies):
            entry_path = (*path, index)
            if isinstance(entry, str):
                if self.text(entry_path, entry):
                    claim(entry_path, entry, None)
                continue
            if not isinstance(entry, dict):
                self.at_value(entry_path, "wrong-type",
                              f"'{_dotted(entry_path)}' should be an agency's name, or name: "
                              f"and aliases:, but is {_describe(entry)}")
                continue
            known = list(AgencyEntry.model_fields)
            self.keys(entry_path, entry, known)
            if entry.get("name") is None:
                self.at_value(entry_path, "missing-key",
                              f"'{_dotted(entry_path)}' needs a name: "
                              "(e.g. {name: Health, aliases: [Health Board, NHS]})")
                continue
            if not self.text((*entry_path, "name"), entry["name"]):
                continue
            name = str(entry["name"])
            claim((*entry_path, "name"), name, None)
            if entry.get("aliases") is not None:
                for alias_index, alias in self.texts((*entry_path, "aliases"), entry["aliases"]):
                    claim((*entry_path, "aliases", alias_index), alias, name)

    def themes(self, themes: dict[object, object]) -> None:
        import re

        for theme_id, label in themes.items():
            path: tuple[str | int, ...] = ("themes", str(theme_id))
            if not isinstance(theme_id, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*",
                                                                 theme_id):
                self.at_key(path, "invalid-value",
                            f"theme id '{theme_id}' should be lower-case words joined by "
                            "hyphens, e.g. 'county-lines'")
            self.text(path, label)

    def rules(self, rules: dict[object, object]) -> None:
        from .rules import REGISTRY

        configurable = [rule_id for rule_id, rule in REGISTRY.items() if rule.configurable]
        for rule_id, level in rules.items():
            path: tuple[str | int, ...] = ("rules", str(rule_id))
            rule = REGISTRY.get(str(rule_id))
            if rule is None:
                self.at_key(path, "unknown-key",
                            f"unknown rule '{rule_id}'{_hint(str(rule_id), configurable)}; "
                            "`learnsum rules` lists them")
            elif not rule.configurable:
                self.at_key(path, "invalid-value",
                            f"the rule '{rule_id}' checks the format itself: it is always an "
                            "error and cannot be configured")
            if not isinstance(level, str) or level not in _LEVELS:
                if isinstance(level, bool):
                    # YAML reads false/no as a boolean; the level is spelt out in learnsum.
                    shown, hint = str(level).lower(), " (did you mean 'off'?)" if not level else ""
                else:
                    shown, hint = str(level), _hint(str(level), list(_LEVELS))
                self.at_value(path, "unknown-value",
                              f"'{shown}' is not a rule level{hint}; "
                              f"use one of: {', '.join(_LEVELS)}")

    def privacy(self, privacy: dict[object, object]) -> None:
        from .privacy import compile_user_pattern

        self.keys(("privacy",), privacy, list(PrivacyConfig.model_fields))
        for key in ("allow", "deny", "allowed_mailboxes", "roles"):
            if privacy.get(key) is not None:
                self.texts(("privacy", key), privacy[key])
        if privacy.get("allow_patterns") is not None:
            for index, pattern in self.texts(("privacy", "allow_patterns"),
                                             privacy["allow_patterns"]):
                try:
                    compile_user_pattern(pattern)
                except ValueError as error:
                    self.at_value(("privacy", "allow_patterns", index), "invalid-value",
                                  str(error))
        deny_file = privacy.get("deny_list_file")
        if deny_file is not None and self.text(("privacy", "deny_list_file"), deny_file):
            from .privacy import load_deny_list_file

            try:
                load_deny_list_file(deny_list_path(self.path, str(deny_file)))
            except (OSError, ValueError) as error:
                self.at_value(("privacy", "deny_list_file"), "invalid-value",
                              f"privacy.deny_list_file: {error}")


def _hint(value: str, known: list[str]) -> str:
    from .suggest import did_you_mean

    return did_you_mean(value, known)


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _describe(value: object) -> str:
    from .dates import describe_type

    return describe_type(value)



"""A repository's `.learnsum.yaml`: the partnership's wording of the form, vocabularies and rules.

Found like yamllint finds `.yamllint`: the nearest `.learnsum.yaml` (or `.learnsum.yml`) in the
summary's folder or any folder above it, stopping at the root of the git repository. With none,
learnsum runs on the defaults of format-v1.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import catalogue
from .catalogue import SECTIONS, SECTIONS_BY_KEY, Section, Term
from .problems import Problem, Severity

CONFIG_NAMES = (".learnsum.yaml", ".learnsum.yml")
RuleLevel = Literal["off", "warning", "error"]

#: Agencies that take part in most reviews; a repository lists its own in `agencies:`.
DEFAULT_AGENCIES: tuple[str, ...] = (
    "Health",
    "Police",
    "Children's Social Care",
    "Children's Services",
    "Adult Social Care",
    "Education",
    "Schools",
    "Early Help",
    "Early Years",
    "Probation",
    "Youth Justice",
    "Youth Offending",
    "Housing",
    "Ambulance",
    "GP",
    "General Practice",
    "Primary Care",
    "Health Visiting",
    "School Nursing",
    "Midwifery",
    "Maternity",
    "Hospital",
    "Emergency Department",
    "Mental Health",
    "CAMHS",
    "Substance Misuse",
    "Domestic Abuse",
    "Local Authority",
    "Clinical Commissioning Group",
    "Integrated Care Board",
    "Voluntary Sector",
    "Fire and Rescue",
    "Cafcass",
    "MASH",
    "Public Health",
    "Safeguarding Partnership",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionWording(_Strict):
    label: str | None = None
    prompt: str | None = Field(
        default=None, description="The guidance prompt; an empty string removes it."
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
        default_factory=list, description="Role titles in which a title + name is not a person."
    )

    @field_validator("allow_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        import re

        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"'{pattern}' is not a regular expression: {error}") from None
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
    agencies: list[str] | None = Field(default=None, description="The agencies of this partnership.")
    slides_required_for: list[str] | None = Field(
        default=None, description="Review types whose summaries need practitioner slides."
    )
    rules: dict[str, RuleLevel] = Field(
        default_factory=dict, description="Rule id: off, warning or error."
    )
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)

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


@dataclass(frozen=True)
class Config:
    """The effective configuration for one summary: defaults, then the file's settings."""

    file: ConfigFile = field(default_factory=ConfigFile)
    source: Path | None = None

    def section(self, key: str) -> Section:
        """The section as this partnership words it."""
        base = SECTIONS_BY_KEY[key]
        wording = self.file.sections.get(key)
        if wording is None:
            return base
        prompt = base.prompt if wording.prompt is None else (wording.prompt or None)
        return Section(base.key, wording.label or base.label, prompt, base.required)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return tuple(self.section(section.key) for section in SECTIONS)

    @cached_property
    def themes(self) -> tuple[Term, ...]:
        extra = tuple(Term(theme_id, label) for theme_id, label in self.file.themes.items())
        if self.file.replace_themes:
            return extra
        known = {term.id for term in extra}
        return tuple(t for t in catalogue.THEMES if t.id not in known) + extra

    @cached_property
    def theme_labels(self) -> dict[str, str]:
        return catalogue.labels(self.themes)

    @property
    def agencies(self) -> tuple[str, ...]:
        if self.file.agencies is None:
            return DEFAULT_AGENCIES
        return tuple(self.file.agencies)

    @property
    def slides_required_for(self) -> tuple[str, ...]:
        if self.file.slides_required_for is None:
            return catalogue.SLIDES_REQUIRED_FOR
        return tuple(self.file.slides_required_for)

    def rule_level(self, rule_id: str, default: Severity) -> Severity | None:
        """The level a rule reports at here, or None when it is switched off."""
        level = self.file.rules.get(rule_id)
        if level is None:
            return default
        if level == "off":
            return None
        return Severity(level)

    @property
    def marking(self) -> str | None:
        return self.file.marking

    @property
    def partnership(self) -> str | None:
        return self.file.partnership

    @cached_property
    def privacy_settings(self) -> object:
        """learnsum.privacy.PrivacySettings for this configuration (imported when first used)."""
        from . import privacy

        settings = self.file.privacy
        deny = list(settings.deny)
        if settings.deny_list_file:
            base = self.source.parent if self.source else Path.cwd()
            deny.extend(privacy.load_deny_list_file(base / settings.deny_list_file))
        options: dict[str, object] = {
            "allow_terms": tuple(settings.allow) + tuple(self.agencies),
            "allow_patterns": tuple(settings.allow_patterns),
            "deny_terms": tuple(deny),
            "role_terms": tuple(settings.roles),
        }
        if settings.allowed_mailboxes is not None:
            options["allowed_mailboxes"] = tuple(settings.allowed_mailboxes)
        return privacy.PrivacySettings(**options)  # type: ignore[arg-type]


DEFAULT_CONFIG = Config()


class ConfigError(Exception):
    """The configuration file is not valid; carries the problems found, with positions."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above `start`, not above the git repository's root."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
        if (candidate / ".git").exists():
            return None
    return None


def load_config(path: Path) -> Config:
    """Read and check a config file; raise ConfigError with positioned problems."""
    from .loader import LoadFailure, load
    from .validate import problems_from_validation_error

    display = str(path)
    document = load(path, display)
    if isinstance(document, LoadFailure):
        raise ConfigError(
            [Problem(display, document.line, document.column, Severity.ERROR, document.rule,
                     document.message)]
        )
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem(display, 1, 1, Severity.ERROR, "not-a-mapping",
                     "the configuration must be a mapping of keys to values")]
        )
    try:
        file = ConfigFile.model_validate(data)
    except ValidationError as error:
        raise ConfigError(problems_from_validation_error(document, error, ConfigFile)) from None
    config = Config(file=file, source=path)
    if file.privacy.deny_list_file:
        deny_path = path.parent / file.privacy.deny_list_file
        try:
            config.privacy_settings  # noqa: B018 - read the deny list now, to report it here
        except (OSError, ValueError) as error:
            line, column = document.value_position(("privacy", "deny_list_file"))
            raise ConfigError(
                [Problem(display, line, column, Severity.ERROR, "config",
                         f"the deny list {deny_path} cannot be read: {error}")]
            ) from None
    return config


class ConfigCache:
    """Configs by folder, so a run over many files reads each config once."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load_config(explicit) if explicit else None
        self._by_file: dict[Path, Config] = {}
        self._by_folder: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        folder = (path if path.is_dir() else path.parent).resolve()
        cached = self._by_folder.get(folder)
        if cached is not None:
            return cached
        found = find_config_file(folder)
        if found is None:
            config = DEFAULT_CONFIG
        else:
            config = self._by_file.get(found) or load_config(found)
            self._by_file[found] = config
        self._by_folder[folder] = config
        return config

"""A repository's `.learnsum.yaml`: the partnership's wording of the form, vocabularies and rules.

Found like yamllint finds `.yamllint`: the nearest `.learnsum.yaml` (or `.learnsum.yml`) in the
summary's folder or any folder above it, stopping at the root of the git repository and at the
user's home folder (a file above home, in /home or /, is nobody's own configuration, and could
switch the privacy rules off unseen). With none, learnsum runs on the defaults of format-v1.md.
A configuration found above the folders a command was given (and the
current folder) is named on standard error, so that it never applies silently.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import catalogue
from .agency_names import Agency, AgencyDirectory
from .catalogue import SECTIONS, SECTIONS_BY_KEY, Section, Term
from .display import display_name
from .errors import ConfigError as ConfigError  # raised by load_config
from .files import display_path, file_identity, is_folder
from .problems import Severity
from .records import record

if TYPE_CHECKING:
    from .config_file import ConfigFile

CONFIG_NAMES = (".learnsum.yaml", ".learnsum.yml")

#: Agencies that take part in most reviews; a repository lists its own in `agencies:`.
DEFAULT_AGENCIES: tuple[str, ...] = (
    "Health",
    "Police",
    "Children's Social Care",
    "Children's Services",
    "Adult Social Care",
    "Education",
    "Early Help",
    "Early Years",
    "Probation",
    "Youth Justice",
    "Housing",
    "Ambulance",
    "GP",
    "Primary Care",
    "Health Visiting",
    "School Nursing",
    "Midwifery",
    "Hospital",
    "Emergency Department",
    "Mental Health",
    "CAMHS",
    "Substance Misuse",
    "Domestic Abuse",
    "Local Authority",
    "Integrated Care Board",
    "Voluntary Sector",
    "Fire and Rescue",
    "Cafcass",
    "MASH",
    "Public Health",
    "Safeguarding Partnership",
)

#: Other names of the default agencies, counted as the agency: an older name of the same service
#: ("Youth Offending", "Clinical Commissioning Group"), its full name or abbreviation, and its
#: name in Welsh. A repository that lists its own `agencies:` gives its own aliases.
DEFAULT_AGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "Health": ("Health Board", "Bwrdd Iechyd", "Iechyd"),
    "Police": ("Heddlu",),
    "Children's Social Care": ("Gofal Cymdeithasol Plant",),
    "Adult Social Care": ("Gofal Cymdeithasol Oedolion",),
    "Education": ("Schools", "Addysg"),
    "Probation": ("Probation Service", "Gwasanaeth Prawf"),
    "Youth Justice": ("Youth Justice Service", "Youth Offending", "Youth Offending Service",
                      "Youth Offending Team", "YOT"),
    "Ambulance": ("Ambulance Service",),
    "GP": ("General Practice", "GP Practice"),
    "Midwifery": ("Maternity",),
    "Emergency Department": ("A&E", "Accident and Emergency"),
    "Mental Health": ("Iechyd Meddwl",),
    "CAMHS": ("Child and Adolescent Mental Health Services",),
    "Integrated Care Board": ("ICB", "Clinical Commissioning Group", "CCG"),
    "Fire and Rescue": ("Fire and Rescue Service",),
    "MASH": ("Multi-Agency Safeguarding Hub",),
    "Public Health": ("Iechyd Cyhoeddus",),
}


@record(frozen=True)
class Config:
    """The effective configuration for one summary: defaults, then the file's settings."""

    #: The settings read from `.learnsum.yaml`; None when the defaults apply (Pydantic, which
    #: checks the file, is then never imported: it would cost more than a whole check).
    file: ConfigFile | None = None
    source: Path | None = None

    @property
    def settings(self) -> ConfigFile:
        """The file's settings, or the defaults as a ConfigFile."""
        from .config_file import ConfigFile

        return self.file if self.file is not None else ConfigFile()

    def rule_setting(self, rule_id: str) -> str | None:
        """`off`, `warning` or `error` when `rules:` sets the rule, else None."""
        return None if self.file is None else self.file.rules.get(rule_id)

    def section(self, key: str) -> Section:
        """The section as this partnership words it."""
        base = SECTIONS_BY_KEY[key]
        if self.file is None:
            return base
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
        if self.file is None:
            return catalogue.THEMES
        extra = tuple(Term(theme_id, label) for theme_id, label in self.file.themes.items())
        if self.file.replace_themes:
            return extra
        known = {term.id for term in extra}
        return tuple(t for t in catalogue.THEMES if t.id not in known) + extra

    @cached_property
    def theme_labels(self) -> dict[str, str]:
        return catalogue.labels(self.themes)

    @cached_property
    def agency_list(self) -> tuple[Agency, ...]:
        """The agencies with their aliases."""
        if self.file is None or self.file.agencies is None:
            return tuple(Agency(name, DEFAULT_AGENCY_ALIASES.get(name, ()))
                         for name in DEFAULT_AGENCIES)
        return self.file.agency_list()

    @property
    def agencies(self) -> tuple[str, ...]:
        """The agencies' names (their aliases are in `agency_list`)."""
        return tuple(agency.name for agency in self.agency_list)

    @cached_property
    def agency_directory(self) -> AgencyDirectory:
        """Which agency a name written in a summary is."""
        return AgencyDirectory(self.agency_list)

    @property
    def roles(self) -> tuple[str, ...]:
        """Role titles (`privacy.roles`): never a person's name."""
        return () if self.file is None else tuple(self.file.privacy.roles)

    @property
    def slides_required_for(self) -> tuple[str, ...]:
        if self.file is None or self.file.slides_required_for is None:
            return catalogue.SLIDES_REQUIRED_FOR
        return tuple(self.file.slides_required_for)

    def rule_level(self, rule_id: str, default: Severity) -> Severity | None:
        """The level a rule reports at here, or None when it is switched off."""
        level = self.rule_setting(rule_id)
        if level is None:
            return default
        if level == "off":
            return None
        return Severity(level)

    @cached_property
    def strings(self) -> dict[str, str]:
        """Every fixed word of the outputs (catalogue.STRINGS), as this partnership words it."""
        if self.file is None or not self.file.strings:
            return dict(catalogue.STRINGS)
        return {**catalogue.STRINGS, **self.file.strings}

    @property
    def language(self) -> str:
        """The documents' language (BCP 47), set in their properties."""
        return catalogue.LANGUAGE if self.file is None else self.file.language

    @property
    def marking(self) -> str | None:
        return None if self.file is None else self.file.marking

    @property
    def partnership(self) -> str | None:
        return None if self.file is None else self.file.partnership

    @property
    def resources(self) -> tuple[tuple[str, str], ...]:
        """`resources:`, the partnership's further information: (title, url) pairs."""
        if self.file is None:
            return ()
        return tuple((resource.title, resource.url) for resource in self.file.resources)

    @cached_property
    def privacy_settings(self) -> object:
        """learnsum.privacy.PrivacySettings for this configuration (imported when first used)."""
        from . import privacy

        if self.file is None:
            # The defaults: only the agencies' names are allowed terms (no Pydantic model needed).
            return privacy.PrivacySettings(allow_terms=self.agency_directory.spellings)
        from .config_file import deny_list_path

        settings = self.file.privacy
        deny = list(settings.deny)
        if settings.deny_list_file:
            deny.extend(privacy.load_deny_list_file(
                deny_list_path(self.source, settings.deny_list_file)))
        options: dict[str, object] = {
            "allow_terms": tuple(settings.allow) + self.agency_directory.spellings,
            "allow_patterns": tuple(settings.allow_patterns),
            "deny_terms": tuple(deny),
            "role_terms": tuple(settings.roles),
        }
        if settings.allowed_mailboxes is not None:
            options["allowed_mailboxes"] = tuple(settings.allowed_mailboxes)
        return privacy.PrivacySettings(**options)  # type: ignore[arg-type]


DEFAULT_CONFIG = Config()


def home_folder() -> Path | None:
    """The user's home folder (HOME), resolved; None when there is none."""
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError, KeyError):
        return None


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above `start`, not above the git repository's root nor
    above the user's home folder."""
    folder = file_identity(start if is_folder(start) else start.parent)
    home = home_folder()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            # Anything but a folder is the configuration meant (a link to a device, a FIFO, a
            # link that loops): reading it says why it cannot be used, never silently skipped.
            if os.path.lexists(path) and not is_folder(path):
                return path
        if (candidate / ".git").exists() or candidate == home:
            return None
    return None


def load_config(path: Path) -> Config:
    """Read and check a config file; raise ConfigError with every problem found, positioned."""
    # Loaded here: the models and the rule registry they check against are needed only when a
    # configuration file exists (config_file never imports this module: no circle).
    from .config_file import read_config_file

    return Config(file=read_config_file(path), source=path)


class ConfigCache:
    """Configs by folder, so a run over many files reads each config once.

    `inside` are the files and folders a command was given: a configuration found outside them
    and the current folder (in a folder above) is named on standard error, once. Without
    `inside` (`learnsum config`, which says which file applies anyway) nothing is printed."""

    def __init__(self, explicit: Path | None = None,
                 inside: Sequence[Path] | None = None) -> None:
        self._explicit = load_config(explicit) if explicit else None
        self._by_file: dict[Path, Config] = {}
        self._by_folder: dict[Path, Config] = {}
        self._roots: list[Path] | None = None
        if inside is not None:
            roots = [Path.cwd()]
            roots.extend(path if is_folder(path) else path.parent for path in inside)
            self._roots = [Path(os.path.abspath(root)) for root in roots]

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        folder = file_identity(path if is_folder(path) else path.parent)
        cached = self._by_folder.get(folder)
        if cached is not None:
            return cached
        found = find_config_file(folder)
        if found is None:
            config = DEFAULT_CONFIG
        else:
            config = self._by_file.get(found) or self._first_use(found, folder)
            self._by_file[found] = config
        self._by_folder[folder] = config
        return config

    def _first_use(self, found: Path, folder: Path) -> Config:
        config = load_config(found)
        if self._roots is not None and not any(_within(found.parent, root)
                                               for root in self._roots):
            cwd = Path(os.path.abspath(Path.cwd()))
            where = "this folder" if _within(cwd, found.parent) else \
                display_name(display_path(folder))
            sys.stderr.write(f"learnsum: using {display_name(found)} (above {where})\n")
        return config


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or below it (both absolute; links resolved where they exist)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True

"""`.learnsum.yaml`: the keys it may hold, as Pydantic models (which also give its JSON Schema),
and reading it. The models are the one check of the file: each mistake is reported at its own
line and column by the same mapper as a summary's (:mod:`learnsum.locate`), all at once, with a
suggestion where a key, section, rule id or review type looks misspelt.

Adding a key is: a field here (with its validation), and its use in :mod:`learnsum.config`.

Kept apart from :mod:`learnsum.config` so that a run without a configuration file never imports
the models, nor the rule registry they check rule ids against.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import catalogue
from .agency_names import Agency, agency_key
from .catalogue import SECTIONS, SECTIONS_BY_KEY
from .dates import describe_type
from .errors import ConfigError
from .files import display_path
from .loader import LoadFailure, load
from .locate import as_validator, invalid, problems_from_validation_error, raise_with
from .privacy import compile_user_pattern, load_deny_list_file
from .problems import Problem, Severity
from .rules import REGISTRY
from .suggest import did_you_mean
from .summary import web_address

RuleLevel = Literal["off", "warning", "error"]
_LEVELS: tuple[str, ...] = ("off", "warning", "error")


def deny_list_path(config_path: Path | None, value: str) -> Path:
    """A deny-list file named in a config: relative to the config's folder, `~` allowed."""
    path = Path(value).expanduser()
    base = config_path.parent if config_path is not None else Path.cwd()
    return base / path


# -- the values: each check says what is wrong in the author's words ---------------------------


def _text(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, str):
        raise invalid("wrong-type",
                      "'{field}' is empty; give the text, or remove the key to keep the default")
    raise invalid("wrong-type", "'{field}' should be text, but is " + describe_type(value))


def _required_text(value: object) -> str:
    """Text with no default to fall back on (a resource's title): empty is never right."""
    if isinstance(value, str) and not value.strip():
        raise invalid("wrong-type", "'{field}' is empty; give the text (it is required)")
    return _text(value)


def _text_or_empty(value: object) -> str:
    if isinstance(value, str):
        return value
    raise invalid("wrong-type", "'{field}' should be text, but is " + describe_type(value))


def _one_line(why: str) -> AfterValidator:
    """One line of text, or an error giving `why` it must be one."""

    def check(value: str) -> str:
        if "\n" in value.strip():
            raise invalid("invalid-value", f"'{{field}}' must be one line ({why})")
        return value

    return AfterValidator(check)


#: Why a string of `strings:` must be one line, for those that must: the ones printed in page
#: headers or footers or kept in a document's properties (which hold one line), and the names,
#: labels and headings shown on a line of their own or inside a sentence. A paragraph of the
#: briefing (its standard questions, its default "why it matters") may run over several lines.
_STRING_PARAGRAPHS = frozenset({
    "briefing.question.1", "briefing.question.2", "briefing.question.3",
    "briefing.why_it_matters.default",
})


def _string_line_reason(key: str) -> str | None:
    if key in _STRING_PARAGRAPHS:
        return None
    if key == "page_number":
        return "it is printed in page footers"
    if key in ("title", "briefing.title") or key.startswith("review_types."):
        return "it is kept in the documents' properties, which hold one line"
    return "it is a name, label or heading, shown in a line of text"


def _mapping(what: str) -> BeforeValidator:
    """A mapping, or an error that says which mapping is expected here."""

    def check(value: object) -> object:
        if not isinstance(value, dict):
            raise invalid("wrong-type",
                          f"'{{field}}' should be {what}, but is {describe_type(value)}")
        return value

    return BeforeValidator(check)


#: Text that is not empty.
Text = Annotated[str, BeforeValidator(_text)]
#: Text that is one line (kept in documents' properties).
Line = Annotated[str, BeforeValidator(_text),
                 _one_line("it is kept in the documents' properties, which hold one line")]
#: The protective marking, one line.
MarkingLine = Annotated[str, BeforeValidator(_text),
                        _one_line("it is printed in page headers and footers")]
#: Text with no default.
RequiredText = Annotated[str, BeforeValidator(_required_text)]
#: Text with no default, that is one line.
RequiredLine = Annotated[str, BeforeValidator(_required_text),
                         _one_line("it is one line of the briefing's further information")]


def _section_key(key: object) -> str:
    known = [section.key for section in SECTIONS]
    if key not in SECTIONS_BY_KEY:
        raise invalid("unknown-key", f"unknown section '{key}'{did_you_mean(str(key), known)}; "
                      f"the sections are: {', '.join(known)}", at="key")
    return str(key)


def _section_wording(value: object) -> object:
    if value is None:
        raise invalid("wrong-type", "'{field}' is empty; give a label: and/or a prompt:",
                      at="key")
    if not isinstance(value, dict):
        raise invalid("wrong-type", "'{field}' should be a mapping with label: and/or prompt:, "
                      f"but is {describe_type(value)}")
    return value


def _theme_id(theme_id: object) -> str:
    if not isinstance(theme_id, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", theme_id):
        raise invalid("invalid-value", f"theme id '{theme_id}' should be lower-case words "
                      "joined by hyphens, e.g. 'county-lines'", at="key")
    return theme_id


def _review_type(review_type: str) -> str:
    known = list(catalogue.ids(catalogue.REVIEW_TYPES))
    if review_type not in known:
        raise invalid("unknown-value", f"unknown review type '{review_type}'"
                      f"{did_you_mean(review_type, known)}; use one of: {', '.join(known)}")
    return review_type


def _string_key(key: object) -> str:
    known = list(catalogue.STRINGS)
    if key not in catalogue.STRINGS:
        raise invalid("unknown-key", f"unknown string '{key}'{did_you_mean(str(key), known)}; "
                      "docs/configuration.md lists every string", at="key")
    return str(key)


def _strings(strings: Any, inner: ValidatorFunctionWrapHandler) -> Any:
    """Each string keeps the words in braces of its default ("{deck}"), which are filled in."""
    failure: ValidationError | None = None
    try:
        value = inner(strings)
    except ValidationError as error:
        failure, value = error, None
    errors: list[PydanticCustomError] = []
    for key, text in (strings.items() if isinstance(strings, dict) else ()):
        if key not in catalogue.STRINGS or not isinstance(text, str):
            continue
        why = _string_line_reason(key)
        if why is not None and text.strip() and "\n" in text.strip():
            errors.append(invalid("invalid-value", f"'{key}' must be one line ({why})",
                                  path=(key,)))
            continue
        wanted = catalogue.placeholders(catalogue.STRINGS[key])
        found = catalogue.placeholders(text)
        missing, unknown = _braces(wanted - found), _braces(found - wanted)
        if missing:
            errors.append(invalid("invalid-value", f"'{key}' must keep {missing} "
                                  "(filled in when the document is made)", path=(key,)))
        elif unknown:
            allowed = _braces(wanted) or "no words in braces"
            errors.append(invalid("invalid-value", f"'{key}' has {unknown}, which nothing "
                                  f"fills in here; it may use {allowed}", path=(key,)))
    raise_with(failure, errors)
    # A block (`|`) ends with a line break that is no part of the words.
    return {key: text.strip("\n") for key, text in value.items()} \
        if isinstance(value, dict) else value


def _braces(names: frozenset[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names))


#: The longest language tag accepted: the 35 characters RFC 5646 (4.4.1) asks every tag to fit
#: in. Documents store the tag in properties of at most 255 characters.
MAX_LANGUAGE_CHARS = 35


def _language(value: str) -> str:
    tag = value.strip()
    shown = tag if len(tag) <= 60 else tag[:60] + "..."
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", tag):
        raise invalid("invalid-value", f"'{shown}' is not a language tag; write it as e.g. "
                      "en-GB or cy-GB (BCP 47)")
    if len(tag) > MAX_LANGUAGE_CHARS:
        raise invalid("invalid-value", f"'{shown}' is {len(tag):,} characters long; a language "
                      f"tag has at most {MAX_LANGUAGE_CHARS} (write it as e.g. en-GB or cy-GB)")
    return tag


def _rule_id(rule_id: object) -> str:
    rule = REGISTRY.get(str(rule_id))
    if rule is None:
        configurable = [known for known, rule in REGISTRY.items() if rule.configurable]
        raise invalid("unknown-key", f"unknown rule '{rule_id}'"
                      f"{did_you_mean(str(rule_id), configurable)}; `learnsum rules` lists them",
                      at="key")
    if not rule.configurable:
        raise invalid("invalid-value", f"the rule '{rule_id}' checks the format itself: it is "
                      "always an error and cannot be configured", at="key")
    return str(rule_id)


def _rule_level(level: object) -> str:
    if isinstance(level, str) and level in _LEVELS:
        return level
    if isinstance(level, bool):
        # YAML reads false/no as a boolean; the level is spelt out in learnsum.
        shown, hint = str(level).lower(), " (did you mean 'off'?)" if not level else ""
    else:
        shown, hint = str(level), did_you_mean(str(level), list(_LEVELS))
    raise invalid("unknown-value",
                  f"'{shown}' is not a rule level{hint}; use one of: {', '.join(_LEVELS)}")


def _pattern(pattern: str) -> str:
    try:
        compile_user_pattern(pattern)
    except ValueError as error:  # "'...' is not a regular expression"
        raise invalid("invalid-value", str(error)) from None
    return pattern


def _agency_item(value: object) -> object:
    if isinstance(value, str):
        return _text(value)
    if not isinstance(value, dict):
        raise invalid("wrong-type", "'{field}' should be an agency's name, or name: and "
                      f"aliases:, but is {describe_type(value)}")
    return value


def _agency_kind(value: object) -> str:
    return "[name]" if isinstance(value, str) else "[entry]"


# -- the models ---------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        """A key with nothing after it (`agencies:`) is not set: its default applies."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items()
                    if value is not None or key not in cls.model_fields
                    or cls.model_fields[key].is_required()}
        return data


class SectionWording(_Strict):
    label: Text | None = None
    prompt: Annotated[str | None, BeforeValidator(_text_or_empty)] = Field(
        default=None, description="The guidance prompt; an empty string removes it."
    )


class AgencyEntry(_Strict):
    """An agency that goes by other names too."""

    name: RequiredText = Field(description="The agency's name, as reports count it.")
    aliases: list[Text] | None = Field(
        default=None,
        description="Other names of the same agency (older names, abbreviations, another "
        "language); a summary may use them, and reports count them as this agency.",
    )

    @model_validator(mode="before")
    @classmethod
    def _has_a_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("name") is None:
            raise invalid("missing-key", "'{field}' needs a name: "
                          "(e.g. {name: Health, aliases: [Health Board, NHS]})")
        return data


AgencyItem = Annotated[
    Annotated[str, Tag("[name]")] | Annotated[AgencyEntry, Tag("[entry]")],
    Discriminator(_agency_kind),
    BeforeValidator(_agency_item),
]


def _one_agency_per_name(agencies: Any, inner: ValidatorFunctionWrapHandler) -> Any:
    """No name may belong to two agencies (nor be given twice), or a summary's agency would be
    counted under either. Checked on every name that is well formed, even when other entries
    are not, so that every mistake is reported at once."""
    failure: ValidationError | None = None
    try:
        value = inner(agencies)
    except ValidationError as error:
        failure, value = error, None
    # A name's key -> what it already is ("an agency", "an alias of 'Health'") and where.
    seen: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    errors: list[PydanticCustomError] = []

    def claim(path: tuple[str | int, ...], name: object, agency: str | None) -> None:
        if not isinstance(name, str) or not name.strip():
            return  # reported as the wrong type
        key = agency_key(name)
        name = " ".join(name.split())  # shown on one line
        if not key:
            errors.append(invalid("invalid-value", f"'{name}' is not an agency's name: it has "
                                  "no letters or digits", path=path))
        elif key in seen:
            what, first = seen[key]
            errors.append(invalid("invalid-value", f"'{name}' is already {what} at line "
                                  "{ref_line}; a name can belong to one agency only",
                                  path=path, ref=first))
        else:
            seen[key] = ("an agency" if agency is None else f"an alias of '{agency}'", path)

    for index, entry in enumerate(agencies if isinstance(agencies, list) else ()):
        if not isinstance(entry, dict):
            claim((index,), entry, None)
            continue
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        claim((index, "name"), name, None)
        aliases = entry.get("aliases")
        for alias_index, alias in enumerate(aliases if isinstance(aliases, list) else ()):
            claim((index, "aliases", alias_index), alias, name)
    raise_with(failure, errors)
    return value


class PrivacyConfig(_Strict):
    allow: list[Text] = Field(default_factory=list, description="Terms that are never identifiers.")
    allow_patterns: list[Annotated[Text, AfterValidator(_pattern)]] = Field(
        default_factory=list, description="Regular expressions of text that is never an identifier."
    )
    deny: list[Text] = Field(default_factory=list,
                             description="Terms always reported, e.g. surnames.")
    deny_list_file: Text | None = Field(
        default=None,
        description="A file of deny terms, one a line, relative to this config "
        "(keep it out of git).",
    )
    allowed_mailboxes: list[Text] | None = Field(
        default=None, description="Local parts of role mailboxes (safeguarding@...) that are fine."
    )
    roles: list[Text] = Field(
        default_factory=list,
        description="Role titles: never a person's name, in the text (a title + name) or as an "
        "action's owner.",
    )

    @field_validator("deny_list_file")
    @classmethod
    def _readable(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The file is read now, so that a wrong path is an error of the configuration."""
        config_path = (info.context or {}).get("config_path")
        if value is not None and config_path is not None:
            try:
                load_deny_list_file(deny_list_path(config_path, value))
            except (OSError, ValueError) as error:
                raise invalid("invalid-value", f"privacy.deny_list_file: {error}") from None
        return value


class Resource(_Strict):
    """A document or page every briefing of the partnership points to."""

    title: RequiredLine = Field(description="What the link is, as readers see it.")
    url: Annotated[RequiredLine, AfterValidator(as_validator(web_address))] = Field(
        description="Its address, in full: https://... (or mailto:...)."
    )


class ConfigFile(_Strict):
    """The keys of `.learnsum.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="learnsum configuration")

    partnership: Line | None = Field(default=None, description="Shown on every document.")
    marking: MarkingLine | None = Field(
        default=None, description="Protective marking, e.g. OFFICIAL-SENSITIVE."
    )
    sections: Annotated[
        dict[Annotated[str, BeforeValidator(_section_key)],
             Annotated[SectionWording, BeforeValidator(_section_wording)]],
        _mapping("a mapping of section keys to label/prompt"),
    ] = Field(default_factory=dict, description="This partnership's wording of the form's rows.")
    themes: Annotated[
        dict[Annotated[str, BeforeValidator(_theme_id)], Text],
        _mapping("a mapping of theme id: label"),
    ] = Field(default_factory=dict, description="Themes (id: label) added to the vocabulary.")
    replace_themes: bool = Field(
        default=False, strict=True,
        description="Use only the themes listed here, not the default vocabulary.",
    )
    agencies: Annotated[list[AgencyItem] | None, WrapValidator(_one_agency_per_name)] = Field(
        default=None,
        description="The agencies of this partnership: a name, or {name, aliases} for an agency "
        "that goes by other names too.",
    )
    slides_required_for: list[Annotated[Text, AfterValidator(_review_type)]] | None = Field(
        default=None, description="Review types whose summaries need practitioner slides."
    )
    strings: Annotated[
        dict[Annotated[str, BeforeValidator(_string_key)], Text],
        _mapping("a mapping of string key: text"),
        WrapValidator(_strings),
    ] = Field(default_factory=dict,
              description="The partnership's own words for every fixed word a reader sees in an "
              "output (title, field names, table headers, status and type names, month names).")
    language: Annotated[Line, AfterValidator(_language)] = Field(
        default=catalogue.LANGUAGE,
        description="The language of the documents (BCP 47, e.g. en-GB, cy-GB), set in each "
        "document's properties.",
    )
    rules: Annotated[
        dict[Annotated[str, BeforeValidator(_rule_id)],
             Annotated[RuleLevel, BeforeValidator(_rule_level)]],
        _mapping("a mapping of rule id: off, warning or error"),
    ] = Field(default_factory=dict, description="Rule id: off, warning or error.")
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    resources: list[Resource] = Field(
        default_factory=list,
        description="Further information every 7-minute briefing points to (a list of "
        "{title, url}), after a summary's own `briefing.further_information`.",
    )

    def agency_list(self) -> tuple[Agency, ...]:
        """`agencies:` as Agency values (an empty list when it is not set)."""
        return tuple(
            Agency(entry) if isinstance(entry, str) else Agency(entry.name,
                                                                tuple(entry.aliases or ()))
            for entry in self.agencies or ()
        )

    @model_validator(mode="after")
    def _themes_to_replace(self) -> ConfigFile:
        if self.replace_themes and not self.themes:
            raise invalid("invalid-value", "'replace_themes: true' needs your own themes under "
                          "'themes:'; without them no theme could be used",
                          path=("replace_themes",))
        return self


def read_config_file(path: Path) -> ConfigFile | None:
    """Read and check a config file; raise ConfigError with every problem found, positioned."""
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
    try:
        return ConfigFile.model_validate(data, context={"config_path": path})
    except ValidationError as error:
        raise ConfigError(problems_from_validation_error(
            document, error, ConfigFile, empty_rule=None, top_level="the configuration")) from None

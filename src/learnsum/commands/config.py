"""`learnsum config`: which `.learnsum.yaml` applies, and (`--show`) the effective settings.

`--show` prints the configuration as YAML that could be pasted into a `.learnsum.yaml`, each
value followed by a comment saying where it came from: `path:line` of the config file, or
`default`. That is the question people ask when a label or a rule level is not what they expect.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import patterns as _patterns
from ..agency_names import Agency
from ..config import Config, ConfigCache, ConfigError
from ..display import display_name, has_unsafe, printable
from ..files import display_path
from ..loader import Document, load
from ..records import record
from ..reporters import report_config_error

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT = "default"


def run(*, show: bool = False, path: Path | None = None, config_path: Path | None = None) -> int:
    """Print which config file applies to `path` (default: the current folder); with `show`,
    the whole effective configuration and each value's origin."""
    target = path if path is not None else Path(".")
    if not target.exists():
        sys.stderr.write(f"learnsum config: {display_name(target)}: no such file or folder\n")
        return EXIT_USAGE
    try:
        config = ConfigCache(config_path).for_path(target)
    except ConfigError as error:
        return report_config_error(error.problems)
    if config.source is None:
        origin = (f"no .learnsum.yaml at or above {display_name(target.resolve())} (up to the "
                  "repository root or your home folder): the defaults apply")
    elif config_path is not None:
        origin = f"{display_name(display_path(config.source))} (given with --config)"
    else:
        shown = display_name(display_path(target))
        what = "the current folder" if shown == "." else shown
        origin = f"{display_name(display_path(config.source))} (applies to {what})"
    if not show:
        sys.stdout.write(origin + "\n")
        return EXIT_OK
    document = None
    if config.source is not None:
        loaded = load(config.source, display_path(config.source))
        document = loaded if isinstance(loaded, Document) else None
    lines = [f"# learnsum configuration: {origin}"]
    lines.extend(_render(effective_lines(config, document)))
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


@record(frozen=True)
class Line:
    """One line of the shown configuration and where its value came from."""

    text: str
    origin: str | None = None


class _Origins:
    """Answers "which line of the config file set this?" for a path of keys."""

    def __init__(self, document: Document | None) -> None:
        self.document = document

    def of(self, path: Sequence[str | int]) -> str:
        if self.document is None:
            return DEFAULT
        node, key_node, found = self.document.find(path)
        if found != len(path):
            return DEFAULT
        line, _ = self.document.key_position(path)
        return f"{display_name(self.document.display)}:{line}"


def effective_lines(config: Config, document: Document | None) -> list[Line]:
    """The effective configuration, key by key, each value with its origin."""
    origins = _Origins(document)
    settings = config.settings
    out: list[Line] = []
    out.append(Line(f"partnership: {_scalar(config.partnership)}", origins.of(("partnership",))))
    out.append(Line(f"marking: {_scalar(config.marking)}", origins.of(("marking",))))
    out.append(Line(f"language: {_scalar(config.language)}", origins.of(("language",))))
    out.append(Line("strings:"))
    for key, text in config.strings.items():
        out.append(Line(f"  {key}: {_scalar(text)}", origins.of(("strings", key))))

    out.append(Line("sections:"))
    for section in config.sections:
        out.append(Line(f"  {section.key}:"))
        out.append(Line(f"    label: {_scalar(section.label)}",
                        origins.of(("sections", section.key, "label"))))
        wording = settings.sections.get(section.key)
        removed = wording is not None and wording.prompt == ""
        prompt = "''" if removed else _scalar(section.prompt)
        out.append(Line(f"    prompt: {prompt}", origins.of(("sections", section.key, "prompt"))))

    out.append(Line("themes:" if config.themes else "themes: {}"))
    for term in config.themes:
        out.append(Line(f"  {term.id}: {_scalar(term.label)}", origins.of(("themes", term.id))))
    out.append(Line(f"replace_themes: {_scalar(settings.replace_themes)}",
                    origins.of(("replace_themes",))))

    out.extend(_list("agencies", [_agency(agency) for agency in config.agency_list], origins,
                     ("agencies",), settings.agencies is not None, scalar=False))
    slides = ", ".join(config.slides_required_for)
    out.append(Line(f"slides_required_for: [{slides}]", origins.of(("slides_required_for",))))
    out.append(Line("resources:" if config.resources else "resources: []",
                    origins.of(("resources",))))
    for title, url in config.resources:
        out.append(Line(f"  - title: {_scalar(title)}"))
        out.append(Line(f"    url: {_scalar(url)}"))

    from ..rules import REGISTRY

    out.append(Line("rules:"))
    for rule in REGISTRY.values():
        if not rule.configurable:
            continue
        level = config.rule_level(rule.id, rule.level)
        shown = "off" if level is None else level.value
        origin = origins.of(("rules", rule.id))
        if origin == DEFAULT and rule.id == "placeholder-text":
            origin = "default (an error once status is final or published)"
        out.append(Line(f"  {rule.id}: {shown}", origin))

    out.append(Line("privacy:"))
    privacy = settings.privacy
    for key in ("allow", "allow_patterns", "deny"):
        values: list[str] = list(getattr(privacy, key))
        out.extend(_list(key, values, origins, ("privacy", key), True, indent="  "))
    out.append(Line(f"  deny_list_file: {_scalar(privacy.deny_list_file)}",
                    _deny_file_origin(config, origins)))
    if privacy.allowed_mailboxes is None:
        from ..privacy import DEFAULT_ROLE_MAILBOXES

        out.extend(_list("allowed_mailboxes", DEFAULT_ROLE_MAILBOXES, origins,
                         ("privacy", "allowed_mailboxes"), False, indent="  "))
    else:
        out.extend(_list("allowed_mailboxes", privacy.allowed_mailboxes, origins,
                         ("privacy", "allowed_mailboxes"), True, indent="  "))
    out.extend(_list("roles", privacy.roles, origins, ("privacy", "roles"), True, indent="  "))
    return out


def _deny_file_origin(config: Config, origins: _Origins) -> str:
    origin = origins.of(("privacy", "deny_list_file"))
    if config.settings.privacy.deny_list_file is None:
        return origin
    # The terms themselves are the family's names: count them, never print them.
    settings = config.privacy_settings
    count = len(getattr(settings, "deny_terms", ())) - len(config.settings.privacy.deny)
    return f"{origin} ({count} term{'s' if count != 1 else ''})"


def _list(key: str, values: Iterable[str], origins: _Origins, path: tuple[str | int, ...],
          configured: bool, indent: str = "", scalar: bool = True) -> list[Line]:
    """A list of scalars (or, with scalar=False, of items already written as flow YAML)."""
    items = list(values)
    if not items:
        return [Line(f"{indent}{key}: []", origins.of(path))]
    if not configured:
        return _flow(f"{indent}{key}: ", items, indent + "  ", scalar=scalar)
    out = [Line(f"{indent}{key}:")]
    for index, item in enumerate(items):
        origin = origins.of((*path, index)) if configured else None
        out.append(Line(f"{indent}  - {_scalar(item) if scalar else item}", origin))
    return out


def _agency(agency: Agency) -> str:
    """An agency as flow YAML: its name, or `{name: ..., aliases: [...]}`."""
    if not agency.aliases:
        return _flow_scalar(agency.name)
    aliases = ", ".join(_flow_scalar(alias) for alias in agency.aliases)
    return f"{{name: {_flow_scalar(agency.name)}, aliases: [{aliases}]}}"


def _flow(start: str, items: list[str], indent: str, width: int = 96,
          scalar: bool = True) -> list[Line]:
    """A default list as a YAML flow sequence wrapped at `width`: long, and all of one origin."""
    rows: list[str] = []
    current, fresh = start + "[", True
    for index, item in enumerate(items):
        piece = ((_scalar(item) if scalar else item)
                 + ("]" if index == len(items) - 1 else ","))
        candidate = current + piece if fresh else f"{current} {piece}"
        if len(candidate) > width and not fresh:
            rows.append(current)
            current = indent + piece
        else:
            current = candidate
        fresh = False
    rows.append(current)
    return [Line(row) for row in rows[:-1]] + [Line(rows[-1], DEFAULT)]


_PLAIN = _patterns.compile(r"[A-Za-z0-9(][^:#]*")
_RESERVED = _patterns.compile(r"(?i)(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.:eE+-]*)")


def _scalar(value: object) -> str:
    """A YAML scalar for `value`: plain where that reads back the same, else single-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if has_unsafe(text):
        # A control character or bidi override, printed raw, would rewrite the terminal: YAML's
        # double-quoted escapes show it, and read back the same.
        return _double_quoted(text)
    if _PLAIN.fullmatch(text) and not _RESERVED.fullmatch(text) and text == text.strip():
        return text
    return "'" + text.replace("'", "''") + "'"


def _flow_scalar(value: str) -> str:
    """A scalar inside a flow collection, where `,[]{}` would end it: quoted when it has them."""
    text = _scalar(value)
    if not text.startswith("'") and any(ch in text for ch in ",[]{}"):
        return "'" + text.replace("'", "''") + "'"
    return text
def _double_quoted(text: str) -> str:
    return '"' + printable(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _render(lines: list[Line]) -> list[str]:
    width = min(max(len(line.text) for line in lines) + 2, 72)
    rendered: list[str] = []
    for line in lines:
        if line.origin is None:
            rendered.append(line.text)
        elif len(line.text) + 2 > width:
            rendered.append(f"{line.text}  # {line.origin}")
        else:
            rendered.append(f"{line.text.ljust(width)}# {line.origin}")
    return rendered


__all__ = ["run", "effective_lines", "Line"]

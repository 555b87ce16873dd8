"""Which agency an `agency:` names: the configured agencies, their aliases, and the one way a
name is compared with them.

A name is one of the partnership's agencies when it is the agency's name or one of its aliases,
compared whole after case, spacing, accents and punctuation are set aside ("childrens social
care" is "Children's Social Care"; "Fire & Rescue" is "Fire and Rescue"). A name that only
contains a listed one ("Health Board", "Northamptonshire Police") is not that agency until the
configuration says so, as an alias: otherwise the board's report would count it apart.

A name written in two languages, "Heddlu / Police", is the agency that its halves name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from . import patterns as _patterns
from .records import record


@record(frozen=True)
class Agency:
    """An agency of the partnership and the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


_WORD = _patterns.compile(r"[^\W_]+")


def agency_key(name: str) -> str:
    """A name as compared: lower case, no accents or apostrophes, '&' read as 'and', and only
    the words left ("A&E" -> "a and e", "Children’s  Services" -> "childrens services")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(_WORD.findall(text))


@record(frozen=True)
class Resolution:
    """What an `agency:` names: the agency (None when it names none, or several)."""

    agency: Agency | None
    #: Agencies named by the halves of an "A / B" name, when they are not one agency.
    several: tuple[Agency, ...] = ()


class AgencyDirectory:
    """The configured agencies, looked up by any of their names."""

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self.agencies = tuple(agencies)
        #: Every name and alias, as configured.
        self.spellings = tuple(name for agency in self.agencies for name in agency.names)
        self._by_key: dict[str, Agency] = {}
        for agency in self.agencies:
            for name in agency.names:
                # The first agency to claim a name keeps it (configuration forbids a name twice).
                self._by_key.setdefault(agency_key(name), agency)
        self._by_key.pop("", None)

    def resolve(self, name: str) -> Resolution:
        """The agency `name` names: its name or an alias, whole; or, for a name written in two
        languages ("Heddlu / Police"), the one agency its halves name."""
        found = self._by_key.get(agency_key(name))
        if found is not None or "/" not in name:
            return Resolution(found)
        named: list[Agency] = []
        for half in name.split("/"):
            agency = self._by_key.get(agency_key(half))
            if agency is not None and agency not in named:
                named.append(agency)
        if len(named) == 1:
            return Resolution(named[0])
        return Resolution(None, tuple(named))

    def canonical(self, name: str) -> str | None:
        """The configured name of the agency that `name` names, if it names one."""
        agency = self.resolve(name).agency
        return None if agency is None else agency.name

    def containing(self, name: str) -> tuple[str, Agency] | None:
        """The longest configured name or alias whose words all appear, in order, inside `name`
        ("Northamptonshire Police" contains "Police"): a hint, never a match."""
        words = f" {agency_key(name)} "
        best: tuple[str, Agency] | None = None
        for agency in self.agencies:
            for spelling in agency.names:
                key = agency_key(spelling)
                if key and f" {key} " in words and (
                        best is None or len(key) > len(agency_key(best[0]))):
                    best = (spelling, agency)
        return best


__all__ = ["Agency", "AgencyDirectory", "Resolution", "agency_key"]

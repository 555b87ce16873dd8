"""Single-agency learning is grouped by agency; names from the partnership's list keep reports
countable across reviews.

`unknown-agency`: a `single_agency[].agency` that is neither a name nor an alias in the
configured `agencies` list (see docs/configuration.md), so the board's report would count it
apart from the agency it means. Use the partnership's name for it (the warning suggests the
nearest), or add the name or alias to `agencies:` in `.learnsum.yaml`.

Example: `agency: Polce` (did you mean `Police`?).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..agency_names import AgencyDirectory, agency_key
from ..problems import Severity, shown
from ..suggest import nearest
from . import Context, Hit, checker, rule

UNKNOWN_AGENCY = rule(
    "unknown-agency",
    Severity.WARNING,
    "An agency name that is neither a configured agency nor one of its aliases.", doc=__doc__,
)


def is_known(agency: str, directory: AgencyDirectory) -> bool:
    """Known when it is a listed agency or one of its aliases, compared whole (case, spacing,
    accents and punctuation aside), or a bilingual "Heddlu / Police" whose halves name one."""
    return directory.resolve(agency).agency is not None


def advice(agency: str, directory: AgencyDirectory) -> str:
    """Why `agency` is not known and what to do, after "agency '...' ..."."""
    resolution = directory.resolve(agency)
    if resolution.several:
        named = ", ".join(f"'{a.name}'" for a in resolution.several)
        return (f"names more than one agency ({named}); give each agency its own entry "
                "under single_agency")
    contained = directory.containing(agency)
    match = nearest(agency, directory.spellings)
    # A plain misspelling ("Health Visitng") beats a shorter name inside it ("Health").
    from difflib import SequenceMatcher  # only when a name is near one of the list

    misspelt = match is not None and SequenceMatcher(
        None, agency_key(agency), agency_key(match)).ratio() >= 0.85
    if contained is not None and not misspelt:
        spelling, owner = contained
        return (f"is not in the list of agencies (did you mean '{spelling}'?); write "
                f"'{spelling}', or add '{shown(agency.strip())}' to the aliases of '{owner.name}' "
                "under `agencies:` in .learnsum.yaml")
    hint = f" (did you mean '{match}'?)" if match else ""
    return (f"is not in the list of agencies{hint}; add it to `agencies:` in .learnsum.yaml "
            "(or to an agency's aliases) if it is right")


@checker(UNKNOWN_AGENCY)
def check(context: Context) -> Iterator[Hit]:
    """An agency that is neither a configured agency nor one of its aliases."""
    directory = context.config.agency_directory
    for index, group in enumerate(context.model.single_agency):
        if group.agency.strip() and not is_known(group.agency, directory):
            written = " ".join(group.agency.split())
            yield context.hit(
                UNKNOWN_AGENCY.id, ("single_agency", index, "agency"),
                f"agency '{shown(written)}' {advice(written, directory)}",
            )

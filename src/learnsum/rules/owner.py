"""Actions are owned by roles, never by named people (format v1, "actions").

`owner-names-person`: an action's `owner` that looks like a person's name ("Mrs Smith",
"J. Bloggs") rather than a role. A summary outlives its staff and is shared beyond the agency, so
the owner is the post that holds the action. Write the role ("Named Nurse for Safeguarding,
Nene CCG"); a role title learnsum does not know goes in `privacy.roles` in `.learnsum.yaml`.

Example: `owner: Sarah Jones`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .. import patterns as _patterns
from ..problems import Severity
from . import Context, Hit, checker, rule

OWNER_NAMES_PERSON = rule(
    "owner-names-person",
    Severity.WARNING,
    "An action owner names a person ('Jane Smith', 'Mrs Patel') rather than a role.", doc=__doc__,
)

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor)\.?"
# Letters of names, Welsh ones included ("Siân", "Gwenllïan", "Llŷr", "Dŵr").
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0174\u0176"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0175\u0177"
_TITLED = _patterns.compile(rf"\b{_TITLE}\s+[{_UP}][{_LO}'’-]+")
_NAME_WORD = rf"[{_UP}][{_LO}]+(?:[-'’][{_UP}]?[{_LO}]+)*"
# Two or three names, with Welsh patronymics: "Dafydd ap Rhys", "Gwenllian ferch Gruffydd".
_BARE_NAME = _patterns.compile(
    rf"(?:{_NAME_WORD}\s+(?:(?:ap|ab|ferch|verch)\s+)?){{1,2}}{_NAME_WORD}")

#: Words that make a phrase a role, team or agency rather than a person's name.
ROLE_WORDS = frozenset(
    """lead leads manager managers head director officer officers doctor nurse named designated
    safeguarding service services team teams chair board partnership police trust council
    group groups care social worker workers health visitor visitors practitioner practitioners
    midwife midwives midwifery school schools education agency agencies authority department
    unit centre center hospital practice gp clinical commissioning integrated children children's
    adult adults family families protection public probation housing youth justice early help
    deputy assistant principal senior coordinator co-ordinator advisor adviser consultant
    paediatrician specialist supervisor operations quality assurance governance commissioner
    commissioners executive chief superintendent inspector sergeant constable detective mash lado
    trainer training learning development workforce strategic all every each partners partner
    nhs ccg icb foundation ambulance emergency mental substance misuse domestic abuse voluntary
    sector organisations organisation members member leadership panel committee subgroup
    business designate officers' managers' named nurses' leads'""".split()
)

#: The same in Welsh, for bilingual partnerships ("Pennaeth Cynhwysiant / Head of Inclusion"),
#: with the mutated forms a role word takes after another ("Dirprwy Gyfarwyddwr", "Prif
#: Weithredwr", "Nyrs Ddynodedig"). Not here: words that are also names ("Plant", "Tai", "Tim").
WELSH_ROLE_WORDS = frozenset(
    """pennaeth bennaeth phennaeth penaethiaid cyfarwyddwr gyfarwyddwr chyfarwyddwr
    cyfarwyddwyr rheolwr reolwr rheolwyr reolwyr swyddog swyddogion arweinydd arweinwyr
    arweiniol nyrs nyrsys nyrsio meddyg feddyg meddygon uwch dirprwy cydlynydd gydlynydd
    chydlynydd gweithiwr weithiwr gweithwyr gweithwraig cymdeithasol gymdeithasol ymgynghorydd
    ymgynghorwyr ymgynghorol prif cadeirydd gadeirydd is-gadeirydd ymarferydd ymarferwyr
    ymwelydd ymwelwyr bydwraig fydwraig bydwragedd bydwreigiaeth pediatregydd seiciatrydd
    seicolegydd goruchwyliwr oruchwyliwr goruchwylydd gweithredwr weithredwr gweithredol
    athro athrawes prifathro prifathrawes hyfforddwr cynghorydd gynghorydd dynodedig
    ddynodedig enwebedig arolygydd uwcharolygydd rhingyll cwnstabl gwnstabl ditectif
    comisiynydd gomisiynydd aelod aelodau tîm grŵp grwp panel pwyllgor gwasanaeth
    wasanaeth gwasanaethau wasanaethau bwrdd fwrdd iechyd heddlu cyngor gyngor awdurdod
    ysgol ysgolion addysg diogelu oedolion teulu teuluoedd ymddiriedolaeth partneriaeth gofal
    prawf cyfiawnder ieuenctid blynyddoedd cynnar cymorth cynhwysiant lles ysbyty meddygfa
    clinigol cyhoeddus uned canolfan gwirfoddol domestig sylweddau meddwl anghenion dysgu
    ychwanegol strategol gweithlu datblygu hyfforddiant ansawdd sicrwydd llywodraethu
    comisiynu plentyn""".split()
)

_ROLE_WORDS = ROLE_WORDS | WELSH_ROLE_WORDS


def _is_role_word(word: str) -> bool:
    word = word.lower()
    return word in _ROLE_WORDS or any(part in _ROLE_WORDS for part in word.split("-"))


@lru_cache(maxsize=64)
def _roles_re(roles: tuple[str, ...]) -> re.Pattern[str] | None:
    """The configured role titles, as whole words, any case, any spacing."""
    terms = sorted({" ".join(role.split()) for role in roles if role.strip()}, key=len,
                   reverse=True)
    if not terms:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, term.split())) for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def names_person(owner: str, roles: tuple[str, ...] = ()) -> bool:
    """Whether an owner reads as a person's name rather than a role. `roles` are the
    configured role titles: an owner made of them is a role, whatever words they use."""
    roles_re = _roles_re(roles)
    if roles_re is not None:
        # A configured role is never a name; what is left beside it is judged as before.
        owner = roles_re.sub(" ", owner)
    if _TITLED.search(owner):
        return True
    head = re.split(r"[,(;/]| - | – ", owner, maxsplit=1)[0].strip()
    if not _BARE_NAME.fullmatch(head):
        return False
    return not any(_is_role_word(word) for word in head.split())


@checker(OWNER_NAMES_PERSON)
def check(context: Context) -> Iterator[Hit]:
    """An action owner that looks like a person's name."""
    for index, action in enumerate(context.model.actions):
        if names_person(action.owner, context.config.roles):
            yield context.hit(
                OWNER_NAMES_PERSON.id, ("actions", index, "owner"),
                f"action {index + 1}'s owner looks like a person's name; name the role "
                "(e.g. 'Designated Nurse, ICB'), as people move on and summaries are shared",
            )

"""Pattern detectors for personal identifiers in the text of a learning summary.

Learning summaries are shared with practitioners, so they must not identify the family (see the
"Anonymisation" section of the domain notes). This module finds the identifiers that have a
recognisable *shape*: NHS numbers, National Insurance numbers, full postcodes, phone numbers,
personal e-mail addresses, dates of birth, a title followed by a name, and terms a partnership
has put on its deny-list. It cannot find a bare name ("Jane went home"): that needs a person.

Everything here is a pure function of the text and a :class:`PrivacySettings`, so the checker,
the editor hooks and the benchmark all get the same answer. Two costs are kept deliberately low:

* importing the module (it is loaded by every ``learnsum check``): the regular expressions
  are compiled once, by the first scan (compiling them all costs more than the import budget),
  the ``phonenumbers`` library (about 60 ms to import) is only loaded when a cheap regular
  expression has found a run of digits that could be a phone number, and ``pathlib`` and
  ``typing`` are only needed by type checkers;
* scanning: each detector makes one pass over the text, with a regular expression that starts
  with a literal or a character class (so that the regex engine can skip ahead; boundary
  checks that would need a leading look-behind are done in Python on the few candidates) or
  with str.find ("@", date-of-birth labels), then validates the few candidates cheaply (check
  digit, postcode areas, role mailboxes, and phonenumbers' own metadata compiled once).
  Detectors that need a digit do not run on text without one. Deny-list and allowed terms are
  looked up a word of the text at a time, so thousands of terms cost little more than one, and
  the configured allow patterns run with a time limit (PatternBudget).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import mul
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imports for the type checker only
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

__all__ = [
    "ALLOW_PATTERN_SECONDS",
    "DEFAULT_ROLE_MAILBOXES",
    "PRIVACY_RULES",
    "Finding",
    "PatternBudget",
    "PatternTooSlow",
    "PrivacySettings",
    "compile_user_pattern",
    "load_deny_list_file",
    "scan",
]

#: Rule id -> one-line explanation, shown by ``learnsum rules``. The order is the order of the docs.
PRIVACY_RULES: dict[str, str] = {
    "nhs-number": "an NHS number: 10 digits (often 3-3-4) with a valid modulus-11 check digit; "
    "an unseparated run counts only next to 'NHS' or 'CHI'",
    "ni-number": "a National Insurance number "
    "(two letters, six digits, suffix A-D, by HMRC's rules)",
    "postcode": "a full UK postcode (outward and inward code, e.g. NN1 1AA); "
    "an outward code alone (NN1) is fine",
    "phone-number": "a valid UK (or +country) fixed-line or mobile phone number; "
    "freephone, 03 and premium-rate service numbers are fine",
    "email-address": "a personal e-mail address; "
    "role mailboxes such as safeguarding@ or mash@ are fine",
    "date-of-birth": "a date next to 'DOB', 'date of birth' or 'born on/in' "
    "(reduce it to an age or year)",
    "titled-name": "a title followed by a name ('Mrs Smith', 'Dr Okafor'); "
    "use a pseudonym or a role instead",
    "deny-list": "a term from the configured deny-list (privacy.deny / privacy.deny_list_file)",
}

#: Local parts of e-mail addresses that belong to a team or service rather than to a person.
DEFAULT_ROLE_MAILBOXES: tuple[str, ...] = (
    "safeguarding",
    "mash",
    "lado",
    "admin",
    "administration",
    "info",
    "information",
    "enquiries",
    "enquiry",
    "contact",
    "contactus",
    "duty",
    "referrals",
    "referral",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "office",
    "reception",
    "helpdesk",
    "support",
    "hello",
    "team",
    "hub",
    "frontdoor",
    "firstcontact",
    "earlyhelp",
    "edt",
    "cspr",
    "scr",
    "sar",
    "dhr",
    "lscb",
    "lscp",
    "lsab",
    "businessunit",
    "partnership",
    "board",
    "learning",
    "training",
    "reviews",
    "complaints",
    "foi",
    "dpo",
    "dataprotection",
    "governance",
    "communications",
    "comms",
    "press",
    "media",
    "webmaster",
    "postmaster",
)

_ALL_RULES: frozenset[str] = frozenset(PRIVACY_RULES)
# Rules whose identifiers always contain a digit: skipped on text without one.
_DIGIT_RULES = frozenset({"nhs-number", "ni-number", "postcode", "phone-number", "date-of-birth"})
_DIGIT_PATTERN = r"[0-9]"
_DIGIT_RE: re.Pattern[str]  # compiled by _compile(), on first use

# Characters that separate the groups of a number when people type it.
_SP = "[ \u00a0]"
_SEPARATORS = " \u00a0-"


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _starts_word(text: str, i: int) -> bool:
    """Whether position `i` is not preceded by a letter, digit or underscore."""
    return i == 0 or not _is_word_char(text[i - 1])


def _ends_word(text: str, i: int) -> bool:
    """Whether position `i` is not followed by a letter, digit or underscore."""
    return i >= len(text) or not _is_word_char(text[i])


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def _same_length_lower(text: str) -> str:
    """`text` in lower case with every character at its original offset.

    Matching lower-case patterns against this is much faster than re.IGNORECASE. str.lower()
    can change the length ("\u0130" becomes two characters); then only ASCII is lowered.
    """
    lower = text.lower()
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


# --------------------------------------------------------------------------------------------
# Findings and settings
# --------------------------------------------------------------------------------------------


# Both classes are frozen dataclasses whose __repr__, __eq__ and __hash__ are written out (they
# behave as dataclass's own): dataclass generates each method by exec(), and halving that
# halves the cost of importing this module.


@dataclass(frozen=True)
class Finding:
    """One likely identifier: which rule found it and where it is in the scanned text.

    ``text[start:end] == finding.text`` for the text that was scanned. Reports must print
    :attr:`masked`, never :attr:`text`: a checker's output ends up in CI logs and terminals,
    which is exactly where the identifier must not be copied to.
    """

    rule: str
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        """The identifier with enough kept to find it in the file, and never all of it."""
        masker = _MASKERS.get(self.rule, _mask_generic)
        masked = masker(self.text)
        if masked == self.text or "*" not in masked:  # defensive: a masker must hide something
            return _mask_generic(self.text)
        return masked


@dataclass(frozen=True)
class PrivacySettings:
    """A partnership's adjustments to the detectors (``privacy:`` in ``.learnsum.yaml``).

    allow_terms: case-insensitive whole-word terms; a finding overlapping one is suppressed
        ("Dr Gray's Hospital" silences "Dr Gray"). Agency names are passed here too, so a term
        that is only one part of an e-mail address or domain does not count: "Police" must not
        hide "jane.doe@northshire.police.uk".
    allow_patterns: regular expressions; a finding whose text contains a match, or that lies
        inside a match in the scanned text, is suppressed. Anchor with ``^...$`` to be exact.
    deny_terms: terms (e.g. the family's surnames) reported wherever they occur, whole words,
        case-insensitive.
    allowed_mailboxes: local parts of role mailboxes; also matched as a dotted part
        ("northants.mash") or a prefix followed by a role word ("safeguardingadults").
    role_terms: phrases that start with a title but name a role ("Mr Justice").
    """

    allow_terms: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    deny_terms: tuple[str, ...] = ()
    allowed_mailboxes: tuple[str, ...] = DEFAULT_ROLE_MAILBOXES
    role_terms: tuple[str, ...] = ()


_DEFAULT_SETTINGS = PrivacySettings()


# --------------------------------------------------------------------------------------------
# NHS numbers
# --------------------------------------------------------------------------------------------

# Three groups of 3-3-4 digits, separated by one space/hyphen (the same one twice) or nothing.
# _nhs_alone() keeps us out of longer digit runs such as "+44 943 476 5919 12" and out of
# phone numbers written "+44 (0)113 496 0123".
_NHS_PATTERN = rf"([0-9][0-9]{{2}})({_SP}|-)?([0-9]{{3}})(?(2)\2)([0-9]{{4}})"
_NHS_RE: re.Pattern[str]  # compiled by _compile(), on first use
# "NHS", "NHS no", "nhs number:", "CHI" (Scotland's equivalent, written in capitals).
_NHS_CONTEXT_PATTERN = r"(?<![A-Za-z])(?:[Nn][Hh][Ss]|CHI(?![A-Za-z]))"
_NHS_CONTEXT_RE: re.Pattern[str]  # compiled by _compile(), on first use
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_NHS_CONTEXT_BEFORE = 32
_NHS_CONTEXT_AFTER = 16


def _nhs_check_digit_ok(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10..2 on the first nine digits, 11 -> 0, 10 invalid."""
    if digits == digits[0] * 10:
        return False
    total: int = sum(map(mul, map(int, digits[:9]), _NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_alone(text: str, start: int, end: int) -> bool:
    """Whether a 3-3-4 run stands alone rather than inside a longer number."""
    before = text[max(0, start - 2) : start]
    if before:
        if before[-1].isdigit() or before[-1] in "+)":
            return False  # "19434765919", "+9434765919", "(0)9434765919"
        if (
            len(before) == 2
            and before[1] in _SEPARATORS
            and (before[0].isdigit() or before[0] == ")")
        ):
            return False  # "44 943 476 5919", "(0) 943 476 5919"
    after = text[end : end + 2]
    if after:
        if after[0].isdigit():
            return False
        if len(after) == 2 and after[0] in _SEPARATORS and after[1].isdigit():
            return False  # "943 476 5919 12"
    return True


def _find_nhs(text: str, settings: PrivacySettings) -> list[Finding]:
    """NHS numbers; about 1 in 11 random 10-digit runs pass the check, so bare runs need context."""
    found: list[Finding] = []
    for m in _NHS_RE.finditer(text):
        if not _nhs_alone(text, m.start(), m.end()):
            continue
        digits = m.group(1) + m.group(3) + m.group(4)
        if not _nhs_check_digit_ok(digits):
            continue
        if m.group(2) is None:
            window = text[max(0, m.start() - _NHS_CONTEXT_BEFORE) : m.start()]
            after = text[m.end() : m.end() + _NHS_CONTEXT_AFTER]
            if not (_NHS_CONTEXT_RE.search(window) or _NHS_CONTEXT_RE.search(after)):
                continue
        found.append(Finding("nhs-number", m.start(), m.end(), m.group(0)))
    return found


# --------------------------------------------------------------------------------------------
# National Insurance numbers
# --------------------------------------------------------------------------------------------

# HMRC: D, F, I, Q, U, V are never used as either prefix letter; O is never the second letter.
_NI_PATTERN = (
    rf"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]){_SP}?"
    rf"[0-9]{{2}}{_SP}?[0-9]{{2}}{_SP}?[0-9]{{2}}{_SP}?[A-D]"
)
_NI_RE: re.Pattern[str]  # compiled by _compile(), on first use
_NI_UNUSED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def _find_ni(text: str, settings: PrivacySettings) -> list[Finding]:
    """National Insurance numbers, upper case only (HMRC's format is case-sensitive)."""
    return [
        Finding("ni-number", m.start(), m.end(), m.group(0))
        for m in _NI_RE.finditer(text)
        if m.group(1) not in _NI_UNUSED_PREFIXES
        and _starts_word(text, m.start())
        and _ends_word(text, m.end())
    ]


# --------------------------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------------------------

# The 121 postcode areas of the UK plus the Crown dependencies; an outward code has to start
# with one of these, which keeps "AB12 3CD"-shaped reference codes from other schemes out.
_POSTCODE_AREAS = frozenset(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE
    LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL
    SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split()
)
# Inward code (9AA; the unit letters never include C, I, K, M, O, V), found first because it
# starts with a digit, then the outward code (A9, A99, A9A, AA9, AA99, AA9A) with an optional
# space just before it. Case is checked afterwards (all upper or all lower).
_INWARD_PATTERN = r"[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z0-9])"
_INWARD_RE: re.Pattern[str]  # compiled by _compile(), on first use
_OUTWARD_PATTERN = (
    rf"(?<![A-Za-z0-9])(?:(?P<area>[A-Za-z]{{1,2}})(?P<district>[0-9][0-9A-Za-z]?)|(?P<gir>GIR|gir))"
    rf"(?P<space>{_SP}?)$"
)
_OUTWARD_RE: re.Pattern[str]  # compiled by _compile(), on first use
_THIRD_LETTERS = frozenset("ABCDEFGHJKPSTUW")  # A9A outward codes (London W1A, E1W...)
_FOURTH_LETTERS = frozenset("ABEHMNPRVWXY")  # AA9A outward codes (SW1A, EC1A...)


def _postcode_ok(area: str, district: str, spaced: bool, whole: str) -> bool:
    """Whether a candidate is shaped like a real postcode, not just like letters and digits."""
    letters = "".join(ch for ch in whole if ch.isalpha())
    if not (letters.isupper() or letters.islower()):
        return False  # "Nn1 1aa" is not how anyone types a postcode
    if not spaced and not letters.isupper():
        return False  # "nn11aa" is too likely to be something else
    area_u = area.upper()
    if area_u not in _POSTCODE_AREAS:
        return False
    if len(district) == 2 and district[1].isalpha():
        allowed = _THIRD_LETTERS if len(area_u) == 1 else _FOURTH_LETTERS
        if district[1].upper() not in allowed:
            return False
    return True


def _find_postcodes(text: str, settings: PrivacySettings) -> list[Finding]:
    """Full postcodes only: an outward code ("NN1") covers thousands of households."""
    found: list[Finding] = []
    for inward in _INWARD_RE.finditer(text):
        m = _OUTWARD_RE.search(text, max(0, inward.start() - 5), inward.start())
        if m is None:
            continue
        whole = text[m.start() : inward.end()]
        if m.group("gir"):
            if whole.upper().replace("\u00a0", " ") not in ("GIR 0AA", "GIR0AA"):
                continue
        elif not _postcode_ok(m.group("area"), m.group("district"), bool(m.group("space")), whole):
            continue
        found.append(Finding("postcode", m.start(), inward.end(), whole))
    return found


# --------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------

# A cheap pre-filter: a run that starts like a dialled number (+country, 0, or "(0") and goes on
# in digits, spaces, hyphens and brackets. Only when one of these has 9+ digits is the (slow to
# import) phonenumbers library consulted. Numbers written without their leading 0 are not
# considered: "Case ref 1604123456" would otherwise be a valid Northampton number.
_PHONE_CANDIDATE_PATTERN = (
    # each opening checks the character before it with a look-behind placed after its first
    # character, so that the pattern still starts with a literal and the engine can skip ahead
    r"(?:\+(?<![\w+]\+)[ \u00a0]?[1-9]|\((?<![\w+]\()0|0(?<![\w+]0))[0-9 \u00a0()\-]{7,48}[0-9]"
)
_PHONE_CANDIDATE_RE: re.Pattern[str]  # compiled by _compile(), on first use
_PHONE_TOKEN_PATTERN = r"[^ \u00a0]+"
_PHONE_TOKEN_RE: re.Pattern[str]  # compiled by _compile(), on first use
_PHONE_MIN_DIGITS = 9
_PHONE_MAX_DIGITS = 15  # E.164
_PHONE_MAX_TOKENS = 6  # "+44 (0) 1604 123 456" is the most-grouped form people type


def _count_digits(s: str) -> int:
    return sum(map(str.isdigit, s))


# phonenumbers' number types in the order phonenumbers.number_type() tries them, each with
# whether it can reach a person.
_TYPE_ORDER = (
    ("premium_rate", False),
    ("toll_free", False),
    ("shared_cost", False),
    ("voip", True),
    ("personal_number", True),
    ("pager", True),
    ("uan", False),
    ("voicemail", False),
    ("fixed_line", True),
    ("mobile", True),
)
# A phonenumbers PhoneNumberDesc: its possible lengths (empty: any) and its pattern's fullmatch.
_Desc = tuple[frozenset[int], "Callable[[str], re.Match[str] | None]"]
# Per region sharing +44 (GB, Guernsey, Isle of Man, Jersey): its leading-digits pattern, its
# general description and its typed descriptions.
_Region = tuple["re.Pattern[str] | None", _Desc, tuple[tuple[bool, _Desc], ...]]
_uk_regions: tuple[_Region, ...] | None = None
_uk_regions_failed = False


def _uk_region_table() -> tuple[_Region, ...] | None:
    """phonenumbers' metadata for the +44 regions, with its patterns compiled once.

    phonenumbers looks every pattern up again (in re's cache) on every call, which made
    validation most of the cost of a scan. None when this phonenumbers lays its metadata out
    differently: then every number goes through phonenumbers.parse().
    """
    global _uk_regions, _uk_regions_failed
    if _uk_regions is not None or _uk_regions_failed:
        return _uk_regions
    import phonenumbers

    def desc(metadata: object, name: str) -> _Desc | None:
        d = getattr(metadata, name, None)
        pattern = getattr(d, "national_number_pattern", None)
        if not pattern:
            return None
        lengths = frozenset(getattr(d, "possible_length", None) or ())
        return lengths, re.compile(pattern).fullmatch

    try:
        regions: list[_Region] = []
        for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44]:
            metadata = phonenumbers.PhoneMetadata.metadata_for_region(code)
            general = desc(metadata, "general_desc")
            if metadata is None or general is None:
                raise ValueError(f"no metadata for {code}")
            leading = getattr(metadata, "leading_digits", None)
            types = tuple(
                (personal, d)
                for name, personal in _TYPE_ORDER
                if (d := desc(metadata, name)) is not None
            )
            regions.append((re.compile(leading) if leading else None, general, types))
    except (AttributeError, KeyError, TypeError, ValueError, re.error):
        _uk_regions_failed = True
        return None
    _uk_regions = tuple(regions)
    return _uk_regions


def _region_kind(
    general: _Desc, types: tuple[tuple[bool, _Desc], ...], national_significant: str
) -> bool | None:
    """phonenumbers' _number_type_helper(): the first type whose lengths and pattern match."""
    size = len(national_significant)
    lengths, fullmatch = general
    if (lengths and size not in lengths) or fullmatch(national_significant) is None:
        return None
    for personal, (lengths, fullmatch) in types:
        if (not lengths or size in lengths) and fullmatch(national_significant) is not None:
            return personal
    return None


def _uk_kind(regions: tuple[_Region, ...], national_significant: str) -> bool | None:
    """phonenumbers' verdict on a +44 national significant number, from its own metadata.

    The region is chosen as phonenumbers.region_code_for_number() chooses it (a region with a
    leading-digits pattern claims the numbers that start with it; otherwise the first region
    in which the number has a type), then typed as phonenumbers.number_type() types it.
    True: fixed line, mobile, personal, pager or VoIP; False: a service number; None: invalid.
    """
    for leading, general, types in regions:
        if leading is not None:
            if leading.match(national_significant):
                return _region_kind(general, types, national_significant)
            continue
        verdict = _region_kind(general, types, national_significant)
        if verdict is not None:
            return verdict
    return None


def _phone_verdict(number_text: str) -> bool | None:
    """True: a person's number; False: a valid service number; None: not a valid number.

    phonenumbers (region GB) knows which ranges are allocated and rejects Ofcom's drama
    numbers such as 07700 900123. It is imported on first need (about 60 ms). UK numbers
    ("0...", "+44 ...") are typed by _uk_kind() from the library's metadata; numbers of other
    countries go through phonenumbers.parse() and number_type().
    """
    digits = "".join(filter(str.isdigit, number_text))
    head = number_text.lstrip("(")[:1]
    national: str | None = None
    if head == "0" and not digits.startswith("00"):
        national = digits[1:]
    elif head == "+" and digits.startswith("44"):
        national = digits[2:]
        if national.startswith("0"):
            national = national[1:]  # "+44 (0)113 ..."
    if national is not None:
        regions = _uk_region_table()
        if regions is not None:
            return _uk_kind(regions, national)
    import phonenumbers  # deferred: ~60 ms to import, most texts never need it

    try:
        number = phonenumbers.parse(number_text, "GB")
    except phonenumbers.NumberParseException:
        return None
    kind_code = phonenumbers.number_type(number)  # UNKNOWN for invalid numbers
    if kind_code == phonenumbers.PhoneNumberType.UNKNOWN:
        return None
    return kind_code in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        phonenumbers.PhoneNumberType.PAGER,
        phonenumbers.PhoneNumberType.VOIP,
    )


def _find_phones(text: str, settings: PrivacySettings) -> list[Finding]:
    """Phone numbers that could reach a person, validated against phonenumbers' ranges.

    Freephone (0800/0808), 03, shared-cost and premium-rate numbers are organisations' numbers
    (helplines, switchboards), so they are not reported. Within a candidate run the longest
    valid group of space-separated tokens wins, so two numbers typed next to each other are
    both found.
    """
    found: list[Finding] = []
    for cand in _PHONE_CANDIDATE_RE.finditer(text):
        cand_start = cand.start()
        if _count_digits(cand.group(0)) < _PHONE_MIN_DIGITS:
            continue
        tokens = [
            (t.start() + cand_start, t.end() + cand_start)
            for t in _PHONE_TOKEN_RE.finditer(cand.group(0))
        ]
        i = 0
        while i < len(tokens):
            if text[tokens[i][0]] not in "+0(":
                i += 1
                continue
            matched_to: int | None = None
            for j in range(min(len(tokens), i + _PHONE_MAX_TOKENS) - 1, i - 1, -1):
                start, end = tokens[i][0], tokens[j][1]
                if text[start] == "(" and ")" not in text[start:end]:
                    start += 1  # "(07911 123456)": the bracket belongs to the sentence
                span = text[start:end]
                if not _PHONE_MIN_DIGITS <= _count_digits(span) <= _PHONE_MAX_DIGITS:
                    continue
                verdict = _phone_verdict(span)
                if verdict is None:
                    continue
                if verdict:
                    found.append(Finding("phone-number", start, end, span))
                matched_to = j
                break
            i = (matched_to + 1) if matched_to is not None else i + 1
    return found


# --------------------------------------------------------------------------------------------
# E-mail addresses
# --------------------------------------------------------------------------------------------

# Found from each "@": the local part by walking back over the characters it may contain, the
# domain with a regular expression. Scanning the whole text for local parts would try every word.
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'-")
_LOCAL_MAX = 64
_EMAIL_DOMAIN_PATTERN = (
    r"[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
_EMAIL_DOMAIN_RE: re.Pattern[str]  # compiled by _compile(), on first use
_LOCAL_SPLIT_PATTERN = r"[._+\-0-9]+"
_LOCAL_SPLIT_RE: re.Pattern[str]  # compiled by _compile(), on first use
# Words that, after a role mailbox name, still make a role mailbox ("safeguardingadults",
# "dutyteam", "mashreferrals").
_ROLE_SUFFIXES = frozenset(
    """adult adults child children childrens team teams hub unit units service services office
    board partnership desk line lead leads admin support nhs mailbox inbox referrals referral
    enquiries enquiry general central hq dept department""".split()
)


@lru_cache(maxsize=16)
def _role_mailboxes(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(r for r in (entry.strip().lower() for entry in allowed) if r)


def _is_role_mailbox(local: str, roles: frozenset[str]) -> bool:
    """Whether an address's local part names a team or service rather than a person.

    "safeguarding", "safeguarding.team", "northants.mash" (a role as one dotted part) and
    "safeguardingadults" (a role followed by a role word) are; "ladonna" and "mashaal.khan",
    which merely start like a role, are not.
    """
    local = local.lower()
    if local in roles:
        return True
    for token in _LOCAL_SPLIT_RE.split(local):
        if token in roles:
            return True
        for cut in range(2, len(token) - 1):
            if token[:cut] in roles and (token[cut:] in _ROLE_SUFFIXES or token[cut:] in roles):
                return True
    return False


def _find_emails(text: str, settings: PrivacySettings) -> list[Finding]:
    """Personal e-mail addresses; role mailboxes are how a summary should give a contact."""
    at = text.find("@")
    if at < 0:
        return []
    roles = _role_mailboxes(tuple(settings.allowed_mailboxes))
    found: list[Finding] = []
    while at >= 0:
        start = at
        while start > 0 and at - start <= _LOCAL_MAX and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1)
        if (
            domain is not None
            and 0 < at - start <= _LOCAL_MAX
            and text[start].isalnum()
            and _starts_word(text, start)
            and not _is_role_mailbox(text[start:at], roles)
        ):
            found.append(Finding("email-address", start, domain.end(), text[start : domain.end()]))
        at = text.find("@", domain.end() if domain is not None else at + 1)
    return found


# --------------------------------------------------------------------------------------------
# Dates of birth
# --------------------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_ORD = r"(?:\s?(?:st|nd|rd|th))?"
_MON_NUM = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
# Dates as UK authors type them (always day first), ISO dates, and month + year. A year on its
# own is not matched: the domain notes say a date of birth should be reduced to an age or year.
_DATE = (
    rf"(?:{_YEAR4}-{_MON_NUM}-{_DAY}"  # 2010-02-01
    # 01/02/2010, 1.2.10, 01-02-2010
    rf"|{_DAY}(?P<sep>[/.\-]){_MON_NUM}(?P=sep)(?:{_YEAR4}|[0-9]{{2}})"
    rf"|{_DAY}{_ORD}(?:\s+of)?\s+{_MONTH},?\s+(?:{_YEAR4}|'?[0-9]{{2}})"  # 1st February 2010
    rf"|{_MONTH}\s+{_DAY}{_ORD},?\s+{_YEAR4}"  # February 1st, 2010
    rf"|{_MONTH},?\s+{_YEAR4}"  # February 2010
    rf"|{_MON_NUM}/{_YEAR4}"  # 02/2010
    rf"|{_DAY}{_ORD}(?:\s+of)?\s+{_MONTH}"  # 1st February (a birthday, still identifying)
    rf")"
)
# Matched against _same_length_lower(text), so written in lower case and compiled without
# re.IGNORECASE (which would stop the regex engine from skipping ahead).
_DATE_PATTERN = rf"(?P<date>{_DATE})(?![0-9a-z])"
# Where a date can start: a run of digits or a month's name. The date pattern is only tried at
# these places (and not after a letter or digit): tried at every position, it costs ten times
# as much.
_DATE_START_PATTERN = r"[0-9]+|j(?:an|u[nl])|feb|ma[ry]|a(?:pr|ug)|sep|oct|nov|dec"
_DATE_START_RE: re.Pattern[str]  # compiled by _compile(), on first use
_DATE_RE: re.Pattern[str]  # compiled by _compile(), on first use
# Labels that introduce a date of birth. "born" alone must be followed at once by the date.
# Each alternative starts with a literal letter, so the regex engine can skip ahead to a "d" or
# a "b"; "born" is told apart from the other labels afterwards.
_DOB_LABEL_PATTERN = (
    r"(?:d(?:(?:\. ?)?o(?:\. ?)?b(?![a-z])\.?|ate\s+of\s+birth)|b(?:irth\s?-?date|orn))(?![a-z])"
)
_DOB_LABEL_RE: re.Pattern[str]  # compiled by _compile(), on first use
# Every label contains one of these; text with none of them has no date of birth to find.
# ("DOB", "D.O.B.", "D. O. B." are labels; "D O B", spaced without dots, is not looked for.)
_DOB_HINTS = ("birth", "born", "dob", "do.b", "do. b", "d.o", "d. o")
# What may stand between a label and its date: "DOB: ", "date of birth of Child O - ",
# "born on the ".
_LABEL_GAP_MAX = 28
_LABEL_GAP_BAD_PATTERN = r"[.!?;]\s|\n|(?<![0-9])[12][0-9]{3}(?![0-9])"
_LABEL_GAP_BAD_RE: re.Pattern[str]  # compiled by _compile(), on first use
# After a bare "born", the date must come at once: "born 3 May 2012", "born: 03/02/2013".
_BORN_GAP_PATTERN = r"[ \t]*[:\-\u2013]?[ \t]*"
_BORN_ON_PATTERN = r"\s+(?:on|in)\b"  # "born on", "born in": a label like "DOB"
_BORN_ON_RE: re.Pattern[str]  # compiled by _compile(), on first use
_BORN_GAP_RE: re.Pattern[str]  # compiled by _compile(), on first use
_DATE_BEFORE_LABEL_GAP_PATTERN = r"\s*[(\[]\s*$"
_DATE_BEFORE_LABEL_GAP_RE: re.Pattern[str]  # compiled by _compile(), on first use


def _dates(
    lower: str, pos: int, start_before: int, endpos: int, first_only: bool
) -> list[re.Match[str]]:
    """The dates that start in lower[pos:start_before], not inside a word or number, and end by
    `endpos`."""
    found: list[re.Match[str]] = []
    free_from = pos  # no date starts inside the previous one ("01/02/2010" holds "02/2010")
    for start in _DATE_START_RE.finditer(lower, pos, start_before):
        at = start.start()
        if at < free_from or (at > 0 and lower[at - 1].isalnum()):
            continue
        m = _DATE_RE.match(lower, at, endpos)
        if m is not None:
            found.append(m)
            if first_only:
                break
            free_from = m.end()
    return found


def _find_dobs(text: str, settings: PrivacySettings) -> list[Finding]:
    """Dates next to a date-of-birth label; meeting and incident dates are left alone.

    The date must follow its label closely ("DOB: 01/02/2010", "date of birth of Child O -
    1.2.10", "born on the 3rd of May 2012"), or stand just before a bracketed label
    ("01/02/2010 (DOB)"). A bare "born" must be followed at once by the date, so that "born at
    32 weeks ... in March 2015" is not read as a birth date.
    """
    lower = _same_length_lower(text)
    # Labels are looked for only around the hints, not over the whole text.
    windows: list[tuple[int, int]] = []
    for hint in _DOB_HINTS:
        pos = lower.find(hint)
        while pos >= 0:
            windows.append((max(0, pos - 16), pos + len(hint) + 12))
            pos = lower.find(hint, pos + 1)
    if not windows:
        return []
    found: list[Finding] = []
    seen: set[int] = set()

    def add(m: re.Match[str]) -> None:
        start, end = m.span("date")
        if start not in seen:
            seen.add(start)
            found.append(Finding("date-of-birth", start, end, text[start:end]))

    labels: dict[int, re.Match[str]] = {}
    for start, end in windows:
        for label in _DOB_LABEL_RE.finditer(lower, start, end):
            labels.setdefault(label.start(), label)
    for _, label in sorted(labels.items()):
        if label.start() > 0 and lower[label.start() - 1].isalpha():
            continue  # "newborn", "redob..."
        after = label.end()
        born = label.group(0) == "born"
        if born and _BORN_ON_RE.match(lower, after) is None:
            # A bare "born": the date must follow at once, not somewhere in the sentence.
            gap = _BORN_GAP_RE.match(lower, after)
            date = _DATE_RE.match(lower, gap.end() if gap is not None else after)
            if date is not None:
                add(date)
            continue
        # The first date after the label, if it is close enough and in the same sentence.
        following = _dates(
            lower, after, after + _LABEL_GAP_MAX + 1, after + _LABEL_GAP_MAX + 60, True
        )
        if following and _LABEL_GAP_BAD_RE.search(lower, after, following[0].start()) is None:
            add(following[0])
            continue
        # "01/02/2010 (DOB)": a date just before a bracketed label.
        if born:
            continue
        start = max(0, label.start() - 40)
        before = _dates(lower, start, label.start(), label.start(), False)
        if before and _DATE_BEFORE_LABEL_GAP_RE.match(lower, before[-1].end(), label.start()):
            add(before[-1])
    return found


# --------------------------------------------------------------------------------------------
# Title + name
# --------------------------------------------------------------------------------------------

# Titles people in a case carry, police ranks included ("PC Davies"). Honours (Sir, Dame, Lord,
# Lady) are left out on purpose: in summaries they almost always cite the authors of national
# reports ("Lord Laming"), not the family or the practitioners.
_TITLES = (
    "Mrs|Mr|Ms|Miss|Mx|Master|Dr|Prof|Professor|Revd|Rev|Reverend|Cllr|Councillor|"
    "PCSO|PC|DCI|DC|DS|DI|Sgt|Insp"
)
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff"
# A name: Smith, O'Brien, McDonald, MacLeod, Smith-Jones, Zoë. A single capital ("Mr X") or
# capitals and digits ("Mr A1") are pseudonyms and do not match.
_NAME_PART = rf"[{_UP}](?:['\u2019][{_UP}])?[{_LO}]+(?:[{_UP}][{_LO}]+)?"
_NAME = rf"{_NAME_PART}(?:-{_NAME_PART})?"
_TITLED_NAME_PATTERN = (
    rf"(?P<title>{_TITLES})\.?[ \u00a0]+"
    rf"(?P<initials>(?:[A-Z](?:\.[ \u00a0]*|[ \u00a0]+)){{1,2}})?"  # "Mr J Smith", "Mrs A.B. Patel"
    rf"(?P<n1>{_NAME})(?![{_UP}{_LO}0-9])"
    rf"(?:[ \u00a0]+(?P<n2>{_NAME})(?![{_UP}{_LO}0-9]))?"
)
_TITLED_NAME_RE: re.Pattern[str]  # compiled by _compile(), on first use
# Capitalised words that follow a title without being a name: judicial and civic roles
# ("Mr Justice Hayden", "Mr Chairman"), practitioners' roles ("Dr Consultant Paediatrician" in a
# badly punctuated list), family pseudonyms ("Mr X Father"), agencies' words, and ordinary words
# at the start of a heading.
_NOT_NAMES = frozenset(
    """justice justices chief mayor mayoress chancellor lieutenant speaker president chair
    chairman chairwoman chairperson deputy assistant associate senior junior named designated
    lead head consultant registrar locum duty safeguarding paediatrician paediatric psychiatrist
    psychologist nurse midwife health police social worker manager officer team service services
    unknown anonymous redacted withheld child children mother father parent parents sibling
    siblings baby adult person subject family partner stepfather stepmother grandmother
    grandfather grandparent uncle aunt victim perpetrator alleged male female patient client
    resident applicant respondent defendant appellant brother sister son daughter foster carer
    carers guardian teacher the a an and or of for on in at to with from by general
    practitioner clinical medical hospital trust council court judge fostering foundation
    commissioner inspector sergeant constable detective coroner governor principal barnardo
    word excel outlook teams powerpoint
    mr mrs ms miss mx dr prof rev revd reverend cllr councillor pcso pc dci dc ds di sgt
    insp""".split()
)
# Words that start a sentence: after a pseudonym with a full stop ("Mr X. He said...") they
# would otherwise look like the surname of "Mr X. He".
_SENTENCE_WORDS = frozenset(
    """he she they it its his her hers their them we our you your i there here this that these
    those then when where while whilst after before during however although though because since
    as if but so also later following subsequently meanwhile both all each every no not none one
    two three four five six seven eight nine ten first second third monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december""".split()
)


@lru_cache(maxsize=64)
def _role_term_re(role_terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Role phrases that begin with a title, matched at a title's position, case-insensitive."""
    terms = [t.strip() for t in role_terms if t.strip()]
    if not terms:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)
    )
    return re.compile(rf"(?:{alternatives})(?!\w)", re.IGNORECASE)


def _is_name_word(word: str) -> bool:
    return word.lower() not in _NOT_NAMES


def _find_titled_names(text: str, settings: PrivacySettings) -> list[Finding]:
    """A title followed by one or two names: how a person is named in Word-era summaries."""
    role_re = _role_term_re(tuple(settings.role_terms))
    found: list[Finding] = []
    m = _TITLED_NAME_RE.search(text)
    while m is not None:
        start = m.start()
        if (
            (start > 0 and text[start - 1].isalpha())  # "AMr Smith" is not a title
            or (role_re is not None and role_re.match(text, start))
            or not _is_name_word(m.group("n1"))
            # "Mr X. The police...": a pseudonym, then the next sentence
            or (m.group("initials") and m.group("n1").lower() in _SENTENCE_WORDS)
        ):
            # Not a name; look again just after this title, so that "Mr X Mrs Smith" still
            # finds "Mrs Smith".
            m = _TITLED_NAME_RE.search(text, start + 1)
            continue
        end = m.end("n1")
        n2 = m.group("n2")
        if n2 is not None and _is_name_word(n2):
            end = m.end("n2")
        found.append(Finding("titled-name", start, end, text[start:end]))
        m = _TITLED_NAME_RE.search(text, end)
    return found


# --------------------------------------------------------------------------------------------
# Deny and allow terms
# --------------------------------------------------------------------------------------------


# Terms are found by their words rather than by a search of the whole text for each term: the
# text's words (runs of letters, digits and underscores) are listed once, and a tree of the
# terms' words, folded to one case, tells at each word which terms can start there; only those
# are matched in full. So the cost grows with the text and what is found in it, not with the
# text times the number of terms (a deny-list file may hold thousands).
_TERM_WORD_PATTERN = r"\w+"


def _fold(word: str) -> str:
    """A word as case-insensitive matching sees it, near enough ("İ" and "ı" are "i")."""
    return word.casefold().replace("i\u0307", "i").replace("\u0131", "i")


class _TermNode:
    """One word of the terms' tree: the words that may follow it, and the terms ending here
    (rank, characters before the term's first word)."""

    __slots__ = ("children", "terms")

    def __init__(self) -> None:
        self.children: dict[str, _TermNode] = {}
        self.terms: list[tuple[int, int]] = []


class _TermIndex:
    """The terms' tree, the terms it cannot hold (a first word with no letter or digit), and
    each term's pattern by rank (longer terms rank first and win overlaps), compiled when the
    term is first met: a deny-list of thousands of names must not cost thousands of compiles."""

    __slots__ = ("root", "loose", "terms", "patterns", "word_re")

    def __init__(self, root: _TermNode, loose: tuple[int, ...], terms: list[str],
                 word_re: re.Pattern[str]) -> None:
        self.root = root
        self.loose = loose
        self.terms = terms
        self.patterns: dict[int, re.Pattern[str]] = {}
        self.word_re = word_re

    def pattern(self, rank: int) -> re.Pattern[str]:
        compiled = self.patterns.get(rank)
        if compiled is None:
            source = r"\s+".join(re.escape(w) for w in self.terms[rank].split())
            compiled = self.patterns[rank] = re.compile(rf"{source}(?!\w)", re.IGNORECASE)
        return compiled


@lru_cache(maxsize=64)
def _terms_index(terms: tuple[str, ...]) -> _TermIndex | None:
    """How to find the terms: each as a case-insensitive pattern, reached through its words."""
    cleaned = sorted({t.strip() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    if not cleaned:
        return None
    word_re = re.compile(_TERM_WORD_PATTERN)
    root = _TermNode()
    loose: list[int] = []
    for rank, term in enumerate(cleaned):
        first = word_re.search(term)
        if first is None or any(ch.isspace() for ch in term[: first.start()]):
            loose.append(rank)
            continue
        node = root
        for word in word_re.findall(term):
            key = _fold(word)
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _TermNode()
            node = child
        node.terms.append((rank, first.start()))
    return _TermIndex(root, tuple(loose), cleaned, word_re)


def _inside_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one part of an address or domain ("jane@police.example.uk")."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[1] in "@." and before[0].isalnum()) or (
        len(after) == 2 and after[0] in "@." and after[1].isalnum()
    )


def _term_spans(
    text: str, terms: tuple[str, ...], in_addresses: bool = True
) -> list[tuple[int, int]]:
    """Where the terms occur in `text` as whole words, ignoring case; longer terms win overlaps.

    With `in_addresses` false, an occurrence that is one part of an e-mail address or a domain
    does not count: an allowed agency name ("Police") must not hide
    "jane.doe@northshire.police.uk".
    """
    index = _terms_index(terms)
    if index is None:
        return []
    _compile()
    found: list[tuple[int, int, int]] = []  # (rank, start, end)

    def consider(rank: int, m: re.Match[str] | None) -> None:
        if (
            m is not None
            and _starts_word(text, m.start())
            and (in_addresses or not _inside_address(text, m.start(), m.end()))
        ):
            found.append((rank, m.start(), m.end()))

    if index.root.children:
        starts: list[int] = []
        words: list[str] = []
        if text.isascii():  # folding is lower-casing, which keeps every offset
            for m in index.word_re.finditer(text.lower()):
                starts.append(m.start())
                words.append(m.group())
        else:
            for m in index.word_re.finditer(text):
                starts.append(m.start())
                words.append(_fold(m.group()))
        top = index.root.children
        for i, word in enumerate(words):
            node = top.get(word)
            j = i
            while node is not None:
                for rank, lead in node.terms:
                    if starts[i] >= lead:
                        consider(rank, index.pattern(rank).match(text, starts[i] - lead))
                j += 1
                if j == len(words) or not node.children:
                    break
                node = node.children.get(words[j])
    for rank in index.loose:
        for m in index.pattern(rank).finditer(text):
            consider(rank, m)
    # Longer terms first, each in text order; a span overlapping one already taken is dropped.
    # Taken spans never overlap, so sorted by start they are sorted by end too.
    found.sort()
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for _, start, end in found:
        i = bisect_left(taken_starts, end)
        if i > 0 and taken_ends[i - 1] > start:
            continue
        taken_starts.insert(i, start)
        taken_ends.insert(i, end)
    return list(zip(taken_starts, taken_ends))


#: CPU seconds that the allow patterns together may take on one file. A pattern that repeats a
#: repetition, such as (a|a)*, can take longer than anyone waits on one line of text.
ALLOW_PATTERN_SECONDS = 1.0


class PatternTooSlow(Exception):
    """An allow pattern used up the time of the patterns on a text (`index`: its place in
    PrivacySettings.allow_patterns, which is its place in the configuration's list)."""

    def __init__(self, pattern: str, index: int, seconds: float) -> None:
        super().__init__(f"allow pattern {pattern!r} took longer than {seconds:g} s")
        self.pattern = pattern
        self.index = index
        self.seconds = seconds


class PatternBudget:
    """The CPU time the allow patterns have left; one budget is shared by every scan of a file."""

    def __init__(self, seconds: float = ALLOW_PATTERN_SECONDS) -> None:
        self.seconds = seconds
        self.left = seconds


def compile_user_pattern(pattern: str) -> Any:
    """A pattern from a configuration, compiled by the `regex` module, whose matching can be
    stopped after a time (Python's `re` cannot be); ValueError when it is not a pattern."""
    import regex

    try:
        return regex.compile(pattern)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise ValueError(f"'{pattern}' is not a regular expression: {error}") from None


@lru_cache(maxsize=64)
def _allow_patterns_re(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    """The configured allow patterns, compiled once per settings; a bad one is a clear error."""
    compiled: list[Any] = []
    for pattern in patterns:
        try:
            compiled.append(compile_user_pattern(pattern))
        except ValueError as error:
            raise ValueError(f"privacy allow pattern {error}") from None
    return tuple(compiled)


def _find_denied(text: str, settings: PrivacySettings) -> list[Finding]:
    """Every occurrence of a deny-list term, e.g. the family's surname or the school's name."""
    return [
        Finding("deny-list", start, end, text[start:end])
        for start, end in _term_spans(text, tuple(settings.deny_terms))
    ]


class _Spans:
    """Spans sorted by start, with the greatest end so far: "does any span overlap (or enclose)
    this one?" in O(log n), so a long summary with many findings is not quadratic."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.max_end: list[int] = []
        greatest = -1
        for _, end in spans:
            greatest = max(greatest, end)
            self.max_end.append(greatest)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # the spans that start before `end`...
        return i > 0 and self.max_end[i - 1] > start  # ...and one of them ends after `start`

    def encloses(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)  # the spans that start at or before `start`...
        return i > 0 and self.max_end[i - 1] >= end  # ...and one of them reaches `end`


def _allowed(findings: list[Finding], text: str, settings: PrivacySettings,
             budget: PatternBudget | None = None) -> list[Finding]:
    """Drop findings covered by an allow term or an allow pattern.

    The patterns are the configuration's own, so each runs with a time limit (the budget's time
    left); one that runs out raises PatternTooSlow.
    """
    if not findings or not (settings.allow_terms or settings.allow_patterns):
        return findings
    terms = _Spans(_term_spans(text, tuple(settings.allow_terms), in_addresses=False))
    kept = [f for f in findings if not terms.overlaps(f.start, f.end)]
    if not kept or not settings.allow_patterns:
        return kept
    from time import process_time

    if budget is None:
        budget = PatternBudget()
    patterns = _allow_patterns_re(tuple(settings.allow_patterns))
    by_start = sorted(range(len(kept)), key=lambda i: kept[i].start)
    allowed: set[int] = set()
    for index, pattern in enumerate(patterns):
        started = process_time()
        try:
            # A finding is allowed when a match of the pattern in the text encloses it. A
            # pattern's matches do not overlap, so of those that start at or before the finding
            # only the last non-empty one can enclose it: one pass over matches and findings.
            matches = pattern.finditer(text, timeout=max(budget.left, 0.001))
            upcoming = next(matches, None)
            last = None
            for i in by_start:
                finding = kept[i]
                while upcoming is not None and upcoming.start() <= finding.start:
                    if upcoming.end() > upcoming.start():
                        last = upcoming
                    upcoming = next(matches, None)
                if i in allowed:
                    continue
                if last is not None and last.end() >= finding.end:
                    allowed.add(i)
                    continue
                left = budget.left - (process_time() - started)
                if pattern.search(finding.text, timeout=max(left, 0.001)) is not None:
                    allowed.add(i)  # or the finding's own text contains a match
        except TimeoutError:
            raise PatternTooSlow(settings.allow_patterns[index], index, budget.seconds) from None
        finally:
            budget.left -= process_time() - started
    return [f for i, f in enumerate(kept) if i not in allowed]


# --------------------------------------------------------------------------------------------
# Masking
# --------------------------------------------------------------------------------------------


def _mask_digits_after(s: str, keep: int) -> str:
    """Keep the first `keep` digits, star the rest, and keep the separators as typed."""
    out: list[str] = []
    seen = 0
    for ch in s:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_nhs(s: str) -> str:
    return _mask_digits_after(s, 3)  # "943 *** ****"


def _mask_ni(s: str) -> str:
    return "".join("*" if ch.isdigit() else ch for ch in s)  # "AB ** ** ** C"


def _mask_postcode(s: str) -> str:
    inward = s[-3:]
    return s[:-3] + "*" * len(inward)  # "NN1 ***"


def _mask_phone(s: str) -> str:
    digits = _count_digits(s)
    return _mask_digits_after(s, min(4, digits // 3))  # "0113 *** ****"


def _mask_email(s: str) -> str:
    local, _, domain = s.partition("@")
    return f"{local[:1]}***@{domain}"  # "j***@example.org"


_DATE_PART_PATTERN = r"[0-9A-Za-z]+"
_DATE_PART_RE: re.Pattern[str]  # compiled by _compile(), on first use


def _mask_date(s: str) -> str:
    """Keep the year (a year of birth is allowed) and hide day and month."""
    _compile()
    return _DATE_PART_RE.sub(lambda m: m.group(0) if _is_year(m.group(0)) else "**", s)


def _is_year(part: str) -> bool:
    return len(part) == 4 and part.isdigit() and part[:2] in ("18", "19", "20")


def _mask_titled_name(s: str) -> str:
    """Keep the title and initials: "Mrs S****", "Mr J. S****"."""
    title, *names = s.split()
    parts = [n if len(n.rstrip(".")) == 1 else n[:1] + "****" for n in names]
    return " ".join([title, *parts])


def _mask_generic(s: str) -> str:
    """First character and a fixed run of stars (the length would be a clue); short: all stars."""
    stripped = s.strip()
    return (stripped[:1] + "****") if len(stripped) >= 3 else "****"


_MASKERS: dict[str, Callable[[str], str]] = {
    "nhs-number": _mask_nhs,
    "ni-number": _mask_ni,
    "postcode": _mask_postcode,
    "phone-number": _mask_phone,
    "email-address": _mask_email,
    "date-of-birth": _mask_date,
    "titled-name": _mask_titled_name,
    "deny-list": _mask_generic,
}


# --------------------------------------------------------------------------------------------
# Compiling the regular expressions
# --------------------------------------------------------------------------------------------

_compiled = False
# bisect's functions, imported by _compile() with the patterns (bisect is not loaded yet when
# the command line starts, and every import counts against this module's import budget).


def _compile() -> None:
    """Compile every detector's regular expression, once per process.

    Compiling them costs about 10 ms (the date pattern alone about 3 ms), more than the whole
    budget for importing this module, which `learnsum` loads on every run; so the patterns are
    kept as strings at import and compiled together by the first scan, then reused.
    """
    global _compiled
    global _DIGIT_RE, _NHS_RE, _NHS_CONTEXT_RE, _NI_RE, _INWARD_RE, _OUTWARD_RE
    global _PHONE_CANDIDATE_RE, _PHONE_TOKEN_RE, _EMAIL_DOMAIN_RE
    global _LOCAL_SPLIT_RE, _DATE_RE, _DOB_LABEL_RE, _LABEL_GAP_BAD_RE, _BORN_GAP_RE
    global _BORN_ON_RE, _DATE_BEFORE_LABEL_GAP_RE, _TITLED_NAME_RE, _DATE_PART_RE
    global _DATE_START_RE
    if _compiled:
        return
    _DIGIT_RE = re.compile(_DIGIT_PATTERN)
    _NHS_RE = re.compile(_NHS_PATTERN)
    _NHS_CONTEXT_RE = re.compile(_NHS_CONTEXT_PATTERN)
    _NI_RE = re.compile(_NI_PATTERN)
    _INWARD_RE = re.compile(_INWARD_PATTERN)
    _OUTWARD_RE = re.compile(_OUTWARD_PATTERN)
    _PHONE_CANDIDATE_RE = re.compile(_PHONE_CANDIDATE_PATTERN)
    _PHONE_TOKEN_RE = re.compile(_PHONE_TOKEN_PATTERN)
    _EMAIL_DOMAIN_RE = re.compile(_EMAIL_DOMAIN_PATTERN)
    _LOCAL_SPLIT_RE = re.compile(_LOCAL_SPLIT_PATTERN)
    _DATE_RE = re.compile(_DATE_PATTERN)
    _DATE_START_RE = re.compile(_DATE_START_PATTERN)
    _DOB_LABEL_RE = re.compile(_DOB_LABEL_PATTERN)
    _LABEL_GAP_BAD_RE = re.compile(_LABEL_GAP_BAD_PATTERN)
    _BORN_GAP_RE = re.compile(_BORN_GAP_PATTERN)
    _BORN_ON_RE = re.compile(_BORN_ON_PATTERN)
    _DATE_BEFORE_LABEL_GAP_RE = re.compile(_DATE_BEFORE_LABEL_GAP_PATTERN)
    _TITLED_NAME_RE = re.compile(_TITLED_NAME_PATTERN)
    _DATE_PART_RE = re.compile(_DATE_PART_PATTERN)
    _compiled = True


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------

# In order of precedence: when two detectors claim overlapping text (an NHS number is also a
# valid premium-rate phone number; a postcode may sit in an e-mail address), the first wins.
_DETECTORS: tuple[tuple[str, Callable[[str, PrivacySettings], list[Finding]]], ...] = (
    ("nhs-number", _find_nhs),
    ("ni-number", _find_ni),
    ("email-address", _find_emails),
    ("date-of-birth", _find_dobs),
    ("postcode", _find_postcodes),
    ("phone-number", _find_phones),
    ("titled-name", _find_titled_names),
)


def scan(
    text: str,
    settings: PrivacySettings = _DEFAULT_SETTINGS,
    rules: frozenset[str] | None = None,
    budget: PatternBudget | None = None,
) -> list[Finding]:
    """All likely identifiers in `text`, in text order.

    `rules` restricts the detectors that run (None runs all of them); an unknown rule id is a
    ValueError so that a typo in a configuration does not silently switch a check off.
    Overlapping findings of different rules are reported once (by the more specific rule);
    deny-list findings are always reported, since the partnership asked for them explicitly.
    The allow patterns run within `budget` (a new one of ALLOW_PATTERN_SECONDS when None; pass
    one budget to every scan of a file): PatternTooSlow when they use it up.
    """
    if rules is None:
        active: frozenset[str] | set[str] = _ALL_RULES
    else:
        unknown = set(rules) - _ALL_RULES
        if unknown:
            raise ValueError(
                f"unknown privacy rule(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(PRIVACY_RULES)}"
            )
        active = rules
    if not text:
        return []
    _compile()

    has_digit = _DIGIT_RE.search(text) is not None
    accepted: list[Finding] = []
    # Accepted spans never overlap, so sorted by start they are sorted by end too: a new span
    # overlaps one of them only if it overlaps the last one that starts before it ends.
    starts: list[int] = []
    ends: list[int] = []
    for rule_id, detector in _DETECTORS:
        if rule_id not in active or (not has_digit and rule_id in _DIGIT_RULES):
            continue
        for f in detector(text, settings):
            i = bisect_left(starts, f.end)
            if i > 0 and ends[i - 1] > f.start:
                continue  # an earlier, more specific rule already reported this text
            starts.insert(i, f.start)
            ends.insert(i, f.end)
            accepted.append(f)
    if "deny-list" in active and settings.deny_terms:
        accepted.extend(_find_denied(text, settings))

    accepted = _allowed(accepted, text, settings, budget)
    accepted.sort(key=lambda f: (f.start, f.end, f.rule))
    return accepted


#: A deny list is names, one a line: even thousands of them are far below this.
DENY_LIST_MAX_BYTES = 1024 * 1024


def load_deny_list_file(path: Path) -> tuple[str, ...]:
    """Terms from a deny-list file: one a line, UTF-8, blank lines and `#` comments ignored.

    Partnerships keep the family's names in such a file outside git (it is itself sensitive),
    so a wrong path or a file saved in the wrong format must be a clear error, not an empty list.
    """
    from .files import UnreadableFile, read_regular_file

    try:
        data = read_regular_file(path, DENY_LIST_MAX_BYTES)
    except UnreadableFile as error:
        raise ValueError(f"cannot read deny-list file {path}: {error}") from None
    if b"\x00" in data:
        raise ValueError(
            f"deny-list file {path} looks binary (it contains NUL bytes); "
            "save it as plain UTF-8 text, one term a line"
        )
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"deny-list file {path} is not UTF-8 text (byte {error.start}); "
            "save it as plain UTF-8 text, one term a line"
        ) from None
    terms: list[str] = []
    seen: set[str] = set()
    for line in decoded.splitlines():
        term = line.strip()
        if not term or term.startswith("#"):
            continue
        if term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return tuple(terms)

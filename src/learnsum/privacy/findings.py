"""What the detectors report and what a partnership may adjust: the rule ids, `Finding` and
`PrivacySettings`."""

from __future__ import annotations

from ..records import record
from .masking import mask

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


@record(frozen=True)
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
        return mask(self.rule, self.text)


@record(frozen=True)
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


DEFAULT_SETTINGS = PrivacySettings()

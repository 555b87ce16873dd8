"""Tests for learnsum.privacy: each detector, the allow/deny settings, masking, and the corpus.

The corpus test is the one that matters most: it measures recall and precision over labelled
sentences in the voice of real learning summaries, so a change that makes one detector noisier
(or deafer) shows up as a number, not as an anecdote.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from learnsum.privacy import (
    DEFAULT_ROLE_MAILBOXES,
    PRIVACY_RULES,
    Finding,
    PrivacySettings,
    load_deny_list_file,
    scan,
)
from learnsum.records import FrozenInstanceError

CORPUS_PATH = Path(__file__).with_name("privacy_corpus.yaml")
SRC = Path(__file__).resolve().parents[1] / "src"


def _load_corpus() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(CORPUS_PATH.read_text(encoding="utf-8"))
    return data


CORPUS = _load_corpus()
CORPUS_SETTINGS = PrivacySettings(deny_terms=tuple(CORPUS["settings"]["deny"]))


def found(text: str, rule: str | None = None, settings: PrivacySettings | None = None) -> list[str]:
    """The matched texts (optionally of one rule) in `text`."""
    results = scan(text, settings or PrivacySettings())
    return [f.text for f in results if rule is None or f.rule == rule]


# ------------------------------------------------------------------------------ interface


def test_rule_ids_are_exactly_the_documented_ones() -> None:
    assert set(PRIVACY_RULES) == {
        "nhs-number",
        "ni-number",
        "postcode",
        "phone-number",
        "email-address",
        "date-of-birth",
        "titled-name",
        "deny-list",
    }
    assert all(isinstance(v, str) and v and "\n" not in v for v in PRIVACY_RULES.values())


def test_finding_and_settings_are_frozen_and_hashable() -> None:
    f = Finding("postcode", 0, 7, "NN1 1AA")
    with pytest.raises(FrozenInstanceError):
        f.start = 3  # type: ignore[misc]
    assert hash(f) == hash(Finding("postcode", 0, 7, "NN1 1AA"))
    s = PrivacySettings()
    with pytest.raises(FrozenInstanceError):
        s.deny_terms = ("x",)  # type: ignore[misc]
    assert s.allowed_mailboxes == DEFAULT_ROLE_MAILBOXES
    assert "safeguarding" in DEFAULT_ROLE_MAILBOXES and "mash" in DEFAULT_ROLE_MAILBOXES


def test_finding_and_settings_behave_as_records() -> None:
    """Equality, hashing and repr as a dataclass would have them; the record helpers work."""
    from learnsum import records

    f = Finding("postcode", 0, 7, "NN1 1AA")
    assert repr(f) == "Finding(rule='postcode', start=0, end=7, text='NN1 1AA')"
    assert f == Finding("postcode", 0, 7, "NN1 1AA")
    assert f != Finding("postcode", 0, 7, "NN1 1AB")
    assert f != ("postcode", 0, 7, "NN1 1AA")
    assert len({f, Finding("postcode", 0, 7, "NN1 1AA")}) == 1
    assert records.as_dict(f) == {"rule": "postcode", "start": 0, "end": 7, "text": "NN1 1AA"}
    assert records.replace(f, start=1).start == 1
    s = PrivacySettings(deny_terms=("Okonkwo",))
    assert s == PrivacySettings(deny_terms=("Okonkwo",)) and s != PrivacySettings()
    assert hash(s) == hash(PrivacySettings(deny_terms=("Okonkwo",)))
    assert repr(s).startswith("PrivacySettings(allow_terms=(), allow_patterns=(), deny_terms=(")
    assert [f.name for f in records.fields(PrivacySettings)] == [
        "allow_terms",
        "allow_patterns",
        "deny_terms",
        "allowed_mailboxes",
        "role_terms",
    ]


def test_empty_and_clean_text() -> None:
    assert scan("") == []
    assert scan("Child O was seen by the Named Nurse on 14th December 2014.") == []


def test_findings_are_in_text_order_with_exact_offsets() -> None:
    text = "Mrs Smith (DOB 12/03/1988) lives at NN1 1AA, tel 0113 496 0123, NHS 943 476 5919."
    results = scan(text)
    assert [f.rule for f in results] == [
        "titled-name",
        "date-of-birth",
        "postcode",
        "phone-number",
        "nhs-number",
    ]
    assert results == sorted(results, key=lambda f: f.start)
    for f in results:
        assert text[f.start : f.end] == f.text


def test_rules_restricts_the_detectors() -> None:
    text = "Mrs Smith lives at NN1 1AA."
    assert [f.rule for f in scan(text, rules=frozenset({"postcode"}))] == ["postcode"]
    assert [f.rule for f in scan(text, rules=frozenset({"titled-name"}))] == ["titled-name"]
    assert scan(text, rules=frozenset()) == []


def test_unknown_rule_is_an_error() -> None:
    with pytest.raises(ValueError, match="nhs-numbr"):
        scan("text", rules=frozenset({"nhs-numbr"}))


# ------------------------------------------------------------------------------ nhs-number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NHS number 943 476 5919.", "943 476 5919"),
        ("Her number is 943 476 5919.", "943 476 5919"),  # spaced 3-3-4 counts on its own
        ("number 943-476-5919 on the form", "943-476-5919"),
        ("NHS no: 9434765919", "9434765919"),
        ("nhs number:9434765919", "9434765919"),
        ("CHI 9998219930 (Scotland)", "9998219930"),
        ("9434765919 (NHS number)", "9434765919"),
    ],
)
def test_nhs_number_found(text: str, expected: str) -> None:
    assert found(text, "nhs-number") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Reference 9434765919 was logged.",  # valid check digit, but bare and no "NHS" nearby
        "NHS number 943 476 5918",  # wrong check digit
        "NHS number 111 111 1111",  # all the same digit (passes the arithmetic)
        "NHS 123 456 7890",  # check digit would be 10: never issued
        "NHS 943 476 59190",  # longer run
        "Call +44 943 476 5919 now",  # part of a longer number
        "Tel +44 (0)113 496 0123",  # 113 496 0123 happens to pass the check: a phone number
        "Children Act 2004 s16A and Care Act 2014 s44",
    ],
)
def test_nhs_number_not_found(text: str) -> None:
    assert found(text, "nhs-number") == []


def test_nhs_check_digit_ten_is_invalid() -> None:
    # 1*10 + 2*9 + 3*8 + 4*7 + 5*6 + 6*5 + 7*4 + 8*3 + 9*2 = 210; 210 % 11 = 1; 11 - 1 = 10,
    # which is never issued, so no number starting 123456789 is valid whatever its last digit.
    from learnsum.privacy.nhs import nhs_check_digit_ok

    assert not any(nhs_check_digit_ok(f"123456789{d}") for d in range(10))
    assert nhs_check_digit_ok("9434765919")
    # A weighted sum that is a multiple of 11 gives 11 - 0 = 11, which means a check digit of 0.
    prefix = next(
        f"{n:09d}"
        for n in range(100000000, 100010000)
        if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 0
    )
    assert nhs_check_digit_ok(prefix + "0")
    assert not nhs_check_digit_ok(prefix + "1")


# ------------------------------------------------------------------------------ ni-number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NI number AB 12 34 56 C.", "AB 12 34 56 C"),
        ("NINO JE123456D", "JE123456D"),
        ("NI: CE 456789 A", "CE 456789 A"),
        ("(ZY 01 02 03 B)", "ZY 01 02 03 B"),
    ],
)
def test_ni_number_found(text: str, expected: str) -> None:
    assert found(text, "ni-number") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "QQ 12 34 56 C",  # Q is never used
        "DA 12 34 56 A",  # D is never the first letter
        "AD 12 34 56 A",  # ... nor the second
        "AO 12 34 56 A",  # O is never the second letter
        "BG 12 34 56 A",  # unused prefixes
        "GB123456A",
        "NK123456B",
        "KN123456B",
        "NT123456B",
        "TN 12 34 56 C",
        "ZZ 12 34 56 D",
        "AB 12 34 56 E",  # suffix is A-D
        "ab 12 34 56 c",  # case-sensitive
        "AB 12 34 5 C",  # five digits
        "XAB 12 34 56 C",  # inside a longer code
    ],
)
def test_ni_number_not_found(text: str) -> None:
    assert found(text, "ni-number") == []


# ------------------------------------------------------------------------------ postcode


@pytest.mark.parametrize(
    "text, expected",
    [
        ("at NN1 1AA.", "NN1 1AA"),
        ("(NN17 1BD)", "NN17 1BD"),
        ("SW1A 2AA", "SW1A 2AA"),
        ("W1A 1AA", "W1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("CF10 1EP", "CF10 1EP"),
        ("typed nn3 6ud in lower case", "nn3 6ud"),
        ("typed NN161AB without a space", "NN161AB"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_postcode_found(text: str, expected: str) -> None:
    assert found(text, "postcode") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "the NN1 area",  # outward code alone
        "NN1 and NN17",
        "junction 15 of the M1 and the A45",
        "QN1 1AA",  # Q does not start an area
        "XY1 2AB",  # no such area
        "AB1 2CD",  # C is never an inward letter
        "NN1 1AI",  # nor is I
        "Nn1 1aA",  # mixed case
        "nn11aa",  # lower case without a space is too likely to be something else
        "SW1I 2AA",  # I is not a fourth-position letter
        "s16A-16Q",  # statute sections
    ],
)
def test_postcode_not_found(text: str) -> None:
    assert found(text, "postcode") == []


# ------------------------------------------------------------------------------ phone-number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mobile 07911 123456.", "07911 123456"),
        ("call 0113 496 0123 today", "0113 496 0123"),
        ("020 7946 0018", "020 7946 0018"),
        ("+44 (0)161 496 0456", "+44 (0)161 496 0456"),
        ("(0117) 496 0234 evenings", "(0117) 496 0234"),
        ("0131-496-0567", "0131-496-0567"),
        ("+447911123456", "+447911123456"),
        ("Tel:01914980123", "01914980123"),
        ("(07911 123456)", "07911 123456"),
        ("mobile (07911 123456, evenings)", "07911 123456"),
    ],
)
def test_phone_number_found(text: str, expected: str) -> None:
    assert found(text, "phone-number") == [expected]


def test_two_phone_numbers_typed_next_to_each_other() -> None:
    assert found("01604 123456 07911 123456", "phone-number") == ["01604 123456", "07911 123456"]
    assert found("0113 496 0123/0113 496 0124", "phone-number") == [
        "0113 496 0123",
        "0113 496 0124",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "07700 900123",  # Ofcom drama mobile range
        "01632 960123",  # Ofcom drama fixed range
        "0808 800 5000",  # freephone helpline
        "Childline 0800 1111",
        "0300 123 4567",  # 03 numbers belong to organisations
        "101 or 999",
        "Case ref 1604123456",  # no leading 0: not read as a phone number
        "01/04/2014 to 31/03/2015",
        "2014 2015 2016",
    ],
)
def test_phone_number_not_found(text: str) -> None:
    assert found(text, "phone-number") == []


# ------------------------------------------------------------------------------ email-address


@pytest.mark.parametrize(
    "text, expected",
    [
        ("from jane.smith@example.org.", "jane.smith@example.org"),
        ("(d.okafor@example.nhs.uk)", "d.okafor@example.nhs.uk"),
        ("AMELIA.H@EXAMPLE.ORG", "AMELIA.H@EXAMPLE.ORG"),
        ("karen_hughes+shop@example.co.uk", "karen_hughes+shop@example.co.uk"),
        ("ladonna@example.org", "ladonna@example.org"),  # starts with "lado", but is a name
        ("mashaal.khan@example.org", "mashaal.khan@example.org"),  # starts with "mash"
    ],
)
def test_email_found(text: str, expected: str) -> None:
    assert found(text, "email-address") == [expected]


@pytest.mark.parametrize(
    "address",
    [
        "safeguarding@example.nhs.uk",
        "Safeguarding@example.nhs.uk",
        "mash@example.gov.uk",
        "lado@example.gov.uk",
        "safeguarding.team@example.org",
        "safeguardingadults@example.gov.uk",
        "northants.mash@example.gov.uk",
        "duty.team@example.gov.uk",
        "dutyteam@example.gov.uk",
        "noreply@example.org",
        "enquiries@example.org",
        "info@example.org",
        "referrals@example.org",
        "contact@example.org",
    ],
)
def test_role_mailbox_not_found(address: str) -> None:
    assert found(f"Write to {address} for a copy.", "email-address") == []


def test_allowed_mailboxes_are_configurable() -> None:
    text = "Write to safeguarding@example.org or ward6@example.org."
    none = PrivacySettings(allowed_mailboxes=())
    assert found(text, "email-address", none) == ["safeguarding@example.org", "ward6@example.org"]
    ward = PrivacySettings(allowed_mailboxes=("ward6",))
    assert found(text, "email-address", ward) == ["safeguarding@example.org"]


# ------------------------------------------------------------------------------ date-of-birth


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOB 01/02/2010", "01/02/2010"),
        ("D.O.B. 1.2.10", "1.2.10"),
        ("d.o.b. 22nd June 1994", "22nd June 1994"),
        ("Date of birth: 2010-02-01", "2010-02-01"),
        ("date of birth of Child O - 01-02-2010", "01-02-2010"),
        ("born on 1st February 2010", "1st February 2010"),
        ("born on the 14th of February 2016", "14th of February 2016"),
        ("born in February 2010", "February 2010"),
        ("born 3 May 2012", "3 May 2012"),
        ("Born: 03/02/2013", "03/02/2013"),
        ("Birth date 30.01.2012", "30.01.2012"),
        ("birthdate: February 1st, 2010", "February 1st, 2010"),
        ("21/05/2015 (DOB)", "21/05/2015"),
        ("DOB 02/2010", "02/2010"),
    ],
)
def test_date_of_birth_found(text: str, expected: str) -> None:
    assert found(text, "date-of-birth") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "On 14th December 2014, the baby was brought into A&E.",
        "The meeting on 25/09/2015 agreed a plan.",
        "born in 2010",  # a year of birth is what the domain asks for
        "born in Northampton on a Tuesday",
        "born prematurely at 32 weeks; seen in March 2015",
        "DOB not recorded. The strategy meeting on 25/09/2015 agreed a section 47 enquiry.",
        "DOB 2010 (aged 5), reviewed at the meeting on 3rd May 2015",
        "Meeting 25/09/2015, DOB unknown",
        "born on time. Meeting 3rd May 2012",
    ],
)
def test_date_of_birth_not_found(text: str) -> None:
    assert found(text, "date-of-birth") == []


# ------------------------------------------------------------------------------ titled-name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mrs Smith noticed the bruise.", "Mrs Smith"),
        ("with Mr David Jones from housing", "Mr David Jones"),
        ("Dr Okafor saw the baby", "Dr Okafor"),
        ("Dr. Patel, the GP", "Dr. Patel"),
        ("Mx Rowe, youth worker", "Mx Rowe"),
        ("Mr O'Brien refused", "Mr O'Brien"),
        ("Mrs McDonald called", "Mrs McDonald"),
        ("Mrs Begum-Ali translated", "Mrs Begum-Ali"),
        ("Mr J Smith", "Mr J Smith"),
        ("Mr J. Smith", "Mr J. Smith"),
        ("PC Davies attended", "PC Davies"),
        ("Miss Zoë Hughes", "Miss Zoë Hughes"),
        ("Dr Okafor Consultant Paediatrician", "Dr Okafor"),  # a role word after is not a name
        ("the pseudonym Mr X Mrs Smith", "Mrs Smith"),  # a title is never a surname
        ("Mr Justice Hayden and Mrs Smith", "Mrs Smith"),
    ],
)
def test_titled_name_found(text: str, expected: str) -> None:
    assert found(text, "titled-name") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Mr X and Mrs O",  # pseudonyms
        "Mr A1 and Ms B2",
        "Mother O and Child O",
        "Named Doctor for Safeguarding Children",
        "Named Dr for Safeguarding",
        "Head of Protecting Vulnerable Persons, Northamptonshire Police",
        "Designated Nurse, Nene and Corby Clinical Commissioning Groups",
        "Mr Justice Hayden",
        "Mr X. He said he was not told.",
        "Mr X Police were not told",
        "Dr appointments were missed",
        "Lord Laming and Sir Martin Narey",  # honours: cited report authors
        "MRS SMITH",  # capitals are not how a title is written in running text
    ],
)
def test_titled_name_not_found(text: str) -> None:
    assert found(text, "titled-name") == []


def test_role_terms_silence_a_title_phrase() -> None:
    text = "Bruising consistent with a Dr Martens boot."
    assert found(text, "titled-name") == ["Dr Martens"]
    assert found(text, "titled-name", PrivacySettings(role_terms=("Dr Martens",))) == []
    assert found(text, "titled-name", PrivacySettings(role_terms=("dr  martens",))) == []


# ------------------------------------------------------------------------------ deny / allow


def test_deny_terms_whole_words_case_insensitive() -> None:
    settings = PrivacySettings(deny_terms=("Okonkwo", "Riverside Academy", " ", ""))
    text = "okonkwo at RIVERSIDE  ACADEMY; Okonkwoville and riversides are other words."
    results = scan(text, settings)
    assert [(f.rule, f.text) for f in results] == [
        ("deny-list", "okonkwo"),
        ("deny-list", "RIVERSIDE  ACADEMY"),
    ]


def test_deny_terms_with_regex_characters_are_literal() -> None:
    settings = PrivacySettings(deny_terms=("St Winifred's (C of E)", "a.b"))
    assert found("at St Winifred's (C of E) school; aXb", settings=settings) == [
        "St Winifred's (C of E)"
    ]


def test_deny_list_rule_can_be_switched_off() -> None:
    settings = PrivacySettings(deny_terms=("Okonkwo",))
    rules = frozenset(PRIVACY_RULES) - {"deny-list"}
    assert scan("Okonkwo", settings, rules) == []


def test_allow_terms_suppress_overlapping_findings() -> None:
    text = "The clinic at Dr Gray's Hospital, Mrs Smith and Dr Okafor."
    assert found(text, "titled-name") == ["Dr Gray", "Mrs Smith", "Dr Okafor"]
    settings = PrivacySettings(allow_terms=("Dr Gray's Hospital", "okafor"))
    assert found(text, "titled-name", settings) == ["Mrs Smith"]


def test_allow_terms_do_not_hide_addresses_that_contain_them() -> None:
    # Agency names are allow terms; "Police" must not hide a personal address at the police.
    settings = PrivacySettings(allow_terms=("Police", "Health"))
    text = "Write to jane.doe@northshire.police.example.uk or health@example.org; Police attended."
    # (health@ is not a role mailbox either: allowed_mailboxes, not allow_terms, governs those)
    assert found(text, settings=settings) == [
        "jane.doe@northshire.police.example.uk",
        "health@example.org",
    ]
    # The whole address as a term does allow it (a domain is allowed with allow_patterns).
    settings = PrivacySettings(allow_terms=("jane@example.org",))
    assert found("from jane@example.org.", settings=settings) == []


def test_allow_terms_are_whole_words() -> None:
    settings = PrivacySettings(allow_terms=("Smit",))
    assert found("Mrs Smith", "titled-name", settings) == ["Mrs Smith"]


def test_allow_patterns_match_the_finding_or_enclose_it() -> None:
    text = "Switchboard 0113 496 0123, mobile 07911 123456, NHS 943 476 5919."
    by_text = PrivacySettings(allow_patterns=(r"^0113 496",))
    assert found(text, settings=by_text) == ["07911 123456", "943 476 5919"]
    enclosing = PrivacySettings(allow_patterns=(r"Switchboard [0-9 ]+",))
    assert found(text, settings=enclosing) == ["07911 123456", "943 476 5919"]
    domain = PrivacySettings(allow_patterns=(r"@example\.org$",))
    assert found("a.b@example.org and c.d@example.net", settings=domain) == ["c.d@example.net"]


def test_bad_allow_pattern_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a regular expression"):
        scan("Mrs Smith", PrivacySettings(allow_patterns=("(unclosed",)))


def test_overlapping_rules_report_once() -> None:
    # 943 476 5919 would also parse as a premium-rate number; it is reported as an NHS number.
    results = scan("NHS 0943 476 5919 and 943 476 5919")
    assert [(f.rule, f.text) for f in results] == [("nhs-number", "943 476 5919")]


# ------------------------------------------------------------------------------ masking


@pytest.mark.parametrize(
    "rule, text, masked",
    [
        ("nhs-number", "943 476 5919", "943 *** ****"),
        ("nhs-number", "9434765919", "943*******"),
        ("ni-number", "AB 12 34 56 C", "AB ** ** ** C"),
        ("postcode", "NN1 1AA", "NN1 ***"),
        ("postcode", "SW1A 2AA", "SW1A ***"),
        ("email-address", "jane.smith@example.org", "j***@example.org"),
        ("titled-name", "Mrs Smith", "Mrs S****"),
        ("titled-name", "Mr J. Smith", "Mr J. S****"),
        ("date-of-birth", "01/02/2010", "**/**/2010"),
        ("date-of-birth", "1st February 2010", "** ** 2010"),
        ("deny-list", "Okonkwo", "O****"),
    ],
)
def test_masked_examples(rule: str, text: str, masked: str) -> None:
    assert Finding(rule, 0, len(text), text).masked == masked


def _alnum(s: str) -> str:
    return "".join(ch for ch in s if ch.isalnum())


def test_masking_never_reveals_a_whole_identifier() -> None:
    settings = CORPUS_SETTINGS
    seen_rules: set[str] = set()
    for entry in CORPUS["entries"]:
        for f in scan(entry["text"], settings):
            seen_rules.add(f.rule)
            m = f.masked
            assert "*" in m, f
            assert f.text not in m, f
            # fewer letters and digits are shown than the identifier has
            assert len(_alnum(m)) < len(_alnum(f.text)), (f, m)
    assert seen_rules == set(PRIVACY_RULES)


def test_masking_a_short_or_unknown_finding_still_hides_it() -> None:
    assert Finding("deny-list", 0, 1, "X").masked == "****"
    assert Finding("deny-list", 0, 2, "Jo").masked == "****"
    assert Finding("something-else", 0, 3, "abc").masked == "a****"


# ------------------------------------------------------------------------------ deny-list file


def test_load_deny_list_file(tmp_path: Path) -> None:
    path = tmp_path / "deny.txt"
    path.write_text(
        "\ufeff# family names - keep this file out of git\n"
        "Okonkwo\n\n   Riverside Academy  \n# another comment\nokonkwo\nZoë\n",
        encoding="utf-8",
    )
    assert load_deny_list_file(path) == ("Okonkwo", "Riverside Academy", "Zoë")


def test_load_deny_list_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read deny-list file"):
        load_deny_list_file(tmp_path / "nope.txt")


def test_load_deny_list_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "deny.docx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ValueError, match="binary"):
        load_deny_list_file(path)


def test_load_deny_list_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "deny.txt"
    path.write_bytes("Zoë\n".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        load_deny_list_file(path)


def test_load_deny_list_file_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_deny_list_file(tmp_path)


# ------------------------------------------------------------------------------ start-up cost


def _run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    return result.stdout.strip()


def test_import_does_not_load_phonenumbers() -> None:
    out = _run_python(
        "import sys, learnsum.privacy as p\n"
        "print('phonenumbers' in sys.modules)\n"
        "p.scan('Mrs Smith at NN1 1AA, NHS 943 476 5919, 14/12/2014, jane@example.org')\n"
        "print('phonenumbers' in sys.modules)\n"
        "p.scan('Call 0113 496 0123')\n"
        "print('phonenumbers' in sys.modules)\n"
    )
    assert out.split() == ["False", "False", "True"]


def test_import_compiles_no_regular_expressions() -> None:
    # Compiling the detectors' patterns costs ~12 ms; that is done by the first scan instead.
    out = _run_python(
        "import learnsum.privacy as p\nfrom learnsum.privacy.detectors import detectors\n"
        "print(detectors.cache_info().currsize)\np.scan('x')\n"
        "print(detectors.cache_info().currsize)\n"
    )
    assert out.split() == ["0", "1"]


# ------------------------------------------------------------------------------ the corpus


def _score(settings: PrivacySettings) -> tuple[int, int, int, list[str]]:
    """True positives, false positives, false negatives and a description of each miss."""
    tp = fp = fn = 0
    misses: list[str] = []
    for entry in CORPUS["entries"]:
        text: str = entry["text"]
        expected: list[tuple[str, int, int]] = []
        for item in entry["expect"]:
            start = text.find(item["match"])
            assert start >= 0, f"corpus error: {item['match']!r} is not in {text!r}"
            expected.append((item["rule"], start, start + len(item["match"])))
        used: set[int] = set()
        for f in scan(text, settings):
            assert text[f.start : f.end] == f.text
            hit = next(
                (
                    i
                    for i, (rule, start, end) in enumerate(expected)
                    if i not in used and rule == f.rule and start < f.end and f.start < end
                ),
                None,
            )
            if hit is None:
                fp += 1
                misses.append(f"false positive {f.rule} {f.text!r} in {text!r}")
            else:
                used.add(hit)
                tp += 1
        for i, (rule, start, end) in enumerate(expected):
            if i not in used:
                fn += 1
                misses.append(f"missed {rule} {text[start:end]!r} in {text!r}")
    return tp, fp, fn, misses


def test_corpus_is_big_enough_and_covers_every_rule() -> None:
    entries = CORPUS["entries"]
    assert len(entries) >= 150
    per_rule: dict[str, int] = {}
    for entry in entries:
        for item in entry["expect"]:
            per_rule[item["rule"]] = per_rule.get(item["rule"], 0) + 1
    assert set(per_rule) == set(PRIVACY_RULES)
    assert min(per_rule.values()) >= 10, per_rule
    assert sum(1 for e in entries if not e["expect"]) >= 60


def test_corpus_recall_and_precision() -> None:
    tp, fp, fn, misses = _score(CORPUS_SETTINGS)
    recall = tp / (tp + fn)
    precision = tp / (tp + fp)
    report = "\n".join(misses)
    assert recall >= 0.95, f"recall {recall:.3f}\n{report}"
    assert precision >= 0.95, f"precision {precision:.3f}\n{report}"


def test_corpus_phone_numbers_are_valid_to_phonenumbers() -> None:
    """The labelled phone numbers must be ones the library accepts, or the labels are wrong."""
    phonenumbers = pytest.importorskip("phonenumbers")
    for entry in CORPUS["entries"]:
        for item in entry["expect"]:
            if item["rule"] == "phone-number":
                number = phonenumbers.parse(item["match"], "GB")
                assert phonenumbers.is_valid_number(number), item["match"]

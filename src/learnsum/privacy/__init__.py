"""Pattern detectors for personal identifiers in the text of a learning summary.

Learning summaries are shared with practitioners, so they must not identify the family (see the
"Anonymisation" section of the domain notes). This package finds the identifiers that have a
recognisable *shape*: NHS numbers, National Insurance numbers, full postcodes, phone numbers,
personal e-mail addresses, dates of birth, a title followed by a name, and terms a partnership
has put on its deny-list. It cannot find a bare name ("Jane went home"): that needs a person.

Everything here is a pure function of the text and a :class:`PrivacySettings`, so the checker,
the editor hooks and the benchmark all get the same answer. Two costs are kept deliberately low:

* importing the package (it is loaded by every ``learnsum validate``): the regular expressions
  are compiled once, by the first scan (`detectors.py`), and the ``phonenumbers`` library
  (about 60 ms to import) is only loaded when a cheap regular expression has found a run of
  digits that could be a phone number (`phone_verdict.py`);
* scanning: each detector makes one pass over the text, with a regular expression that starts
  with a literal or a character class (so that the regex engine can skip ahead; boundary
  checks that would need a leading look-behind are done in Python on the few candidates) or
  with str.find ("@", date-of-birth labels), then validates the few candidates cheaply (check
  digit, postcode areas, role mailboxes, and phonenumbers' own metadata compiled once).
  Detectors that need a digit do not run on text without one. Deny-list and allowed terms are
  looked up a word of the text at a time (`terms.py`), so thousands of terms cost little more
  than one, and the configured allow patterns run with a time limit (`user_patterns.py`).

The modules, one job each: `findings` (rule ids, Finding, PrivacySettings), `text` (shared text
helpers), one module per detector family (`nhs`, `ni`, `postcodes`, `phones` with
`phone_verdict`, `emails`, `dates_of_birth`, `titled_names`, `terms`), `detectors` (their
order and compiled patterns), `user_patterns` and `allow` (the configuration's allow patterns
and terms), `masking`, `scanning` (scan) and `deny_list_file`.
"""

from __future__ import annotations

from .deny_list_file import load_deny_list_file
from .findings import DEFAULT_ROLE_MAILBOXES, PRIVACY_RULES, Finding, PrivacySettings
from .scanning import scan
from .user_patterns import (
    ALLOW_PATTERN_SECONDS,
    PatternBudget,
    PatternTooSlow,
    compile_user_pattern,
)

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

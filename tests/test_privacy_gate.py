"""scan() gives text to the detectors only when it holds a sign of an identifier (a digit, "@",
a title); the findings are those of every detector run on every text, on random text and on
every sentence of the privacy corpus."""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from learnsum.privacy import Finding, PrivacySettings, scan
from learnsum.privacy.detectors import detectors

PIECES = ["Mr", "Mrs", "Dr.", "PC", "DCI", "Smith", "O'Brien", "Jones-Ede", "X", " ", " ", "\u00a0",
          "-", "/", ".", "@", "jane.doe", "nhs.net", "safeguarding", "0", "07", "943", "476",
          "5919", "01604", "123456", "NN1", "3AA", "AB", "12", "34", "56", "C", "DOB", "born",
          "date of birth", "March", "2015", "21/05/2015", "+44", "(0)", "the", "and", "\n"]


def every_detector(text: str, privacy: PrivacySettings) -> list[Finding]:
    """What scan() finds without its gates: every detector on the text, overlaps resolved."""
    accepted: list[Finding] = []
    starts: list[int] = []
    ends: list[int] = []
    for _, detector, patterns in detectors().order:
        for found in detector(text, privacy, patterns):
            i = bisect_left(starts, found.end)
            if i > 0 and ends[i - 1] > found.start:
                continue
            starts.insert(i, found.start)
            ends.insert(i, found.end)
            accepted.append(found)
    return sorted(accepted, key=lambda f: (f.start, f.end, f.rule))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=25).map("".join))
def test_gated_scan_finds_what_every_detector_finds(text: str) -> None:
    privacy = PrivacySettings()
    assert scan(text, privacy) == every_detector(text, privacy)


def test_the_corpus_is_found_the_same_way() -> None:
    corpus: Any = YAML(typ="safe").load(
        (Path(__file__).with_name("privacy_corpus.yaml")).read_text(encoding="utf-8"))
    texts = [value for value in _strings(corpus) if value.strip()]
    assert len(texts) > 100
    privacy = PrivacySettings()
    for text in texts:
        assert scan(text, privacy) == every_detector(text, privacy), text


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []

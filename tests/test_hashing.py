"""learnsum.hashing.sha256 gives hashlib.sha256's digests, whichever implementation it uses."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnsum import hashing

CHUNKS = st.lists(st.binary(max_size=3000), max_size=8)


@given(st.binary(max_size=5000))
def test_one_piece_of_data_gives_hashlib_s_digest(data: bytes) -> None:
    ours = hashing.sha256(data)
    assert ours.hexdigest() == hashlib.sha256(data).hexdigest()
    assert ours.digest() == hashlib.sha256(data).digest()


@given(st.binary(max_size=100), CHUNKS)
def test_data_in_chunks_gives_hashlib_s_digest(first: bytes, chunks: list[bytes]) -> None:
    ours, theirs = hashing.sha256(first), hashlib.sha256(first)
    for chunk in chunks:
        ours.update(chunk)
        theirs.update(chunk)
        assert ours.hexdigest() == theirs.hexdigest()
    assert ours.digest() == theirs.digest()


def test_no_data_gives_the_empty_digest() -> None:
    assert hashing.sha256().hexdigest() == hashlib.sha256().hexdigest()


@pytest.mark.parametrize("own", ["python", "missing"])
@given(data=st.binary(max_size=2000), chunks=CHUNKS)
def test_both_implementations_and_the_switch_give_the_same_digests(
        own: str, data: bytes, chunks: list[bytes]) -> None:
    saved = hashing._OWN, hashing._hashed, hashing.SWITCH_AFTER
    try:
        if own == "missing":
            hashing._OWN = None
        # A hash begun before the switch goes on after it; those after use hashlib's.
        hashing._hashed, hashing.SWITCH_AFTER = 0, len(data) + 1
        before = hashing.sha256(data)
        for chunk in chunks:
            before.update(chunk)
        after = hashing.sha256(data + b"".join(chunks))
        expected = hashlib.sha256(data + b"".join(chunks)).hexdigest()
        assert before.hexdigest() == after.hexdigest() == expected
    finally:
        hashing._OWN, hashing._hashed, hashing.SWITCH_AFTER = saved


def test_python_s_own_implementation_is_used_for_a_little_data() -> None:
    if hashing._OWN is None:
        pytest.skip("this Python has no SHA-256 of its own")
    saved = hashing._hashed
    try:
        hashing._hashed = 0
        assert type(hashing.sha256(b"x")._hash) is not type(hashlib.sha256())
        hashing._hashed = hashing.SWITCH_AFTER
        assert type(hashing.sha256(b"x")._hash) is type(hashlib.sha256())
    finally:
        hashing._hashed = saved

"""SHA-256, as hashlib.sha256, without loading OpenSSL for a few small files.

Importing hashlib loads OpenSSL's library (`_hashlib`), which costs a command that checks or
renders one summary more than all of its hashing. Python's own SHA-256 (`_sha2`, `_sha256` before
Python 3.12) loads at a fraction of that but hashes several times slower, so it is used until this
process has hashed a megabyte; from then on, and wherever Python was built without it, hashlib's.
Both give the same digests (tests/test_hashing.py)."""

from __future__ import annotations

import sys
from typing import Any, Protocol

#: Bytes hashed with Python's own SHA-256 before hashlib's is loaded for what follows.
SWITCH_AFTER = 1 << 20


class Hash(Protocol):
    """What learnsum uses of a hash object."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _builtin() -> Any:
    # Python 3.12 renamed the module; looking for a module that is not there costs a search.
    for module in ("_sha2", "_sha256") if sys.version_info >= (3, 12) else ("_sha256",):
        try:
            return __import__(module).sha256
        except (ImportError, AttributeError):
            continue
    return None


#: Python's own SHA-256; None when Python was built without it.
_OWN: Any = _builtin()
_hashed = 0


def _new(data: bytes) -> Any:
    """A hash object of `data`, counting it among the bytes hashed."""
    global _hashed
    _hashed += len(data)
    if _OWN is not None and _hashed <= SWITCH_AFTER:
        return _OWN(data)
    import hashlib

    return hashlib.sha256(data)


class _Sha256:
    __slots__ = ("_hash",)

    def __init__(self, data: bytes) -> None:
        self._hash: Hash = _new(data)

    def update(self, data: bytes, /) -> None:
        global _hashed
        _hashed += len(data)
        self._hash.update(data)

    def digest(self) -> bytes:
        return self._hash.digest()

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def sha256(data: bytes = b"") -> Hash:
    """A new SHA-256 hash of `data`, to update with more, as hashlib.sha256(data)."""
    return _Sha256(data)

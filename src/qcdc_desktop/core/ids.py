"""Record ids that are unique across every office and say which office made the record.

An id is ``<origin>-<ulid>``: the unit code of the office that created it, then 26 characters of
Crockford base-32 holding a millisecond timestamp and 80 random bits (the ULID layout), so ids from
hundreds of communes merge at the upper level without collision and sort by creation time.
"""

from __future__ import annotations

import base64
import os
import random
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# base64's base-32 (RFC 4648) spelled with Crockford's letters: the standard library's encoder does
# the bit work, a translation table the spelling.
_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET.encode("ascii"))


def _encode(value: int, length: int) -> str:
    """``value`` in ``length`` Crockford base-32 characters, most significant first (``value``
    below 32**length)."""
    bits = 5 * length
    padded = -bits % 40  # base32 works on 5-byte groups: pad with zero bits on the right
    raw = (value << padded).to_bytes((bits + padded) // 8, "big")
    return base64.b32encode(raw)[:length].translate(_CROCKFORD).decode("ascii")


class IdMaker:
    """Makes ids for one origin.  Given a ``random.Random`` and a fixed clock, ids are
    reproducible (demo data is deterministic per seed); otherwise they come from the OS."""

    def __init__(self, origin: str, rng: random.Random | None = None, clock_ms: int | None = None) -> None:
        self.origin = origin
        self._rng = rng
        self._clock_ms = clock_ms

    def __call__(self) -> str:
        if self._rng is None:
            millis = time.time_ns() // 1_000_000
            rand = int.from_bytes(os.urandom(10), "big")
        else:
            assert self._clock_ms is not None
            self._clock_ms += 1
            millis = self._clock_ms
            rand = self._rng.getrandbits(80)
        return f"{self.origin}-{_encode((millis << 80) | rand, 26)}"


def origin_of(record_id: str) -> str:
    """The unit code of the office that created the record."""
    return record_id.split("-", 1)[0]

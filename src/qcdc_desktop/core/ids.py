"""Record ids that are unique across every office and say which office made the record.

An id is ``<origin>-<ulid>``: the unit code of the office that created it, then 26 characters of
Crockford base-32 holding a millisecond timestamp and 80 random bits (the ULID layout), so ids from
hundreds of communes merge at the upper level without collision and sort by creation time.
"""

from __future__ import annotations

import os
import random
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = [a + b for a in _ALPHABET for b in _ALPHABET]  # two characters: ten bits at a time


def _encode(value: int, length: int) -> str:
    """``value`` in ``length`` Crockford base-32 characters, most significant first (``value``
    below 32**length): ten bits a lookup, by shifts (a whole id, 26 characters, in about a
    microsecond; the standard library's base-32 is written in Python and took two and a half)."""
    bits = 5 * length
    if length % 2:
        return _ALPHABET[value >> (bits - 5)] + _encode(value & ((1 << (bits - 5)) - 1), length - 1)
    return "".join([_PAIRS[(value >> shift) & 1023] for shift in range(bits - 10, -1, -10)])


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

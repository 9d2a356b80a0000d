"""core/ids.py: ids unique across offices, naming their origin, sorting by creation time."""

from __future__ import annotations

import random
import re

from qcdc_desktop.core.ids import _ALPHABET, IdMaker, _encode, origin_of

_ID = re.compile(r"^(?P<origin>\d{2,5})-(?P<time>[0-9A-HJKMNP-TV-Z]{10})(?P<rand>[0-9A-HJKMNP-TV-Z]{16})$")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _decode(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 32 + _CROCKFORD.index(ch)
    return value


def test_an_id_names_its_origin_and_holds_the_time_in_crockford_base32() -> None:
    clock = 1_767_225_600_000  # 2026-01-01 00:00 UTC in milliseconds
    make = IdMaker("00004", random.Random(7), clock_ms=clock)
    first = make()
    match = _ID.match(first)
    assert match, first
    assert match["origin"] == "00004" == origin_of(first)
    assert _decode(match["time"]) == clock + 1
    assert not set("ILOU") & set(first)  # letters a clerk could misread are not used


def test_seeded_ids_are_reproducible_and_increase() -> None:
    one = [IdMaker("00004", random.Random(3), clock_ms=10**12)() for _ in range(1)]
    ids_a = _take(IdMaker("00004", random.Random(3), clock_ms=10**12), 200)
    ids_b = _take(IdMaker("00004", random.Random(3), clock_ms=10**12), 200)
    ids_c = _take(IdMaker("00004", random.Random(4), clock_ms=10**12), 200)
    assert ids_a == ids_b and ids_a[0] == one[0]
    assert ids_a != ids_c
    assert ids_a == sorted(ids_a) and len(set(ids_a)) == 200


def test_ids_from_the_operating_system_are_unique_and_carry_the_time() -> None:
    ids = _take(IdMaker("01"), 5000)
    assert len(set(ids)) == len(ids)
    assert all(_ID.match(i) and origin_of(i) == "01" for i in ids)
    times = [_decode(_ID.match(i)["time"]) for i in ids]
    assert times == sorted(times)  # creation order is kept to the millisecond


def test_ids_of_two_offices_never_collide_even_with_the_same_seed() -> None:
    a = _take(IdMaker("00004", random.Random(1), clock_ms=0), 50)
    b = _take(IdMaker("00007", random.Random(1), clock_ms=0), 50)
    assert not set(a) & set(b)
    assert [i.split("-", 1)[1] for i in a] == [i.split("-", 1)[1] for i in b]


def _take(make: IdMaker, n: int) -> list[str]:
    return [make() for _ in range(n)]


def test_the_base32_of_an_id_is_the_plain_five_bits_at_a_time_one() -> None:
    """_encode takes ten bits a lookup by shifts; it writes what five bits a step would, for every
    length an id uses (a whole id is 26 characters: the time's 10 and the random part's 16 in one
    number) and odd ones."""

    def plain(value: int, length: int) -> str:
        chars = []
        for _ in range(length):
            value, rem = divmod(value, 32)
            chars.append(_ALPHABET[rem])
        return "".join(reversed(chars))

    rng = random.Random(3)
    for length in (10, 16, 26, 1, 7):
        for value in (0, 2 ** (5 * length) - 1, *(rng.getrandbits(5 * length) for _ in range(2000))):
            assert _encode(value, length) == plain(value, length)

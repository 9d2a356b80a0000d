"""The data file's key wrapped for a password and for the recovery code (core/filekey.py)."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata

import pytest

from qcdc_desktop.core import filekey
from qcdc_desktop.core.errors import RecoveryCodeInvalid, WrappedKeyInvalid, WrongSecret
from qcdc_desktop.core.filekey import (
    RECOVERY_SLOT,
    KdfParams,
    WrappedKey,
    new_file_key,
    new_params,
    new_recovery_code,
    normalize_recovery_code,
    password_secret,
    recovery_secret,
    rewrap_file_key,
    unwrap_file_key,
    wrap_file_key,
)
from qcdc_desktop.l10n import _

CODE_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$")


def quick() -> KdfParams:
    """Cheap argon2id parameters: the tests are about the wrapping, bench/unlock.py about the cost."""
    return new_params(time_cost=1, memory_kib=256, parallelism=1)


def test_a_password_unwraps_the_key_it_wrapped_and_another_is_refused():
    key = new_file_key()
    wrapped = wrap_file_key(key, password_secret("Hội nghị 2026!"), "user:1", quick())
    assert unwrap_file_key(wrapped, password_secret("Hội nghị 2026!")) == key
    with pytest.raises(WrongSecret) as refused:
        unwrap_file_key(wrapped, password_secret("Hội nghị 2025!"))
    assert refused.value.message == _("The password is not right.")
    assert key not in wrapped.wrapped and key.hex() not in wrapped.to_json()


def test_the_default_parameters_are_recorded_with_a_fresh_salt_each_time():
    key = new_file_key()
    first = wrap_file_key(key, b"secret", "user:1")
    second = wrap_file_key(key, b"secret", "user:1")
    assert (first.kdf.time_cost, first.kdf.memory_kib, first.kdf.parallelism) == (3, 65536, 4)
    assert first.kdf.salt != second.kdf.salt and first.nonce != second.nonce
    assert first.wrapped != second.wrapped
    assert unwrap_file_key(second, b"secret") == key
    assert not first.kdf.is_below() and quick().is_below()


def test_a_password_typed_with_combining_marks_is_the_same_password():
    composed = "Nguyễn Văn Đức"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    wrapped = wrap_file_key(new_file_key(), password_secret(composed), "user:1", quick())
    unwrap_file_key(wrapped, password_secret(decomposed))


@pytest.mark.parametrize("change", ["wrapped", "nonce", "salt", "slot", "time_cost"])
def test_a_changed_wrapping_is_refused(change):
    key = new_file_key()
    wrapped = wrap_file_key(key, b"secret", "user:1", quick())
    if change == "wrapped":
        tampered = dataclasses.replace(wrapped, wrapped=bytes([wrapped.wrapped[0] ^ 1]) + wrapped.wrapped[1:])
    elif change == "nonce":
        tampered = dataclasses.replace(wrapped, nonce=bytes([wrapped.nonce[0] ^ 1]) + wrapped.nonce[1:])
    elif change == "salt":
        tampered = dataclasses.replace(wrapped, kdf=dataclasses.replace(wrapped.kdf, salt=bytes(16)))
    elif change == "slot":  # a wrapping moved to another account's slot
        tampered = dataclasses.replace(wrapped, slot="user:2")
    else:
        tampered = dataclasses.replace(wrapped, kdf=dataclasses.replace(wrapped.kdf, time_cost=2))
    with pytest.raises(WrongSecret):
        unwrap_file_key(tampered, b"secret")
    assert unwrap_file_key(wrapped, b"secret") == key


def test_a_new_password_rewraps_the_same_file_key():
    key = new_file_key()
    old = wrap_file_key(key, password_secret("old password 1"), "user:7", quick())
    new = rewrap_file_key(old, password_secret("old password 1"), password_secret("new password 2"), quick())
    assert new.slot == "user:7"
    assert unwrap_file_key(new, password_secret("new password 2")) == key
    assert new.kdf.salt != old.kdf.salt and new.nonce != old.nonce
    with pytest.raises(WrongSecret):
        unwrap_file_key(new, password_secret("old password 1"))
    assert unwrap_file_key(old, password_secret("old password 1")) == key  # the old record is left as it was
    with pytest.raises(WrongSecret):
        rewrap_file_key(old, password_secret("a wrong guess"), password_secret("new password 3"), quick())


def test_the_recovery_code_unwraps_the_key_and_another_code_is_refused():
    key = new_file_key()
    code = new_recovery_code()
    wrapped = wrap_file_key(key, recovery_secret(code), RECOVERY_SLOT, quick())
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert unwrap_file_key(wrapped, recovery_secret(typed)) == key
    other = new_recovery_code()
    assert other != code
    with pytest.raises(WrongSecret) as refused:
        unwrap_file_key(wrapped, recovery_secret(other))
    assert refused.value.message == _("This recovery code does not unlock the data file. Check it against "
                                      "the recovery sheet kept in the office safe.")


def test_recovery_codes_are_printable_groups_and_never_repeat():
    codes = {new_recovery_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert CODE_SHAPE.match(code), code
        assert normalize_recovery_code(code) == code.replace("-", "")
    # 26 random characters of 32 symbols: 130 bits; every symbol shows up in the random part
    assert filekey.RECOVERY_RANDOM_CHARS * 5 >= 120
    assert set("".join(c.replace("-", "")[:26] for c in codes)) == set(filekey._ALPHABET)


def test_a_typed_code_ignores_case_and_separators_and_reads_look_alike_letters():
    canonical = "0123456789ABCDEFGHJKMNPQRS"
    canonical += filekey._check_chars(canonical)
    printed = filekey.format_recovery_code(canonical)
    assert printed == "0123-4567-89AB-CDEF-GHJK-MNPQ-RS" + canonical[26:]
    for typed in (printed, printed.lower(), canonical, " ".join(printed.split("-")), "  " + printed + "\n",
                  printed.replace("0", "O").replace("1", "I"), printed.replace("1", "l"),
                  printed.replace("-", "\u2013"), "o123 4567 89ab cdef ghjk mnpq rs" + canonical[26:].lower()):
        assert normalize_recovery_code(typed) == canonical, typed


def test_a_mistyped_code_is_refused_before_any_unlocking():
    canonical = "0123456789ABCDEFGHJKMNPQRS"
    canonical += filekey._check_chars(canonical)
    slips = [canonical[:i] + c + canonical[i + 1:] for i in range(26) for c in filekey._ALPHABET
             if c != canonical[i]]
    caught = 0
    for slip in slips:
        try:
            normalize_recovery_code(slip)
        except RecoveryCodeInvalid as exc:
            assert exc.message == _("This recovery code has a typing mistake: check each group against "
                                    "the recovery sheet.")
            caught += 1
    assert caught >= len(slips) * 0.99  # ten check bits: all but about one slip in a thousand
    swapped = canonical[1] + canonical[0] + canonical[2:]
    with pytest.raises(RecoveryCodeInvalid):
        normalize_recovery_code(swapped)
    with pytest.raises(RecoveryCodeInvalid) as short:
        normalize_recovery_code(canonical[:-1])
    assert short.value.message == _("A recovery code has %(expected)d letters and digits; %(given)d were "
                                    "typed.") % {"expected": 28, "given": 27}
    with pytest.raises(RecoveryCodeInvalid) as letter:
        normalize_recovery_code("U" + canonical[1:])
    assert "«U»" in letter.value.message


def test_a_wrapping_is_stored_as_json_and_read_back():
    key = new_file_key()
    wrapped = wrap_file_key(key, b"secret", "user:01JQ", quick())
    text = wrapped.to_json()
    data = json.loads(text)
    assert data["format"] == "qcdc-wrapped-key/1" and data["slot"] == "user:01JQ"
    assert data["kdf"] == {"algorithm": "argon2id", "version": 19, "time_cost": 1, "memory_kib": 256,
                           "parallelism": 1, "salt": data["kdf"]["salt"]}
    again = WrappedKey.from_json(text)
    assert again == wrapped
    assert unwrap_file_key(again, b"secret") == key


@pytest.mark.parametrize("damage", [
    lambda d: "not json",
    lambda d: json.dumps({**d, "format": "qcdc-wrapped-key/9"}),
    lambda d: json.dumps({**d, "kdf": {**d["kdf"], "algorithm": "argon2i"}}),
    lambda d: json.dumps({**d, "kdf": {**d["kdf"], "memory_kib": 1 << 40}}),
    lambda d: json.dumps({**d, "kdf": {**d["kdf"], "time_cost": "3"}}),
    lambda d: json.dumps({**d, "nonce": "!!"}),
    lambda d: json.dumps({**d, "wrapped": d["wrapped"][:-8]}),
    lambda d: json.dumps({k: v for k, v in d.items() if k != "slot"}),
    lambda d: json.dumps([d]),
])
def test_a_damaged_stored_wrapping_is_refused_with_a_sentence(damage):
    wrapped = wrap_file_key(new_file_key(), b"secret", "user:1", quick())
    with pytest.raises(WrappedKeyInvalid) as refused:
        WrappedKey.from_json(damage(json.loads(wrapped.to_json())))
    assert refused.value.message == _("A stored key of the data file cannot be read: it is damaged or was "
                                      "written by another program.")


def test_only_a_256_bit_key_is_wrapped():
    with pytest.raises(ValueError):
        wrap_file_key(b"\x00" * 16, b"secret", "user:1", quick())
    assert len(new_file_key()) == 32 and new_file_key() != new_file_key()

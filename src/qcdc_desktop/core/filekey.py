"""The data file's key and its wrapping for each person who may open the file (docs/keys.md, "The
data file encrypted at rest").

The data file is encrypted with one random 256-bit **file key**.  The file key is never stored in
clear: for each account, and once for the office's **recovery code**, it is *wrapped* (encrypted)
with AES-256-GCM under a key-encryption key derived from that secret with argon2id.  Each wrapping
is a :class:`WrappedKey` that carries its own argon2id parameters and salt, so the parameters can
be raised later for one account at a time, and its slot id (``user:<login>``, ``recovery``) as the
associated data, so a wrapping cannot be moved to another slot.  A new password rewraps the same
file key: the data file itself is never re-encrypted.

No I/O here: callers store the wrappings where they belong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from ..l10n import _
from .errors import RecoveryCodeInvalid, WrappedKeyInvalid, WrongSecret

FILE_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
WRAP_FORMAT = "qcdc-wrapped-key/1"
RECOVERY_SLOT = "recovery"
ARGON2_VERSION = 0x13  # argon2 1.3, the only version argon2-cffi computes

# RFC 9106, section 4, the second recommended option (argon2id, t=3, p=4, 64 MiB): ~0.1 s on the
# reference machine (bench/unlock.py), several times under the 0.5 s unlock budget on a slower PC.
DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_PARALLELISM = 4

# What a stored wrapping may ask for: enough room to raise the defaults for years, not enough for
# a damaged or hostile record to make an unlock take minutes or all the memory of the PC.
_MAX_TIME_COST = 64
_MAX_MEMORY_KIB = 4 * 1024 * 1024
_MAX_PARALLELISM = 64
_MAX_SLOT_CHARS = 200

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base-32
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_SEPARATORS = frozenset(" -_.\u2010\u2011\u2012\u2013\u2014\u00a0\t")
RECOVERY_RANDOM_CHARS = 26  # 130 bits
RECOVERY_CHECK_CHARS = 2  # 10 bits of SHA-256 over the random characters: catches typing mistakes
RECOVERY_CHARS = RECOVERY_RANDOM_CHARS + RECOVERY_CHECK_CHARS
RECOVERY_GROUP = 4


@dataclass(frozen=True)
class KdfParams:
    """argon2id parameters of one wrapping: time cost (passes), memory in KiB, lanes, and salt."""

    time_cost: int
    memory_kib: int
    parallelism: int
    salt: bytes

    def is_below(self, time_cost: int = DEFAULT_TIME_COST, memory_kib: int = DEFAULT_MEMORY_KIB,
                 parallelism: int = DEFAULT_PARALLELISM) -> bool:
        """True when this wrapping is weaker than the given parameters (by default those new
        wrappings get): it should be rewrapped at the next unlock with the secret in hand."""
        return self.time_cost < time_cost or self.memory_kib < memory_kib or self.parallelism < parallelism


def new_params(time_cost: int = DEFAULT_TIME_COST, memory_kib: int = DEFAULT_MEMORY_KIB,
               parallelism: int = DEFAULT_PARALLELISM) -> KdfParams:
    """Parameters for a new wrapping, with a fresh random salt."""
    params = KdfParams(time_cost, memory_kib, parallelism, secrets.token_bytes(SALT_BYTES))
    _check_params(params)
    return params


@dataclass(frozen=True)
class WrappedKey:
    """The file key wrapped for one slot: ``nonce`` and ``wrapped`` (the AES-256-GCM ciphertext
    of the 32-byte file key with its 16-byte tag), under the key argon2id derives from the slot's
    secret with ``kdf``."""

    slot: str
    kdf: KdfParams
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> str:
        """The wrapping as one line of JSON (the form docs/keys.md describes)."""
        b64 = _b64encode
        return json.dumps({
            "format": WRAP_FORMAT, "slot": self.slot,
            "kdf": {"algorithm": "argon2id", "version": ARGON2_VERSION, "time_cost": self.kdf.time_cost,
                    "memory_kib": self.kdf.memory_kib, "parallelism": self.kdf.parallelism,
                    "salt": b64(self.kdf.salt)},
            "nonce": b64(self.nonce), "wrapped": b64(self.wrapped),
        }, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "WrappedKey":
        """Read a wrapping written by :meth:`to_json`; anything else is refused with a sentence."""
        try:
            data = json.loads(text)
            kdf = data["kdf"]
            if (data["format"] != WRAP_FORMAT or kdf["algorithm"] != "argon2id"
                    or kdf["version"] != ARGON2_VERSION):
                raise ValueError("unknown format")
            ints = [kdf[name] for name in ("time_cost", "memory_kib", "parallelism")]
            if not all(type(value) is int for value in ints) or not isinstance(data["slot"], str):
                raise ValueError("wrong types")
            wrapped = cls(data["slot"], KdfParams(ints[0], ints[1], ints[2], _b64decode(kdf["salt"])),
                          _b64decode(data["nonce"]), _b64decode(data["wrapped"]))
            _check_slot(wrapped.slot)
            _check_params(wrapped.kdf)
            if len(wrapped.nonce) != NONCE_BYTES or len(wrapped.wrapped) != FILE_KEY_BYTES + 16:
                raise ValueError("wrong sizes")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise WrappedKeyInvalid(_("A stored key of the data file cannot be read: it is damaged "
                                      "or was written by another program.")) from None
        return wrapped


def new_file_key() -> bytes:
    """A new random 256-bit key for a data file."""
    return secrets.token_bytes(FILE_KEY_BYTES)


def password_secret(password: str) -> bytes:
    """The bytes a password stands for: its UTF-8 in Unicode NFC, so "Hà Nội" typed with
    precomposed letters (Windows) or with combining marks (macOS) is the same password."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def derive_kek(secret: bytes, params: KdfParams) -> bytes:
    """The 256-bit key-encryption key argon2id derives from ``secret`` with ``params``."""
    _check_params(params)
    return hash_secret_raw(secret, params.salt, time_cost=params.time_cost, memory_cost=params.memory_kib,
                           parallelism=params.parallelism, hash_len=FILE_KEY_BYTES, type=Type.ID,
                           version=ARGON2_VERSION)


def _associated_data(slot: str) -> bytes:
    return f"{WRAP_FORMAT} {slot}".encode("utf-8")


def wrap_file_key(file_key: bytes, secret: bytes, slot: str, params: KdfParams | None = None) -> WrappedKey:
    """Wrap ``file_key`` for ``slot`` under the key derived from ``secret`` (from
    :func:`password_secret` or :func:`recovery_secret`); new parameters and salt unless given."""
    if len(file_key) != FILE_KEY_BYTES:
        raise ValueError("a file key is 32 bytes")
    _check_slot(slot)
    params = params if params is not None else new_params()
    nonce = secrets.token_bytes(NONCE_BYTES)
    kek = derive_kek(secret, params)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # after the derivation: see unwrap_file_key

    return WrappedKey(slot, params, nonce, AESGCM(kek).encrypt(nonce, file_key, _associated_data(slot)))


def unwrap_file_key(wrapped: WrappedKey, secret: bytes) -> bytes:
    """The file key, or :class:`WrongSecret` when ``secret`` is not the one it was wrapped with
    (or the wrapping was changed since)."""
    kek = derive_kek(secret, wrapped.kdf)
    # The AES library is loaded once the derivation's 64 MiB are given back: signing in derives
    # the key before the rest of the program is loaded, to keep every command's peak memory low
    # (db/file_checks.py).
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.wrapped, _associated_data(wrapped.slot))
    except InvalidTag:
        if wrapped.slot == RECOVERY_SLOT:
            message = _("This recovery code does not unlock the data file. Check it against the "
                        "recovery sheet kept in the office safe.")
        else:
            message = _("The password is not right.")
        raise WrongSecret(message) from None


def rewrap_file_key(wrapped: WrappedKey, old_secret: bytes, new_secret: bytes,
                    params: KdfParams | None = None) -> WrappedKey:
    """The same file key wrapped for the same slot under ``new_secret`` (a new password), with new
    parameters, salt and nonce; refused with :class:`WrongSecret` when ``old_secret`` is wrong."""
    return wrap_file_key(unwrap_file_key(wrapped, old_secret), new_secret, wrapped.slot, params)


# ---- recovery codes ------------------------------------------------------------------------------


def _check_chars(random_part: str) -> str:
    digest = hashlib.sha256(b"qcdc-recovery-code/1\x00" + random_part.encode("ascii")).digest()
    bits = int.from_bytes(digest[:2], "big") >> (16 - 5 * RECOVERY_CHECK_CHARS)
    return "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(RECOVERY_CHECK_CHARS)))


def format_recovery_code(canonical: str) -> str:
    """``canonical`` (28 characters) in groups of four joined by ``-``, as printed."""
    return "-".join(canonical[i:i + RECOVERY_GROUP] for i in range(0, len(canonical), RECOVERY_GROUP))


def new_recovery_code() -> str:
    """A new recovery code as printed: 26 random Crockford base-32 characters (130 bits) and two
    check characters, in seven groups of four, e.g. ``7KQ2-M9XD-...``."""
    random_part = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_RANDOM_CHARS))
    return format_recovery_code(random_part + _check_chars(random_part))


def normalize_recovery_code(text: str) -> str:
    """The 28 characters of the code typed as ``text``: case, spaces and dashes do not matter, and
    ``O``, ``I``, ``L`` are read as ``0``, ``1``, ``1``.  Refused with a sentence when it cannot be a
    code (a wrong character, a wrong length, or check characters that do not match)."""
    chars: list[str] = []
    for char in unicodedata.normalize("NFKC", text).upper():
        if char in _SEPARATORS or char.isspace():
            continue
        char = _READ_AS.get(char, char)
        if char not in _ALPHABET:
            raise RecoveryCodeInvalid(_("«%(char)s» is not a character of a recovery code (digits, and "
                                        "the letters A to Z except U).") % {"char": char})
        chars.append(char)
    code = "".join(chars)
    if len(code) != RECOVERY_CHARS:
        raise RecoveryCodeInvalid(_("A recovery code has %(expected)d letters and digits; %(given)d were "
                                    "typed.") % {"expected": RECOVERY_CHARS, "given": len(code)})
    if _check_chars(code[:RECOVERY_RANDOM_CHARS]) != code[RECOVERY_RANDOM_CHARS:]:
        raise RecoveryCodeInvalid(_("This recovery code has a typing mistake: check each group against "
                                    "the recovery sheet."))
    return code


def recovery_secret(text: str) -> bytes:
    """The bytes a typed recovery code stands for (its normalised 28 characters, ASCII)."""
    return normalize_recovery_code(text).encode("ascii")


# ---- checks --------------------------------------------------------------------------------------


def _check_slot(slot: str) -> None:
    if not slot or len(slot) > _MAX_SLOT_CHARS or not slot.isprintable() or slot.strip() != slot:
        raise ValueError("a slot id is printable text of 1 to 200 characters")


def _check_params(params: KdfParams) -> None:
    if not (1 <= params.time_cost <= _MAX_TIME_COST and 1 <= params.parallelism <= _MAX_PARALLELISM
            and 8 * params.parallelism <= params.memory_kib <= _MAX_MEMORY_KIB
            and len(params.salt) >= 8):
        raise ValueError("argon2id parameters out of range")


def _b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base-64 text")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base-64") from None

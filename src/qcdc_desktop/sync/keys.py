"""This office's keys: an Ed25519 signing key and an age (X25519) receiving key, sealed at rest.

The private keys are kept in the data file sealed with AES-256-GCM under a key derived from the
data file's own file key (HKDF-SHA256, docs/keys.md "Stored sealed, never on a stick"): whoever
signs in to the data file, on any computer, unlocks them; a copy of the file without a password
reveals nothing, since the file key itself is only unwrapped by an account's password or the
recovery code.  Keys sealed by an earlier version under a key file in the user's data folder
(``QCDC_KEY_DIR`` overrides it) are sealed again the first time they are used, while that key
file is still there.
The short fingerprint people compare by phone or on the stamped key card is 100 bits of SHA-256
over both public keys, in Crockford base-32 (``RJ2KJ-HRCDH-CNWT2-4GTYC``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from platformdirs import user_data_dir

from ..core.errors import KeyStoreError
from ..core.roles import Operation
from ..core.serialize import canonical_json
from ..db import sync_keys
from ..db.connection import Store
from ..l10n import _

KEY_DIR_ENV = "QCDC_KEY_DIR"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SEAL_CONTEXT = "qcdc-sealed-keys/1"
_SEAL_INFO = b"qcdc-sync-seal/1"
_SEAL_SALT = b"qcdc-sync-seal salt"  # fixed: see docs/keys.md, "The sealed keys, exactly"
ROTATION_TYPE = "application/vnd.qcdc.key-rotation+json;v=1"


def key_folder() -> Path:
    """Where an earlier version kept the sealing keys of this user's data files (read only to seal
    those keys again under the file key)."""
    configured = os.environ.get(KEY_DIR_ENV)
    return Path(configured) if configured else Path(user_data_dir("qcdc-desktop", appauthor=False)) / "keys"


def fingerprint(sign_public: bytes, recv_public: str) -> str:
    """The office key's short fingerprint: 20 characters in groups of five."""
    digest = hashlib.sha256(b"qcdc-fingerprint/1\x00" + sign_public + recv_public.encode("ascii")).digest()
    value = int.from_bytes(digest[:13], "big") >> 4  # 100 bits
    chars = "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(20)))
    return "-".join(chars[i:i + 5] for i in range(0, 20, 5))


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed or read out (spaces, lower case, O for 0, I/L for 1) in its printed form."""
    chars = "".join(c for c in text.upper() if c.isalnum()).translate(str.maketrans("OIL", "011"))
    return "-".join(chars[i:i + 5] for i in range(0, len(chars), 5))


def b64(data: bytes) -> str:
    """Standard base-64 text of ``data`` (how key cards write keys)."""
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class OfficeKeys:
    """An unlocked key pair of this office."""

    unit_code: str
    signer: Ed25519PrivateKey
    sign_public: bytes
    identity: pyrage.x25519.Identity
    recv_public: str
    fingerprint: str
    state: str

    def sign(self, message: bytes) -> bytes:
        """The Ed25519 signature of ``message`` by this office's signing key."""
        return self.signer.sign(message)


def sealing_key(file_key: bytes) -> bytes:
    """The AES-256-GCM key that seals this office's private keys: derived from the data file's key."""
    if len(file_key) != 32:
        raise ValueError("a data file's key is 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SEAL_SALT, info=_SEAL_INFO).derive(file_key)


def _aad(unit_code: str, key_id: str) -> bytes:
    return f"{_SEAL_CONTEXT} {unit_code} {key_id}".encode("ascii")


def _new_pair() -> tuple[Ed25519PrivateKey, bytes, pyrage.x25519.Identity, str]:
    signer = Ed25519PrivateKey.generate()
    identity = pyrage.x25519.Identity.generate()
    return signer, signer.public_key().public_bytes_raw(), identity, str(identity.to_public())


def _seal(store: Store, signer: Ed25519PrivateKey, identity: pyrage.x25519.Identity, key_id: str) -> bytes:
    secret = canonical_json({"recv": str(identity), "sign": b64(signer.private_bytes_raw())}).encode("utf-8")
    return _sealed(store, key_id, secret)


def _sealed(store: Store, key_id: str, secret: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(sealing_key(store.file_key)).encrypt(nonce, secret, _aad(store.origin, key_id))


def _open(sealing: bytes, unit_code: str, key: sync_keys.OwnKey) -> bytes:
    return AESGCM(sealing).decrypt(key.sealed[:12], key.sealed[12:], _aad(unit_code, key.key_id))


def _reseal_from_key_file(store: Store, stored: list[sync_keys.OwnKey]) -> list[bytes]:
    """Keys sealed by an earlier version under ``<key folder>/<key_store_id>.key``: opened with that
    file and sealed again under the file key (the key file is left alone: older backups need it)."""
    store_id = sync_keys.key_store_id(store)
    if store_id is None:
        raise KeyStoreError(_("The keys of this office do not open with the key of this data file; "
                              "they may have been copied from another office."))
    path = key_folder() / f"{store_id}.key"
    if not path.is_file():
        raise KeyStoreError(_("The keys of this office cannot be unlocked on this computer (no key file %(path)s). "
                              "Use the computer where the office was set up, or make new keys and enrol them "
                              "again with the other office.") % {"path": path})
    try:
        plain = [_open(path.read_bytes(), store.origin, key) for key in stored]
    except (InvalidTag, ValueError, OSError):
        raise KeyStoreError(_("The keys of this office do not open with the key file of this computer; "
                              "they may have been copied from another office.")) from None
    if not store.readonly:
        sync_keys.reseal_own_keys(store, {key.key_id: _sealed(store, key.key_id, secret)
                                           for key, secret in zip(stored, plain)})
    return plain


def ensure_office_keys(store: Store) -> OfficeKeys:
    """The active keys of this office, created (and sealed) the first time."""
    if not sync_keys.own_keys(store):
        signer, sign_public, identity, recv_public = _new_pair()
        key_id = fingerprint(sign_public, recv_public)
        sealed = _seal(store, signer, identity, key_id)
        sync_keys.store_own_key(store, key_id=key_id, sign_public=sign_public, recv_public=recv_public,
                                 sealed=sealed)
    return unlock_keys(store)[0]


def unlock_keys(store: Store) -> list[OfficeKeys]:
    """Every key pair of this office, unlocked, the active one first (retired ones still open
    bundles that were encrypted to them before a rotation reached the other office)."""
    stored = sync_keys.own_keys(store)
    if not stored:
        raise KeyStoreError(_("This data file has no keys yet; create them with: qcdc keys show --db %(path)s")
                            % {"path": store.path})
    sealing = sealing_key(store.file_key)
    try:
        plain = [_open(sealing, store.origin, key) for key in stored]
    except InvalidTag:
        plain = _reseal_from_key_file(store, stored)
    result = []
    for key, secret in zip(stored, plain):
        values = json.loads(secret)
        signer = Ed25519PrivateKey.from_private_bytes(base64.b64decode(values["sign"]))
        identity = pyrage.x25519.Identity.from_str(values["recv"])
        result.append(OfficeKeys(store.origin, signer, key.sign_public, identity, key.recv_public, key.key_id,
                                 key.state))
    return result


def rotation_statement(unit_code: str, old_sign: bytes, new_sign: bytes, new_recv: str) -> bytes:
    """What the old key signs when it is replaced: the office and both keys (a rotated key's card
    carries the signature, and :mod:`.cards` checks it against this same statement)."""
    return canonical_json({"unit_code": unit_code, "old_sign_key": b64(old_sign), "new_sign_key": b64(new_sign),
                           "new_recv_key": new_recv}).encode("utf-8")


def _rotation_proof(store: Store, old: OfficeKeys, new_sign: bytes, new_recv: str) -> str:
    """The old key's signed statement that ``new_sign``/``new_recv`` replace it (kept with the new key)."""
    statement = rotation_statement(store.origin, old.sign_public, new_sign, new_recv)
    return canonical_json({"old_sign_key": b64(old.sign_public),
                           "old_signature": b64(old.sign(pae(ROTATION_TYPE, statement)))})


def rotate_keys(store: Store) -> OfficeKeys:
    """Replace the active key pair with a new one.  The old key signs the new key card (see
    :mod:`.cards`), so an office that trusts the old key accepts the new one without a new
    enrolment; the old receiving key stays to open bundles already on their way."""
    old = ensure_office_keys(store)
    signer, sign_public, identity, recv_public = _new_pair()
    key_id = fingerprint(sign_public, recv_public)
    proof = _rotation_proof(store, old, sign_public, recv_public)
    sync_keys.store_own_key(store, key_id=key_id, sign_public=sign_public, recv_public=recv_public,
                             sealed=_seal(store, signer, identity, key_id), rotation=proof)
    return unlock_keys(store)[0]


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE's pre-authentication encoding: what is signed names its type and length, so a
    signature made for one kind of message (a key card, a bundle header) never passes for another."""
    kind = payload_type.encode("ascii")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


def verify_signature(public: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message`` by ``public``."""
    from cryptography.exceptions import InvalidSignature

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def set_escrow_key(store: Store, recipient: str | None) -> None:
    """Encrypt every bundle made from now on also to ``recipient`` (an age ``age1…`` public key
    held by the escrow authority), or to nobody else when None."""
    store.require(Operation.ESCROW)
    if recipient is not None:
        recipient = recipient.strip()
        try:
            pyrage.x25519.Recipient.from_str(recipient)
        except Exception:  # noqa: BLE001 - pyrage raises its own error types for a bad key
            raise KeyStoreError(_("%(key)s is not an age public key (age1…).") % {"key": recipient[:80]}) from None
    sync_keys.set_escrow_recipient(store, recipient)

"""This office's keys: an Ed25519 signing key and an age (X25519) receiving key, sealed at rest.

The private keys are kept in the data file sealed with AES-256-GCM under a 256-bit key that lives
in a separate file in the user's own data folder (``QCDC_KEY_DIR`` overrides it), never beside the
data file: a data file or a backup copied to a stick therefore carries no usable private key.
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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from platformdirs import user_data_dir

from ..core.errors import KeyStoreError
from ..core.serialize import canonical_json
from ..db import sync_store
from ..db.connection import Store
from ..l10n import _

KEY_DIR_ENV = "QCDC_KEY_DIR"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SEAL_CONTEXT = "qcdc-sealed-keys/1"
ROTATION_TYPE = "application/vnd.qcdc.key-rotation+json;v=1"


def key_folder() -> Path:
    """Where the sealing keys of this user's data files live (outside any data folder)."""
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


def _sealing_key(store: Store, *, create: bool) -> bytes:
    store_id = sync_store.key_store_id(store)
    if store_id is None:
        if not create:
            raise KeyStoreError(_("This data file has no keys yet; create them with: qcdc keys show --db %(path)s")
                                % {"path": store.path})
        store_id = secrets.token_hex(16)
    path = key_folder() / f"{store_id}.key"
    if path.exists():
        data = path.read_bytes()
        if len(data) != 32:
            raise KeyStoreError(_("The key file %(path)s is damaged; the keys of this office cannot be unlocked.")
                                % {"path": path})
        return data
    if not create:
        raise KeyStoreError(_("The keys of this office cannot be unlocked on this computer (no key file %(path)s). "
                              "Use the computer where the office was set up, or make new keys and enrol them "
                              "again with the other office.") % {"path": path})
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise KeyStoreError(_("Cannot write the key file %(path)s: %(reason)s")
                            % {"path": path, "reason": exc.strerror or exc}) from None
    if sync_store.key_store_id(store) is None:
        sync_store.set_key_store_id(store, store_id)
    return key


def _aad(unit_code: str, key_id: str) -> bytes:
    return f"{_SEAL_CONTEXT} {unit_code} {key_id}".encode("ascii")


def _new_pair() -> tuple[Ed25519PrivateKey, bytes, pyrage.x25519.Identity, str]:
    signer = Ed25519PrivateKey.generate()
    identity = pyrage.x25519.Identity.generate()
    return signer, signer.public_key().public_bytes_raw(), identity, str(identity.to_public())


def _seal(store: Store, signer: Ed25519PrivateKey, identity: pyrage.x25519.Identity, key_id: str) -> bytes:
    secret = canonical_json({"recv": str(identity), "sign": b64(signer.private_bytes_raw())}).encode("utf-8")
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(_sealing_key(store, create=True)).encrypt(nonce, secret, _aad(store.origin, key_id))


def ensure_office_keys(store: Store) -> OfficeKeys:
    """The active keys of this office, created (and sealed) the first time."""
    if not sync_store.own_keys(store):
        signer, sign_public, identity, recv_public = _new_pair()
        key_id = fingerprint(sign_public, recv_public)
        sealed = _seal(store, signer, identity, key_id)
        sync_store.store_own_key(store, key_id=key_id, sign_public=sign_public, recv_public=recv_public,
                                 sealed=sealed)
    return unlock_keys(store)[0]


def unlock_keys(store: Store) -> list[OfficeKeys]:
    """Every key pair of this office, unlocked, the active one first (retired ones still open
    bundles that were encrypted to them before a rotation reached the other office)."""
    stored = sync_store.own_keys(store)
    if not stored:
        raise KeyStoreError(_("This data file has no keys yet; create them with: qcdc keys show --db %(path)s")
                            % {"path": store.path})
    sealing = _sealing_key(store, create=False)
    result = []
    for key in stored:
        try:
            secret = AESGCM(sealing).decrypt(key.sealed[:12], key.sealed[12:], _aad(store.origin, key.key_id))
        except InvalidTag:
            raise KeyStoreError(_("The keys of this office do not open with the key file of this computer; "
                                  "they may have been copied from another office.")) from None
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
    sync_store.store_own_key(store, key_id=key_id, sign_public=sign_public, recv_public=recv_public,
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
    if recipient is not None:
        recipient = recipient.strip()
        try:
            pyrage.x25519.Recipient.from_str(recipient)
        except Exception:  # noqa: BLE001 - pyrage raises its own error types for a bad key
            raise KeyStoreError(_("%(key)s is not an age public key (age1…).") % {"key": recipient[:80]}) from None
    sync_store.set_escrow_recipient(store, recipient)

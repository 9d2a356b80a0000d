"""Key cards: an office's public keys in a small signed file, and trusting another office's card.

A card is canonical JSON signed by the key it carries (so whoever made it holds the private key).
Trusting it is the enrolment: a person compares its fingerprint with the one read out by phone or
printed on the stamped paper.  A rotated key's card also carries a statement signed by the old
key, so an office that trusts the old key takes the new one without a new enrolment.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputFileError, KeyStoreError, UnitNotFound, system_reason
from ..core.roles import Operation
from ..core.serialize import canonical_json, loads_strict
from ..core.text import nfc
from ..db import sync_keys, sync_store
from ..db.connection import Store
from ..db.files import open_regular
from ..db.units import find_unit, get_unit
from ..l10n import _
from .keys import (
    ROTATION_TYPE,
    b64,
    ensure_office_keys,
    fingerprint,
    normal_fingerprint,
    pae,
    rotation_statement,
    verify_signature,
)

CARD_FORMAT = "qcdc-key-card/1"
CARD_TYPE = "application/vnd.qcdc.key-card+json;v=1"
MAX_CARD_BYTES = 64 * 1024
_CARD_KEYS = {"format", "unit_code", "unit_name", "role", "sign_key", "recv_key", "fingerprint", "created_on",
              "rotation", "signature"}


@dataclass(frozen=True)
class KeyCard:
    unit_code: str
    unit_name: str
    role: str
    sign_public: bytes
    recv_public: str
    fingerprint: str
    created_on: str
    old_sign_public: bytes | None
    text: str


@dataclass(frozen=True)
class Trusted:
    """What trusting a card did: ``outcome`` is "enrolled", "rotated" or "already"."""

    unit_code: str
    unit_name: str
    fingerprint: str
    outcome: str


def make_card(store: Store, *, today: dt.date | None = None) -> str:
    """This office's key card (the active key), as the text of the file to hand over."""
    store.require(Operation.MANAGE_KEYS)
    keys = ensure_office_keys(store)
    unit = get_unit(store)
    stored = sync_keys.own_keys(store)[0]
    body = {
        "format": CARD_FORMAT, "unit_code": unit.code, "unit_name": unit.name, "role": unit.role,
        "sign_key": b64(keys.sign_public), "recv_key": keys.recv_public, "fingerprint": keys.fingerprint,
        "created_on": (today or dt.date.today()).isoformat(),
        "rotation": json.loads(stored.rotation) if stored.rotation else None,
    }
    body["signature"] = b64(keys.sign(pae(CARD_TYPE, canonical_json(body).encode("utf-8"))))
    return canonical_json(body)


def read_card_file(path: Path) -> bytes:
    """The bytes of a key card file given by a person (refused in a sentence when unreadable or
    too large to be a card)."""
    try:
        with open_regular(path) as fh:  # never a pipe or a device, which could block or never end
            data = fh.read(MAX_CARD_BYTES + 1)
    except OSError as exc:
        raise InputFileError(_("Cannot read %(path)s: %(reason)s")
                             % {"path": path, "reason": system_reason(exc)}) from None
    if len(data) > MAX_CARD_BYTES:
        raise InputFileError(_("%(path)s is too large to be a key card.") % {"path": path})
    return data


def _bad(reason: str) -> InputFileError:
    return InputFileError(_("This is not a valid key card: %(reason)s") % {"reason": reason})


def _decode(value: object, size: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise _bad(_("a key is missing"))
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _bad(_("a key is not written correctly")) from None
    if size is not None and len(raw) != size:
        raise _bad(_("a key has the wrong length"))
    return raw


def parse_card(data: bytes) -> KeyCard:
    """Read and check a key card: its shape, its own signature, and its fingerprint."""
    if len(data) > MAX_CARD_BYTES:
        raise _bad(_("the file is too large"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(_("it is not text")) from None
    card = loads_strict(text)
    try:
        canonical_json(card).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, written as an escape: not text
        raise _bad(_("it holds a character that is not text")) from None
    if not isinstance(card, dict) or set(card) != _CARD_KEYS or card.get("format") != CARD_FORMAT:
        raise _bad(_("it does not have the fields of a card"))
    for key in ("unit_code", "unit_name", "role", "recv_key", "fingerprint", "created_on"):
        if not isinstance(card[key], str) or not card[key] or len(card[key]) > 300:
            raise _bad(_("the field %(field)s is wrong") % {"field": key})
    if card["role"] not in ("commune", "upper"):
        raise _bad(_("the field %(field)s is wrong") % {"field": "role"})
    sign_public = _decode(card["sign_key"], 32)
    signature = _decode(card["signature"], 64)
    body = {k: v for k, v in card.items() if k != "signature"}
    if not verify_signature(sign_public, signature, pae(CARD_TYPE, canonical_json(body).encode("utf-8"))):
        raise _bad(_("its signature does not match; it was altered or damaged"))
    if card["recv_key"] != card["recv_key"].strip() or not card["recv_key"].startswith("age1"):
        raise _bad(_("the field %(field)s is wrong") % {"field": "recv_key"})
    if fingerprint(sign_public, card["recv_key"]) != card["fingerprint"]:
        raise _bad(_("its fingerprint does not match its keys"))
    old_sign = None
    rotation = card["rotation"]
    if rotation is not None:
        if not isinstance(rotation, dict) or set(rotation) != {"old_sign_key", "old_signature"}:
            raise _bad(_("the field %(field)s is wrong") % {"field": "rotation"})
        old_sign = _decode(rotation["old_sign_key"], 32)
        statement = rotation_statement(card["unit_code"], old_sign, sign_public, card["recv_key"])
        if not verify_signature(old_sign, _decode(rotation["old_signature"], 64), pae(ROTATION_TYPE, statement)):
            raise _bad(_("the old key's signature on the rotation does not match"))
    return KeyCard(card["unit_code"], nfc(card["unit_name"]), card["role"], sign_public, card["recv_key"],
                   card["fingerprint"], card["created_on"], old_sign, text)


def _check_enrolment(store: Store, card: KeyCard) -> None:
    me = get_unit(store)
    if card.unit_code == me.code:
        raise KeyStoreError(_("This is the card of this office itself."))
    if me.role == "upper":
        if card.role != "commune":
            raise KeyStoreError(_("An upper-level office enrols communes; this card is of another upper-level "
                                  "office."))
        try:
            listed = find_unit(card.unit_code)
        except UnitNotFound:
            listed = None
        if listed is None or listed.level != "commune":
            raise KeyStoreError(_("%(code)s is not a commune in the official list of units.")
                                % {"code": card.unit_code[:20]})
        if len(me.code) == 2 and listed.province_code != me.code:
            raise KeyStoreError(_("%(name)s (%(code)s) belongs to another province.")
                                % {"name": listed.name, "code": listed.code})
        return
    if card.role != "upper":
        raise KeyStoreError(_("A commune trusts only its upper level; this card is of a commune."))
    uppers = [p for p in sync_store.list_peers(store, "upper") if p.unit_code != card.unit_code]
    if uppers:
        raise KeyStoreError(_("This commune already sends its data to %(name)s (%(code)s).")
                            % {"name": uppers[0].name, "code": uppers[0].unit_code})


def trust_card(store: Store, data: bytes, *, expected_fingerprint: str | None = None) -> Trusted:
    """Enrol the office of a key card, or take its rotated key.

    A first key is trusted only as an enrolment (``expected_fingerprint``, when given, must be the
    card's: the one read from the paper).  An office already enrolled changes key only by a card
    whose rotation is signed by one of its trusted keys, or after all its keys were revoked.
    """
    store.require(Operation.MANAGE_KEYS)
    card = parse_card(data)
    if expected_fingerprint is not None and normal_fingerprint(expected_fingerprint) != card.fingerprint:
        raise KeyStoreError(_("The fingerprint of the card (%(card)s) is not the one given (%(given)s); do not "
                              "trust this card.") % {"card": card.fingerprint,
                                                      "given": normal_fingerprint(expected_fingerprint)[:30]})
    _check_enrolment(store, card)
    known = sync_keys.peer_key(store, card.sign_public)
    if known is not None:
        if known.unit_code != card.unit_code:
            raise KeyStoreError(_("This key is already trusted for another office (%(code)s).")
                                % {"code": known.unit_code})
        if known.state == "revoked":
            raise KeyStoreError(_("This key was revoked; it cannot be trusted again."))
        return Trusted(card.unit_code, card.unit_name, card.fingerprint, "already")
    current = sync_keys.active_peer_key(store, card.unit_code)
    rotated = False
    if current is not None:
        vouching = sync_keys.peer_key(store, card.old_sign_public) if card.old_sign_public else None
        if vouching is None or vouching.unit_code != card.unit_code or vouching.state == "revoked":
            raise KeyStoreError(_("%(code)s is already enrolled with another key (%(fingerprint)s). A new key is "
                                  "accepted when its card is signed by the old key, or after the old key is "
                                  "revoked.") % {"code": card.unit_code, "fingerprint": current.fingerprint})
        rotated = True
    sync_keys.trust_peer_key(store, unit_code=card.unit_code, name=card.unit_name, role=card.role,
                              sign_public=card.sign_public, recv_public=card.recv_public,
                              fingerprint=card.fingerprint, card=card.text, retire_others=rotated)
    return Trusted(card.unit_code, card.unit_name, card.fingerprint, "rotated" if rotated else "enrolled")


def revoke_key(store: Store, fingerprint_text: str) -> None:
    """Refuse from now on every bundle signed by another office's key with this fingerprint."""
    store.require(Operation.MANAGE_KEYS)
    value = normal_fingerprint(fingerprint_text)
    if sync_keys.revoke_peer_key(store, fingerprint=value) == 0:
        raise KeyStoreError(_("No trusted key has the fingerprint %(fingerprint)s.") % {"fingerprint": value[:30]})

"""The key-slot file beside the data file: ``<data file>.keys`` (docs/keys.md, "Where the
wrappings live: the key-slot file").

The data file is encrypted with its file key, so the wrappings of that key (``core.filekey``) cannot
be inside it: they are in a plain JSON file next to it, one object holding

* ``format``: ``qcdc-key-slots/1``;
* ``file_id``: 16 random bytes in hex, made with the file key;
* ``key_check``: HMAC-SHA256 of a fixed label under the file key, so a key unwrapped from a slot is
  known to be this file's key before SQLCipher is asked (a slot carried over from another key-slot
  file is refused here, in a sentence);
* ``slots``: slot name (``user:<login>``, ``recovery``) → the wrapped key (``WrappedKey.to_json()``);
* ``seal``: HMAC-SHA256 under the file key of all of the above, checked at every unlock, so a file
  changed by hand (a slot added, removed or altered, the check replaced) is refused.

Nothing in it opens the data file without a password or the recovery code.  Every change is
written to a temporary file beside it, flushed and synced, renamed over it, and the folder synced:
a write that fails or is killed leaves the previous file as it was.  A password change rewraps the
same file key and never touches the data file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import (
    DatabaseExists,
    FileKeyRefused,
    KeySlotsInvalid,
    StoreError,
    WrappedKeyInvalid,
    WrongSecret,
    system_reason,
)
from ..core.filekey import (
    DEFAULT_MEMORY_KIB,
    DEFAULT_PARALLELISM,
    DEFAULT_TIME_COST,
    FILE_KEY_BYTES,
    RECOVERY_SLOT,
    WrappedKey,
    new_params,
    unwrap_file_key,
    wrap_file_key,
)
from ..l10n import _
from .files import fsync_folder

KEYSLOTS_FORMAT = "qcdc-key-slots/1"
KEYSLOTS_VERSION = 1
SUFFIX = ".keys"
USER_SLOT_PREFIX = "user:"
FILE_ID_BYTES = 16
_CHECK_LABEL = b"qcdc-key-check/1"
_SEAL_LABEL = b"qcdc-key-slots/1 seal\x00"
_MAX_BYTES = 1024 * 1024  # thousands of slots; a bigger file is not one of ours
_FORMAT_RE = re.compile(r"qcdc-key-slots/([0-9]{1,6})")
_FILE_ID_RE = re.compile(r"[0-9a-f]{32}")

Cost = tuple[int, int, int]  # argon2id time cost, memory in KiB, lanes of new wrappings
DEFAULT_COST: Cost = (DEFAULT_TIME_COST, DEFAULT_MEMORY_KIB, DEFAULT_PARALLELISM)


@dataclass(frozen=True)
class KeySlots:
    """The content of a key-slot file as read (nothing in it is checked against a key yet)."""

    file_id: str
    key_check: bytes
    seal: bytes
    slots: Mapping[str, WrappedKey]


def keys_path(data_path: Path) -> Path:
    """Where the key-slot file of the data file ``data_path`` is: beside it, ``<name>.keys``."""
    data_path = Path(data_path)
    return data_path.with_name(data_path.name + SUFFIX)


def user_slot(login: str) -> str:
    """The slot name of an account: ``user:<login name>`` (a login never changes, and signing in
    must find the slot before the data file, which holds the accounts, can be read)."""
    return f"{USER_SLOT_PREFIX}{login}"


# ---- reading -------------------------------------------------------------------------------------


def _unreadable(path: Path) -> KeySlotsInvalid:
    return KeySlotsInvalid(_("The key file %(path)s cannot be read: it is damaged or was written by "
                             "another program. Restore it from the backup made with the data file.")
                           % {"path": path})


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError("duplicate key")
        result[key] = value
    return result


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, size: int) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base-64 text")
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base-64") from None
    if len(data) != size:
        raise ValueError("wrong size")
    return data


def read(data_path: Path) -> KeySlots:
    """The key-slot file of the data file ``data_path``.  Refused with a sentence
    (:class:`KeySlotsInvalid`) when it is missing, damaged, not a key-slot file, or written by a
    newer version of the program."""
    path = keys_path(data_path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise KeySlotsInvalid(_("The key file %(path)s is missing: the data file cannot be opened without "
                                "it. Copy it back from where the data file came from, or from its "
                                "backup.") % {"path": path}) from None
    except OSError as exc:
        raise KeySlotsInvalid(_("The key file %(path)s cannot be read: %(reason)s")
                              % {"path": path, "reason": system_reason(exc)}) from None
    try:
        if len(raw) > _MAX_BYTES:
            raise ValueError("too big")
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        tag = data.get("format")
        match = _FORMAT_RE.fullmatch(tag) if isinstance(tag, str) else None
        if match is None:
            raise ValueError("not a key-slot file")
        if int(match.group(1)) > KEYSLOTS_VERSION:
            raise KeySlotsInvalid(_("%(path)s was written by a newer version of QCDC Desktop; update the "
                                    "software to open it.") % {"path": path})
        if set(data) != {"format", "file_id", "key_check", "seal", "slots"} or tag != KEYSLOTS_FORMAT:
            raise ValueError("wrong keys")
        file_id = data["file_id"]
        if not isinstance(file_id, str) or _FILE_ID_RE.fullmatch(file_id) is None:
            raise ValueError("wrong file id")
        slots_data = data["slots"]
        if not isinstance(slots_data, dict):
            raise ValueError("slots not an object")
        slots: dict[str, WrappedKey] = {}
        for name, stored in slots_data.items():
            if not isinstance(stored, dict):
                raise ValueError("slot not an object")
            wrapped = WrappedKey.from_json(json.dumps(stored))
            if wrapped.slot != name:
                raise ValueError("slot moved")
            slots[name] = wrapped
        return KeySlots(file_id, _unb64(data["key_check"], 32), _unb64(data["seal"], 32), slots)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError, WrappedKeyInvalid):
        raise _unreadable(path) from None


def slot_names(data_path: Path) -> list[str]:
    """The names of the slots of the data file's key-slot file, sorted."""
    return sorted(read(data_path).slots)


# ---- the key check and the seal ------------------------------------------------------------------


def key_check(file_key: bytes) -> bytes:
    """HMAC-SHA256 of a fixed label under ``file_key``: what tells the right key from another."""
    return hmac.new(file_key, _CHECK_LABEL, hashlib.sha256).digest()


def _seal(file_key: bytes, file_id: str, check: bytes, slots: Mapping[str, WrappedKey]) -> bytes:
    content = json.dumps({"format": KEYSLOTS_FORMAT, "file_id": file_id, "key_check": _b64(check),
                          "slots": {name: slots[name].to_json() for name in sorted(slots)}},
                         sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(file_key, _SEAL_LABEL + content, hashlib.sha256).digest()


def _verify(data_path: Path, content: KeySlots, file_key: bytes) -> None:
    """Refuse ``file_key`` when it is not the key of this key-slot file, and the file when it was
    changed by anything but this module with the key in hand."""
    if len(file_key) != FILE_KEY_BYTES or not hmac.compare_digest(key_check(file_key), content.key_check):
        raise FileKeyRefused(_("This key does not belong to the data file %(path)s: its key file holds a key "
                               "of another data file. Restore the key file from the backup made with the "
                               "data file.") % {"path": data_path})
    if not hmac.compare_digest(_seal(file_key, content.file_id, content.key_check, content.slots), content.seal):
        raise KeySlotsInvalid(_("The key file %(path)s was changed by another program; it is refused. "
                                "Restore it from the backup made with the data file.")
                              % {"path": keys_path(data_path)})


# ---- writing -------------------------------------------------------------------------------------


def _text(file_key: bytes, file_id: str, slots: Mapping[str, WrappedKey]) -> str:
    check = key_check(file_key)
    data = {"format": KEYSLOTS_FORMAT, "file_id": file_id, "key_check": _b64(check),
            "seal": _b64(_seal(file_key, file_id, check, slots)),
            "slots": {name: json.loads(slots[name].to_json()) for name in sorted(slots)}}
    return json.dumps(data, sort_keys=True, indent=2) + "\n"


def _write(path: Path, text: str) -> None:
    """Write ``text`` at ``path`` whole or not at all: a temporary file beside it, flushed and
    synced, renamed over it, the folder synced."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(_("The key file %(path)s could not be written (%(reason)s); it is kept as it "
                           "was.") % {"path": path, "reason": system_reason(exc)}) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def _check_user_slot(slot: str) -> None:
    if not slot.startswith(USER_SLOT_PREFIX) or len(slot) == len(USER_SLOT_PREFIX):
        raise ValueError("an account's slot is user:<login>")


def _check_slot_name(slot: str) -> None:
    if slot != RECOVERY_SLOT:
        _check_user_slot(slot)


def create(data_path: Path, file_key: bytes, admin_slot: str, admin_secret: bytes,
           recovery_secret: bytes, *, cost: Cost = DEFAULT_COST) -> KeySlots:
    """Write the key-slot file of a new data file whose key is ``file_key``: a new file id, the key
    check, the first administrator's slot (``user:<login>``, wrapped with ``admin_secret``) and the
    recovery slot (wrapped with ``recovery_secret``).  Refused when a key-slot file is already
    there (:class:`DatabaseExists`): it belongs to another key."""
    if len(file_key) != FILE_KEY_BYTES:
        raise ValueError("a file key is 32 bytes")
    _check_user_slot(admin_slot)
    path = keys_path(data_path)
    if path.exists():
        raise DatabaseExists(_("%(path)s already exists; choose another file.") % {"path": path})
    slots = {admin_slot: wrap_file_key(file_key, admin_secret, admin_slot, new_params(*cost)),
             RECOVERY_SLOT: wrap_file_key(file_key, recovery_secret, RECOVERY_SLOT, new_params(*cost))}
    file_id = secrets.token_hex(FILE_ID_BYTES)
    _write(path, _text(file_key, file_id, slots))
    return read(data_path)


def unlock(data_path: Path, slot: str, secret: bytes) -> bytes:
    """The data file's key, unwrapped from ``slot`` with ``secret`` (from ``password_secret`` or
    ``recovery_secret``) and checked against the key check and the seal.  Refused with a sentence:
    no such slot or a wrong secret (:class:`WrongSecret`), a slot holding another file's key
    (:class:`FileKeyRefused`), a changed or unreadable file (:class:`KeySlotsInvalid`)."""
    content = read(data_path)
    wrapped = content.slots.get(slot)
    if wrapped is None:
        if slot == RECOVERY_SLOT:
            raise WrongSecret(_("The data file has no recovery code: it can only be opened with an "
                                "account's password."))
        raise WrongSecret(_("This account cannot open the data file: an administrator must give it a "
                            "password again."))
    file_key = unwrap_file_key(wrapped, secret)
    _verify(data_path, content, file_key)
    return file_key


def put_slot(data_path: Path, file_key: bytes, slot: str, secret: bytes, *, cost: Cost = DEFAULT_COST) -> None:
    """Add ``slot`` or replace its wrapping: ``file_key`` (from :func:`unlock`) wrapped with
    ``secret``.  A new password, a new recovery code, a new account: the data file is not touched.
    ``file_key`` is checked first, so a wrong key is never written in."""
    _check_slot_name(slot)
    content = read(data_path)
    _verify(data_path, content, file_key)
    slots = dict(content.slots)
    slots[slot] = wrap_file_key(file_key, secret, slot, new_params(*cost))
    _write(keys_path(data_path), _text(file_key, content.file_id, slots))


def change_secret(data_path: Path, slot: str, old_secret: bytes, new_secret: bytes, *,
                  cost: Cost = DEFAULT_COST) -> None:
    """A password change (or a new recovery code): unlock ``slot`` with ``old_secret``, then wrap
    the same file key with ``new_secret`` in its place."""
    put_slot(data_path, unlock(data_path, slot, old_secret), slot, new_secret, cost=cost)


def remove_slot(data_path: Path, file_key: bytes, slot: str) -> None:
    """Remove an account's slot (a disabled account can no longer open the data file).  The
    recovery slot is never removed (:func:`put_slot` replaces it with a new code), nor the last
    account's slot."""
    content = read(data_path)
    _verify(data_path, content, file_key)
    if slot == RECOVERY_SLOT:
        raise KeySlotsInvalid(_("The recovery code cannot be removed; it can only be replaced by a new one."))
    if slot not in content.slots:
        raise KeySlotsInvalid(_("This account has no key to the data file."))
    slots = {name: wrapped for name, wrapped in content.slots.items() if name != slot}
    if not any(name.startswith(USER_SLOT_PREFIX) for name in slots):
        raise KeySlotsInvalid(_("The last account that can open the data file cannot lose its key."))
    _write(keys_path(data_path), _text(file_key, content.file_id, slots))


def copy_keys(data_path: Path, copy_path: Path, *, file_key: bytes | None = None) -> None:
    """Give the copy of a data file at ``copy_path`` (a backup, a converted or restored file) the
    key-slot file of ``data_path``, written whole or not at all; checked against ``file_key``
    when given, and in any case read as a key-slot file first (a damaged one is not copied)."""
    content = read(data_path)
    if file_key is not None:
        _verify(data_path, content, file_key)
    _write(keys_path(copy_path), keys_path(data_path).read_text(encoding="utf-8"))


def same_key(data_path: Path, file_key: bytes) -> bool:
    """True when the key-slot file of ``data_path`` belongs to ``file_key`` (its key check)."""
    return hmac.compare_digest(read(data_path).key_check, key_check(file_key))

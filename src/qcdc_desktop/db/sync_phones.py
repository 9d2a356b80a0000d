"""Citizens' phone numbers in a commune's bundles (Law 91/2025, data minimisation;
docs/bundle-format.md, "Phone numbers").

A commune sends its upper level no phone number unless its administrator switched the setting
``SEND_PHONES`` on: an opinion's ``phone`` leaves empty, and a history entry whose kept values
hold one leaves with its values erased.  Once it is on, the phones travel of the records and entries
written *after* the change of the setting (their change number is higher than the one of the
setting's own history entry), never of those written before: a version of a record then has the
same content in every bundle that carries it, however often it is sent again, and a phone
recorded while the office did not send phones never leaves it.  Only the commune's bundle is
changed; its own records keep the phone.
"""

from __future__ import annotations

import json
import sqlite3

from ..core.changes import Changes
from ..core.history import ERASED
from ..core.roles import Operation
from ..core.settings import SEND_PHONES
from .connection import Store
from .settings import read_setting, write_setting

PHONE = "phone"


def sends_phones(store: Store) -> bool:
    """Whether this office's bundles carry citizens' phone numbers (off by default)."""
    return read_setting(store, SEND_PHONES)


def set_sends_phones(store: Store, *, on: bool) -> Changes:
    """Switch the sending of phone numbers on or off: an office setting, an administrator's
    (docs/roles.md).  The change is in the office's history like every setting's."""
    store.require(Operation.OFFICE_SETTINGS)
    changes = Changes()
    if read_setting(store, SEND_PHONES) == on:
        return changes
    with store.transaction() as conn:
        write_setting(conn, SEND_PHONES, on)
    changes.settings = True
    return changes


def phones_after(conn: sqlite3.Connection, origin: str) -> int | None:
    """The change number after which ``origin``'s records and entries carry their phone numbers
    in its bundles: that of the last change of the setting while it is on; None (no phone at all)
    while it is off, or when the history holds no change of it (a value written without the program)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (SEND_PHONES.key,)).fetchone()
    if not SEND_PHONES.read(None if row is None else row[0]):
        return None
    (since,) = conn.execute("SELECT max(seq) FROM history WHERE origin = ? AND record = ? AND kind = ?",
                            (origin, SEND_PHONES.key, "settings")).fetchone()
    return None if since is None else int(since)


def phone_travels(seq: int, after: int | None) -> bool:
    """Whether what was written at change number ``seq`` carries its phone (``after`` from
    :func:`phones_after`)."""
    return after is not None and seq > after


def holds_phone(kept: str) -> bool:
    """Whether a history entry's kept values (``<salt>:<canonical JSON>``) hold a phone number,
    before or after.  Values that cannot be read are taken to hold one (they leave erased)."""
    if PHONE not in kept or kept == ERASED:
        return False
    _salt, _colon, text = kept.partition(":")
    try:
        fields = json.loads(text)
    except ValueError:
        return True
    pair = fields.get(PHONE) if isinstance(fields, dict) else None
    if pair is None:
        return False
    return not isinstance(pair, list) or any(value not in (None, "") for value in pair)


def values_sent(kept: str, seq: int, after: int | None) -> str:
    """The text a history line carries for an entry whose values are kept as ``kept``: as they
    are, or ``erased`` when they hold a phone number that may not leave."""
    if kept and not phone_travels(seq, after) and holds_phone(kept):
        return ERASED
    return kept

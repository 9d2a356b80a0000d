"""This office's own sync keys and the keys of the offices it trusts, as the data file keeps them:
each key pair sealed under the file (``sync/keys.py`` makes and opens them), the offices enrolled
with their trusted keys (active, retired by a rotation, or revoked), and the optional escrow
recipient every bundle is also encrypted to.  Each change asks the store's account for its
operation first (docs/roles.md)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.roles import Operation
from ..core.settings import ESCROW_RECIPIENT, KEY_STORE_ID
from .connection import Store
from .records import utc_now
from .settings import forget_setting, read_if_set, write_setting


@dataclass(frozen=True)
class OwnKey:
    key_id: str
    sign_public: bytes
    recv_public: str
    sealed: bytes
    created_at: str
    state: str
    rotation: str


@dataclass(frozen=True)
class PeerKey:
    unit_code: str
    sign_public: bytes
    recv_public: str
    fingerprint: str
    state: str


# ---- this office's keys ----

def store_own_key(store: Store, *, key_id: str, sign_public: bytes, recv_public: str, sealed: bytes,
                  rotation: str = "") -> None:
    """Keep a new key pair of this office as the active one, retiring an earlier one (a rotation);
    the first pair is made for whoever asks for the keys first (as ``qcdc keys show`` does)."""
    with store.transaction() as conn:
        first = conn.execute("SELECT 1 FROM sync_keys WHERE state = 'active'").fetchone() is None
        store.require(Operation.READ if first else Operation.MANAGE_KEYS)
        conn.execute("UPDATE sync_keys SET state = 'retired' WHERE state = 'active'")
        conn.execute("INSERT INTO sync_keys (key_id, sign_public, recv_public, sealed, created_at, state, rotation) "
                     "VALUES (?, ?, ?, ?, ?, 'active', ?)", (key_id, sign_public, recv_public, sealed, utc_now(),
                                                            rotation))


def own_keys(store: Store) -> list[OwnKey]:
    """Every key pair this office has had, the active one first, then newest first."""
    rows = store.conn.execute("SELECT key_id, sign_public, recv_public, sealed, created_at, state, rotation "
                              "FROM sync_keys ORDER BY state != 'active', created_at DESC, rowid DESC").fetchall()
    return [OwnKey(*row) for row in rows]


def key_store_id(store: Store) -> str | None:
    """The name of the sealing-key file an earlier version used for this data file, or None."""
    return read_if_set(store, KEY_STORE_ID)


def reseal_own_keys(store: Store, sealed: dict[str, bytes]) -> None:
    """Keep the keys sealed again (key id -> sealed), forgetting the earlier key file's name (upkeep
    on first use, no one's decision: whoever may read the file has it done)."""
    store.require(Operation.READ)
    with store.transaction() as conn:
        conn.executemany("UPDATE sync_keys SET sealed = ? WHERE key_id = ?", [(v, k) for k, v in sealed.items()])
        forget_setting(conn, KEY_STORE_ID)

# ---- trusted offices ----

def trust_peer_key(store: Store, *, unit_code: str, name: str, role: str, sign_public: bytes, recv_public: str,
                   fingerprint: str, card: str, retire_others: bool) -> bool:
    """Enrol an office (when new) and trust one of its keys; ``retire_others`` when the key
    replaces the office's earlier ones (rotation).  Returns False when the key was trusted already."""
    store.require(Operation.MANAGE_KEYS)
    now = utc_now()
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO sync_peers (unit_code, name, role, enrolled_at) VALUES (?, ?, ?, ?)",
                     (unit_code, name, role, now))
        conn.execute("UPDATE sync_peers SET name = ? WHERE unit_code = ?", (name, unit_code))
        known = conn.execute("SELECT unit_code FROM sync_peer_keys WHERE sign_public = ?", (sign_public,)).fetchone()
        if known:
            return False
        if retire_others:
            conn.execute("UPDATE sync_peer_keys SET state = 'retired' WHERE unit_code = ? AND state = 'active'",
                         (unit_code,))
        conn.execute("INSERT INTO sync_peer_keys (sign_public, unit_code, recv_public, fingerprint, state, trusted_at,"
                     " card) VALUES (?, ?, ?, ?, 'active', ?, ?)",
                     (sign_public, unit_code, recv_public, fingerprint, now, card))
        return True


def revoke_peer_key(store: Store, *, fingerprint: str) -> int:
    """Refuse from now on every bundle signed by the key with ``fingerprint``; returns how many
    keys were revoked (0: no such key)."""
    store.require(Operation.MANAGE_KEYS)
    with store.transaction() as conn:
        return conn.execute("UPDATE sync_peer_keys SET state = 'revoked' WHERE fingerprint = ?",
                            (fingerprint,)).rowcount


def peer_key(store: Store, sign_public: bytes) -> PeerKey | None:
    """The trusted key with this public signing key (in any state), or None."""
    row = store.conn.execute("SELECT unit_code, sign_public, recv_public, fingerprint, state FROM sync_peer_keys "
                             "WHERE sign_public = ?", (sign_public,)).fetchone()
    return PeerKey(*row) if row else None


def active_peer_key(store: Store, unit_code: str) -> PeerKey | None:
    """The key an office uses now (the one to encrypt to), or None."""
    row = store.conn.execute("SELECT unit_code, sign_public, recv_public, fingerprint, state FROM sync_peer_keys "
                             "WHERE unit_code = ? AND state = 'active' ORDER BY trusted_at DESC LIMIT 1",
                             (unit_code,)).fetchone()
    return PeerKey(*row) if row else None


def escrow_recipient(store: Store) -> str | None:
    """The optional escrow (age) recipient every bundle is also encrypted to."""
    return read_if_set(store, ESCROW_RECIPIENT)


def set_escrow_recipient(store: Store, recipient: str | None) -> None:
    """Set (or with None, remove) the escrow recipient; sync/keys.py checks it first."""
    store.require(Operation.ESCROW)
    with store.transaction() as conn:
        if recipient is None:
            forget_setting(conn, ESCROW_RECIPIENT)
        else:
            write_setting(conn, ESCROW_RECIPIENT, recipient)

"""The statements of migration 0010_history (db/migrations.py): the office's history, its
tables and the triggers that note every change.  Released statements are never changed."""

from __future__ import annotations

from ..core.settings import UNIT_CODE


# The office's history (db/history.py, docs/history.md): every change of a record, an account, a
# setting or a key, and every import, backup and restore, as entries chained by their hashes.
# Triggers note each change of the tables below in ``history_pending``, in the statement that
# makes it, so no write can happen without its note; before the transaction commits the program
# turns the notes into entries naming the signed-in account and the reason, and empties the
# table.  Only the columns that say something are noted: a record's sync bookkeeping (origin,
# version, seq, updated_at), an opinion's copy of its meeting's date, a key's sealed secret and a
# peer's counters are not.  Records of another office (a commune's at the upper level, the upper
# level's messages at a commune) are in that office's history, which its bundles carry.
# As migration 0010 released it; what the triggers note now is HISTORY_TRACKED below.
HISTORY_TRACKED_0010: dict[str, tuple[str, tuple[str, ...]]] = {
    # table: (the expression naming the record, the columns noted)
    "meetings": ("id", ("kind", "track", "held_on", "starts_at", "ends_at", "title", "place", "scope", "mode",
                        "chair", "chair_title", "co_chairs", "coordinating", "participants", "announced_on",
                        "minutes", "conclusion", "status")),
    "opinions": ("id", ("meeting_id", "position", "speaker", "address", "phone", "on_behalf_of", "field",
                        "content", "answered", "answer", "outcome")),
    "tasks": ("id", ("meeting_id", "position", "content", "assignee", "deadline", "coordinating", "opinions",
                     "state", "result", "completed_on", "reply_doc")),
    "publications": ("id", ("meeting_id", "position", "method", "published_on", "ends_on", "note")),
    "officials": ("id", ("name", "title", "track", "active")),
    "register_entries": ("id", ("year", "number", "doc_type", "issuer", "sequence_key", "issued_on",
                                "meeting_id", "signer", "summary", "cancelled", "authority", "place",
                                "recipients", "secretary", "fingerprint", "replaces", "superseded_by")),
    "messages": ("id", ("commune", "kind", "opinion_id", "content", "deadline", "issued_on")),
    "settings": ("key", ("value",)),
    "users": ("id", ("login", "full_name", "title", "role", "active", "must_change_password")),
    "sync_keys": ("key_id", ("sign_public", "recv_public", "created_at", "state", "rotation")),
    "sync_peers": ("unit_code", ("name", "role", "enrolled_at", "forked_at")),
    "sync_peer_keys": ("hex({r}.sign_public)", ("unit_code", "recv_public", "fingerprint", "state", "trusted_at")),
}
# What the triggers note now: 0010's columns, and since migration 0012 (db/schema_minutes.py) the
# secretary of a meeting.
HISTORY_TRACKED: dict[str, tuple[str, tuple[str, ...]]] = {
    **HISTORY_TRACKED_0010,
    "meetings": (HISTORY_TRACKED_0010["meetings"][0], (*HISTORY_TRACKED_0010["meetings"][1], "secretary")),
}
_HISTORY_OWN_ORIGIN = ("messages", "meetings", "opinions", "tasks", "publications", "officials", "register_entries",
                       "erasures")
_HISTORY_BLOBS = ("sign_public",)
_UNIT_CODE_SQL = "'" + UNIT_CODE.key + "'"  # the office's own origin, the settings' key as declared


def _value(row: str, column: str) -> str:
    return f"hex({row}.{column})" if column in _HISTORY_BLOBS else f"{row}.{column}"


def _pairs(event: str, columns: list[str]) -> str:
    """The noted columns as canonical JSON (keys sorted, as SQLite writes it): each column's
    [before, after], NULL on the side the event does not have."""
    if not columns:
        return "NULL"
    pair = {"INSERT": "json_array(NULL, {new})", "UPDATE": "json_array({old}, {new})",
            "DELETE": "json_array({old}, NULL)"}[event]
    return "json_object(" + ", ".join(f"'{c}', " + pair.format(old=_value("old", c), new=_value("new", c))
                                      for c in sorted(columns)) + ")"


# What migration 0010 kept apart, as it was released (core/history.py's PERSONAL and HOME have
# grown since: the triggers made from them are migration 0011's).
_PERSONAL_0010: dict[str, frozenset[str]] = {
    "opinions": frozenset({"speaker", "address", "phone", "on_behalf_of", "content", "answer"}),
    "meetings": frozenset({"minutes"}),
    "tasks": frozenset({"content", "result"}),
    "messages": frozenset({"content"}),
}
_HOME_0010 = frozenset({"users", "settings", "sync_keys", "sync_peers", "sync_peer_keys"})


def history_triggers(tracked: dict[str, tuple[str, tuple[str, ...]]], personal: dict[str, frozenset[str]],
                     home: frozenset[str]) -> str:
    """The triggers that note every change of the ``tracked`` tables (shaped as
    :data:`HISTORY_TRACKED`) in ``history_pending``, the columns of ``personal`` and every column
    of the ``home`` tables kept apart."""
    sql = ""
    for table, (name, columns) in tracked.items():
        apart = [c for c in columns if table in home or c in personal.get(table, ())]
        plain = [c for c in columns if c not in apart]
        for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            record = name.format(r=row) if "{r}" in name else f"{row}.{name}"
            meeting = (f"{row}.id" if table == "meetings" else
                       f"{row}.meeting_id" if "meeting_id" in columns else "NULL")
            when = (f"WHEN {row}.origin = (SELECT value FROM settings WHERE key = {_UNIT_CODE_SQL}) "
                    if table in _HISTORY_OWN_ORIGIN else "")
            of = f" OF {', '.join(columns)}" if event == "UPDATE" else ""
            sql += (f"CREATE TRIGGER {table}_history_{event.lower()} AFTER {event}{of} ON {table} {when}BEGIN\n"
                    f"    INSERT INTO history_pending (kind, record, action, meeting, plain, apart) "
                    f"VALUES ('{table}', {record}, '{event.lower()}', {meeting}, {_pairs(event, plain)}, "
                    f"{_pairs(event, apart)});\n"
                    f"END;\n")
    return sql


HISTORY_SCHEMA = """
CREATE TABLE history_pending (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,  -- the table changed, or for an event (import, backup, restore) its kind
    record TEXT NOT NULL,
    action TEXT NOT NULL,  -- insert, update, delete or event
    meeting TEXT,  -- the meeting the record belongs to
    plain TEXT,  -- JSON: {column: [before, after]} of the noted columns the entry holds
    apart TEXT  -- the same of the columns whose values are kept apart (core/history.py, PERSONAL, HOME)
);
-- One office's chain: entry n of an office commits to entry n-1 through its hash,
-- hash = sha256(hash of n-1 || body), body the entry as canonical JSON.  The columns after hash are
-- read from the body, so they cannot say something else.  Entries of communes are kept at the
-- upper level under their origin as they arrived.
CREATE TABLE history (
    origin TEXT NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 1),
    seq INTEGER NOT NULL,  -- the office's change counter, by which a bundle carries the entry
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT GENERATED ALWAYS AS (json_extract(body, '$.at')) VIRTUAL,
    by TEXT GENERATED ALWAYS AS (json_extract(body, '$.by')) VIRTUAL,
    action TEXT GENERATED ALWAYS AS (json_extract(body, '$.action')) VIRTUAL,
    kind TEXT GENERATED ALWAYS AS (json_extract(body, '$.kind')) VIRTUAL,
    record TEXT GENERATED ALWAYS AS (json_extract(body, '$.record')) VIRTUAL,
    meeting TEXT GENERATED ALWAYS AS (json_extract(body, '$.meeting')) VIRTUAL,
    PRIMARY KEY (origin, n)
);
CREATE INDEX history_origin_seq ON history (origin, seq);
CREATE INDEX history_record ON history (record);
CREATE INDEX history_meeting ON history (meeting);
CREATE INDEX history_at ON history (at);
CREATE INDEX history_by_at ON history (by, at);
-- The personal values of an entry (core/history.py, PERSONAL), kept apart so that a person's data
-- can be erased later and the chain still verify: "<salt>:<canonical JSON>", whose SHA-256 the
-- entry holds; erasing replaces the text by "erased", the digest stays.  An entry without
-- personal values has no row here.
CREATE TABLE history_values (
    origin TEXT NOT NULL,
    n INTEGER NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (origin, n)
);
-- Entries that do not continue a commune's chain as the upper level holds it (a rewrite, a fork,
-- a gap), kept as evidence with the bundle that brought them; and per office, how far its chain
-- has been checked.
CREATE TABLE history_forks (
    origin TEXT NOT NULL,
    n INTEGER NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL,
    fields TEXT NOT NULL,
    bundle_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (origin, n, hash)
) WITHOUT ROWID;
CREATE TABLE history_checks (
    origin TEXT PRIMARY KEY,
    checked_through INTEGER NOT NULL DEFAULT 0,
    head_hash TEXT NOT NULL DEFAULT '',
    checked_at TEXT,
    broken_at INTEGER,
    problem TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN
    SELECT RAISE(ABORT, 'history entries are never changed');
END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN
    SELECT RAISE(ABORT, 'history entries are never deleted');
END;
CREATE TRIGGER history_values_no_delete BEFORE DELETE ON history_values BEGIN
    SELECT RAISE(ABORT, 'history values are erased, never deleted');
END;
CREATE TRIGGER history_forks_no_change BEFORE UPDATE ON history_forks BEGIN
    SELECT RAISE(ABORT, 'kept evidence is never changed');
END;
CREATE TRIGGER history_forks_no_delete BEFORE DELETE ON history_forks BEGIN
    SELECT RAISE(ABORT, 'kept evidence is never deleted');
END;
ALTER TABLE sync_bundles_out ADD COLUMN history_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_bundles_out ADD COLUMN history_hash TEXT NOT NULL DEFAULT '';
""" + history_triggers(HISTORY_TRACKED_0010, _PERSONAL_0010, _HOME_0010)

"""The statements of each migration of the schema (db/migrations.py numbers them): the tables,
their indexes and triggers, and the search index.  A released migration's statements are never
changed; its SQL comments, which say what a column holds, may be."""

from __future__ import annotations


# Words indexed for each field code besides the opinion's own text, so that "dat dai" finds an
# opinion filed under Land even when its text never says so.  Changing these words requires a
# migration that rebuilds opinions_fts, because the contentless index deletes by re-folding.
FIELD_SEARCH_WORDS = {
    "land": "Đất đai Land",
    "compensation": "Bồi thường, giải phóng mặt bằng Compensation site clearance",
    "construction": "Xây dựng, đô thị Construction urban order",
    "transport": "Giao thông Transport",
    "environment": "Môi trường Environment",
    "security": "An ninh, trật tự Security public order",
    "social_policy": "Chính sách xã hội Social policy",
    "health": "Y tế Health",
    "education": "Giáo dục Education",
    "economy": "Kinh tế, nông nghiệp Economy agriculture",
    "admin_procedures": "Thủ tục hành chính Administrative procedures",
    "party_government": "Xây dựng Đảng, chính quyền Party government building",
    "other": "Khác Other",
}

_SYNC_COLUMNS = """
    id TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
"""

CORE_SCHEMA = f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE origins (
    origin TEXT PRIMARY KEY,
    counter INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE meetings (
    {_SYNC_COLUMNS}
    kind TEXT NOT NULL,
    track TEXT NOT NULL,
    held_on TEXT NOT NULL,
    starts_at TEXT NOT NULL DEFAULT '',
    ends_at TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    place TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '[]',
    mode TEXT NOT NULL DEFAULT 'in_person',
    chair TEXT NOT NULL,
    chair_title TEXT NOT NULL,
    co_chairs TEXT NOT NULL DEFAULT '[]',
    coordinating TEXT NOT NULL DEFAULT '',
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    announced_on TEXT,
    minutes TEXT NOT NULL DEFAULT '',
    conclusion TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL
);
CREATE INDEX meetings_held_on ON meetings (held_on);
CREATE INDEX meetings_origin_seq ON meetings (origin, seq);

CREATE TABLE opinions (
    {_SYNC_COLUMNS}
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    held_on TEXT NOT NULL,  -- the meeting's date, copied here for the lists' indexes
    speaker TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',  -- the hamlet or residential group
    phone TEXT NOT NULL DEFAULT '',  -- personal data: never in a report
    on_behalf_of TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL,
    content TEXT NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    answer TEXT NOT NULL DEFAULT '',
    outcome TEXT,  -- NULL until it is decided
    UNIQUE (meeting_id, position)
);
CREATE INDEX opinions_held_on ON opinions (held_on);
CREATE INDEX opinions_field_held_on ON opinions (field, held_on);
CREATE INDEX opinions_address ON opinions (address);
CREATE INDEX opinions_origin_seq ON opinions (origin, seq);

CREATE TABLE tasks (
    {_SYNC_COLUMNS}
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    content TEXT NOT NULL,
    assignee TEXT NOT NULL,  -- the responsible unit or official
    deadline TEXT,
    coordinating TEXT NOT NULL DEFAULT '',
    opinions TEXT NOT NULL DEFAULT '[]',  -- JSON: the numbers of the opinions the task answers
    state TEXT NOT NULL DEFAULT 'open',  -- open, done or dropped; the progress shown is derived
    result TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    reply_doc TEXT NOT NULL DEFAULT '',  -- the number of the document that answered the citizens
    UNIQUE (meeting_id, position)
);
CREATE INDEX tasks_deadline ON tasks (state, deadline);
CREATE INDEX tasks_assignee ON tasks (assignee);
CREATE INDEX tasks_origin_seq ON tasks (origin, seq);

CREATE TABLE publications (
    {_SYNC_COLUMNS}
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    method TEXT NOT NULL,  -- how the notice was made public (core.catalog.PUBLICATION_METHODS)
    published_on TEXT NOT NULL,
    ends_on TEXT,  -- the last day it stays posted
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, position)
);

CREATE TABLE officials (
    {_SYNC_COLUMNS}
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    track TEXT NOT NULL DEFAULT 'state',
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE register_entries (
    {_SYNC_COLUMNS}
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    doc_type TEXT NOT NULL,
    issuer TEXT NOT NULL,
    sequence_key TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    meeting_id TEXT REFERENCES meetings (id) ON DELETE RESTRICT,
    signer TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    cancelled INTEGER NOT NULL DEFAULT 0,
    UNIQUE (origin, issuer, year, sequence_key, number)
);

CREATE TABLE tombstones (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    deleted_at TEXT NOT NULL
);
CREATE INDEX tombstones_origin_seq ON tombstones (origin, seq);

-- Opinions carry their meeting's date so that period filters and sorting on a million rows use
-- one index; this keeps the copy right.
CREATE TRIGGER meetings_held_on_to_opinions AFTER UPDATE OF held_on ON meetings BEGIN
    UPDATE opinions SET held_on = new.held_on WHERE meeting_id = new.id;
END;
"""

_MEETING_TEXT = "{r}.title, {r}.place, {r}.chair, {r}.chair_title, {r}.coordinating, {r}.scope, {r}.minutes, {r}.conclusion"
_OPINION_TEXT = "{r}.speaker, {r}.address, {r}.on_behalf_of, qcdc_field_words({r}.field), {r}.content, {r}.answer"
_TASK_TEXT = "{r}.content, {r}.assignee, {r}.coordinating, {r}.result, {r}.reply_doc"
#: What each search index holds of a record, folded by ``qcdc_fold`` (``{r}``: the row's name).
SEARCH_TEXT = {"meetings": _MEETING_TEXT, "opinions": _OPINION_TEXT, "tasks": _TASK_TEXT}


def _fts(table: str, text: str, prefix: str = "2 3", update_of: str = "") -> str:
    new, old = text.format(r="new"), text.format(r="old")
    of = f" OF {update_of}" if update_of else ""
    return f"""
CREATE VIRTUAL TABLE {table}_fts USING fts5 (body, content='', prefix='{prefix}', tokenize='unicode61');
INSERT INTO {table}_fts (rowid, body) SELECT rowid, qcdc_fold({text.format(r=table)}) FROM {table};
CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
    INSERT INTO {table}_fts (rowid, body) VALUES (new.rowid, qcdc_fold({new}));
END;
CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
    INSERT INTO {table}_fts ({table}_fts, rowid, body) VALUES ('delete', old.rowid, qcdc_fold({old}));
END;
CREATE TRIGGER {table}_fts_update AFTER UPDATE{of} ON {table} BEGIN
    INSERT INTO {table}_fts ({table}_fts, rowid, body) VALUES ('delete', old.rowid, qcdc_fold({old}));
    INSERT INTO {table}_fts (rowid, body) VALUES (new.rowid, qcdc_fold({new}));
END;
"""


SEARCH_SCHEMA = _fts("meetings", _MEETING_TEXT) + _fts("opinions", _OPINION_TEXT) + _fts("tasks", _TASK_TEXT)


def _columns(text: str) -> str:
    return ", ".join(part.strip().removeprefix("{r}.").removeprefix("qcdc_field_words({r}.").rstrip(")")
                     for part in text.split(","))


def _rebuilt_search(prefix: str) -> str:
    """Drop and rebuild the three search indexes.  The update triggers fire only when an indexed
    column changes: renumbering positions or copying a meeting's date no longer rewrites the index."""
    sql = ""
    for table, text in (("meetings", _MEETING_TEXT), ("opinions", _OPINION_TEXT), ("tasks", _TASK_TEXT)):
        sql += "".join(f"DROP TRIGGER {table}_fts_{what};\n" for what in ("insert", "delete", "update"))
        sql += f"DROP TABLE {table}_fts;\n"
        sql += _fts(table, text, prefix=prefix, update_of=_columns(text))
    return sql


# 4-letter prefixes: "thon" as typed matched 868k opinions through the 3-letter index and took
# 55 ms on a million opinions; with its own prefix index it takes 0.2 ms (bench/search.py).
SEARCH_PREFIX_4_SCHEMA = _rebuilt_search("2 3 4")


# Unsaved work of the entry form, saved as the clerk types so a power cut loses at most the field
# being typed.  Local to this computer: never synced.
DRAFTS_SCHEMA = """
CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    meeting_id TEXT,
    payload TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


# Indexes the record lists walk (db/lists.py): opinions of one hamlet newest first (and the
# hamlet order), tasks by deadline, tasks of one responsible unit by deadline.  Each two-column
# index makes the one-column index it starts with redundant; dropping those spares every import
# of a million opinions the upkeep of both.
LIST_INDEXES_SCHEMA = """
CREATE INDEX opinions_address_held_on ON opinions (address, held_on);
DROP INDEX opinions_address;
CREATE INDEX tasks_due ON tasks (deadline);
CREATE INDEX tasks_assignee_deadline ON tasks (assignee, deadline);
DROP INDEX tasks_assignee;
"""


# The follow-up's meeting sections without reading every meeting: by state and date (the id
# beside them, so the late-publication check reads only this index), and each meeting's first
# publication from an index of its own.
FOLLOWUP_INDEXES_SCHEMA = """
CREATE INDEX meetings_status_held_on ON meetings (status, held_on, id);
CREATE INDEX publications_meeting_published ON publications (meeting_id, published_on);
"""


# At the upper level the lists filter and sort by commune (db/list_specs.py): a commune's records
# newest first, walked from these indexes instead of read whole and sorted (50,000 opinions of one
# commune in a million), and the communes with records found one seek each.  The (origin, seq)
# indexes stay: sync reads an office's changes by seq.
COMMUNE_LISTS_SCHEMA = """
CREATE INDEX meetings_origin_held_on ON meetings (origin, held_on);
CREATE INDEX opinions_origin_held_on ON opinions (origin, held_on);
CREATE INDEX tasks_origin_deadline ON tasks (origin, deadline);
"""


# What a printed document needs besides the meeting, fixed with its number so that printing it
# again gives the same paper (db/register.py); corrections link the old and the new entry.  The
# index finds a meeting's documents.
REGISTER_DETAILS_SCHEMA = """
ALTER TABLE register_entries ADD COLUMN authority TEXT NOT NULL DEFAULT '';
ALTER TABLE register_entries ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE register_entries ADD COLUMN recipients TEXT NOT NULL DEFAULT '[]';
ALTER TABLE register_entries ADD COLUMN secretary TEXT NOT NULL DEFAULT '';
ALTER TABLE register_entries ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE register_entries ADD COLUMN replaces TEXT;
ALTER TABLE register_entries ADD COLUMN superseded_by TEXT;
CREATE INDEX register_entries_meeting ON register_entries (meeting_id, doc_type);
"""


# Who changed a task's follow-up (state, result, completion date, reply document) and when.
# Domain data that travels upward: the record columns of every synced table; entries are never
# edited.  No foreign key: the trail outlives a deleted task, as tombstones do.
TASK_HISTORY_SCHEMA = f"""
CREATE TABLE task_history (
    {_SYNC_COLUMNS}
    task_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL DEFAULT '',
    state_before TEXT NOT NULL,
    state TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    reply_doc TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_history_task ON task_history (task_id, changed_at);
CREATE INDEX task_history_origin_seq ON task_history (origin, seq);
"""


# Sync over USB (docs/bundle-format.md, db/sync_store.py).  This office's key pairs, sealed with a
# key kept outside the data file so that a copied file or backup carries no usable private key;
# the offices it trusts and their keys; per peer the bundle numbers and the checkpoints ("what the
# peer confirmed of mine", "how much of the peer's I applied"); the bundles seen, both ways; same-
# version conflicts kept aside; and the replies and directives the upper level sends down.
SYNC_SCHEMA = f"""
CREATE TABLE sync_keys (
    key_id TEXT PRIMARY KEY,
    sign_public BLOB NOT NULL UNIQUE,
    recv_public TEXT NOT NULL,
    sealed BLOB NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'retired', 'revoked')),
    rotation TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sync_peers (
    unit_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('commune', 'upper')),
    enrolled_at TEXT NOT NULL,
    sent_number INTEGER NOT NULL DEFAULT 0,
    confirmed INTEGER NOT NULL DEFAULT 0,
    receipt_number INTEGER NOT NULL DEFAULT 0,
    applied_through INTEGER NOT NULL DEFAULT 0,
    receipt_due INTEGER NOT NULL DEFAULT 0,
    forked_at TEXT
);
CREATE TABLE sync_peer_keys (
    sign_public BLOB PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES sync_peers (unit_code),
    recv_public TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'retired', 'revoked')),
    trusted_at TEXT NOT NULL,
    card TEXT NOT NULL
);
CREATE INDEX sync_peer_keys_unit ON sync_peer_keys (unit_code);
CREATE TABLE sync_bundles_in (
    bundle_id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    number INTEGER NOT NULL,
    base INTEGER NOT NULL,
    upto INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{{}}',
    digest TEXT NOT NULL
);
CREATE INDEX sync_bundles_in_origin ON sync_bundles_in (origin, number);
CREATE TABLE sync_bundles_out (
    bundle_id TEXT PRIMARY KEY,
    destination TEXT NOT NULL,
    number INTEGER NOT NULL,
    base INTEGER NOT NULL,
    upto INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{{}}',
    digest TEXT NOT NULL
);
CREATE TABLE sync_conflicts (
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    version INTEGER NOT NULL,
    bundle_id TEXT NOT NULL,
    incoming TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (id, version, bundle_id)
);
CREATE TABLE messages (
    {_SYNC_COLUMNS}
    commune TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reply', 'directive')),
    opinion_id TEXT,
    content TEXT NOT NULL,
    deadline TEXT,
    issued_on TEXT NOT NULL
);
CREATE INDEX messages_opinion ON messages (opinion_id);
CREATE INDEX messages_commune_seq ON messages (commune, origin, seq);
"""


# The office's accounts (db/users.py): who may sign in, with which role.  Local to the office:
# never carried by a bundle (db/sync_apply.py names the kinds a bundle carries).  No password and no
# key here: each account's wrapping of the file key is slot "user:<login>" of the key-slot file
# beside the data file.  A login follows the login rules (core/passwords.py): lower-case letters
# without diacritics, digits, dots, dashes and underscores, starting with a letter, so it is its
# own folded form and UNIQUE compares logins as the rules do.  Accounts are never deleted.
USERS_SCHEMA = """
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 3 AND 32 AND login GLOB '[a-z]*'
                                      AND login NOT GLOB '*[^a-z0-9._-]*'),
    full_name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'clerk', 'viewer')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at TEXT NOT NULL,
    last_sign_in_at TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    last_failure_at TEXT
);
"""

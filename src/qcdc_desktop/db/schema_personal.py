"""The statements of migration 0011_personal_data (db/migrations.py): citizens' personal data
under Law 91/2025 — the erasures of a person's data, which travel to the upper level, and the
office's register of requests from citizens about their data.  Released statements are never
changed."""

from __future__ import annotations

from ..core.history import HOME, PERSONAL
from .schema_history import HISTORY_TRACKED_0010, history_triggers

# Both tables are in the office's history like every other record: an erasure's facts (no
# personal value: which records, which entries), a request's every field kept apart and at home
# (core/history.py, HOME).
PERSONAL_TRACKED: dict[str, tuple[str, tuple[str, ...]]] = {
    "erasures": ("id", ("erased_on", "cause", "records", "entries")),
    "person_requests": ("id", ("received_on", "requester", "subject_name", "subject_phone", "kind", "details",
                               "answered_on", "answered_by", "outcome", "erasure_id")),
}

# Free texts whose values migration 0010 wrote in the entry itself, kept apart from now on (so that
# a name written in them can be erased): a meeting's conclusion, a publication's note, a
# document's summary.  Their triggers are made again.
_KEPT_APART_NOW = ("meetings", "publications", "register_entries")

PERSONAL_SCHEMA = """
-- An erasure of a person's data (db/personal.py): the records whose personal values it replaced
-- by the marker, and the history entries whose kept values it erased, as JSON lists of ids and
-- of [origin, n].  It names no person.  It travels in bundles like a record: the upper level
-- erases the same entries' values and its own replies to the opinions named.
CREATE TABLE erasures (
    id TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    erased_on TEXT NOT NULL,
    cause TEXT NOT NULL CHECK (cause IN ('request', 'decision', 'retention')),
    records TEXT NOT NULL DEFAULT '[]',
    entries TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX erasures_origin_seq ON erasures (origin, seq);
-- Requests from citizens about their data (yêu cầu của chủ thể dữ liệu): who asked, about whom,
-- what, when it came and when it was answered, by whom.  Never leaves the office.
CREATE TABLE person_requests (
    id TEXT PRIMARY KEY,
    received_on TEXT NOT NULL,
    requester TEXT NOT NULL,
    subject_name TEXT NOT NULL DEFAULT '',
    subject_phone TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('access', 'correction', 'erasure', 'restriction', 'objection')),
    details TEXT NOT NULL DEFAULT '',
    answered_on TEXT,
    answered_by TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    erasure_id TEXT
);
CREATE INDEX person_requests_received ON person_requests (answered_on, received_on);
""" + history_triggers(PERSONAL_TRACKED, PERSONAL, HOME) + "".join(
    f"DROP TRIGGER {table}_history_{event};\n" for table in _KEPT_APART_NOW for event in ("insert", "update", "delete")
) + history_triggers({table: HISTORY_TRACKED_0010[table] for table in _KEPT_APART_NOW}, PERSONAL, HOME)

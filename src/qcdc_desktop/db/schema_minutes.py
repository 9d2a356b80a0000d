"""The statements of migration 0012_meeting_secretary (db/migrations.py): who kept the minutes of a
meeting (thư ký), printed in the minutes and signing them beside the chair.  Released statements
are never changed."""

from __future__ import annotations

from ..core.history import HOME, PERSONAL
from .schema_history import HISTORY_TRACKED, history_triggers

# The meeting's history triggers are made again so that the history notes the new column with the
# others (db/schema_history.HISTORY_TRACKED).
MINUTES_SCHEMA = """
ALTER TABLE meetings ADD COLUMN secretary TEXT NOT NULL DEFAULT '';
""" + "".join(f"DROP TRIGGER meetings_history_{event};\n" for event in ("insert", "update", "delete")) + \
    history_triggers({"meetings": HISTORY_TRACKED["meetings"]}, PERSONAL, HOME)

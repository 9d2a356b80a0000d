"""The statements of migration 0016_publication_watch (db/migrations.py).  Released statements
are never changed.

The Follow-up's section «results not published in time» lists the meetings held that have no
publication within 10 days of the meeting (core.followup.PUBLISH_DAYS_AFTER; a test keeps the
two equal).  Found by looking at every held meeting's first publication, it cost 1.2 s of the
start-up at ten million opinions (530,000 meetings), for a few thousand rows.  The table
``publication_watch`` holds exactly the meetings past «planned» with no publication within the
delay — those late, and those whose delay is still running — with their first publication if
any; triggers on meetings and publications keep it so in the transaction of every write, however
the write comes (a form, an import, a bundle, an erasure, a migration), so the section reads the
rows it shows.  Derived data: it has no history and no sync of its own.
"""

from __future__ import annotations

_STATES = "('held', 'concluded', 'notice_issued', 'published')"


def _watch(meeting: str) -> str:
    """The statements that put one meeting's row in the watch right (``meeting``: an SQL
    expression naming its id inside a trigger)."""
    return f"""
    DELETE FROM publication_watch WHERE meeting_id = {meeting};
    INSERT INTO publication_watch (meeting_id, origin, held_on, first)
    SELECT m.id, m.origin, m.held_on,
           (SELECT min(p.published_on) FROM publications p WHERE p.meeting_id = m.id)
    FROM meetings m
    WHERE m.id = {meeting} AND m.status IN {_STATES}
      AND NOT EXISTS (SELECT 1 FROM publications p
                      WHERE p.meeting_id = m.id AND p.published_on <= date(m.held_on, '+10 days'));"""


PUBLICATION_WATCH_SCHEMA = f"""
CREATE TABLE publication_watch (
    meeting_id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    held_on TEXT NOT NULL,
    first TEXT  -- the first publication, later than the delay; NULL while there is none
) WITHOUT ROWID;
CREATE INDEX publication_watch_held_on ON publication_watch (held_on, meeting_id);
CREATE INDEX publication_watch_origin ON publication_watch (origin, held_on);

INSERT INTO publication_watch (meeting_id, origin, held_on, first)
SELECT id, origin, held_on, first FROM (
    SELECT m.id, m.origin, m.held_on,
           (SELECT min(p.published_on) FROM publications p WHERE p.meeting_id = m.id) AS first
    FROM meetings m WHERE m.status IN {_STATES})
WHERE first IS NULL OR first > date(held_on, '+10 days');

CREATE TRIGGER publication_watch_meeting_added AFTER INSERT ON meetings BEGIN{_watch("NEW.id")}
END;
CREATE TRIGGER publication_watch_meeting_changed AFTER UPDATE OF id, status, held_on, origin ON meetings BEGIN
    DELETE FROM publication_watch WHERE meeting_id = OLD.id;{_watch("NEW.id")}
END;
CREATE TRIGGER publication_watch_meeting_deleted AFTER DELETE ON meetings BEGIN
    DELETE FROM publication_watch WHERE meeting_id = OLD.id;
END;
CREATE TRIGGER publication_watch_published AFTER INSERT ON publications BEGIN{_watch("NEW.meeting_id")}
END;
CREATE TRIGGER publication_watch_publication_changed AFTER UPDATE OF meeting_id, published_on ON publications BEGIN{_watch("OLD.meeting_id")}{_watch("NEW.meeting_id")}
END;
CREATE TRIGGER publication_watch_unpublished AFTER DELETE ON publications BEGIN{_watch("OLD.meeting_id")}
END;
"""

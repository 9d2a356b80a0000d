"""The meetings whose results were not published in time, kept by triggers (migration 0016,
db/schema_followup.py) instead of found by looking at every held meeting at each reading.

Whatever writes the meetings and their publications — inserts, moves, changed dates and states,
deletions and the cascades they bring — the table holds exactly what the definition the
Follow-up used before says, checked here against that definition written as its own query."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from conftest import TODAY, minimal_meeting
from qcdc_desktop.core import catalog
from qcdc_desktop.core.filekey import new_file_key
from qcdc_desktop.core.followup import PUBLISH_DAYS_AFTER
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import create_store, open_store
from qcdc_desktop.db.followup import follow_up
from qcdc_desktop.db.meetings import insert_meetings
from qcdc_desktop.db.migrations import LATEST, _script
from qcdc_desktop.db.schema import CORE_SCHEMA, FOLLOWUP_INDEXES_SCHEMA
from qcdc_desktop.db.schema_followup import PUBLICATION_WATCH_SCHEMA
from qcdc_desktop.db.setup import resolve_unit
from qcdc_desktop.db.units import set_unit

# The definition, as the Follow-up's query said it before the table: every meeting past planned
# (and not cancelled) whose first publication is later than the delay, or that has none.
_DEFINITION = f"""
SELECT id, origin, held_on, first FROM (
    SELECT m.id, m.origin, m.held_on,
           (SELECT min(p.published_on) FROM publications p WHERE p.meeting_id = m.id) AS first
    FROM meetings m WHERE m.status IN ('held', 'concluded', 'notice_issued', 'published'))
WHERE first IS NULL OR first > date(held_on, '+{PUBLISH_DAYS_AFTER} days')
ORDER BY id"""

_WATCHED = "SELECT meeting_id, origin, held_on, first FROM publication_watch ORDER BY meeting_id"


def _bare() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for schema in (CORE_SCHEMA, FOLLOWUP_INDEXES_SCHEMA, PUBLICATION_WATCH_SCHEMA):
        _script(schema)(conn)
    return conn


def _day(n: int) -> str:
    return (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat()


_MEETINGS = ["M0", "M1", "M2"]
_STATES = st.sampled_from(catalog.MEETING_STATUSES.codes())
_OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("meeting"), st.sampled_from(_MEETINGS), _STATES, st.integers(0, 40)),
    st.tuples(st.just("state"), st.sampled_from(_MEETINGS), _STATES),
    st.tuples(st.just("held"), st.sampled_from(_MEETINGS), st.integers(0, 40)),
    st.tuples(st.just("drop"), st.sampled_from(_MEETINGS)),
    st.tuples(st.just("publish"), st.sampled_from(_MEETINGS), st.integers(0, 60)),
    st.tuples(st.just("redate"), st.integers(0, 9), st.integers(0, 60)),
    st.tuples(st.just("move"), st.integers(0, 9), st.sampled_from(_MEETINGS)),
    st.tuples(st.just("unpublish"), st.integers(0, 9)),
), max_size=40)


def _apply(conn: sqlite3.Connection, op: tuple, counter: list[int]) -> None:
    kind, *args = op
    publications = [r[0] for r in conn.execute("SELECT id FROM publications ORDER BY id")]
    exists = {r[0] for r in conn.execute("SELECT id FROM meetings")}
    if kind == "meeting" and args[0] not in exists:
        conn.execute("INSERT INTO meetings (id, origin, seq, updated_at, kind, track, title, held_on, place, chair, "
                     "chair_title, status) "
                     "VALUES (?, '00004', 1, 'x', 'dialogue', 'state', 't', ?, 'p', 'c', 'ct', ?)", (args[0], _day(args[2]), args[1]))
    elif kind == "state":
        conn.execute("UPDATE meetings SET status = ? WHERE id = ?", (args[1], args[0]))
    elif kind == "held":
        conn.execute("UPDATE meetings SET held_on = ? WHERE id = ?", (_day(args[1]), args[0]))
    elif kind == "drop":
        conn.execute("DELETE FROM meetings WHERE id = ?", (args[0],))
    elif kind == "publish" and args[0] in exists:
        counter[0] += 1
        conn.execute("INSERT INTO publications (id, origin, seq, updated_at, meeting_id, position, method, "
                     "published_on) VALUES (?, '00004', 1, 'x', ?, ?, 'loa', ?)",
                     (f"P{counter[0]:03d}", args[0], counter[0], _day(args[1])))
    elif kind == "redate" and publications:
        conn.execute("UPDATE publications SET published_on = ? WHERE id = ?",
                     (_day(args[1]), publications[args[0] % len(publications)]))
    elif kind == "move" and publications and args[1] in exists:
        conn.execute("UPDATE publications SET meeting_id = ? WHERE id = ?",
                     (args[1], publications[args[0] % len(publications)]))
    elif kind == "unpublish" and publications:
        conn.execute("DELETE FROM publications WHERE id = ?", (publications[args[0] % len(publications)],))


def test_the_migration_keeps_the_same_delay_as_the_follow_up() -> None:
    assert f"'+{PUBLISH_DAYS_AFTER} days'" in PUBLICATION_WATCH_SCHEMA
    assert PUBLICATION_WATCH_SCHEMA.count("'+") == PUBLICATION_WATCH_SCHEMA.count(f"'+{PUBLISH_DAYS_AFTER} days'")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_OPERATIONS)
@example([("meeting", "M0", "held", 0), ("meeting", "M1", "held", 0), ("publish", "M0", 3), ("move", 0, "M1")])
@example([("meeting", "M0", "published", 0), ("publish", "M0", 3), ("unpublish", 0), ("held", "M0", 30)])
def test_the_watch_holds_what_the_definition_says_after_any_writes(operations: list[tuple]) -> None:
    conn = _bare()
    counter = [0]
    for op in operations:
        _apply(conn, op, counter)
        assert conn.execute(_WATCHED).fetchall() == conn.execute(_DEFINITION).fetchall(), op


def test_a_file_of_the_version_before_fills_the_watch_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    late = minimal_meeting(title="Công bố muộn", held_on="2024-03-01")
    late["publications"] = [{"method": "loudspeaker", "published_on": "2024-03-25"}]
    on_time = minimal_meeting(title="Công bố đúng hạn", held_on="2024-03-01")
    on_time["publications"] = [{"method": "loudspeaker", "published_on": "2024-03-05"}]
    never = minimal_meeting(title="Chưa công bố", held_on="2024-04-01")
    with create_store(path, new_file_key(), upto=LATEST - 1) as old:
        set_unit(old, resolve_unit("00004", "commune"))
        with old.transaction() as conn:
            insert_meetings(conn, parse_meetings([late, on_time, never], today=TODAY), origin="00004",
                            make_id=IdMaker("00004"))
    with open_store(path) as upgraded:
        watched = upgraded.conn.execute(_WATCHED).fetchall()
        assert watched == upgraded.conn.execute(_DEFINITION).fetchall() and len(watched) == 2
        f = follow_up(upgraded, today=TODAY)
        assert [(m.title, m.date) for m in f.unpublished] == [("Công bố muộn", dt.date(2024, 3, 25)),
                                                            ("Chưa công bố", None)]
        assert f.unpublished_count == 2

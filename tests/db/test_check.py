"""db/check.py: a sound file has no problems; each kind of damage the check knows is reported."""

from __future__ import annotations

from pathlib import Path

import pytest


from conftest import raw_connection, add_to, full_meeting, minimal_meeting
from qcdc_desktop.core.errors import DatabaseDamaged
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.connection import Store, open_store


def test_a_sound_file_has_no_problems(store: Store) -> None:
    assert check_store(store) == []
    add_to(store, full_meeting(), minimal_meeting())
    assert check_store(store) == []


def _break(store: Store, *statements: str) -> None:
    store.conn.execute("PRAGMA foreign_keys = OFF")
    with store.transaction() as conn:
        for sql in statements:
            conn.execute(sql)
    store.conn.execute("PRAGMA foreign_keys = ON")


@pytest.mark.parametrize(("statements", "words"), [
    (["UPDATE opinions SET field = 'farming' WHERE position = 1"], "unknown field code"),
    (["UPDATE meetings SET kind = 'party'"], "unknown kind code"),
    (["UPDATE meetings SET status = 'closed'"], "unknown status code"),
    (["UPDATE tasks SET state = 'finished'"], "unknown state code"),
    (["UPDATE opinions SET held_on = '2020-01-01' WHERE position = 2"], "date different from their meeting"),
    (["UPDATE opinions SET meeting_id = 'gone' WHERE position = 2"], "points to a missing meetings record"),
    (["DROP TRIGGER opinions_fts_insert",
      "INSERT INTO opinions (id, origin, seq, updated_at, meeting_id, position, held_on, speaker, field, content)"
      " SELECT 'extra', origin, seq, updated_at, meeting_id, 99, held_on, 'A', 'land', 'x' FROM opinions LIMIT 1"],
     "search index of opinions is out of step"),
])
def test_each_broken_invariant_is_reported(store: Store, english: None, statements: list[str], words: str) -> None:
    add_to(store, full_meeting())
    assert check_store(store) == []
    _break(store, *statements)
    problems = check_store(store)
    assert words in problems[0], problems
    # A record that breaks the domain rules is also named, with the way to repair it; nothing else.
    assert all(p.startswith("the record ") or "qcdc repair" in p for p in problems[1:]), problems


def _corrupt_a_page_in_the_middle(path: Path) -> int:
    """Overwrite, with garbage, the page in the middle of the file (with many opinions, one of their
    pages or of their search index); return its number."""
    conn = raw_connection(path)
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    assert pages >= 20, "the file must span many pages for the test to mean something"
    page = pages // 2
    with path.open("r+b") as fh:
        fh.seek((page - 1) * page_size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))
    return page


def test_a_corrupted_page_is_damage_for_open_and_for_check(store: Store, english: None) -> None:
    add_to(store, *[full_meeting() for _ in range(150)])
    path = store.path
    store.close()
    _corrupt_a_page_in_the_middle(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged):
        open_store(path)
    # The check command opens without the quick check and must still say the file is damaged.
    # (SQLCipher reports a page whose HMAC fails in the integrity check's own report.)
    with open_store(path, check=False) as opened:
        problems = check_store(opened)
    assert problems and all(p.startswith("SQLite integrity: ") for p in problems), problems
    assert any("error code 11" in p for p in problems), problems  # SQLITE_CORRUPT: the page does not read
    assert path.read_bytes() == before


@pytest.mark.parametrize(("statements", "expected"), [
    (["DROP INDEX tombstones_origin_seq"], "The table tombstones has no index tombstones_origin_seq."),
    (["ALTER TABLE register_entries DROP COLUMN updated_at"], "The table register_entries has no column updated_at."),
    (["DROP TABLE drafts"], "The data file has no table drafts."),
])
def test_a_table_column_or_index_of_the_schema_that_is_missing_is_reported(
        store: Store, english: None, statements: list[str], expected: str) -> None:
    add_to(store, full_meeting())
    _break(store, *statements)
    assert check_store(store)[0] == expected


def test_a_missing_table_or_column_stops_the_check_a_missing_index_does_not(store: Store, english: None) -> None:
    add_to(store, full_meeting())
    _break(store, "DROP INDEX tombstones_origin_seq", "UPDATE meetings SET kind = 'party'")
    problems = check_store(store)
    assert problems[:2] == ["The table tombstones has no index tombstones_origin_seq.",
                            "1 meetings records have an unknown kind code."]
    assert problems[2].startswith("the record ") and "qcdc repair" in problems[3]
    _break(store, "ALTER TABLE register_entries DROP COLUMN updated_at")
    assert check_store(store) == ["The table register_entries has no column updated_at.",
                                  "The table tombstones has no index tombstones_origin_seq."]

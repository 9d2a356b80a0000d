"""The columns a bundle carries, and their types, come from the schema: they are what
docs/bundle-format.md says, and a column a migration adds to a synced table is carried too."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from qcdc_desktop.db.functions import schema_database
from qcdc_desktop.db.sync_apply import KINDS, record_columns

DOC = (ROOT / "docs" / "bundle-format.md").read_text(encoding="utf-8")


def _documented() -> dict[str, list[tuple[str, str]]]:
    """The table "Records, schema 1" of the bundle format: kind -> [(column, type)], in order."""
    section = DOC.split("## Records, schema 1", 1)[1].split("\n## ", 1)[0]
    kinds = {}
    for kind, cell in re.findall(r"^\| `(\w+)` \| (.+) \|$", section, re.M):
        cell = re.sub(r" \((?!int\))[^)]*\)", "", cell)  # "(a kind of this table …)": a remark, not a column
        kinds[kind] = [(name, ("int" if is_int else "str") + nullable)
                       for name, is_int, nullable in re.findall(r"`(\w+)`( \(int\))?(\??)", cell)]
    return kinds


def test_the_carried_columns_are_the_documented_ones_in_the_documented_order() -> None:
    documented = _documented()
    assert list(documented) == list(KINDS)  # the order of the kinds is the order of a bundle
    for kind, columns in KINDS.items():
        assert list(columns) == documented[kind], kind


def test_the_documented_table_is_read_as_written() -> None:
    documented = _documented()
    assert documented["tombstones"][:2] == [("id", "str"), ("kind", "str")]
    assert ("participants", "int") in documented["meetings"] and ("announced_on", "str?") in documented["meetings"]
    assert len(documented) == 10


def test_a_primary_key_is_never_null_though_sqlite_would_store_one() -> None:
    conn = schema_database()
    try:
        nullable = [row[1] for row in conn.execute("PRAGMA table_info(tombstones)") if not row[3]]
    finally:
        conn.close()
    assert nullable == ["id"]  # "id TEXT PRIMARY KEY", without NOT NULL
    assert KINDS["tombstones"][0] == ("id", "str")


def test_a_column_added_to_the_schema_is_carried_with_its_type() -> None:
    conn = schema_database()
    try:
        conn.execute("ALTER TABLE meetings ADD COLUMN venue_note TEXT")
        conn.execute("ALTER TABLE officials ADD COLUMN rank INTEGER NOT NULL DEFAULT 0")
        columns = record_columns(conn, ("meetings", "officials", "opinions"))
    finally:
        conn.close()
    assert columns["meetings"] == (*KINDS["meetings"], ("venue_note", "str?"))
    assert columns["officials"] == (*KINDS["officials"], ("rank", "int"))
    assert columns["opinions"] == KINDS["opinions"]


def test_a_column_of_a_type_a_bundle_cannot_carry_is_refused() -> None:
    conn = schema_database()
    try:
        conn.execute("ALTER TABLE tasks ADD COLUMN weight REAL")
        with pytest.raises(TypeError, match="tasks.weight"):
            record_columns(conn, ("tasks",))
    finally:
        conn.close()

"""A meeting's secretary travels from schema 4 on (docs/bundle-format.md, "Versions"): a commune
writes schema 4 only when a meeting it sends has a secretary, so that an upper level not yet
updated reads the others; a bundle of an earlier schema, whose meetings have no secretary, still
imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcdc_desktop.db.edit import save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.sync.format import HISTORY_SCHEMA, SECRETARY_SCHEMA, read_head
from sync_offices import add, enrol, export, imported, line, office, outcomes, rows_of, send_as


def _schema(path: Path) -> int:
    with path.open("rb") as fh:
        return int(read_head(fh, path.stat().st_size, lambda signer: None).header["schema"])


def _secretary(store, meeting_id: str) -> str:
    return store.conn.execute("SELECT secretary FROM meetings WHERE id = ?", (meeting_id,)).fetchone()[0]


@pytest.fixture
def province(tmp_path: Path):
    upper = office(tmp_path / "upper", "01", "upper")
    commune = office(tmp_path / "00004", "00004")
    enrol(commune, upper)
    yield upper, commune
    for store in (upper, commune):
        store.close()


def test_the_secretary_travels_in_schema_4_and_only_when_a_meeting_has_one(province, tmp_path: Path) -> None:
    upper, commune = province
    meeting_id = add(commune)
    first = export(commune, tmp_path / "first")
    assert _schema(first) == HISTORY_SCHEMA  # no secretary yet: as an earlier version writes it
    assert outcomes(imported(upper, first)) == ["applied"]
    assert _secretary(upper, meeting_id) == ""

    meeting = get_meeting(commune, meeting_id)
    meeting.secretary = "Vũ Thị Lan"
    save_meeting(commune, meeting=meeting)
    second = export(commune, tmp_path / "second")
    assert _schema(second) == SECRETARY_SCHEMA
    assert outcomes(imported(upper, second)) == ["applied"]
    assert _secretary(upper, meeting_id) == "Vũ Thị Lan"


def test_a_bundle_of_an_earlier_schema_imports_its_meetings_without_a_secretary(province, tmp_path: Path) -> None:
    upper, commune = province
    meeting_id = add(commune, secretary="Vũ Thị Lan")
    [record] = rows_of(commune, "meetings")
    for schema in (1, SECRETARY_SCHEMA):
        assert outcomes([send_as(commune, upper, tmp_path / f"s{schema}", [line("meetings", record)],
                                 schema=schema, **({"history": {"hash": "0" * 64, "n": 0}} if schema > 1 else {}))]
                        ) == ["applied"], schema
        assert _secretary(upper, meeting_id) == ("" if schema == 1 else "Vũ Thị Lan")
        record = dict(record, version=record["version"] + 1)


def test_a_meeting_of_schema_4_without_its_secretary_is_refused(province, tmp_path: Path) -> None:
    upper, commune = province
    add(commune)
    [record] = rows_of(commune, "meetings")
    short = ["meetings", line("meetings", record)[1][:-1]]
    report = send_as(commune, upper, tmp_path / "short", [short], schema=SECRETARY_SCHEMA,
                     history={"hash": "0" * 64, "n": 0})
    assert report.outcome == "rejected" and report.reason == "payload"
    assert upper.conn.execute("SELECT count(*) FROM meetings").fetchone() == (0,)

"""What the entry form offers again is what this office typed: at the upper level, the communes'
meetings it holds are not its own (their chairs, places and hamlets are not offered)."""

from __future__ import annotations

from pathlib import Path

from conftest import add_to, full_meeting, run_qcdc
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.suggestions import read_suggestions


def test_a_province_is_offered_its_own_values_not_its_communes(tmp_path: Path) -> None:
    path = tmp_path / "tinh.db"
    assert run_qcdc("init", "--db", str(path), "--unit-code", "25", "--role", "upper").returncode == 0
    assert run_qcdc("demo", "--db", str(path), "--communes", "2", "--meetings", "6").returncode == 0
    with open_store(path) as store:
        communes = store.conn.execute("SELECT count(*) FROM meetings WHERE origin != ?", (store.origin,)).fetchone()[0]
        assert communes > 0
        offered = read_suggestions(store)
        assert offered.chairs == [] and offered.places == [] and offered.hamlets == []
        assert offered.unit_name == "Tỉnh Phú Thọ" and offered.upper
        own = full_meeting(place="Hội trường Ủy ban nhân dân tỉnh", chair="Hồ Đức Phớc", chair_title="Chủ tịch UBND tỉnh")
        add_to(store, own)
        offered = read_suggestions(store)
        assert offered.places == ["Hội trường Ủy ban nhân dân tỉnh"]
        assert offered.chairs == [("Hồ Đức Phớc", "Chủ tịch UBND tỉnh")]

"""`qcdc import-register`: the heading, the mapping as JSON that --mapping takes back, the counts
and each problem; nothing written without --apply; a bad file said in a sentence."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "reports"))

from registers import build, meeting_rows  # noqa: E402
from conftest import raw_connection  # noqa: E402


def _json_block(out: str) -> dict:
    lines = out.splitlines()
    start = lines.index("{")
    end = lines.index("}", start)
    return json.loads("\n".join(lines[start:end + 1]))


def _meetings(db: Path) -> int:
    conn = raw_connection(db)
    try:
        return conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
    finally:
        conn.close()


def test_preview_then_apply_with_the_printed_mapping(qcdc, commune_db: Path, tmp_path: Path) -> None:
    rows = meeting_rows(dt.date(2024, 3, 5), "Tiếp công dân", "Phòng tiếp dân", 5)
    rows[1][7] = "Thể thao"
    register = build(tmp_path / "so.xlsx", {"Quý I": [rows], "Quý II": [
        meeting_rows(dt.date(2024, 4, 9), "Đối thoại định kỳ", "Hội trường", 3, seed=5)]})
    shown = qcdc("import-register", str(register), "--db", str(commune_db), "--all-sheets",
                 "--left-out", str(tmp_path / "left-out.xlsx"))
    assert shown.returncode == 0, shown.stderr
    assert "dòng 4, 5, 6" in shown.stdout and "Hội nghị – Ngày" in shown.stdout
    mapping = _json_block(shown.stdout)
    assert mapping["columns"]["held_on"] == "B" and mapping["values"]["field"]["gpmb"] == "compensation"
    assert mapping["values"]["field"]["the thao"] == ""
    assert "Hội nghị: 2; ý kiến: 7" in shown.stdout and "dòng bị bỏ qua: 1" in shown.stdout
    assert "Quý I, dòng 8" in shown.stdout and "Thể thao" in shown.stdout
    assert _meetings(commune_db) == 0  # nothing without --apply
    left_out = list(load_workbook(tmp_path / "left-out.xlsx").active.iter_rows(values_only=True))
    assert left_out[1][:2] == ("Quý I", 8) and "Thể thao" in left_out[1][-1]

    mapping["values"]["field"]["the thao"] = "other"  # the clerk says what "Thể thao" means
    (tmp_path / "m.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    applied = qcdc("import-register", str(register), "--db", str(commune_db), "--all-sheets",
                   "--mapping", str(tmp_path / "m.json"), "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "dòng bị bỏ qua: 0" in applied.stdout and "Đã thêm 2 hội nghị với 8 ý kiến" in applied.stdout
    assert _meetings(commune_db) == 2
    again = qcdc("import-register", str(register), "--db", str(commune_db), "--all-sheets", "--apply")
    assert "đã dùng lần trước" in again.stdout and "2 hội nghị đã có sẵn" in again.stdout
    assert _meetings(commune_db) == 2


def test_bad_input_is_a_sentence_and_changes_nothing(qcdc, commune_db: Path, tmp_path: Path) -> None:
    (tmp_path / "so.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    result = qcdc("import-register", str(tmp_path / "so.xls"), "--db", str(commune_db), "--apply")
    assert result.returncode == 1 and "Traceback" not in result.stderr and ".xls" in result.stderr
    (tmp_path / "m.json").write_text('{"columns": {"held_on": "7"}}', encoding="utf-8")
    register = build(tmp_path / "so.xlsx", {"Sổ": [meeting_rows(dt.date(2024, 3, 5), "Tiếp công dân", "P", 2)]})
    result = qcdc("import-register", str(register), "--db", str(commune_db), "--mapping", str(tmp_path / "m.json"))
    assert result.returncode == 1 and "ghép cột" in result.stderr and _meetings(commune_db) == 0

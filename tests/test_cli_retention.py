"""`qcdc retention`: the preview, then `--apply` erasing what it listed; bad input refused with a
sentence and a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import full_meeting, run_qcdc


def _office(tmp_path: Path) -> Path:
    db = tmp_path / "xa.db"
    assert run_qcdc("init", "--db", str(db), "--unit-code", "05425").returncode == 0
    old = full_meeting(held_on="2015-03-05", announced_on=None, publications=[])
    old["conclusions"] = [dict(old["conclusions"][0], deadline="2015-12-31", completed_on="2015-04-20")]
    (tmp_path / "m.json").write_text(json.dumps([old, full_meeting()], ensure_ascii=False), encoding="utf-8")
    assert run_qcdc("add", "--db", str(db), "--json", str(tmp_path / "m.json")).returncode == 0
    return db


def test_preview_then_apply(tmp_path: Path) -> None:
    db = _office(tmp_path)
    preview = run_qcdc("--lang", "en", "retention", "--db", str(db), "--years", "5")
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.startswith("2 opinions closed before") and "add --apply" in preview.stdout
    assert preview.stdout.count("opinion no.") == 2 and "05/03/2015" in preview.stdout
    assert "05/03/2024" not in preview.stdout
    dump = run_qcdc("dump", "--db", str(db)).stdout
    assert dump.count("Trần Thị Bình") == 2  # nothing erased by a preview

    applied = run_qcdc("--lang", "en", "retention", "--db", str(db), "--years", "5", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "Erased" in applied.stdout
    dump = json.loads(run_qcdc("dump", "--db", str(db)).stdout)
    speakers = sorted(o["speaker"] for m in dump["meetings"] for o in m["opinions"])
    assert speakers.count("Trần Thị Bình") == 1 and sum(s.startswith("[đã xóa") for s in speakers) == 2
    again = run_qcdc("--lang", "en", "retention", "--db", str(db), "--years", "5")
    assert again.stdout.startswith("0 opinions") and "nothing to erase" in again.stdout
    assert run_qcdc("history", "verify", "--db", str(db)).returncode == 0


def test_a_bad_period_is_refused(tmp_path: Path) -> None:
    db = _office(tmp_path)
    for years in ("0", "many", "51"):
        result = run_qcdc("--lang", "en", "retention", "--db", str(db), "--years", years)
        assert result.returncode != 0 and "Traceback" not in result.stderr and "years" in result.stderr

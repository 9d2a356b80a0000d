"""The public versions on the command line: ``qcdc notice --public`` prints the notice as posted on
the notice board under the notice's own number, ``qcdc results --public`` the results sheet of a
meeting or of a period; what cannot be printed is refused with one sentence, and no file is left."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import run_qcdc
from pdfcheck import layout_text, line_with, needs_poppler

pytestmark = needs_poppler


def en(*args: str) -> subprocess.CompletedProcess:
    return run_qcdc("--lang", "en", *args)


def failed(result: subprocess.CompletedProcess, *words: str, code: int = 1) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr and "unexpected error" not in result.stderr
    assert result.stderr.startswith("qcdc: ") and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "an-binh.db"
    assert en("init", "--db", str(db), "--unit-code", "05425").returncode == 0
    assert en("demo", "--db", str(db), "--meetings", "6", "--seed", "4", "--until", "2026-11-20").returncode == 0
    return db


def _meetings(db: Path) -> list[dict]:
    return json.loads(en("dump", "--db", str(db)).stdout)["meetings"]


def _speakers(meeting: dict) -> list[str]:
    return [o["speaker"] for o in meeting["opinions"]]


def test_notice_public_prints_the_notice_under_its_number_without_the_citizens(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCDC_LANG", "en")
    meeting = next(m for m in _meetings(demo_db) if m["status"] == "concluded" and m["opinions"])
    out = tmp_path / "public.pdf"
    result = en("notice", "--db", str(demo_db), "--meeting", meeting["id"], "--public", "--out", str(out),
                "--date", meeting["held_on"])  # the minutes that follow are dated that day too
    assert result.returncode == 0, result.stderr
    issued = re.search(r"Issued notice (\S+) dated", result.stdout)
    assert issued and "public version" in result.stdout
    assert out.read_bytes().startswith(b"%PDF")
    assert issued[1] in line_with(out, issued[1])  # the notice's own number
    minutes = tmp_path / "minutes.pdf"
    assert en("notice", "--db", str(demo_db), "--meeting", meeting["id"], "--kind", "minutes", "--public",
              "--out", str(minutes)).returncode == 0
    text = " ".join(layout_text(minutes).split())
    assert all(name not in text for name in _speakers(meeting))
    assert _speakers(meeting)[0] in " ".join(layout_text(_internal_minutes(demo_db, meeting, tmp_path)).split())


def _internal_minutes(db: Path, meeting: dict, tmp_path: Path) -> Path:
    out = tmp_path / "minutes-internal.pdf"
    assert en("notice", "--db", str(db), "--meeting", meeting["id"], "--kind", "minutes", "--out",
              str(out)).returncode == 0
    return out


def test_results_of_a_meeting_and_of_a_period(demo_db: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCDC_LANG", "en")
    held = [m for m in _meetings(demo_db) if m["status"] != "planned"]
    meeting = held[0]
    out = tmp_path / "results.pdf"
    result = en("results", "--db", str(demo_db), "--meeting", meeting["id"], "--public", "--out", str(out),
                "--date", "2026-11-20", "--signer", "Lê Văn Tám")
    assert result.returncode == 0, result.stderr
    n = len(meeting["opinions"])
    assert f"Results of {n} opinions from 1 meeting, public version. Written to {out}" in result.stdout
    text = " ".join(layout_text(out).split())
    assert "KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" in text and "Lê Văn Tám" in text
    assert "ngày 20 tháng 11 năm 2026" in text
    assert all(name not in text for name in _speakers(meeting))

    year = held[-1]["held_on"][:4]
    period = tmp_path / "period.pdf"
    result = en("results", "--db", str(demo_db), "--period", year, "--public", "--out", str(period))
    assert result.returncode == 0, result.stderr
    count = sum(len(m["opinions"]) for m in held if m["held_on"].startswith(year))
    assert f"Results of {count} opinions" in result.stdout
    assert f"Tổng số {count} ý kiến" in " ".join(layout_text(period).split())


def test_bad_requests_are_refused_with_a_sentence_and_write_nothing(demo_db: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCDC_LANG", "en")
    out = tmp_path / "r.pdf"
    meetings = _meetings(demo_db)
    planned = next(m for m in meetings if m["status"] == "planned")
    db = str(demo_db)
    failed(en("results", "--db", db, "--meeting", meetings[0]["id"], "--out", str(out)), "--public")
    failed(en("results", "--db", db, "--public", "--out", str(out)), "--meeting", code=2)
    failed(en("results", "--db", db, "--meeting", meetings[0]["id"], "--period", "2026", "--public", "--out",
              str(out)), "not allowed", code=2)
    failed(en("results", "--db", db, "--period", "2026-Q5", "--public", "--out", str(out)), "2026-Q5")
    failed(en("results", "--db", db, "--period", "2001", "--public", "--out", str(out)), "No meeting")
    failed(en("results", "--db", db, "--meeting", planned["id"], "--public", "--out", str(out)), "only planned")
    failed(en("results", "--db", db, "--meeting", "00000-NONE", "--public", "--out", str(out)), "no longer exists")
    failed(en("results", "--db", db, "--period", "2026", "--public", "--out", str(tmp_path / "no" / "r.pdf")),
           "does not exist")
    failed(en("results", "--db", db, "--period", "2026", "--public", "--out", str(tmp_path)), "folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == []

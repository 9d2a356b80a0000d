"""``qcdc notice``: print a meeting's conclusion notice (or minutes, or invitation), issuing its
number when it has none; refuse with one sentence what cannot be printed, changing nothing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from conftest import copy_data_file, run_qcdc
from pdfcheck import layout_text, line_with, needs_poppler
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.edit import save_meeting
from qcdc_desktop.db.meetings import get_meeting

pytestmark = needs_poppler


def en(*args: str) -> subprocess.CompletedProcess:
    return run_qcdc("--lang", "en", *args)


def failed(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr and "unexpected error" not in result.stderr
    assert result.stderr.startswith("qcdc: ") and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Xã An Bình with three years of demo data up to 20 November 2026 (seed 10: a contact meeting
    concluded, a thematic dialogue held a week before and not yet concluded)."""
    db = tmp_path_factory.mktemp("demo") / "an-binh.db"
    assert en("init", "--db", str(db), "--unit-code", "05425").returncode == 0
    assert en("demo", "--db", str(db), "--seed", "10", "--until", "2026-11-20").returncode == 0
    return db


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "an-binh.db"
    copy_data_file(demo_db, copy)
    return copy


def meetings(db: Path) -> list[dict]:
    return json.loads(en("dump", "--db", str(db)).stdout)["meetings"]


def pick(db: Path, **wanted: object) -> str:
    for m in meetings(db):
        if all(m[k] == v for k, v in wanted.items()) and (m["conclusions"] or wanted.get("status") != "published"):
            return m["id"]
    raise AssertionError(wanted)


def test_the_first_print_issues_a_number_and_says_so(db: Path, tmp_path: Path) -> None:
    meeting = pick(db, kind="dialogue", status="published")
    out = tmp_path / "notice.pdf"
    result = en("notice", "--db", str(db), "--meeting", meeting, "--out", str(out), "--date", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Issued notice 01/TB-UBND dated 22/11/2026.") and str(out) in result.stdout
    assert line_with(out, "Số:") == "Số: 01/TB-UBND An Bình, ngày 22 tháng 11 năm 2026"
    register = json.loads(en("dump", "--db", str(db)).stdout)["register_entries"]
    assert [(r["number"], r["doc_type"], r["meeting_id"]) for r in register] == [(1, "TB", meeting)]

    again = en("notice", "--db", str(db), "--meeting", meeting, "--out", str(out), "--date", "2026-12-01")
    assert again.returncode == 0, again.stderr
    assert "already issued as 01/TB-UBND dated 22/11/2026" in again.stdout and "not used" in again.stdout
    assert line_with(out, "Số:") == "Số: 01/TB-UBND An Bình, ngày 22 tháng 11 năm 2026"
    assert len(json.loads(en("dump", "--db", str(db)).stdout)["register_entries"]) == 1


def test_a_word_file_is_issued_and_numbered_as_the_pdf(db: Path, tmp_path: Path) -> None:
    from docx import Document

    def texts(path: Path) -> str:
        doc = Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([*cells, *(p.text for p in doc.paragraphs)]).replace("\u00a0", " ")  # the date is kept whole

    meeting = pick(db, kind="dialogue", status="published")
    word = tmp_path / "notice.docx"
    result = en("notice", "--db", str(db), "--meeting", meeting, "--out", str(word), "--date", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Issued notice 01/TB-UBND dated 22/11/2026.") and "Word" in result.stdout
    assert "Số: 01/TB-UBND" in texts(word) and "ngày 22 tháng 11 năm 2026" in texts(word)
    # Printed again, as PDF or by --format, it keeps its number: no second number is taken.
    pdf = tmp_path / "notice.pdf"
    assert en("notice", "--db", str(db), "--meeting", meeting, "--out", str(pdf)).returncode == 0
    assert line_with(pdf, "Số:") == "Số: 01/TB-UBND An Bình, ngày 22 tháng 11 năm 2026"
    named = tmp_path / "notice.doc-for-word"
    assert en("notice", "--db", str(db), "--meeting", meeting, "--out", str(named), "--format", "docx").returncode == 0
    assert "Số: 01/TB-UBND" in texts(named)
    assert len(json.loads(en("dump", "--db", str(db)).stdout)["register_entries"]) == 1


def test_vietnamese_by_default(db: Path, tmp_path: Path) -> None:
    meeting = pick(db, kind="contact")
    result = run_qcdc("notice", "--db", str(db), "--meeting", meeting, "--out", str(tmp_path / "n.pdf"),
                      "--date", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Đã cấp số thông báo 01-TB/ĐU ngày 22/11/2026"), result.stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in layout_text(tmp_path / "n.pdf")


def test_minutes_are_dated_the_day_they_are_issued(db: Path, tmp_path: Path) -> None:
    held = pick(db, kind="dialogue", status="published")
    minutes = tmp_path / "minutes.pdf"
    result = en("notice", "--db", str(db), "--meeting", held, "--out", str(minutes), "--kind", "minutes")
    assert result.returncode == 0, result.stderr
    # Dated the day they are issued, not the day of the meeting (a day of the three years).
    assert f"Issued minutes 01/BB-UBND dated {dt.date.today():%d/%m/%Y}" in result.stdout
    assert "BIÊN BẢN" in layout_text(minutes)


def test_invitation(db: Path, tmp_path: Path) -> None:
    planned = pick(db, status="planned")
    invitation = tmp_path / "invitation.pdf"
    result = en("notice", "--db", str(db), "--meeting", planned, "--out", str(invitation), "--kind", "invitation",
                "--date", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert "Issued invitation 01/GM-UBND dated 20/11/2026" in result.stdout
    assert "GIẤY MỜI" in layout_text(invitation)


def test_minutes_without_a_secretary_are_refused_in_the_users_language(db: Path, tmp_path: Path) -> None:
    held = pick(db, kind="dialogue", status="published")
    with open_store(db) as store:
        meeting = get_meeting(store, held)
        meeting.secretary = ""
        save_meeting(store, meeting=meeting)
        before = store.conn.execute("SELECT count(*) FROM register_entries").fetchone()
    out = tmp_path / "minutes.pdf"
    result = run_qcdc("notice", "--db", str(db), "--meeting", held, "--out", str(out), "--kind", "minutes")
    failed(result, "thư ký", "không thể lấy số")
    result = en("notice", "--db", str(db), "--meeting", held, "--out", str(out), "--kind", "minutes")
    failed(result, "cannot be numbered without the name of their secretary")
    assert not out.exists()
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM register_entries").fetchone() == before


def test_a_changed_meeting_needs_a_corrected_notice(db: Path, tmp_path: Path) -> None:
    meeting_id = pick(db, kind="dialogue", status="published")
    out = tmp_path / "n.pdf"
    assert en("notice", "--db", str(db), "--meeting", meeting_id, "--out", str(out), "--date", "2026-11-21"
              ).returncode == 0
    with open_store(db) as store:
        meeting = get_meeting(store, meeting_id)
        meeting.conclusions[0].content = "Nội dung đã sửa sau khi ban hành."
        save_meeting(store, meeting=meeting)
    before = out.read_bytes()
    failed(en("notice", "--db", str(db), "--meeting", meeting_id, "--out", str(out)), "changed after 01/TB-UBND",
           "--correct")
    assert out.read_bytes() == before
    result = en("notice", "--db", str(db), "--meeting", meeting_id, "--out", str(out), "--correct",
                "--date", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert "corrected notice 02/TB-UBND" in result.stdout
    assert "Nội dung đã sửa" in layout_text(out)
    register = json.loads(en("dump", "--db", str(db)).stdout)["register_entries"]
    assert [(r["number"], r["cancelled"], bool(r["superseded_by"])) for r in register] == [(1, True, True),
                                                                                          (2, False, False)]


@pytest.mark.parametrize(("which", "args", "words"), [
    ("nothing", [], ["no meeting with id 05425-NOTHING"]),
    ("planned", [], ["only planned"]),
    ("held", [], ["no conclusions"]),
    ("published", ["--correct"], ["no issued document"]),
    ("published", ["--date", "2020-01-01"], ["before the meeting"]),
])
def test_refusals_are_one_sentence_and_change_nothing(db: Path, tmp_path: Path, which: str, args: list[str],
                                                      words: list[str]) -> None:
    meeting = "05425-NOTHING" if which == "nothing" else pick(db, status=which)
    before = en("dump", "--db", str(db)).stdout
    failed(en("notice", "--db", str(db), "--meeting", meeting, "--out", str(tmp_path / "n.pdf"), *args), *words)
    assert en("dump", "--db", str(db)).stdout == before
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*part")) == []


def test_an_output_that_cannot_be_written(db: Path, tmp_path: Path) -> None:
    meeting = pick(db, kind="dialogue", status="published")
    before = en("dump", "--db", str(db)).stdout
    failed(en("notice", "--db", str(db), "--meeting", meeting, "--out", str(tmp_path / "missing" / "n.pdf")),
           "does not exist")
    failed(en("notice", "--db", str(db), "--meeting", meeting, "--out", str(tmp_path)), "is a folder")
    assert en("dump", "--db", str(db)).stdout == before


def test_a_wrong_date_or_kind_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    for args in (["--date", "22/11/2026"], ["--kind", "report"]):
        result = en("notice", "--db", str(db), "--meeting", "x", "--out", str(tmp_path / "n.pdf"), *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr


def _body(pdf: Path) -> str:
    return " ".join(layout_text(pdf).split())


def test_summary_or_counts_of_the_opinions(db: Path, tmp_path: Path) -> None:
    meeting = pick(db, kind="dialogue", status="published")
    out = tmp_path / "n.pdf"
    counted = en("notice", "--db", str(db), "--meeting", meeting, "--out", str(out), "--date", "2026-11-22",
                 "--counts")
    assert counted.returncode == 0, counted.stderr
    assert "Về lĩnh vực" not in _body(out) and "ý kiến)." in _body(out)
    # Printed again with --summary: as issued, with the counts, and the clerk is told so.
    again = en("notice", "--db", str(db), "--meeting", meeting, "--out", str(out), "--summary")
    assert again.returncode == 0, again.stderr
    assert "--summary and --counts were not used" in again.stdout and "Về lĩnh vực" not in _body(out)

    other = pick(db, kind="contact")
    summarised = tmp_path / "s.pdf"
    result = en("notice", "--db", str(db), "--meeting", other, "--out", str(summarised), "--date", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert "Về lĩnh vực" in _body(summarised)  # a dialogue's notice summarises the opinions by default
    speakers = [o["speaker"] for m in meetings(db) if m["id"] == other for o in m["opinions"]]
    assert speakers and not any(s in _body(summarised) for s in speakers)


def test_summary_and_counts_are_for_the_notice_only(db: Path, tmp_path: Path) -> None:
    meeting = pick(db, kind="dialogue", status="published")
    failed(en("notice", "--db", str(db), "--meeting", meeting, "--out", str(tmp_path / "m.pdf"), "--kind",
              "minutes", "--summary"), "--summary and --counts")
    both = en("notice", "--db", str(db), "--meeting", meeting, "--out", str(tmp_path / "m.pdf"), "--summary",
              "--counts")
    assert both.returncode == 2 and "not allowed with" in both.stderr

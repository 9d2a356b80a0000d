"""The upper level's communes board: every commune of the province, enrolled or not, with what came
from it and what is wrong in words — a commune that sends, one enrolled but silent, one not
enrolled that tried to send, a damaged copy of a bundle already received and one not received —
and its workbook.  The refused files are said with the commune they name and what to do next."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from conftest import full_meeting
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.dump import write_dump
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.db.sync_board import KEEP_REFUSALS, Refusal, record_refusal, refusals
from qcdc_desktop.db.history_entries import Filter
from qcdc_desktop.db.history_read import iter_history
from qcdc_desktop.sync.board import communes_board
from qcdc_desktop.work.board import board_columns, write_board
from qcdc_desktop.sync.cards import make_card, trust_card
from sync_offices import TODAY, add, enrol, export, imported, office, outcomes

LATER = dt.date(2024, 7, 20)  # after every deadline of the test's meetings


@pytest.fixture
def province(tmp_path: Path):
    """Hà Nội with Phường Ba Đình (00004) sending, Phường Ngọc Hà (00008) enrolled and silent, and
    Phường Giảng Võ (00025) not enrolled."""
    upper = office(tmp_path / "upper", "01", "upper")
    sending = office(tmp_path / "ba-dinh", "00004")
    silent = office(tmp_path / "ngoc-ha", "00008")
    unknown = office(tmp_path / "giang-vo", "00025")
    enrol(sending, upper)
    enrol(silent, upper)
    yield upper, sending, silent, unknown
    for store in (upper, sending, silent, unknown):
        store.close()


def _row(rows, code: str):
    return next(r for r in rows if r.code == code)


def _damage_header(bundle: Path, out: Path) -> Path:
    """A copy of ``bundle`` with one byte of its signed header changed (a stick that went bad): a
    digit of the year it was made, so the header still reads but its signature no longer holds."""
    data = bytearray(bundle.read_bytes())
    at = data.index(b'"created_at":"') + len(b'"created_at":"') + 3
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def _expected_figures(store, today: dt.date) -> tuple[int, int]:
    """Overdue tasks and undecided opinions of an office, counted from its dump (not the board's SQL)."""
    text = io.StringIO()
    write_dump(store, text)
    meetings = json.loads(text.getvalue())["meetings"]
    overdue = sum(1 for m in meetings for t in m["conclusions"]
                  if t["state"] == "open" and t["deadline"] and t["deadline"] < today.isoformat())
    undecided = sum(1 for m in meetings for o in m["opinions"] if not o["outcome"] and not o["answered"])
    return overdue, undecided


def test_the_board_lists_every_commune_with_its_problems_in_words(province, tmp_path: Path, english) -> None:
    upper, sending, silent, unknown = province
    add(sending, 3)
    open_task = dict(full_meeting()["conclusions"][0], state="open", result="", completed_on=None, reply_doc="",
                     opinions=[1])
    undecided = dict(full_meeting()["opinions"][1], outcome=None, answered=False, speaker="Lò Văn Sáng")
    second = dict(full_meeting(), secretary="", title="Hội nghị quý II", held_on="2024-03-04", announced_on=None,
                  publications=[], conclusions=[open_task], opinions=[full_meeting()["opinions"][0], undecided])
    add_meetings(sending, meetings=parse_meetings([second], today=TODAY))
    bundle = export(sending, tmp_path / "stick")
    assert outcomes(imported(upper, bundle)) == ["applied"]
    add(unknown, 1)
    trust_card(unknown, make_card(upper).encode("utf-8"))  # the commune enrolled its province, not the reverse
    tried = export(unknown, tmp_path / "stick-giang-vo")
    (refused,) = imported(upper, tried)
    assert refused.outcome == "rejected" and refused.reason == "unenrolled"

    later = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=45)  # the bundle came today
    rows = communes_board(upper, today=later, silent_after_days=30)
    codes = [r.code for r in rows]
    assert {"00004", "00008", "00025"} <= set(codes) and len(codes) == len(set(codes)) > 100  # every commune of Hà Nội
    ba_dinh, ngoc_ha, giang_vo = _row(rows, "00004"), _row(rows, "00008"), _row(rows, "00025")
    assert ba_dinh.enrolled and ba_dinh.status.bundles == 1
    assert ba_dinh.figures.data_until == dt.date(2024, 3, 5)
    assert (ba_dinh.figures.overdue, ba_dinh.figures.undecided) == _expected_figures(sending, later)
    assert ba_dinh.figures.overdue == 1 and ba_dinh.figures.undecided == 1
    assert ba_dinh.problems == ("silent for 45 days",)
    assert ngoc_ha.enrolled and ngoc_ha.problems == ("enrolled, no bundle received yet",)
    assert not giang_vo.enrolled and giang_vo.problems[0].startswith("not enrolled — tried to send on ")
    quiet = _row(rows, "00070") if "00070" in codes else next(r for r in rows if r.code not in ("00004", "00008",
                                                                                                   "00025"))
    assert not quiet.enrolled and quiet.problems == () and not quiet.attention
    # Within the silence allowed, Ba Đình has nothing wrong.
    assert _row(communes_board(upper, today=dt.date.today(), silent_after_days=3650), "00004").problems == ()


def test_a_damaged_copy_is_said_with_its_commune_and_whether_the_good_copy_came(province, tmp_path: Path,
                                                                               english) -> None:
    upper, sending, _silent, _unknown = province
    add(sending, 2)
    good = export(sending, tmp_path / "stick")
    damaged = _damage_header(good, tmp_path / "hong.qcdcb")
    (report,) = imported(upper, damaged)
    assert report.outcome == "rejected" and report.reason == "signature"
    assert report.origin is None and report.claimed_origin == "00004"
    assert "Phường Ba Đình (00004)" in report.message and "write its bundle again" in report.message
    board = _row(communes_board(upper, today=dt.date.today(), silent_after_days=30), "00004")
    assert any(p.startswith("a damaged bundle on ") and p.endswith(": ask for it again") for p in board.problems)

    assert outcomes(imported(upper, good)) == ["applied"]
    (again,) = imported(upper, damaged)
    assert again.outcome == "rejected" and "already imported intact" in again.message
    assert "nothing is missing" in again.message
    board = _row(communes_board(upper, today=dt.date.today(), silent_after_days=30), "00004")
    assert any(p.endswith(", the good copy received") for p in board.problems)
    entries = list(iter_history(upper, Filter(kinds=("bundle_refused",))))
    assert len(entries) == 2 and all(e.record for e in entries)


def test_a_refusal_is_kept_and_the_oldest_go_past_the_limit(province) -> None:
    upper = province[0]
    for n in range(KEEP_REFUSALS + 5):
        record_refusal(upper, Refusal(f"2024-06-01T00:{n // 60:02d}:{n % 60:02d}+00:00", "not_bundle", f"rac-{n}.qcdcb",
                                      None, None, None, None))
    kept = refusals(upper)
    assert len(kept) == KEEP_REFUSALS and kept[0].file_name == "rac-5.qcdcb"


def test_the_board_as_a_workbook_in_the_order_shown(province, tmp_path: Path, english) -> None:
    upper, sending, _silent, _unknown = province
    add(sending, 3)
    assert outcomes(imported(upper, export(sending, tmp_path / "stick"))) == ["applied"]
    columns = board_columns()
    received = [c.heading for c in columns].index("Received")
    out = write_board(upper.path, tmp_path / "bang.xlsx", today=LATER, silent_after_days=30, order=(received, True))
    sheet = openpyxl.load_workbook(out).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    head = next(i for i, row in enumerate(values) if row[0] == "Commune")
    assert values[head] == [c.heading for c in columns]
    body = values[head + 1:]
    # The newest first, the communes that never sent last (also when the order is descending).
    assert len(body) > 100 and body[0][0] == "Phường Ba Đình (00004)" and body[-1][received] is None
    assert isinstance(body[0][received], dt.datetime)  # a date cell an officer can sort
    assert body[0][columns.index(next(c for c in columns if c.heading == "Opinions not decided"))] == 0
    assert values[2][0].startswith("2 of 126 communes enrolled; 1 with a problem;")


def test_status_says_every_commune_as_json_and_who_tried_and_dump_prints_every_kind(province, tmp_path: Path) -> None:
    from conftest import run_qcdc
    from qcdc_desktop.db.forwarded import forwarded_opinions
    from qcdc_desktop.db.messages import add_directive, add_reply

    upper, sending, _silent, unknown = province
    meeting = dict(full_meeting(), secretary="")
    meeting["opinions"][1]["outcome"] = "forwarded"
    add_meetings(sending, meetings=parse_meetings([meeting], today=TODAY))
    assert outcomes(imported(upper, export(sending, tmp_path / "stick"))) == ["applied"]
    trust_card(unknown, make_card(upper).encode("utf-8"))
    add(unknown, 1)
    imported(upper, export(unknown, tmp_path / "stick-giang-vo"))
    (opinion,) = forwarded_opinions(upper)
    add_reply(upper, opinion_id=opinion.id, content="Sở Giao thông sẽ sửa đường.", issued_on=TODAY)
    add_directive(upper, commune="00004", content="Báo cáo kết quả quý II.", deadline=None, issued_on=TODAY)

    shown = run_qcdc("--lang", "en", "status", "--db", str(upper.path), "--json")
    assert shown.returncode == 0, shown.stderr
    rows = {r["code"]: r for r in json.loads(shown.stdout)}
    assert len(rows) > 100 and rows["00004"]["enrolled"] and rows["00004"]["bundles"] == 1
    assert rows["00004"]["records_received"]["opinions"] == 2 and rows["00004"]["overdue_tasks"] == 0
    assert rows["00004"]["history"]["text"].startswith("history checked up to entry ")
    assert not rows["00025"]["enrolled"] and rows["00025"]["problems"][0].startswith("not enrolled — tried to send")
    assert rows["00008"]["problems"] == ["enrolled, no bundle received yet"]
    text = run_qcdc("--lang", "en", "status", "--db", str(upper.path))
    assert text.returncode == 0 and "00025 Phường Giảng Võ: not enrolled — tried to send on " in text.stdout

    dumped = run_qcdc("dump", "--db", str(upper.path))
    assert dumped.returncode == 0, dumped.stderr
    whole = json.loads(dumped.stdout)
    kinds = {m["kind"]: m for m in whole["messages"]}
    assert kinds["reply"]["opinion_id"] == opinion.id and kinds["reply"]["content"] == "Sở Giao thông sẽ sửa đường."
    assert kinds["directive"]["commune"] == "00004" and kinds["directive"]["deadline"] is None
    assert whole["tombstones"] == [] and whole["erasures"] == []


def test_a_directive_to_every_commune_waits_in_each_outbox_and_reaches_each(province, tmp_path: Path) -> None:
    from qcdc_desktop.core.errors import QcdcError
    from qcdc_desktop.db.messages import add_directives, directives
    from qcdc_desktop.db.sync_board import outboxes
    from qcdc_desktop.sync.export import export_all

    upper, sending, silent, _unknown = province
    assert [o.code for o in outboxes(upper)] == ["00004", "00008"] and all(o.empty for o in outboxes(upper))
    with pytest.raises(QcdcError):
        add_directives(upper, communes=[], content="Báo cáo.", deadline=None, issued_on=TODAY)
    with pytest.raises(QcdcError):  # one commune not enrolled: none is written
        add_directives(upper, communes=["00004", "00025"], content="Báo cáo.", deadline=None, issued_on=TODAY)
    assert all(o.empty for o in outboxes(upper))
    ids = add_directives(upper, communes=["00004", "00008", "00004"], content="Báo cáo kết quả đối thoại năm 2024.",
                         deadline=dt.date(2024, 12, 20), issued_on=TODAY)
    assert len(ids) == 2
    waiting = {o.code: o for o in outboxes(upper)}
    assert (waiting["00004"].directives, waiting["00004"].new, waiting["00008"].directives) == (1, 1, 1)

    stick = tmp_path / "stick-down"
    stick.mkdir()
    written = {e.destination: e.path for e in export_all(upper, stick)}
    assert set(written) == {"00004", "00008"}
    waiting = {o.code: o for o in outboxes(upper)}
    assert waiting["00004"].directives == 1 and waiting["00004"].new == 0  # sent, not yet confirmed
    for commune in (sending, silent):
        assert outcomes(imported(commune, written[commune.origin])) == ["applied"]
        (got,) = directives(commune)
        assert got.content == "Báo cáo kết quả đối thoại năm 2024." and got.deadline == dt.date(2024, 12, 20)
    back = export(sending, tmp_path / "stick-up")
    assert outcomes(imported(upper, back)) == ["applied"]
    waiting = {o.code: o for o in outboxes(upper)}
    assert waiting["00004"].directives == 0 and waiting["00008"].directives == 1  # Ba Đình confirmed it


def test_the_report_of_the_province_names_the_communes_it_misses(province, tmp_path: Path, english) -> None:
    """The report says which communes its figures come from: Ba Đình sent this month, Ngọc Hà is
    enrolled but never sent, the rest of Hà Nội's communes never sent; later, Ba Đình's data is
    stale.  The PDF names them in the table «Communes whose data is missing or old»."""
    from pdfcheck import lines
    from qcdc_desktop.core.statistics import Period
    from qcdc_desktop.db.statistics import build_statistics
    from qcdc_desktop.work.report import build_report

    upper, sending, _silent, _unknown = province
    add(sending, 3)
    assert outcomes(imported(upper, export(sending, tmp_path / "stick"))) == ["applied"]
    today = dt.datetime.now(dt.timezone.utc).date()
    period = Period(dt.date(2024, 1, 1), today, "custom")
    coverage = build_statistics(upper, period, as_of=today).coverage
    assert coverage is not None and [o.code for o in coverage.reporting] == ["00004"]
    assert coverage.reporting[0].data_until == dt.date(2024, 3, 5) and coverage.stale == ()
    assert "00008" in [o.code for o in coverage.never] and coverage.total == 126
    # Records that came without a bundle (written at the province, as the demo does) count by
    # their date: Hoàn Kiếm's meeting of March 2024 is old data, not «never sent».
    from qcdc_desktop.core.ids import IdMaker
    from qcdc_desktop.db.meetings import insert_meetings
    with upper.transaction() as conn:
        insert_meetings(conn, parse_meetings([dict(full_meeting(), secretary="")], today=TODAY), origin="00070",
                        make_id=IdMaker("00070"))
    coverage = build_statistics(upper, period, as_of=today).coverage
    assert [o.code for o in coverage.stale] == ["00070"] and coverage.stale[0].last_received is None
    assert coverage.total == 126 and "00070" not in [o.code for o in coverage.never]
    later = today + dt.timedelta(days=60)
    stale = build_statistics(upper, Period(dt.date(2024, 1, 1), later, "custom"), as_of=later).coverage
    assert [o.code for o in stale.stale] == ["00004", "00070"] and stale.reporting == ()

    built = build_report(upper.path, period, as_of=today, issued_on=today, progress=lambda *_a: None,
                         cancelled=lambda: False)
    out = tmp_path / "bao-cao.pdf"
    out.write_bytes(built.pdf)
    import shutil
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = " ".join(lines(out))
    assert "The figures come from the data received from 1 of the 126 communes and wards of the province" in text
    assert "1 sent nothing after" in text and "124 have never sent their data" in text
    assert "Communes whose data is missing or old" in text
    assert "Phường Ngọc Hà — — never sent" in lines(out)
    assert any(line.startswith("Phường Hoàn Kiếm — 05/03/2024 data old") for line in lines(out))


def test_a_refusal_that_cannot_be_kept_is_still_said_and_logged(province, tmp_path: Path, monkeypatch,
                                                                caplog) -> None:
    from qcdc_desktop.core.errors import DatabaseBusy
    from qcdc_desktop.sync import refusals as R

    upper, sending, _silent, _unknown = province
    add(sending, 1)
    damaged = _damage_header(export(sending, tmp_path / "stick"), tmp_path / "hong.qcdcb")

    def busy(*_args, **_kwargs) -> None:
        raise DatabaseBusy("busy")

    monkeypatch.setattr(R, "record_refusal", busy)
    with caplog.at_level("WARNING", logger=R.__name__):
        (report,) = imported(upper, damaged)
    assert report.outcome == "rejected" and report.claimed_origin == "00004"
    assert refusals(upper) == [] and "hong.qcdcb was not kept for the communes board" in caplog.text

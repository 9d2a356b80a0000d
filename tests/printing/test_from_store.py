"""Printing from the data file: preview without a number, the issued document, the "issue then
print" step, and a batch that streams."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from conftest import add_to, minimal_meeting
from pdfcheck import line_with, needs_poppler
from qcdc_desktop.core.errors import NoticeError, OutputFileError
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.register import issue_notice
from qcdc_desktop.printing.batch import file_name, render_batch
from qcdc_desktop.printing.fonts import document_fonts
from qcdc_desktop.printing.desk import print_document, render_draft, render_entry

pytestmark = needs_poppler
FONTS = document_fonts(prefer_system=False)


def concluded(**changes: object) -> dict:
    conclusion = {"content": "Hoàn thiện hồ sơ.", "assignee": "Công chức Địa chính", "deadline": "2024-04-30"}
    return minimal_meeting(**{"status": "concluded", "conclusions": [conclusion], **changes})


def _register_size(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM register_entries").fetchone()[0]


def test_a_preview_takes_no_number(store: Store, tmp_path: Path) -> None:
    [meeting_id] = add_to(store, concluded())
    buffer = io.BytesIO()
    pages = render_draft(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8), out=buffer, fonts=FONTS,
                         authority="kt", signer="Lê Văn Tám")
    assert pages == 1 and buffer.getvalue().startswith(b"%PDF")
    (tmp_path / "p.pdf").write_bytes(buffer.getvalue())
    assert line_with(tmp_path / "p.pdf", "Số:").startswith("Số: /TB-UBND Ba Đình, ngày 08 tháng 3 năm 2024")
    assert "KT. CHỦ TỊCH" in line_with(tmp_path / "p.pdf", "KT.")
    assert _register_size(store) == 0


def test_an_issued_document_prints_as_issued(store: Store, tmp_path: Path) -> None:
    [meeting_id] = add_to(store, concluded())
    entry = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8)).entry
    render_entry(store, entry_id=entry.id, out=tmp_path / "n.pdf", fonts=FONTS)
    assert line_with(tmp_path / "n.pdf", "Số:") == "Số: 01/TB-UBND Ba Đình, ngày 08 tháng 3 năm 2024"


def test_print_document_issues_once_and_writes_the_file_whole(store: Store, tmp_path: Path) -> None:
    [meeting_id] = add_to(store, concluded())
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "n.pdf"
    first = print_document(store, meeting_id=meeting_id, out=out, issued_on=dt.date(2024, 3, 8), fonts=FONTS)
    assert (first.issued, first.corrected, first.entry.number, first.pages) == (True, False, 1, 1)
    again = print_document(store, meeting_id=meeting_id, out=out, issued_on=dt.date(2024, 3, 9), fonts=FONTS)
    assert (again.issued, again.entry.id) == (False, first.entry.id)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["n.pdf"]  # no part file left behind
    with pytest.raises(OutputFileError):
        print_document(store, meeting_id=meeting_id, out=tmp_path / "no" / "n.pdf", issued_on=dt.date(2024, 3, 8))


def test_a_failed_render_takes_no_number(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [meeting_id] = add_to(store, concluded())

    def broken(*args: object, **kwargs: object) -> int:
        raise NoticeError("the printer module failed")

    monkeypatch.setattr("qcdc_desktop.printing.documents.render_document", broken)
    (tmp_path / "out").mkdir()
    with pytest.raises(NoticeError):
        print_document(store, meeting_id=meeting_id, out=tmp_path / "out" / "n.pdf", issued_on=dt.date(2024, 3, 8))
    assert _register_size(store) == 0 and list((tmp_path / "out").iterdir()) == []


def test_a_batch_streams_issued_notices_and_drafts(store: Store, tmp_path: Path) -> None:
    ids = add_to(store, concluded(), concluded(held_on="2024-03-06"), concluded(held_on="2024-03-07"))
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    issue_notice(store, meeting_id=ids[0], issued_on=dt.date(2024, 3, 8))
    seen: list[tuple[int, int]] = []
    batch = render_batch(store, meeting_ids=ids, out_dir=tmp_path, issued_on=dt.date(2024, 3, 10),
                         progress=lambda done, total: seen.append((done, total)), fonts=FONTS)
    assert [p.name for p in batch.files] == ["01-TB-UBND.pdf", f"draft-{ids[1]}.pdf", f"draft-{ids[2]}.pdf"]
    assert batch.drafts == 2 and not batch.cancelled and seen == [(1, 3), (2, 3), (3, 3)]
    assert all(p.read_bytes().startswith(b"%PDF") for p in batch.files)
    assert _register_size(store) == 1


def test_a_batch_stops_when_cancelled(store: Store, tmp_path: Path) -> None:
    ids = add_to(store, concluded(), concluded(), concluded())
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    done: list[int] = []
    batch = render_batch(store, meeting_ids=ids, out_dir=tmp_path, issued_on=dt.date(2024, 3, 10),
                         progress=lambda n, total: done.append(n), cancelled=lambda: len(done) >= 2, fonts=FONTS)
    assert batch.cancelled and len(batch.files) == 2
    with pytest.raises(OutputFileError):
        render_batch(store, meeting_ids=ids, out_dir=tmp_path / "missing", issued_on=dt.date(2024, 3, 10))


def test_batch_file_names_are_safe() -> None:
    assert file_name("05/TB-UBND", "x") == "05-TB-UBND.pdf"
    assert file_name("12-TB/ĐU", "x") == "12-TB-ĐU.pdf"
    assert file_name(None, "00004-ABC") == "draft-00004-ABC.pdf"

"""The documents of a meeting as the desktop handles them: state, preview in memory, issuing with
the PDF in one transaction, corrections after an edit, saving whole files, batches in memory."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import add_to, minimal_meeting
from pdfcheck import line_with, needs_poppler
from qcdc_desktop.core.errors import NoticeError, OutputFileError
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.edit import require_meeting, save_meeting
from qcdc_desktop.db.register import get_entry
from qcdc_desktop.printing import desk, documents

pytestmark = needs_poppler
DAY = dt.date(2024, 3, 8)


def concluded(**changes: object) -> dict:
    conclusion = {"content": "Hoàn thiện hồ sơ.", "assignee": "Công chức Địa chính", "deadline": "2024-04-30"}
    return minimal_meeting(**{"status": "concluded", "conclusions": [conclusion], **changes})


def _pdf(tmp_path: Path, data: bytes, name: str = "d.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _register_size(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM register_entries").fetchone()[0]


def test_before_issuing_the_state_is_a_draft_and_the_preview_takes_no_number(store: Store, tmp_path: Path) -> None:
    [meeting_id] = add_to(store, concluded())
    state = desk.document_state(store, meeting_id=meeting_id, issued_on=DAY)
    assert state.standing is None and not state.stale and state.draft.number == 0
    assert [code for code, _label in state.authorities] == ["tm", "tm_kt", "kt", "tl", "tuq", "chairman"]
    shown = desk.preview_document(store, meeting_id=meeting_id, issued_on=DAY, authority="kt", signer="Lê Văn Tám")
    assert shown.entry.number == 0 and shown.pages == 1
    assert line_with(_pdf(tmp_path, shown.pdf), "Số:").startswith("Số: /TB-UBND")
    assert "Lê Văn Tám" in line_with(_pdf(tmp_path, shown.pdf), "Lê Văn Tám")
    assert _register_size(store) == 0


def test_issuing_takes_a_number_once_and_the_preview_then_shows_the_issued_document(store: Store,
                                                                                    tmp_path: Path) -> None:
    [meeting_id] = add_to(store, concluded())
    issued = desk.issue_document(store, meeting_id=meeting_id, issued_on=DAY, signer="Nguyễn Văn An")
    assert issued.entry.number == 1 and issued.changes.touches("register_entries")
    assert line_with(_pdf(tmp_path, issued.pdf), "Số:") == "Số: 01/TB-UBND Ba Đình, ngày 08 tháng 3 năm 2024"
    again = desk.preview_document(store, meeting_id=meeting_id, issued_on=dt.date(2024, 5, 1), signer="Khác")
    assert again.entry.id == issued.entry.id and again.pdf == issued.pdf  # prints again exactly as issued
    with pytest.raises(NoticeError):
        desk.issue_document(store, meeting_id=meeting_id, issued_on=DAY, signer="Nguyễn Văn An")
    assert _register_size(store) == 1
    assert require_meeting(store, meeting_id).status == "notice_issued"


def test_a_number_is_not_taken_when_the_pdf_cannot_be_made(store: Store, monkeypatch) -> None:
    [meeting_id] = add_to(store, concluded())

    def broken(*_args: object, **_kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(documents, "render_document", broken)  # desk draws through it
    with pytest.raises(OSError):
        desk.issue_document(store, meeting_id=meeting_id, issued_on=DAY, signer="Nguyễn Văn An")
    assert _register_size(store) == 0


def test_an_edit_after_issuing_makes_the_notice_stale_and_a_correction_takes_a_new_number(store: Store,
                                                                                          tmp_path: Path) -> None:
    [meeting_id] = add_to(store, concluded())
    first = desk.issue_document(store, meeting_id=meeting_id, issued_on=DAY, signer="Nguyễn Văn An").entry
    assert desk.stale_notice(store, meeting_id=meeting_id) is None
    meeting = require_meeting(store, meeting_id)
    save_meeting(store, meeting=dataclasses.replace(meeting, place="Nhà văn hóa Thôn 3"))
    assert desk.stale_notice(store, meeting_id=meeting_id).id == first.id
    state = desk.document_state(store, meeting_id=meeting_id)
    assert state.stale and state.standing.id == first.id
    draft = desk.preview_document(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 12))
    assert draft.entry.number == 0  # the correction to come, never the old number over new content
    corrected = desk.issue_document(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 12), correct=True)
    assert corrected.entry.number == 2 and corrected.entry.replaces == first.id
    old = get_entry(store, first.id)
    assert old.cancelled and old.superseded_by == corrected.entry.id
    assert "Nhà văn hóa Thôn 3" in line_with(_pdf(tmp_path, corrected.pdf), "Nhà văn hóa")
    assert desk.stale_notice(store, meeting_id=meeting_id) is None


def test_correcting_without_an_issued_document_is_refused(store: Store) -> None:
    [meeting_id] = add_to(store, concluded())
    with pytest.raises(NoticeError):
        desk.issue_document(store, meeting_id=meeting_id, issued_on=DAY, correct=True)
    assert _register_size(store) == 0


def test_save_pdf_writes_the_whole_file_and_refuses_a_folder(tmp_path: Path) -> None:
    out = desk.save_pdf(b"%PDF-1.4 whole", tmp_path / "tb.pdf")
    assert out.read_bytes() == b"%PDF-1.4 whole"
    assert [p.name for p in tmp_path.iterdir()] == ["tb.pdf"]  # no temporary left behind
    with pytest.raises(OutputFileError):
        desk.save_pdf(b"%PDF", tmp_path)
    with pytest.raises(OutputFileError):
        desk.save_pdf(b"%PDF", tmp_path / "missing" / "tb.pdf")


def test_notice_documents_come_one_at_a_time_issued_and_draft(store: Store, tmp_path: Path) -> None:
    first, second = add_to(store, concluded(), concluded(title="Hội nghị đối thoại quý II"))
    desk.issue_document(store, meeting_id=first, issued_on=DAY, signer="Nguyễn Văn An")
    documents = desk.notice_documents(store, meeting_ids=[first, second], issued_on=DAY)
    name, pdf, pages = next(documents)  # the first is made before the second is asked for
    assert name == "01-TB-UBND" and pages == 1
    assert line_with(_pdf(tmp_path, pdf, "a.pdf"), "Số:").startswith("Số: 01/TB-UBND")
    name, pdf, pages = next(documents)
    assert name == f"draft-{second}"
    assert line_with(_pdf(tmp_path, pdf, "b.pdf"), "Số:").startswith("Số: /TB-UBND")
    assert next(documents, None) is None
    assert _register_size(store) == 1

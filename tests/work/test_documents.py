"""The notices of many meetings, as the register of notices prints or saves them, without Qt: one
per meeting in the order asked, the issued one with its number and a draft without, each on the
job's own read-only connection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import add_to, full_meeting
from qcdc_desktop.printing.desk import issue_document
from qcdc_desktop.work.documents import batch_documents, save_batch_work

DAY = dt.date(2024, 4, 1)


@pytest.fixture
def meetings(store) -> tuple[Path, list[str]]:
    ids = add_to(store, full_meeting(), full_meeting())
    issued = issue_document(store, meeting_id=ids[1], issued_on=DAY)
    assert issued.entry.number > 0
    return store.path, ids


def test_printing_yields_each_notice_in_order(meetings) -> None:
    path, ids = meetings
    documents = list(batch_documents(path, ids, DAY)())
    assert len(documents) == 2 and all(pdf.startswith(b"%PDF") and pages >= 1 for _name, pdf, pages in documents)
    draft_name, issued_name = documents[0][0], documents[1][0]
    assert ids[0] in draft_name and ids[1] not in issued_name  # an issued notice is named by its number


def test_saving_writes_a_file_per_meeting(meetings, tmp_path: Path) -> None:
    path, ids = meetings
    out = tmp_path / "out"
    out.mkdir()
    batch = save_batch_work(path, ids, DAY, out)(progress=lambda done, total: None, cancelled=lambda: False)
    assert [f.parent for f in batch.files] == [out, out] and batch.drafts == 1 and not batch.cancelled
    assert all(f.read_bytes().startswith(b"%PDF") for f in batch.files)


def test_saving_cancelled_stops_early(meetings, tmp_path: Path) -> None:
    path, ids = meetings
    looks = iter([False, True])  # the first notice is written, then Cancel
    out = tmp_path / "out"
    out.mkdir()
    batch = save_batch_work(path, ids, DAY, out)(progress=lambda done, total: None,
                                                      cancelled=lambda: next(looks))
    assert batch.cancelled and len(batch.files) == 1 and list(out.iterdir()) == batch.files

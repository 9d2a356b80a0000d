"""The Sync place's runs as plain functions (no Qt), each on a connection of its own, as the
desktop starts them: the commune's bundle written to a folder and applied at the upper level,
the receipt going back, and the key card as a file and as a PDF."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.units import get_unit
from qcdc_desktop.sync.cards import parse_card, read_card_file
from qcdc_desktop.work.sync import export_work, import_work, key_card_pdf, write_card_file
from sync_offices import add, pair


def _run(work, *args):
    steps: list[tuple[int, int]] = []
    result = work(*args, progress=lambda done, total: steps.append((done, total)), cancelled=lambda: False)
    return result, steps


def test_a_bundle_goes_up_and_its_receipt_comes_back(tmp_path: Path) -> None:
    commune, upper = pair(tmp_path)
    meeting_id = add(commune)
    commune_path, upper_path = commune.path, upper.path
    commune.close(), upper.close()
    for folder in ("stick", "back"):
        (tmp_path / folder).mkdir()

    (written,), _steps = _run(export_work, commune_path, tmp_path / "stick")
    assert written.path.parent == tmp_path / "stick" and written.path.is_file()
    (report,), steps = _run(import_work, upper_path, [written.path])
    assert report.outcome == "applied", report.message
    assert steps and steps[-1][0] == steps[-1][1]

    from qcdc_desktop.db.connection import open_store
    with open_store(upper_path, check=False) as store:
        assert get_meeting(store, meeting_id) is not None
    receipts, _steps = _run(export_work, upper_path, tmp_path / "back")
    assert [r.destination for r in receipts] == ["00004"]
    (back,), _steps = _run(import_work, commune_path, [receipts[0].path])
    assert back.outcome == "applied", back.message
    (again,), _steps = _run(import_work, upper_path, [written.path])
    assert again.outcome == "already"


def test_an_export_cancelled_leaves_no_bundle(tmp_path: Path) -> None:
    commune, _upper = pair(tmp_path)
    add(commune)
    path = commune.path
    commune.close()
    (tmp_path / "stick").mkdir()
    with pytest.raises(Cancelled):
        export_work(path, tmp_path / "stick", progress=lambda done, total: None, cancelled=lambda: True)
    assert list((tmp_path / "stick").iterdir()) == []


def test_the_key_card_file_and_its_pdf_name_the_office(tmp_path: Path) -> None:
    commune, _upper = pair(tmp_path)
    out = write_card_file(commune, path=tmp_path / "the-card.qcdckey")
    card = parse_card(read_card_file(out))
    unit = get_unit(commune)
    assert (card.unit_code, card.role) == (unit.code, unit.role)
    pdf = key_card_pdf(unit, card.fingerprint, dt.date(2026, 12, 5))
    (tmp_path / "card.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "card.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert unit.name in text and card.fingerprint.split()[0] in text

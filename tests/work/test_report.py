"""The report pipeline, run as plain functions (no Qt), as the Reports place and ``qcdc report``
run it: progress to the end, the file whole and the same figures in every format, and after
Cancel no file at all."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcdc_desktop.core.errors import Cancelled, OutputFileError
from qcdc_desktop.core.statistics import quarter
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.work.report import FIGURES_SHARE, build_report, report_work, write_report
from report_fixture import fill
from conftest import ADMIN, RECOVERY_CODE

AS_OF, ISSUED = dt.date(2024, 6, 1), dt.date(2024, 4, 5)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("job") / "commune.db"
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        fill(store)
    return path


def _built(db: Path, **kwargs):
    steps: list[int] = []
    report = build_report(db, quarter(2024, 1), as_of=AS_OF, issued_on=ISSUED,
                          progress=lambda done, total: steps.append(done * 100 // total),
                          cancelled=lambda: False, **kwargs)
    return report, steps


def test_the_report_is_built_with_progress_to_the_end(db: Path) -> None:
    report, steps = _built(db)
    assert report.pdf is not None and report.pdf.startswith(b"%PDF")
    assert report.stats.total.meetings > 0
    assert steps == sorted(steps) and steps[-1] == 100
    assert max(s for s in steps if s <= FIGURES_SHARE) == FIGURES_SHARE  # the queries end at their share


def test_without_its_pdf_the_figures_fill_the_bar(db: Path) -> None:
    report, steps = _built(db, with_pdf=False)
    assert report.pdf is None and steps[-1] == 100
    assert report.stats == _built(db)[0].stats
    with pytest.raises(ValueError):
        write_report(report, db.parent / "bc.pdf")


@pytest.mark.parametrize("name", ["bc.pdf", "bc.xlsx", "bc.csv"])
def test_each_format_holds_the_same_figures(db: Path, tmp_path: Path, name: str) -> None:
    report, _steps = _built(db)
    assert write_report(report, tmp_path / name) == tmp_path / name
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary left beside it
    meetings = str(report.stats.total.meetings)
    if name.endswith(".pdf"):
        assert (tmp_path / name).read_bytes() == report.pdf
    elif name.endswith(".xlsx"):
        cells = {str(c.value) for ws in load_workbook(tmp_path / name) for row in ws.iter_rows() for c in row}
        assert meetings in cells
    else:
        with open(tmp_path / name, encoding="utf-8-sig", newline="") as handle:
            assert any(meetings in row for row in csv.reader(handle))


def test_the_job_form_returns_the_report(db: Path) -> None:
    work = report_work(db, quarter(2024, 1), as_of=AS_OF, issued_on=ISSUED)
    report = work(progress=lambda done, total: None, cancelled=lambda: False)
    assert report.stats == _built(db)[0].stats and report.pdf


def test_cancel_stops_the_work(db: Path) -> None:
    looks = iter([False] * 6 + [True] * 100)  # past the queries, into the PDF's tables
    with pytest.raises(Cancelled):
        build_report(db, quarter(2024, 1), as_of=AS_OF, issued_on=ISSUED, progress=lambda done, total: None,
                     cancelled=lambda: next(looks))


def test_a_failed_write_leaves_the_old_file(db: Path, tmp_path: Path) -> None:
    report, _steps = _built(db)
    out = tmp_path / "bc.xlsx"
    out.write_bytes(b"the earlier report")
    with pytest.raises(Cancelled):
        write_report(report, out, progress=lambda done, total: None, cancelled=lambda: True)
    assert out.read_bytes() == b"the earlier report" and [p.name for p in tmp_path.iterdir()] == ["bc.xlsx"]


def test_a_format_it_cannot_write_is_refused(db: Path, tmp_path: Path) -> None:
    report, _steps = _built(db)
    with pytest.raises(OutputFileError, match=".xlsx"):
        write_report(report, tmp_path / "bc.odt")
    assert list(tmp_path.iterdir()) == []

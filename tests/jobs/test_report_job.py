"""The report screen's work, run as a plain function (no Qt): progress to the end, the file
whole, and after Cancel no file at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import Cancelled, OutputFileError
from qcdc_desktop.core.statistics import quarter
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.jobs.report import report_work
from report_fixture import fill


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("job") / "commune.db"
    with init_store(path, resolve_unit("00004", "commune")) as store:
        fill(store)
    return path


@pytest.mark.parametrize("name", ["bc.pdf", "bc.xlsx", "bc.csv"])
def test_the_report_is_written_with_progress_to_the_end(db: Path, tmp_path: Path, name: str) -> None:
    steps: list[int] = []
    work = report_work(db, period=quarter(2024, 1), out=tmp_path / name, as_of=dt.date(2024, 6, 1),
                       issued_on=dt.date(2024, 4, 5))
    assert work(progress=lambda done, total: steps.append(done * 100 // total), cancelled=lambda: False) == tmp_path / name
    assert (tmp_path / name).stat().st_size > 0 and [p.name for p in tmp_path.iterdir()] == [name]
    assert steps == sorted(steps) and steps[-1] == 100


def test_cancel_leaves_no_file(db: Path, tmp_path: Path) -> None:
    looks = iter([False] * 6 + [True] * 100)  # past the queries, into the PDF's tables
    work = report_work(db, period=quarter(2024, 1), out=tmp_path / "bc.pdf", as_of=dt.date(2024, 6, 1),
                       issued_on=dt.date(2024, 4, 5))
    with pytest.raises(Cancelled):
        work(progress=lambda done, total: None, cancelled=lambda: next(looks))
    assert list(tmp_path.iterdir()) == []


def test_a_format_it_cannot_write_is_refused_at_once(db: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputFileError, match=".xlsx"):
        report_work(db, period=quarter(2024, 1), out=tmp_path / "bc.docx", as_of=dt.date(2024, 6, 1),
                    issued_on=dt.date(2024, 4, 5))

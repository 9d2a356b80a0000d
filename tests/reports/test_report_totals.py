"""Every statistics report of a realistic year (``qcdc demo``), for the year and for each quarter,
agrees with itself: the answered count and share of its summary and opening words are the row
"answered at the meeting" of its table of outcomes, and every table adds up to the meetings,
opinions or tasks of the period — also when some opinions were stored by an earlier version with
"answered" and the outcome saying different things (docs/record-format.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import run_qcdc
from qcdc_desktop.core.catalog import OUTCOMES
from qcdc_desktop.core.report_tables import ReportTable, report_opening, report_tables
from qcdc_desktop.core.statistics import Period, quarter, share_text, year_period
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.meetings import iter_meetings
from qcdc_desktop.db.statistics import build_statistics
from qcdc_desktop.l10n import format_number

AS_OF = dt.date(2026, 6, 30)
PERIODS = [year_period(2025), *(quarter(2025, n) for n in (1, 2, 3, 4)), year_period(2026), quarter(2026, 1)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year and a half of demo meetings; then, as an earlier version wrote them, a few opinions
    answered with no outcome and a few answered with another outcome."""
    path = tmp_path_factory.mktemp("totals") / "commune.db"
    assert run_qcdc("init", "--db", str(path), "--unit-code", "00004").returncode == 0
    made = run_qcdc("demo", "--db", str(path), "--meetings", "40", "--seed", "5", "--until", str(AS_OF))
    assert made.returncode == 0, made.stderr
    with open_store(path) as store, store.transaction() as conn:
        answered = [r[0] for r in conn.execute("SELECT id FROM opinions WHERE outcome = 'answered' ORDER BY id")]
        others = [r[0] for r in conn.execute("SELECT id FROM opinions WHERE outcome = 'forwarded' ORDER BY id")]
        assert len(answered) > 20 and len(others) > 6
        conn.executemany("UPDATE opinions SET outcome = NULL WHERE id = ?", [(i,) for i in answered[::4]])
        conn.executemany("UPDATE opinions SET answered = 1, answer = 'Đã giải thích tại hội nghị.' WHERE id = ?",
                         [(i,) for i in others[::3]])
    return path


def column(table: ReportTable, index: int) -> list:
    body = table.rows[:-1] if table.total_row else table.rows
    return [row[index] for row in body]


def by_key(tables: list[ReportTable]) -> dict[str, ReportTable]:
    return {table.key: table for table in tables}


def counted(path: Path, period: Period) -> dict[str, int]:
    """The period's figures counted one record at a time, as the form and the papers read them."""
    counts = {"meetings": 0, "opinions": 0, "answered": 0, "undecided": 0, "tasks": 0}
    with open_store(path, readonly=True, check=False) as store:
        for meeting in iter_meetings(store):
            if not period.start <= meeting.held_on <= period.end or meeting.status == "planned":
                continue
            counts["meetings"] += 1
            counts["tasks"] += len(meeting.conclusions)
            for opinion in meeting.opinions:
                assert opinion.answered == (opinion.outcome == "answered")  # one fact, however stored
                counts["opinions"] += 1
                counts["answered"] += opinion.answered
                counts["undecided"] += opinion.outcome is None
    return counts


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.kind}-{p.year}-{p.index}")
def test_a_report_agrees_with_itself_and_with_the_records(demo_file: Path, period: Period) -> None:
    with open_store(demo_file, readonly=True, check=False) as store:
        stats = build_statistics(store, period, as_of=AS_OF)
    truth = counted(demo_file, period)
    assert truth["meetings"] > 0 and truth["opinions"] > 0  # the period is not empty
    f = stats.total
    assert (f.meetings, f.opinions, f.answered, f.tasks) == (
        truth["meetings"], truth["opinions"], truth["answered"], truth["tasks"])

    tables = by_key(report_tables(stats))
    summary = dict(tables["summary"].rows)
    outcomes = tables["outcomes"]
    answered_row = next(row for row in outcomes.rows if row[0] == OUTCOMES.label("answered"))
    assert summary[tables["summary"].rows[4][0]] == answered_row[1] == truth["answered"]
    assert summary[tables["summary"].rows[5][0]] == answered_row[2] == truth["answered"] / truth["opinions"]
    undecided = [row[1] for row in outcomes.rows[:-1] if row[0] not in {c.label for c in OUTCOMES}]
    assert sum(undecided) == truth["undecided"]
    opening = " ".join(report_opening(stats))
    assert f"{format_number(answered_row[1])} " in opening and f"({share_text(answered_row[2])})" in opening

    wholes = {"kinds": f.meetings, "tracks": f.meetings, "chairs": f.meetings, "months": f.meetings,
              "fields": f.opinions, "outcomes": f.opinions, "tasks": f.tasks, "hamlets": f.opinions}
    for key, whole in wholes.items():
        if key == "hamlets" and key not in tables:
            continue
        table = tables[key]
        assert table.total_row and table.rows[-1][1] == whole == sum(column(table, 1)), key
    hamlets = tables["hamlets"]
    assert sum(column(hamlets, 2)) == hamlets.rows[-1][2] == truth["answered"]

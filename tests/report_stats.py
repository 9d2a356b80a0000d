"""Statistics of report_fixture.py's meetings, built once per test module that asks (a data file
in a temporary folder, then the values only)."""

from __future__ import annotations

from pathlib import Path

from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.statistics import Period, Statistics, quarter
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.meetings import insert_meetings
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.db.statistics import build_statistics
from conftest import ADMIN, RECOVERY_CODE, TODAY, minimal_meeting
from report_fixture import fill


def fixture_statistics(folder: Path, period: Period | None = None, *, second_office: bool = False) -> Statistics:
    """The figures of the hand-made meetings for ``period`` (default the first quarter of 2024);
    with ``second_office`` a meeting recorded by commune 00008 joins them, as at the upper level."""
    with init_store(folder / "report.db", resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        fill(store)
        if second_office:
            other = parse_meetings([minimal_meeting(held_on="2024-02-01", participants=7)], today=TODAY)
            with store.transaction() as conn:
                insert_meetings(conn, other, origin="00008", make_id=IdMaker("00008"))
        return build_statistics(store, period or quarter(2024, 1), as_of=TODAY)

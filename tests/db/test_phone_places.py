"""A citizen's phone number shows only where docs/roles.md says (the meeting form, the dump, the
history, the conflicts kept aside: masked for a viewer there); the other places that show records
hold none at all, whoever reads them: every column of every list, the search, the report's files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from conftest import TODAY, add_to, full_meeting
from qcdc_desktop.core.statistics import Period
from qcdc_desktop.db import lists
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.list_specs import LISTS, ListQuery
from qcdc_desktop.db.search import search
from qcdc_desktop.db.statistics import build_statistics
from qcdc_desktop.reports.csvfile import write_csv

PHONE = "0912 345 678"  # the first opinion's of the full meeting


@pytest.fixture
def recorded(store: Store) -> Store:
    meeting = full_meeting()
    assert meeting["opinions"][0]["phone"] == PHONE
    add_to(store, meeting)
    return store


def _digits(value: object) -> str:
    return re.sub(r"\D", "", str(value))


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_no_list_shows_a_phone_number_in_any_column(recorded: Store, kind: str) -> None:
    spec = LISTS[kind]
    rowids = lists.all_rowids(recorded.conn, ListQuery(spec, today=TODAY))
    rows = lists.rows_for(recorded.conn, spec, rowids, TODAY)
    assert rows
    assert not any(_digits(PHONE) in _digits(value) for row in rows.values() for value in row)


@pytest.mark.parametrize("query", [PHONE, "0912345678", "0912", "345 678"])
def test_the_search_finds_nothing_by_a_phone_number(recorded: Store, query: str) -> None:
    assert search(recorded, query) == []
    assert search(recorded, "Trần Thị Bình")  # the opinion itself is found by what it says


def test_the_reports_files_hold_no_phone_number(recorded: Store, tmp_path: Path) -> None:
    stats = build_statistics(recorded, Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), as_of=TODAY)
    out = tmp_path / "report.csv"
    write_csv(stats, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "Thôn 3" in text  # the hamlet of the opinion with a phone is reported
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert PHONE not in text and not any(_digits(PHONE) in _digits(cell) for cell in cells)

"""Reporting periods: calendar and cut-off days, inclusive ends, leap years, the written forms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc_desktop import l10n
from qcdc_desktop.core.statistics import (
    PeriodError,
    custom,
    first_half,
    month,
    nine_months,
    parse_period,
    period_title,
    quarter,
    share_text,
    year_period,
)

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def test_calendar_periods() -> None:
    assert (quarter(2026, 1).start, quarter(2026, 1).end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert (quarter(2026, 4).start, quarter(2026, 4).end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert (first_half(2026).start, first_half(2026).end) == (D(2026, 1, 1), D(2026, 6, 30))
    assert nine_months(2026).end == D(2026, 9, 30)
    assert (year_period(2026).start, year_period(2026).end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert year_period(2026).days == 365


def test_the_government_reporting_year_15_12_to_14_06() -> None:
    half = first_half(2026, cutoff_day=15)
    assert (half.start, half.end) == (D(2025, 12, 15), D(2026, 6, 14))
    assert (year_period(2026, cutoff_day=15).start, year_period(2026, cutoff_day=15).end) == (D(2025, 12, 15),
                                                                                               D(2026, 12, 14))
    assert (quarter(2026, 2, cutoff_day=15).start, quarter(2026, 2, cutoff_day=15).end) == (D(2026, 3, 15),
                                                                                             D(2026, 6, 14))
    assert nine_months(2026, cutoff_day=15).end == D(2026, 9, 14)
    assert (month(2026, 1, cutoff_day=15).start, month(2026, 1, cutoff_day=15).end) == (D(2025, 12, 15),
                                                                                         D(2026, 1, 14))


def test_february_in_leap_years() -> None:
    assert month(2028, 2).end == D(2028, 2, 29) and month(2028, 2).days == 29
    assert month(2026, 2).end == D(2026, 2, 28) and month(2026, 2).days == 28
    assert month(2100, 2).end == D(2100, 2, 28)  # a century is not leap unless divisible by 400
    assert month(2000, 2).end == D(2000, 2, 29)
    assert month(2024, 3, cutoff_day=15).days == 29  # 15/02 - 14/03 across a leap February
    assert month(2023, 3, cutoff_day=15).days == 28
    assert year_period(2024).days == 366


@given(st.integers(1901, 2200), st.integers(1, 28))
def test_months_and_quarters_tile_the_reporting_year_without_gap_or_overlap(year: int, cutoff: int) -> None:
    months = [month(year, m, cutoff_day=cutoff) for m in range(1, 13)]
    assert months[0].start == year_period(year, cutoff_day=cutoff).start
    assert months[-1].end == year_period(year, cutoff_day=cutoff).end
    for before, after in zip(months, months[1:]):
        assert before.end + ONE_DAY == after.start
    assert month(year, 12, cutoff_day=cutoff).end + ONE_DAY == month(year + 1, 1, cutoff_day=cutoff).start
    quarters = [quarter(year, q, cutoff_day=cutoff) for q in range(1, 5)]
    assert [q.start for q in quarters] == [months[i].start for i in (0, 3, 6, 9)]
    assert first_half(year, cutoff_day=cutoff).end == quarters[1].end
    assert sum(q.days for q in quarters) == year_period(year, cutoff_day=cutoff).days


def test_written_periods() -> None:
    assert parse_period("2026-H1", cutoff_day=15).start == D(2025, 12, 15)
    assert (parse_period("2026-q3").start, parse_period("2026-q3").end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert parse_period("2026-9M").kind == "nine_months"
    assert parse_period(" 2026 ").kind == "year"
    assert (parse_period("2026-02").start, parse_period("2026-02").end) == (D(2026, 2, 1), D(2026, 2, 28))


@pytest.mark.parametrize("spec", ["2026-Q5", "2026-Q0", "2026-13", "2026-00", "26", "2026-H2", "", "2026/01",
                                  "2026-1"])
def test_unreadable_periods_are_refused_with_a_sentence(spec: str) -> None:
    with pytest.raises(PeriodError, match="2026-Q1"):
        parse_period(spec)


@pytest.mark.parametrize("cutoff", [0, 29, 31, -1])
def test_cut_off_days_outside_1_to_28_are_refused(cutoff: int) -> None:
    with pytest.raises(PeriodError):
        quarter(2026, 1, cutoff_day=cutoff)


def test_a_custom_period_may_be_one_day_but_not_reversed() -> None:
    assert custom(D(2026, 3, 5), D(2026, 3, 5)).days == 1
    with pytest.raises(PeriodError, match="2026-03-04"):
        custom(D(2026, 3, 5), D(2026, 3, 4))


def test_titles_in_vietnamese_and_english() -> None:
    assert period_title(first_half(2026, cutoff_day=15)) == "6 tháng đầu năm 2026"
    assert period_title(quarter(2026, 3)) == "quý III năm 2026"
    assert period_title(month(2026, 3)) == "tháng 3 năm 2026"
    assert period_title(year_period(2026)) == "năm 2026"
    assert period_title(custom(D(2026, 3, 1), D(2026, 3, 20))) == "từ ngày 01/03/2026 đến ngày 20/03/2026"
    assert share_text(0.825) == "82,5%" and share_text(None) == "—"
    l10n.set_language("en")
    assert period_title(nine_months(2026)) == "first 9 months of 2026"
    assert share_text(0.825) == "82.5%"


def test_a_period_is_asked_for_one_way_only() -> None:
    from qcdc_desktop.core.statistics import choose_period

    assert choose_period(spec="2026-H1", cutoff_day=15).start == D(2025, 12, 15)
    assert choose_period(start=D(2026, 1, 1), end=D(2026, 1, 31)).days == 31
    with pytest.raises(PeriodError, match="--period"):
        choose_period(spec="2026", start=D(2026, 1, 1))
    with pytest.raises(PeriodError, match="--from"):
        choose_period(start=D(2026, 1, 1))

"""Reporting periods and the figures of a statistics report: plain values, no I/O.

A period is two inclusive dates.  Government reporting uses cut-off days: with cut-off day 15 the
reporting year 2026 runs from 15/12/2025 to 14/12/2026, so "6 months 2026" is 15/12/2025 to
14/06/2026 and a month is from the 15th of the month before to the 14th.  Cut-off day 1 gives
calendar periods.  The SQL that fills :class:`Statistics` is in ``db.statistics``; the PDF, Excel
and CSV renderers take these values and nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..l10n import _, format_date, format_percent
from .errors import QcdcError
from .followup import TaskDue

OVERDUE_LISTED = 50  # overdue tasks a report lists by name (all are counted)
MAX_CUTOFF_DAY = 28  # every month has the day before it, so every period has an end
_ROMAN = ("I", "II", "III", "IV")


class PeriodError(QcdcError):
    """A period that cannot be reported on: reversed, unreadable, or a bad cut-off day."""

    code = "bad_period"


@dataclass(frozen=True)
class Period:
    """The inclusive dates ``start``..``end`` and what they are (``kind``, ``year``, ``index``: the
    month 1-12, quarter 1-4 or half 1; 0 for the 9 months, the year and a custom period)."""

    start: dt.date
    end: dt.date
    kind: str = "custom"
    year: int = 0
    index: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def check_cutoff(cutoff_day: object) -> None:
    """Refuse, with a sentence, a cut-off day that is not a day 1-28."""
    if not isinstance(cutoff_day, int) or not 1 <= cutoff_day <= MAX_CUTOFF_DAY:
        raise PeriodError(_("The cut-off day must be a day of the month from 1 to %(max)d.") % {"max": MAX_CUTOFF_DAY})


def _month_start(year: int, month: int, cutoff_day: int) -> dt.date:
    """First day of reporting month ``month``: the 1st, or the cut-off day of the month before."""
    if cutoff_day == 1:
        return dt.date(year, month, 1)
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return dt.date(year, month, cutoff_day)


def _month_end(year: int, month: int, cutoff_day: int) -> dt.date:
    """Last day of reporting month ``month``: the last of the month, or the day before the cut-off."""
    if cutoff_day == 1:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, cutoff_day - 1)


def _months(kind: str, year: int, first: int, last: int, index: int, cutoff_day: int) -> Period:
    check_cutoff(cutoff_day)
    if not 1 <= year <= 9998:
        raise PeriodError(_("%(year)s is not a year that can be reported on.") % {"year": year})
    return Period(_month_start(year, first, cutoff_day), _month_end(year, last, cutoff_day), kind, year, index)


def month(year: int, number: int, *, cutoff_day: int = 1) -> Period:
    """Reporting month ``number`` (1-12) of ``year``."""
    if not 1 <= number <= 12:
        raise PeriodError(_("A month is numbered 1 to 12."))
    return _months("month", year, number, number, number, cutoff_day)


def quarter(year: int, number: int, *, cutoff_day: int = 1) -> Period:
    """Reporting quarter ``number`` (1-4) of ``year``."""
    if not 1 <= number <= 4:
        raise PeriodError(_("A quarter is numbered 1 to 4."))
    return _months("quarter", year, 3 * number - 2, 3 * number, number, cutoff_day)


def first_half(year: int, *, cutoff_day: int = 1) -> Period:
    """The first 6 months of ``year`` (the "6 tháng đầu năm" report)."""
    return _months("half", year, 1, 6, 1, cutoff_day)


def nine_months(year: int, *, cutoff_day: int = 1) -> Period:
    """The first 9 months of ``year``."""
    return _months("nine_months", year, 1, 9, 0, cutoff_day)


def year_period(year: int, *, cutoff_day: int = 1) -> Period:
    """The whole reporting year."""
    return _months("year", year, 1, 12, 0, cutoff_day)


def custom(start: dt.date, end: dt.date) -> Period:
    """Any period chosen by hand; refused, with a sentence, when it ends before it starts."""
    if end < start:
        raise PeriodError(_("The period ends (%(end)s) before it starts (%(start)s); give the earlier date first.")
                          % {"start": start.isoformat(), "end": end.isoformat()})
    return Period(start, end)


_SPEC = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1|9M|0[1-9]|1[0-2]))?$", re.IGNORECASE)


def parse_period(spec: str, *, cutoff_day: int = 1) -> Period:
    """A period written "2026" (year), "2026-Q1" (quarter), "2026-H1" (6 months), "2026-9M"
    (9 months) or "2026-03" (month)."""
    match = _SPEC.match(spec.strip())
    if not match:
        raise PeriodError(_("%(spec)r is not a period; write 2026, 2026-Q1, 2026-H1, 2026-9M or 2026-03.")
                          % {"spec": spec[:40]})
    year, part = int(match[1]), (match[2] or "").upper()
    if not part:
        return year_period(year, cutoff_day=cutoff_day)
    if part.startswith("Q"):
        return quarter(year, int(part[1]), cutoff_day=cutoff_day)
    if part == "H1":
        return first_half(year, cutoff_day=cutoff_day)
    if part == "9M":
        return nine_months(year, cutoff_day=cutoff_day)
    return month(year, int(part), cutoff_day=cutoff_day)


def choose_period(*, spec: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
                  cutoff_day: int = 1) -> Period:
    """The period a person asked for: written (``spec``, see :func:`parse_period`) or by its two
    dates, never both; refused with a sentence when missing, mixed or reversed."""
    if spec is not None:
        if start is not None or end is not None:
            raise PeriodError(_("Give either --period or --from and --to, not both."))
        return parse_period(spec, cutoff_day=cutoff_day)
    if start is None or end is None:
        raise PeriodError(_("Give the period: --from DATE --to DATE, or --period such as 2026-H1."))
    return custom(start, end)


def period_title(period: Period) -> str:
    """How the report's summary line names the period: "6 tháng đầu năm 2026", "quý I năm 2026"."""
    values = {"year": period.year, "n": period.index,
              "roman": _ROMAN[period.index - 1] if period.kind == "quarter" else ""}
    if period.kind == "month":
        return _("month %(n)d of %(year)d") % values
    if period.kind == "quarter":
        return _("quarter %(roman)s of %(year)d") % values
    if period.kind == "half":
        return _("first 6 months of %(year)d") % values
    if period.kind == "nine_months":
        return _("first 9 months of %(year)d") % values
    if period.kind == "year":
        return _("year %(year)d") % values
    return _("from %(start)s to %(end)s") % {"start": format_date(period.start), "end": format_date(period.end)}


# ---- the figures --------------------------------------------------------------------------------

Counts = tuple[tuple[str, int], ...]  # (code or name, count), in the order to show them


@dataclass(frozen=True)
class HamletFigures:
    """Opinions raised by the people of one thôn / tổ dân phố (the speaker's address)."""

    hamlet: str
    opinions: int
    answered: int


@dataclass(frozen=True)
class Figures:
    """What the seed reports count, for one office or for all of them together.

    Meetings are those held in the period (planned ones are counted apart and have no
    participants or opinions); opinions are those raised at them; tasks are the conclusions of
    those meetings, with their progress judged on the report's ``as_of`` day.
    """

    meetings: int
    planned: int
    participants: int
    opinions: int
    answered: int  # answered at the meeting itself
    tasks: int
    meetings_by_kind: Counts
    meetings_by_track: Counts
    meetings_by_chair: Counts  # by the chair's title, most meetings first
    meetings_by_month: Counts  # "YYYY-MM" of every month of the period, in order
    opinions_by_field: Counts
    opinions_by_outcome: Counts  # outcome code; "" for opinions whose outcome is not decided yet
    tasks_by_progress: Counts
    hamlets: tuple[HamletFigures, ...]  # most opinions first

    @property
    def answered_share(self) -> float | None:
        """The share of opinions answered at the meeting (0..1), None when there were none."""
        return self.answered / self.opinions if self.opinions else None

    @property
    def done_share(self) -> float | None:
        """The share of tasks completed (on time or late), None when there were none."""
        done = sum(n for code, n in self.tasks_by_progress if code in ("done_on_time", "done_late"))
        return done / self.tasks if self.tasks else None


@dataclass(frozen=True)
class OfficeFigures:
    """The figures of one office (commune) at the upper level; ``origin`` is its unit code."""

    origin: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class CoveredOffice:
    """A commune as the upper level's report covers it: when its last bundle came and how far its
    data goes (None: never)."""

    code: str
    name: str
    last_received: dt.date | None
    data_until: dt.date | None


@dataclass(frozen=True)
class Coverage:
    """Which communes of the province the figures come from: those whose data was received
    recently enough to cover the period (``reporting``), those whose last bundle is older than
    ``stale_before`` (``stale``), and those that never sent one (``never``)."""

    stale_before: dt.date
    reporting: tuple[CoveredOffice, ...]
    stale: tuple[CoveredOffice, ...]
    never: tuple[CoveredOffice, ...]

    @property
    def total(self) -> int:
        return len(self.reporting) + len(self.stale) + len(self.never)


@dataclass(frozen=True)
class Statistics:
    """A statistics report: the period, the day task progress is judged on, the totals and, at
    the upper level (or whenever records come from more than one office), the figures of each."""

    period: Period
    as_of: dt.date
    unit_code: str
    unit_name: str
    total: Figures
    offices: tuple[OfficeFigures, ...] = ()
    overdue_tasks: tuple[TaskDue, ...] = ()  # the longest overdue first, at most OVERDUE_LISTED
    coverage: Coverage | None = None  # at a province: which communes the figures come from


def share_text(share: float | None) -> str:
    """A share as the report prints it: "82,5%" in Vietnamese, "82.5%" in English; "—" for none."""
    return "—" if share is None else format_percent(share)

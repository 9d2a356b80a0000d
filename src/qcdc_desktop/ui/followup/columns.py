"""The columns of the Follow-up place's tables: the tasks overdue or due soon (their deadline and
the time left), and the meetings late with their notice, publication or announcement, each with
the date or the days that make it late.  At the upper level a Commune column comes first."""

from __future__ import annotations

import datetime as dt

from ... import l10n
from ...core.catalog import MEETING_STATUSES
from ...core.followup import MeetingLate, TaskDue
from ...db.units import office_label
from ...l10n import _
from ..widgets.row_models import Column
from .sections import days_text


def task_when(t: TaskDue) -> str:
    if t.days_left < 0:
        return _("overdue by %(days)s") % {"days": days_text(-t.days_left)}
    if t.days_left == 0:
        return _("due today")
    return _("due in %(days)s") % {"days": days_text(t.days_left)}


def _commune(item: TaskDue | MeetingLate) -> str:
    return office_label(item.origin)  # by name, with its code beside it


def task_columns(upper: bool) -> list[Column[TaskDue]]:
    columns: list[Column[TaskDue]] = [
        Column(_("Deadline"), lambda t: l10n.format_date(t.deadline)),
        Column(_("Time left"), task_when),
        Column(_("Task"), lambda t: t.content),
        Column(_("Responsible"), lambda t: t.assignee),
    ]
    return [Column(_("Commune"), _commune), *columns] if upper else columns


def _date_or(value: dt.date | None, missing: str) -> str:
    return l10n.format_date(value) if value else missing


def meeting_columns(section: str, upper: bool) -> list[Column[MeetingLate]]:
    columns: list[Column[MeetingLate]] = [
        Column(_("Meeting date"), lambda m: l10n.format_date(m.held_on)),
        Column(_("Meeting"), lambda m: m.title),
    ]
    if section == "without_notice":
        columns += [Column(_("Status"), lambda m: MEETING_STATUSES.label(m.status) if m.status in MEETING_STATUSES
                           else m.status),
                    Column(_("Since the meeting"), lambda m: days_text(m.days), right=True)]
    elif section == "unpublished":
        columns += [Column(_("First published"), lambda m: _date_or(m.date, _("not yet"))),
                    Column(_("Since the meeting"), lambda m: days_text(m.days), right=True)]
    else:
        columns += [Column(_("Public notice"), lambda m: _date_or(m.date, _("none yet"))),
                    Column(_("Days short of 7"), lambda m: days_text(m.days), right=True)]
    return [Column(_("Commune"), _commune), *columns] if upper else columns

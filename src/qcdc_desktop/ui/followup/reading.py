"""What the Follow-up place reads, on the database worker: the office (whether it is the upper
level), what needs attention, the citizens' requests not yet answered for a person who keeps
that register, and at the upper level the offices for the commune filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...core.followup import FollowUp
from ...core.person_requests import PersonRequest
from ...core.roles import Operation, allowed
from ...db.connection import Store
from ...db.followup import Scope, follow_up
from ...db.list_specs import offices
from ...db.person_requests import waiting_requests
from ...db.units import get_unit


@dataclass(frozen=True)
class FollowUpReading:
    """What the page shows: the office (its code; whether it is the upper level) and what needs
    attention."""

    origin: str
    upper: bool
    follow_up: FollowUp
    requests: tuple[PersonRequest, ...] = ()  # citizens' requests about their data not yet answered
    requests_count: int | None = None  # None: the person's role does not keep that register
    offices: tuple[str, ...] = ()  # at the upper level: the offices with meetings, for the commune filter


def read_follow_up(store: Store, *, today: dt.date, notice_days: int, scope: Scope = Scope()) -> FollowUpReading:
    """The reading of the page (an operation for the database worker)."""
    keeps = store.user is not None and allowed(store.user.role, Operation.PERSON_REQUESTS)
    requests, count = waiting_requests(store) if keeps else ((), None)
    upper = get_unit(store).role == "upper"
    return FollowUpReading(store.origin, upper, follow_up(store, today=today, notice_days=notice_days, scope=scope),
                           requests, count, tuple(offices(store.conn, "meetings")) if upper else ())


def anything_to_follow(f: FollowUp) -> bool:
    return any((f.overdue_count, f.due_soon_count, f.without_notice_count, f.unpublished_count,
                f.announced_late_count))

"""The office's register of citizens' requests about their personal data (Law 91/2025/QH15): a
request added as it comes, its answer recorded once, the register read a page at a time with the
requests still waiting first.

Each write is one transaction; the table's triggers write the history of every change (with the
personal values kept apart, as for every record).  The register never leaves the office.  Keeping
it is ``person_requests`` (administrator, leader, clerk): the person who receives a request at the
desk writes it down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.changes import Changes
from ..core.errors import NotFound, QcdcError
from ..core.ids import IdMaker
from ..core.person_requests import PersonRequest, clean_answer, clean_request
from ..core.roles import Operation
from ..l10n import _
from .connection import Store

KIND = "person_requests"
_COLUMNS = ("id", "received_on", "requester", "subject_name", "subject_phone", "kind", "details", "answered_on",
            "answered_by", "outcome", "erasure_id")
#: The orders the register can be read in: the SQL of each, ascending.  Whatever the order, the
#: requests still waiting come first.
ORDERS: dict[str, str] = {
    "received_on": "received_on, id",
    "waiting": "julianday(coalesce(answered_on, :today)) - julianday(received_on), id",
    "requester": "qcdc_fold(requester), id",
    "subject": "qcdc_fold(subject_name), subject_phone, id",
    "kind": "kind, received_on, id",
    "answered_on": "answered_on, id",
}
PAGE = 200


@dataclass(frozen=True)
class RequestSaved:
    """A request as stored after an operation, and what the operation changed (for the views)."""

    request: PersonRequest
    changes: Changes


@dataclass(frozen=True)
class RequestPage:
    """One page of the register: its requests, how many there are in all, how many wait."""

    requests: tuple[PersonRequest, ...]
    total: int
    waiting: int
    offset: int


def _request(row: tuple[Any, ...]) -> PersonRequest:
    values = dict(zip(_COLUMNS, row))
    return PersonRequest(
        id=values["id"], received_on=dt.date.fromisoformat(values["received_on"]), requester=values["requester"],
        subject_name=values["subject_name"], subject_phone=values["subject_phone"], kind=values["kind"],
        details=values["details"],
        answered_on=dt.date.fromisoformat(values["answered_on"]) if values["answered_on"] else None,
        answered_by=values["answered_by"], outcome=values["outcome"], erasure_id=values["erasure_id"])


def get_request(store: Store, request_id: str) -> PersonRequest:
    """One request of the register; :class:`NotFound` with a sentence when there is none."""
    store.require(Operation.PERSON_REQUESTS)
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM person_requests WHERE id = ?",
                             (request_id,)).fetchone()
    if row is None:
        raise NotFound(_("There is no request %(id)s in the register.") % {"id": request_id[:60]})
    return _request(row)


def add_request(store: Store, *, received_on: dt.date | None, requester: str, subject_name: str = "",
                subject_phone: str = "", kind: str, details: str = "", today: dt.date,
                make_id: IdMaker | None = None) -> RequestSaved:
    """Write a request into the register, checked first (every problem said next to its field;
    nothing written when one is found)."""
    store.require(Operation.PERSON_REQUESTS)
    new = clean_request(received_on=received_on, requester=requester, subject_name=subject_name,
                        subject_phone=subject_phone, kind=kind, details=details, today=today)
    origin = store.origin
    request_id = (make_id or IdMaker(origin))()
    with store.transaction() as conn:
        conn.execute("INSERT INTO person_requests (id, received_on, requester, subject_name, subject_phone, kind, "
                     "details) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (request_id, new.received_on.isoformat(), new.requester, new.subject_name, new.subject_phone,
                      new.kind, new.details))
    changes = Changes()
    changes.note("added", KIND, [request_id])
    return RequestSaved(get_request(store, request_id), changes)


def answer_request(store: Store, *, request_id: str, answered_on: dt.date | None, outcome: str,
                   today: dt.date) -> RequestSaved:
    """Record the answer of a request: the day, what was answered, and the signed-in account that
    records it.  A request is answered once: a second answer is refused (its history would
    otherwise hide the first)."""
    user = store.require(Operation.PERSON_REQUESTS)
    with store.transaction() as conn:
        request = get_request(store, request_id)
        if request.answered_on is not None:
            raise QcdcError(_("The request %(id)s was already answered on %(date)s; an answer is recorded once.")
                            % {"id": request_id, "date": request.answered_on.isoformat()})
        day, text = clean_answer(request, answered_on=answered_on, outcome=outcome, today=today)
        conn.execute("UPDATE person_requests SET answered_on = ?, answered_by = ?, outcome = ? WHERE id = ?",
                     (day.isoformat(), user.login, text, request_id))
    changes = Changes()
    changes.note("updated", KIND, [request_id])
    return RequestSaved(get_request(store, request_id), changes)


def list_requests(store: Store, *, today: dt.date, order: str = "received_on", descending: bool = False,
                  offset: int = 0, limit: int = PAGE) -> RequestPage:
    """A page of the register: the requests still waiting first, then the answered ones, each
    group in ``order`` (a key of :data:`ORDERS`)."""
    store.require(Operation.PERSON_REQUESTS)
    if order not in ORDERS:
        raise QcdcError(_("The register cannot be sorted by %(order)r.") % {"order": order[:40]})
    direction = " DESC" if descending else ""
    keys = ", ".join(part.strip() + direction for part in ORDERS[order].split(","))
    rows = store.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM person_requests ORDER BY answered_on IS NOT NULL, {keys} "
        "LIMIT :limit OFFSET :offset",
        {"today": today.isoformat(), "limit": max(int(limit), 1), "offset": max(int(offset), 0)}).fetchall()
    total, waiting = store.conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE answered_on IS NULL) FROM person_requests").fetchone()
    return RequestPage(tuple(_request(r) for r in rows), int(total), int(waiting), max(int(offset), 0))


def waiting_requests(store: Store, *, limit: int = 100) -> tuple[tuple[PersonRequest, ...], int]:
    """The requests not yet answered, the oldest first (at most ``limit``), and how many there are;
    for the Follow-up place."""
    store.require(Operation.PERSON_REQUESTS)
    rows = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM person_requests WHERE answered_on IS NULL "
                              "ORDER BY received_on, id LIMIT ?", (max(int(limit), 1),)).fetchall()
    (count,) = store.conn.execute("SELECT count(*) FROM person_requests WHERE answered_on IS NULL").fetchone()
    return tuple(_request(r) for r in rows), int(count)

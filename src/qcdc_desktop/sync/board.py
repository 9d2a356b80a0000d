"""The upper level's communes board: every commune of the province, enrolled or not, with its last
bundle, how far its data goes, its overdue tasks, the opinions nobody has decided on, how far its
history was checked, and its problems in words ("silent for 45 days", "not enrolled — tried to
send on 02/12/2026", "a damaged bundle on 01/12/2026, the good copy received").

One reading on the database worker (:func:`communes_board`); the Sync place shows it, sorts it and
writes it as a workbook (work/board.py); ``qcdc status --json`` gives the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.history_labels import DAMAGED, refusal_phrase
from ..db.connection import Store
from ..db.sync_board import OfficeFigures, Refusal, office_figures, received_bundles, refusals
from ..db.sync_store import Peer, PeerStatus, sync_status
from ..db.units import AdminUnit, get_unit
from ..l10n import _, format_number, ngettext
from .status import bundle_day, enrolment_list, history_text


@dataclass(frozen=True)
class BoardRow:
    """One commune on the board."""

    code: str
    name: str
    enrolled: bool
    status: PeerStatus | None  # None: not enrolled
    figures: OfficeFigures
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def attention(self) -> bool:
        """Whether the row is shown in red: something to act on."""
        return bool(self.problems)

    @property
    def history(self) -> str:
        return history_text(self.status) if self.status is not None else ""


NO_FIGURES = OfficeFigures(None, 0, 0)


def communes_board(store: Store, *, today: dt.date, silent_after_days: int) -> list[BoardRow]:
    """The board's rows in the official list's order (the offices enrolled outside it after)."""
    statuses = {s.unit_code: s for s in sync_status(store, silent_after_days=silent_after_days, today=today)}
    units: list[tuple[str, str, Peer | None]] = [(unit.code, unit.name, peer) for unit, peer in _units(store)]
    listed = {code for code, _name, _peer in units}
    units += [(s.unit_code, s.name, None) for code, s in statuses.items() if code not in listed and s.role == "commune"]
    figures = office_figures(store, today=today)
    recent = dt.datetime.combine(today - dt.timedelta(days=silent_after_days), dt.time(),
                                 tzinfo=dt.timezone.utc).isoformat()
    refused = refusals(store)
    good = received_bundles(store, {r.bundle_id for r in refused if r.bundle_id and r.reason in DAMAGED})
    rows = []
    for code, name, _peer in units:
        status = statuses.get(code)
        mine = [r for r in refused if r.origin == code]
        rows.append(BoardRow(code, name, status is not None, status, figures.get(code, NO_FIGURES),
                             tuple(problems_of(status, mine, good, recent))))
    return rows


def _units(store: Store) -> list[tuple[AdminUnit, Peer | None]]:
    return [(unit, peer) for unit, peer in enrolment_list(store) if peer is None or peer.role == "commune"]


def problems_of(status: PeerStatus | None, refused: list[Refusal], good: dict[str, str], recent: str) -> list[str]:
    """A commune's problems in words.  Its refused files count when they came after its last bundle
    (all of them while it is not enrolled); a damaged copy whose good copy came, for ``recent``
    days (a stamp) only."""
    found = []
    last = status.last_received_at if status is not None else None
    if status is None:
        if refused:
            found.append(_("not enrolled — tried to send on %(date)s") % {"date": bundle_day(refused[-1].refused_at)})
    elif status.last_received_at is None:
        found.append(_("enrolled, no bundle received yet"))
    elif status.silent and status.silent_days is not None:
        found.append(ngettext("silent for %(n)s day", "silent for %(n)s days", status.silent_days)
                     % {"n": format_number(status.silent_days)})
    if status is not None:
        if status.forked:
            found.append(_("its data looks restored from a backup (a fork)"))
        if status.conflicts:
            found.append(ngettext("%(n)d conflict", "%(n)d conflicts", status.conflicts) % {"n": status.conflicts})
        if status.history_broken and status.history is not None:
            found.append(_("history broken at entry %(n)s") % {"n": format_number(status.history.broken_at or 0)})
    damaged = [r for r in refused if r.reason in DAMAGED]
    if damaged:
        latest = damaged[-1]
        day = {"date": bundle_day(latest.refused_at)}
        if latest.bundle_id in good:
            if latest.refused_at >= recent:
                found.append(_("a damaged bundle on %(date)s, the good copy received") % day)
        elif last is None or latest.refused_at > last:
            found.append(_("a damaged bundle on %(date)s: ask for it again") % day)
    if status is not None:
        others = [r for r in refused if r.reason not in DAMAGED and (last is None or r.refused_at > last)]
        if others:
            found.append(_("a bundle refused on %(date)s: %(why)s") % {"date": bundle_day(others[-1].refused_at),
                                                                        "why": refusal_phrase(others[-1].reason)})
    return found


def status_json(store: Store, *, today: dt.date, silent_after_days: int) -> list[dict[str, object]]:
    """``qcdc status --json``: at the upper level every commune of the board, elsewhere every office
    enrolled; plain values (dates ISO, counts as numbers, problems as the board words them)."""
    if get_unit(store).role == "upper":
        return [_plain(row.code, row.name, row.status, row.figures, row.problems, enrolled=row.enrolled)
                for row in communes_board(store, today=today, silent_after_days=silent_after_days)]
    return [_plain(s.unit_code, s.name, s, None, tuple(problems_of(s, [], {}, "")), enrolled=True)
            for s in sync_status(store, silent_after_days=silent_after_days, today=today)]


def _plain(code: str, name: str, status: PeerStatus | None, figures: OfficeFigures | None,
           problems: tuple[str, ...], *, enrolled: bool) -> dict[str, object]:
    history: dict[str, object] | None = None
    if status is not None and status.history is not None:
        check = status.history
        history = {"checked_through": check.checked_through, "checked_at": check.checked_at,
                   "broken_at": check.broken_at, "text": history_text(status)}
    return {
        "code": code, "name": name, "enrolled": enrolled,
        "role": status.role if status is not None else "commune",
        "last_bundle_made": status.last_bundle_at if status else None,
        "last_received": status.last_received_at if status else None,
        "bundles": status.bundles if status else 0,
        "days_silent": status.silent_days if status else None,
        "silent": bool(status and status.silent),
        "records_received": dict(status.counts) if status else {},
        "conflicts": status.conflicts if status else 0,
        "forked": bool(status and status.forked),
        "data_up_to": figures.data_until.isoformat() if figures and figures.data_until else None,
        "overdue_tasks": figures.overdue if figures else None,
        "opinions_not_decided": figures.undecided if figures else None,
        "history": history,
        "problems": list(problems),
    }

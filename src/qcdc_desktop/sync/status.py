"""The sync status of enrolled offices in words: one line per office for the command line and the
upper level's sync screen."""

from __future__ import annotations

import datetime as dt

from ..db.connection import Store
from ..db.sync_store import Peer, PeerStatus, list_peers
from ..db.units import AdminUnit, admin_units, get_unit
from ..l10n import _, format_date, format_number, ngettext


def _day(stamp: str) -> str:
    try:
        return format_date(dt.datetime.fromisoformat(stamp).date())
    except (TypeError, ValueError):  # a date an earlier version took from a bundle header
        return "?"


def status_line(row: PeerStatus) -> str:
    """"00004 Phường Ba Đình: last bundle made …, received …; 3 bundles, 1,204 opinions; silent
    for 45 days" in the user's language."""
    values = {"code": row.unit_code, "name": row.name}
    if row.last_received_at is None or row.last_bundle_at is None:
        line = _("%(code)s %(name)s: no bundle yet") % values
    else:
        opinions = row.counts.get("opinions", 0)
        values.update(
            made=_day(row.last_bundle_at), received=_day(row.last_received_at),
            bundles=ngettext("%(n)d bundle", "%(n)d bundles", row.bundles) % {"n": row.bundles},
            opinions=ngettext("%(n)s opinion", "%(n)s opinions", opinions) % {"n": format_number(opinions)})
        line = _("%(code)s %(name)s: last bundle made %(made)s, received %(received)s; %(bundles)s, "
                 "%(opinions)s") % values
    flags = []
    if row.silent and row.silent_days is not None:
        flags.append(ngettext("silent for %(n)d day", "silent for %(n)d days", row.silent_days)
                     % {"n": row.silent_days})
    if row.forked:
        flags.append(_("fork: its data looks restored from a backup"))
    if row.conflicts:
        flags.append(ngettext("%(n)d conflict", "%(n)d conflicts", row.conflicts) % {"n": row.conflicts})
    return line + ("; " + "; ".join(flags) if flags else "")


def enrolment_list(store: Store) -> list[tuple[AdminUnit, Peer | None]]:
    """At a province: every commune of the province in the official list, with its enrolment
    (None: not enrolled yet), in the list's order; elsewhere the enrolled offices only."""
    me = get_unit(store)
    peers = {p.unit_code: p for p in list_peers(store)}
    units = admin_units()
    if me.role == "upper" and len(me.code) == 2:
        return [(u, peers.get(code)) for code, u in units.items()
                if u.level == "commune" and u.province_code == me.code]
    return [(units[code], peer) for code, peer in peers.items() if code in units]

"""The sync status of enrolled offices in words: one line per office for the command line and the
upper level's sync screen."""

from __future__ import annotations

import datetime as dt

from ..db.connection import Store
from ..db.sync_history import CHAIN, DIFFERS, GAP, HEAD, VALUES, HistoryCheck, history_checks
from ..db.sync_store import Peer, PeerStatus, list_peers
from ..db.units import AdminUnit, admin_units, get_unit
from ..l10n import _, format_date, format_number, ngettext


def office_name(code: str) -> str:
    """An office by its name in the official list ("Xã An Bình"), or by its code when not there."""
    unit = admin_units().get(code)
    return unit.name if unit else code


def bundle_day(stamp: str) -> str:
    """The day of a bundle's stamp, as the user's language writes it ("?" for a stamp that is not one)."""
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
            made=bundle_day(row.last_bundle_at), received=bundle_day(row.last_received_at),
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
    history = history_text(row)
    if history:
        flags.append(history)
    return line + ("; " + "; ".join(flags) if flags else "")


def history_text(row: PeerStatus) -> str:
    """At the upper level, how far a commune's history was checked: "history checked up to entry
    57 on 05/03/2026", "history broken at entry 12 (found on …): …", or "history not checked yet";
    nothing for an office whose history this office does not check."""
    check = row.history
    if check is None:
        return _("history not checked yet") if row.role == "commune" and row.bundles else ""
    return check_text(check)


def check_text(check: HistoryCheck) -> str:
    """How far one office's history was checked, or where it broke, in a phrase."""
    if check.broken_at is None:
        return _("history checked up to entry %(n)s on %(date)s") % {"n": format_number(check.checked_through),
                                                                     "date": bundle_day(check.checked_at or "")}
    found = (check.problem or {}).get("found_at")
    return _("history broken at entry %(n)s (found on %(date)s): %(problem)s") % {
        "n": format_number(check.broken_at), "date": bundle_day(found if isinstance(found, str) else ""),
        "problem": history_problem_text(check)}


def broken_histories(store: Store) -> list[str]:
    """At the upper level, one line per commune whose history did not continue what was held
    when a bundle brought it ("02680 Xã Bát Xát: history broken at entry 12 (found on …): …"): the
    evidence kept, said by ``qcdc check`` beside the file's own verdict."""
    names = {peer.unit_code: peer.name for peer in list_peers(store)}
    return [_("%(code)s %(name)s: %(history)s") % {"code": origin, "name": names.get(origin, ""),
                                                   "history": check_text(check)}
            for origin, check in sorted(history_checks(store.conn).items()) if not check.ok]


def history_problem_text(check: HistoryCheck) -> str:
    """What broke a commune's chain, in the reader's language, from the facts kept."""
    facts = check.problem or {}
    code = facts.get("code")
    if code == DIFFERS:
        return _("it came again different from when it was first received (the history was rewritten, or the "
                 "commune's data was restored from a backup)")
    if code == GAP:
        following = facts.get("next")
        return _("it never came; the bundle went on with entry %(next)s (entries were removed)") % {
            "next": format_number(following if isinstance(following, int) else 0)}
    if code == CHAIN:
        return _("it does not follow the entry before it as held here (the history was rewritten)")
    if code == VALUES:
        return _("the personal values kept with it are not the ones its digest commits to (they were changed)")
    if code == HEAD:
        return _("a bundle signed it as the last entry of the history, but the entry held here is another or none "
                 "(the history was cut short or rewritten)")
    return _("the history does not continue the one held here")


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

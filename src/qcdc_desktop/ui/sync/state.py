"""What the Sync place shows, read in one operation on the database worker, and the columns of
its tables in words a clerk understands."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ... import l10n
from ...core.errors import QcdcError
from ...core.model import Unit
from ...core.text import printable
from ...db import sync_keys, sync_store
from ...db.connection import Store
from ...db.forwarded import ForwardedOpinion, ReceivedReply, forwarded_opinions, replies_received
from ...db.messages import Message, directives
from ...db.sync_apply import conflicts
from ...db.sync_board import Outbox, outboxes
from ...db.sync_store import Peer
from ...db.units import get_unit
from ...l10n import _, ngettext
from ...sync.export import Exported, written_sentence
from ...sync.importer import BundleReport
from ...sync.payload import KIND_NAMES, counts_words
from ...sync.keys import ensure_office_keys
from ...sync.board import BoardRow
from ...work.board import read_board
from ..widgets.cells import origin_name
from ..widgets.row_models import Column


@dataclass(frozen=True)
class ExportRow:
    destination: str
    number: int
    file_name: str
    created_at: str
    confirmed: bool


@dataclass
class SyncState:
    unit: Unit
    fingerprint: str  # "" when the keys cannot be unlocked; ``key_problem`` says why
    key_problem: str = ""
    peers: list[Peer] = field(default_factory=list)
    exports: list[ExportRow] = field(default_factory=list)
    board: list[BoardRow] = field(default_factory=list)  # at the upper level: every commune
    outboxes: list[Outbox] = field(default_factory=list)  # at the upper level: what waits to go down
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    directives: list[Message] = field(default_factory=list)
    forwarded: list[ForwardedOpinion] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)  # the key each office uses now
    replies: list[ReceivedReply] = field(default_factory=list)

    @property
    def upper(self) -> bool:
        return self.unit.role == "upper"

    def upper_peer(self) -> Peer | None:
        return next((p for p in self.peers if p.role == "upper"), None)


def read_sync_state(store: Store, *, silent_after_days: int = 30, last_exports: int = 10,
                    today: dt.date | None = None) -> SyncState:
    """The Sync place's reading (an operation for the database worker; it makes the office's keys
    the first time, as an export would)."""
    unit = get_unit(store)
    try:
        state = SyncState(unit, ensure_office_keys(store).fingerprint)
    except QcdcError as error:
        state = SyncState(unit, "", error.message)
    state.peers = sync_store.list_peers(store)
    for peer in state.peers:
        key = sync_keys.active_peer_key(store, peer.unit_code)
        if key is not None:
            state.fingerprints[peer.unit_code] = key.fingerprint
    exports = []
    for peer in state.peers:
        for row in sync_store.exported_bundles(store, peer.unit_code):
            exports.append(ExportRow(peer.unit_code, row["number"], row["file_name"], row["created_at"],
                                     row["upto"] <= peer.confirmed))
    state.exports = sorted(exports, key=lambda e: e.created_at, reverse=True)[:last_exports]
    state.conflicts = conflicts(store)
    if state.upper:
        state.board = read_board(store, today=today or dt.date.today(), silent_after_days=silent_after_days)
        state.outboxes = outboxes(store)
        state.forwarded = forwarded_opinions(store)
    else:
        state.directives = directives(store)
        state.replies = replies_received(store)
    return state


def stamp_text(stamp: str | None) -> str:
    """A stored UTC time stamp as a local date and time."""
    if not stamp:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):  # a bundle date an earlier version took in: shown as it came
        return printable(str(stamp))
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{l10n.format_date(moment.date())} {moment:%H:%M}"


def counts_text(counts: dict[str, int]) -> str:
    return counts_words(counts) or _("nothing new")


def outcome_label(report: BundleReport) -> str:
    return {"applied": _("Applied"), "already": _("Already applied"), "superseded": _("Superseded"),
            "waiting": _("Waiting for an earlier bundle"), "rejected": _("Rejected"),
            "failed": _("Not applied, try again")}.get(report.outcome, report.outcome)


def report_columns() -> list[Column[BundleReport]]:
    return [
        Column(_("File"), lambda r: printable(r.path.name)),  # a name may hold a line break
        Column(_("From"), sender_text),
        Column(_("Import result"), outcome_label),
        Column(_("Details"), lambda r: r.message),
        Column(_("Kept aside in"), lambda r: str(r.quarantined) if r.quarantined else ""),
    ]


def sender_text(report: BundleReport) -> str:
    """Who sent a bundle; for a refused file, who its header says (unverified, and said so)."""
    if report.origin:
        return origin_name(report.origin)
    if report.claimed_origin:
        return _("%(office)s, as the file says") % {"office": origin_name(report.claimed_origin)}
    return "—"


def report_is_bad(report: BundleReport) -> bool:
    return report.outcome in ("rejected", "failed") or report.conflicts > 0 or report.forked or report.history_broken


def export_columns() -> list[Column[ExportRow]]:
    return [
        Column(_("Made on"), lambda e: stamp_text(e.created_at)),
        Column(_("For"), lambda e: origin_name(e.destination)),
        Column(_("Bundle number"), lambda e: l10n.format_number(e.number), right=True),
        Column(_("File"), lambda e: e.file_name),
        Column(_("Receipt"), lambda e: _("confirmed") if e.confirmed else _("not yet: the data is kept")),
    ]


def conflict_columns() -> list[Column[dict[str, Any]]]:
    return [
        Column(_("Recorded"), lambda c: stamp_text(c["recorded_at"])),
        Column(_("From"), lambda c: origin_name(c["origin"])),
        Column(_("Kind of record"), lambda c: KIND_NAMES[c["kind"]]() if c["kind"] in KIND_NAMES else c["kind"]),
        Column(_("Record"), lambda c: c["id"]),
        Column(_("Version"), lambda c: str(c["version"]), right=True),
        Column(_("Content that came"), lambda c: _conflict_text(c["incoming"])),
    ]


def _conflict_text(incoming: str) -> str:
    try:
        values = json.loads(incoming)
    except ValueError:
        return incoming[:300]
    texts = [v for v in (values if isinstance(values, list) else values.values() if isinstance(values, dict) else [])
             if isinstance(v, str) and len(v) > 12 and " " in v]
    return " · ".join(texts)[:300] or incoming[:300]


def directive_columns() -> list[Column[Message]]:
    return [
        Column(_("Issued on"), lambda m: l10n.format_date(m.issued_on)),
        Column(_("Deadline"), lambda m: l10n.format_date(m.deadline) if m.deadline else "—"),
        Column(_("Directive"), lambda m: m.content),
    ]


def forwarded_columns() -> list[Column[ForwardedOpinion]]:
    return [
        Column(_("Commune"), lambda o: origin_name(o.origin)),
        Column(_("Meeting date"), lambda o: l10n.format_date(o.held_on)),
        Column(_("Speaker"), lambda o: o.speaker),
        Column(_("Opinion"), lambda o: o.content),
        Column(_("Replies"), lambda o: l10n.format_number(o.replies) if o.replies else _("none yet"), right=True),
    ]


def reply_columns() -> list[Column[ReceivedReply]]:
    return [
        Column(_("Meeting date"), lambda r: l10n.format_date(r.held_on)),
        Column(_("Speaker"), lambda r: r.speaker),
        Column(_("Opinion"), lambda r: r.opinion),
        Column(_("Replied on"), lambda r: l10n.format_date(r.issued_on)),
        Column(_("Reply from the upper level"), lambda r: r.reply),
    ]


def outbox_columns() -> list[Column[Outbox]]:
    def number(n: int) -> str:
        return l10n.format_number(n) if n else "—"

    return [
        Column(_("Commune"), lambda o: f"{o.name} ({o.code})"),
        Column(_("Replies"), lambda o: number(o.replies), right=True),
        Column(_("Directives"), lambda o: number(o.directives), right=True),
        Column(_("Not yet in a bundle"), lambda o: number(o.new), right=True),
        Column(_("Receipt owed"), lambda o: _("Yes") if o.receipt_due else _("No")),
    ]


def exported_text(written: list[Exported]) -> str:
    lines = [written_sentence(e, e.path.name) for e in written]
    lines.append(_("Everything stays in this office's data and goes again with every bundle until the receipt of "
                   "the receiving office comes back."))
    return "\n".join(lines)


def imported_text(reports: list[BundleReport]) -> str:
    applied = sum(1 for r in reports if r.outcome == "applied")
    refused = sum(1 for r in reports if r.outcome in ("rejected", "failed"))
    text = ngettext("%(n)d file looked at", "%(n)d files looked at", len(reports)) % {"n": len(reports)}
    text += "; " + ngettext("%(n)d applied", "%(n)d applied", applied) % {"n": applied}
    if refused:
        text += "; " + ngettext("%(n)d refused (a copy is kept aside)", "%(n)d refused (copies are kept aside)",
                                refused) % {"n": refused}
    return text + "."

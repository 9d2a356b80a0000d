"""The outgoing-document register (sổ đăng ký văn bản đi): numbers for notices, minutes and
invitations, and the office's defaults for printing them.

Numbers run in one yearly sequence per unit (or, when the office chooses, one per document type),
restarting at 1 on 1 January, separately for the People's Committee ("05/TB-UBND") and the Party
committee ("12-TB/ĐU").  A number is taken inside ``BEGIN IMMEDIATE``, in the same transaction
that marks the meeting's notice as issued, so two computers or processes issuing at once never
get the same number.  A number is never reused: a cancelled document keeps it, and a corrected
document takes a new one while the old entry is marked superseded.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..core.changes import Changes
from ..core.roles import Operation
from ..core.errors import NoticeError, NotFound, ReasonRequired
from ..core.history import clean_reason
from ..core.settings import NOTICE_DEFAULT
from ..core.ids import IdMaker, origin_of
from ..core.issuers import issuer_symbol
from ..core.model import Meeting, RegisterEntry
from ..core.notice import (
    AUTHORITIES,
    COUNTS,
    DOC_TYPES,
    INVITATION,
    MINUTES,
    NOTICE,
    Margins,
    NoticeSettings,
    check_opinions,
    clean_recipients,
    default_opinions,
    default_recipients,
    fingerprint,
    opinions_form,
)
from ..core.unit_words import place_of
from ..core.signing import default_signer, sign_as, title_role, usual_authority
from ..core.text import nfc
from ..core.wording import short_date, summary_line
from ..l10n import _
from .connection import Store
from .meetings import get_meeting
from .officials import list_officials
from .records import take_seq, utc_now
from .units import get_unit, office_label, office_name

log = logging.getLogger(__name__)

_PREFIX = NOTICE_DEFAULT.pattern.format(name="")  # every default of the documents: "notice.<name>"
#: What an unset setting stands for, as it would be written: saving it unchanged writes nothing.
DEFAULTS: dict[str, str] = {
    "numbering": "unit", "margins": json.dumps({"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}),
    **{name: "" for name in ("place", "state_parent", "party_parent", "secretary", "state_authority",
                             "party_authority", "state_signer", "party_signer")},
    **{f"{track}_recipients{kind}": "[]" for track in ("state", "party") for kind in ("", "_gm", "_bc")},
}
_ENTRY_COLUMNS = (
    "id", "origin", "version", "seq", "updated_at", "year", "number", "doc_type", "issuer", "sequence_key",
    "issued_on", "meeting_id", "signer", "summary", "cancelled", "authority", "place", "recipients", "secretary",
    "fingerprint", "replaces", "superseded_by",
)


@dataclass
class Issued:
    """The outcome of a register operation: the entry as stored, the meeting as it is now, and
    what changed (for the views)."""

    entry: RegisterEntry
    meeting: Meeting
    changes: Changes


# ---- the office's defaults ---------------------------------------------------------------------

def notice_settings(store: Store) -> NoticeSettings:
    """The office's printing defaults (the decree's defaults where nothing was saved)."""
    values = {k[len(_PREFIX):]: v for k, v in store.conn.execute(
        "SELECT key, value FROM settings WHERE key LIKE ?", (_PREFIX + "%",))}

    def as_list(key: str) -> tuple[str, ...]:
        try:
            data = json.loads(values.get(key, "[]"))
        except ValueError:
            log.warning("setting %s%s is not JSON; ignored", _PREFIX, key)
            return ()
        return tuple(str(x) for x in data) if isinstance(data, list) else ()

    margins = Margins()
    try:
        saved = json.loads(values.get("margins", "{}"))
        margins = Margins(**{k: float(v) for k, v in saved.items() if k in ("top", "bottom", "left", "right")})
        margins.checked()
    except (ValueError, TypeError, AttributeError, NoticeError):
        log.warning("setting %smargins is not valid; the decree's margins are used", _PREFIX)
        margins = Margins()
    numbering = values.get("numbering", "unit")
    texts: dict[str, Any] = {name: values.get(name, "") for name in _TEXTS}
    for track in ("state", "party"):  # a capacity another version wrote, or of the other track: the usual one
        code = texts[f"{track}_authority"]
        if code and (code not in AUTHORITIES or AUTHORITIES[code].track != track):
            log.warning("setting %s%s_authority is not a capacity of the track; ignored", _PREFIX, track)
            texts[f"{track}_authority"] = ""
    lists: dict[str, Any] = {name: as_list(name) for name in _LISTS}
    return NoticeSettings(
        numbering=numbering if numbering in ("unit", "doc_type") else "unit", margins=margins, **texts, **lists)


_TEXTS = ("place", "state_parent", "party_parent", "secretary", "state_authority", "party_authority", "state_signer",
          "party_signer")
_LISTS = ("state_recipients", "party_recipients", "state_recipients_gm", "party_recipients_gm", "state_recipients_bc",
          "party_recipients_bc")


def save_notice_settings(store: Store, *, settings: NoticeSettings) -> Changes:
    """Save the office's printing defaults, checked first (``NoticeSettings.checked``): an office
    setting, an administrator's.  Only the values that changed are written, so the office's
    history has one entry for each setting changed, and none for the others."""
    store.require(Operation.OFFICE_SETTINGS)
    s = settings.checked()
    m = s.margins
    rows = {
        "numbering": s.numbering,
        "margins": json.dumps({"top": float(m.top), "bottom": float(m.bottom), "left": float(m.left),
                               "right": float(m.right)}),
        **{name: getattr(s, name) for name in _TEXTS},
        **{name: json.dumps(list(getattr(s, name)), ensure_ascii=False) for name in _LISTS},
    }
    with store.transaction() as conn:
        stored = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE ?", (_PREFIX + "%",)).fetchall())
        changed = [(_PREFIX + k, v) for k, v in rows.items()
                   if stored.get(_PREFIX + k, DEFAULTS.get(k)) != v]
        conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", changed)
    changes = Changes()
    changes.settings = bool(changed)
    return changes


# ---- reading the register ----------------------------------------------------------------------

def _entry(row: sqlite3.Row | tuple[Any, ...]) -> RegisterEntry:
    r = dict(zip(_ENTRY_COLUMNS, row))
    return RegisterEntry(
        id=r["id"], year=r["year"], number=r["number"], doc_type=r["doc_type"], issuer=r["issuer"],
        issued_on=dt.date.fromisoformat(r["issued_on"]), meeting_id=r["meeting_id"], signer=r["signer"],
        summary=r["summary"], cancelled=bool(r["cancelled"]), authority=r["authority"], place=r["place"],
        recipients=list(json.loads(r["recipients"] or "[]")), secretary=r["secretary"],
        fingerprint=r["fingerprint"], replaces=r["replaces"], superseded_by=r["superseded_by"],
        opinions=opinions_form(r["fingerprint"]))


_SELECT = f"SELECT {', '.join(_ENTRY_COLUMNS)} FROM register_entries"


def get_entry(store: Store, entry_id: str) -> RegisterEntry | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", (entry_id,)).fetchone()
    return _entry(row) if row else None


def entries_for_meeting(store: Store, meeting_id: str) -> list[RegisterEntry]:
    """Every number taken for a meeting's documents, cancelled ones too, oldest first."""
    rows = store.conn.execute(f"{_SELECT} WHERE meeting_id = ? ORDER BY issued_on, year, number", (meeting_id,))
    return [_entry(r) for r in rows]


def live_entry(store: Store, meeting_id: str, doc_type: str = NOTICE) -> RegisterEntry | None:
    """The meeting's document of ``doc_type`` that stands (not cancelled, not superseded)."""
    row = store.conn.execute(f"{_SELECT} WHERE meeting_id = ? AND doc_type = ? AND cancelled = 0 "
                             "ORDER BY year DESC, number DESC LIMIT 1", (meeting_id, doc_type)).fetchone()
    return _entry(row) if row else None


def list_register(store: Store, *, year: int, issuer: str | None = None) -> list[RegisterEntry]:
    """The register of one year in number order, as the clerk's register book lists it."""
    sql, args = f"{_SELECT} WHERE origin = ? AND year = ?", [store.origin, year]
    if issuer:
        sql, args = sql + " AND issuer = ?", [*args, issuer]
    return [_entry(r) for r in store.conn.execute(sql + " ORDER BY issuer, sequence_key, number", args)]


# ---- the per-document choices ------------------------------------------------------------------

def _chief_of_office(store: Store) -> str:
    for official in list_officials(store):
        if official.track == "state" and title_role(official.title) == "chief_of_office":
            return official.name
    return ""


def meeting_signer(store: Store, meeting: Meeting, authority: str, settings: NoticeSettings | None = None) -> str:
    """Who signs a document of ``meeting`` in the capacity ``authority`` unless the clerk says
    otherwise (``core.signing.default_signer``)."""
    return default_signer(authority, list_officials(store), settings or notice_settings(store), chair=meeting.chair,
                          chair_title=meeting.chair_title)


def draft_entry(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                signer: str | None = None, authority: str | None = None, recipients: list[str] | None = None,
                place: str | None = None, secretary: str | None = None, opinions: str | None = None
                ) -> RegisterEntry:
    """The entry a document would get, with the office's defaults filled in and no number yet
    (``number`` 0, printed as a blank to fill in): what a preview shows before issuing.
    ``opinions``: how a notice gives the opinions (core.notice.SUMMARY or COUNTS; None: the
    usual one for the meeting), kept in the entry's fingerprint."""
    if doc_type not in DOC_TYPES:
        raise NoticeError(_("%(type)s is not a document this program issues.") % {"type": doc_type[:10]})
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        raise NotFound(_("There is no meeting with id %(id)s.") % {"id": meeting_id[:60]})
    unit = get_unit(store)
    settings = notice_settings(store)
    authority = authority or usual_authority(settings, meeting.track, meeting.chair_title)
    sign_as(authority, meeting.track)  # one of the track's capacities, or a sentence listing them
    form = check_opinions(opinions) if opinions is not None else default_opinions(meeting)
    if recipients is None:
        saved = settings.recipients_for(meeting.track, doc_type)
        recipients = list(saved) if saved else default_recipients(
            meeting.track, doc_type, unit.name, unit.province_name)
    return RegisterEntry(
        year=issued_on.year, number=0, doc_type=doc_type, issued_on=issued_on, meeting_id=meeting.id,
        issuer=issuer_symbol("party" if meeting.track == "party" else "ubnd", unit),
        signer=nfc(signer if signer is not None else meeting_signer(store, meeting, authority, settings)),
        summary=summary_line(meeting, doc_type), authority=authority,
        place=nfc(place if place is not None else (settings.place or place_of(unit.name))),
        recipients=clean_recipients(recipients),
        secretary=nfc(secretary if secretary is not None else meeting.secretary),
        fingerprint=fingerprint(meeting, doc_type, form), opinions=form if doc_type == NOTICE else COUNTS)


# ---- taking, cancelling and replacing numbers --------------------------------------------------

def _check_meeting(store: Store, meeting: Meeting, doc_type: str, issued_on: dt.date) -> None:
    origin = origin_of(meeting.id or "")
    if origin != store.origin:
        raise NoticeError(_("This meeting was recorded by %(office)s; only %(name)s issues its documents.") % {
            "office": office_label(origin), "name": office_name(origin)})
    if doc_type in (NOTICE, MINUTES) and meeting.status == "planned":
        raise NoticeError(_("The meeting of %(date)s is only planned; its notice and minutes are issued after it "
                            "is held.") % {"date": short_date(meeting.held_on)})
    if doc_type == NOTICE and not meeting.conclusions and not meeting.conclusion.strip():
        raise NoticeError(_("The meeting of %(date)s has no conclusions yet; type them before issuing the notice.")
                          % {"date": short_date(meeting.held_on)})
    if doc_type in (NOTICE, MINUTES) and issued_on < meeting.held_on:
        raise NoticeError(_("The document cannot be dated %(date)s, before the meeting of %(held)s.")
                          % {"date": short_date(issued_on), "held": short_date(meeting.held_on)})
    if doc_type == INVITATION and issued_on > meeting.held_on:
        raise NoticeError(_("An invitation cannot be dated %(date)s, after the meeting of %(held)s.")
                          % {"date": short_date(issued_on), "held": short_date(meeting.held_on)})


def _next_number(conn: sqlite3.Connection, entry: RegisterEntry, origin: str, key: str) -> int:
    """The next number of the sequence; a symbol already printed under the other numbering
    choice (the office switched in mid-year) is never printed again."""
    where = "origin = ? AND issuer = ? AND year = ? AND (sequence_key = ? OR doc_type = ?)"
    args = (origin, entry.issuer, entry.year, key, entry.doc_type)
    last, last_date = conn.execute(f"SELECT max(number), max(issued_on) FROM register_entries WHERE {where}",
                                   args).fetchone()
    if last_date and entry.issued_on.isoformat() < last_date:
        number, doc_type = conn.execute(f"SELECT number, doc_type FROM register_entries WHERE {where} "
                                        "AND issued_on = ? ORDER BY number DESC LIMIT 1", (*args, last_date)).fetchone()
        shown = RegisterEntry(entry.year, number, doc_type, entry.issuer, entry.issued_on).symbol
        raise NoticeError(_("The register already has number %(symbol)s dated %(date)s; a new number cannot carry "
                            "an earlier date.") % {"symbol": shown,
                                                   "date": short_date(dt.date.fromisoformat(last_date))})
    return (last or 0) + 1


def _insert(conn: sqlite3.Connection, entry: RegisterEntry, origin: str, key: str, now: str) -> None:
    values = (entry.id, origin, 1, take_seq(conn, origin), now, entry.year, entry.number, entry.doc_type,
              entry.issuer, key, entry.issued_on.isoformat(), entry.meeting_id, entry.signer, entry.summary,
              int(entry.cancelled), entry.authority, entry.place, json.dumps(entry.recipients, ensure_ascii=False),
              entry.secretary, entry.fingerprint, entry.replaces, entry.superseded_by)
    conn.execute(f"INSERT INTO register_entries ({', '.join(_ENTRY_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(_ENTRY_COLUMNS))})", values)


def _touch_entry(conn: sqlite3.Connection, origin: str, entry_id: str, now: str, **values: object) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.execute(f"UPDATE register_entries SET {sets}, version = version + 1, seq = ?, updated_at = ? WHERE id = ?",
                 (*values.values(), take_seq(conn, origin), now, entry_id))


def _set_status(conn: sqlite3.Connection, origin: str, meeting: Meeting, status: str, now: str,
                changes: Changes) -> None:
    conn.execute("UPDATE meetings SET status = ?, version = version + 1, seq = ?, updated_at = ? WHERE id = ?",
                 (status, take_seq(conn, origin), now, meeting.id))
    meeting.status = status
    assert meeting.id is not None  # a stored meeting has its id
    changes.note("updated", "meetings", [meeting.id])


def issue_notice(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                 signer: str | None = None, authority: str | None = None, recipients: list[str] | None = None,
                 place: str | None = None, secretary: str | None = None, opinions: str | None = None,
                 replaces: str | None = None, make_id: IdMaker | None = None) -> Issued:
    """Take the next number of the register for a document of the meeting, in one transaction.

    A notice (TB) needs a meeting that was held and has conclusions; taking its number marks the
    meeting "notice_issued" when it was "held" or "concluded".  Choices left None take the
    office's defaults (:func:`draft_entry`).  Refused with :class:`NoticeError` when the meeting
    already has a standing document of that type (print it again, or correct it).
    """
    store.require(Operation.ISSUE_DOCUMENTS)
    origin = store.origin
    with store.transaction() as conn:
        entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on, signer=signer,
                            authority=authority, recipients=recipients, place=place, secretary=secretary,
                            opinions=opinions)
        meeting = get_meeting(store, meeting_id)
        assert meeting is not None  # draft_entry checked
        _check_meeting(store, meeting, doc_type, issued_on)
        standing = live_entry(store, meeting_id, doc_type)
        if standing is not None and standing.id != replaces:
            raise NoticeError(_("The meeting already has document %(symbol)s of %(date)s; print it again, or issue a "
                                "corrected one.") % {"symbol": standing.symbol,
                                                     "date": short_date(standing.issued_on)})
        if doc_type == NOTICE and not entry.signer:
            raise NoticeError(_("Say who signs the notice."))
        if doc_type == MINUTES and not entry.secretary.strip():
            raise NoticeError(_("The minutes of the meeting of %(date)s cannot be numbered without the name of their "
                                "secretary: type who kept the minutes in the meeting, then number them.")
                              % {"date": short_date(meeting.held_on)})
        key = doc_type if notice_settings(store).numbering == "doc_type" else ""
        now = utc_now()
        entry.id = (make_id or IdMaker(origin))()
        entry.number = _next_number(conn, entry, origin, key)
        entry.replaces = replaces
        _insert(conn, entry, origin, key, now)
        changes = Changes()
        changes.note("added", "register_entries", [entry.id])
        if doc_type == NOTICE and meeting.status in ("held", "concluded"):
            _set_status(conn, origin, meeting, "notice_issued", now, changes)
    return Issued(entry, meeting, changes)


def _own_entry(store: Store, entry_id: str) -> RegisterEntry:
    entry = get_entry(store, entry_id)
    if entry is None:
        raise NotFound(_("There is no register entry with id %(id)s.") % {"id": entry_id[:60]})
    if origin_of(entry_id) != store.origin:
        raise NoticeError(_("This number belongs to the register of %(office)s.")
                          % {"office": office_label(origin_of(entry_id))})
    if entry.cancelled:
        raise NoticeError(_("Document %(symbol)s is already cancelled.") % {"symbol": entry.symbol})
    return entry


def correct_notice(store: Store, *, entry_id: str, issued_on: dt.date, signer: str | None = None,
                   authority: str | None = None, recipients: list[str] | None = None, place: str | None = None,
                   secretary: str | None = None, opinions: str | None = None) -> Issued:
    """Issue a corrected document for an edited meeting: a new number (the old one is never
    reused), the old entry cancelled and marked superseded by the new one; one transaction.
    Choices left None keep those of the old document, but the secretary, which is the meeting's."""
    store.require(Operation.CORRECT_DOCUMENTS)
    with store.transaction() as conn:
        old = _own_entry(store, entry_id)
        if old.meeting_id is None:
            raise NoticeError(_("Document %(symbol)s belongs to no meeting.") % {"symbol": old.symbol})
        issued = issue_notice(
            store, meeting_id=old.meeting_id, doc_type=old.doc_type, issued_on=issued_on,
            signer=old.signer if signer is None else signer, authority=authority or old.authority or None,
            recipients=old.recipients if recipients is None else recipients, place=old.place if place is None else place,
            secretary=secretary, opinions=old.opinions if opinions is None else opinions, replaces=old.id)
        _touch_entry(conn, store.origin, entry_id, utc_now(), cancelled=1, superseded_by=issued.entry.id)
        issued.changes.note("updated", "register_entries", [entry_id])
    return issued


def cancel_notice(store: Store, *, entry_id: str, reason: str) -> Issued:
    """Cancel an issued document, saying why (the history keeps ``reason``, which is required).
    It keeps its number, which is never given again; a cancelled notice takes the meeting back
    from "notice_issued" to "concluded"."""
    store.require(Operation.CANCEL_DOCUMENTS)
    origin = store.origin
    reason = clean_reason(reason)
    if not reason:
        raise ReasonRequired(_("Say why the document is cancelled: the history keeps the reason."))
    with store.transaction(reason=reason) as conn:
        entry = _own_entry(store, entry_id)
        now = utc_now()
        _touch_entry(conn, origin, entry_id, now, cancelled=1)
        entry.cancelled = True
        changes = Changes()
        changes.note("updated", "register_entries", [entry_id])
        meeting = get_meeting(store, entry.meeting_id) if entry.meeting_id else None
        if meeting is None or meeting.id is None:
            raise NotFound(_("The meeting no longer exists; it may have been deleted."))
        if entry.doc_type == NOTICE and meeting.status == "notice_issued" and live_entry(store, meeting.id) is None:
            _set_status(conn, origin, meeting, "concluded", now, changes)
    return Issued(entry, meeting, changes)

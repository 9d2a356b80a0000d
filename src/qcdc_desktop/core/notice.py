"""Rules of the printed documents that need no I/O.

Who signs in what capacity (Decree 30/2020 Art. 13; Hướng dẫn 36-HD/VPTW for the Party track),
the page margins the decree allows, the office's defaults for notices, the place of the date
line, the default recipients, and the fingerprint that tells whether a meeting changed after a
document was issued for it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, TypedDict

from ..l10n import N_, _
from .errors import NoticeError
from .model import Meeting
from .text import has_forbidden_characters, nfc
from .unit_words import (party_committee, party_office, party_units, posting_places,
                         province_committee, state_filing, unit_word)

# Documents a meeting gives rise to, by their symbol (Decree 30/2020, Appendix III).
NOTICE, MINUTES, INVITATION = "TB", "BB", "GM"
DOC_TYPES = (NOTICE, MINUTES, INVITATION)
ISSUERS = {"state": "UBND", "party": "ĐU"}  # the issuer part of the symbol: 05/TB-UBND, 12-TB/ĐU
NUMBERING = ("unit", "doc_type")  # one yearly sequence per unit, or one per document type


@dataclass(frozen=True)
class Authority:
    """How the signature block reads: the lines printed in capitals above the signature."""

    code: str
    track: str
    lines: tuple[str, ...]
    msgid: str

    @property
    def label(self) -> str:
        return _(self.msgid)


AUTHORITIES: dict[str, Authority] = {a.code: a for a in (
    # Decree 30/2020, Art. 13 and Appendix I: the People's Committee works both as a collective
    # (TM.) and under its head (KT., TL., TUQ.).
    Authority("tm", "state", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
              N_("On behalf of the People's Committee: the Chairman (TM.)")),
    Authority("tm_kt", "state", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
              N_("On behalf of the People's Committee, for the Chairman: a Vice-chairman (TM. KT.)")),
    Authority("kt", "state", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
              N_("For the Chairman: a Vice-chairman (KT.)")),
    Authority("tl", "state", ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
              N_("By order of the Chairman: the Chief of Office (TL.)")),
    Authority("tuq", "state", ("TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
              N_("With the Chairman's authorisation: the Chief of Office (TUQ.)")),
    Authority("chairman", "state", ("CHỦ TỊCH",), N_("The Chairman in person")),
    # Hướng dẫn 36-HD/VPTW: "T/M" on behalf of the Standing Committee, "K/T" in place of the head.
    Authority("party_tm", "party", ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
              N_("On behalf of the Standing Committee: the Secretary (T/M)")),
    Authority("party_tm_deputy", "party", ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"),
              N_("On behalf of the Standing Committee: a Deputy Secretary (T/M)")),
    Authority("party_kt", "party", ("K/T BÍ THƯ", "PHÓ BÍ THƯ"),
              N_("For the Secretary: a Deputy Secretary (K/T)")),
    Authority("party_secretary", "party", ("BÍ THƯ",), N_("The Secretary in person")),
    # A board of the provincial Party committee (core.issuers) is led by its head: no T/M.
    Authority("board_head", "board", ("TRƯỞNG BAN",), N_("The Head of the Board in person")),
    Authority("board_kt", "board", ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
              N_("For the Head of the Board: a Deputy Head (K/T)")),
)}

#: Who usually signs in each capacity: the chairman, a vice-chairman, the chief of office, the
#: Party committee's secretary or a deputy secretary (``core.signing`` finds them among the officials).
SIGNER_ROLES: dict[str, str] = {
    "tm": "chairman", "chairman": "chairman", "tm_kt": "vice_chairman", "kt": "vice_chairman",
    "tl": "chief_of_office", "tuq": "chief_of_office",
    "party_tm": "secretary", "party_secretary": "secretary", "party_tm_deputy": "deputy_secretary",
    "party_kt": "deputy_secretary", "board_head": "board_head", "board_kt": "board_deputy",
}


def authorities_for(track: str) -> list[Authority]:
    """The signature choices of a track, the usual one first."""
    return [a for a in AUTHORITIES.values() if a.track == track]


def default_authority(track: str, chair_title: str) -> str:
    """The usual capacity for a notice of a meeting chaired by ``chair_title``: the chair signs
    the conclusion they gave, a vice-chairman for the chairman (KT.), a deputy secretary on behalf
    of the Standing Committee."""
    deputy = nfc(chair_title).casefold().startswith("phó")
    if track == "party":
        return "party_tm_deputy" if deputy else "party_tm"
    return "kt" if deputy else "tm"


# ---- page margins (mm) ------------------------------------------------------------------------

MARGIN_RANGES: dict[str, tuple[float, float]] = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35),
                                                 "right": (15, 20)}
_MARGIN_MESSAGES = {
    "top": N_("The top margin must be between %(low)s and %(high)s mm (Decree 30/2020), not %(value)s mm."),
    "bottom": N_("The bottom margin must be between %(low)s and %(high)s mm (Decree 30/2020), not %(value)s mm."),
    "left": N_("The left margin must be between %(low)s and %(high)s mm (Decree 30/2020), not %(value)s mm."),
    "right": N_("The right margin must be between %(low)s and %(high)s mm (Decree 30/2020), not %(value)s mm."),
}


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres; the defaults are the decree's."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15

    def checked(self) -> "Margins":
        """Return self, or raise :class:`NoticeError` for the first margin outside the decree's range."""
        for side, (low, high) in MARGIN_RANGES.items():
            value = getattr(self, side)
            if not isinstance(value, (int, float)) or not low <= value <= high:
                raise NoticeError(_(_MARGIN_MESSAGES[side]) % {"low": low, "high": high, "value": value})
        return self


class DocumentChoices(TypedDict, total=False):
    """What the clerk chooses for one document (``db.register.draft_entry``); None or left out:
    the office's default."""

    signer: str | None
    authority: str | None
    recipients: list[str] | None
    place: str | None
    secretary: str | None
    opinions: str | None  # the notice: SUMMARY or COUNTS (default_opinions)


# How a notice gives the opinions raised: what was raised in each field and the answer given
# (SUMMARY), or only how many in each field (COUNTS, the only form before; every notice issued
# then was printed so).
SUMMARY, COUNTS = "summary", "counts"
OPINION_FORMS = (SUMMARY, COUNTS)
_SUMMARY_MARK = SUMMARY + ":"  # a fingerprint of a notice printed with the summary starts so


def default_opinions(meeting: Meeting) -> str:
    """A dialogue's notice summarises the opinions; a citizen reception's counts them."""
    return COUNTS if meeting.kind == "reception" else SUMMARY


def check_opinions(value: str) -> str:
    if value not in OPINION_FORMS:
        raise NoticeError(_("%(value)s is not a way of giving the opinions in a notice.") % {"value": value[:20]})
    return value


def opinions_form(fingerprint_: str) -> str:
    """The form a notice was issued with, as its fingerprint says (:func:`fingerprint`)."""
    return SUMMARY if fingerprint_.startswith(_SUMMARY_MARK) else COUNTS


# ---- the office's defaults ---------------------------------------------------------------------

MAX_SETTING_TEXT = 200  # a place, a parent body, a name, one recipient
MAX_RECIPIENTS = 30
REPORT = "BC"
RECIPIENT_KINDS = (NOTICE, INVITATION, REPORT)  # the documents with a "Nơi nhận" the office sets
_RECIPIENT_FIELDS = {(track, kind): f"{track}_recipients" + ("" if kind == NOTICE else "_" + kind.lower())
                     for track in ISSUERS for kind in RECIPIENT_KINDS}


@dataclass(frozen=True)
class NoticeSettings:
    """Office-wide defaults for the documents it prints (kept in the settings table).

    Empty text and empty lists mean "derived from the unit" (see the functions below), so a
    renamed unit needs no second change here; an empty capacity or signer means "as the chair's
    title and the officials on file say" (``core.signing``).
    """

    place: str = ""
    numbering: str = "unit"
    margins: Margins = field(default_factory=Margins)
    state_parent: str = ""  # a parent body above "ỦY BAN NHÂN DÂN"; a commune normally has none
    party_parent: str = ""  # "" → "ĐẢNG BỘ TỈNH ..." of the unit's province
    state_recipients: tuple[str, ...] = ()  # of a notice; the other kinds' below
    party_recipients: tuple[str, ...] = ()
    secretary: str = ""  # who usually keeps the minutes
    state_recipients_gm: tuple[str, ...] = ()
    party_recipients_gm: tuple[str, ...] = ()
    state_recipients_bc: tuple[str, ...] = ()
    party_recipients_bc: tuple[str, ...] = ()
    state_authority: str = ""  # the usual capacity of the signature, a code of AUTHORITIES
    party_authority: str = ""
    state_signer: str = ""  # who usually signs in that capacity
    party_signer: str = ""

    def recipients_for(self, track: str, doc_type: str) -> tuple[str, ...]:
        """The office's recipients of a kind of document of ``track``; () for the usual ones."""
        name = _RECIPIENT_FIELDS.get((track, doc_type))
        return getattr(self, name) if name else ()

    def with_recipients(self, track: str, doc_type: str, recipients: list[str] | tuple[str, ...]) -> "NoticeSettings":
        changed: dict[str, Any] = {_RECIPIENT_FIELDS[(track, doc_type)]: tuple(recipients)}
        return dataclasses.replace(self, **changed)

    def checked(self) -> "NoticeSettings":
        """These settings in NFC, recipients cleaned, or :class:`NoticeError` naming the first
        value that cannot be printed."""
        if self.numbering not in NUMBERING:
            raise NoticeError(_("Numbering must be one sequence for the unit or one per document type."))
        self.margins.checked()
        texts = {"place": _("The place of the date line"), "state_parent": _("The parent body"),
                 "party_parent": _("The parent Party organisation"), "secretary": _("The secretary"),
                 "state_signer": _("The signer"), "party_signer": _("The signer")}
        values: dict[str, Any] = {name: _one_line(getattr(self, name), label) for name, label in texts.items()}
        for track in ISSUERS:
            code = getattr(self, f"{track}_authority")
            if code and (code not in AUTHORITIES or AUTHORITIES[code].track != track):
                raise NoticeError(_("%(code)s is not a way of signing a document of this track.") % {"code": code[:40]})
        lists: dict[str, Any] = {name: tuple(clean_recipients(getattr(self, name))) for name in _RECIPIENT_FIELDS.values()}
        for recipients in lists.values():
            if len(recipients) > MAX_RECIPIENTS:
                raise NoticeError(_("At most %(n)d recipients, one a line.") % {"n": MAX_RECIPIENTS})
            for line in recipients:
                _one_line(line, _("A recipient"))
        return dataclasses.replace(self, **values, **lists)


def _one_line(value: str, label: str) -> str:
    """``value`` in NFC on one line, or :class:`NoticeError` saying what is wrong with it."""
    text = " ".join(nfc(str(value)).split())
    if has_forbidden_characters(str(value)):
        raise NoticeError(_("%(what)s contains control characters or invalid characters.") % {"what": label})
    if len(text) > MAX_SETTING_TEXT:
        raise NoticeError(_("%(what)s is too long (at most %(n)d characters).") % {"what": label,
                                                                                "n": MAX_SETTING_TEXT})
    return text


def default_recipients(track: str, doc_type: str, unit_name: str, province_name: str = "") -> list[str]:
    """The usual recipients, without the leading "- " and the closing ";" (added when printed).
    A province's own documents report to the level above it and send to its communes."""
    word = unit_word(unit_name)
    committee, office = party_committee(word), party_office(word)
    if doc_type == MINUTES:  # Mẫu 1.9: kept with the meeting's file
        if track == "party":
            return [f"Thường trực {committee}", f"Lưu {office}, hồ sơ"]
        return [f"Thường trực {committee} (để báo cáo)", f"Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân {word}",
                "Lưu: VT, hồ sơ"]
    if doc_type == INVITATION:
        return ["Như trên", state_filing(word)] if track == "state" else ["Như trên", f"Lưu {office}"]
    if track == "party":
        # A province reports to the Party's Central Office; a commune (or a district) to its province.
        above = ("Văn phòng Trung ương Đảng" if word in ("tỉnh", "thành phố")
                 else f"Ban Thường vụ {province_committee(province_name)}")
        return [f"{above} (để báo cáo)",
                f"Các đồng chí Ủy viên Ban Chấp hành Đảng bộ {word}", f"Hội đồng nhân dân, Ủy ban nhân dân {word}",
                f"Ủy ban Mặt trận Tổ quốc Việt Nam {word}", party_units(word), f"Lưu {office}"]
    # Bodies spelled out, as in the body of the notice; only the symbol and "Lưu: VT" are abbreviated.
    return [f"Thường trực {committee} (để báo cáo)", f"Thường trực Hội đồng nhân dân {word}",
            f"Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân {word}", f"Ủy ban Mặt trận Tổ quốc Việt Nam {word}",
            "Các cơ quan, đơn vị liên quan", posting_places(word), state_filing(word)]


_BULLET = re.compile(r"^[\s\-–—•+*]+")
_END = re.compile(r"[\s;,.]+$")


def clean_recipients(lines: list[str] | tuple[str, ...]) -> list[str]:
    """Recipients as stored: NFC, one per entry, without the printed "- " and ";"."""
    cleaned = []
    for line in lines:
        for part in nfc(str(line)).split("\n"):
            text = _END.sub("", _BULLET.sub("", part))
            if text:
                cleaned.append(text)
    return cleaned


# ---- has the meeting changed since its document was issued? ------------------------------------

def _printed(meeting: Meeting, doc_type: str, opinions: str = COUNTS) -> dict[str, Any]:
    """What of the meeting a document of ``doc_type`` prints: follow-up (task results, status,
    publications) is not part of it, so recording it never makes a notice out of date.  A notice
    that summarises the opinions prints their contents and answers (without the names of those
    who spoke, taken out by name: so the names are part of it too) and the tasks they led to."""
    base = {k: getattr(meeting, k) for k in ("kind", "track", "title", "place", "chair", "chair_title",
                                              "coordinating", "participants", "scope", "mode")}
    base["held_on"] = meeting.held_on.isoformat()
    base["co_chairs"] = [(p.name, p.title) for p in meeting.co_chairs]
    if doc_type in (MINUTES, INVITATION):
        base["times"] = (meeting.starts_at, meeting.ends_at)
    if doc_type == INVITATION:
        return base
    base["conclusion"] = meeting.conclusion
    base["conclusions"] = [(t.content, t.assignee, t.coordinating, t.deadline.isoformat() if t.deadline else None)
                           for t in meeting.conclusions]
    if doc_type == MINUTES:
        base["minutes"] = meeting.minutes
        if meeting.secretary:  # minutes issued before meetings had a secretary keep their fingerprint
            base["secretary"] = meeting.secretary
        base["opinions"] = [(o.speaker, o.address, o.on_behalf_of, o.field, o.content, o.answered, o.answer)
                            for o in meeting.opinions]
    elif opinions == SUMMARY:
        base["opinions"] = [(o.field, o.outcome, o.answered, o.content, o.answer, o.speaker, o.on_behalf_of, o.phone)
                            for o in meeting.opinions]
        base["task_opinions"] = [list(t.opinions) for t in meeting.conclusions]
    else:
        base["opinions"] = [(o.field, o.outcome, o.answered) for o in meeting.opinions]
    return base


def fingerprint(meeting: Meeting, doc_type: str, opinions: str = COUNTS) -> str:
    """A short digest of what a document of ``doc_type`` prints about ``meeting``; a notice that
    summarises the opinions says so in front ("summary:…"), so that the form it was issued with
    is kept with it and a reprint prints the same (:func:`opinions_form`)."""
    form = opinions if doc_type == NOTICE else COUNTS
    text = json.dumps(_printed(meeting, doc_type, form), ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return _SUMMARY_MARK + digest if form == SUMMARY else digest

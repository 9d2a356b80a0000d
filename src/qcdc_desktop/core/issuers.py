"""Who issues a report, and what that changes on the paper.

A commune's report is issued by its People's Committee (Decree 30/2020) or by its Party committee
(Hướng dẫn 36-HD/VPTW).  At the province the usual receivers of the communes' reports are the
People's Committee's office and, on the Party track, the provincial Party committee and two of its
boards: the Propaganda, Education and Mass Mobilisation Board (Ban Tuyên giáo và Dân vận, the
standing body of the steering committee for grassroots democracy since the boards merged in 2025)
and the Internal Affairs Board (Ban Nội chính).  Each issuer has its own header ("TỈNH ỦY PHÚ THỌ /
BAN NỘI CHÍNH / *"), its symbol in the number ("Số   -BC/BNCTU"), its ways of signing ("TRƯỞNG
BAN", "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN"), its addressee and its usual recipients.

No I/O: the callers pass the office (:class:`~.model.Unit`) and its documents' settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..l10n import N_, _
from .model import Official, Unit
from .notice import AUTHORITIES, ISSUERS, NoticeSettings
from .report_tables import province_short
from .text import fold
from .unit_words import province_committee

STATE, PARTY, BOARD = "state", "party", "board"  # the tracks; a board signs as its head does


@dataclass(frozen=True)
class Board:
    """A board of the provincial Party committee."""

    name: str  # "Ban Nội chính": as the header prints it (upper case) and sentences name it
    symbol: str  # "BNC": the symbol's part before the committee's "TU"
    central: str  # the central board it reports to, for the recipients


BOARDS: dict[str, Board] = {
    "board_mass": Board("Ban Tuyên giáo và Dân vận", "BTGDV", N_("The Central Propaganda, Education and Mass "
                                                               "Mobilisation Commission")),
    "board_internal": Board("Ban Nội chính", "BNC", N_("The Central Internal Affairs Commission")),
}

#: Every issuer's code, in the order the choice offers them.
ISSUER_CODES = ("ubnd", "party", *BOARDS)


def issuers_for(unit: Unit) -> tuple[str, ...]:
    """The issuers an office may print its report as: a commune's People's Committee or Party
    committee; at the upper level also the boards of the provincial Party committee."""
    return ISSUER_CODES if unit.role == "upper" else ("ubnd", "party")


def check_issuer(code: str, unit: Unit) -> str:
    """``code`` when the office may issue as it, else a :class:`~.errors.NoticeError` listing the choices."""
    from .errors import NoticeError

    if code not in issuers_for(unit):
        raise NoticeError(_("%(code)s is not an issuer of this office's reports; the choices are: %(choices)s.") % {
            "code": code.strip()[:40] or "—",
            "choices": "; ".join(f"{c} ({issuer_name(c, unit)})" for c in issuers_for(unit))})
    return code


def issuer_track(code: str) -> str:
    """"state", "party" or "board"."""
    return STATE if code == "ubnd" else PARTY if code == "party" else BOARD


def issuer_of(authority: str) -> str:
    """The issuer a capacity of signing belongs to when no issuer was chosen: the People's
    Committee's, the Party committee's, or the first board's."""
    track = AUTHORITIES[authority].track
    return "ubnd" if track == STATE else "party" if track == PARTY else next(iter(BOARDS))


def party_format(code: str) -> bool:
    """True when the document follows Hướng dẫn 36 (the Party committee and its boards)."""
    return code != "ubnd"


def provincial_committee(unit: Unit) -> str:
    """"Tỉnh ủy Phú Thọ", or "Thành ủy Hà Nội" for a centrally-run city."""
    name = unit.province_name or unit.name
    return f"{province_committee(name)} {province_short(name)}"


def issuer_symbol(code: str, unit: Unit) -> str:
    """The issuer's part of the number: "UBND" (05/BC-UBND), "ĐU" (12-BC/ĐU), "TU" (12-BC/TU)
    for the provincial Party committee, "BNCTU" for its Internal Affairs Board."""
    if code == "ubnd":
        return ISSUERS["state"]
    if code == "party":
        return "TU" if unit.role == "upper" else ISSUERS["party"]
    return BOARDS[code].symbol + "TU"


def issuer_of_symbol(symbol: str) -> str:
    """The issuer whose symbol is ``symbol`` (a register entry's): "ubnd" for UBND, "party" for ĐU
    and TU, a board's code for its symbol."""
    if symbol in ("ĐU", "TU"):
        return "party"
    return next((code for code, board in BOARDS.items() if symbol == board.symbol + "TU"), "ubnd")


def issuer_header(code: str, unit: Unit, settings: NoticeSettings) -> tuple[str, tuple[str, ...]]:
    """The header's parent line and the issuing body's lines: "ỦY BAN NHÂN DÂN / TỈNH PHÚ THỌ",
    "ĐẢNG BỘ TỈNH PHÚ THỌ / ĐẢNG ỦY XÃ AN BÌNH", "TỈNH ỦY PHÚ THỌ", "TỈNH ỦY PHÚ THỌ / BAN NỘI CHÍNH"."""
    if code == "ubnd":
        return settings.state_parent, ("ỦY BAN NHÂN DÂN", unit.name)
    if code == "party" and unit.role != "upper":
        return settings.party_parent or (f"Đảng bộ {unit.province_name}" if unit.province_name else ""), \
            (f"Đảng ủy {unit.name}",)
    if code == "party":
        return "", (provincial_committee(unit),)
    return provincial_committee(unit), (BOARDS[code].name,)


def issuer_name(code: str, unit: Unit) -> str:
    """The issuer as the choice shows it: "Ủy ban nhân dân Tỉnh Phú Thọ", "Ban Thường vụ Tỉnh ủy Phú
    Thọ", "Ban Nội chính Tỉnh ủy Phú Thọ"."""
    lowered = unit.name[:1].lower() + unit.name[1:]  # mid-sentence: "Ủy ban nhân dân tỉnh Phú Thọ"
    if code == "ubnd":
        return _("People's Committee of %(unit)s") % {"unit": lowered}
    if code == "party":
        body = provincial_committee(unit) if unit.role == "upper" else f"Đảng ủy {lowered}"
        return _("Standing Committee of the %(body)s") % {"body": body}
    return f"{BOARDS[code].name} {provincial_committee(unit)}"


def authorities_of(code: str) -> list[str]:
    """The ways an issuer signs, the usual one first."""
    return [a.code for a in AUTHORITIES.values() if a.track == issuer_track(code)]


def check_authority(code: str, authority: str) -> str:
    """``authority`` when the issuer signs that way, else a :class:`~.errors.NoticeError` with the choices."""
    from .signing import sign_as

    sign_as(authority, issuer_track(code))
    return authority


def issued_and_signed(unit: Unit, authority: str, issuer: str = "") -> tuple[str, str]:
    """The issuer and the capacity of a report's signature, checked against each other and the
    office; ``issuer`` defaults to the one ``authority`` belongs to.  A capacity the office has no
    issuer for is refused with the capacities it has."""
    from .errors import NoticeError
    from .signing import sign_as

    sign_as(authority)  # an unknown capacity is refused with every choice
    if not issuer and issuer_of(authority) not in issuers_for(unit):
        choices = [AUTHORITIES[a] for code in issuers_for(unit) for a in authorities_of(code)]
        raise NoticeError(_("%(code)s is not a way of signing; the choices are: %(choices)s.") % {
            "code": authority, "choices": "; ".join(f"{a.code} ({' / '.join(a.lines)})" for a in choices)})
    issuer = check_issuer(issuer or issuer_of(authority), unit)
    return issuer, check_authority(issuer, authority)


def board_signer(code: str, authority: str, officials: Iterable[Official]) -> str:
    """The name under a board's signature: the first active official whose title is the board's
    head ("Trưởng Ban Nội chính Tỉnh ủy") or a deputy head, as ``authority`` calls for."""
    deputy = authority != "board_head"
    board = fold(BOARDS[code].name).removeprefix("ban ")
    for official in officials:
        title = fold(official.title)
        if not official.active or board not in title:
            continue
        if title.startswith("pho truong ban") == deputy and ("truong ban" in title.split(",")[0]):
            return official.name
    return ""


def addressee(code: str, unit: Unit) -> str | None:
    """Who a board's report is addressed to ("Kính gửi: Ban Thường vụ Tỉnh ủy Phú Thọ."), or None
    for the others (their addressee depends on the office's level: :func:`~.report_tables.report_addressee`)."""
    if code in BOARDS:
        return _("The Standing Committee of %(committee)s") % {"committee": provincial_committee(unit)}
    return None


def board_recipients(code: str) -> list[str]:
    """A board's usual recipients: the addressee, the central board, the file copy."""
    return [_("As above"), _(BOARDS[code].central), _("File: the Board's office")]

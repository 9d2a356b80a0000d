"""Who signs a document, and in what capacity: the choice of Decree 30/2020 (TM., KT., TL., TUQ.,
the head in person) or of Hướng dẫn 36-HD/VPTW (T/M, K/T, in person), and the name printed under
it, found among the officials on file.

No I/O: the callers read the officials and the office's defaults and pass them in.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..l10n import _
from .errors import NoticeError
from .model import Official
from .notice import AUTHORITIES, SIGNER_ROLES, Authority, NoticeSettings, default_authority
from .text import fold

# A title naming a member of another body after its first words ("Chủ tịch HĐND xã", "Chủ tịch Ủy
# ban MTTQ", "Bí thư Đoàn xã", "Bí thư Chi bộ thôn 3"): they never sign for the People's Committee
# or the Party committee.
_OTHER_BODIES = ("hdnd", "hoi dong", "mttq", "uy ban mttq", "uy ban mat tran", "mat tran", "doan", "hoi", "cong doan",
                 "chi bo", "cuu chien binh")
_ROLES = (  # folded title prefix → role; the deputies first, their title starts with the head's
    ("pho chu tich", "vice_chairman"), ("chu tich", "chairman"), ("chanh van phong", "chief_of_office"),
    ("pho bi thu", "deputy_secretary"), ("bi thu", "secretary"),
)


def title_role(title: str) -> str:
    """What an official's title says they are, as :data:`~.notice.SIGNER_ROLES` names it
    ("chairman", "vice_chairman", "chief_of_office", "secretary", "deputy_secretary"), or ""."""
    first = fold(title).split(",")[0].strip()  # "Bí thư Đảng ủy, Chủ tịch UBND xã": the first title
    for prefix, role in _ROLES:
        if first == prefix or first.startswith(prefix + " "):
            rest = first[len(prefix):].strip()
            if role == "chief_of_office":  # "Chánh Văn phòng HĐND và UBND xã" is the office's own
                return role
            return "" if any(rest == w or rest.startswith(w + " ") for w in _OTHER_BODIES) else role
    return ""


def sign_as(code: str, track: str | None = None) -> Authority:
    """The capacity of ``code`` (of ``track`` when given), or :class:`NoticeError` listing the choices."""
    authority = AUTHORITIES.get(code.strip())
    if authority is None or (track is not None and authority.track != track):
        choices = [a for a in AUTHORITIES.values() if track is None or a.track == track]
        raise NoticeError(_("%(code)s is not a way of signing; the choices are: %(choices)s.") % {
            "code": code.strip()[:40] or "—",
            "choices": "; ".join(f"{a.code} ({' / '.join(a.lines)})" for a in choices)})
    return authority


def sign_as_help(what: str, default: str) -> str:
    """The command line's help of ``--sign-as``: ``what`` it signs, the codes of both tracks (from
    the one list, so a new capacity is offered everywhere), and ``default``."""
    def codes(track: str) -> str:
        return ", ".join(a.code for a in AUTHORITIES.values() if a.track == track)
    return _("how %(what)s is signed: %(state)s (People's Committee) or %(party)s (Party committee); "
             "default: %(default)s") % {"what": what, "state": codes("state"), "party": codes("party"),
                                        "default": default}


def office_authority(settings: NoticeSettings, track: str) -> str:
    """The capacity the office chose for the documents of ``track``, or ""."""
    return settings.party_authority if track == "party" else settings.state_authority


def office_signer(settings: NoticeSettings, track: str) -> str:
    return settings.party_signer if track == "party" else settings.state_signer


def usual_authority(settings: NoticeSettings, track: str, chair_title: str | None = None) -> str:
    """The capacity a document takes when nobody chose one: the office's choice for the track,
    else, for a meeting's document, the one the chair's title calls for (the chair signs the
    conclusion they gave; a vice-chairman for the chairman), else the head on behalf of the body."""
    chosen = office_authority(settings, track)
    if chosen in AUTHORITIES and AUTHORITIES[chosen].track == track:
        return chosen
    if chair_title is not None:
        return default_authority(track, chair_title)
    return "party_tm" if track == "party" else "tm"


def default_signer(authority: str, officials: Iterable[Official], settings: NoticeSettings, *,
                   chair: str = "", chair_title: str = "") -> str:
    """The name printed under a signature of ``authority``: the meeting's chair when their title
    fits it, the office's default signer for the office's default capacity, else the first active
    official on file whose title fits (the chairman for TM., a vice-chairman for KT., the chief
    of office for TL. and TUQ., the Party secretary or a deputy for the Party track); failing all,
    the chair when this is the capacity their title calls for."""
    known = AUTHORITIES.get(authority)
    if known is None:
        return ""
    role = SIGNER_ROLES[authority]
    if chair and title_role(chair_title) == role:
        return chair
    preferred = office_signer(settings, known.track)
    if preferred and SIGNER_ROLES[usual_authority(settings, known.track)] == role:
        return preferred
    for official in officials:
        if official.active and official.track == known.track and title_role(official.title) == role:
            return official.name
    if chair and default_authority(known.track, chair_title) == authority:
        return chair
    return ""

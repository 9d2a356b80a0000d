"""The office's settings as a script reads and writes them (``qcdc settings``): each by a key,
its value as one line of text, and the same checks as the Documents settings place.

The defaults of the printed documents are the fields of :class:`~.notice.NoticeSettings` (kept
as ``notice.<name>``); a value is put into a copy of the settings, which
``NoticeSettings.checked`` judges whole, as the place does.  No I/O.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..l10n import N_, _
from .errors import NoticeError
from .notice import ISSUERS, NUMBERING, RECIPIENT_KINDS, Margins, NoticeSettings
from .settings import NOTICE_DEFAULT
from .signing import sign_as


@dataclass(frozen=True)
class DocumentKey:
    """One default of the printed documents: its key, what it is, how its value reads as text
    and how a text becomes it."""

    key: str
    about: str  # msgid
    show: Callable[[NoticeSettings], str]
    put: Callable[[NoticeSettings, str], NoticeSettings]


def _text(name: str) -> tuple[Callable[[NoticeSettings], str], Callable[[NoticeSettings, str], NoticeSettings]]:
    def show(s: NoticeSettings) -> str:
        return str(getattr(s, name))

    def put(s: NoticeSettings, value: str) -> NoticeSettings:
        changed: dict[str, Any] = {name: value.strip()}
        return dataclasses.replace(s, **changed)
    return show, put


def _numbering(s: NoticeSettings, value: str) -> NoticeSettings:
    if value.strip() not in NUMBERING:
        raise NoticeError(_("Numbering is «unit» (one sequence for the unit) or «doc_type» (one per document "
                            "type), not «%(value)s».") % {"value": value.strip()[:40]})
    return dataclasses.replace(s, numbering=value.strip())


_SIDES = ("top", "bottom", "left", "right")


def _margins(s: NoticeSettings, value: str) -> NoticeSettings:
    parts = [p for p in re.split(r"[\s,;]+", value.strip()) if p]
    try:
        numbers = [float(p.replace(",", ".")) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise NoticeError(_("Margins are four numbers of millimetres, top, bottom, left and right: "
                            "«20,20,30,15»."))
    return dataclasses.replace(s, margins=Margins(**dict(zip(_SIDES, numbers))).checked())


def _show_margins(s: NoticeSettings) -> str:
    return ",".join(f"{getattr(s.margins, side):g}" for side in _SIDES)


def _authority(track: str) -> Callable[[NoticeSettings, str], NoticeSettings]:
    def put(s: NoticeSettings, value: str) -> NoticeSettings:
        code = sign_as(value, track).code if value.strip() else ""
        changed: dict[str, Any] = {f"{track}_authority": code}
        return dataclasses.replace(s, **changed)
    return put


def split_recipients(value: str) -> list[str]:
    """Recipients typed on one line, separated by ";" (or one a line)."""
    return [part for line in value.splitlines() for part in line.split(";") if part.strip()]


def _recipients(track: str, kind: str) -> tuple[Callable[[NoticeSettings], str],
                                                Callable[[NoticeSettings, str], NoticeSettings]]:
    return (lambda s: "; ".join(s.recipients_for(track, kind)),
            lambda s, value: s.with_recipients(track, kind, split_recipients(value)))


_KIND_NAMES = {"TB": N_("notices"), "GM": N_("invitations"), "BC": N_("reports")}
_TRACK_NAMES = {"state": N_("People's Committee"), "party": N_("Party committee")}


def _keys() -> tuple[DocumentKey, ...]:
    key = NOTICE_DEFAULT.pattern.format
    keys = [
        DocumentKey(key(name="place"), N_("the place of the date line (empty: the unit's name)"), *_text("place")),
        DocumentKey(key(name="numbering"), N_("numbering: «unit» (one sequence) or «doc_type» (one per type)"),
                    lambda s: s.numbering, _numbering),
        DocumentKey(key(name="margins"), N_("page margins in mm: top,bottom,left,right (Decree 30 ranges)"),
                    _show_margins, _margins),
        DocumentKey(key(name="state_parent"), N_("the parent body above the People's Committee (usually empty)"),
                    *_text("state_parent")),
        DocumentKey(key(name="party_parent"), N_("the parent Party organisation (empty: that of the province)"),
                    *_text("party_parent")),
        DocumentKey(key(name="secretary"), N_("who usually keeps the minutes"), *_text("secretary")),
    ]
    for track in ISSUERS:
        keys.append(DocumentKey(key(name=f"{track}_authority"),
                                N_("the usual signature of the %(track)s's documents: a capacity code (empty: as the "
                                   "chair's title calls for)") + "|" + track,
                                _text(f"{track}_authority")[0], _authority(track)))
        keys.append(DocumentKey(key(name=f"{track}_signer"),
                                N_("who usually signs the %(track)s's documents (empty: the official on file)") + "|"
                                + track, *_text(f"{track}_signer")))
        for kind in RECIPIENT_KINDS:
            name = f"{track}_recipients" + ("" if kind == "TB" else "_" + kind.lower())
            keys.append(DocumentKey(key(name=name), N_("recipients of the %(track)s's %(kind)s, separated by «;» "
                                                       "(empty: the usual ones)") + "|" + track + "|" + kind,
                                    *_recipients(track, kind)))
    return tuple(keys)


DOCUMENT_KEYS: tuple[DocumentKey, ...] = _keys()
DOCUMENT_KEY_NAMES = tuple(k.key for k in DOCUMENT_KEYS)


def about(key: DocumentKey) -> str:
    """What the key is, in the user's language."""
    msgid, *names = key.about.split("|")
    values = {"track": _(_TRACK_NAMES[names[0]]) if names else "", "kind": _(_KIND_NAMES[names[1]])
              if len(names) > 1 else ""}
    return _(msgid) % values if names else _(msgid)


def document_key(name: str) -> DocumentKey | None:
    return next((k for k in DOCUMENT_KEYS if k.key == name), None)


def put_value(settings: NoticeSettings, key: DocumentKey, value: str) -> NoticeSettings:
    """``settings`` with ``key`` set to ``value``, checked whole (the rules of the place)."""
    return key.put(settings, value).checked()

"""Replies and directives: what the upper level writes for a commune and sync carries down.

A reply answers an opinion the commune forwarded upward and stays linked to it (the opinion list
shows it beside the opinion); a directive asks the commune to do something by a deadline.  The
upper level is their one writer; the commune receives them read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.errors import NotFound, QcdcError
from ..core.roles import Operation
from ..core.ids import IdMaker, origin_of
from ..core.settings import ROLE
from ..core.text import has_forbidden_characters, nfc
from ..l10n import _
from .connection import Store
from .records import take_seq, utc_now
from .settings import read_setting
from .units import office_label


@dataclass(frozen=True)
class Message:
    id: str
    origin: str
    commune: str
    kind: str  # "reply" or "directive"
    opinion_id: str | None
    content: str
    deadline: dt.date | None
    issued_on: dt.date
    version: int


_COLUMNS = "id, origin, commune, kind, opinion_id, content, deadline, issued_on, version"


def _message(row: tuple[Any, ...]) -> Message:
    values = list(row)
    values[6] = dt.date.fromisoformat(values[6]) if values[6] else None
    values[7] = dt.date.fromisoformat(values[7])
    return Message(*values)


def _clean(content: str) -> str:
    text = nfc(content).strip()
    if not text or has_forbidden_characters(text) or len(text) > 20_000:
        raise QcdcError(_("The text of a reply or directive is empty, too long or has invalid characters."))
    return text


def _insert(store: Store, *, commune: str, kind: str, opinion_id: str | None, content: str,
            deadline: dt.date | None, issued_on: dt.date) -> str:
    store.require(Operation.WRITE_MESSAGES)
    if read_setting(store, ROLE) != "upper":
        raise QcdcError(_("Only the upper level writes replies and directives."))
    origin = store.origin
    text = _clean(content)
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM sync_peers WHERE unit_code = ? AND role = 'commune'", (commune,)).fetchone() is None:
            raise NotFound(_("%(office)s is not an enrolled commune.") % {"office": office_label(commune[:20])})
        message_id = IdMaker(origin)()
        conn.execute(f"INSERT INTO messages ({_COLUMNS}, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                     (message_id, origin, commune, kind, opinion_id, text,
                      deadline.isoformat() if deadline else None, issued_on.isoformat(), take_seq(conn, origin),
                      utc_now()))
    return message_id


def add_reply(store: Store, *, opinion_id: str, content: str, issued_on: dt.date) -> str:
    """At the upper level: answer an opinion a commune sent up; returns the reply's id."""
    if store.conn.execute("SELECT 1 FROM opinions WHERE id = ?", (opinion_id,)).fetchone() is None:
        raise NotFound(_("There is no opinion %(id)s.") % {"id": opinion_id[:40]})
    return _insert(store, commune=origin_of(opinion_id), kind="reply", opinion_id=opinion_id, content=content,
                   deadline=None, issued_on=issued_on)


def add_directive(store: Store, *, commune: str, content: str, deadline: dt.date | None, issued_on: dt.date) -> str:
    """At the upper level: a directive to one commune, with an optional deadline."""
    return _insert(store, commune=commune, kind="directive", opinion_id=None, content=content, deadline=deadline,
                   issued_on=issued_on)


def add_directives(store: Store, *, communes: list[str], content: str, deadline: dt.date | None,
                   issued_on: dt.date) -> list[str]:
    """At the upper level: the same directive to each of ``communes`` (each goes with that
    commune's next bundle), all written or none; returns their ids."""
    chosen = list(dict.fromkeys(communes))
    if not chosen:
        raise QcdcError(_("Choose at least one commune for the directive."))
    with store.transaction():
        return [add_directive(store, commune=code, content=content, deadline=deadline, issued_on=issued_on)
                for code in chosen]


def replies_for(store: Store, opinion_ids: list[str]) -> dict[str, list[Message]]:
    """The replies received for each of ``opinion_ids`` (only those that have some), oldest first."""
    result: dict[str, list[Message]] = {}
    for start in range(0, len(opinion_ids), 500):
        chunk = opinion_ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in store.conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE kind = 'reply' AND opinion_id IN "
                                      f"({marks}) ORDER BY issued_on, id", chunk):
            message = _message(row)
            result.setdefault(message.opinion_id or "", []).append(message)
    return result


def directives(store: Store) -> list[Message]:
    """Every directive, soonest deadline first (those without a deadline last)."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE kind = 'directive' "
                              "ORDER BY deadline IS NULL, deadline, issued_on, id")
    return [_message(r) for r in rows]

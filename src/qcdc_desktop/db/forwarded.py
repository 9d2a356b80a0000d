"""Opinions a commune forwarded to the upper level, for the upper level to reply to.

The upper level sees them on its Sync place: those still without a reply first, newest meeting
first, each with how many replies it has.  A bounded read (``limit``) over an indexed column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .connection import Store


@dataclass(frozen=True)
class ForwardedOpinion:
    id: str
    origin: str
    held_on: dt.date
    speaker: str
    content: str
    replies: int


def forwarded_opinions(store: Store, *, limit: int = 500) -> list[ForwardedOpinion]:
    """The opinions forwarded upward (outcome "forwarded") from other offices, unanswered first."""
    rows = store.conn.execute(
        "SELECT o.id, o.origin, o.held_on, o.speaker, o.content, "
        "(SELECT count(*) FROM messages r WHERE r.opinion_id = o.id AND r.kind = 'reply') AS replies "
        "FROM opinions o WHERE o.outcome = 'forwarded' AND o.origin != ? "
        "ORDER BY replies > 0, o.held_on DESC, o.id LIMIT ?", (store.origin, limit)).fetchall()
    return [ForwardedOpinion(r[0], r[1], dt.date.fromisoformat(r[2]), r[3], r[4], r[5]) for r in rows]


@dataclass(frozen=True)
class ReceivedReply:
    """At the commune: a reply of the upper level beside the opinion it answers."""

    opinion_id: str
    held_on: dt.date
    speaker: str
    opinion: str
    reply: str
    issued_on: dt.date


def replies_received(store: Store, *, limit: int = 500) -> list[ReceivedReply]:
    """The replies this office received, each with its opinion, the newest first."""
    rows = store.conn.execute(
        "SELECT o.id, o.held_on, o.speaker, o.content, r.content, r.issued_on FROM messages r "
        "JOIN opinions o ON o.id = r.opinion_id WHERE r.kind = 'reply' AND r.origin != ? "
        "ORDER BY r.issued_on DESC, r.id DESC LIMIT ?", (store.origin, limit)).fetchall()
    return [ReceivedReply(r[0], dt.date.fromisoformat(r[1]), r[2], r[3], r[4], dt.date.fromisoformat(r[5]))
            for r in rows]

"""Canonical JSON of every domain record, streamed (a million opinions never sit in memory).

Keys are sorted and text is NFC, so equal databases print equal dumps; the output is exactly what
``json.dumps(whole, indent=2, sort_keys=True, ensure_ascii=False)`` would give.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from ..core.roles import Operation, allowed, mask_phone
from ..core.serialize import canonical_json, to_plain
from .connection import Store
from .functions import utils_db
from .meetings import iter_meetings
from .tasks import all_task_history
from .units import get_unit

FORMAT = "qcdc-dump/1"


def _officials(store: Store) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "name": r["name"], "title": r["title"], "track": r["track"], "active": bool(r["active"])}
        for r in utils_db(store.conn).table("officials").rows_where(order_by="id")
    ]


def _register(store: Store, skipped: list[str] | None) -> list[dict[str, Any]]:
    entries = []
    rows = utils_db(store.conn).table("register_entries").rows_where(
        order_by="origin, issuer, year, sequence_key, number")
    for r in rows:
        try:
            recipients = json.loads(r["recipients"])
        except (ValueError, TypeError):
            if skipped is None:
                raise
            skipped.append(str(r["id"]))
            continue
        entries.append(
            {"id": r["id"], "year": r["year"], "number": r["number"], "doc_type": r["doc_type"],
             "issuer": r["issuer"], "issued_on": r["issued_on"], "meeting_id": r["meeting_id"],
             "signer": r["signer"], "summary": r["summary"], "cancelled": bool(r["cancelled"]),
             "authority": r["authority"], "place": r["place"], "recipients": recipients,
             "secretary": r["secretary"], "fingerprint": r["fingerprint"], "replaces": r["replaces"],
             "superseded_by": r["superseded_by"]})
    return entries


def _task_history(store: Store, skipped: list[str] | None) -> list[dict[str, Any]]:
    return [{"id": c.id, "task_id": c.task_id, "meeting_id": c.meeting_id, "changed_at": c.changed_at,
             "changed_by": c.changed_by, "state_before": c.state_before, "state": c.state, "result": c.result,
             "completed_on": c.completed_on.isoformat() if c.completed_on else None, "reply_doc": c.reply_doc}
            for c in all_task_history(store, skipped=skipped)]


def _has(store: Store, table: str) -> bool:
    """Whether the file has ``table`` (a file of an earlier version being converted may not)."""
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (table,)).fetchone() is not None


def _messages(store: Store) -> Iterator[dict[str, Any]]:
    """Replies to forwarded opinions and directives, both ways (the upper level's and those that
    came down to the commune)."""
    if not _has(store, "messages"):
        return
    rows = store.conn.execute("SELECT id, origin, commune, kind, opinion_id, content, deadline, issued_on "
                              "FROM messages ORDER BY origin, id")
    for mid, origin, commune, kind, opinion_id, content, deadline, issued_on in rows:
        yield {"id": mid, "origin": origin, "commune": commune, "kind": kind, "opinion_id": opinion_id,
               "content": content, "deadline": deadline, "issued_on": issued_on}


def _tombstones(store: Store) -> Iterator[dict[str, Any]]:
    """The records deleted (what a deletion leaves so that it travels): which, of what kind, when."""
    if not _has(store, "tombstones"):
        return
    rows = store.conn.execute("SELECT id, kind, origin, deleted_at FROM tombstones ORDER BY origin, kind, id")
    for rid, kind, origin, deleted_at in rows:
        yield {"id": rid, "kind": kind, "origin": origin, "deleted_at": deleted_at}


def _erasures(store: Store) -> Iterator[dict[str, Any]]:
    """The erasures of citizens' personal data (when, why, which records): never the data erased."""
    if not _has(store, "erasures"):
        return
    rows = store.conn.execute("SELECT id, origin, erased_on, cause, records, entries FROM erasures ORDER BY origin, id")
    for eid, origin, erased_on, cause, records, entries in rows:
        yield {"id": eid, "origin": origin, "erased_on": erased_on, "cause": cause,
               "records": _json_or_text(records), "entries": _json_or_text(entries)}


def _json_or_text(value: Any) -> Any:
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:  # a damaged value is printed as it is stored
        return value


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.rstrip("\n").split("\n"))


def _list_block(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    first = True
    for item in items:
        yield ("" if first else ",\n") + _indent(canonical_json(item), 4)
        first = False
    if first:
        yield "[]"


def _masked(meeting: Any) -> Any:
    for opinion in meeting.get("opinions", []):
        if opinion.get("phone"):
            opinion["phone"] = mask_phone(opinion["phone"])
    return meeting


def write_dump(store: Store, out: TextIO, *, skipped: list[str] | None = None) -> None:
    """Write the canonical dump of ``store`` to ``out``.  With ``skipped``, a record whose stored
    values cannot be read (damaged, see db.damaged) is left out and its id noted there; without,
    it raises.  For an account that may not see citizens' phone numbers (a viewer), each number
    is masked but its last digits (``core.roles.mask_phone``)."""
    user = store.user
    masked = user is not None and not allowed(store.require(Operation.DUMP).role, Operation.SEE_PHONE_NUMBERS)
    unit = to_plain(get_unit(store))
    sections = {
        "format": FORMAT,
        "meetings": (_masked(to_plain(m)) if masked else to_plain(m)
                     for m in iter_meetings(store, skipped=skipped)),
        "officials": iter(_officials(store)),
        "register_entries": iter(_register(store, skipped)),
        "task_history": iter(_task_history(store, skipped)),
        "messages": _messages(store),
        "tombstones": _tombstones(store),
        "erasures": _erasures(store),
        "unit": unit,
    }
    out.write("{\n")
    keys = sorted(sections)
    for index, key in enumerate(keys):
        value = sections[key]
        out.write(f'  "{key}": ')
        if isinstance(value, Iterator):
            chunks = _list_block(value)
            first = next(chunks)
            if first == "[]":
                out.write("[]")
            else:
                out.write("[\n" + first)
                for chunk in chunks:
                    out.write(chunk)
                out.write("\n  ]")
        else:
            out.write(_indent(canonical_json(value), 2).lstrip())
        out.write(",\n" if index < len(keys) - 1 else "\n")
    out.write("}\n")

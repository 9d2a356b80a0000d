"""Unsaved work of the entry form, kept in the data file as the clerk types.

A draft is the form's raw state (what was typed, valid or not) as JSON, under a key: the id of the
meeting being edited, or "new" for a meeting not yet saved.  Drafts never leave this computer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..core.text import has_forbidden_characters
from ..core.roles import Operation
from .connection import Store
from .records import utc_now

MAX_DRAFT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Draft:
    key: str
    meeting_id: str | None
    payload: dict[str, Any]
    updated_at: str


def save_draft(store: Store, *, key: str, meeting_id: str | None, payload: dict[str, Any]) -> None:
    """Replace the draft under ``key``."""
    store.require(Operation.RECORD_MEETINGS)
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES or has_forbidden_characters(text):
        return  # a draft is a safety net; one that cannot be stored is skipped, the form still has it
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO drafts (key, meeting_id, payload, updated_at) VALUES (?, ?, ?, ?)",
                     (key, meeting_id, text, utc_now()))


def discard_draft(store: Store, *, key: str) -> None:
    store.require(Operation.RECORD_MEETINGS)
    with store.transaction() as conn:
        conn.execute("DELETE FROM drafts WHERE key = ?", (key,))


def list_drafts(store: Store) -> list[Draft]:
    """Every draft, newest first.  A draft that cannot be read is dropped from the answer."""
    drafts = []
    for key, meeting_id, payload, updated_at in store.conn.execute(
            "SELECT key, meeting_id, payload, updated_at FROM drafts ORDER BY updated_at DESC"):
        try:
            data = json.loads(payload)
        except ValueError:
            continue
        if isinstance(data, dict):
            drafts.append(Draft(key, meeting_id, data, updated_at))
    return drafts

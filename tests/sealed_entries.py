"""The entries a test's transaction sealed, read back, and the checks every sealed write passes."""

from __future__ import annotations

import json

from qcdc_desktop.db import history


def entries_since(store, since: int = 0) -> list[dict]:
    return [json.loads(body) for (body,) in store.conn.execute(
        "SELECT body FROM history WHERE origin = '00004' AND n > ? ORDER BY n", (since,))]


def last_n(store) -> int:
    return store.conn.execute("SELECT coalesce(max(n), 0) FROM history WHERE origin = '00004'").fetchone()[0]


def verified(store) -> None:
    verdict = history.verify(store.conn, "00004")
    assert verdict.ok, verdict.problem
    assert store.conn.execute("SELECT count(*) FROM history_pending").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0


def one_transaction(entries: list[dict]) -> None:
    """One group (the number of the first entry) and one time; one entry per record."""
    assert entries
    assert {e["group"] for e in entries} == {entries[0]["n"]}
    assert len({e["at"] for e in entries}) == 1
    records = [(e["kind"], e["record"]) for e in entries if e["action"] != "event"]
    assert len(records) == len(set(records))

"""Hypothesis: for random histories of a commune (adds, edits, deletions, exports, receipts),
importing its bundles at the upper level in any order ends with exactly the commune's records."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcdc_desktop.core.model import Opinion
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.edit import delete_meetings, save_meeting
from qcdc_desktop.db.meetings import get_meeting
from sync_offices import add, copy_of, export, imported, pair, records

STEP = st.tuples(st.sampled_from(["export", "edit", "receipt", "delete", "add", "reorder"]), st.integers(0, 50))
START = [("add", 3), ("add", 1), ("export", 0)]  # every history has something to edit and a bundle


def _meeting_ids(store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT id FROM meetings ORDER BY id")]


def _run(steps: list[tuple[str, int]], folder: Path) -> tuple[dict, list[Path], object]:
    commune, upper = pair(folder)
    virgin = folder / "virgin.db"
    copy_of(upper, virgin).close()
    bundles: list[Path] = []
    for index, (action, n) in enumerate(START + steps):
        ids = _meeting_ids(commune)
        if action == "add":
            add(commune, n % 4, title=f"Hội nghị số {index}")
        elif action == "edit" and ids:
            meeting = get_meeting(commune, ids[n % len(ids)])
            save_meeting(commune, meeting=dataclasses.replace(meeting, place=f"Nơi họp {index}"))
        elif action == "reorder" and ids:  # reverse the opinions, drop the last, add one in front
            meeting = get_meeting(commune, ids[n % len(ids)])
            kept = list(reversed(meeting.opinions))[:-1]
            fresh = Opinion(speaker=f"Người {index}", address="Thôn 1", field="land", content=f"Ý kiến {index}.")
            save_meeting(commune, meeting=dataclasses.replace(meeting, opinions=[fresh, *kept]),
                         reason="Ý kiến cuối ghi trùng")
        elif action == "delete" and ids:
            delete_meetings(commune, ids=[ids[n % len(ids)]], reason="Ghi trùng")
        elif action == "export":
            bundles.append(export(commune, folder / f"up-{index}"))
        elif action == "receipt" and bundles:
            imported(upper, *bundles)  # the upper level on its own machine, in order
            imported(commune, export(upper, folder / f"down-{index}", destination=commune.origin))
    bundles.append(export(commune, folder / "last"))
    expected = records(commune)
    expected["history"] = _chain(commune, commune.origin)
    commune.close()
    upper.close()
    return expected, bundles, virgin


def _chain(store, origin: str) -> list:
    return store.conn.execute("SELECT n, hash, body FROM history WHERE origin = ? ORDER BY n", (origin,)).fetchall()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=8), data=st.data())
def test_any_history_in_any_order_of_arrival_gives_the_communes_records(steps, data) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        expected, bundles, virgin = _run(steps, folder)
        order = data.draw(st.permutations(bundles))
        duplicates = data.draw(st.lists(st.sampled_from(bundles), max_size=2))
        with open_store(virgin) as fresh:
            reports = imported(fresh, *order, *duplicates)
            assert {r.outcome for r in reports} <= {"applied", "already", "superseded", "waiting"}
            # The commune's history arrives whole and checked, whatever the order.
            assert all(r.history.ok for r in reports if r.history is not None)
            assert _chain(fresh, "00004") == expected.pop("history")
            assert records(fresh) == expected
            assert not list(Path(f"{virgin}.sync", "waiting").glob("*"))

"""A small history whose entries are known by hand, for the tests of the History panel, the History
place, its list and its exports.  The office is Phường Ba Đình (00004); besides the administrator
(quantri, Nguyễn Thị Quản) it has a clerk, a leader and a viewer, all with conftest.PASSWORD.

    when (UTC)             who                       what
    (the day it is made)   the program, quantri      the file, its settings and accounts; the meeting
                                                     of conftest.full_meeting with its 2 opinions, 1
                                                     task and 1 publication
    2030-01-05 03:00       lan.nt  Nguyễn Thị Lan    opinion 1: content and phone changed
    2030-02-10 03:00       binh.nv Nguyễn Văn Bình   the task: deadline 30/04/2024 → 15/05/2024, state
                                                     Đã hoàn thành → Chưa hoàn thành
    2030-03-01 03:00       binh.nv Nguyễn Văn Bình   opinion 2 deleted, reason "Ghi trùng" (and the task
                                                     no longer answers it)
    2030-03-02 03:00       lan.nt  Nguyễn Thị Lan    bundle no. 5 applied from Thành phố Hà Nội (01)

Changes are written as the program writes them (in a transaction, noted by the triggers) and
sealed at a chosen moment, naming a chosen account.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conftest import ADMIN, PASSWORD, RECOVERY_CODE, add_to, full_meeting
from qcdc_desktop.core.history import Actor
from qcdc_desktop.db import history
from qcdc_desktop.db.accounts import add_account
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.setup import init_store, resolve_unit

LAN = Actor("lan.nt", "Nguyễn Thị Lan")
BINH = Actor("binh.nv", "Nguyễn Văn Bình")
NEW_CONTENT = "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ dân Thôn 3 trước tháng 6 năm 2024."


@dataclass(frozen=True)
class Made:
    path: Path
    meeting: str
    opinions: tuple[str, str]
    task: str


def at(store: Store, actor: Actor, moment: str, sql: str, args: tuple[object, ...] = (), *,
       reason: str = "", then: tuple[str, tuple[object, ...]] | None = None) -> None:
    """One change (``sql``, and ``then`` in the same transaction) written and sealed as ``actor``
    at ``moment``."""
    with store.transaction() as conn:
        conn.execute(sql, args)
        if then is not None:
            conn.execute(*then)
        history.seal(conn, actor, reason, at=moment)


def make_history(folder: Path) -> Made:
    path = folder / "history.db"
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        for login, name, role in (("lan.nt", "Nguyễn Thị Lan", "clerk"), ("binh.nv", "Nguyễn Văn Bình", "leader"),
                                  ("tam.lm", "Lê Minh Tâm", "viewer")):
            add_account(store, login=login, full_name=name, title="", role=role, password=PASSWORD)
        (meeting,) = add_to(store, full_meeting())
        first, second = (r[0] for r in store.conn.execute(
            "SELECT id FROM opinions WHERE meeting_id = ? ORDER BY position", (meeting,)))
        (task,) = store.conn.execute("SELECT id FROM tasks WHERE meeting_id = ?", (meeting,)).fetchone()
        at(store, LAN, "2030-01-05T03:00:00+00:00", "UPDATE opinions SET content = ?, phone = ? WHERE id = ?",
           (NEW_CONTENT, "0987 654 321", first))
        at(store, BINH, "2030-02-10T03:00:00+00:00",
           "UPDATE tasks SET deadline = '2024-05-15', state = 'open', completed_on = NULL WHERE id = ?", (task,))
        at(store, BINH, "2030-03-01T03:00:00+00:00", "DELETE FROM opinions WHERE id = ?", (second,),
           reason="Ghi trùng", then=("UPDATE tasks SET opinions = '[1]' WHERE id = ?", (task,)))
        with store.transaction() as conn:
            history.note_event(conn, "bundle_in", "B-05", {"from": "01", "number": 5, "base": 0, "upto": 9,
                                                          "created_at": "2030-03-02T01:00:00+00:00",
                                                          "outcome": "applied", "counts": {"messages": 1}})
            history.seal(conn, LAN, at="2030-03-02T03:00:00+00:00")
    return Made(path, meeting, (first, second), task)

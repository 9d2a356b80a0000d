"""Task follow-up: update_task with its checks, and the history written with every change."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from qcdc_desktop.core.errors import NotFound, QcdcError, ValidationError
from qcdc_desktop.db.edit import save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.history_read import history_of
from qcdc_desktop.db.tasks import update_task
from conftest import ADMIN, PASSWORD, TODAY
from report_fixture import fill


@pytest.fixture
def ids(store) -> list[str]:
    return fill(store)


def _task(store, meeting_id: str, index: int):
    return get_meeting(store, meeting_id).conclusions[index]


def _row(store, task_id: str) -> tuple:
    return store.conn.execute("SELECT state, completed_on, version, seq FROM tasks WHERE id = ?", (task_id,)).fetchone()


def task_history(store, task_id: str) -> list:
    """The changes of a task after it was added, as the office's history keeps them."""
    return [e for e in history_of(store, task_id) if e.action == "update"]


def test_update_task_changes_the_task_and_writes_who_and_when(store, ids) -> None:
    task = _task(store, ids[2], 0)  # t3: open, due 2024-03-01
    _state, _done, version, seq = _row(store, task.id)
    changes = update_task(store, task_id=task.id, state="done", result="Đã sửa xong đường.",
                          completed_on=dt.date(2024, 5, 2), reply_doc="45/UBND-VP", today=TODAY)
    assert changes.updated == {"tasks": [task.id]}
    state, completed, new_version, new_seq = _row(store, task.id)
    assert (state, completed, new_version) == ("done", "2024-05-02", version + 1) and new_seq > seq
    (entry,) = task_history(store, task.id)
    assert entry.fields == {"state": ("open", "done"), "completed_on": (None, "2024-05-02"),
                            "reply_doc": ("", "45/UBND-VP"), "result": ("", "Đã sửa xong đường.")}
    assert (entry.by, entry.by_name, entry.kind, entry.meeting, entry.origin) == (
        ADMIN.login, ADMIN.full_name, "tasks", ids[2], "00004")
    assert entry.at[:4] >= "2024"
    (entry_seq,) = store.conn.execute("SELECT seq FROM history WHERE origin = ? AND n = ?",
                                      (entry.origin, entry.n)).fetchone()
    assert entry_seq > new_seq  # the entry travels after the change it records


def test_nothing_is_written_when_nothing_changes(store, ids) -> None:
    task = _task(store, ids[2], 1)
    before = _row(store, task.id)
    changes = update_task(store, task_id=task.id, state=task.state, result=task.result, completed_on=None,
                          reply_doc=task.reply_doc, today=TODAY)
    assert not changes.touches("tasks") and _row(store, task.id) == before and task_history(store, task.id) == []


@pytest.mark.parametrize("state, completed_on, message", [
    ("done", None, "ngày hoàn thành"),
    ("open", dt.date(2024, 5, 1), "hoàn thành"),
    ("done", dt.date(2024, 7, 1), "chưa đến"),
    ("done", dt.date(2024, 1, 1), "sớm hơn ngày hội nghị"),
])
def test_the_meetings_rules_refuse_a_bad_change_and_nothing_is_written(store, ids, state, completed_on,
                                                                      message) -> None:
    task = _task(store, ids[2], 0)
    before = _row(store, task.id)
    with pytest.raises(ValidationError, match=message):
        update_task(store, task_id=task.id, state=state, result="", completed_on=completed_on, reply_doc="",
                    today=TODAY)
    assert _row(store, task.id) == before and task_history(store, task.id) == []


def test_unknown_state_missing_task_and_another_offices_task_are_refused(store, ids) -> None:
    task = _task(store, ids[2], 0)
    with pytest.raises(QcdcError, match="trạng thái"):
        update_task(store, task_id=task.id, state="finished", result="", completed_on=None, reply_doc="")
    with pytest.raises(NotFound):
        update_task(store, task_id="00004-NOSUCHTASK", state="open", result="", completed_on=None, reply_doc="")
    with pytest.raises(QcdcError, match="00007"):
        update_task(store, task_id="00007-SOMETASK", state="open", result="", completed_on=None, reply_doc="")


def test_saving_a_meeting_records_the_follow_up_changes_of_its_stored_tasks_only(store, ids) -> None:
    meeting = get_meeting(store, ids[2])
    t3, t4, t5 = meeting.conclusions
    changed = dataclasses.replace(meeting, conclusions=[
        dataclasses.replace(t3, state="done", completed_on=dt.date(2024, 4, 1), result="Xong."),
        dataclasses.replace(t4, content="Nội dung sửa lại."),  # not follow-up: no history
        t5,
        dataclasses.replace(t5, id=None, content="Nhiệm vụ mới."),  # a new task: its row says how it started
    ])
    save_meeting(store, meeting=changed)
    (entry,) = task_history(store, t3.id)
    assert entry.fields == {"state": ("open", "done"), "completed_on": (None, "2024-04-01"), "result": ("", "Xong.")}
    assert entry.by_name == ADMIN.full_name
    (content,) = task_history(store, t4.id)  # every change is in the history, not only the follow-up
    assert content.fields == {"content": (t4.content, "Nội dung sửa lại.")}
    assert task_history(store, t5.id) == []
    assert store.conn.execute("SELECT count(*) FROM task_history").fetchone()[0] == 0  # no longer written


def test_a_save_that_fails_after_the_tasks_leaves_no_history(store, ids, monkeypatch) -> None:
    from qcdc_desktop.core.model import Publication
    from qcdc_desktop.db import edit

    meeting = get_meeting(store, ids[2])
    changed = dataclasses.replace(meeting, conclusions=[
        dataclasses.replace(meeting.conclusions[0], state="dropped"), *meeting.conclusions[1:]],
        publications=[Publication("posted_hq", dt.date(2024, 2, 20))])
    table, columns, _build, attribute = edit._CHILDREN["publications"]

    def broken(*args, **kwargs):  # publications are written after the tasks
        raise RuntimeError("disk full")

    monkeypatch.setitem(edit._CHILDREN, "publications", (table, columns, broken, attribute))
    entries = store.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    with pytest.raises(RuntimeError):
        save_meeting(store, meeting=changed)
    assert store.conn.execute("SELECT count(*) FROM history").fetchone()[0] == entries
    assert store.conn.execute("SELECT count(*) FROM history_pending").fetchone()[0] == 0
    assert _task(store, ids[2], 0).state == "open"
    monkeypatch.undo()
    save_meeting(store, meeting=changed)
    assert [e.fields["state"] for e in task_history(store, meeting.conclusions[0].id)] == [("open", "dropped")]


def test_the_history_names_the_account_signed_in(store, ids) -> None:
    """A change of a task's follow-up names the account that made it (the clerk who signed in),
    never a name chosen by whoever calls."""
    from qcdc_desktop.db import accounts
    from qcdc_desktop.db.connection import open_store

    accounts.add_account(store, login="lan.tt", full_name="Trần Thị Lan", title="Công chức", role="clerk",
                         password=PASSWORD)
    accounts.sign_in(store.path, "lan.tt", PASSWORD, record=False)
    task = _task(store, ids[2], 0)
    with open_store(store.path) as as_clerk:
        assert as_clerk.user is not None and as_clerk.user.login == "lan.tt"
        update_task(as_clerk, task_id=task.id, state="done", result="Xong.", completed_on=dt.date(2024, 5, 2),
                    reply_doc="", today=TODAY)
        (entry,) = task_history(as_clerk, task.id)
    assert (entry.by, entry.by_name) == ("lan.tt", "Trần Thị Lan")

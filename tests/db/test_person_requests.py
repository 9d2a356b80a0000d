"""The register of citizens' requests about their data (db/person_requests.py): every input checked
with a sentence next to its field and nothing written when one is wrong; an answer recorded once,
by the signed-in account; the register read with the waiting requests first and the days they
waited; the clerk keeps it, a viewer may not."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from conftest import PASSWORD
from qcdc_desktop.core.errors import NotAllowed, NotFound, QcdcError, ValidationError
from qcdc_desktop.core.person_requests import PersonNotNamed, typed_person
from qcdc_desktop.db.accounts import add_account, sign_in
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.history_read import history_of
from qcdc_desktop.db.person_requests import add_request, answer_request, list_requests, waiting_requests

TODAY = dt.date(2026, 12, 6)


def _add(store, **changes):
    values = dict(received_on=dt.date(2026, 12, 1), requester="Trần Thị Bình", subject_name="Trần Thị Bình",
                  subject_phone="0912 345 678", kind="access", details="Đề nghị cho biết dữ liệu đang lưu.",
                  today=TODAY)
    values.update(changes)
    return add_request(store, **values).request


def _count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM person_requests").fetchone()[0]


def test_a_request_is_stored_in_nfc_and_written_in_the_history(store) -> None:
    request = _add(store, requester=unicodedata.normalize("NFD", "  Lê Văn  Cường (con trai) "),
                   subject_name=unicodedata.normalize("NFD", "Trần Thị Bình"))
    assert request.requester == "Lê Văn Cường (con trai)" and request.subject_name == "Trần Thị Bình"
    assert unicodedata.is_normalized("NFC", request.subject_name)
    assert request.id.startswith("00004-") and request.answered_on is None
    assert [e.action for e in history_of(store, request.id)] == ["insert"]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"received_on": dt.date(2026, 12, 7)}, "received_on", "future"),
    ({"received_on": None}, "received_on", "empty"),
    ({"requester": "  "}, "requester", "empty"),
    ({"requester": "x" * 201}, "requester", "too long"),
    ({"subject_name": "Bình", "subject_phone": ""}, "subject_name", "two words"),
    ({"subject_name": "", "subject_phone": ""}, "subject_name", "name, phone number"),
    ({"subject_phone": "không có"}, "subject_phone", "digits"),
    ({"kind": "delete"}, "kind", "unknown code"),
    ({"details": "a\x00b"}, "details", "control characters"),
    ({"details": "x" * 5001}, "details", "too long"),
])
def test_every_input_is_checked_and_nothing_is_written(store, english, changes, field, words) -> None:
    with pytest.raises(ValidationError) as raised:
        _add(store, **changes)
    assert raised.value.problems[0].path == (field,) and words in raised.value.message
    assert _count(store) == 0


def test_a_request_about_a_phone_alone_is_taken(store) -> None:
    assert _add(store, subject_name="", subject_phone="+84 912.345.678").about == "+84 912.345.678"


def test_the_answer_is_recorded_once_by_the_signed_in_account(store, english) -> None:
    request = _add(store)
    with pytest.raises(ValidationError, match="before the request was received"):
        answer_request(store, request_id=request.id, answered_on=dt.date(2026, 11, 30), outcome="Đã trả lời",
                       today=TODAY)
    with pytest.raises(ValidationError, match="empty"):
        answer_request(store, request_id=request.id, answered_on=TODAY, outcome=" ", today=TODAY)
    answered = answer_request(store, request_id=request.id, answered_on=dt.date(2026, 12, 4),
                              outcome="Đã gửi phiếu cung cấp thông tin.", today=TODAY).request
    assert (answered.answered_on, answered.answered_by) == (dt.date(2026, 12, 4), "quantri")
    assert answered.days_waiting(TODAY) == 3
    with pytest.raises(QcdcError, match="already answered"):
        answer_request(store, request_id=request.id, answered_on=TODAY, outcome="Lần hai", today=TODAY)
    with pytest.raises(NotFound):
        answer_request(store, request_id="00004-NOPE", answered_on=TODAY, outcome="x", today=TODAY)
    assert [e.action for e in history_of(store, request.id)] == ["insert", "update"]


def test_the_register_lists_the_waiting_first_with_the_days_they_wait(store) -> None:
    old = _add(store, received_on=dt.date(2026, 11, 1), subject_name="Phạm Văn Đức", subject_phone="")
    new = _add(store, received_on=dt.date(2026, 12, 5), kind="erasure")
    done = _add(store, received_on=dt.date(2026, 10, 1))
    answer_request(store, request_id=done.id, answered_on=dt.date(2026, 10, 20), outcome="Đã trả lời", today=TODAY)
    page = list_requests(store, today=TODAY)
    assert [r.id for r in page.requests] == [old.id, new.id, done.id]
    assert (page.total, page.waiting) == (3, 2)
    assert [r.days_waiting(TODAY) for r in page.requests] == [35, 1, 19]
    newest = list_requests(store, today=TODAY, order="received_on", descending=True)
    assert [r.id for r in newest.requests] == [new.id, old.id, done.id]  # still the waiting ones first
    assert [r.id for r in list_requests(store, today=TODAY, limit=1, offset=1).requests] == [new.id]
    assert [r.id for r in list_requests(store, today=TODAY, order="subject").requests][:2] == [old.id, new.id]
    with pytest.raises(QcdcError):
        list_requests(store, today=TODAY, order="rowid; DROP TABLE x")
    waiting, count = waiting_requests(store)
    assert [r.id for r in waiting] == [old.id, new.id] and count == 2


def test_a_clerk_keeps_the_register_a_viewer_may_not(store) -> None:
    for login, role in (("vanthu", "clerk"), ("xem", "viewer")):
        add_account(store, login=login, full_name=login, title="", role=role, password=PASSWORD)
    sign_in(store.path, "vanthu", PASSWORD, record=False)
    with open_store(store.path, check=False, hold=False) as clerk:
        assert _add(clerk).answered_on is None
        assert list_requests(clerk, today=TODAY).total == 1
    sign_in(store.path, "xem", PASSWORD, record=False)
    with open_store(store.path, check=False, hold=False) as viewer:
        with pytest.raises(NotAllowed):
            _add(viewer)
        with pytest.raises(NotAllowed):
            list_requests(viewer, today=TODAY)


def test_a_typed_person_is_checked_before_anything_is_looked_for(english) -> None:
    assert typed_person(unicodedata.normalize("NFD", " Trần  Thị Bình ")).name == "Trần Thị Bình"
    for name, phone, words in (("Bình", "", "two words"), ("", "", "name, phone"), ("", "abc", "no digits"),
                               ("Trần\x07Bình", "", "control"), ("x " * 150, "", "too long")):
        with pytest.raises(PersonNotNamed, match=words):
            typed_person(name, phone)

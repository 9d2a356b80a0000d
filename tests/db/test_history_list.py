"""The History place's list (db/history_list.py) on the hand-made history of history_fixture.py:
newest first, each filter selecting the right entries, the first page and the whole list in the
same order, entries read by their keys, a first page that gives up instead of walking a long
history on the UI thread, and who may read what."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PASSWORD
from history_fixture import Made, make_history
from qcdc_desktop.core.errors import Cancelled, NotAllowed
from qcdc_desktop.db.accounts import sign_in
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.history_entries import Filter
from qcdc_desktop.db.history_list import (
    HistoryKeys,
    all_keys,
    entries_by_keys,
    first_keys,
    history_origins,
    history_users,
    load_keys,
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return make_history(tmp_path_factory.mktemp("history"))


def _as(made: Made, login: str = "quantri") -> Store:
    sign_in(made.path, login, PASSWORD, record=False)
    return open_store(made.path, readonly=True, check=False)


def _entries(store: Store, where: Filter) -> list:
    keys = all_keys(store, where)
    pairs = [keys.key(row) for row in range(len(keys))]
    found = entries_by_keys(store, pairs)
    return [found[p] for p in pairs]


def test_the_list_is_newest_first_and_the_first_page_agrees_with_the_whole(made: Made) -> None:
    with _as(made) as store:
        every = all_keys(store, Filter())
        pairs = [every.key(row) for row in range(len(every))]
        assert len(pairs) == 19 and [n for _o, n in pairs] == list(range(19, 0, -1))
        assert first_keys(store, Filter(), limit=5) == pairs[:5]
        ats = [e.at for e in _entries(store, Filter())]
        assert ats == sorted(ats, reverse=True)
    assert load_keys(made.path, Filter()).keys == every.keys  # the background load reads the same


def test_each_filter_selects_its_entries(made: Made) -> None:
    with _as(made) as store:
        by_lan = _entries(store, Filter(by="lan.nt"))
        assert [(e.n, e.at) for e in _entries(store, Filter(by="binh.nv"))] == [
            (18, "2030-03-01T03:00:00+00:00"), (17, "2030-03-01T03:00:00+00:00"), (16, "2030-02-10T03:00:00+00:00")]
        assert [(e.kind, e.action) for e in by_lan] == [("bundle_in", "event"), ("opinions", "update")]
        period = _entries(store, Filter(since="2030-02-01", until="2030-03-01"))  # both days whole
        assert [(e.by, e.kind, e.action) for e in period] == [("binh.nv", "tasks", "update"),
                                                             ("binh.nv", "opinions", "delete"),
                                                             ("binh.nv", "tasks", "update")]
        assert [e.record for e in _entries(store, Filter(kinds=("tasks",)))] == [made.task] * 3
        deleted = _entries(store, Filter(actions=("delete",)))
        assert [(e.record, e.reason) for e in deleted] == [(made.opinions[1], "Ghi trùng")]
        both = _entries(store, Filter(by="binh.nv", kinds=("opinions",), actions=("delete",)))
        assert [e.record for e in both] == [made.opinions[1]]
        assert _entries(store, Filter(origin="00004", actions=("event",)))[0].kind == "bundle_in"
        assert _entries(store, Filter(origin="01")) == []
        meeting = _entries(store, Filter(record=made.meeting))  # a meeting with everything under it
        assert {e.kind for e in meeting} == {"meetings", "opinions", "tasks", "publications"}
        assert set(history_users(store)) == {("binh.nv", "Nguyễn Văn Bình"), ("lan.nt", "Nguyễn Thị Lan"),
                                             ("quantri", "Nguyễn Thị Quản")}
        assert history_origins(store) == ["00004"]


def test_keys_pack_the_office_and_the_number() -> None:
    keys = HistoryKeys()
    keys.keys.extend(keys.packed([("00004", 7), ("25", 3), ("00004", 1_000_000)]))
    assert [keys.key(i) for i in range(3)] == [("00004", 7), ("25", 3), ("00004", 1_000_000)]
    assert keys.origins == ["00004", "25"]


def test_a_first_page_that_would_take_long_is_left_to_the_background_load(tmp_path: Path) -> None:
    made = make_history(tmp_path)
    with open_store(made.path) as store:
        with store.transaction() as conn:  # many entries of another kind before the one asked for
            conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                             [(f"notice.test{i}", str(i)) for i in range(3000)])
        rare = Filter(kinds=("publications",))
        assert first_keys(store, rare, budget=1) is None
        assert first_keys(store, rare) is not None  # within the usual budget on a small file
        assert len(all_keys(store, rare)) == 1
        with pytest.raises(Cancelled):
            all_keys(store, Filter(), cancelled=lambda: True)


def test_only_the_administrator_and_the_leader_read_the_whole_history(made: Made) -> None:
    for login in ("lan.nt", "tam.lm"):
        with _as(made, login) as store:
            for read in (lambda: first_keys(store, Filter()), lambda: all_keys(store, Filter()),
                         lambda: history_users(store), lambda: entries_by_keys(store, [("00004", 1)])):
                with pytest.raises(NotAllowed):
                    read()
            # A record's own history is read with the record.
            assert len(all_keys(store, Filter(record=made.opinions[0]))) == 2
    with _as(made, "binh.nv") as store:
        assert len(all_keys(store, Filter())) == 19


def test_a_viewer_reads_phone_numbers_masked(made: Made) -> None:
    key = ("00004", 15)  # lan.nt's change of opinion 1
    with _as(made, "tam.lm") as store:
        masked = entries_by_keys(store, [key], record=made.opinions[0])[key]
    assert masked.fields["phone"] == ("**** *** 678", "**** *** 321")
    with _as(made) as store:
        assert entries_by_keys(store, [key])[key].fields["phone"] == ("0912 345 678", "0987 654 321")

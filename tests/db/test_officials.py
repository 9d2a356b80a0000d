"""db/officials.py and db/setup.py: an office is created with its officials in one transaction;
officials are added, edited and marked inactive by operations that return what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import NotFound, QcdcError, StoreError, ValidationError
from qcdc_desktop.core.model import Official
from qcdc_desktop.db.backup import backup_infos, make_backup
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.officials import add_official, list_officials, set_official_active, update_official
from qcdc_desktop.db.setup import init_office, resolve_unit
from qcdc_desktop.db.units import get_unit
from conftest import ADMIN, RECOVERY_CODE

LEADERS = [Official("Nguyễn Văn An", "Chủ tịch UBND xã"), Official("Lê Thị Bình", "Bí thư Đảng ủy xã", "party")]


def _version_seq(store: Store, official_id: str) -> tuple[int, int]:
    return store.conn.execute("SELECT version, seq FROM officials WHERE id = ?", (official_id,)).fetchone()


def test_an_office_is_created_with_its_unit_and_officials(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "xa.db"
    with init_office(path, resolve_unit("05425", "commune"), LEADERS, admin=ADMIN, recovery_code=RECOVERY_CODE, make_folder=True):
        pass
    with open_store(path, readonly=True) as store:
        unit = get_unit(store)
        assert (unit.code, unit.name, unit.province_name) == ("05425", "Xã An Bình", "Tỉnh Phú Thọ")
        officials = list_officials(store)
        assert [(o.name, o.title, o.track) for o in officials] == [
            ("Nguyễn Văn An", "Chủ tịch UBND xã", "state"), ("Lê Thị Bình", "Bí thư Đảng ủy xã", "party")]
        assert all(o.id.startswith("05425-") for o in officials)


def test_officials_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    bad = [Official("Nguyễn Văn An", "Chủ tịch UBND xã", track="nonsense")]
    with pytest.raises(ValidationError):
        init_office(tmp_path / "new" / "xa.db", resolve_unit("05425", "commune"), bad, admin=ADMIN, recovery_code=RECOVERY_CODE, make_folder=True)
    assert not list(tmp_path.iterdir())


def test_nothing_is_left_when_writing_the_officials_fails(tmp_path: Path, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("qcdc_desktop.db.setup.insert_officials", broken)
    with pytest.raises(OSError):
        init_office(tmp_path / "xa.db", resolve_unit("05425", "commune"), LEADERS, admin=ADMIN, recovery_code=RECOVERY_CODE)
    assert not list(tmp_path.iterdir())


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "xa.db"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="đã tồn tại"):
        init_office(path, resolve_unit("05425", "commune"), LEADERS, admin=ADMIN, recovery_code=RECOVERY_CODE)
    assert path.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_one_cannot_write_in_is_a_sentence(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(StoreError):
        init_office(locked / "sub" / "xa.db", resolve_unit("05425", "commune"), LEADERS, admin=ADMIN, recovery_code=RECOVERY_CODE, make_folder=True)


def test_add_edit_and_mark_inactive(store: Store) -> None:
    added = add_official(store, name=" Trần  Văn Cường ", title="Phó Chủ tịch UBND phường")
    (new_id,) = added.added["officials"]
    assert new_id.startswith("00004-")
    before = _version_seq(store, new_id)

    changes = update_official(store, official_id=new_id, name="Trần Văn Cường", title="Chủ tịch UBND phường")
    assert changes.updated == {"officials": [new_id]} and changes.touches("officials")
    version, seq = _version_seq(store, new_id)
    assert version == before[0] + 1 and seq > before[1]  # sync ships it again

    set_official_active(store, official_id=new_id, active=False)
    assert new_id not in [o.id for o in list_officials(store)]
    (gone,) = [o for o in list_officials(store, active_only=False) if o.id == new_id]
    assert (gone.name, gone.title, gone.active) == ("Trần Văn Cường", "Chủ tịch UBND phường", False)
    set_official_active(store, official_id=new_id, active=True)
    assert new_id in [o.id for o in list_officials(store)]


def test_bad_input_and_unknown_ids_change_nothing(store: Store) -> None:
    (new_id,) = add_official(store, name="Trần Văn Cường", title="Phó Chủ tịch").added["officials"]
    before = _version_seq(store, new_id)
    with pytest.raises(ValidationError):
        update_official(store, official_id=new_id, name="", title="Chủ tịch")
    with pytest.raises(NotFound):
        update_official(store, official_id="00004-NOPE", name="A", title="B")
    with pytest.raises(NotFound):
        set_official_active(store, official_id="00004-NOPE", active=False)
    assert _version_seq(store, new_id) == before


def test_officials_of_another_office_are_not_edited_here(store: Store) -> None:
    store.conn.execute("INSERT INTO officials (id, origin, version, seq, updated_at, name, title) "
                       "VALUES ('05425-X', '05425', 1, 1, '2026-01-01T00:00:00+00:00', 'A', 'B')")
    with pytest.raises(QcdcError):
        update_official(store, official_id="05425-X", name="C", title="D")
    assert store.conn.execute("SELECT name FROM officials WHERE id = '05425-X'").fetchone() == ("A",)


def test_backups_are_listed_newest_first_with_their_reason(store: Store) -> None:
    import datetime as dt

    t0 = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.timezone.utc)
    make_backup(store, now=t0)
    make_backup(store, reason="manual", now=t0 + dt.timedelta(hours=1))
    infos = backup_infos(store.path)
    assert [(i.taken_at, i.reason) for i in infos] == [(t0 + dt.timedelta(hours=1), "manual"), (t0, "")]
    assert all(i.size > 0 and i.path.is_file() for i in infos)


def test_a_file_in_the_way_of_the_folder_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="notes"):
        init_office(tmp_path / "notes" / "xa.db", resolve_unit("05425", "commune"), LEADERS, admin=ADMIN, recovery_code=RECOVERY_CODE, make_folder=True)

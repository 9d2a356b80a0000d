"""The office's data file as the wizard and the Settings place use it, without Qt: created with
its unit, officials and keys (the folder made on the way), read back as Settings shows it, and
backed up on request with a bar and Cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ADMIN, RECOVERY_CODE
from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.core.model import Official
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.setup import resolve_unit
from qcdc_desktop.db.sync_keys import own_keys
from qcdc_desktop.work.office import backup_work, create_data_file, read_backups, read_office

OFFICIALS = [Official("Nguyễn Văn An", "Chủ tịch UBND"), Official("Trần Thị Bình", "Bí thư Đảng ủy", "party")]


@pytest.fixture
def created(tmp_path: Path) -> Path:
    steps: list[tuple[int, int]] = []
    path = tmp_path / "a" / "new" / "folder" / "commune.db"
    assert create_data_file(path, resolve_unit("00004", "commune"), OFFICIALS, admin=ADMIN, recovery_code=RECOVERY_CODE,
                            progress=lambda done, total: steps.append((done, total)), cancelled=lambda: False) == path
    assert steps[-1] == (1, 1)
    return path


def test_the_new_file_has_its_unit_officials_and_keys(created: Path) -> None:
    with open_store(created, check=False) as store:
        office = read_office(store)
        assert office.unit.code == "00004" and office.unit.role == "commune"
        assert [(o.name, o.title, o.track) for o in office.officials] == [
            (o.name, o.title, o.track) for o in OFFICIALS]
        assert office.backups == [] and len(own_keys(store)) == 1
    from qcdc_desktop.db import access

    signed = access.signed_in(created)  # the administrator who made it works on at once
    assert signed is not None and signed.login == ADMIN.login and signed.role == "admin"


def test_settings_lists_the_office_s_own_officials_active_or_not(created: Path) -> None:
    with open_store(created, check=False) as store:
        add_official(store, name="Lê Văn Cường", title="Phó Chủ tịch UBND")
        from qcdc_desktop.db.officials import set_official_active
        retired = read_office(store).officials[0]
        set_official_active(store, official_id=retired.id or "", active=False)
        office = read_office(store)
    assert len(office.officials) == 3 and [o.active for o in office.officials].count(False) == 1


def test_a_backup_on_request_is_listed_newest_first(created: Path) -> None:
    steps: list[tuple[int, int]] = []
    made = backup_work(created)(progress=lambda done, total: steps.append((done, total)), cancelled=lambda: False)
    assert made.is_file() and steps and steps[-1][0] == steps[-1][1]
    with open_store(created, check=False) as store:
        backups = read_backups(store)
        assert [b.path for b in backups] == [made] and backups[0].reason == "manual"
        assert read_office(store).backups == backups


def test_a_cancelled_backup_leaves_nothing(created: Path) -> None:
    with pytest.raises(Cancelled):
        backup_work(created)(progress=lambda done, total: None, cancelled=lambda: True)
    with open_store(created, check=False) as store:
        assert read_backups(store) == []

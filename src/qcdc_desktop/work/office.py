"""The office's data file as a whole: creating it (the first-run wizard), what the Settings place
shows of it, and the backup made on request.

Each long step runs on a connection of its own, so a large file is copied or created beside the
application's database worker, with a bar and Cancel."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.ids import origin_of
from ..core.model import Official, Unit
from ..db.backup import BackupInfo, backup_infos, make_backup
from ..db.connection import Store, open_store
from ..db.officials import list_officials
from ..db.setup import FirstAdmin, init_office
from ..db.sync_phones import sends_phones
from ..db.units import get_unit
from ..sync.keys import ensure_office_keys


def create_data_file(path: Path, unit: Unit, officials: list[Official], *, admin: FirstAdmin, recovery_code: str,
                     progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
    """Create the data file with its unit and officials, its first administrator (signed in
    here) and recovery code, and the office's keys for sync, as ``qcdc init`` does (the folder is
    made when missing)."""
    progress(0, 1)
    with init_office(path, unit, officials, admin=admin, recovery_code=recovery_code, make_folder=True) as store:
        ensure_office_keys(store)
    progress(1, 1)
    return path


@dataclass(frozen=True)
class OfficeData:
    """What the Settings place shows: the unit, this office's own officials (active and
    inactive), its backups, newest first, and whether its bundles carry citizens' phone numbers."""

    unit: Unit
    officials: list[Official]
    backups: list[BackupInfo]
    sends_phones: bool = False


def read_office(store: Store) -> OfficeData:
    """The unit, the officials this office entered itself (not those a sync brought), the backups
    and the sending of phone numbers."""
    unit = get_unit(store)
    officials = [o for o in list_officials(store, active_only=False) if o.id and origin_of(o.id) == unit.code]
    return OfficeData(unit, officials, backup_infos(store.path), sends_phones(store))


def read_backups(store: Store) -> list[BackupInfo]:
    """The backups of the data file, newest first."""
    return backup_infos(store.path)


def backup_work(db_path: Path) -> Callable[..., Path]:
    """"Back up now": a copy checked in full, on a read-only connection of its own, so a large
    file is copied beside the database worker (WAL lets it read what was committed)."""
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
            return make_backup(store, reason="manual", progress=progress, cancelled=cancelled)
    return work


def recovery_sheet_pdf(*, unit: Unit, file_name: str, code: str, made_by: str, made_on: dt.date,
                       **_job: object) -> bytes:
    """The printable recovery sheet of the data file as PDF bytes (run as a job).  The code is in
    a temporary file only while the page is written, then in memory: the sheet is its only copy."""
    from ..printing.recovery import write_recovery_sheet  # reportlab on the job's thread, not at start-up

    with tempfile.TemporaryDirectory(prefix="qcdc-recovery-") as folder:
        out = Path(folder) / "sheet.pdf"
        write_recovery_sheet(out, unit_name=unit.name, unit_code=unit.code, file_name=file_name, code=code,
                             made_on=made_on, made_by=made_by)
        return out.read_bytes()

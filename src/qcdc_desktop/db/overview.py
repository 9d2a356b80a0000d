"""Small summary figures of a data file, for the main window's overview."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Unit
from .backup import BackupInfo, backup_infos
from .connection import Store
from .units import get_unit


@dataclass(frozen=True)
class Overview:
    unit: Unit
    meetings: int
    opinions: int
    tasks: int
    open_tasks: int
    last_backup: BackupInfo | None  # the newest


def read_overview(store: Store) -> Overview:
    def count(sql: str) -> int:
        found: int = store.conn.execute(sql).fetchone()[0]
        return found

    backups = backup_infos(store.path)
    return Overview(
        unit=get_unit(store),
        meetings=count("SELECT count(*) FROM meetings"),
        opinions=count("SELECT count(*) FROM opinions"),
        tasks=count("SELECT count(*) FROM tasks"),
        open_tasks=count("SELECT count(*) FROM tasks WHERE state = 'open'"),
        last_backup=backups[0] if backups else None,
    )

"""What SQLite's errors on the data file mean for a person.

An error SQLite calls damage is reported as damage only after an integrity check of the file
failed; otherwise the sentence says the file is sound and another program may be disturbing it.
A busy or locked file is busy.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from ..core.errors import DatabaseBusy, DatabaseDamaged, DatabaseUnsettled
from ..l10n import _
from . import access, cipher
from .backup_files import latest_backup
from .integrity import passes_integrity_check

log = logging.getLogger(__name__)


def describe_damage(path: Path) -> str:
    latest = latest_backup(path)
    if latest is None:
        return _("The data file %(path)s is damaged and there is no backup of it. "
                 "Keep the file and ask for technical help.") % {"path": path}
    return _("The data file %(path)s is damaged. Restore the latest backup with: "
             "qcdc restore --db %(path)s --from %(backup)s") % {"path": path, "backup": latest}


def _sqlite_code(error: BaseException) -> int | None:
    if not isinstance(error, (sqlite3.DatabaseError, cipher.DatabaseError)):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_damage(error: BaseException) -> bool:
    """True for SQLite's "malformed" and "not a database" errors (not for mistakes in SQL)."""
    return _sqlite_code(error) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def is_busy(error: BaseException) -> bool:
    if _sqlite_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    return (isinstance(error, (sqlite3.OperationalError, cipher.OperationalError))
            and ("locked" in str(error) or "busy" in str(error)))


def explain(path: Path, error: BaseException) -> BaseException:
    """The error a person should see for ``error`` raised while using the data file at ``path``.

    SQLite's damage is called damage (with the advice to restore a backup) only when the file
    then fails its integrity check; a sound file gets a sentence that says so and asks to close
    the other program.  A busy file is busy.  Anything else is returned as it is."""
    if is_busy(error):
        return DatabaseBusy(_("The data file is busy with another task; try again in a moment."))
    if not _is_damage(error):
        return error
    found = access.unlocked(path)
    if found is None:
        return error
    if passes_integrity_check(path, found.file_key):
        log.error("SQLite reported damage on %s but its integrity check passed: %s", path, error)
        return DatabaseUnsettled(_(
            "The data file %(path)s could not be read just now, but it is not damaged (its check "
            "passed). Another program may be using it: close any other program that has the file "
            "open, then try again. Do not restore a backup.") % {"path": path})
    return DatabaseDamaged(describe_damage(path))

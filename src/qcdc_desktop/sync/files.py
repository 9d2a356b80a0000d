"""Files of sync: the folder beside the data file, and writes that survive a pulled stick.

``<data file>.sync/`` holds ``work/`` (bundles being built or read: a local copy, so a stick pulled
out mid-import cannot change what was verified), ``waiting/`` (bundles that need an earlier one
first) and ``quarantine/`` (copies of every refused file, never deleted).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from pathlib import Path

from ..core.errors import BundleError, OutputFileError
from ..l10n import _


def sync_folder(db_path: Path, part: str) -> Path:
    """``<data file>.sync/<part>``, created when missing."""
    folder = Path(f"{db_path}.sync") / part
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_durably(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` under a temporary name, flush it to the device, then rename:
    ``target`` is either absent or complete, whenever the copy stops."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with source.open("rb") as src, temporary.open("xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(temporary, target)
        fsync_folder(target.parent)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                              % {"path": target, "reason": exc.strerror or exc}) from None


def copy_in(source: Path, work: Path, limit: int) -> Path:
    """A local copy of a file given to import, reading at most ``limit`` + 1 bytes (an oversized
    file is refused without reading it all)."""
    target = work / f"in-{secrets.token_hex(8)}{source.suffix[:10]}"
    try:
        if source.is_file() and source.stat().st_size > limit:
            raise BundleError(_("The file is too large to be a bundle."), "too_large")
        with source.open("rb") as src, target.open("xb") as dst:
            left = limit + 1
            while left > 0:
                block = src.read(min(left, 1 << 20))
                if not block:
                    break
                dst.write(block)
                left -= len(block)
    except IsADirectoryError:
        target.unlink(missing_ok=True)
        raise BundleError(_("%(path)s is a folder, not a bundle.") % {"path": source}, "unreadable") from None
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        raise BundleError(_("There is no file %(path)s.") % {"path": source}, "unreadable") from None
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise BundleError(_("Cannot read %(path)s: %(reason)s") % {"path": source, "reason": exc.strerror or exc},
                          "unreadable") from None
    return target


def quarantine(db_path: Path, source: Path, limit: int) -> Path | None:
    """Keep a copy of a refused file aside; the original is left where it was.  A file larger
    than ``limit`` is not copied (it cannot be a bundle, and copying it would fill the disk)."""
    try:
        if not source.is_file() or source.stat().st_size > limit:
            return None
    except OSError:
        return None
    folder = sync_folder(db_path, "quarantine")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{stamp}-{secrets.token_hex(3)}-{source.name[:80]}"
    try:
        copy_durably(source, target)
    except OutputFileError:
        return None
    return target

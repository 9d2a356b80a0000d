"""Files of sync: the folder beside the data file, and writes that survive a pulled stick.

``<data file>.sync/`` holds ``work/`` (bundles being built or read: a local copy, so a stick pulled
out mid-import cannot change what was verified; each under a lock, so that the files of a process
that died are recognised and removed), ``waiting/`` (bundles that need an earlier one first) and
``quarantine/`` (copies of every refused file, never deleted).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ..core.errors import BundleError, InputFileError, NotAFile, OutputFileError, system_reason
from ..core.text import printable
from ..db.files import fsync_folder, open_regular
from ..l10n import _


def sync_folder(db_path: Path, part: str) -> Path:
    """``<data file>.sync/<part>``, created when missing."""
    folder = Path(f"{db_path}.sync") / part
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
                              % {"path": target, "reason": system_reason(exc)}) from None


def copy_in(source: Path, target: Path, limit: int) -> Path:
    """A local copy at ``target`` of a file given to import, reading at most ``limit`` + 1 bytes
    (an oversized file is refused without reading it all).  Only a regular file is read: a
    folder, a link, a device or a pipe is refused without reading it (db.files.open_regular)."""
    try:
        with open_regular(source) as src:
            if os.fstat(src.fileno()).st_size > limit:
                raise BundleError(_("The file is too large to be a bundle."), "too_large")
            with target.open("xb") as dst:
                left = limit + 1
                while left > 0:
                    block = src.read(min(left, 1 << 20))
                    if not block:
                        break
                    dst.write(block)
                    left -= len(block)
    except NotAFile as exc:
        folder = source.is_dir() and not source.is_symlink()
        raise BundleError(exc.message, "unreadable" if folder else "not_a_file") from None
    except InputFileError as exc:
        target.unlink(missing_ok=True)
        raise BundleError(exc.message, "unreadable") from None
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise BundleError(_("Cannot read %(path)s: %(reason)s")
                          % {"path": printable(str(source)), "reason": system_reason(exc)}, "unreadable") from None
    return target


def safe_name(name: str) -> str:
    """A file name of ours made from one given: letters, digits and ``.-_`` only, 80 at most."""
    return "".join(ch if ch.isalnum() and ch.isascii() or ch in ".-_" else "_" for ch in name)[:80]


def quarantine(db_path: Path, copy: Path, name: str, limit: int) -> Path | None:
    """Keep aside ``copy``, this office's own copy of a refused file (never the file as given,
    which may be a link to anything); the original is left where it was.  A file larger than
    ``limit`` is not kept (it cannot be a bundle, and keeping it would fill the disk)."""
    try:
        if not copy.is_file() or copy.stat().st_size > limit:
            return None
    except OSError:
        return None
    folder = sync_folder(db_path, "quarantine")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{stamp}-{secrets.token_hex(3)}-{safe_name(name)}"
    try:
        copy_durably(copy, target)
    except OutputFileError:
        return None
    return target


@contextlib.contextmanager
def work_files(db_path: Path, prefix: str) -> Iterator[Path]:
    """A stem in the work folder (``work/<prefix>-<random>``) for the files of one import or
    export, held by a lock for as long as they are in use; the caller names its files
    ``<stem>.<suffix>`` and removes them.  A process that died (kill -9, a power cut) leaves its
    files unlocked, and :func:`sweep_work` removes them."""
    work = sync_folder(db_path, "work")
    stem = work / f"{prefix}-{secrets.token_hex(8)}"
    lock_path = Path(f"{stem}.lock")
    lock = FileLock(str(lock_path), timeout=0)
    lock.acquire()
    try:
        yield stem
    finally:
        lock.release()
        lock_path.unlink(missing_ok=True)


def sweep_work(db_path: Path) -> int:
    """Remove the work files of imports and exports whose process is gone (their lock is free);
    returns how many files were removed."""
    work = sync_folder(db_path, "work")
    removed = 0
    try:
        stems = {p.name.split(".", 1)[0] for p in work.iterdir()
                 if p.name.startswith(("in-", "out-")) and p.suffix != ".lock"}
    except OSError:
        return 0
    for stem in sorted(stems):
        lock = FileLock(str(work / f"{stem}.lock"), timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # still in use
        try:
            for path in work.glob(f"{stem}.*"):
                if path.suffix != ".lock":
                    path.unlink(missing_ok=True)
                    removed += 1
        finally:
            lock.release()
            (work / f"{stem}.lock").unlink(missing_ok=True)
    return removed

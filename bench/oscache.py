"""Dropping a data file from the operating system's page cache, as after a restart of the PC, for
the benches' "cold" figures (Linux: ``posix_fadvise(POSIX_FADV_DONTNEED)``)."""

from __future__ import annotations

import os
from pathlib import Path


def drop_from_os_cache(path: Path) -> bool:
    """Ask the OS to forget the cached pages of ``path`` and its write-ahead log; False where the
    system cannot."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True

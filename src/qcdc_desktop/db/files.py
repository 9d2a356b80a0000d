"""Writing a file so that nobody ever sees half of it: written beside its destination under a
temporary name, flushed to the disk, then moved into place.  Shared by every output the program
writes (notices, reports, workbooks, charts); not SQL, but below all of them."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..core.errors import InputFileError, NotAFile, OutputFileError, system_reason
from ..core.text import printable
from ..l10n import _

# Opening never follows a link nor waits on a pipe (where the system has these flags).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: Path) -> BinaryIO:
    """Open a file a person or a stick gave, for reading, only if it is a regular file: a folder,
    a link (perhaps to a system file), a device or a pipe (which would block) is refused in a
    sentence without being read."""
    shown = {"path": printable(str(path))}
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            raise NotAFile(_("%(path)s is a link to another file; give the file itself.") % shown)
        if stat.S_ISDIR(mode):
            raise NotAFile(_("Cannot read %(path)s: it is a folder, not a file.") % shown)
        if not stat.S_ISREG(mode):
            raise NotAFile(_("%(path)s is not a regular file (a device or a pipe); it was not read.") % shown)
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise InputFileError(_("There is no file %(path)s.") % shown) from None
    except OSError as exc:
        raise InputFileError(_("Cannot read %(path)s: %(reason)s") % {**shown, "reason": system_reason(exc)}) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # changed between the look and the opening
        os.close(fd)
        raise NotAFile(_("%(path)s is not a regular file (a device or a pipe); it was not read.") % shown)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def check_destination(out: Path) -> None:
    """Refuse, with a sentence, a destination that cannot be written."""
    if out.is_dir():
        raise OutputFileError(_("%(path)s is a folder; give the name of the file to write.") % {"path": out})
    if not out.parent.is_dir():
        raise OutputFileError(_("The folder %(path)s does not exist.") % {"path": out.parent})


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the system allows opening a folder.  The file is
    in place already: a folder that cannot be synced (Windows, some network shares) is not a
    failed write."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        return
    finally:
        os.close(fd)


@contextlib.contextmanager
def replaced(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``, on any error it is
    removed and ``out`` is left as it was."""
    out = Path(out)
    check_destination(out)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        yield temporary
        with open(temporary, "rb") as fh:  # on the disk before it takes the name: a power cut leaves old or new
            os.fsync(fh.fileno())
        os.replace(temporary, out)
        fsync_folder(out.parent)  # and the new name survives a power cut too
    except OSError as exc:
        raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                              % {"path": out, "reason": system_reason(exc)}) from None
    finally:
        temporary.unlink(missing_ok=True)

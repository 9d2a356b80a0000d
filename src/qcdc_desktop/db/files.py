"""Writing a file so that nobody ever sees half of it: written beside its destination under a
temporary name, flushed to the disk, then moved into place.  Shared by every output the program
writes (notices, reports, workbooks, charts); not SQL, but below all of them."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import OutputFileError
from ..l10n import _


def check_destination(out: Path) -> None:
    """Refuse, with a sentence, a destination that cannot be written."""
    if out.is_dir():
        raise OutputFileError(_("%(path)s is a folder; give the name of the file to write.") % {"path": out})
    if not out.parent.is_dir():
        raise OutputFileError(_("The folder %(path)s does not exist.") % {"path": out.parent})


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
    except OSError as exc:
        raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                              % {"path": out, "reason": exc.strerror or exc}) from None
    finally:
        temporary.unlink(missing_ok=True)

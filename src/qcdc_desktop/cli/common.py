"""What the commands of ``qcdc`` share: exit statuses, the JSON input file, the one-line message and
standard output."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ..core.errors import InputFileError, system_reason
from ..core.serialize import loads_strict
from ..core.text import printable
from ..l10n import _

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_JSON_BYTES = 256 * 1024 * 1024


def read_json_file(path: Path) -> object:
    from ..db.files import open_regular

    try:
        with open_regular(path) as fh:  # never a pipe or a device, which could block or never end
            if os.fstat(fh.fileno()).st_size > MAX_JSON_BYTES:
                raise InputFileError(_("%(path)s is too large.") % {"path": printable(str(path))})
            data = fh.read()
    except OSError as exc:
        raise InputFileError(_("Cannot read %(path)s: %(reason)s")
                             % {"path": printable(str(path)), "reason": system_reason(exc)}) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
    return loads_strict(text)


def one_line(message: str) -> str:
    """The message on one line, as the contract promises: it may quote a key or a value of the
    input (or a line of SQLite's integrity report) that holds line breaks."""
    return " ".join(message.splitlines())


def stdout() -> TextIO:
    """Standard output, for a command whose whole point is what it prints there."""
    if sys.stdout is None:  # started with standard output closed (`qcdc dump >&-`)
        from ..core.errors import OutputFileError

        raise OutputFileError(_("There is nowhere to write: the standard output is closed."))
    return sys.stdout

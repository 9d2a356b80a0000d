"""Who works at this computer: the name kept with each change of a task's status (its history
says who and when).  Chosen in Settings; until then, the computer's login name."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings

from ...core.text import nfc
from ...core.settings import USER_NAME
from .settings import read, write

MAX_NAME = 100


def current_user(settings: QSettings) -> str:
    saved = " ".join(read(settings, USER_NAME).split())
    if saved:
        return saved[:MAX_NAME]
    try:
        return getpass.getuser()[:MAX_NAME]
    except (OSError, KeyError):  # no login name on this system
        return ""


def save_user(settings: QSettings, name: str) -> None:
    write(settings, USER_NAME, nfc(" ".join(name.split()))[:MAX_NAME])

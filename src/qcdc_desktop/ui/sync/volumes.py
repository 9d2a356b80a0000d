"""Where a bundle goes: the USB sticks (removable volumes) mounted now, or another folder.

:func:`removable_volumes` is the filter, a plain function over :class:`Volume` values so it is
tested on made-up volumes; :func:`mounted_volumes` reads the real ones from QStorageInfo.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from ... import l10n
from ...l10n import _

# File systems that are never a stick: memory, kernel and packaging mounts.
_PSEUDO = {"tmpfs", "devtmpfs", "proc", "sysfs", "overlay", "squashfs", "ramfs", "cgroup", "cgroup2",
           "devpts", "autofs", "efivarfs", "fuse.portal", "nsfs", "tracefs", "debugfs", "securityfs"}
# Where desktops mount removable media on Linux and macOS.
_MOUNT_PLACES = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
# macOS's own volumes under /Volumes: Time Machine's and hidden ones.
_SYSTEM_VOLUMES = ("/Volumes/.", "/Volumes/com.apple.")


@dataclass(frozen=True)
class Volume:
    """A mounted volume as the filter sees it."""

    root: str
    name: str
    ready: bool
    read_only: bool
    is_root: bool
    fs_type: str
    bytes_free: int
    removable: bool | None = None  # what Windows says of the drive (GetDriveTypeW); None elsewhere


# Windows' drive types (GetDriveTypeW): a USB stick is "removable"; "fixed" is a hard disk or a
# partition of it (D: beside C:), which is never offered as a stick.
DRIVE_REMOVABLE = 2


def removable_volumes(volumes: Iterable[Volume], *, windows: bool = sys.platform == "win32",
                      system_drive: str = os.environ.get("SYSTEMDRIVE", "C:")) -> list[Volume]:
    """The volumes a bundle can be written to as to a stick: ready, writable, not the system's
    root, not a pseudo file system; on Windows a removable drive other than the system drive (when
    the drive's type is known), elsewhere a volume mounted where desktops mount removable media,
    not macOS's own (Time Machine's snapshots, hidden volumes).  In the order of their names."""
    found = []
    for v in volumes:
        if not v.ready or v.read_only or v.is_root or v.fs_type.lower() in _PSEUDO:
            continue
        root = v.root.replace("\\", "/")
        if windows:
            if root.rstrip("/").upper() == system_drive.rstrip("/\\").upper() or v.removable is False:
                continue
        elif not root.startswith(_MOUNT_PLACES) or root.startswith(_SYSTEM_VOLUMES):
            continue
        found.append(v)
    return sorted(found, key=lambda v: (v.name.lower(), v.root))


def mounted_volumes() -> list[Volume]:
    """The volumes mounted now, read from the system (on Windows with each drive's type)."""
    return [Volume(s.rootPath(), s.displayName() or s.rootPath(), s.isReady() and s.isValid(), s.isReadOnly(),
                   s.isRoot(), bytes(s.fileSystemType().data()).decode("utf-8", "replace"), s.bytesAvailable(),
                   _removable(s.rootPath()))
            for s in QStorageInfo.mountedVolumes()]


def _removable(root: str, windows: bool = sys.platform == "win32") -> bool | None:
    """Whether Windows calls the drive of ``root`` removable; None elsewhere or when it cannot say."""
    if not windows:
        return None
    import ctypes

    try:
        drive_type = ctypes.windll.kernel32.GetDriveTypeW  # type: ignore[attr-defined]  # windll: Windows only
        kind = drive_type(ctypes.c_wchar_p(root.replace("/", "\\")))
    except (AttributeError, OSError):
        return None
    return None if kind in (0, 1) else kind == DRIVE_REMOVABLE  # 0, 1: unknown, no such root


def volume_text(volume: Volume) -> str:
    free = l10n.format_number(round(volume.bytes_free / 1e9, 1)) if volume.bytes_free >= 0 else "?"
    return _("%(name)s (%(root)s, %(free)s GB free)") % {"name": volume.name, "root": volume.root, "free": free}


class DestinationChooser(QWidget):
    """A list of the sticks plugged in, a Refresh button and "Another folder…"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setMinimumContentsLength(24)  # a stick's name and size; the combo stretches when it can
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.refresh_button = QPushButton(_("&Refresh"), self)
        self.refresh_button.setToolTip(_("Look again for the USB sticks plugged in"))
        self.refresh_button.clicked.connect(self.refresh)
        self.folder_button = QPushButton(_("Another fol&der…"), self)
        self.folder_button.clicked.connect(self.choose_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        layout.addWidget(self.folder_button)
        self.volumes = mounted_volumes
        self.refresh()

    def refresh(self) -> None:
        """List again the sticks plugged in (a folder chosen by hand stays in the list)."""
        current = self.folder()
        chosen = [self.combo.itemData(i) for i in range(self.combo.count())
                  if self.combo.itemData(i) and self.combo.itemData(i)[1] == "folder"]
        self.combo.blockSignals(True)
        self.combo.clear()
        sticks = removable_volumes(self.volumes())
        for volume in sticks:
            self.combo.addItem(volume_text(volume), (volume.root, "stick"))
        for root, kind in chosen:
            self.combo.addItem(root, (root, kind))
        if not self.combo.count():
            self.combo.addItem(_("No USB stick found: plug one in and press Refresh, or choose a folder"), None)
        index = next((i for i in range(self.combo.count())
                      if self.combo.itemData(i) and Path(self.combo.itemData(i)[0]) == current), 0)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.changed.emit()

    def choose_folder(self) -> None:
        start = str(self.folder() or Path.home())
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder: bundles are written there and "
                                                          "looked for there first when importing"), start)
        if folder:
            self.set_folder(Path(folder))

    def set_folder(self, folder: Path) -> None:
        """Choose ``folder`` (added to the list when it is not a stick listed)."""
        index = next((i for i in range(self.combo.count())
                      if self.combo.itemData(i) and Path(self.combo.itemData(i)[0]) == folder), -1)
        if index < 0:
            if self.combo.count() == 1 and self.combo.itemData(0) is None:
                self.combo.clear()
            self.combo.addItem(str(folder), (str(folder), "folder"))
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def folder(self) -> Path | None:
        data = self.combo.currentData()
        return Path(data[0]) if data else None

"""The USB sticks offered for a bundle: the filter over made-up volumes, and the chooser."""

from __future__ import annotations

from pathlib import Path

from qcdc_desktop.ui.sync.volumes import DestinationChooser, Volume, removable_volumes


def _v(root: str, name: str = "", *, ready: bool = True, read_only: bool = False, is_root: bool = False,
       fs: str = "vfat") -> Volume:
    return Volume(root, name or root, ready, read_only, is_root, fs, 8_000_000_000)


LINUX = [
    _v("/", "root", is_root=True, fs="ext4"), _v("/boot/efi", fs="vfat"), _v("/dev/shm", fs="tmpfs"),
    _v("/media/clerk/KINGSTON", "KINGSTON"), _v("/run/media/clerk/SANDISK", "SANDISK", fs="exfat"),
    _v("/media/clerk/CDROM", "CDROM", read_only=True, fs="iso9660"), _v("/media/clerk/EMPTY", ready=False),
    _v("/media/clerk/SNAP", fs="squashfs"), _v("/home", fs="ext4"),
]


def test_only_ready_writable_removable_volumes_are_offered_on_linux() -> None:
    found = removable_volumes(LINUX, windows=False)
    assert [v.name for v in found] == ["KINGSTON", "SANDISK"]


def test_on_windows_the_system_drive_is_never_offered() -> None:
    volumes = [_v("C:/", "Windows", fs="NTFS"), _v("E:/", "USB DISK"), _v("D:/", "Data", fs="NTFS"),
               _v("F:/", "DVD", read_only=True, fs="UDF")]
    found = removable_volumes(volumes, windows=True, system_drive="C:")
    assert [v.root for v in found] == ["D:/", "E:/"]


def test_the_chooser_lists_the_sticks_refreshes_and_keeps_a_chosen_folder(qtbot, tmp_path: Path) -> None:
    chooser = DestinationChooser()
    qtbot.addWidget(chooser)
    plugged = [LINUX[0]]
    chooser.volumes = lambda: plugged
    chooser.refresh()
    assert chooser.folder() is None and chooser.combo.count() == 1  # "no stick found"
    plugged.append(LINUX[3])
    chooser.refresh()
    assert chooser.folder() == Path("/media/clerk/KINGSTON") and "KINGSTON" in chooser.combo.currentText()
    chooser.set_folder(tmp_path)
    chooser.refresh()
    assert chooser.folder() == tmp_path and chooser.combo.count() == 2

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


def test_on_windows_a_fixed_drive_is_not_a_stick_when_windows_says_so() -> None:
    """A data partition (D:, "fixed") and a mapped network drive are not offered; a drive Windows
    calls removable is, and one whose type could not be read falls back to the rule above."""
    volumes = [_v("C:/", "Windows", fs="NTFS"), Volume("D:/", "Data", True, False, False, "NTFS", 1, False),
               Volume("E:/", "KINGSTON", True, False, False, "FAT32", 1, True),
               Volume("Z:/", "Phong-VP", True, False, False, "NTFS", 1, False),
               Volume("G:/", "SANDISK", True, False, False, "exFAT", 1, None)]
    found = removable_volumes(volumes, windows=True, system_drive="C:")
    assert [v.root for v in found] == ["E:/", "G:/"]


def test_where_windows_cannot_be_asked_the_drive_type_is_unknown() -> None:
    from qcdc_desktop.ui.sync.volumes import _removable

    assert _removable("E:/", windows=False) is None
    assert _removable("E:/", windows=True) is None  # no windll here: unknown, not a crash


def test_on_macos_the_sticks_under_volumes_but_not_the_system_s_own() -> None:
    volumes = [_v("/", "Macintosh HD", is_root=True, fs="apfs"), _v("/System/Volumes/Data", "Data", fs="apfs"),
               _v("/Volumes/KINGSTON", "KINGSTON", fs="msdos"),
               _v("/Volumes/.timemachine/abc/2026-12-01", "snapshot", fs="apfs"),
               _v("/Volumes/com.apple.TimeMachine.localsnapshots/x", "local", fs="apfs"),
               _v("/Volumes/Installer", "Installer", read_only=True, fs="hfs")]
    found = removable_volumes(volumes, windows=False)
    assert [v.root for v in found] == ["/Volumes/KINGSTON"]


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

"""How a backup is named to a person: when it was taken (local time) and why."""

from __future__ import annotations

from ... import l10n
from ...db.backup import BackupInfo
from ...l10n import _


def describe_reason(reason: str) -> str:
    if not reason:
        return _("Automatic (daily)")
    if reason == "manual":
        return _("Made with “Back up now”")
    if reason.startswith("before-upgrade"):
        return _("Before a program update")
    return reason


def taken_when(info: BackupInfo) -> str:
    """"06/12/2026 08:15" in the office's time."""
    local = info.taken_at.astimezone()
    return f"{l10n.format_date(local.date())} {local:%H:%M}"


def backup_line(info: BackupInfo | None) -> str:
    """One line for the newest backup: "06/12/2026 08:15 (Automatic (daily))", or that there is none."""
    if info is None:
        return _("none yet")
    return f"{taken_when(info)} — {describe_reason(info.reason)}"

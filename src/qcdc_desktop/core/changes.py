"""What an operation changed, so each view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    """Ids of the records an operation added, updated or deleted, by kind of record
    ("meetings", "opinions", "tasks", "publications", "officials", "register_entries", "task_history",
    "users")."""

    added: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)
    settings: bool = False
    backups: bool = False  # a backup was made: the overview names the latest

    def note(self, how: str, kind: str, ids: list[str]) -> None:
        if ids:
            getattr(self, how).setdefault(kind, []).extend(ids)

    def touches(self, kind: str) -> bool:
        return any(kind in part for part in (self.added, self.updated, self.deleted))

    def merge(self, other: "Changes") -> "Changes":
        for how in ("added", "updated", "deleted"):
            for kind, ids in getattr(other, how).items():
                self.note(how, kind, ids)
        self.settings = self.settings or other.settings
        self.backups = self.backups or other.backups
        return self

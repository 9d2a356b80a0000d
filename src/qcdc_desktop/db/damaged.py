"""Records that break the domain rules or point into another office's records — what an earlier
version could take from a bundle before every record passed core.record_rules.  ``qcdc check``
lists them; ``qcdc repair`` (the upper level's administrator) removes them, or asks their office
to send everything again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..core.errors import NotFound, QcdcError
from ..core.record_rules import describe_problem, record_problems
from ..core.roles import Operation
from ..l10n import _
from .connection import Store
from .sync_apply import KINDS, RECORD_KINDS, REFERENCES


@dataclass(frozen=True)
class Damaged:
    """One record that cannot stand: its table, id, office and the first rule it breaks."""

    kind: str
    id: str
    origin: str
    problem: str

    def sentence(self) -> str:
        return _("the record %(id)s (%(kind)s) of %(origin)s: %(problem)s") % {
            "id": self.id[:40], "kind": self.kind, "origin": self.origin[:10], "problem": self.problem}


def damaged_records(store: Store) -> Iterator[Damaged]:
    """Every record of the synced tables that breaks the domain rules or refers to a record of
    another office, table by table (streamed)."""
    for kind, columns in KINDS.items():
        names = [c for c, _type in columns]
        for row in store.conn.execute(f"SELECT {', '.join(names)} FROM {kind} ORDER BY rowid"):
            record = dict(zip(names, row))
            problems = record_problems(kind, record)
            if problems:
                yield Damaged(kind, str(record["id"]), str(record["origin"]), describe_problem(problems[0]))
                continue
            owner = record["commune"] if kind == "messages" else record["origin"]
            for column in REFERENCES.get(kind, ()):
                target = record[column]
                if isinstance(target, str) and not target.startswith(f"{owner}-"):
                    yield Damaged(kind, record["id"], record["origin"],
                                  _("«%(column)s» points to %(target)s, a record of another office")
                                  % {"column": column, "target": target[:40]})
                    break


def _find(store: Store, record_id: str) -> tuple[str, str] | None:
    for kind in (*RECORD_KINDS, "tombstones"):
        row = store.conn.execute(f"SELECT origin FROM {kind} WHERE id = ?", (record_id,)).fetchone()
        if row is not None:
            return kind, row[0]
    return None


def remove_records(store: Store, ids: list[str]) -> list[tuple[str, str]]:
    """Remove records of other offices from this data file, in one transaction: a meeting goes
    with its opinions, tasks and publications, and with the register entries that name it.  No
    deletion is recorded (they are not this office's to delete): the office that wrote them may
    send them again, and they come back only if they pass the rules.  Returns (kind, id) removed."""
    store.require(Operation.REPAIR)
    removed: list[tuple[str, str]] = []
    with store.transaction() as conn:
        for record_id in ids:
            if any(record_id == gone for _kind, gone in removed):
                continue  # went with its meeting
            found = _find(store, record_id)
            if found is None:
                raise NotFound(_("There is no record %(id)s.") % {"id": record_id[:60]})
            kind, origin = found
            if origin == store.origin:
                raise QcdcError(_("The record %(id)s is this office's own; change or delete it in the application.")
                                % {"id": record_id[:60]})
            if kind == "meetings":
                for table in ("opinions", "tasks", "publications", "register_entries"):
                    for (child,) in conn.execute(f"SELECT id FROM {table} WHERE meeting_id = ?", (record_id,)):
                        removed.append((table, child))
                    conn.execute(f"DELETE FROM {table} WHERE meeting_id = ?", (record_id,))
            conn.execute(f"DELETE FROM {kind} WHERE id = ?", (record_id,))
            removed.append((kind, record_id))
    return removed


def resend_from(store: Store, unit_code: str) -> None:
    """Ask an enrolled office for everything again: this office's next receipt to it says nothing
    of its was applied, so its next bundle carries all its records (applied under the version
    guard and the rules, as any bundle)."""
    store.require(Operation.REPAIR)
    with store.transaction() as conn:
        if conn.execute("UPDATE sync_peers SET applied_through = 0, receipt_due = 1 WHERE unit_code = ?",
                        (unit_code,)).rowcount == 0:
            raise NotFound(_("%(code)s is not an enrolled office.") % {"code": unit_code[:20]})

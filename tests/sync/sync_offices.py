"""Offices for the sync tests: data files with keys, enrolled with each other, in this process,
and a way to craft bundles byte by byte (signed with real keys) to attack the importer."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets
import shutil
from pathlib import Path
from typing import Any

import pyrage

from conftest import ADMIN, PASSWORD, RECOVERY_CODE, full_meeting, minimal_meeting
from qcdc_desktop.db.accounts import add_account, sign_in
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db import cipher, keyslots
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.dump import write_dump
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.db.sync_apply import KINDS, outgoing
from qcdc_desktop.db import sync_store
from qcdc_desktop.db.sync_phones import set_sends_phones
from qcdc_desktop.db.sync_keys import active_peer_key
from qcdc_desktop.sync.cards import make_card, trust_card
from qcdc_desktop.sync.export import export_bundle
from qcdc_desktop.sync.format import HEADER_TYPE, MAGIC, PREFIX, SECRETARY_SCHEMA, VERSION, canonical_bytes
from qcdc_desktop.sync.importer import BundleReport, import_bundles
from qcdc_desktop.sync.keys import OfficeKeys, ensure_office_keys, pae

TODAY = dt.date(2024, 6, 1)


def office(folder: Path, code: str = "00004", role: str = "commune", name: str | None = None) -> Store:
    """A new data file for a unit, with its keys, open for the test to write.  The test's
    connection does not hold the file (hold=False), so a `qcdc` command run between two steps of a
    test may write it as the office's own program would: the steps never overlap."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.db"
    with init_store(path, resolve_unit(code, role, name), ADMIN, RECOVERY_CODE) as store:
        ensure_office_keys(store)
    return open_store(path, check=False, hold=False)


def acting_as(store: Store, role: str) -> Store:
    """The same data file opened by a new account of ``role`` (added by the store's admin, signed
    in here): from then on ``open_store`` of the file acts as that account; ``store`` stays as it was."""
    login = f"{role}.{store.origin}"
    add_account(store, login=login, full_name=f"Người {role}", title="", role=role, password=PASSWORD)
    sign_in(store.path, login, PASSWORD, record=False)
    return open_store(store.path, check=False, hold=False)


def enrol(a: Store, b: Store) -> None:
    """Each office trusts the other's key card."""
    trust_card(b, make_card(a).encode("utf-8"))
    trust_card(a, make_card(b).encode("utf-8"))


def pair(tmp_path: Path) -> tuple[Store, Store]:
    """Phường Ba Đình (00004) and its upper level, Hà Nội (01), enrolled with each other."""
    commune = office(tmp_path / "commune")
    upper = office(tmp_path / "upper", "01", "upper")
    enrol(commune, upper)
    return commune, upper


def sending_phones(store: Store) -> Store:
    """``store``, a commune that from now on sends its citizens' phone numbers to its upper level
    (the records and history entries written after this; off by default)."""
    set_sends_phones(store, on=True)
    return store


def add(store: Store, opinions: int = 2, **changes: Any) -> str:
    """Add a meeting with ``opinions`` opinions; return its id.  It has no secretary unless given,
    so that its bundles are of the schema an upper level not yet updated reads (and bundles crafted
    in an earlier schema carry it whole)."""
    meeting = dict(full_meeting(), secretary="")
    meeting["opinions"] = [dict(meeting["opinions"][i % 2], speaker=f"Người {i}") for i in range(opinions)]
    meeting["conclusions"][0]["opinions"] = [1] if opinions else []
    if "held_on" in changes:  # dates of the full meeting follow its 2024-03-05
        meeting.update(announced_on=None, publications=[])
    meeting.update(changes)
    parsed = parse_meetings([meeting], today=TODAY)
    add_meetings(store, meetings=parsed)
    return parsed[0].id


def add_minimal(store: Store, **changes: Any) -> str:
    parsed = parse_meetings([minimal_meeting(**changes)], today=TODAY)
    add_meetings(store, meetings=parsed)
    return parsed[0].id


def export(store: Store, folder: Path, **kwargs: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return export_bundle(store, folder, **kwargs).path


def copy_of(store: Store, path: Path) -> Store:
    """An open copy of a data file: the same office with the same keys, as it is now (encrypted
    with the same file key, with its key-slot file beside it, as a backup is)."""
    target = cipher.connect(path, store.file_key, create=True, check_same_thread=True)
    try:
        store.conn.backup(target)  # type: ignore[arg-type]
    finally:
        target.close()
    shutil.copyfile(keyslots.keys_path(store.path), keyslots.keys_path(path))
    return open_store(path)


def records(store: Store) -> dict:
    """The dump without the unit and without citizens' phone numbers: what two offices holding the
    same records print alike (a commune's bundles carry no phone number unless it sends them:
    test_phones.py)."""
    out = io.StringIO()
    write_dump(store, out)
    whole = json.loads(out.getvalue())
    whole.pop("unit")
    for meeting in whole["meetings"]:
        for opinion in meeting["opinions"]:
            opinion["phone"] = ""
    return whole


def imported(store: Store, *paths: Path) -> list[BundleReport]:
    return import_bundles(store, list(paths))


def outcomes(reports: list[BundleReport]) -> list[str]:
    return [r.outcome for r in reports]


def craft(path: Path, *, keys: OfficeKeys, recipient: str, header: dict[str, Any], lines: list[bytes] | None = None,
          first: dict[str, Any] | None = None, records: list[list] | None = None, raw_header: bytes | None = None,
          version: int = VERSION, signer: bytes | None = None, payload: bytes | None = None) -> Path:
    """Write a bundle with the given header fields (the rest filled in), payload lines (or a first
    line and records encoded canonically), signed by ``keys`` and encrypted to ``recipient`` (or
    the given ``payload`` bytes, hashed and signed as they are).  ``records`` hold every column of
    their kind; a meeting loses its secretary in a bundle of a schema that does not carry it."""
    if lines is None:
        # A meeting of a bundle before schema 4 has no secretary, its last column (as earlier versions write it).
        earlier = header.get("schema", 1) < SECRETARY_SCHEMA
        records = [[kind, row[:-1]] if kind == "meetings" and earlier else [kind, row] for kind, row in records or []]
        first = first if first is not None else {"bundle_id": header["bundle_id"], "from": header["from"],
                                                 "receipt": None, "to": header["to"]}
        lines = [canonical_bytes(first)] + [canonical_bytes(r) for r in records] + [canonical_bytes({"end": len(records)})]
    plain = b"".join(line + b"\n" for line in lines)
    cipher = io.BytesIO()
    pyrage.encrypt_io(io.BytesIO(plain), cipher, [pyrage.x25519.Recipient.from_str(recipient)])
    payload = cipher.getvalue() if payload is None else payload
    full = {"format": 1, "bundle_id": secrets.token_hex(16), "number": 1, "base": 0, "upto": 0,
            "created_at": "2024-06-01T00:00:00+00:00", "schema": 1, "records": len(lines) - 2,
            "payload_length": len(payload), "payload_sha256": hashlib.sha256(payload).hexdigest(), **header}
    body = raw_header if raw_header is not None else canonical_bytes(full)
    head = PREFIX.pack(MAGIC, version, signer or keys.sign_public, len(body)) + body + keys.sign(pae(HEADER_TYPE, body))
    path.write_bytes(head + payload)
    return path


def header_of(store: Store, to: str, **fields: Any) -> dict[str, Any]:
    return {"bundle_id": secrets.token_hex(16), "from": store.origin, "to": to, **fields}


def rows_of(store: Store, kind: str) -> list[dict[str, Any]]:
    """The records of ``kind`` an office holds of its own, as named values (what its bundles carry
    when it sends phone numbers)."""
    columns = [c for c, _type in KINDS[kind]]
    found = outgoing(store.conn, kinds=(kind,), origin=store.origin, since=0, upto=2 ** 53 - 1, phones_after=0)
    return [dict(zip(columns, row)) for _kind, row in found]


def earlier_task_change(store: Store, task_id: str, **changes: Any) -> str:
    """A change of a task's follow-up as an earlier version kept it in ``task_history``: this
    version writes none (the history has it, docs/history.md), but a file that has them still
    sends them, and the upper level still checks them."""
    from qcdc_desktop.core.ids import IdMaker
    from qcdc_desktop.db.records import take_seq, utc_now

    task = next(r for r in rows_of(store, "tasks") if r["id"] == task_id)
    now = utc_now()
    values = {"id": IdMaker(store.origin)(), "origin": store.origin, "version": 1, "seq": 0, "updated_at": now,
              "task_id": task_id, "meeting_id": task["meeting_id"], "changed_at": now, "changed_by": "Nguyễn Thị Quản",
              "state_before": task["state"], "state": "open", "result": "Đang làm", "completed_on": None,
              "reply_doc": "", **changes}
    columns = [c for c, _type in KINDS["task_history"]]
    with store.transaction() as conn:
        values["seq"] = take_seq(conn, store.origin)
        conn.execute(f"INSERT INTO task_history ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     [values[c] for c in columns])
    return str(values["id"])


def line(kind: str, record: dict[str, Any]) -> list:
    """A payload record line, values in the documented column order."""
    return [kind, [record[c] for c, _type in KINDS[kind]]]


def send_as(attacker: Store, victim: Store, folder: Path, records: list[list], *, receipt: dict | None = None,
            **header: Any) -> BundleReport:
    """What a malicious but enrolled office does: build a bundle from the documented format, sign it
    with its own key, encrypt it to ``victim``, and have ``victim`` import it.  Change numbers run
    from 1 to the highest ``seq`` of the records unless given."""
    keys = ensure_office_keys(attacker)
    recipient = active_peer_key(attacker, victim.origin).recv_public
    top = max([r[1][4] if r[0] == "tombstones" else r[1][3] for r in records] + [1])
    number = sync_store.last_number_from(victim, attacker.origin) + 1
    fields = header_of(attacker, victim.origin, **{"upto": top, "records": len(records), "number": number, **header})
    first = {"bundle_id": fields["bundle_id"], "from": attacker.origin, "receipt": receipt, "to": victim.origin}
    folder.mkdir(parents=True, exist_ok=True)
    path = craft(folder / f"forged-{fields['bundle_id'][:8]}.qcdcb", keys=keys, recipient=recipient,
                 header=fields, first=first, records=records)
    (report,) = import_bundles(victim, [path])
    return report


__all__ = ["office", "acting_as", "enrol", "pair", "add", "add_minimal", "export", "records", "imported",
           "outcomes", "copy_of", "craft", "header_of", "rows_of", "line", "send_as", "earlier_task_change", "TODAY"]

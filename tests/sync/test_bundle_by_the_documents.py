"""Another program, written from docs/bundle-format.md and docs/keys.md alone, makes a bundle the
province applies and a key card the province trusts: nothing here borrows the application's own
encoding, framing or signing code — only its keys, as an office hands them to its own program."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import struct
from pathlib import Path

import pyrage

from qcdc_desktop.db.sync_keys import active_peer_key
from qcdc_desktop.sync.cards import parse_card
from qcdc_desktop.sync.keys import ensure_office_keys
from sync_offices import enrol, imported, office, records

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _pae(kind: str, body: bytes) -> bytes:
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind.encode("ascii"), len(body), body)


def _fingerprint(sign_public: bytes, recv_key: str) -> str:
    digest = hashlib.sha256(b"qcdc-fingerprint/1\x00" + sign_public + recv_key.encode("ascii")).digest()
    value = int.from_bytes(digest[:13], "big") >> 4
    chars = "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(20)))
    return "-".join(chars[i:i + 5] for i in range(0, 20, 5))


def test_a_bundle_written_from_the_documents_is_applied(tmp_path: Path) -> None:
    upper = office(tmp_path / "upper", "01", "upper")
    commune = office(tmp_path / "commune", "00004")
    enrol(commune, upper)
    keys = ensure_office_keys(commune)  # the commune's own keys, as its program holds them
    recipient = active_peer_key(commune, "01").recv_public
    bundle_id = secrets.token_hex(16)
    stamp = "2026-03-05T08:00:00+00:00"
    meeting = ["meetings", ["00004-01J0000000000000000000000A", "00004", 1, 1, stamp, "dialogue", "state",
                            "2026-03-05", "08:00", "10:00", "Đối thoại quý I", "Hội trường", '["Thôn 1"]',
                            "in_person", "Nguyễn Văn An", "Chủ tịch UBND phường", "[]", "", 40, None, "",
                            "Giao Văn phòng trả lời.", "concluded"]]
    opinion = ["opinions", ["00004-01J0000000000000000000000B", "00004", 1, 2, stamp,
                            "00004-01J0000000000000000000000A", 1, "2026-03-05", "Trần Thị Bình", "Thôn 1", "",
                            "", "land", "Đề nghị cấp sổ đỏ.\nSớm.", 0, "", None]]
    lines = [{"bundle_id": bundle_id, "from": "00004", "receipt": None, "to": "01"}, meeting, opinion, {"end": 2}]
    plain = b"".join(_canonical(v) + b"\n" for v in lines)
    cipher = io.BytesIO()
    pyrage.encrypt_io(io.BytesIO(plain), cipher, [pyrage.x25519.Recipient.from_str(recipient)])
    payload = cipher.getvalue()
    header = _canonical({"format": 1, "bundle_id": bundle_id, "from": "00004", "to": "01", "number": 1, "base": 0,
                         "upto": 2, "created_at": stamp, "schema": 1, "records": 2, "payload_length": len(payload),
                         "payload_sha256": hashlib.sha256(payload).hexdigest()})
    signature = keys.sign(_pae("application/vnd.qcdc.bundle-header+json;v=1", header))
    path = tmp_path / "qcdc-00004-01-000001.qcdcb"
    path.write_bytes(struct.pack(">8sB32sI", b"QCDCBNDL", 1, keys.sign_public, len(header)) + header + signature
                     + payload)
    (report,) = imported(upper, path)
    assert report.outcome == "applied", report.message
    (held,) = records(upper)["meetings"]
    assert held["opinions"][0]["content"] == "Đề nghị cấp sổ đỏ.\nSớm."


def test_a_key_card_written_from_the_documents_is_read(tmp_path: Path) -> None:
    commune = office(tmp_path / "commune", "00004")
    keys = ensure_office_keys(commune)
    card = {"format": "qcdc-key-card/1", "unit_code": "00004", "unit_name": "Phường Ba Đình", "role": "commune",
            "sign_key": base64.b64encode(keys.sign_public).decode("ascii"), "recv_key": keys.recv_public,
            "fingerprint": _fingerprint(keys.sign_public, keys.recv_public), "created_on": "2026-03-05",
            "rotation": None}
    assert card["fingerprint"] == keys.fingerprint
    body = json.dumps(card, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    card["signature"] = base64.b64encode(keys.sign(_pae("application/vnd.qcdc.key-card+json;v=1",
                                                        body.encode("utf-8")))).decode("ascii")
    text = json.dumps(card, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    read = parse_card(text.encode("utf-8"))
    assert (read.unit_code, read.fingerprint, read.sign_public) == ("00004", keys.fingerprint, keys.sign_public)


def test_a_bundle_of_schema_2_with_its_history_written_from_the_documents_is_applied_and_checked(
        tmp_path: Path) -> None:
    from qcdc_desktop.db import history, history_entries
    from qcdc_desktop.db.sync_history import history_checks_of

    upper = office(tmp_path / "upper", "01", "upper")
    commune = office(tmp_path / "commune", "00004")
    enrol(commune, upper)
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public
    bundle_id = secrets.token_hex(16)
    stamp = "2026-03-05T08:00:00+00:00"
    meeting_id, opinion_id = "00004-01J0000000000000000000000A", "00004-01J0000000000000000000000B"
    meeting = ["meetings", [meeting_id, "00004", 1, 1, stamp, "dialogue", "state", "2026-03-05", "08:00", "10:00",
                            "Đối thoại quý I", "Hội trường", '["Thôn 1"]', "in_person", "Nguyễn Văn An",
                            "Chủ tịch UBND phường", "[]", "", 40, None, "", "", "concluded"]]
    # Its history: the opinion recorded, then its answer changed by the same clerk, with a reason.
    # What can say something of a citizen (here the speaker, the content and the answer) is kept
    # apart, under its digest; the rest is in the entry.
    previous, entries = "0" * 64, []
    steps = (("insert", {"field": [None, "land"], "position": [None, 1], "meeting_id": [None, meeting_id]},
              {"speaker": [None, "Trần Thị Bình"], "content": [None, "Đề nghị cấp sổ đỏ."]}, ""),
             ("update", {}, {"answer": ["", "Đã cấp."]}, "Bổ sung câu trả lời"))
    for n, (action, fields, personal, reason) in enumerate(steps, start=1):
        kept = secrets.token_hex(16) + ":" + _canonical(personal).decode("utf-8")
        body = _canonical({"v": 1, "origin": "00004", "n": n, "at": stamp, "by": "vanthu", "by_name": "Lê Thị Bảy",
                           "action": action, "kind": "opinions", "record": opinion_id, "meeting": meeting_id,
                           "reason": reason, "group": n, "fields": fields, "personal": sorted(personal),
                           "values": hashlib.sha256(kept.encode("utf-8")).hexdigest()}).decode("utf-8")
        previous = hashlib.sha256((previous + body).encode("utf-8")).hexdigest()
        entries.append(["history", ["00004", n, n + 1, body, previous, kept]])
    lines = [{"bundle_id": bundle_id, "from": "00004", "receipt": None, "to": "01"}, meeting, *entries, {"end": 3}]
    plain = b"".join(_canonical(v) + b"\n" for v in lines)
    cipher = io.BytesIO()
    pyrage.encrypt_io(io.BytesIO(plain), cipher, [pyrage.x25519.Recipient.from_str(recipient)])
    payload = cipher.getvalue()
    header = _canonical({"format": 1, "bundle_id": bundle_id, "from": "00004", "to": "01", "number": 1, "base": 0,
                         "upto": 3, "created_at": stamp, "schema": 2, "records": 3, "payload_length": len(payload),
                         "payload_sha256": hashlib.sha256(payload).hexdigest(),
                         "history": {"hash": previous, "n": 2}})
    signature = keys.sign(_pae("application/vnd.qcdc.bundle-header+json;v=1", header))
    path = tmp_path / "qcdc-00004-01-000001.qcdcb"
    path.write_bytes(struct.pack(">8sB32sI", b"QCDCBNDL", 1, keys.sign_public, len(header)) + header + signature
                     + payload)
    (report,) = imported(upper, path)
    assert report.outcome == "applied", report.message
    assert report.counts == {"meetings": 1, "history": 2} and report.history.ok
    check = history_checks_of(upper.conn, "00004")
    assert (check.checked_through, check.head_hash) == (2, previous)
    assert history.verify(upper.conn, "00004", own=False).ok
    first, changed = history_entries.entries(upper.conn, history_entries.Filter(origin="00004"), newest_first=False)
    assert (first.before("content"), first.after("content"), first.after("field")) == (None, "Đề nghị cấp sổ đỏ.",
                                                                                       "land")
    assert (changed.by_name, changed.reason, changed.before("answer"), changed.after("answer")) == (
        "Lê Thị Bảy", "Bổ sung câu trả lời", "", "Đã cấp.")

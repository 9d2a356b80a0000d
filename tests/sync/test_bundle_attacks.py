"""Attacks on the bundle file (docs/bundle-format.md): every damaged, altered, foreign or misaddressed file
is refused with its reason, copied into quarantine, and leaves the data file exactly as it was."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.sync_keys import active_peer_key
from qcdc_desktop.sync.format import PREFIX, SCHEMA
from qcdc_desktop.sync.keys import ensure_office_keys
from sync_offices import add, copy_of, craft, enrol, export, header_of, imported, office, pair, records


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """A commune with two meetings, its upper level, and one good bundle between them."""
    tmp = tmp_path_factory.mktemp("attacks")
    commune, upper = pair(tmp)
    add(commune, 3)
    add(commune, 1, held_on="2024-02-02")
    good = export(commune, tmp / "stick")
    yield commune, upper, good.read_bytes(), tmp
    commune.close()
    upper.close()


def _refused(upper, data: bytes, tmp: Path, name: str = "bundle.qcdcb") -> str:
    before = records(upper)
    path = tmp / "given" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    (report,) = imported(upper, path)
    assert report.outcome == "rejected", (report.outcome, report.message)
    assert report.message and "\n" not in report.message
    assert report.quarantined is not None and report.quarantined.read_bytes() == data
    assert path.read_bytes() == data  # the original is never deleted or changed
    assert records(upper) == before
    return report.reason


def test_the_good_bundle_applies_on_a_copy_of_the_upper_level(world, tmp_path: Path) -> None:
    """The file the attacks start from is sound: on a copy of the upper level it applies."""
    commune, upper, good, _tmp = world
    copy = tmp_path / "upper-copy.db"
    copy_of(upper, copy).close()
    path = tmp_path / "good.qcdcb"
    path.write_bytes(good)
    with open_store(copy) as fresh:
        (report,) = imported(fresh, path)
        assert report.outcome == "applied"
        assert report.counts["opinions"] == 4 and report.counts["meetings"] == 2
        assert records(fresh) == records(commune)


def _offsets(size: int) -> list[int]:
    head = list(range(0, PREFIX.size + 80, 3))
    spread = [size * i // 60 for i in range(60)]
    return sorted(set(head + spread + [size - 1, size - 64]))


def test_truncation_at_many_offsets_is_refused(world) -> None:
    _commune, upper, good, tmp = world
    reasons = {_refused(upper, good[:cut], tmp) for cut in _offsets(len(good))}
    assert reasons <= {"empty", "not_bundle", "truncated"}


def test_a_single_bit_flip_anywhere_is_refused(world) -> None:
    _commune, upper, good, tmp = world
    reasons = set()
    for offset in _offsets(len(good)):
        damaged = bytearray(good)
        damaged[offset] ^= 1 << (offset % 8)
        reasons.add(_refused(upper, bytes(damaged), tmp))
    # Each part of the file is guarded by what covers it: the frame, the key, the signature, the hash.
    assert {"signature", "hash", "unenrolled"} <= reasons


def test_appended_junk_and_two_bundles_joined_are_refused(world) -> None:
    _commune, upper, good, tmp = world
    assert _refused(upper, good + b"\x00", tmp) == "trailing"
    assert _refused(upper, good + good, tmp) == "trailing"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (bytes(4096), "zeros"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 4, "other_type"),
    (b"hello, this is plain text and no bundle at all\n" * 3, "not_bundle"),
])
def test_empty_zero_and_foreign_files_are_refused(world, data: bytes, reason: str) -> None:
    _commune, upper, _good, tmp = world
    assert _refused(upper, data, tmp, "stick-file.qcdcb") == reason


def test_a_zip_or_a_sqlite_file_renamed_as_a_bundle_is_refused(world) -> None:
    _commune, upper, _good, tmp = world
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/evil", "x" * 1000)
    assert _refused(upper, buffer.getvalue(), tmp) == "other_type"
    db = tmp / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert _refused(upper, db.read_bytes(), tmp) == "other_type"


def test_a_newer_file_version_asks_for_an_update(world) -> None:
    commune, upper, good, tmp = world
    newer = good[:8] + bytes([2]) + good[9:]
    assert _refused(upper, newer, tmp) == "too_new"
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public
    path = craft(tmp / "schema.qcdcb", keys=keys, recipient=recipient, header=header_of(commune, "01", schema=SCHEMA + 1))
    assert _refused(upper, path.read_bytes(), tmp) == "too_new"
    # A newer schema may add keys to the header: it still asks for an update, not "damaged".
    path = craft(tmp / "schema-keys.qcdcb", keys=keys, recipient=recipient,
                 header=header_of(commune, "01", schema=SCHEMA + 1, history={"hash": "0" * 64, "n": 0},
                                   novelty=[1]))
    assert _refused(upper, path.read_bytes(), tmp) == "too_new"


def test_non_canonical_and_duplicate_key_headers_are_refused(world) -> None:
    commune, upper, _good, tmp = world
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public
    header = header_of(commune, "01")
    spaced = craft(tmp / "spaced.qcdcb", keys=keys, recipient=recipient, header=header,
                   raw_header=b'{"base": 0}')
    assert _refused(upper, spaced.read_bytes(), tmp) == "header"
    twice = craft(tmp / "twice.qcdcb", keys=keys, recipient=recipient, header=header,
                  raw_header=b'{"base":0,"base":1}')
    assert _refused(upper, twice.read_bytes(), tmp) == "header"


def test_absurd_numbers_in_the_header_are_refused(world) -> None:
    commune, upper, _good, tmp = world
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public
    for fields in ({"number": 2 ** 60}, {"base": 5, "upto": 4}, {"number": 0}):
        path = craft(tmp / "absurd.qcdcb", keys=keys, recipient=recipient, header=header_of(commune, "01", **fields))
        assert _refused(upper, path.read_bytes(), tmp) == "absurd"


def _record_line(commune, **changes) -> list:
    values = {"id": f"{commune.origin}-01HZZZZZZZZZZZZZZZZZZZZZZZ", "origin": commune.origin, "version": 1, "seq": 1,
              "updated_at": "2024-06-01T00:00:00+00:00", "name": "Nguyễn Văn An", "title": "Chủ tịch UBND",
              "track": "state", "active": 1}
    values.update(changes)
    return ["officials", list(values.values())]


def test_payload_that_is_not_canonical_or_not_nfc_is_refused(world) -> None:
    commune, upper, _good, tmp = world
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public
    header = header_of(commune, "01", upto=10)
    first = b'{"bundle_id":"%s","from":"00004","receipt":null,"to":"01"}' % header["bundle_id"].encode()
    spaced = craft(tmp / "p1.qcdcb", keys=keys, recipient=recipient, header=header,
                   lines=[first.replace(b",", b", "), b'{"end":0}'])
    assert _refused(upper, spaced.read_bytes(), tmp) == "payload"
    nfd = craft(tmp / "p2.qcdcb", keys=keys, recipient=recipient, header=dict(header, records=1),
                records=[_record_line(commune, name="Nguye\u0302\u0303n Văn An", seq=1)])
    assert _refused(upper, nfd.read_bytes(), tmp) == "payload"
    short = craft(tmp / "p3.qcdcb", keys=keys, recipient=recipient, header=dict(header, records=1), lines=[first])
    assert _refused(upper, short.read_bytes(), tmp) == "payload"


def test_records_of_another_origin_or_outside_the_range_are_refused(world) -> None:
    commune, upper, _good, tmp = world
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public
    header = header_of(commune, "01", upto=10, records=1)
    other = craft(tmp / "o.qcdcb", keys=keys, recipient=recipient, header=header,
                  records=[_record_line(commune, origin="00007", seq=1)])
    assert _refused(upper, other.read_bytes(), tmp) == "origin"
    stolen_id = craft(tmp / "i.qcdcb", keys=keys, recipient=recipient, header=dict(header, bundle_id="ab" * 16),
                      records=[_record_line(commune, id="00007-01HZZZZZZZZZZZZZZZZZZZZZZZ", seq=1)])
    assert _refused(upper, stolen_id.read_bytes(), tmp) == "origin"
    outside = craft(tmp / "r.qcdcb", keys=keys, recipient=recipient, header=dict(header, bundle_id="cd" * 16),
                    records=[_record_line(commune, seq=11)])
    assert _refused(upper, outside.read_bytes(), tmp) == "absurd"
    messages = craft(tmp / "m.qcdcb", keys=keys, recipient=recipient, header=dict(header, bundle_id="ef" * 16),
                     records=[["messages", ["00004-X", "00004", 1, 1, "t", "00004", "reply", None, "x", None,
                                            "2024-01-01"]]])
    assert _refused(upper, messages.read_bytes(), tmp) == "payload"


def test_an_office_importing_its_own_bundle_is_told_so(world) -> None:
    commune, _upper, good, tmp = world
    assert _refused(commune, good, tmp) == "own"


def test_a_bundle_from_an_unenrolled_key_is_refused(world) -> None:
    _commune, upper, _good, tmp = world
    stranger = office(tmp / "stranger", "25747")
    other_upper = office(tmp / "other-upper", "79", "upper")
    enrol(stranger, other_upper)  # enrolled elsewhere, not here
    path = export(stranger, tmp / "stranger-stick")
    assert _refused(upper, path.read_bytes(), tmp) == "unenrolled"


def test_a_bundle_signed_by_an_unknown_key_names_the_office_it_says_it_comes_from(world, english) -> None:
    from qcdc_desktop.sync.keys import rotate_keys

    _commune, upper, _good, tmp = world
    rotating = office(tmp / "rotating", "00025")
    enrol(rotating, upper)
    rotate_keys(rotating)  # new keys whose card the upper level has not taken yet
    path = export(rotating, tmp / "rotating-stick")
    (report,) = imported(upper, path)
    assert report.reason == "unenrolled"
    assert "Phường Giảng Võ (00025)" in report.message
    assert "new keys" in report.message and "new key card" in report.message


def test_one_commune_claiming_to_be_another_is_refused(world) -> None:
    commune, upper, _good, tmp = world
    neighbour = office(tmp / "neighbour", "00008")
    enrol(neighbour, upper)
    keys = ensure_office_keys(neighbour)
    recipient = active_peer_key(neighbour, "01").recv_public
    path = craft(tmp / "claim.qcdcb", keys=keys, recipient=recipient, header=header_of(commune, "01"))
    assert _refused(upper, path.read_bytes(), tmp) == "impostor"


def test_a_bundle_for_another_office_is_refused_as_not_for_us(world, english) -> None:
    commune, upper, _good, tmp = world
    keys = ensure_office_keys(commune)
    path = craft(tmp / "elsewhere.qcdcb", keys=keys, recipient=active_peer_key(commune, "01").recv_public,
                 header=header_of(commune, "79"))
    assert _refused(upper, path.read_bytes(), tmp) == "not_for_us"
    (report,) = imported(upper, path)
    assert "Thành phố Hồ Chí Minh (79)" in report.message and "take it there" in report.message


def test_a_bundle_encrypted_to_someone_else_cannot_be_opened(world) -> None:
    commune, upper, _good, tmp = world
    import pyrage

    keys = ensure_office_keys(commune)
    somebody = str(pyrage.x25519.Identity.generate().to_public())
    path = craft(tmp / "locked.qcdcb", keys=keys, recipient=somebody, header=header_of(commune, "01"))
    assert _refused(upper, path.read_bytes(), tmp) == "decrypt"


def test_a_file_that_cannot_be_read_is_refused_in_a_sentence(world) -> None:
    _commune, upper, _good, tmp = world
    (missing,) = imported(upper, tmp / "not-there.qcdcb")
    assert missing.outcome == "rejected" and missing.reason == "unreadable" and missing.message
    (folder,) = imported(upper, tmp)
    assert folder.outcome == "rejected" and folder.reason == "unreadable"

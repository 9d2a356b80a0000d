"""Files that are not what they seem, on the stick or in a bundle: characters that cannot be text,
payloads damaged under a valid signature, FIFOs, devices, symlinks to system files, names with
line breaks, copies left by a killed import, and bundles that wait for ever.  Each is refused or
cleared with a sentence: no traceback, no hang, nothing read that should not be."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import run_qcdc
from qcdc_desktop.core.errors import InputFileError
from qcdc_desktop.db.sync_keys import active_peer_key
from qcdc_desktop.sync.cards import make_card, parse_card, read_card_file
from qcdc_desktop.sync.files import sync_folder
from qcdc_desktop.sync.keys import ensure_office_keys
from sync_offices import add, craft, export, header_of, imported, pair, records

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and symlinks as a POSIX stick has them")


@pytest.fixture
def offices(tmp_path: Path):
    commune, upper = pair(tmp_path)
    yield commune, upper
    commune.close()
    upper.close()


def _refused(upper, path: Path, reason: str) -> None:
    before = records(upper)
    (report,) = imported(upper, path)
    assert report.outcome == "rejected" and report.reason == reason, (report.reason, report.message)
    assert report.message and "\n" not in report.message
    assert records(upper) == before
    return report


def test_a_lone_surrogate_in_a_payload_line_is_refused_and_quarantined(offices, tmp_path: Path) -> None:
    commune, upper = offices
    header = header_of(commune, "01", upto=1, records=1)
    first = b'{"bundle_id":"%s","from":"00004","receipt":null,"to":"01"}' % header["bundle_id"].encode()
    record = (b'["officials",["00004-01HZZZZZZZZZZZZZZZZZZZZZZZ","00004",1,1,"2024-06-01T00:00:00+00:00",'
              b'"\\ud800","Ch\xe1\xbb\xa7 t\xe1\xbb\x8bch","state",1]]')
    path = craft(tmp_path / "surrogate.qcdcb", keys=ensure_office_keys(commune),
                 recipient=active_peer_key(commune, "01").recv_public, header=header,
                 lines=[first, record, b'{"end":1}'])
    report = _refused(upper, path, "payload")
    assert report.quarantined is not None and report.quarantined.read_bytes() == path.read_bytes()


def test_a_lone_surrogate_in_a_signed_header_is_refused(offices, tmp_path: Path) -> None:
    commune, upper = offices
    raw = (b'{"base":0,"bundle_id":"%s","created_at":"\\ud800","format":1,"from":"00004","number":1,'
           b'"payload_length":0,"payload_sha256":"%s","records":0,"schema":1,"to":"01","upto":0}'
           % (b"ab" * 16, b"00" * 32))
    path = craft(tmp_path / "header.qcdcb", keys=ensure_office_keys(commune),
                 recipient=active_peer_key(commune, "01").recv_public, header=header_of(commune, "01"), raw_header=raw)
    report = _refused(upper, path, "header")
    assert report.quarantined is not None


def test_a_lone_surrogate_in_a_key_card_is_refused_in_a_sentence(offices) -> None:
    commune, _upper = offices
    card = make_card(commune).replace('"unit_name": "', '"unit_name": "\\ud800')
    with pytest.raises(InputFileError) as caught:
        parse_card(card.encode("utf-8"))
    assert caught.value.message


def test_damaged_age_data_under_a_valid_hash_and_signature_is_refused(offices, tmp_path: Path) -> None:
    commune, upper = offices
    for junk in (b"age-encryption.org/v1\n-> X25519 \xff\xfe\n--- zz\n" + bytes(200), b"not age at all" * 20,
                 b"age-encryption.org/v1\n" + b"-> X25519 AAAA\n" * 3):
        path = craft(tmp_path / "age.qcdcb", keys=ensure_office_keys(commune),
                     recipient=active_peer_key(commune, "01").recv_public, header=header_of(commune, "01"),
                     payload=junk)
        report = _refused(upper, path, "decrypt")
        assert report.quarantined is not None


@posix_only
def test_a_fifo_named_like_a_bundle_is_refused_without_waiting(offices, tmp_path: Path) -> None:
    _commune, upper = offices
    fifo = tmp_path / "stick" / "qcdc-00004-01-000001.qcdcb"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    upper.close()
    result = run_qcdc("import", "--db", str(upper.path), str(fifo), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1
    assert not list(sync_folder(upper.path, "quarantine").iterdir())


@posix_only
def test_add_refuses_a_fifo_instead_of_waiting_on_it(tmp_path: Path, commune_db: Path) -> None:
    fifo = tmp_path / "meetings.json"
    os.mkfifo(fifo)
    result = run_qcdc("add", "--json", str(fifo), "--db", str(commune_db), timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("qcdc: ") and "Traceback" not in result.stderr


@posix_only
def test_a_symlink_to_a_system_file_is_refused_and_not_copied(offices, tmp_path: Path) -> None:
    _commune, upper = offices
    secret = tmp_path / "outside" / "shadow"
    secret.parent.mkdir()
    secret.write_bytes(b"root:secret-hash:19000:0:99999:7:::\n" * 10)
    link = tmp_path / "stick" / "qcdc-00004-01-000002.qcdcb"
    link.parent.mkdir()
    link.symlink_to(secret)
    (report,) = imported(upper, link)
    assert report.outcome == "rejected" and report.reason == "not_a_file" and report.quarantined is None
    quarantined = list(sync_folder(upper.path, "quarantine").iterdir())
    assert all(b"secret-hash" not in p.read_bytes() for p in quarantined)
    (device,) = imported(upper, Path("/dev/zero"))
    assert device.outcome == "rejected" and device.reason == "not_a_file"


@posix_only
def test_file_names_are_printed_safely_on_one_line(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 1)
    good = export(commune, tmp_path / "stick")
    stick = tmp_path / "stick"
    odd = stick / "a\nb: applied.qcdcb"
    odd.write_bytes(b"junk")
    undecodable = os.fsencode(stick) + b"/\xff\xfe.qcdcb"
    with open(undecodable, "wb") as fh:
        fh.write(b"junk too")
    upper.close()
    result = subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", "import", "--db", os.fsencode(upper.path),
                             os.fsencode(odd), undecodable, os.fsencode(good)], capture_output=True, timeout=120)
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and b"Traceback" not in result.stderr, (result.stdout, result.stderr)
    assert lines[0].startswith(os.fsencode(stick) + b"/a\\nb: applied.qcdcb: ")


def test_a_working_copy_left_by_a_killed_import_is_removed_at_the_next_one(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 1)
    work = sync_folder(upper.path, "work")
    stale = work / "in-0123456789abcdef.qcdcb"
    stale.write_bytes(b"x" * 4096)  # what a killed import leaves: its copy, with no one holding its lock
    live = work / "in-fedcba9876543210.qcdcb"
    live.write_bytes(b"y" * 4096)
    with FileLock(str(live.with_suffix(".lock")), timeout=0):  # another import, still running
        assert imported(upper, export(commune, tmp_path / "stick"))[0].outcome == "applied"
        assert not stale.exists() and live.exists()
    assert imported(upper, tmp_path / "nothing.qcdcb")[0].outcome == "rejected"
    assert not live.exists() and not [p for p in work.iterdir() if p.suffix == ".qcdcb"]


def test_a_bundle_waiting_too_long_for_an_earlier_one_is_set_aside_with_a_sentence(offices, tmp_path: Path) -> None:
    commune, upper = offices
    ahead = craft(tmp_path / "ahead.qcdcb", keys=ensure_office_keys(commune),
                  recipient=active_peer_key(commune, "01").recv_public, header=header_of(commune, "01", base=10 ** 12,
                                                                                         upto=10 ** 12))
    (report,) = imported(upper, ahead)
    assert report.outcome == "waiting"
    (waiting,) = sync_folder(upper.path, "waiting").iterdir()
    old = time.time() - 100 * 86400
    os.utime(waiting, (old, old))
    add(commune, 1)
    reports = imported(upper, export(commune, tmp_path / "stick"))
    assert [r.outcome for r in reports] == ["applied", "rejected"]
    expired = reports[1]
    assert expired.reason == "expired" and expired.quarantined is not None and "\n" not in expired.message
    assert not list(sync_folder(upper.path, "waiting").iterdir())


@posix_only
def test_a_key_card_that_is_a_fifo_or_a_link_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "card.json"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to("/etc/hostname")
    for path in (fifo, link):
        with pytest.raises(InputFileError) as caught:
            read_card_file(path)
        assert caught.value.message

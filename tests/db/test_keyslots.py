"""The key-slot file beside an encrypted data file (db/keyslots.py)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import DatabaseExists, FileKeyRefused, KeySlotsInvalid, StoreError, WrongSecret
from qcdc_desktop.core.filekey import (
    RECOVERY_SLOT,
    format_recovery_code,
    new_file_key,
    new_recovery_code,
    password_secret,
    recovery_secret,
)
from qcdc_desktop.db import cipher, keyslots
from qcdc_desktop.l10n import _

# argon2id as cheap as the wrappings allow: the tests are about the file, not the derivation.
CHEAP = (1, 64, 1)
ADMIN, CLERK = keyslots.user_slot("a1"), keyslots.user_slot("c2")
RECOVERY = new_recovery_code()


def make(data: Path, key: bytes | None = None, password: str = "Mật khẩu cũ 1") -> bytes:
    key = key if key is not None else new_file_key()
    keyslots.create(data, key, ADMIN, password_secret(password), recovery_secret(RECOVERY), cost=CHEAP)
    return key


def test_create_writes_the_two_first_slots_and_unlock_gives_the_key_back(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data)
    assert keyslots.keys_path(data) == tmp_path / "xa.db.keys"
    assert keyslots.slot_names(data) == [RECOVERY_SLOT, ADMIN]
    assert keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1")) == key
    assert keyslots.unlock(data, RECOVERY_SLOT, recovery_secret(RECOVERY.lower().replace("-", " "))) == key
    stored = json.loads(keyslots.keys_path(data).read_text(encoding="utf-8"))
    assert set(stored) == {"format", "file_id", "key_check", "seal", "slots"}
    assert stored["format"] == "qcdc-key-slots/1"
    assert key.hex() not in keyslots.keys_path(data).read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["xa.db.keys"]  # no temporary file left beside it


def test_create_refuses_to_replace_a_key_slot_file(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data)
    before = keyslots.keys_path(data).read_bytes()
    with pytest.raises(DatabaseExists):
        make(data)
    assert keyslots.keys_path(data).read_bytes() == before
    assert keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1")) == key


def test_a_wrong_password_is_refused_with_the_sentence(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    make(data)
    with pytest.raises(WrongSecret) as refused:
        keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 2"))
    assert refused.value.message == _("The password is not right.")
    other = format_recovery_code(new_recovery_code().replace("-", ""))
    with pytest.raises(WrongSecret) as refused:
        keyslots.unlock(data, RECOVERY_SLOT, recovery_secret(other))
    assert refused.value.message == _("This recovery code does not unlock the data file. Check it against "
                                      "the recovery sheet kept in the office safe.")
    with pytest.raises(WrongSecret) as refused:
        keyslots.unlock(data, CLERK, password_secret("Mật khẩu cũ 1"))
    assert refused.value.message == _("This account cannot open the data file: an administrator must give "
                                      "it a password again.")


def test_a_password_change_rewraps_without_touching_the_data_file(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data)
    conn = cipher.connect(data, key, create=True)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('Thôn Đông')")
    conn.close()
    data_before = data.read_bytes()
    keyslots.change_secret(data, ADMIN, password_secret("Mật khẩu cũ 1"), password_secret("Mật khẩu mới 2"),
                           cost=CHEAP)
    assert data.read_bytes() == data_before
    with pytest.raises(WrongSecret):
        keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1"))
    unlocked = keyslots.unlock(data, ADMIN, password_secret("Mật khẩu mới 2"))
    conn = cipher.connect(data, unlocked, readonly=True)
    assert conn.execute("SELECT x FROM t").fetchall() == [("Thôn Đông",)]
    conn.close()
    with pytest.raises(WrongSecret):  # a change with a wrong old password changes nothing
        keyslots.change_secret(data, ADMIN, password_secret("sai"), password_secret("x"), cost=CHEAP)
    assert keyslots.unlock(data, ADMIN, password_secret("Mật khẩu mới 2")) == key


def test_put_slot_refuses_a_key_that_is_not_the_files(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    make(data)
    before = keyslots.keys_path(data).read_bytes()
    with pytest.raises(FileKeyRefused):
        keyslots.put_slot(data, new_file_key(), CLERK, password_secret("clerk"), cost=CHEAP)
    with pytest.raises(ValueError):  # a slot is an account's or the recovery code's
        keyslots.put_slot(data, keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1")), "c2",
                          password_secret("clerk"), cost=CHEAP)
    assert keyslots.keys_path(data).read_bytes() == before


def test_removing_a_slot_locks_that_account_out_and_keeps_the_others(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data)
    keyslots.put_slot(data, key, CLERK, password_secret("Thư ký 2026"), cost=CHEAP)
    assert keyslots.slot_names(data) == [RECOVERY_SLOT, ADMIN, CLERK]
    assert keyslots.unlock(data, CLERK, password_secret("Thư ký 2026")) == key
    keyslots.remove_slot(data, key, CLERK)
    assert keyslots.slot_names(data) == [RECOVERY_SLOT, ADMIN]
    with pytest.raises(WrongSecret):
        keyslots.unlock(data, CLERK, password_secret("Thư ký 2026"))
    assert keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1")) == key
    with pytest.raises(KeySlotsInvalid):
        keyslots.remove_slot(data, key, RECOVERY_SLOT)
    with pytest.raises(KeySlotsInvalid):
        keyslots.remove_slot(data, key, ADMIN)  # the last account
    with pytest.raises(FileKeyRefused):
        keyslots.remove_slot(data, new_file_key(), ADMIN)
    assert keyslots.slot_names(data) == [RECOVERY_SLOT, ADMIN]


def test_the_recovery_code_opens_when_every_password_is_forgotten(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data, password="quên mất rồi")
    keyslots.put_slot(data, key, CLERK, password_secret("cũng quên"), cost=CHEAP)
    for slot in (ADMIN, CLERK):
        with pytest.raises(WrongSecret):
            keyslots.unlock(data, slot, password_secret("đoán thử"))
    recovered = keyslots.unlock(data, RECOVERY_SLOT, recovery_secret(RECOVERY))
    assert recovered == key
    keyslots.put_slot(data, recovered, ADMIN, password_secret("mật khẩu mới"), cost=CHEAP)
    assert keyslots.unlock(data, ADMIN, password_secret("mật khẩu mới")) == key


def test_a_slot_from_another_data_files_key_file_fails_the_key_check(tmp_path: Path) -> None:
    """The same account with the same password on two data files: its slot copied from the other
    key file unwraps (the password is right) to the other file's key, which the check refuses."""
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    make(ours)
    make(theirs)
    mixed = json.loads(keyslots.keys_path(ours).read_text(encoding="utf-8"))
    mixed["slots"][ADMIN] = json.loads(keyslots.keys_path(theirs).read_text(encoding="utf-8"))["slots"][ADMIN]
    keyslots.keys_path(ours).write_text(json.dumps(mixed), encoding="utf-8")
    with pytest.raises(FileKeyRefused) as refused:
        keyslots.unlock(ours, ADMIN, password_secret("Mật khẩu cũ 1"))
    assert refused.value.message == _(
        "This key does not belong to the data file %(path)s: its key file holds a key of another data file. "
        "Restore the key file from the backup made with the data file.") % {"path": ours}


def test_a_whole_key_file_of_another_data_file_does_not_open_the_data_file(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    our_key = make(ours)
    make(theirs)
    conn = cipher.connect(ours, our_key, create=True)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    keyslots.keys_path(ours).write_bytes(keyslots.keys_path(theirs).read_bytes())
    their_key = keyslots.unlock(ours, ADMIN, password_secret("Mật khẩu cũ 1"))
    with pytest.raises(FileKeyRefused):
        cipher.connect(ours, their_key)


def _edit(data: Path, change) -> None:
    path = keyslots.keys_path(data)
    stored = json.loads(path.read_text(encoding="utf-8"))
    change(stored)
    path.write_text(json.dumps(stored), encoding="utf-8")


def test_a_key_file_changed_by_hand_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data)
    keyslots.put_slot(data, key, CLERK, password_secret("Thư ký 2026"), cost=CHEAP)
    pristine = keyslots.keys_path(data).read_bytes()
    changed = _("The key file %(path)s was changed by another program; it is refused. Restore it from the "
                "backup made with the data file.") % {"path": keyslots.keys_path(data)}

    def drop_clerk(stored) -> None:  # someone without the key takes an account's access away
        del stored["slots"][CLERK]

    def new_file_id(stored) -> None:
        stored["file_id"] = "0" * 32

    def weaker_kdf(stored) -> None:  # the wrapping itself is intact: only the parameters moved
        stored["slots"][CLERK]["kdf"]["time_cost"] = 2

    for change in (drop_clerk, new_file_id):
        keyslots.keys_path(data).write_bytes(pristine)
        _edit(data, change)
        with pytest.raises(KeySlotsInvalid) as refused:
            keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1"))
        assert refused.value.message == changed
    keyslots.keys_path(data).write_bytes(pristine)
    _edit(data, weaker_kdf)
    with pytest.raises(WrongSecret):  # the clerk's own wrapping no longer opens
        keyslots.unlock(data, CLERK, password_secret("Thư ký 2026"))
    with pytest.raises(KeySlotsInvalid):  # and the others see the file was changed
        keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1"))

    def other_check(stored) -> None:  # a check made up for another key is caught by the check
        stored["key_check"] = stored["seal"]

    keyslots.keys_path(data).write_bytes(pristine)
    _edit(data, other_check)
    with pytest.raises(FileKeyRefused):
        keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1"))
    keyslots.keys_path(data).write_bytes(pristine)
    assert keyslots.unlock(data, CLERK, password_secret("Thư ký 2026")) == key


@pytest.mark.parametrize("content", [
    b"",
    b"\xff\xfe not utf-8",
    b"[1, 2]",
    b'{"format": "qcdc-key-card/1"}',
    b"not json at all",
])
def test_a_damaged_or_foreign_file_is_refused_with_a_sentence(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "xa.db"
    keyslots.keys_path(data).write_bytes(content)
    with pytest.raises(KeySlotsInvalid) as refused:
        keyslots.read(data)
    assert refused.value.message == _(
        "The key file %(path)s cannot be read: it is damaged or was written by another program. Restore it "
        "from the backup made with the data file.") % {"path": keyslots.keys_path(data)}


def test_damage_inside_a_stored_file_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    make(data)
    pristine = keyslots.keys_path(data).read_bytes()
    changes = [
        lambda s: s["slots"][ADMIN].update(slot=CLERK),  # a wrapping moved to another name
        lambda s: s["slots"][ADMIN].update(nonce="AAAA"),
        lambda s: s["slots"][ADMIN]["kdf"].update(memory_kib=1 << 30),  # asks for 1 TiB
        lambda s: s.update(key_check="c2hvcnQ="),
        lambda s: s.update(file_id="XYZ"),
        lambda s: s.update(extra=1),
        lambda s: s.update(slots=[]),
    ]
    for change in changes:
        keyslots.keys_path(data).write_bytes(pristine)
        _edit(data, change)
        with pytest.raises(KeySlotsInvalid):
            keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1"))
    text = pristine.decode("utf-8")
    keyslots.keys_path(data).write_text(text.replace('"format"', '"file_id": "%s", "format"' % ("0" * 32), 1),
                                        encoding="utf-8")
    with pytest.raises(KeySlotsInvalid):  # a duplicated key is not read as "the last one wins"
        keyslots.read(data)


def test_a_file_of_a_newer_version_is_refused_and_said_so(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    make(data)
    _edit(data, lambda s: s.update(format="qcdc-key-slots/2", new_thing=[]))
    with pytest.raises(KeySlotsInvalid) as refused:
        keyslots.slot_names(data)
    assert refused.value.message == _("%(path)s was written by a newer version of QCDC Desktop; update the "
                                      "software to open it.") % {"path": keyslots.keys_path(data)}


def test_a_missing_key_file_is_said(tmp_path: Path) -> None:
    with pytest.raises(KeySlotsInvalid) as refused:
        keyslots.unlock(tmp_path / "xa.db", ADMIN, password_secret("x"))
    assert refused.value.message == _(
        "The key file %(path)s is missing: the data file cannot be opened without it. Copy it back from where "
        "the data file came from, or from its backup.") % {"path": tmp_path / "xa.db.keys"}


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_write_that_fails_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """The disk full when the new file is synced, or the rename refused (on Windows, another
    program holding the file open)."""
    data = tmp_path / "xa.db"
    key = make(data)
    before = keyslots.keys_path(data).read_bytes()

    def fails(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyslots.os, step, fails)
    with pytest.raises(StoreError) as refused:
        keyslots.change_secret(data, ADMIN, password_secret("Mật khẩu cũ 1"), password_secret("mới"), cost=CHEAP)
    assert refused.value.message == _("The key file %(path)s could not be written (%(reason)s); it is kept as "
                                      "it was.") % {"path": keyslots.keys_path(data),
                                                    "reason": _("the disk is full")}  # in the user's words
    monkeypatch.undo()
    assert keyslots.keys_path(data).read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["xa.db.keys"]  # no temporary file left behind
    assert keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1")) == key


def test_a_plain_sqlite_open_of_the_encrypted_file_made_with_the_unlocked_key_fails(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    make(data)
    key = keyslots.unlock(data, ADMIN, password_secret("Mật khẩu cũ 1"))
    conn = cipher.connect(data, key, create=True)
    conn.execute("CREATE TABLE citizens (name TEXT)")
    conn.execute("INSERT INTO citizens VALUES ('Nguyễn Thị Hoa')")
    conn.close()
    assert "Nguyễn Thị Hoa".encode("utf-8") not in data.read_bytes()
    plain = sqlite3.connect(f"{data.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            plain.execute("SELECT name FROM sqlite_master").fetchall()
    finally:
        plain.close()
    conn = cipher.connect(data, key, readonly=True)
    assert conn.execute("SELECT name FROM citizens").fetchall() == [("Nguyễn Thị Hoa",)]
    conn.close()


# ---- killed in the middle of a password change ---------------------------------------------------

CHILD = """
import sys
from qcdc_desktop.core.filekey import password_secret
from qcdc_desktop.db import keyslots
data, slot, a, b = sys.argv[1], sys.argv[2], password_secret(sys.argv[3]), password_secret(sys.argv[4])
print("ready", flush=True)
n = 0
while True:  # change the password from a to b, then back: at any moment it is one of the two
    keyslots.change_secret(data, slot, a, b, cost=(1, 64, 1))
    a, b = b, a
    n += 1
    if n % 10 == 0:
        print(n, flush=True)
"""
KILLS = 40


def test_a_password_change_killed_at_any_moment_leaves_the_old_or_the_new_password(tmp_path: Path) -> None:
    data = tmp_path / "xa.db"
    key = make(data, password="Mật khẩu A")
    rng = random.Random()
    outcomes = {"Mật khẩu A": 0, "Mật khẩu B": 0}
    left_mid_write = 0
    for _round in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), ADMIN, "Mật khẩu A", "Mật khẩu B"],
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=30)
            if child.stdout is not None:
                child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        opened = []
        for password in outcomes:
            try:
                opened.append((password, keyslots.unlock(data, ADMIN, password_secret(password))))
            except WrongSecret:
                pass
        assert [unlocked for _password, unlocked in opened] == [key], opened
        outcomes[opened[0][0]] += 1
        assert keyslots.unlock(data, RECOVERY_SLOT, recovery_secret(RECOVERY)) == key
        leftovers = [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
        left_mid_write += bool(leftovers)
        for name in leftovers:  # a temporary file of a killed write: never read, only removed
            os.unlink(tmp_path / name)
        if opened[0][0] == "Mật khẩu B":  # the next child starts from A again
            keyslots.change_secret(data, ADMIN, password_secret("Mật khẩu B"), password_secret("Mật khẩu A"),
                                   cost=CHEAP)
    # The kills fell at different moments: both passwords were left in place, some mid-write.
    assert outcomes["Mật khẩu A"] > 0 and outcomes["Mật khẩu B"] > 0, outcomes
    print(f"outcomes {outcomes}, killed with a temporary file left: {left_mid_write} of {KILLS}")

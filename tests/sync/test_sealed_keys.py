"""The office's private keys sealed under the data file's own key (docs/keys.md, "Stored sealed,
never on a stick"): they go where the data file and its key-slot file go and open for whoever
signs in there; a copy without a password shows nothing; keys sealed by an earlier version under a
key file of the computer are sealed again on first use."""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from conftest import card_fingerprint, run_qcdc
from qcdc_desktop.core.errors import FileKeyRefused, KeyStoreError
from qcdc_desktop.core.serialize import canonical_json
from qcdc_desktop.core.settings import KEY_STORE_ID
from qcdc_desktop.db import cipher, sync_keys
from qcdc_desktop.db.settings import write_setting
from qcdc_desktop.sync import keys as keys_module
from qcdc_desktop.sync.keys import ensure_office_keys, rotate_keys, unlock_keys
from sync_offices import office


def _documented_sealing_key(file_key: bytes) -> bytes:
    """The sealing key as docs/keys.md defines it."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"qcdc-sync-seal salt",
                info=b"qcdc-sync-seal/1").derive(file_key)


def _aad(unit_code: str, key_id: str) -> bytes:
    return f"qcdc-sealed-keys/1 {unit_code} {key_id}".encode("ascii")


def _opens(key: bytes, unit_code: str, stored: sync_keys.OwnKey) -> dict | None:
    try:
        plain = AESGCM(key).decrypt(stored.sealed[:12], stored.sealed[12:], _aad(unit_code, stored.key_id))
    except InvalidTag:
        return None
    return json.loads(plain)


@pytest.fixture
def key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "this-computer-keys"
    monkeypatch.setenv(keys_module.KEY_DIR_ENV, str(folder))
    return folder


def test_the_keys_are_sealed_under_the_file_key_and_no_key_file_is_written(tmp_path: Path, key_folder: Path) -> None:
    store = office(tmp_path / "c")
    unlocked = ensure_office_keys(store)
    (stored,) = sync_keys.own_keys(store)
    values = _opens(_documented_sealing_key(store.file_key), store.origin, stored)
    assert values == {"recv": str(unlocked.identity), "sign": base64.b64encode(unlocked.signer.private_bytes_raw()).decode()}
    assert _opens(secrets.token_bytes(32), store.origin, stored) is None
    assert _opens(_documented_sealing_key(store.file_key), "00008", stored) is None  # bound to the office
    assert not key_folder.exists() and sync_keys.key_store_id(store) is None
    store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    data = store.path.read_bytes()
    for secret in (unlocked.signer.private_bytes_raw(), base64.b64encode(unlocked.signer.private_bytes_raw()),
                   str(unlocked.identity).encode(), stored.sealed[12:40]):
        assert secret not in data
    assert ensure_office_keys(store).fingerprint == unlocked.fingerprint  # created once, not again


def test_the_office_moving_to_a_new_computer_exports_there_after_signing_in(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    old_pc, new_pc = tmp_path / "old-pc", tmp_path / "new-pc"
    old_pc.mkdir()
    monkeypatch.setenv(keys_module.KEY_DIR_ENV, str(old_pc / "keys"))
    commune, upper = old_pc / "commune.db", old_pc / "upper.db"

    def ok(*args: str) -> str:
        result = run_qcdc("--lang", "en", *args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    ok("init", "--db", str(commune), "--unit-code", "00004")
    ok("init", "--db", str(upper), "--unit-code", "01", "--role", "upper")
    ok("demo", "--db", str(commune), "--meetings", "2", "--seed", "2", "--until", "2026-01-01")
    ok("keys", "export", "--db", str(commune), "--out", str(old_pc / "commune.card"))
    ok("keys", "export", "--db", str(upper), "--out", str(old_pc / "upper.card"))
    for card, db in ((old_pc / "commune.card", upper), (old_pc / "upper.card", commune)):
        ok("keys", "trust", str(card), "--db", str(db), "--fingerprint", card_fingerprint(card))
    shown = ok("keys", "show", "--db", str(commune))
    # The new computer: the data file and its key-slot file copied, an empty key folder of its own.
    new_pc.mkdir()
    moved = new_pc / "commune.db"
    shutil.copy(commune, moved)
    shutil.copy(f"{commune}.keys", f"{moved}.keys")
    (new_pc / "keys").mkdir()
    monkeypatch.setenv(keys_module.KEY_DIR_ENV, str(new_pc / "keys"))
    assert ok("keys", "show", "--db", str(moved)) == shown  # the same keys, not new ones
    stick = tmp_path / "stick"
    stick.mkdir()
    ok("export", "--db", str(moved), "--out", str(stick))
    (bundle,) = map(str, stick.iterdir())
    assert ": applied (" in ok("import", "--db", str(upper), bundle)  # signed by the key the upper level trusts
    assert list((new_pc / "keys").iterdir()) == []


def test_a_copied_data_file_without_a_password_reveals_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               key_folder: Path) -> None:
    store = office(tmp_path / "c")
    (stored,) = sync_keys.own_keys(store)
    public = sync_keys.own_keys(store)[0].sign_public
    store.close()
    copy = tmp_path / "stick" / "copy.db"
    copy.parent.mkdir()
    shutil.copy(store.path, copy)
    shutil.copy(f"{store.path}.keys", f"{copy}.keys")
    data = copy.read_bytes()
    assert stored.sealed[12:40] not in data and public not in data and b"sync_keys" not in data
    plain = sqlite3.connect(copy)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM sync_keys").fetchall()
    plain.close()
    with pytest.raises(FileKeyRefused):
        cipher.connect(copy, secrets.token_bytes(32), readonly=True)
    monkeypatch.setenv("QCDC_PASSWORD", "not-the-password")
    wrong = run_qcdc("--lang", "en", "keys", "show", "--db", str(copy))
    monkeypatch.delenv("QCDC_PASSWORD")
    none = run_qcdc("--lang", "en", "keys", "show", "--db", str(copy), input="")
    for refused in (wrong, none):
        assert refused.returncode != 0 and refused.stdout == "" and "Traceback" not in refused.stderr


def _seal_as_before(store, key: bytes) -> dict[str, bytes]:
    """Seal the office's keys as an earlier version did: under ``key``, named by the setting
    ``key_store_id`` (docs/keys.md kept the format: the same plaintext and associated data)."""
    before = {}
    for pair in unlock_keys(store):
        secret = canonical_json({"recv": str(pair.identity),
                                 "sign": base64.b64encode(pair.signer.private_bytes_raw()).decode()}).encode()
        nonce = secrets.token_bytes(12)
        before[pair.fingerprint] = nonce + AESGCM(key).encrypt(nonce, secret, _aad(store.origin, pair.fingerprint))
    with store.transaction() as conn:
        for key_id, sealed in before.items():
            conn.execute("UPDATE sync_keys SET sealed = ? WHERE key_id = ?", (sealed, key_id))
        write_setting(conn, KEY_STORE_ID, "5f0c" * 8)
    return before


def test_keys_sealed_with_a_key_file_of_the_computer_are_sealed_again_on_first_use(tmp_path: Path,
                                                                                  key_folder: Path) -> None:
    store = office(tmp_path / "c")
    ensure_office_keys(store)
    rotate_keys(store)  # an active and a retired pair: both are sealed again
    expected = [(k.fingerprint, k.signer.private_bytes_raw(), str(k.identity)) for k in unlock_keys(store)]
    old_key = secrets.token_bytes(32)
    _seal_as_before(store, old_key)
    key_folder.mkdir()
    (key_folder / f"{'5f0c' * 8}.key").write_bytes(old_key)
    assert all(_opens(_documented_sealing_key(store.file_key), store.origin, k) is None
               for k in sync_keys.own_keys(store))

    opened = unlock_keys(store)
    assert [(k.fingerprint, k.signer.private_bytes_raw(), str(k.identity)) for k in opened] == expected
    assert all(_opens(_documented_sealing_key(store.file_key), store.origin, k) is not None
               for k in sync_keys.own_keys(store))
    assert sync_keys.key_store_id(store) is None
    assert (key_folder / f"{'5f0c' * 8}.key").read_bytes() == old_key  # older backups still need it
    shutil.rmtree(key_folder)
    assert [k.fingerprint for k in unlock_keys(store)] == [e[0] for e in expected]


def test_keys_sealed_with_a_key_file_that_is_not_here_ask_for_new_keys(tmp_path: Path, key_folder: Path,
                                                                       english: None) -> None:
    store = office(tmp_path / "c")
    ensure_office_keys(store)
    before = _seal_as_before(store, secrets.token_bytes(32))
    with pytest.raises(KeyStoreError, match="make new keys and enrol them again"):
        unlock_keys(store)
    assert {k.key_id: k.sealed for k in sync_keys.own_keys(store)} == before  # nothing changed
    assert sync_keys.key_store_id(store) == "5f0c" * 8
    key_folder.mkdir()
    (key_folder / f"{'5f0c' * 8}.key").write_bytes(secrets.token_bytes(32))  # another file's key
    with pytest.raises(KeyStoreError, match="do not open with the key file of this computer"):
        unlock_keys(store)

"""Encrypted data files through SQLCipher (db/cipher.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from qcdc_desktop.core.errors import (
    DatabaseBusy,
    DatabaseExists,
    DatabaseNotEncrypted,
    FileKeyRefused,
    NotAQcdcDatabase,
    StoreError,
)
from qcdc_desktop.core.filekey import new_file_key
from qcdc_desktop.db import cipher
from qcdc_desktop.db.search import search
from qcdc_desktop.l10n import _

from conftest import card_fingerprint, raw_connection, run_qcdc
from earlier_version import plain_dump, plain_store, write_previous_version

SQLITE_MAGIC = b"SQLite format 3\x00"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """A plain data file of the previous version (earlier_version.py), from one made by the command
    line: `qcdc init`, `qcdc demo` (meetings, opinions, tasks), a notice issued (its register entry),
    the upper level enrolled and a bundle exported to it (the sync state)."""
    folder = tmp_path_factory.mktemp("plain")
    path = folder / "made.db"
    for args in (["init", "--db", str(path), "--unit-code", "00004"],
                 ["demo", "--db", str(path), "--meetings", "12", "--seed", "7", "--until", "2026-06-30"]):
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    reader = raw_connection(path)
    meeting = reader.execute("SELECT id FROM meetings WHERE status = 'published' ORDER BY held_on").fetchone()[0]
    reader.close()
    (folder / "bundles").mkdir()
    upper = folder / "upper.db"
    for args in (["init", "--db", str(upper), "--unit-code", "01", "--role", "upper"],
                 ["keys", "export", "--db", str(upper), "--out", str(folder / "upper.card")]):
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    card = folder / "upper.card"
    for args in (["keys", "trust", str(card), "--db", str(path), "--fingerprint", card_fingerprint(card)],
                 ["notice", "--db", str(path), "--meeting", meeting, "--out", str(folder / "notice.pdf"),
                  "--date", "2026-06-30"],
                 ["export", "--db", str(path), "--out", str(folder / "bundles")]):
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    return write_previous_version(path, folder / "commune.db")


def make_encrypted(path: Path, key: bytes) -> None:
    conn = cipher.connect(path, key, create=True)
    conn.execute("CREATE TABLE people (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO people VALUES ('Nguyễn Thị Hoa', '0912345678')")
    conn.close()


def table_rows(conn) -> dict[str, list[tuple]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name")]
    return {name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for name in names}


def schema(conn) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def decrypted_copy(encrypted: Path, key: bytes, plain: Path) -> None:
    """The encrypted file exported back to a plain one, as an independent reader of what it holds."""
    conn = sqlcipher.connect(str(encrypted), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    conn.execute("SELECT sqlcipher_export('plain')").fetchone()
    for pragma in ("user_version", "application_id"):
        conn.execute(f"PRAGMA plain.{pragma} = {int(conn.execute(f'PRAGMA main.{pragma}').fetchone()[0])}")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def dump_of(path: Path) -> str:
    return plain_dump(path)


def test_the_binding_carries_sqlcipher_4_with_fts5_and_json():
    assert cipher.sqlcipher_version().split(".")[0] == "4"
    conn = sqlcipher.connect(":memory:")
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    conn.close()
    assert "ENABLE_FTS5" in options and "HAS_CODEC" in options


def test_an_encrypted_file_does_not_open_as_plain_sqlite(tmp_path):
    path = tmp_path / "secret.db"
    make_encrypted(path, new_file_key())
    raw = path.read_bytes()
    assert not raw.startswith(SQLITE_MAGIC)
    assert "Nguyễn".encode() not in raw and b"0912345678" not in raw
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()


def test_the_right_key_opens_it_again_and_reads_the_rows(tmp_path):
    path, key = tmp_path / "secret.db", new_file_key()
    make_encrypted(path, key)
    conn = cipher.connect(path, key, readonly=True)
    assert conn.execute("SELECT name, phone FROM people").fetchall() == [("Nguyễn Thị Hoa", "0912345678")]
    assert conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "4096"
    conn.row_factory = cipher.Row
    assert conn.execute("SELECT phone FROM people").fetchone()["phone"] == "0912345678"
    with pytest.raises(cipher.OperationalError):
        conn.execute("INSERT INTO people VALUES ('x', 'y')")  # read-only
    conn.close()


def test_a_wrong_key_is_refused_with_a_sentence(tmp_path):
    path = tmp_path / "secret.db"
    make_encrypted(path, new_file_key())
    with pytest.raises(FileKeyRefused) as refused:
        cipher.connect(path, new_file_key())
    assert refused.value.message == _(
        "The data file %(path)s does not open with this key: it is encrypted for other accounts, or it "
        "is not a QCDC data file.") % {"path": path}
    assert refused.value.code == "db_key"


def test_a_plain_file_is_said_to_be_unencrypted(demo_db):
    with pytest.raises(DatabaseNotEncrypted) as refused:
        cipher.connect(demo_db, new_file_key())
    assert refused.value.message == _("%(path)s is not encrypted: it is a data file of an earlier version, "
                                      "to be converted first.") % {"path": demo_db}


def test_what_is_not_a_database_is_said_so(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("Biên bản hội nghị\n", encoding="utf-8")
    with pytest.raises(NotAQcdcDatabase) as refused:
        cipher.connect(text, new_file_key())
    assert refused.value.message == _("%(path)s is not a QCDC data file.") % {"path": text}
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(NotAQcdcDatabase):
        cipher.connect(empty, new_file_key())
    assert empty.read_bytes() == b""
    with pytest.raises(NotAQcdcDatabase):
        cipher.connect(tmp_path, new_file_key())
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError):
        cipher.connect(missing, new_file_key())
    assert not missing.exists()
    with pytest.raises(ValueError):
        cipher.connect(missing, b"short", create=True)


def test_fts5_and_json_work_in_an_encrypted_file(tmp_path):
    path, key = tmp_path / "search.db", new_file_key()
    conn = cipher.connect(path, key, create=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE VIRTUAL TABLE words USING fts5 (body, content='', prefix='2 3', "
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, data TEXT)")
    conn.executemany("INSERT INTO notes (id, data) VALUES (?, ?)",
                     [(1, '{"hamlet": "Thôn Đông", "phones": ["0912"]}'), (2, '{"hamlet": "Thôn Tây"}')])
    conn.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)",
                     [(1, "Người dân phản ánh đường ngập nước"), (2, "Kiến nghị sửa cầu")])
    conn.close()

    conn = cipher.connect(path, key)
    assert [r[0] for r in conn.execute("SELECT rowid FROM words WHERE words MATCH 'nguoi'")] == [1]
    assert [r[0] for r in conn.execute("SELECT rowid FROM words WHERE words MATCH 'kie*'")] == [2]
    assert conn.execute("SELECT json_extract(data, '$.hamlet') FROM notes WHERE id = 1").fetchone() == ("Thôn Đông",)
    assert conn.execute("SELECT count(*) FROM notes, json_each(notes.data, '$.phones')").fetchone() == (1,)
    assert conn.execute("SELECT json_group_array(id) FROM notes").fetchone() == ("[1,2]",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    assert b"nguoi" not in path.read_bytes() and "Thôn".encode() not in path.read_bytes()


def test_an_encrypted_copy_holds_the_same_records(demo_db, tmp_path):
    key = new_file_key()
    encrypted = tmp_path / "commune-encrypted.db"
    cipher.encrypt_copy(demo_db, encrypted, key)
    assert not encrypted.read_bytes().startswith(SQLITE_MAGIC)
    assert [p.name for p in tmp_path.iterdir()] == [encrypted.name]  # nothing left beside it

    plain = sqlite3.connect(encrypted)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    with pytest.raises(FileKeyRefused):
        cipher.connect(encrypted, new_file_key())

    conn = cipher.connect(encrypted, key, readonly=True)
    copied_rows, copied_schema = table_rows(conn), schema(conn)
    copied_meta = [conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id")]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    original = sqlite3.connect(f"{demo_db.as_uri()}?mode=ro", uri=True)
    assert copied_rows == table_rows(original)
    assert copied_schema == schema(original)
    assert copied_meta == [original.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id")]
    original.close()
    assert sum(len(rows) for rows in copied_rows.values()) > 100
    for table in ("register_entries", "sync_bundles_out", "sync_keys", "sync_peers", "sync_peer_keys",
                  "opinions_fts_data", "settings"):
        assert copied_rows[table], table

    # What a reader of the encrypted file finds: the same dump, the same search results.
    back = tmp_path / "decrypted.db"
    decrypted_copy(encrypted, key, back)
    assert dump_of(back) == dump_of(demo_db)
    with plain_store(back) as store_back, plain_store(demo_db) as store_demo:
        for query in ("đường", "nuoc", "kien nghi"):
            assert search(store_back, query) == search(store_demo, query)
        assert search(store_demo, "đường")


def test_an_encrypted_copy_never_replaces_a_file(demo_db, tmp_path):
    target = tmp_path / "there.db"
    target.write_bytes(b"keep me")
    with pytest.raises(DatabaseExists):
        cipher.encrypt_copy(demo_db, target, new_file_key())
    assert target.read_bytes() == b"keep me"


def test_only_a_plain_file_is_copied_encrypted(tmp_path):
    key = new_file_key()
    encrypted = tmp_path / "secret.db"
    make_encrypted(encrypted, key)
    with pytest.raises(NotAQcdcDatabase):
        cipher.encrypt_copy(encrypted, tmp_path / "again.db", key)
    assert not (tmp_path / "again.db").exists()


def test_a_copy_that_differs_is_not_kept(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(cipher, "_same_content", lambda plain, copy: "meetings")
    with pytest.raises(StoreError) as refused:
        cipher.encrypt_copy(demo_db, tmp_path / "copy.db", new_file_key())
    assert refused.value.message == _("The encrypted copy of %(path)s differs from it; the plain file is kept "
                                      "as it is.") % {"path": demo_db}
    assert list(tmp_path.iterdir()) == []


def test_the_comparison_sees_a_changed_row(tmp_path):
    key = new_file_key()
    path = tmp_path / "a.db"
    make_encrypted(path, key)
    left = sqlcipher.connect(":memory:")
    left.execute("CREATE TABLE people (name TEXT, phone TEXT)")
    left.execute("INSERT INTO people VALUES ('Nguyễn Thị Hoa', '0912345679')")
    right = cipher.connect(path, key)
    assert cipher._same_content(left, right) == "people"
    left.execute("UPDATE people SET phone = '0912345678'")
    assert cipher._same_content(left, right) is None
    left.execute("INSERT INTO people VALUES ('Trần Văn Nam', NULL)")
    assert cipher._same_content(left, right) == "people"
    right.close()
    left.close()


def test_a_file_another_connection_holds_is_busy_not_refused(tmp_path, monkeypatch):
    path, key = tmp_path / "held.db", new_file_key()
    make_encrypted(path, key)
    writer = cipher.connect(path, key)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("INSERT INTO people VALUES ('Lê Văn Tám', NULL)")
    monkeypatch.setattr(cipher, "busy_timeout_ms", 50)
    with pytest.raises(DatabaseBusy) as busy:
        cipher.connect(path, key)
    assert busy.value.message == _("The data file is busy with another task; try again in a moment.")
    writer.execute("ROLLBACK")
    writer.close()
    cipher.connect(path, key).close()

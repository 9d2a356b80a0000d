"""The ``qcdc`` command, run as a clerk or a script runs it: its stable contract (README, docs/record-format.md).

Messages are checked in English (``--lang en``); the Vietnamese catalog has its own tests.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from conftest import raw_connection, full_meeting, minimal_meeting, run_qcdc
from qcdc_desktop.core.model import Meeting, Opinion, Person, Publication, Task
from qcdc_desktop.db.migrations import LATEST


def en(*args: str, **kwargs: Any) -> subprocess.CompletedProcess:
    return run_qcdc("--lang", "en", *args, **kwargs)


def failed(result: subprocess.CompletedProcess, *words: str, code: int = 1) -> str:
    """Assert the command failed the way the contract says; return its message."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("qcdc: ") and result.stderr.endswith("\n")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "unexpected error" not in result.stderr  # how a bug shows itself to a clerk
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    return result.stderr


def dump(db: Path) -> dict:
    result = en("dump", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def add(db: Path, tmp_path: Path, data: Any) -> subprocess.CompletedProcess:
    return en("add", "--db", str(db), "--json", str(write_json(tmp_path / "meetings.json", data)))


def added_ids(result: subprocess.CompletedProcess) -> list[str]:
    """The ids `qcdc add` lists under its sentence: one meeting a line, «ID<tab>date<tab>title»."""
    return [row.split("\t")[0] for row in result.stdout.splitlines()[1:]]


# ---- init ----

def test_init_creates_a_data_file_named_after_the_official_list(tmp_path: Path) -> None:
    db = tmp_path / "ba-dinh.db"
    result = en("init", "--db", str(db), "--unit-code", "00004")
    assert result.returncode == 0, result.stderr
    assert "Phường Ba Đình" in result.stdout and "00004" in result.stdout
    unit = dump(db)["unit"]
    assert unit == {"code": "00004", "name": "Phường Ba Đình", "role": "commune",
                    "province_code": "01", "province_name": "Thành phố Hà Nội"}


def test_init_an_upper_level_office(tmp_path: Path) -> None:
    assert en("init", "--db", str(tmp_path / "p.db"), "--unit-code", "01", "--role", "upper").returncode == 0
    assert dump(tmp_path / "p.db")["unit"]["role"] == "upper"
    named = en("init", "--db", str(tmp_path / "d.db"), "--unit-code", "123", "--role", "upper",
               "--name", unicodedata.normalize("NFD", "Huyện Đông Anh"))
    assert named.returncode == 0, named.stderr
    assert dump(tmp_path / "d.db")["unit"]["name"] == "Huyện Đông Anh"


@pytest.mark.parametrize(("args", "words"), [
    (["--unit-code", "99999"], ["no unit with code 99999"]),
    (["--unit-code", "abc"], ["no unit with code abc"]),
    (["--unit-code", "00004", "--role", "upper"], ["00004 is a commune", "2-digit"]),
    (["--unit-code", "01", "--role", "commune"], ["01 is a province", "5-digit"]),
    (["--unit-code", "01"], ["01 is a province"]),
    (["--unit-code", "123", "--role", "upper"], ["not a province code", "--name"]),
    (["--unit-code", "00004", "--name", "   "], ["name is empty"]),
])
def test_init_refuses_a_wrong_unit_and_creates_nothing(tmp_path: Path, args: list[str], words: list[str]) -> None:
    failed(en("init", "--db", str(tmp_path / "x.db"), *args), *words)
    assert list(tmp_path.iterdir()) == []


def test_init_never_overwrites_a_file(commune_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("sổ tay", encoding="utf-8")
    for path in (commune_db, other):
        before = path.read_bytes()
        failed(en("init", "--db", str(path), "--unit-code", "00008"), "already exists")
        assert path.read_bytes() == before
    assert dump(commune_db)["unit"]["code"] == "00004"


def test_init_on_a_folder_says_it_is_a_folder_and_how_to_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    said = failed(en("init", "--db", str(folder), "--unit-code", "00004"), "is a folder",
                  f"--db {folder / 'xa.db'}")
    assert "already exists" not in said and list(folder.iterdir()) == []
    vietnamese = run_qcdc("init", "--db", str(folder), "--unit-code", "00004")
    assert vietnamese.returncode == 1 and "là một thư mục" in vietnamese.stderr


# ---- add and dump ----

def _nfd(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, list):
        return [_nfd(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfd(v) for k, v in value.items()}
    return value


def _assert_kept(given: Any, stored: Any, where: str = "meeting") -> None:
    """``stored`` holds every key of ``given`` with the same value, text in NFC."""
    if isinstance(given, dict):
        assert isinstance(stored, dict), where
        for key, value in given.items():
            assert key in stored, f"{where}.{key} is missing from the dump"
            _assert_kept(value, stored[key], f"{where}.{key}")
    elif isinstance(given, list):
        assert isinstance(stored, list) and len(stored) == len(given), where
        for i, (g, s) in enumerate(zip(given, stored)):
            _assert_kept(g, s, f"{where}[{i}]")
    elif isinstance(given, str):
        assert stored == unicodedata.normalize("NFC", given), where
        assert unicodedata.is_normalized("NFC", stored), where
    else:
        assert stored == given and type(stored) is type(given), where


def _fields(cls: type) -> set[str]:
    return set(cls.__dataclass_fields__)


def test_add_then_dump_gives_back_every_key_in_nfc(commune_db: Path, tmp_path: Path) -> None:
    given = _nfd(full_meeting())
    assert given != full_meeting()  # the file really is NFD
    result = add(commune_db, tmp_path, given)
    assert result.returncode == 0, result.stderr
    [meeting_id] = added_ids(result)
    [stored] = dump(commune_db)["meetings"]
    _assert_kept(full_meeting(), stored)
    assert stored["id"] == meeting_id and meeting_id.startswith("00004-")
    # Nothing more than the ids: the input used every key of the shape.
    assert set(stored) == set(given) | {"id"} == _fields(Meeting)
    for key, cls in (("opinions", Opinion), ("conclusions", Task), ("publications", Publication)):
        for record in stored[key]:
            assert set(record) == _fields(cls) and record["id"].startswith("00004-")
    assert set(stored["co_chairs"][0]) == _fields(Person)
    ids = [stored["id"]] + [r["id"] for k in ("opinions", "conclusions", "publications") for r in stored[k]]
    assert len(set(ids)) == len(ids)


def test_add_fills_the_defaults(commune_db: Path, tmp_path: Path) -> None:
    result = add(commune_db, tmp_path, [minimal_meeting(), minimal_meeting(kind="contact", held_on="2024-03-06")])
    assert result.returncode == 0, result.stderr
    assert len(added_ids(result)) == 2
    first, second = dump(commune_db)["meetings"]  # in date order
    _assert_kept(minimal_meeting(), first)
    assert {k: first[k] for k in ("track", "status", "mode", "participants", "scope", "co_chairs", "opinions",
                                  "conclusions", "publications", "announced_on", "starts_at", "minutes")} == {
        "track": "state", "status": "held", "mode": "in_person", "participants": 0, "scope": [], "co_chairs": [],
        "opinions": [], "conclusions": [], "publications": [], "announced_on": None, "starts_at": "", "minutes": ""}
    assert second["track"] == "party"


def test_add_prints_the_ids_in_input_order_and_dump_is_canonical(commune_db: Path, tmp_path: Path) -> None:
    later, earlier = minimal_meeting(held_on="2024-05-01", title="Sau"), minimal_meeting(held_on="2024-01-02")
    result = add(commune_db, tmp_path, [later, earlier])
    ids = added_ids(result)
    assert [m["id"] for m in dump(commune_db)["meetings"]] == [ids[1], ids[0]]
    said, *rows = result.stdout.splitlines()
    assert said == "Added 2 meetings:"
    assert [row.split("\t")[1:] for row in rows] == [["01/05/2024", "Sau"], ["02/01/2024", earlier["title"]]]
    vietnamese = run_qcdc("add", "--db", str(commune_db), "--json", str(write_json(tmp_path / "one.json", later)))
    assert vietnamese.stdout.splitlines()[0] == "Đã thêm 1 hội nghị:"
    text = en("dump", "--db", str(commune_db)).stdout
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert text == en("dump", "--db", str(commune_db)).stdout


def test_a_list_with_one_bad_meeting_adds_nothing(commune_db: Path, tmp_path: Path) -> None:
    add(commune_db, tmp_path, minimal_meeting())
    before = dump(commune_db)
    bad = [full_meeting(), minimal_meeting(kind="party"), full_meeting()]
    failed(add(commune_db, tmp_path, bad), "meeting 2", "«kind»", "unknown code")
    assert dump(commune_db) == before
    bad[1]["kind"] = "dialogue"
    bad[2]["conclusions"][0]["opinions"] = [1, 9]
    failed(add(commune_db, tmp_path, bad), "meeting 3", "no opinion 9")
    assert dump(commune_db) == before


@pytest.mark.parametrize(("content", "words"), [
    (b"", ["not valid JSON"]),
    (b"\xff\xfe\x00\x00{}", ["not UTF-8"]),
    (b'{"kind": "dialogue"', ["not valid JSON", "line 1"]),
    (b'{"kind": "dialogue", "kind": "contact"}', ["'kind' twice"]),
    (b'{"participants": NaN}', ["NaN"]),
    (b"[]", ["empty"]),
    (b'"dialogue"', ["must be an object"]),
    (json.dumps(minimal_meeting(note="x")).encode(), ["«note»", "unknown field"]),
    (json.dumps({"kind": "dialogue", "bad\nkey": 1}).encode(), ["unknown field"]),
    (json.dumps(minimal_meeting(held_on="2024-02-30\n")).encode(), ["«held_on»"]),
    (b"\xef\xbb\xbf" + json.dumps(minimal_meeting(kind="x")).encode(), ["unknown code"]),  # a BOM is fine
])
def test_bad_input_files_are_refused_in_one_line(commune_db: Path, tmp_path: Path, content: bytes,
                                                 words: list[str]) -> None:
    before = dump(commune_db)
    path = tmp_path / "in.json"
    path.write_bytes(content)
    failed(en("add", "--db", str(commune_db), "--json", str(path)), *words)
    assert dump(commune_db) == before


def test_input_files_that_cannot_be_read(commune_db: Path, tmp_path: Path) -> None:
    failed(en("add", "--db", str(commune_db), "--json", str(tmp_path / "none.json")), "no file")
    failed(en("add", "--db", str(commune_db), "--json", str(tmp_path)), "Cannot read")


def test_usage_errors_are_one_line_with_exit_status_2(commune_db: Path) -> None:
    failed(en("add", "--db", str(commune_db)), "--json", "qcdc --help", code=2)
    failed(en("frobnicate"), "qcdc --help", code=2)
    failed(en("demo", "--db", str(commune_db), "--meetings", "-3"), "whole number", code=2)
    failed(en("demo", "--db", str(commune_db), "--until", "31/12/2025"), "YYYY-MM-DD", code=2)


# ---- files that are missing, foreign, damaged or too new ----

# Every way of opening a data file: read-write with the quick check (add, backup; demo is the same),
# read-only without it (dump, search), read-write without it (check).
COMMANDS = [["add", "--json", "{json}"], ["dump"], ["search", "--limit", "100000", "giay"], ["check"], ["backup"]]


def _command(args: list[str], db: Path, json_file: Path) -> list[str]:
    return [args[0], "--db", str(db), *(str(json_file) if a == "{json}" else a for a in args[1:])]


def test_a_missing_data_file_is_never_created(tmp_path: Path) -> None:
    json_file = write_json(tmp_path / "m.json", minimal_meeting())
    db = tmp_path / "nothing-here.db"
    for args in [*COMMANDS, ["demo", "--meetings", "2"]]:
        failed(en(*_command(args, db, json_file)), "no data file", "qcdc init")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data file with 30 meetings whose opinions all say "giấy"."""
    folder = tmp_path_factory.mktemp("filled")
    db = folder / "filled.db"
    assert run_qcdc("init", "--db", str(db), "--unit-code", "00004").returncode == 0
    many = [full_meeting() for _ in range(30)]
    for m in many:
        m["opinions"][1]["content"] += " Xin cấp giấy phép sửa chữa."
    assert en("add", "--db", str(db), "--json", str(write_json(folder / "m.json", many))).returncode == 0
    return db


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('Bèo dạt mây trôi')")
    conn.commit()
    conn.close()


def _corrupt_middle_page(path: Path) -> None:
    conn = raw_connection(path)
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    # The opinions table's root page: every command that reads opinions goes through it.
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'opinions'").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))


def _newer(path: Path) -> None:
    conn = raw_connection(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()


def _with_keys(path: Path, good: Path) -> None:
    """Beside a file that was the good one, its key file: the damage is the file's own."""
    shutil.copy(good.with_name(good.name + ".keys"), path.with_name(path.name + ".keys"))


DAMAGE = {
    "text file": (lambda p, good: p.write_text("Biên bản hội nghị\n", encoding="utf-8"), "not a QCDC data file"),
    "random bytes": (lambda p, good: p.write_bytes(bytes(range(256)) * 64), "not a QCDC data file"),
    "empty file": (lambda p, good: p.write_bytes(b""), "not a QCDC data file"),
    "another program's database": (lambda p, good: _foreign(p), "database of another program"),
    "folder": (lambda p, good: p.mkdir(), "is a folder"),
    "truncated": (lambda p, good: (p.write_bytes(good.read_bytes()[: good.stat().st_size // 2]), _with_keys(p, good)),
                  "is damaged"),
    "corrupted page": (lambda p, good: (shutil.copy(good, p), _with_keys(p, good), _corrupt_middle_page(p)),
                       "is damaged"),
    "newer version": (lambda p, good: (shutil.copy(good, p), _with_keys(p, good), _newer(p)),
                      "newer version of QCDC Desktop"),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_and_foreign_files_are_refused_and_left_alone(tmp_path: Path, filled_db: Path, kind: str) -> None:
    make, meaning = DAMAGE[kind]
    db = tmp_path / "given.db"
    make(db, filled_db)
    before = db.read_bytes() if db.is_file() else None
    json_file = write_json(tmp_path / "m.json", minimal_meeting())
    for args in COMMANDS:
        message = failed(en(*_command(args, db, json_file)), meaning)
        assert str(db.name) in message, message
        if before is not None:
            assert db.read_bytes() == before, f"{args[0]} changed the file"
    assert not (tmp_path / "backups").exists()


# ---- check, search, demo ----

def test_check_passes_a_sound_file(commune_db: Path) -> None:
    result = en("check", "--db", str(commune_db))
    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == 1


def test_check_reports_broken_invariants_in_one_line(commune_db: Path, tmp_path: Path) -> None:
    from qcdc_desktop.db.connection import open_store

    assert add(commune_db, tmp_path, full_meeting()).returncode == 0
    with open_store(commune_db) as store, store.transaction() as conn:
        conn.execute("UPDATE opinions SET held_on = '2020-01-01'")
    failed(en("check", "--db", str(commune_db)), "problems", "2 opinions carry a date different")


def test_search_json_output(commune_db: Path, tmp_path: Path) -> None:
    about_land = full_meeting()
    about_roads = minimal_meeting(held_on="2024-01-10", title="Tiếp công dân tháng 1",
                                  opinions=[{"speaker": "Hà Văn Long", "field": "transport",
                                             "content": "Đề nghị sửa đường liên thôn."}])
    assert add(commune_db, tmp_path, [about_land, about_roads]).returncode == 0
    stored = dump(commune_db)["meetings"]
    result = en("search", "--db", str(commune_db), "--json", "giay chung nhan")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    land = next(m for m in stored if m["title"] == about_land["title"])
    assert sorted((h["kind"], h["id"]) for h in hits) == sorted([
        ("opinions", land["opinions"][0]["id"]), ("tasks", land["conclusions"][0]["id"])])
    for hit in hits:
        assert set(hit) == {"kind", "id", "meeting_id", "held_on", "text"}
        assert hit["meeting_id"] == land["id"] and hit["held_on"] == "2024-03-05"
    opinion_hit = next(h for h in hits if h["kind"] == "opinions")
    assert opinion_hit["text"] == land["opinions"][0]["content"]
    none = en("search", "--db", str(commune_db), "--json", "tuyết rơi")
    assert none.returncode == 0 and json.loads(none.stdout) == []


def test_search_text_output_and_nothing_found(commune_db: Path, tmp_path: Path) -> None:
    assert add(commune_db, tmp_path, full_meeting()).returncode == 0
    result = en("search", "--db", str(commune_db), "duong lien thon")
    assert result.returncode == 0
    [line] = result.stdout.splitlines()
    kind, _id, date, text = line.split("\t")
    assert (kind, date) == ("opinion", "05/03/2024") and text.startswith("Đường liên thôn")
    empty = en("search", "--db", str(commune_db), "tuyết rơi")
    assert empty.returncode == 0 and empty.stdout == "" and "Nothing found" in empty.stderr


def _demo_dump(tmp_path: Path, name: str, *args: str) -> dict:
    db = tmp_path / name
    assert run_qcdc("init", "--db", str(db), "--unit-code", "00004").returncode == 0
    result = en("demo", "--db", str(db), "--until", "2025-12-31", *args)
    assert result.returncode == 0, result.stderr
    check = en("check", "--db", str(db))
    assert check.returncode == 0, check.stderr
    return dump(db)


@pytest.mark.slow
def test_demo_is_deterministic_for_a_seed_and_passes_the_check(tmp_path: Path) -> None:
    one = _demo_dump(tmp_path, "a.db", "--meetings", "12", "--seed", "7")
    two = _demo_dump(tmp_path, "b.db", "--meetings", "12", "--seed", "7")
    other = _demo_dump(tmp_path, "c.db", "--meetings", "12", "--seed", "8")
    assert one == two
    assert len(one["meetings"]) == 12 and sum(len(m["opinions"]) for m in one["meetings"]) > 12 * 5
    assert one["officials"]
    assert other["meetings"] != one["meetings"]
    assert {m["id"] for m in other["meetings"]}.isdisjoint({m["id"] for m in one["meetings"]})


def test_demo_adds_to_what_is_there_and_reports_counts(commune_db: Path) -> None:
    result = en("demo", "--db", str(commune_db), "--meetings", "3", "--seed", "2", "--until", "2025-06-30")
    assert result.returncode == 0, result.stderr
    opinions = sum(len(m["opinions"]) for m in dump(commune_db)["meetings"])
    assert "3 demo meetings" in result.stdout and f" {opinions:,} opinions" in result.stdout
    assert en("demo", "--db", str(commune_db), "--meetings", "2", "--seed", "3").returncode == 0
    assert len(dump(commune_db)["meetings"]) == 5


# ---- backup and restore ----

def test_backup_and_restore_on_the_command_line(commune_db: Path, tmp_path: Path) -> None:
    assert add(commune_db, tmp_path, full_meeting()).returncode == 0
    kept = dump(commune_db)
    result = en("backup", "--db", str(commune_db))
    assert result.returncode == 0, result.stderr
    said = result.stdout.strip()
    assert said.startswith("Backup made and checked: ") and "\n" not in said
    backup = Path(said.removeprefix("Backup made and checked: "))
    assert backup.is_file() and backup.parent == commune_db.parent / "backups"

    # The data file is damaged after the backup; restore puts the backup's data back.
    data = commune_db.read_bytes()
    commune_db.write_bytes(data[: len(data) // 3])
    failed(en("dump", "--db", str(commune_db)), "damaged", "qcdc restore", str(backup))
    restored = en("restore", "--db", str(commune_db), "--from", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert dump(commune_db) == kept
    assert en("check", "--db", str(commune_db)).returncode == 0
    [aside] = [p for p in commune_db.parent.iterdir()
               if ".replaced-" in p.name and not p.name.endswith(("-wal", "-shm", ".keys"))]
    assert aside.with_name(aside.name + ".keys").is_file()  # its key file went aside with it
    assert aside.read_bytes() == data[: len(data) // 3]
    assert "kept as" in restored.stdout and str(aside.name) in restored.stdout


@pytest.mark.parametrize("make", [
    lambda p: p.write_text("không phải sao lưu", encoding="utf-8"),
    lambda p: _foreign(p),
])
def test_restore_refuses_a_backup_that_is_not_ours(commune_db: Path, tmp_path: Path, make) -> None:
    fake = tmp_path / "fake.sqlite"
    make(fake)
    before = commune_db.read_bytes()
    failed(en("restore", "--db", str(commune_db), "--from", str(fake)), "not a QCDC data file")
    failed(en("restore", "--db", str(commune_db), "--from", str(tmp_path / "none.sqlite")), "no backup file")
    assert commune_db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".replaced-" in p.name or ".restoring" in p.name]


def test_a_province_code_for_a_commune_office_says_how_to_make_the_provinces_file(tmp_path: Path) -> None:
    path = tmp_path / "tinh.db"
    result = run_qcdc("--lang", "en", "init", "--db", str(path), "--unit-code", "25")
    assert result.returncode != 0 and not path.exists()
    assert "25 is a province" in result.stderr
    assert f"qcdc init --db {path} --unit-code 25 --role upper" in result.stderr
    vietnamese = run_qcdc("init", "--db", str(path), "--unit-code", "25")  # the clerk's language too
    assert vietnamese.returncode == 1
    assert "mã cấp tỉnh" in vietnamese.stderr and "--role upper" in vietnamese.stderr
    made = run_qcdc("init", "--db", str(path), "--unit-code", "25", "--role", "upper")
    assert made.returncode == 0, made.stderr


def test_dump_with_standard_output_closed_says_so(commune_db: Path) -> None:
    import os
    import sys

    result = subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", "--lang", "en", "dump", "--db", str(commune_db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120,
                            preexec_fn=lambda: os.close(1))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == "qcdc: There is nowhere to write: the standard output is closed.\n"

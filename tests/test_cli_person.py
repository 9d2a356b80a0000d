"""`qcdc person find|export|erase` (Law 91/2025): what is held about a person, one line per item;
their sheet as PDF or JSON by the suffix; the erasure shown first, confirmed, then reported with
what stays.  A request that cannot name a person, a reason that names them, an unknown request or a
role that may not: a sentence, a non-zero exit, nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PASSWORD, copy_data_file, full_meeting, qcdc_in_process, run_qcdc, sign_in_here
from test_cli_users import qcdc_as

CLERK = "Ghi-chep-2026!"
BINH = "Trần Thị Bình"


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("person") / "xa.db"
    assert run_qcdc("init", "--db", str(db), "--unit-code", "05425").returncode == 0
    second = full_meeting(title="Hội nghị đối thoại về giao thông", held_on="2024-03-12", announced_on=None,
                          publications=[])
    second["opinions"] = [dict(second["opinions"][1], content="Đồng ý với ý kiến của bà Trần Thị Bình.")]
    second["conclusions"] = [dict(second["conclusions"][0], opinions=[1])]
    (db.parent / "m.json").write_text(json.dumps([full_meeting(), second], ensure_ascii=False), encoding="utf-8")
    assert run_qcdc("add", "--db", str(db), "--json", str(db.parent / "m.json")).returncode == 0
    added = qcdc_as("quantri", PASSWORD, "users", "add", "vanthu", "--role", "clerk", "--db", str(db),
                    new_password=CLERK)
    assert added.returncode == 0, added.stderr
    assert qcdc_as("vanthu", CLERK, "users", "passwd", "--db", str(db), new_password=CLERK + "x").returncode == 0
    return db


@pytest.fixture(autouse=True)
def _in_english(monkeypatch, english) -> None:
    monkeypatch.setenv("QCDC_LANG", "en")


@pytest.fixture
def copy(office: Path, tmp_path: Path) -> Path:
    db = copy_data_file(office, tmp_path / "copy.db")
    sign_in_here(db)
    return db


def test_find_prints_one_line_per_item(office: Path) -> None:
    code, out, err = qcdc_in_process("person", "find", BINH, "--db", str(office))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Opinion at «Hội nghị đối thoại giữa Chủ tịch UBND xã") and "0912 345 678" in lines[0]
    assert "Land" in lines[0] and "Answered at the meeting" in lines[0]
    assert lines[1].startswith("Named in what an opinion says of «Hội nghị đối thoại về giao thông»")
    assert lines[2].startswith("History: ")
    assert "Phạm Văn Đức" not in out
    code, out, _err = qcdc_in_process("person", "find", "Hoàng Văn Xuân", "--db", str(office))
    assert code == 0 and out == "Nothing held about Hoàng Văn Xuân.\n"


@pytest.mark.parametrize(("args", "words"), [
    (("Bình",), "at least two words"), (("",), "name, phone number, or both"),
    (("", "--phone", "không"), "no digits")])
def test_a_request_that_cannot_name_a_person_is_refused(office: Path, args: tuple[str, ...], words: str) -> None:
    code, out, err = qcdc_in_process("person", "find", *args, "--db", str(office))
    assert code == 1 and words in err and out == "" and "Traceback" not in err


def test_export_writes_the_sheet_by_the_suffix(office: Path, tmp_path: Path) -> None:
    code, out, err = qcdc_in_process("person", "export", BINH, "--phone", "0912345678", "--db", str(office),
                                     "--out", str(tmp_path / "phieu.json"))
    assert code == 0, err
    assert "Wrote the sheet" in out
    data = json.loads((tmp_path / "phieu.json").read_text(encoding="utf-8"))
    assert [o["speaker"] for o in data["opinions"]] == [BINH]
    code, _out, err = qcdc_in_process("person", "export", BINH, "--db", str(office), "--out", str(tmp_path / "p.pdf"))
    assert code == 0, err
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    code, _out, err = qcdc_in_process("person", "export", BINH, "--db", str(office), "--out", str(tmp_path / "p.docx"))
    assert code == 1 and ".pdf or .json" in err and not (tmp_path / "p.docx").exists()
    code, _out, err = qcdc_in_process("person", "export", BINH, "--db", str(office))
    assert code == 1 and "--out" in err


def test_erase_asks_first_and_without_an_answer_changes_nothing(copy: Path) -> None:
    code, out, err = qcdc_in_process("person", "erase", BINH, "--db", str(copy), "--reason", "Đơn ngày 01/12/2026")
    assert code == 1 and "add --yes" in err
    assert "Will be erased:" in out and "1 opinion of the person" in out and "Stays:" in out
    code, out, _err = qcdc_in_process("person", "find", BINH, "--db", str(copy))
    assert BINH in out  # still there


def test_erase_with_yes_reports_what_was_erased_and_what_stays(copy: Path) -> None:
    run_qcdc("backup", "--db", str(copy))
    code, out, err = qcdc_in_process("person", "erase", BINH, "--db", str(copy), "--reason", "Đơn ngày 01/12/2026",
                                     "--yes")
    assert code == 0, err
    erased = out[out.index("Erased:"):]
    assert "2 records changed" in erased and "history entries erased" in erased
    assert "The backup of" in erased and "still holds the old values" in erased and "goes after 10 more backups" in erased
    code, out, _err = qcdc_in_process("person", "find", BINH, "--db", str(copy))
    assert out.startswith("Nothing held about")


@pytest.mark.parametrize(("extra", "words"), [
    (("--reason", "Theo đơn của bà Trần Thị Bình"), "Do not write the person's name"),
    (("--reason", ""), "Give the reason"),
    (("--reason", "Đơn yêu cầu", "--request", "05425-NOPE"), "no request 05425-NOPE")])
def test_a_refused_erasure_changes_nothing(copy: Path, extra: tuple[str, ...], words: str) -> None:
    code, _out, err = qcdc_in_process("person", "erase", BINH, "--db", str(copy), "--yes", *extra)
    assert code == 1 and words in err and "Traceback" not in err
    code, out, _err = qcdc_in_process("person", "find", BINH, "--db", str(copy))
    assert out.startswith("Opinion at")


def test_a_clerk_may_neither_find_nor_erase(office: Path) -> None:
    for action in ("find", "erase"):
        refused = qcdc_as("vanthu", CLERK + "x", "person", action, BINH, "--db", str(office), "--reason", "x",
                          "--yes")
        assert refused.returncode == 1 and "may not" in refused.stderr and refused.stdout == ""

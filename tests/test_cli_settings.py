"""``qcdc settings list|get|set``: the office's settings for scripts, checked as the Documents
settings place checks them, changed by an administrator only, each change in the history; and the
``--sign-as`` of ``qcdc notice`` and ``qcdc report``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import ADMIN, PASSWORD, RECOVERY_CODE, add_to, full_meeting, run_qcdc
from pdfcheck import layout_text, needs_poppler
from qcdc_desktop.db import accounts
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.setup import init_store, resolve_unit

pytestmark = needs_poppler


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "office.db"
    with init_store(path, resolve_unit("02680", "commune"), ADMIN, RECOVERY_CODE) as store:
        accounts.add_account(store, login="vanthu", full_name="Văn Thư", title="", role="clerk", password=PASSWORD)
        add_official(store, name="Trần Thị Phó", title="Phó Chủ tịch UBND xã")
        add_official(store, name="Lê Văn Chánh", title="Chánh Văn phòng HĐND và UBND xã")
        (meeting_id,) = add_to(store, full_meeting())
    return path, meeting_id


def qcdc(*args: str, lang: str = "vi") -> subprocess.CompletedProcess:
    return run_qcdc("--lang", lang, *args)


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and result.stderr.startswith("qcdc: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_list_get_and_set(office) -> None:
    db, _meeting = office
    listed = qcdc("settings", "--db", str(db), "list")
    assert listed.returncode == 0, listed.stderr
    keys = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert {"notice.place", "notice.numbering", "notice.state_authority", "notice.party_recipients_bc",
            "report.cutoff_day", "unit_name"} <= set(keys)
    assert "unit_name\tXã Hợp Thành\t" in listed.stdout
    done = qcdc("settings", "--db", str(db), "set", "notice.place", "  Hợp   Thành ")
    assert done.returncode == 0 and "notice.place nay là «Hợp Thành»." in done.stdout, done.stdout
    assert qcdc("settings", "--db", str(db), "get", "notice.place").stdout == "Hợp Thành\n"
    again = qcdc("settings", "--db", str(db), "set", "notice.place", "Hợp Thành")
    assert "không có gì thay đổi" in again.stdout
    assert qcdc("settings", "--db", str(db), "set", "notice.state_recipients_bc", "Như trên; Lưu: VT").returncode == 0
    assert qcdc("settings", "--db", str(db), "get", "notice.state_recipients_bc").stdout == "Như trên; Lưu: VT\n"
    assert qcdc("settings", "--db", str(db), "set", "report.cutoff_day", "15").returncode == 0
    assert qcdc("settings", "--db", str(db), "get", "report.cutoff_day").stdout == "15\n"
    with open_store(db, readonly=True) as store:
        changed = {row[0] for row in store.conn.execute("SELECT record FROM history WHERE kind = 'settings'")}
    assert {"notice.place", "notice.state_recipients_bc", "report.cutoff_day"} <= changed
    assert "notice.numbering" not in changed  # saved unchanged: no entry


@pytest.mark.parametrize(("args", "words"), [
    (("set", "notice.bogus", "x"), ("notice.bogus", "notice.place")),
    (("get", "nothing"), ("nothing", "report.cutoff_day")),
    (("set", "notice.state_authority", "party_tm"), ("party_tm", "tm (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)", "tuq")),
    (("set", "notice.numbering", "yearly"), ("yearly", "unit", "doc_type")),
    (("set", "notice.margins", "10,20,30,15"), ("20", "25")),
    (("set", "notice.place", "A\x07B"), ("ký tự điều khiển",)),
    (("set", "notice.secretary", "x" * 201), ("200",)),
    (("set", "report.cutoff_day", "40"), ("28",)),
    (("set", "sync.send_phones", "maybe"), ("on", "off")),
    (("set", "unit_name", "Xã Khác"), ("unit_name",)),
    (("set", "notice.place"), ("set",)),
])
def test_bad_keys_and_values_are_refused(office, args: tuple[str, ...], words: tuple[str, ...]) -> None:
    db, _meeting = office
    refused(qcdc("settings", "--db", str(db), *args), *words)
    assert qcdc("settings", "--db", str(db), "get", "notice.place").stdout == "\n"


def test_a_clerk_reads_but_does_not_set(office, monkeypatch) -> None:
    db, _meeting = office
    monkeypatch.setenv("QCDC_USER", "vanthu")
    monkeypatch.setenv("QCDC_NEW_PASSWORD", PASSWORD + "x")
    assert qcdc("users", "passwd", "--db", str(db)).returncode == 0  # the first sign-in asks for one's own
    monkeypatch.setenv("QCDC_PASSWORD", PASSWORD + "x")
    assert qcdc("settings", "--db", str(db), "get", "notice.numbering").stdout == "unit\n"
    refused(qcdc("settings", "--db", str(db), "set", "notice.numbering", "doc_type"), "văn thư", "quản trị")
    monkeypatch.setenv("QCDC_USER", "quantri")
    monkeypatch.setenv("QCDC_PASSWORD", PASSWORD)
    assert qcdc("settings", "--db", str(db), "get", "notice.numbering").stdout == "unit\n"


def test_english(office) -> None:
    db, _meeting = office
    refused(qcdc("settings", "--db", str(db), "set", "notice.state_authority", "xx", lang="en"),
            "xx is not a way of signing; the choices are:")


def test_the_office_signature_and_sign_as(office, tmp_path: Path) -> None:
    db, meeting_id = office
    assert qcdc("settings", "--db", str(db), "set", "notice.state_authority", "kt").returncode == 0
    out = tmp_path / "report.pdf"
    made = qcdc("report", "--db", str(db), "--period", "2024", "--out", str(out), "--date", "2024-12-20")
    assert made.returncode == 0, made.stderr
    text = layout_text(out)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai." in text and "KT. CHỦ TỊCH" in text and "Trần Thị Phó" in text
    made = qcdc("report", "--db", str(db), "--period", "2024", "--out", str(out), "--sign-as", "tl",
                "--signer", "Người Khác")
    assert made.returncode == 0, made.stderr
    text = layout_text(out)
    assert "TL. CHỦ TỊCH" in text and "Người Khác" in text and "Lê Văn Chánh" not in text
    refused(qcdc("report", "--db", str(db), "--period", "2024", "--out", str(out), "--sign-as", "boss"),
            "boss", "tuq", "party_kt")
    refused(qcdc("notice", "--db", str(db), "--meeting", meeting_id, "--out", str(tmp_path / "n.pdf"),
                 "--sign-as", "party_kt"), "party_kt", "tuq")
    notice = tmp_path / "notice.pdf"
    made = qcdc("notice", "--db", str(db), "--meeting", meeting_id, "--out", str(notice), "--sign-as", "tuq",
                "--date", "2024-03-08")
    assert made.returncode == 0, made.stderr
    text = layout_text(notice)
    assert "TUQ. CHỦ TỊCH" in text and "Lê Văn Chánh" in text

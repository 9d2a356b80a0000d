"""``qcdc report``: the statistics report of a period as PDF, Word, Excel or CSV; a bad period or
destination is refused with one sentence, writing nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ADMIN, RECOVERY_CODE, run_qcdc
from pdfcheck import line_with, lines, needs_poppler
from qcdc_desktop.db.setup import init_store, resolve_unit
from report_fixture import fill

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-report") / "commune.db"
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        fill(store)
    return path


def report(db: Path, *args: str, lang: str = "vi") -> subprocess.CompletedProcess:
    return run_qcdc("--lang", lang, "report", "--db", str(db), "--as-of", "2024-06-01", *args)


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and result.stderr.startswith("qcdc: ")
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_a_pdf_for_dates_given(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "q1.pdf"
    result = report(db, "--from", "2024-01-01", "--to", "2024-03-31", "--out", str(out), "--date", "2024-04-05")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"Báo cáo từ 01/01/2024 đến 31/03/2024: 3 hội nghị, 6 ý kiến, 5 nhiệm vụ. "
                             f"Đã ghi ra {out}.\n")
    assert line_with(out, "/BC-UBND").endswith("Ba Đình, ngày 05 tháng 4 năm 2024")
    assert "từ ngày 01/01/2024 đến ngày 31/03/2024" in " ".join(lines(out, 1))


def test_a_workbook_for_a_period_with_cut_off_day_15_in_english(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "q1.xlsx"
    result = report(db, "--period", "2024-Q1", "--cutoff-day", "15", "--out", str(out), lang="en")
    assert result.returncode == 0, result.stderr
    assert "15/12/2023 - 14/03/2024: 3 meetings, 6 opinions" in result.stdout
    summary = {r[0]: r[1] for r in load_workbook(out)["Summary of the figures"].iter_rows(min_row=4, values_only=True)}
    assert summary["Participants"] == 210 and summary["Meetings held"] == 3


def test_csv(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "year.csv"
    assert report(db, "--period", "2024-03", "--out", str(out)).returncode == 0
    assert "Số hội nghị đã tổ chức,1" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args, words", [
    (("--from", "2024-03-31", "--to", "2024-01-01"), ("kết thúc (2024-01-01) trước khi bắt đầu (2024-03-31)",)),
    (("--period", "2024-Q5"), ("2024-Q5", "2026-Q1")),
    (("--from", "2024-01-01"), ("--period",)),
    (("--period", "2024", "--from", "2024-01-01"), ("--period",)),
])
def test_a_bad_period_is_refused_and_nothing_is_written(db: Path, tmp_path: Path, args: tuple, words: tuple) -> None:
    out = tmp_path / "bad.pdf"
    refused(report(db, *args, "--out", str(out)), *words)
    assert list(tmp_path.iterdir()) == []


def test_a_word_file_of_the_report(db: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "report.docx"
    assert report(db, "--period", "2024-Q1", "--out", str(out), "--date", "2024-04-05").returncode == 0
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert any(p.startswith("Kết quả tổ chức hội nghị") or "01/01/2024" in p for p in paragraphs), paragraphs
    assert Document(str(out)).inline_shapes, "the charts are pictures"


def test_a_bad_destination_is_refused(db: Path, tmp_path: Path) -> None:
    refused(report(db, "--period", "2024", "--out", str(tmp_path / "report.odt")), ".pdf, .docx, .xlsx")
    refused(report(db, "--period", "2024", "--out", str(tmp_path / "no" / "r.pdf")), "không tồn tại")
    refused(report(tmp_path / "missing.db", "--period", "2024", "--out", str(tmp_path / "r.pdf")))
    assert list(tmp_path.iterdir()) == []


def test_the_issuer_of_the_report(db: Path, tmp_path: Path) -> None:
    """--issuer party prints the commune's Party committee's report; a board of the provincial Party
    committee is refused at a commune, and a board's way of signing with the People's Committee."""
    out = tmp_path / "party.pdf"
    result = report(db, "--period", "2024-Q1", "--out", str(out), "--issuer", "party")
    assert result.returncode == 0, result.stderr
    assert "Số -BC/ĐU" in " ".join(lines(out, 1)) and "ĐẢNG ỦY PHƯỜNG BA ĐÌNH" in " ".join(lines(out, 1))
    refused(report(db, "--period", "2024-Q1", "--out", str(tmp_path / "b.pdf"), "--issuer", "board_internal"),
            "board_internal", "ubnd (Ủy ban nhân dân phường Ba Đình); party (Ban Thường vụ Đảng ủy phường Ba Đình)")
    refused(report(db, "--period", "2024-Q1", "--out", str(tmp_path / "c.pdf"), "--sign-as", "board_head"),
            "board_head", "tm (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)", "party_kt (K/T BÍ THƯ / PHÓ BÍ THƯ)")
    assert not (tmp_path / "b.pdf").exists() and not (tmp_path / "c.pdf").exists()


def test_a_province_s_report_issued_by_its_internal_affairs_board(tmp_path: Path) -> None:
    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit("25", "upper"), ADMIN, RECOVERY_CODE):
        pass
    out = tmp_path / "bnc.pdf"
    result = report(path, "--period", "2024-Q1", "--out", str(out), "--issuer", "board_internal", "--sign-as",
                    "board_kt")
    assert result.returncode == 0, result.stderr
    text = " ".join(lines(out))
    assert "BAN NỘI CHÍNH" in text and "Số -BC/BNCTU" in text and "K/T TRƯỞNG BAN" in text
    refused(report(path, "--period", "2024-Q1", "--out", str(tmp_path / "x.pdf"), "--issuer", "board_internal",
                   "--sign-as", "tm"), "board_head", "board_kt")

"""The printed recovery sheet: one page with the office, the data file, who made it and when, the
recovery code read back exactly, the instructions, room for the signatures, the stamp and the seal;
embedded fonts; the same bytes for the same data; and a code that cannot be one refused before
anything is written."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
from pathlib import Path

import pytest

from pdfcheck import fonts, line_with, lines, needs_poppler, outside_text_area, page_count
from qcdc_desktop.core.errors import RecoveryCodeInvalid
from qcdc_desktop.core.filekey import format_recovery_code, normalize_recovery_code
from qcdc_desktop.printing.recovery import write_recovery_sheet

pytestmark = needs_poppler

CODE = "7KQ2-M9XD-0A1B-WWMM-J1T7-HHKQ-3P3F"
SHEET = dict(unit_name="Xã An Bình", unit_code="05425", file_name="xa-an-binh.db", code=CODE,
             made_on=dt.date(2026, 3, 2), made_by="Nguyễn Thị Thu Hà", prefer_system_fonts=False)
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def widest_code() -> str:
    """A valid code of the widest letters: 26 W and whichever two check characters fit."""
    for pair in itertools.product(ALPHABET, repeat=2):
        try:
            return format_recovery_code(normalize_recovery_code("W" * 26 + "".join(pair)))
        except RecoveryCodeInvalid:
            continue
    raise AssertionError("no check characters fit")


def test_the_sheet_gives_back_the_code_exactly_and_says_whose_it_is(tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    write_recovery_sheet(pdf, **SHEET)
    assert page_count(pdf) == 1
    first, second = line_with(pdf, "7KQ2"), line_with(pdf, "J1T7")
    assert (first, second) == ("7KQ2-M9XD-0A1B-WWMM", "J1T7-HHKQ-3P3F")
    assert f"{first}-{second}" == CODE
    text = " ".join(lines(pdf))
    for words in ("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "PHIẾU MÃ KHÔI PHỤC DỮ LIỆU", "Đơn vị: Xã An Bình",
                  "Mã đơn vị: 05425", "Tệp dữ liệu: xa-an-binh.db", "Ngày lập: 02/03/2026",
                  "Người lập: Nguyễn Thị Thu Hà", "két sắt", "mở được toàn bộ dữ liệu của cơ quan",
                  "tạo mã khôi phục mới", "hủy phiếu này", "không thể hiển thị lại", "THỦ TRƯỞNG CƠ QUAN",
                  "(Ký, ghi rõ họ tên và đóng dấu)", "Niêm phong ngày ..../..../........"):
        assert words in text, words
    assert all(f["emb"] == "yes" for f in fonts(pdf))
    assert outside_text_area(pdf) == []


def test_the_code_is_on_the_page_only_not_in_the_file_properties(tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    write_recovery_sheet(pdf, **SHEET)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Phiếu mã khôi phục – Xã An Bình" in info
    assert "7KQ2" not in info and "3P3F" not in info


def test_the_widest_code_stays_on_two_lines_within_the_margins(tmp_path: Path) -> None:
    code = widest_code()
    pdf = tmp_path / "wide.pdf"
    write_recovery_sheet(pdf, **{**SHEET, "code": code})
    assert page_count(pdf) == 1
    assert outside_text_area(pdf) == []
    groups = code.split("-")
    assert line_with(pdf, "WWWW-WWWW") == "-".join(groups[:4])
    assert line_with(pdf, groups[6]) == "-".join(groups[4:])


def test_a_code_as_typed_is_printed_in_its_groups(tmp_path: Path) -> None:
    write_recovery_sheet(tmp_path / "a.pdf", **SHEET)
    write_recovery_sheet(tmp_path / "b.pdf", **{**SHEET, "code": "7kq2 m9xd 0a1b wwmm j1t7 hhkq 3p3f"})
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_the_same_sheet_gives_the_same_bytes(tmp_path: Path) -> None:
    write_recovery_sheet(tmp_path / "a.pdf", **SHEET)
    write_recovery_sheet(tmp_path / "b.pdf", **SHEET)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    write_recovery_sheet(tmp_path / "c.pdf", **{**SHEET, "code": widest_code()})
    assert (tmp_path / "c.pdf").read_bytes() != (tmp_path / "a.pdf").read_bytes()


@pytest.mark.parametrize("code", [
    "7KQ2-M9XD-0A1B-WWMM-J1T7-HHKQ-3P3G",  # a check character changed: a typing mistake
    "7KQ2-M9XD-0A1B-WWMM-J1T7-HHKQ",  # too short
    "7KQ2-M9XD-0A1B-WWMM-J1T7-HHKQ-3P3F-0000",  # too long
    "UKQ2-M9XD-0A1B-WWMM-J1T7-HHKQ-3P3F",  # U is not in the alphabet
    "",
])
def test_a_text_that_is_not_a_code_is_refused_and_nothing_is_written(tmp_path: Path, code: str) -> None:
    out = tmp_path / "sheet.pdf"
    with pytest.raises(ValueError):
        write_recovery_sheet(out, **{**SHEET, "code": code})
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []

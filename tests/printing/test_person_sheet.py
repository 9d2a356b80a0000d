"""The citizen's sheet (printing/person_sheet.py, work/person.py): the PDF in the Decree 30 format
holds the person's own opinions with their phone in full and the records that name them, and
nothing of another person; the JSON says the same as data, canonically; both written whole."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import add_to, full_meeting
from pdfcheck import fonts, needs_poppler, outside_text_area
from qcdc_desktop.core.errors import OutputFileError
from qcdc_desktop.core.personal import Person
from qcdc_desktop.core.serialize import canonical_text
from qcdc_desktop.work.person import found_in, write_sheet

TODAY = dt.date(2026, 12, 6)


def _never() -> bool:
    return False


def _found(store, person: Person):
    first = full_meeting()
    second = full_meeting(title="Hội nghị đối thoại về giao thông", held_on="2024-03-12", announced_on=None,
                          publications=[])
    second["opinions"] = [dict(second["opinions"][1], content="Đồng ý với ý kiến của bà Trần Thị Bình về đường.")]
    second["conclusions"] = [dict(second["conclusions"][0], opinions=[1])]
    add_to(store, first, second)
    return found_in(store, person, TODAY, progress=lambda done, total: None, cancelled=_never)


def _flat(pdf: Path) -> str:
    """The text in the order it was written (a table cell by cell), spaces squeezed."""
    read = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60)
    return re.sub(r"\s+", " ", read.stdout)


@needs_poppler
def test_the_sheet_holds_the_person_s_opinions_and_nobody_else_s(store, tmp_path: Path) -> None:
    found = _found(store, Person("Trần Thị Bình"))
    pdf = write_sheet(found, tmp_path / "phieu.pdf")
    flat = _flat(pdf)
    assert "PHIẾU CUNG CẤP THÔNG TIN DỮ LIỆU CÁ NHÂN" in flat and "Kính gửi: Ông/Bà Trần Thị Bình" in flat
    assert "0912 345 678" in flat  # the citizen's own phone, in full
    assert "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ" in flat
    assert "UBND xã sẽ hoàn thiện hồ sơ trong quý II" in flat and "Đất đai" in flat
    assert "Nội dung ý kiến tại Hội nghị đối thoại về giao thông (ngày 12/03/2024)" in flat  # a record that names her
    assert "Phạm Văn Đức" not in flat and "Đường liên thôn xuống cấp" not in flat  # another person's opinion
    assert "91/2025/QH15" in flat and "TM. ỦY BAN NHÂN DÂN" in flat and "Số điện thoại không được gửi" in flat
    assert all(f["emb"] == "yes" for f in fonts(pdf))
    assert outside_text_area(pdf) == []


@needs_poppler
def test_a_sheet_of_someone_not_held_says_so(store, tmp_path: Path) -> None:
    found = _found(store, Person("Hoàng Văn Xuân"))
    flat = _flat(write_sheet(found, tmp_path / "phieu.pdf"))
    assert "không lưu ý kiến, kiến nghị nào do Ông/Bà phát biểu" in flat and "Trần Thị Bình" not in flat


def test_the_json_says_the_same_as_data_canonically(store, tmp_path: Path) -> None:
    found = _found(store, Person("Trần Thị Bình", "0912345678"))
    path = write_sheet(found, tmp_path / "phieu.json")
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == canonical_text(data) + "\n"
    assert data["person"] == {"name": "Trần Thị Bình", "phone": "0912345678"}
    (opinion,) = data["opinions"]
    assert opinion["phone"] == "0912 345 678" and opinion["field"] == {"code": "land", "label": "Đất đai"}
    assert opinion["meeting"]["held_on"] == "2024-03-05" and opinion["hamlet"] == "Thôn 3"
    assert [m["fields"] for m in data["mentions"]] == [["content"]]
    assert data["history"]["changes"] >= 1 and data["office"]["code"] == "00004"
    assert set(data["explanations"]) == {"purpose", "who_sees", "where_it_goes", "how_long", "your_rights"}
    assert "Phạm Văn Đức" not in text


@pytest.mark.parametrize("name", ["phieu.txt", "phieu"])
def test_another_suffix_is_refused_and_nothing_is_written(store, tmp_path: Path, name: str) -> None:
    found = _found(store, Person("Trần Thị Bình"))
    before = sorted(tmp_path.iterdir())
    with pytest.raises(OutputFileError):
        write_sheet(found, tmp_path / name)
    assert sorted(tmp_path.iterdir()) == before

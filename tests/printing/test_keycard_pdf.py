"""The printed key card: one page with the unit, its code and level, the date and the fingerprint
as the other office reads it, embedded fonts, and the same bytes for the same data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pdfcheck import fonts, line_with, lines, needs_poppler, page_count
from qcdc_desktop.printing.keycard import write_key_card

pytestmark = needs_poppler

CARD = dict(unit_name="Xã An Bình", unit_code="05425", role="commune", fingerprint="RJ2KJ-HRCDH-CNWT2-4GTYC",
            made_on=dt.date(2026, 3, 2), prefer_system_fonts=False)


def test_the_key_card_says_who_and_which_key(tmp_path: Path) -> None:
    pdf = tmp_path / "card.pdf"
    write_key_card(pdf, **CARD)
    assert page_count(pdf) == 1
    assert line_with(pdf, "RJ2KJ") == "RJ2KJ-HRCDH-CNWT2-4GTYC"
    text = " ".join(lines(pdf))
    for words in ("XÃ AN BÌNH", "PHIẾU KHÓA ĐỒNG BỘ DỮ LIỆU", "Đơn vị: Xã An Bình", "Mã đơn vị: 05425",
                  "Cấp: Cấp xã", "Ngày lập: 02/03/2026", "THỦ TRƯỞNG CƠ QUAN"):
        assert words in text, words
    assert all(f["emb"] == "yes" for f in fonts(pdf))


def test_the_same_card_gives_the_same_bytes(tmp_path: Path) -> None:
    write_key_card(tmp_path / "a.pdf", **CARD)
    write_key_card(tmp_path / "b.pdf", **CARD)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    write_key_card(tmp_path / "c.pdf", **{**CARD, "fingerprint": "00000-HRCDH-CNWT2-4GTYC"})
    assert (tmp_path / "c.pdf").read_bytes() != (tmp_path / "a.pdf").read_bytes()

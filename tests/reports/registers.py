"""Registers made the way commune staff make them, built with openpyxl for the tests: merged
title rows, a two-row merged heading, the column numbers' row, abbreviations, "Tổng cộng" rows,
blank rows, dates as Excel dates and as text, NFD text, cells typed in the legacy TCVN3/VNI
fonts, quarter sheets, two meetings on one day, and the task columns."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

TITLE = ("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "SỔ TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CÔNG DÂN")
# Two-row heading: (upper, lower) per column; an upper written once over several columns is merged.
HEADING = [("STT", None), ("Hội nghị", "Ngày"), (None, "Hình thức"), (None, "Địa điểm"), (None, "Chủ trì"),
           ("Ý kiến, kiến nghị", "Họ và tên"), (None, "Thôn, xóm"), (None, "Lĩnh vực"), (None, "Nội dung"),
           ("Trả lời tại hội nghị", None), ("Nội dung trả lời", None), ("Đơn vị chịu trách nhiệm", None),
           ("Thời hạn", None), ("Kết quả", None)]
CHAIR = "Đ/c Nguyễn Văn An, Chủ tịch UBND xã"
FIELDS = ["GPMB", "ANTT", "CSXH", "Chính sách", "An ninh trật tự", "Nông nghiệp", "Đất đai", "giao thong"]
KINDS = ["Đối thoại định kỳ", "Tiếp công dân", "Tiếp xúc cử tri"]


def meeting_rows(day: dt.date, kind: str, place: str, opinions: int, *, answered_every: int = 2,
                 task_every: int = 3, text_date: bool = False, seed: int = 0) -> list[list[object]]:
    """The rows of one meeting: its columns written on the first row only (as merged cells read
    in other tools), an opinion per row, some answered (x), some given to a body with a deadline."""
    rows = []
    for i in range(opinions):
        n = seed + i
        answered = n % answered_every == 0
        task = not answered and n % task_every == 0
        first = i == 0
        rows.append([
            None, (day.strftime("%d/%m/%Y") if text_date else dt.datetime(day.year, day.month, day.day)) if first else None,
            kind if first else None, place if first else None, CHAIR if first else None,
            f"Người dân {n}", f"Thôn {n % 5 + 1}", FIELDS[n % len(FIELDS)], f"Đề nghị giải quyết việc số {n} của thôn.",
            "x" if answered else None, f"UBND xã đã trả lời việc {n}." if answered else None,
            "Công chức Địa chính" if task else None,
            (day + dt.timedelta(days=30)).strftime("%d/%m/%Y") if task else None,
            "Đang giải quyết" if task else None,
        ])
    return rows


def write_sheet(sheet: Worksheet, meetings: list[list[list[object]]], *, total: bool = True) -> None:
    width = len(HEADING)
    for r, text in enumerate(TITLE, start=1):
        sheet.cell(r, 1, text)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    top, bottom = 4, 5
    c = 1
    while c <= width:
        upper, lower = HEADING[c - 1]
        if lower is None:  # one heading over both rows
            sheet.cell(top, c, upper)
            sheet.merge_cells(start_row=top, start_column=c, end_row=bottom, end_column=c)
            c += 1
            continue
        end = c
        while end < width and HEADING[end][0] is None and HEADING[end][1] is not None:
            end += 1
        sheet.cell(top, c, upper)
        if end > c:
            sheet.merge_cells(start_row=top, start_column=c, end_row=top, end_column=end)
        for k in range(c, end + 1):
            sheet.cell(bottom, k, HEADING[k - 1][1])
        c = end + 1
    for k in range(1, width + 1):
        sheet.cell(6, k, f"({k})")  # the column numbers' row
    row = 7
    number = 0
    for rows in meetings:
        for values in rows:
            number += 1
            values = [number, *values[1:]]
            for k, v in enumerate(values, start=1):
                sheet.cell(row, k, v)
            row += 1
        row += 1  # a blank row after each meeting
    if total:
        sheet.cell(row, 1, "Tổng cộng")
        sheet.cell(row, 9, number)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def build(path: Path, sheets: dict[str, list[list[list[object]]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, meetings in sheets.items():
        write_sheet(book.create_sheet(name), meetings)
    book.save(path)
    return path

"""Meetings and register entries to print, as plain records (no data file needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from qcdc_desktop.core.model import Meeting, Opinion, Person, RegisterEntry, Task, Unit
from qcdc_desktop.core.notice import NoticeSettings, default_recipients
from qcdc_desktop.core.wording import summary_line
from qcdc_desktop.printing.documents import render_document
from qcdc_desktop.printing.fonts import document_fonts

AN_BINH = Unit("05425", "Xã An Bình", "commune", "25", "Tỉnh Phú Thọ")


def meeting(**changes: object) -> Meeting:
    """A concluded dialogue of Xã An Bình with opinions in three fields and two conclusions."""
    m = Meeting(
        id="05425-MEETING", kind="dialogue", track="state", held_on=dt.date(2026, 3, 2),
        title="Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2026", place="Hội trường UBND xã",
        chair="Nguyễn Văn An", chair_title="Chủ tịch UBND xã", starts_at="08:00", ends_at="11:30",
        co_chairs=[Person("Lê Thị Hòa", "Chủ tịch Ủy ban MTTQ Việt Nam xã")],
        coordinating="Ủy ban MTTQ Việt Nam xã An Bình", participants=120, status="concluded",
        minutes="Hội nghị có 120 đại biểu và Nhân dân tham dự.", secretary="Vũ Thị Lan",
        conclusion="Chủ tịch UBND xã ghi nhận, tiếp thu các ý kiến của Nhân dân.",
        opinions=[
            Opinion("Trần Thị Bình", "land", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ.",
                    address="Thôn Đông", answered=True, answer="UBND xã sẽ hoàn thiện hồ sơ trong quý II.",
                    outcome="answered"),
            Opinion("Phạm Văn Đức", "land", "Đề nghị công khai quy hoạch sử dụng đất.", address="Thôn Tây",
                    outcome="commune_task"),
            Opinion("Hoàng Văn Nam", "transport", "Đường liên thôn xuống cấp, đề nghị sửa chữa.",
                    address="Thôn Đông", outcome="forwarded"),
        ],
        conclusions=[
            Task("Hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ dân Thôn Đông.",
                 "Công chức Địa chính - Xây dựng", deadline=dt.date(2026, 4, 30), coordinating="Trưởng thôn"),
            Task("Khảo sát, lập phương án sửa chữa đường liên thôn.", "Phòng Kinh tế", deadline=dt.date(2026, 6, 15)),
        ],
    )
    return dataclasses.replace(m, **changes)


def party_meeting(**changes: object) -> Meeting:
    return meeting(kind="contact", track="party", chair="Đỗ Minh Quân", chair_title="Bí thư Đảng ủy xã",
                   **changes)


def entry(m: Meeting, unit: Unit = AN_BINH, **changes: object) -> RegisterEntry:
    """Notice number 05 (or 12 on the Party track) of 5 March 2026, signed by the chair."""
    party = m.track == "party"
    doc_type = str(changes.get("doc_type", "TB"))
    e = RegisterEntry(
        year=2026, number=12 if party else 5, doc_type=doc_type, issuer="ĐU" if party else "UBND",
        issued_on=dt.date(2026, 3, 5), meeting_id=m.id, signer=m.chair, summary=summary_line(m, doc_type),
        authority="party_tm" if party else "tm", place="An Bình",
        recipients=default_recipients(m.track, doc_type, unit.name, unit.province_name), secretary=m.secretary,
        id="05425-ENTRY")
    return dataclasses.replace(e, **changes)


def render(tmp_path: Path, m: Meeting, e: RegisterEntry, name: str = "document.pdf", *,
           unit: Unit = AN_BINH, settings: NoticeSettings | None = None, **kwargs: object) -> Path:
    """Render with the shipped fonts (the same on every machine); return the file."""
    out = tmp_path / name
    render_document(m, e, unit=unit, settings=settings or NoticeSettings(), out=out,
                    fonts=document_fonts(prefer_system=False), **kwargs)  # type: ignore[arg-type]
    return out

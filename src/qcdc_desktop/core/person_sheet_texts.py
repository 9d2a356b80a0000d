"""The paragraphs of the citizen's sheet (core/person_sheet.py) that explain the data held: why it
is held, who sees it, where it goes, how long it is kept and how to ask for a correction or an
erasure.  In Vietnamese whatever the language of the interface: they are part of a document the
office signs, and the JSON carries the same words.  Nothing here reads a file.
"""

from __future__ import annotations

#: The headings of the explanations, in the order the sheet prints them.
HEADINGS: dict[str, str] = {
    "purpose": "Mục đích lưu giữ, xử lý dữ liệu",
    "who_sees": "Người được xem dữ liệu",
    "where_it_goes": "Nơi dữ liệu được chuyển đến",
    "how_long": "Thời gian lưu giữ",
    "your_rights": "Quyền của Ông/Bà và cách đề nghị chỉnh sửa, xóa dữ liệu",
}


def _unit_phrase(unit_name: str) -> str:
    """"Ủy ban nhân dân xã An Bình"."""
    return f"Ủy ban nhân dân {unit_name[:1].lower()}{unit_name[1:]}" if unit_name else "Ủy ban nhân dân"


def paragraphs(unit_name: str, backups_kept: int, retention_years: int, phones_sent: bool) -> dict[str, list[str]]:
    """The explanations of the sheet, by heading key, each a list of paragraphs: as the office's
    settings are on the day (its retention period, whether phone numbers go to the upper level)."""
    office = _unit_phrase(unit_name)
    return {
        "purpose": [
            f"{office} ghi nhận ý kiến, kiến nghị của công dân tại các hội nghị đối thoại và tiếp xúc với "
            "Nhân dân để tổng hợp, trả lời, giao nhiệm vụ giải quyết và theo dõi kết quả giải quyết, theo quy "
            "định của pháp luật về thực hiện dân chủ ở cơ sở. Họ tên, nơi ở và nội dung ý kiến được ghi để trả "
            "lời đúng người, đúng việc; số điện thoại được ghi để liên hệ thông báo kết quả giải quyết. Dữ liệu "
            "không được dùng vào mục đích khác, không cung cấp cho tổ chức, cá nhân khác, trừ trường hợp pháp luật "
            "quy định.",
        ],
        "who_sees": [
            "Chỉ người có tài khoản của phần mềm tại cơ quan được xem dữ liệu, theo vai trò được giao: quản trị, "
            "lãnh đạo và công chức (văn thư, công chức được giao theo dõi) xem đầy đủ để ghi chép, trả lời và "
            "theo dõi ý kiến; tài khoản chỉ xem (đoàn kiểm tra, Ủy ban Mặt trận Tổ quốc, Ban Thanh tra nhân dân) "
            "xem được nội dung ý kiến và kết quả trả lời, nhưng số điện thoại bị che, chỉ hiện ba chữ số cuối. "
            "Mọi thay đổi được ghi vào nhật ký của phần mềm; tệp dữ liệu và các bản sao lưu được mã hóa.",
        ],
        "where_it_goes": [
            "Ý kiến, kiến nghị và kết quả giải quyết được gửi lên cơ quan cấp trên để tổng hợp, trả lời những "
            "kiến nghị thuộc thẩm quyền cấp trên, trong các gói dữ liệu được ký số và mã hóa, chỉ cơ quan nhận "
            "mới đọc được. " + ("Số điện thoại được gửi kèm theo cài đặt của cơ quan." if phones_sent else
                                "Số điện thoại không được gửi kèm."),
        ],
        "how_long": [
            "Dữ liệu được lưu giữ trong thời gian cần thiết để giải quyết, theo dõi ý kiến, kiến nghị; khi ý kiến "
            f"đã giải quyết xong quá {retention_years} năm (thời hạn lưu trữ của cơ quan), họ tên, số điện thoại "
            "của người nêu ý kiến được xóa khỏi phần mềm. Dữ liệu đã xóa còn trong "
            f"{backups_kept} bản sao lưu gần nhất cho đến khi các bản này được thay thế.",
        ],
        "your_rights": [
            "Ông/Bà có quyền được biết, đề nghị chỉnh sửa dữ liệu không chính xác, đề nghị xóa dữ liệu, hạn chế "
            "hoặc phản đối việc xử lý dữ liệu của mình theo Luật Bảo vệ dữ liệu cá nhân. Ông/Bà (hoặc người đại "
            f"diện) gửi yêu cầu trực tiếp hoặc bằng văn bản đến {office}; yêu cầu được ghi vào sổ theo dõi yêu "
            "cầu về dữ liệu cá nhân và được trả lời.",
            "Khi xóa, họ tên, số điện thoại và nội dung ý kiến được thay bằng ghi chú “đã xóa theo yêu cầu”; nơi ở "
            "và lĩnh vực được giữ lại để thống kê; văn bản đã ban hành được giữ nguyên theo quy định về lưu trữ.",
        ],
    }

"""The history told in words (core/history_words.py): every column the triggers note has its label,
every kind of record and every kind of change gives sentences in Vietnamese and in English, codes
show as their labels, dates as dd/mm/yyyy, long texts shortened in a sentence and whole beside it,
an erased value and the program itself said so; events (a bundle applied, a backup, a restore, the
start of the history) in their own sentences."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from qcdc_desktop import l10n
from qcdc_desktop.core.history import DELETE, ERASED, EVENT, INSERT, UPDATE, Entry
from qcdc_desktop.core.history_labels import FIELDS, KINDS, field_label
from qcdc_desktop.core.history_format import shorten
from qcdc_desktop.core.history_subjects import Subjects
from qcdc_desktop.core.history_words import describe, described, detail_lines, field_changes, sentences
from qcdc_desktop.core.model import Meeting, Opinion, Task
from qcdc_desktop.db.schema_history import HISTORY_TRACKED

LAN = ("lan.nt", "Nguyễn Thị Lan")
OFFICES = {"05425": "Xã An Bình", "25": "Tỉnh Phú Thọ"}.get

# A value before and after for every column the history notes, as the triggers store them.
SAMPLES: dict[str, dict[str, tuple[Any, Any]]] = {
    "meetings": {
        "kind": ("dialogue", "thematic"), "track": ("state", "party"), "held_on": ("2026-03-05", "2026-03-06"),
        "starts_at": ("08:00", "14:00"), "ends_at": ("11:00", "17:00"),
        "title": ("Hội nghị đối thoại năm 2026", "Hội nghị đối thoại chuyên đề đất đai năm 2026"),
        "place": ("Hội trường UBND xã", "Nhà văn hóa thôn 3"), "scope": ('["Thôn 1"]', '["Thôn 1", "Thôn 3"]'),
        "mode": ("in_person", "online"), "chair": ("Nguyễn Văn An", "Trần Văn Cường"),
        "chair_title": ("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"),
        "co_chairs": ("[]", '[{"name": "Lê Thị Hoà", "title": "Chủ tịch Ủy ban MTTQ xã"}]'),
        "coordinating": ("", "Ủy ban MTTQ xã"), "participants": (80, 120), "announced_on": (None, "2026-02-20"),
        "minutes": ("Có 2 ý kiến.", "Có 3 ý kiến."), "conclusion": ("", "Giao các cơ quan giải quyết."),
        "status": ("held", "concluded"), "secretary": ("", "Vũ Thị Lan"),
    },
    "opinions": {
        "meeting_id": ("M1", "M1"), "position": (3, 3), "speaker": ("Trần Văn Bảy", "Trần Văn Bảy"),
        "address": ("Thôn 3", "Thôn 4"), "phone": ("0912 345 678", "0912 345 679"),
        "on_behalf_of": ("", "12 hộ dân"), "field": ("land", "transport"),
        "content": ("Đường hỏng.", "Đường liên thôn hỏng nặng."), "answered": (0, 1),
        "answer": ("", "Xã sẽ sửa trong quý II."), "outcome": (None, "answered"),
    },
    "tasks": {
        "meeting_id": ("M1", "M1"), "position": (1, 1), "content": ("Sửa đường.", "Sửa đường liên thôn."),
        "assignee": ("Công chức Địa chính", "Trưởng thôn 3"), "deadline": ("2026-04-30", "2026-05-15"),
        "coordinating": ("", "Công an xã"), "opinions": ("[1]", "[1, 3]"), "state": ("open", "done"),
        "result": ("", "Đã sửa xong."), "completed_on": (None, "2026-05-02"), "reply_doc": ("", "45/UBND-VP"),
    },
    "publications": {
        "meeting_id": ("M1", "M1"), "position": (1, 1), "method": ("posted_hq", "loudspeaker"),
        "published_on": ("2026-03-10", "2026-03-11"), "ends_on": (None, "2026-04-10"), "note": ("", "Đọc 3 buổi"),
    },
    "officials": {
        "name": ("Nguyễn Văn An", "Nguyễn Văn An"), "title": ("Phó Chủ tịch UBND xã", "Chủ tịch UBND xã"),
        "track": ("state", "party"), "active": (1, 0),
    },
    "register_entries": {
        "year": (2026, 2026), "number": (5, 5), "doc_type": ("TB", "TB"), "issuer": ("UBND", "UBND"),
        "sequence_key": ("unit", "unit"), "issued_on": ("2026-03-08", "2026-03-09"), "meeting_id": ("M1", "M1"),
        "signer": ("Nguyễn Văn An", "Trần Văn Cường"), "summary": ("Kết luận của Chủ tịch", "Kết luận mới"),
        "cancelled": (0, 1), "authority": ("tm", "kt"), "place": ("An Bình", "Xã An Bình"),
        "recipients": ('["UBND huyện"]', '["UBND tỉnh", "Lưu: VT"]'), "secretary": ("", "Lê Thị Thu"),
        "fingerprint": ("ab" * 32, "cd" * 32), "replaces": (None, "R0"), "superseded_by": (None, "R2"),
    },
    "messages": {
        "commune": ("05425", "05425"), "kind": ("directive", "directive"), "opinion_id": (None, "O1"),
        "content": ("Báo cáo trước ngày 20/12.", "Báo cáo trước ngày 15/12."),
        "deadline": ("2026-12-20", "2026-12-15"), "issued_on": ("2026-12-01", "2026-12-02"),
    },
    "settings": {"value": ("Xã An Bình", "Xã An Bình mới")},
    "users": {
        "login": ("vanthu", "vanthu"), "full_name": ("Lê Văn Bảy", "Lê Văn Bảy"), "title": ("Văn thư", "Văn phòng"),
        "role": ("clerk", "leader"), "active": (1, 0), "must_change_password": (0, 1),
    },
    "sync_keys": {
        "sign_public": ("AB" * 32, "AB" * 32), "recv_public": ("age1" + "x" * 58, "age1" + "x" * 58),
        "created_at": ("2026-01-01T01:00:00+00:00", "2026-01-01T01:00:00+00:00"), "state": ("active", "retired"),
        "rotation": ("", "2026-06"),
    },
    "sync_peers": {
        "name": ("Tỉnh Phú Thọ", "Tỉnh Phú Thọ"), "role": ("upper", "upper"),
        "enrolled_at": ("2026-01-02T03:00:00+00:00", "2026-01-02T03:00:00+00:00"),
        "forked_at": (None, "2026-05-01T03:00:00+00:00"),
    },
    "sync_peer_keys": {
        "unit_code": ("25", "25"), "recv_public": ("age1" + "y" * 58, "age1" + "y" * 58),
        "fingerprint": ("1234 5678 9abc def0", "1234 5678 9abc def0"), "state": ("active", "revoked"),
        "trusted_at": ("2026-01-02T03:00:00+00:00", "2026-01-02T03:00:00+00:00"),
    },
}
RECORDS = {"settings": "unit_name", "sync_peers": "25", "sync_keys": "K1"}
CODES = {"dialogue", "thematic", "in_person", "online", "held", "concluded", "land", "transport", "answered",
         "posted_hq", "loudspeaker", "clerk", "leader", "retired", "revoked", "upper", "tm", "kt"}


def entry(kind: str, action: str, fields: dict[str, tuple[Any, Any]], *, by: tuple[str, str] = LAN,
          record: str = "R1", reason: str = "", meeting: str | None = None, at: str = "2026-03-05T07:20:00+00:00"
          ) -> Entry:
    """An entry as read back from the history: absent sides None, as core.history.read_entry gives."""
    sides = {name: (None if action == INSERT else before, None if action == DELETE else after)
             for name, (before, after) in fields.items()}
    return Entry(origin="05425", n=7, at=at, by=by[0], by_name=by[1], action=action, kind=kind, record=record,
                 meeting=meeting, reason=reason, group=7, fields=sides)


def test_every_column_the_history_notes_has_its_label_in_both_languages() -> None:
    assert set(FIELDS) == set(HISTORY_TRACKED) == set(KINDS)
    for kind, (_name, columns) in HISTORY_TRACKED.items():
        assert set(FIELDS[kind]) == set(columns), kind
        assert set(SAMPLES[kind]) == set(columns), kind
        for language in ("vi", "en"):
            l10n.set_language(language)
            for column in columns:
                label = field_label(kind, column)
                assert label and label != column, (kind, column, language)
    l10n.set_language("vi")
    assert field_label("opinions", "content") == "Nội dung ý kiến"  # the entry form's own label
    assert field_label("settings", "value", "unit_name") == "Tên đơn vị"  # a setting named by the setting


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", sorted(HISTORY_TRACKED))
@pytest.mark.parametrize("action", [INSERT, UPDATE, DELETE])
def test_every_kind_and_action_reads_as_sentences(kind: str, action: str, language: str) -> None:
    l10n.set_language(language)
    fields = SAMPLES[kind]
    if action == UPDATE:  # an update holds the fields it changed
        fields = {name: pair for name, pair in fields.items() if pair[0] != pair[1]}
    e = entry(kind, action, fields, record=RECORDS.get(kind, "R1"))
    said = [describe(e, offices=OFFICES), *sentences(e, offices=OFFICES)]
    for sentence in said:
        assert sentence.startswith("Nguyễn Thị Lan ") and sentence.endswith("."), sentence
        assert sentence.count(".") >= 1 and "None" not in sentence
        assert not re.search(r"[{}\[\]]|\"", sentence), sentence  # never the stored JSON
        # Codes by their labels (in English some labels are the code's own word: "leader").
        assert language == "en" or not any(f"«{code}»" in sentence for code in CODES), sentence
    if action == UPDATE:
        assert len(sentences(e, offices=OFFICES)) == len([f for f in fields if f != "meeting_id"])
    changes = field_changes(e, offices=OFFICES)
    assert [c.name for c in changes] == [c for c in FIELDS[kind] if c in fields]  # the record's column order
    assert all(c.label != c.name for c in changes)
    lines = detail_lines(described(e, offices=OFFICES))
    assert lines and (language == "en" or all(not any(f"«{code}»" in line for code in CODES) for line in lines))


def _vi() -> None:
    l10n.set_language("vi")


def test_a_changed_opinion_in_vietnamese_as_the_panel_says_it() -> None:
    _vi()
    e = entry("opinions", UPDATE, {"content": ("Đường hỏng.", "Đường liên thôn hỏng nặng."),
                                   "field": ("land", "transport"), "answered": (0, 1)})
    assert sentences(e) == ["Nguyễn Thị Lan đổi Lĩnh vực từ «Đất đai» thành «Giao thông».",
                            "Nguyễn Thị Lan đổi Nội dung ý kiến từ «Đường hỏng.» thành «Đường liên thôn hỏng nặng.».",
                            "Nguyễn Thị Lan đổi Đã trả lời tại hội nghị từ «Không» thành «Có»."]
    assert describe(e) == ("Nguyễn Thị Lan đổi Lĩnh vực từ «Đất đai» thành «Giao thông»; Nội dung ý kiến từ «Đường "
                           "hỏng.» thành «Đường liên thôn hỏng nặng.»; Đã trả lời tại hội nghị từ «Không» thành «Có».")


def test_an_added_and_a_deleted_opinion_name_it_and_the_reason() -> None:
    _vi()
    fields = SAMPLES["opinions"]
    assert describe(entry("opinions", INSERT, fields)) == "Nguyễn Thị Lan thêm ý kiến số 3 của Trần Văn Bảy."
    deleted = entry("opinions", DELETE, fields, by=("hung.lv", "Lê Văn Hùng"), reason="Ghi trùng với ý kiến số 2")
    assert describe(deleted) == "Lê Văn Hùng xóa ý kiến số 3 của Trần Văn Bảy. Lý do: Ghi trùng với ý kiến số 2."
    assert sentences(deleted) == ["Lê Văn Hùng xóa ý kiến số 3 của Trần Văn Bảy.", "Lý do: Ghi trùng với ý kiến số 2."]
    # What the deletion took away, whole: the inspection reads the text the opinion had.
    lines = detail_lines(described(deleted))
    assert "Nội dung ý kiến: «Đường hỏng.»" in lines and "Người phát biểu: «Trần Văn Bảy»" in lines
    assert not any(line.startswith("Đại diện cho") for line in lines)  # empty fields are left out


def test_a_change_names_its_record_once_the_record_is_known() -> None:
    _vi()
    subjects = Subjects()
    subjects.learn(entry("opinions", INSERT, SAMPLES["opinions"]))
    later = entry("opinions", UPDATE, {"content": ("Đường hỏng.", "Đường hỏng nặng.")})
    assert describe(later, subjects=subjects) == ("Nguyễn Thị Lan sửa ý kiến số 3 của Trần Văn Bảy: Nội dung ý kiến từ "
                                                  "«Đường hỏng.» thành «Đường hỏng nặng.».")
    assert described(later, subjects).subject == "Ý kiến số 3 của Trần Văn Bảy"
    meeting = Meeting(kind="dialogue", held_on=__import__("datetime").date(2026, 3, 5), title="Hội nghị đối thoại",
                      place="Hội trường", chair="Nguyễn Văn An", chair_title="Chủ tịch UBND xã", id="M9",
                      opinions=[Opinion("Phạm Văn Đức", "land", "Đất.", id="O1")],
                      conclusions=[Task(content="Cấp giấy chứng nhận.", assignee="Địa chính", id="T1")])
    from_the_file = Subjects()
    from_the_file.learn_meeting(meeting)
    assert from_the_file.phrase("meetings", "M9") == "hội nghị «Hội nghị đối thoại» ngày 05/03/2026"
    assert from_the_file.phrase("opinions", "O1") == "ý kiến số 1 của Phạm Văn Đức"
    assert from_the_file.phrase("tasks", "T1") == "nhiệm vụ số 1 «Cấp giấy chứng nhận.»"


def test_codes_dates_numbers_and_lists_read_as_a_person_writes_them() -> None:
    _vi()
    said = " ".join(sentences(entry("tasks", UPDATE, {k: SAMPLES["tasks"][k] for k in
                                                      ("deadline", "state", "opinions", "completed_on")})))
    assert "Thời hạn từ «30/04/2026» thành «15/05/2026»" in said
    assert "Tình trạng từ «Chưa hoàn thành» thành «Đã hoàn thành»" in said
    assert "Ý kiến liên quan (số thứ tự) từ «1» thành «1, 3»" in said
    assert "Ngày hoàn thành từ (để trống) thành «02/05/2026»" in said
    meeting = " ".join(sentences(entry("meetings", UPDATE, {k: SAMPLES["meetings"][k] for k in
                                                            ("kind", "mode", "participants", "co_chairs")})))
    assert "Loại hội nghị từ «Đối thoại định kỳ của Chủ tịch UBND»" in meeting
    assert "Hình thức từ «Trực tiếp» thành «Trực tuyến»" in meeting
    assert "Số người tham dự từ «80» thành «120»" in meeting
    assert "Đồng chủ trì từ (để trống) thành «Lê Thị Hoà (Chủ tịch Ủy ban MTTQ xã)»" in meeting
    users = " ".join(sentences(entry("users", UPDATE, {"role": ("clerk", "leader"), "active": (1, 0)})))
    assert "Vai trò từ «công chức, văn thư» thành «lãnh đạo»" in users and "Tài khoản đang hoạt động từ «Có» thành «Không»" in users
    moment = sentences(entry("sync_peers", UPDATE, {"forked_at": (None, "2026-05-01T03:00:00+00:00")}))[0]
    assert re.search(r"«\d\d:\d\d 0[12]/05/2026»", moment)  # a moment on the office's clock


def test_a_long_text_is_shortened_in_the_sentence_and_whole_beside_it() -> None:
    _vi()
    long = "Đề nghị xã sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ dân ở Thôn 3, " * 3
    e = entry("opinions", UPDATE, {"content": ("Đường hỏng.", long.strip())})
    (sentence,) = sentences(e)
    assert "…»." in sentence and len(sentence) < 160
    (change,) = field_changes(e)
    assert change.after == long.strip()
    assert detail_lines(described(e), shortened_only=True) == [f"Nội dung ý kiến: «Đường hỏng.» → «{long.strip()}»"]
    assert shorten("một hai ba bốn năm sáu bảy tám chín mười", 20) == "một hai ba bốn năm…"


def test_an_erased_value_and_the_program_say_so() -> None:
    _vi()
    erased = entry("opinions", UPDATE, {"phone": (ERASED, "0912 345 679")})
    assert sentences(erased) == ["Nguyễn Thị Lan đổi Điện thoại (thông tin cá nhân) từ (đã xóa theo yêu cầu của người "
                                 "dân) thành «0912 345 679»."]
    program = entry("settings", INSERT, {"value": (None, "Xã An Bình")}, by=("", ""), record="unit_name")
    assert describe(program) == "Chương trình thêm cài đặt «Tên đơn vị»."
    assert described(program).who == "Chương trình"
    clerk_without_name = entry("meetings", DELETE, SAMPLES["meetings"], by=("vanthu", ""))
    assert describe(clerk_without_name).startswith("vanthu xóa hội nghị «Hội nghị đối thoại năm 2026» ngày 05/03/2026")
    named_as_logged_in = entry("meetings", DELETE, SAMPLES["meetings"], by=("vanthu", "vanthu"))
    assert describe(named_as_logged_in).startswith("vanthu xóa hội nghị")


def test_other_records_are_named_by_what_they_are() -> None:
    _vi()
    assert describe(entry("register_entries", INSERT, SAMPLES["register_entries"])) == \
        "Nguyễn Thị Lan thêm văn bản số 05/TB-UBND."
    cancelled = entry("register_entries", UPDATE, {"cancelled": (0, 1)}, reason="Ban hành nhầm")
    assert describe(cancelled) == "Nguyễn Thị Lan đổi Đã hủy từ «Không» thành «Có». Lý do: Ban hành nhầm."
    assert describe(entry("users", INSERT, SAMPLES["users"])) == "Nguyễn Thị Lan thêm tài khoản vanthu (Lê Văn Bảy)."
    assert describe(entry("officials", DELETE, SAMPLES["officials"])) == "Nguyễn Thị Lan xóa cán bộ Nguyễn Văn An."
    assert describe(entry("messages", INSERT, SAMPLES["messages"]), offices=OFFICES) == \
        "Nguyễn Thị Lan thêm chỉ đạo gửi Xã An Bình (05425)."
    assert describe(entry("sync_peers", INSERT, SAMPLES["sync_peers"], record="25"), offices=OFFICES) == \
        "Nguyễn Thị Lan thêm đơn vị đã ghi danh Tỉnh Phú Thọ (25)."
    assert describe(entry("sync_peer_keys", UPDATE, {"state": ("active", "revoked")})) == \
        "Nguyễn Thị Lan đổi Tình trạng khóa từ «đang hoạt động» thành «đã thu hồi»."


def _event(kind: str, record: str, values: dict[str, Any], by: tuple[str, str] = LAN) -> Entry:
    return entry(kind, EVENT, {name: (None, value) for name, value in values.items()}, by=by, record=record)


def test_events_in_vietnamese() -> None:
    _vi()
    bundle = _event("bundle_in", "B1", {"from": "05425", "number": 5, "base": 10, "upto": 52, "outcome": "applied",
                                        "created_at": "2026-03-05T01:00:00+00:00",
                                        "counts": {"meetings": 2, "opinions": 40, "tasks": 0}})
    assert describe(bundle, offices=OFFICES) == ("Nguyễn Thị Lan nhận gói dữ liệu số 5 của Xã An Bình (05425): "
                                                 "2 hội nghị, 40 ý kiến của người dân.")
    lines = detail_lines(described(bundle, offices=OFFICES))
    assert "Đơn vị gửi: Xã An Bình (05425)" in lines and "Kết quả nhập: đã cập nhật vào tệp" in lines
    nothing = _event("bundle_in", "B2", {"from": "05425", "number": 6, "outcome": "superseded", "counts": {}})
    assert describe(nothing, offices=OFFICES) == "Nguyễn Thị Lan nhận gói dữ liệu số 6 của Xã An Bình (05425): không có gì mới."
    assert describe(_event("backup", "b", {"file": "xa-2026-03-05.sqlite"})) == \
        "Nguyễn Thị Lan tạo bản sao lưu xa-2026-03-05.sqlite."
    assert describe(_event("restore", "r", {})) == "Nguyễn Thị Lan khôi phục tệp dữ liệu từ bản sao lưu."
    held = {"meetings": {"count": 24, "digest": "a" * 64}, "opinions": {"count": 380, "digest": "b" * 64},
            "tasks": {"count": 0, "digest": "c" * 64}}
    begin = _event("history", "begin", held, by=("", ""))
    assert describe(begin) == "Lịch sử bắt đầu: tệp có 24 hội nghị, 380 ý kiến của người dân."
    assert "Hội nghị: 24 (mã kiểm tra aaaaaaaaaaaa…)" in detail_lines(described(begin))
    assert describe(_event("history", "begin", {"meetings": {"count": 0, "digest": ""}}, by=("", ""))) == \
        "Lịch sử bắt đầu: tệp chưa có bản ghi nào."
    assert describe(_event("register_import", "x", {"rows": 3})) == \
        "Nguyễn Thị Lan ghi nhận sự kiện «register_import»."


def test_events_and_changes_in_english(english: None) -> None:
    bundle = _event("bundle_in", "B1", {"from": "05425", "number": 5, "counts": {"meetings": 1, "opinions": 2}})
    assert describe(bundle, offices=OFFICES) == ("Nguyễn Thị Lan applied bundle no. 5 from Xã An Bình (05425): "
                                                 "1 meeting, 2 opinions of citizens.")
    assert describe(_event("backup", "b", {})) == "Nguyễn Thị Lan made a backup of the data file."
    assert describe(_event("restore", "r", {"file": "x.sqlite"})) == \
        "Nguyễn Thị Lan restored the data file from the backup x.sqlite."
    assert describe(_event("history", "begin", {"opinions": {"count": 1, "digest": ""}}, by=("", ""))) == \
        "The history begins: the file held 1 opinion of citizens."
    e = entry("opinions", UPDATE, {"content": ("Đường hỏng.", "Đường hỏng nặng.")})
    assert sentences(e) == ["Nguyễn Thị Lan changed Opinion from «Đường hỏng.» to «Đường hỏng nặng.»."]
    assert describe(entry("opinions", DELETE, SAMPLES["opinions"], reason="A duplicate")) == \
        "Nguyễn Thị Lan deleted opinion no. 3 of Trần Văn Bảy. Reason: A duplicate."
    assert describe(entry("settings", UPDATE, {"value": ("1", "15")}, by=("", ""), record="report.cutoff_day")) == \
        "The program changed Reporting cut-off day from «1» to «15»."
    assert sentences(entry("opinions", UPDATE, {"phone": ("0912", ERASED)}))[0].endswith(
        "to (erased at the citizen's request).")


def test_the_words_never_show_the_stored_form_of_a_value() -> None:
    _vi()
    e = entry("meetings", INSERT, SAMPLES["meetings"])
    for line in detail_lines(described(e)):
        assert "[" not in line and "{" not in line, line
    assert json.dumps(SAMPLES["meetings"]["co_chairs"][1]) not in " ".join(detail_lines(described(e)))

"""An upper level's data file with many communes, for the tests of its lists and of a commune's
records shown there: Tỉnh Phú Thọ (25) with one meeting of its own (the oldest) and one meeting from
each of twelve of its communes, written as a commune's bundle brings them (under the commune's origin),
two of the communes enrolled.  What each list holds is worked out here by hand.

Every commune's meeting has two opinions (Trần Thị Bình on land, Phạm Văn Đức on the road) and two
conclusions: one done, one still open and overdue on TODAY (1 June 2024).  The meetings' dates go
the other way from the communes' names, so an order by commune is not an order by date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ADMIN, RECOVERY_CODE, TODAY, add_to, full_meeting

PROVINCE = "25"
PROVINCE_LABEL = "Tỉnh Phú Thọ (25)"

# The communes by name as a person reads them, diacritics aside (Phường before Xã, Đ as D): the
# order of the commune filter and of a list sorted by commune, after the province's own records.
COMMUNES = [
    ("04795", "Phường Hoà Bình"), ("04792", "Phường Tân Hoà"), ("05245", "Xã Bao La"), ("05089", "Xã Cao Phong"),
    ("04876", "Xã Cao Sơn"), ("04831", "Xã Đà Bắc"), ("04846", "Xã Đức Nhàn"), ("05068", "Xã Hợp Kim"),
    ("04978", "Xã Kim Bôi"), ("05212", "Xã Pà Cò"), ("05128", "Xã Tân Lạc"), ("05305", "Xã Yên Phú"),
]
LABELS = [f"{name} ({code})" for code, name in COMMUNES]
ENROLLED = ("05068", "04978")  # Hợp Kim and Kim Bôi: enrolled, a directive can go down to them


def meeting_of(index: int) -> dict:
    """The meeting of the commune at ``index`` of COMMUNES: the later in the names, the earlier."""
    held = dt.date(2024, 3, 30) - dt.timedelta(days=5 * index)
    day = lambda days: (held + dt.timedelta(days=days)).isoformat()  # noqa: E731
    return full_meeting(
        held_on=held.isoformat(), announced_on=day(-14), title="Hội nghị đối thoại với Nhân dân quý I năm 2024",
        publications=[{"method": "posted_hq", "published_on": day(5), "ends_on": day(35), "note": ""}],
        conclusions=[
            {"content": "Hoàn thiện hồ sơ cấp giấy chứng nhận cho 12 hộ.", "assignee": "Công chức Địa chính",
             "deadline": day(40), "opinions": [1], "state": "done", "result": "Đã cấp.", "completed_on": day(30)},
            {"content": "Sửa chữa đường liên thôn.", "assignee": "Công chức Giao thông", "deadline": day(45),
             "opinions": [2]},
        ])


def build(path: Path) -> dict[str, str]:
    """Make the file; return the id of each office's meeting, by the office's code."""
    from qcdc_desktop.core.ids import IdMaker
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db import sync_keys
    from qcdc_desktop.db.meetings import insert_meetings
    from qcdc_desktop.db.setup import init_store, resolve_unit

    ids: dict[str, str] = {}
    with init_store(path, resolve_unit(PROVINCE, "upper"), ADMIN, RECOVERY_CODE) as store:
        (ids[PROVINCE],) = add_to(store, {**meeting_of(len(COMMUNES)), "title": "Hội nghị của tỉnh"})
        with store.transaction() as conn:
            for index, (code, _name) in enumerate(COMMUNES):
                (meeting,) = parse_meetings([meeting_of(index)], today=TODAY)
                insert_meetings(conn, [meeting], origin=code, make_id=IdMaker(code))
                ids[code] = meeting.id or ""
        for code, name in COMMUNES:
            if code in ENROLLED:  # as its key card would enrol it (the keys are never used here)
                sync_keys.trust_peer_key(store, unit_code=code, name=name, role="commune", sign_public=code.encode(),
                                          recv_public=f"age1{code}", fingerprint=code, card="{}", retire_others=False)
    return ids

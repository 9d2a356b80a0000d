"""A small, hand-made set of meetings whose figures were counted by hand, for the statistics,
report and follow-up tests.  "Today" is conftest.TODAY, 1 June 2024.

    meeting  date        kind       track  chair title          people  opinions (field, hamlet, answered, outcome)
    M0       2023-12-31  dialogue   state  Chủ tịch UBND xã       30    security/TDP 3/yes/answered
    M1       2024-01-10  dialogue   state  Chủ tịch UBND xã      100    land/Thôn 1/yes/answered, land/Thôn 2/no/commune_task,
                                                                        transport/Thôn 1/no/forwarded
    M2       2024-02-15  contact    party  Bí thư Đảng ủy xã      80    environment/Thôn 2/yes/answered, land/-/no/none
    M3       2024-03-31  dialogue   state  Phó Chủ tịch UBND xã   50    health/Thôn 1/yes/answered
    M4       2024-04-01  reception  state  Chủ tịch UBND xã       20    land/Thôn 3/no/commune_task
    M5       2024-07-01  dialogue   state  (planned, announced 2024-06-28: 3 days before)
    M6       2024-08-01  dialogue   state  (planned, announced 2024-05-30: in time)

    tasks: M1 t1 due 2024-02-10 done 2024-02-05 (on time), t2 due 2024-02-10 done 2024-02-20 (late);
           M2 t3 due 2024-03-01 open (overdue), t4 due 2024-12-31 open (in progress), t5 dropped;
           M4 t6 due 2024-06-05 open (due in 4 days).
    publications: M1 on 2024-01-15 (in time), M3 on 2024-04-20 (late); no other.
"""

from __future__ import annotations

from conftest import add_to, minimal_meeting


def _opinion(field: str, hamlet: str, answered: bool, outcome: str | None) -> dict:
    opinion = {"speaker": "Người dân", "address": hamlet, "field": field, "content": f"Ý kiến về {field}.",
               "answered": answered, "outcome": outcome}
    if answered:
        opinion["answer"] = "Đã trả lời tại hội nghị."
    return opinion


def _task(deadline: str | None, state: str = "open", completed_on: str | None = None) -> dict:
    return {"content": "Giải quyết kiến nghị.", "assignee": "Công chức Địa chính", "deadline": deadline,
            "state": state, "completed_on": completed_on}


MEETINGS = [
    minimal_meeting(held_on="2023-12-31", participants=30, status="held",
                    opinions=[_opinion("security", "Tổ dân phố 3", True, "answered")]),
    minimal_meeting(held_on="2024-01-10", participants=100, opinions=[
        _opinion("land", "Thôn 1", True, "answered"), _opinion("land", "Thôn 2", False, "commune_task"),
        _opinion("transport", "Thôn 1", False, "forwarded")],
        conclusions=[_task("2024-02-10", "done", "2024-02-05"), _task("2024-02-10", "done", "2024-02-20")],
        publications=[{"method": "posted_hq", "published_on": "2024-01-15"}]),
    minimal_meeting(held_on="2024-02-15", kind="contact", chair="Lê Văn Bình", chair_title="Bí thư Đảng ủy xã",
                    participants=80, opinions=[_opinion("environment", "Thôn 2", True, "answered"),
                                               _opinion("land", "", False, None)],
                    conclusions=[_task("2024-03-01"), _task("2024-12-31"), _task(None, "dropped")]),
    minimal_meeting(held_on="2024-03-31", chair_title="Phó Chủ tịch UBND xã", participants=50, status="held",
                    opinions=[_opinion("health", "Thôn 1", True, "answered")],
                    publications=[{"method": "loudspeaker", "published_on": "2024-04-20"}]),
    minimal_meeting(held_on="2024-04-01", kind="reception", participants=20,
                    opinions=[_opinion("land", "Thôn 3", False, "commune_task")], conclusions=[_task("2024-06-05")]),
    minimal_meeting(held_on="2024-07-01", announced_on="2024-06-28"),
    minimal_meeting(held_on="2024-08-01", announced_on="2024-05-30"),
]


def fill(store) -> list[str]:
    """Add the meetings above to ``store``; return their ids M0..M6."""
    return add_to(store, *MEETINGS)

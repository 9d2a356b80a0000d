"""core/demo.py: demo meetings are deterministic, follow every rule, and speak of the right unit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from qcdc_desktop.core import catalog
from qcdc_desktop.core.demo import DemoMaker
from qcdc_desktop.core.model import Meeting
from qcdc_desktop.core.validate import check_meeting

UNTIL = dt.date(2026, 3, 31)


def _meetings(seed: int, count: int = 40, unit: str = "Xã An Bình") -> list[Meeting]:
    return list(DemoMaker(seed, UNTIL, unit).meetings(count))


def test_same_seed_same_meetings_other_seed_other_meetings() -> None:
    assert _meetings(5) == _meetings(5)
    assert _meetings(5) != _meetings(6)
    assert DemoMaker(5, UNTIL, "Xã An Bình").officials() == DemoMaker(5, UNTIL, "Xã An Bình").officials()


def test_the_reference_date_changes_the_data() -> None:
    later = list(DemoMaker(5, UNTIL + dt.timedelta(days=30), "Xã An Bình").meetings(40))
    assert [m.held_on for m in later] != [m.held_on for m in _meetings(5)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_meetings_pass_every_rule_with_the_reference_date_as_today(seed: int) -> None:
    meetings = _meetings(seed, count=60)
    assert len(meetings) == 60
    for m in meetings:
        assert check_meeting(m, (), UNTIL) == [], m.title
        assert m.kind in catalog.MEETING_KINDS and m.status in catalog.MEETING_STATUSES
        assert all(o.field in catalog.FIELDS and o.outcome in catalog.OUTCOMES for o in m.opinions)


def test_some_meetings_are_planned_ahead_and_have_nothing_under_them() -> None:
    meetings = _meetings(1, count=50)
    planned = [m for m in meetings if m.held_on > UNTIL]
    assert planned, "a demo shows what is coming too"
    assert all(m.status == "planned" and not (m.opinions or m.conclusions or m.publications) for m in planned)
    past = [m for m in meetings if m.held_on <= UNTIL]
    assert sum(len(m.opinions) for m in past) >= 6 * len(past)
    assert all(m.held_on >= UNTIL - dt.timedelta(days=3650 + 3) for m in past)


def _texts(record: object) -> list[str]:
    found = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item):
                    found.extend(_texts(item))
                elif isinstance(item, str):
                    found.append(item)
    return found


_COMMUNE = re.compile(r"\b[Xx]ã\b(?! hội)")  # "xã" the unit, not "xã hội" (society)


@pytest.mark.parametrize(("unit", "word"), [("Phường Ba Đình", "phường"), ("Đặc khu Côn Đảo", "đặc khu")])
def test_a_ward_or_special_zone_is_never_called_a_commune(unit: str, word: str) -> None:
    maker = DemoMaker(3, UNTIL, unit)
    texts = [t for m in maker.meetings(60) for t in _texts(m)] + [t for p in maker.officials() for t in _texts(p)]
    wrong = sorted({t for t in texts if _COMMUNE.search(t)})
    assert wrong == []
    assert any(word in t.lower() for t in texts)
    assert any("xã hội" in t.lower() for t in texts)  # the other meaning of the word stays


def test_a_commune_keeps_its_word() -> None:
    texts = [t for m in _meetings(3) for t in _texts(m)]
    assert any(_COMMUNE.search(t) for t in texts)
    assert not any("phường" in t.lower() for t in texts)

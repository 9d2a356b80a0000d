"""Realistic demo meetings for a commune, deterministic for a seed and a reference date.

A commune's year as the law and practice make it: the chairman receives citizens every month, holds
the yearly dialogue with the People; the Party secretary meets the People once a year; one or two
thematic dialogues on what the commune is living through (the site clearance of a road, land
certificates), now and then a dialogue asked for by voters or called at short notice.  What is
raised, answered and assigned comes from one coherent table of scenarios (core/demo_scenarios.py);
older tasks are mostly done, on time or a little late, and only recent ones may be overdue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .demo_places import make_places, person_name
from .demo_scenarios import FIELD_WEIGHTS, PARTY_WEIGHTS, RECEPTION_WEIGHTS, SCENARIOS, TOPICS, Scenario
from .model import Meeting, Opinion, Person, Publication, Task

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

YEARS = 3  # the default demo: the last three years
MAX_YEARS = 10  # a larger count is spread over ten years, more meetings a year than a commune holds
TITLES = {
    "dialogue": "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm {year}",
    "contact": "Hội nghị tiếp xúc, đối thoại trực tiếp giữa Bí thư Đảng ủy xã với Nhân dân năm {year}",
    "reception": "Tiếp công dân định kỳ tháng {month}/{year}",
    "thematic": "Đối thoại chuyên đề về {topic}",
    "on_request": "Hội nghị đối thoại theo đề nghị của cử tri {hamlet} về {topic}",
    "ad_hoc": "Đối thoại đột xuất về {topic} tại {hamlet}",
}
OPINIONS = {"dialogue": (15, 35), "contact": (12, 30), "thematic": (8, 20), "on_request": (6, 15),
            "ad_hoc": (4, 12), "reception": (2, 8)}
# Beyond what ten years of a commune's calendar hold (benchmarks building hundreds of thousands of
# opinions), meetings of every kind in these proportions with 6 to 34 opinions each (19.1 a meeting
# with the planned ones): the shape the benchmarks have always built, so their figures compare.
DENSE_OPINIONS = (6, 34)
DENSE_KINDS = {"reception": 30, "dialogue": 30, "contact": 20, "thematic": 10, "on_request": 5, "ad_hoc": 5}
ANSWERED_SHARE = 0.75  # of the opinions the commune itself deals with; the rest become tasks

_COMMUNE_WORD = re.compile(r"\b([xX])ã\b(?! hội)")  # the unit, not "xã hội" (society); "Xã" opens answers

_FIELDS = {name: (list(w), list(itertools.accumulate(w.values())))
           for name, w in (("all", FIELD_WEIGHTS), ("reception", RECEPTION_WEIGHTS), ("party", PARTY_WEIGHTS))}


def _weekday(day: dt.date) -> dt.date:
    """The working day nearest: Saturday moves to Friday, Sunday to Monday."""
    return day - dt.timedelta(days=1) if day.weekday() == 5 else day + dt.timedelta(days=day.weekday() == 6)


@dataclasses.dataclass(frozen=True, slots=True)
class Slot:
    """A meeting on the commune's calendar."""

    held_on: dt.date
    kind: str
    topic: int = 0  # index into TOPICS for thematic, on-request and ad hoc meetings
    opinions: tuple[int, int] | None = None  # how many opinions, when not the kind's usual number


class DemoMaker:
    """Makes meetings for one commune.  Same seed, reference date and unit: same meetings."""

    def __init__(self, seed: int, until: dt.date, commune: str, province: str = "") -> None:
        self.rng = r = random.Random(seed)
        self.until = until
        self.commune = commune  # "Xã An Bình", "Phường 3", "Đặc khu Côn Đảo"
        lowered = commune.lower()
        self.word = next((w for w in ("phường", "đặc khu") if lowered.startswith(w)), "xã")
        short = commune.split(" ", 2)[-1] if lowered.startswith("đặc khu") else commune.split(" ", 1)[-1]
        self.chair = Person(person_name(r, male=True), "Chủ tịch UBND xã")
        self.secretary = Person(person_name(r, male=r.random() < 0.6), "Bí thư Đảng ủy xã")
        self.mttq = f"Ủy ban MTTQ Việt Nam {self.word} {short}"
        self.places = make_places(r, self.word, short, province)
        self.hamlets = self.places.hamlets
        # The commune's habits: the day of its monthly reception, the months of its yearly meetings.
        self.reception_day = r.choice([5, 10, 15, 20, 25])
        self.dialogue_on = (r.randint(6, 11), r.randint(5, 25))
        self.contact_on = (r.choice([m for m in range(3, 11) if m != self.dialogue_on[0]]), r.randint(5, 25))
        self.thematic_month = r.randint(2, 11)
        # A ward or a special zone hears nothing of fields and farms, and its texts say "phường"
        # (localised once here, not in every record made).
        urban = self.word != "xã"
        self.scenarios = {f: [self._localised(s) for s in items if not (urban and s.rural)]
                          for f, items in SCENARIOS.items()}
        self.roads = [self._say(road) for road in self.places.roads]
        self.weights = {f: [s.weight for s in items] for f, items in self.scenarios.items()}
        first = self.hamlets[0].split(" ")
        words = [w for w in first[:-1] if w != "số"] if first[-1].isdigit() else first[:1]
        self.village = " ".join(words).lower()  # "thôn", "bản", "ấp", "tổ dân phố", "khu dân cư"
        self.topics = [i for i, (_words, field) in enumerate(TOPICS) if not (urban and field == "economy")]
        # Who keeps the minutes, drawn apart so that the rest of the demo stays as it was.
        self.minutes_secretary = person_name(random.Random(f"{seed}-minutes"), male=False)

    def officials(self) -> list[Person]:
        """The commune leaders who chair meetings and sign notices."""
        r = self.rng
        people = [self.chair, self.secretary, Person(person_name(r, male=False), "Phó Chủ tịch UBND xã"),
                  Person(person_name(r, male=True), "Phó Bí thư Thường trực Đảng ủy xã"),
                  Person(person_name(r, male=False), "Chánh Văn phòng HĐND và UBND xã")]
        for person in people:
            self._localise(person)
        return people

    # -- the calendar --------------------------------------------------------------------------

    def _year(self, year: int) -> list[Slot]:
        r = self.rng
        slots = [Slot(_weekday(dt.date(year, month, self.reception_day)), "reception") for month in range(1, 13)]
        slots.append(Slot(_weekday(dt.date(year, *self.dialogue_on)), "dialogue"))
        slots.append(Slot(_weekday(dt.date(year, *self.contact_on)), "contact"))
        slots.append(Slot(_weekday(dt.date(year, self.thematic_month, r.randint(3, 27))), "thematic",
                          r.choice(self.topics)))
        if r.random() < 0.4:
            slots.append(Slot(_weekday(dt.date(year, r.randint(2, 11), r.randint(3, 27))), "thematic",
                              r.choice(self.topics)))
        if r.random() < 0.3:
            slots.append(Slot(_weekday(dt.date(year, r.randint(1, 12), r.randint(3, 27))),
                              r.choice(["on_request", "ad_hoc"]), r.choice(self.topics)))
        return slots

    def calendar(self, years: int) -> tuple[list[Slot], list[Slot]]:
        """The meetings held in the ``years`` years up to the reference date, and the next one ahead."""
        slots = sorted((s for y in range(self.until.year - years, self.until.year + 2) for s in self._year(y)),
                       key=lambda s: (s.held_on, s.kind))
        start = self.until.replace(year=self.until.year - years) if (self.until.month, self.until.day) != (2, 29) \
            else self.until - dt.timedelta(days=365 * years)
        held = [s for s in slots if start < s.held_on <= self.until]
        ahead = [s for s in slots if s.held_on > self.until][:1]
        return held, ahead

    def _dense(self, held: int, planned: int) -> tuple[list[Slot], list[Slot]]:
        """``held`` meetings spread evenly over ten years (more than a commune holds: for scale)."""
        r = self.rng
        span = 365 * MAX_YEARS
        kinds, weights = list(DENSE_KINDS), list(DENSE_KINDS.values())
        past = [Slot(self.until - dt.timedelta(days=int(span * (held - 1 - i) / held) + r.randint(0, 3)),
                     r.choices(kinds, weights)[0], r.choice(self.topics), DENSE_OPINIONS) for i in range(held)]
        ahead = [Slot(self.until + dt.timedelta(days=r.randint(3, 40)), r.choices(kinds, weights)[0],
                      r.choice(self.topics)) for _ in range(planned)]
        return past, ahead

    def meetings(self, count: int | None = None) -> Iterator[Meeting]:
        """The commune's meetings of the last three years and the next one planned; or ``count``
        meetings: the most recent of those three years, or, for more than they hold, ``count``
        meetings spread over ten years with 6 to 34 opinions each (19.1 a meeting with 1 in 25
        planned), the shape benchmarks build their hundreds of thousands of opinions with."""
        past, ahead = self.calendar(YEARS)
        if count is not None:
            planned = min(1, count - 1)
            if len(past) >= count - planned:
                past, ahead = past[len(past) - (count - planned):], ahead[:planned]
            else:
                past, ahead = self._dense(count - max(1, count // 25), max(1, count // 25))
        for slot in (*past, *ahead):
            yield self.meeting(slot)

    # -- one meeting -------------------------------------------------------------------------------

    def meeting(self, slot: Slot) -> Meeting:
        m = self._meeting(slot)
        self._localise(m)
        return m

    def _fill(self, template: str, values: dict[str, object]) -> str:
        return template.format_map(values) if "{" in template else template

    def _values(self, hamlet: str) -> dict[str, object]:
        r = self.rng
        head = f"Tổ trưởng {hamlet[0].lower()}{hamlet[1:]}" if hamlet.startswith("Tổ") else \
            f"Trưởng {hamlet[0].lower()}{hamlet[1:]}"
        return {"hamlet": hamlet, "head": head, "village": self.village, "road": r.choice(self.roads),
                "project": self.places.project, "n": r.randint(3, 40), "few": r.randint(2, 6), "length": r.randrange(300, 2500, 50),
                "next_year": self.until.year + 1, **self.places.schools}

    def _topic(self, slot: Slot) -> tuple[str, str]:
        words, field = TOPICS[slot.topic]
        return words.format(project=self.places.project), field

    def _meeting(self, slot: Slot) -> Meeting:
        r = self.rng
        kind, held_on = slot.kind, slot.held_on
        party = kind == "contact"
        chair = self.secretary if party else self.chair
        topic, topic_field = self._topic(slot)
        hamlet = r.choice(self.places.project_hamlets if topic_field == "compensation" else self.hamlets)
        title = TITLES[kind].format(year=held_on.year, month=held_on.month, topic=topic, hamlet=hamlet)
        focused = kind in ("thematic", "on_request", "ad_hoc")
        if not focused:
            scope: list[str] = []
        elif topic_field == "compensation":
            scope = list(self.places.project_hamlets)
        else:
            scope = [hamlet] if kind != "thematic" else []
        place = {"reception": "Phòng tiếp công dân UBND xã", "contact": "Hội trường Đảng ủy xã"}.get(
            kind, f"Nhà văn hóa {scope[0]}" if scope else "Hội trường UBND xã")
        m = Meeting(
            kind=kind, track="party" if party else "state", held_on=held_on, title=title, place=place,
            chair=chair.name, chair_title=chair.title, starts_at=r.choice(["07:30", "08:00", "14:00"]),
            scope=scope, coordinating=self.mttq, participants=0 if kind == "reception" else r.randint(40, 250),
            announced_on=held_on - dt.timedelta(days=r.choice([7, 7, 10, 14])),
        )
        m.ends_at = f"{int(m.starts_at[:2]) + (3 if kind != 'reception' else 2):02d}:{m.starts_at[3:]}"
        m.secretary = self.minutes_secretary
        if held_on > self.until:
            m.status = "planned"
            return m
        fields, weights = _FIELDS["reception" if kind == "reception" else "party" if party else "all"]
        m.opinions, picks = [], []
        raised: set[int] = set()  # the scenarios already raised at this meeting: each matter once while others remain
        for _ in range(r.randint(*(slot.opinions or OPINIONS[kind]))):
            field = topic_field if focused and r.random() < 0.75 else r.choices(fields, cum_weights=weights)[0]
            opinion, pick = self._opinion(field, scope, raised)
            m.opinions.append(opinion)
            picks.append(pick)
        m.conclusions = self._tasks(m, picks)
        m.minutes = (f"Hội nghị có {m.participants} đại biểu và Nhân dân tham dự. "
                     f"Có {len(m.opinions)} ý kiến phát biểu, kiến nghị." if m.participants else
                     f"Tiếp {len(m.opinions)} lượt công dân đến phản ánh, kiến nghị.")
        age = (self.until - held_on).days
        if age < 3 or (age < 10 and r.random() < 0.4):  # the conclusion is drawn up within days
            m.status, m.conclusions = "held", []
            return m
        m.conclusion = (f"{chair.title} {chair.name} ghi nhận, tiếp thu các ý kiến của Nhân dân; "
                        "giao các cơ quan, đơn vị liên quan giải quyết theo thẩm quyền, báo cáo kết quả.")
        m.status = "concluded"
        if age > 60 or (age > 10 and r.random() < 0.7):  # published within days, as the law asks
            m.status = "published"
            m.publications = [Publication(method=r.choice(["posted_hq", "loudspeaker", "sent_to_hamlets"]),
                                          published_on=held_on + dt.timedelta(days=r.randint(2, 9)),
                                          ends_on=held_on + dt.timedelta(days=40))]
        return m

    def _opinion(self, field: str, scope: list[str], raised: set[int]
                 ) -> tuple[Opinion, tuple[Scenario, dict[str, object]]]:
        """One opinion of ``field``: a matter not yet ``raised`` at the meeting while the field has
        one left (two citizens rarely read out the same sentence), then any."""
        r = self.rng
        fresh = [i for i in range(len(self.scenarios[field])) if id(self.scenarios[field][i]) not in raised]
        pool = fresh or list(range(len(self.scenarios[field])))
        scenario = self.scenarios[field][r.choices(pool, [self.weights[field][i] for i in pool])[0]]
        raised.add(id(scenario))
        hamlet = r.choice(scope or self.hamlets)
        values = self._values(hamlet)
        if scenario.route == "upper":
            outcome = "forwarded"
        elif scenario.route == "civil":
            outcome = "not_state_business"
        else:
            outcome = "answered" if r.random() < ANSWERED_SHARE else "commune_task"
        answered = outcome == "answered"
        opinion = Opinion(
            speaker=person_name(r, male=r.random() < 0.55), address=hamlet,
            phone=f"09{r.randint(10_000_000, 99_999_999)}" if r.random() < 0.3 else "",
            on_behalf_of=f"{r.randint(5, 60)} hộ dân {hamlet}" if r.random() < 0.15 else "",
            field=field, content=self._fill(scenario.question, values), answered=answered,
            answer=self._fill(scenario.answer, values) if answered else "", outcome=outcome,
        )
        return opinion, (scenario, values)

    def _tasks(self, m: Meeting, picks: list[tuple[Scenario, dict[str, object]]]) -> list[Task]:
        """One task per scenario and hamlet among the opinions the meeting made commune tasks."""
        groups: dict[tuple[int, object], list[int]] = {}
        first: dict[tuple[int, object], tuple[Scenario, dict[str, object]]] = {}
        for number, (opinion, pick) in enumerate(zip(m.opinions, picks, strict=True), start=1):
            if opinion.outcome == "commune_task":
                key = (id(pick[0]), pick[1]["hamlet"])
                groups.setdefault(key, []).append(number)
                first.setdefault(key, pick)
        return [self._task(m, *first[key], numbers) for key, numbers in groups.items()]

    def _task(self, m: Meeting, scenario: Scenario, values: dict[str, object], numbers: list[int]) -> Task:
        r = self.rng
        held_on = m.held_on
        deadline = held_on + dt.timedelta(days=r.choice([15, 30, 30, 45, 60, 90]))
        task = Task(content=self._fill(scenario.task, values), assignee=self._fill(scenario.assignee, values),
                    coordinating=self._fill(scenario.coordinating, values), deadline=deadline, opinions=numbers)
        overdue_days = (self.until - deadline).days
        if overdue_days > 365:
            done = True  # a year on, everything was dealt with
        elif overdue_days > 0:  # the longer past its deadline, the likelier chased and done
            done = r.random() >= (0.2 if overdue_days <= 60 else 0.06 if overdue_days <= 180 else 0.015)
        else:
            done = r.random() < 0.25 and (self.until - held_on).days > 7
        if not done:
            return task
        if overdue_days > 0 and r.random() < 0.2:  # a little late
            finished = deadline + dt.timedelta(days=r.randint(1, min(30, overdue_days)))
        else:
            finished = held_on + dt.timedelta(days=r.randint(5, max(5, (min(deadline, self.until) - held_on).days)))
        finished = min(finished, self.until)
        task.state, task.completed_on = "done", finished
        task.result = self._fill(scenario.result, values)
        task.reply_doc = self._reply_doc(finished, m.track, task.assignee)
        return task

    def _reply_doc(self, day: dt.date, track: str, assignee: str) -> str:
        """The number of the document that told the citizen the result, growing through the year."""
        r = self.rng
        number = int(day.timetuple().tm_yday * 1.6) + r.randint(1, 5)
        if track == "party":
            return f"{number}-CV/ĐU"
        office = "KT" if any(w in assignee for w in ("Kinh tế", "Địa chính", "bồi thường")) else \
            "VHXH" if "Xã hội" in assignee else "VP"
        return f"{number}/UBND-{office}"

    def _localised(self, scenario: Scenario) -> Scenario:
        if self.word == "xã":
            return scenario
        say = self._say
        return dataclasses.replace(scenario, question=say(scenario.question), answer=say(scenario.answer),
                                   task=say(scenario.task), result=say(scenario.result),
                                   assignee=say(scenario.assignee), coordinating=say(scenario.coordinating))

    def _say(self, text: str) -> str:
        """``text`` saying "phường" or "đặc khu" instead of "xã" where the unit is not a commune."""
        return text if self.word == "xã" else _COMMUNE_WORD.sub(self._unit_word, text)

    def _localise(self, record: DataclassInstance) -> None:
        """The record's own texts localised (:meth:`_say`); what hangs under it was made from
        localised scenarios already."""
        if self.word == "xã":
            return
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if isinstance(value, str):
                setattr(record, f.name, self._say(value))

    def _unit_word(self, found: re.Match[str]) -> str:
        return self.word if found[1] == "x" else self.word[0].upper() + self.word[1:]

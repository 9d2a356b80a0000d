"""Fill a data file with demo meetings, through the same insert path as every other write.

A commune's file gets the commune's own meetings.  An upper level's file gets, as if its communes
had sent them, the meetings of some of the real communes of its province (the official list of
administrative units), each commune with its own hamlets, leaders and calendar, recorded under
the commune's code.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..core.demo import DemoMaker
from ..core.errors import ValidationError
from ..core.ids import IdMaker
from ..core.model import Meeting, Official
from ..core.roles import Operation
from ..core.validate import check_meeting
from .batch_seal import sealed_batch_by_batch
from .connection import Store
from .meetings import insert_meetings
from .officials import insert_officials
from .units import admin_units, get_unit

BATCH = 500  # meetings generated and inserted at a time: bounded memory, steady progress
COMMUNES = 6  # communes of the province an upper level's demo holds, unless told


@dataclass(frozen=True)
class DemoResult:
    meetings: int
    opinions: int
    communes: int


def demo_communes(store: Store, seed: int, count: int) -> list[tuple[str, str, str]]:
    """(code, name, province) of the offices whose meetings the demo makes: the file's own unit for a
    commune; ``count`` communes of the province, chosen by the seed, for an upper level."""
    unit = get_unit(store)
    if unit.role != "upper":
        return [(unit.code, unit.name, unit.province_name)]
    communes = [u for u in admin_units().values() if u.level == "commune" and u.province_code == unit.province_code]
    chosen = sorted(random.Random(seed).sample(communes, min(count, len(communes))), key=lambda u: u.code)
    return [(u.code, u.name, u.province_name) for u in chosen]


def fill_demo(store: Store, *, seed: int, until: dt.date, meetings: int | None = None, communes: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """Add demo meetings: by default the last three years of each office's calendar (12 to 20
    meetings a year), or ``meetings`` in all (shared among the communes at the upper level).

    Deterministic for (seed, until, unit): ids come from the seeded generator too.
    """
    store.require(Operation.DEMO)
    offices = demo_communes(store, seed, communes or COMMUNES)
    clock = int(dt.datetime.combine(until, dt.time(), dt.timezone.utc).timestamp() * 1000)
    makers = [DemoMaker(seed if len(offices) == 1 else seed * 100_003 + int(code), until, name, province)
              for code, name, province in offices]
    counts: list[int | None] = [None] * len(offices)
    if meetings is not None:
        share, extra = divmod(meetings, len(offices))
        counts = [share + (i < extra) for i in range(len(offices))]
    total_meetings = total_opinions = 0
    expected = meetings or 0
    # One transaction for the whole run: an error or an interruption leaves the file as it was.
    with store.transaction() as conn, sealed_batch_by_batch(store) as seal_batch:
        for (code, _name, _province), maker, count in zip(offices, makers, counts, strict=True):
            make_id = IdMaker(code, random.Random(seed + 1 if len(offices) == 1 else seed * 7 + int(code)),
                              clock_ms=clock)
            if conn.execute("SELECT count(*) FROM officials WHERE origin = ?", (code,)).fetchone()[0] == 0:
                people = [Official(p.name, p.title, "party" if "Đảng" in p.title else "state")
                          for p in maker.officials()]
                insert_officials(conn, people, origin=code, make_id=make_id)
            if count == 0:
                continue
            for batch in _batches(maker.meetings(count)):
                for m in batch:
                    problems = check_meeting(m, (), until)
                    if problems:  # the generator must only make data the rules accept
                        raise ValidationError(problems)
                insert_meetings(conn, batch, origin=code, make_id=make_id)
                seal_batch()
                total_meetings += len(batch)
                total_opinions += sum(len(m.opinions) for m in batch)
                if progress:
                    progress(total_meetings, max(expected, total_meetings))
    return DemoResult(total_meetings, total_opinions, len(offices))


def _batches(meetings: Iterator[Meeting]) -> Iterator[list[Meeting]]:
    batch: list[Meeting] = []
    for m in meetings:
        batch.append(m)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch

"""Fill a data file with demo meetings, through the same insert path as every other write."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from ..core.demo import DemoMaker
from ..core.roles import Operation
from ..core.errors import ValidationError
from ..core.ids import IdMaker
from ..core.model import Official
from ..core.validate import check_meeting
from .connection import Store
from .meetings import insert_meetings
from .officials import insert_officials
from .units import get_unit

BATCH = 500  # meetings generated and inserted at a time: bounded memory, steady progress


def fill_demo(store: Store, *, meetings: int, seed: int, until: dt.date,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Add ``meetings`` demo meetings (about 20 opinions each); return the number of opinions.

    Deterministic for (seed, until, unit): ids come from the seeded generator too.
    """
    store.require(Operation.DEMO)
    unit = get_unit(store)
    maker = DemoMaker(seed, until, unit.name)
    clock = int(dt.datetime.combine(until, dt.time(), dt.timezone.utc).timestamp() * 1000)
    make_id = IdMaker(store.origin, random.Random(seed + 1), clock_ms=clock)
    opinions = 0
    done = 0
    generator = maker.meetings(meetings)
    # One transaction for the whole run: an error or an interruption leaves the file as it was.
    with store.transaction() as conn:
        if conn.execute("SELECT count(*) FROM officials").fetchone()[0] == 0:
            people = [Official(p.name, p.title, "party" if "Đảng" in p.title else "state") for p in maker.officials()]
            insert_officials(conn, people, origin=store.origin, make_id=make_id)
        while done < meetings:
            batch = [next(generator) for _ in range(min(BATCH, meetings - done))]
            for m in batch:
                problems = check_meeting(m, (), until)
                if problems:  # the generator must only make data the rules accept
                    raise ValidationError(problems)
            insert_meetings(conn, batch, origin=store.origin, make_id=make_id)
            done += len(batch)
            opinions += sum(len(m.opinions) for m in batch)
            if progress:
                progress(done, meetings)
    return opinions

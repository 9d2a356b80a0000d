"""The retention period of citizens' personal data (Law 91/2025: kept no longer than needed;
docs/privacy.md).

An opinion is **closed** when it has an outcome and no task that answers it is still open; it
closed on the last of its meeting's date and the completion dates of those tasks.  When it has
been closed for more than the office's retention period (the setting ``privacy.retention_years``,
5 years by default), its speaker's name and the households spoken for become the erasure marker,
its phone is emptied, and the speaker's name is replaced inside what was said and answered; its
hamlet, field, outcome and the words of the opinion stay, for the statistics and the archives.
The history's kept values of its entries are erased (the chain still verifies), an erasure record
(cause ``retention``) travels to the upper level, and the transaction's history entries say
it was the retention period.

:func:`due` is the preview; :func:`apply_retention` erases exactly what the preview showed, or
nothing when the data changed since (the person is asked to look again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass

from ..core.changes import Changes
from ..core.errors import Cancelled, QcdcError
from ..core.personal import Person, erasure_marker, is_erased
from ..core.roles import Operation
from ..core.settings import RETENTION_YEARS, UNIT_CODE
from ..l10n import _, ngettext
from .batch_seal import sealed_batch_by_batch
from .connection import Store
from .personal_erase import entries_to_erase, erase_values, record_erasures, search_forgets, update_record
from .records import outcome_sql, utc_now
from .search_index import made_afresh_at_the_end, worth_making_afresh
from .settings import read_setting, write_setting

MAX_YEARS = 50
#: Opinions changed between two seals of their history (db/batch_seal.py).
SEAL_EVERY = 2_000
PROGRESS_EVERY = 250  # opinions between two words to the progress bar


class RetentionRefused(QcdcError):
    """The retention could not be applied as previewed (a sentence says why); nothing changed."""


@dataclass(frozen=True)
class Due:
    """An opinion whose personal data the retention period erases."""

    opinion_id: str
    meeting_id: str
    meeting_title: str
    held_on: str
    position: int
    closed_on: str


def cutoff(today: dt.date, years: int) -> dt.date:
    """The day ``years`` years before ``today`` (29 February becoming the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def retention_years(store: Store) -> int:
    return int(read_setting(store, RETENTION_YEARS))


def save_retention_years(store: Store, *, years: int) -> Changes:
    """The office's retention period (an office setting, an administrator's)."""
    store.require(Operation.OFFICE_SETTINGS)
    if not 1 <= years <= MAX_YEARS:
        raise RetentionRefused(_("The retention period must be from 1 to %(n)d years.") % {"n": MAX_YEARS})
    with store.transaction() as conn:
        write_setting(conn, RETENTION_YEARS, years)
    return Changes(settings=True)


def due(store: Store, *, years: int, today: dt.date) -> list[Due]:
    """The opinions of this office closed before ``cutoff(today, years)`` whose personal data is
    not yet erased, oldest first."""
    return list(_due(store, years=years, today=today))


def _due(store: Store, *, years: int, today: dt.date) -> Iterator[Due]:
    """:func:`due` one at a time (the erasure keeps their ids only: a million of them)."""
    store.require(Operation.FIND_PERSON)
    if not 1 <= years <= MAX_YEARS:
        raise RetentionRefused(_("The retention period must be from 1 to %(n)d years.") % {"n": MAX_YEARS})
    limit = cutoff(today, years).isoformat()
    origin = store.setting(UNIT_CODE.key) or ""
    rows = store.conn.execute(
        "SELECT o.id, o.meeting_id, m.title, m.held_on, o.position, o.speaker, o.phone, o.on_behalf_of, "
        "(SELECT count(*) FROM tasks t, json_each(t.opinions) j WHERE t.meeting_id = o.meeting_id "
        " AND j.value = o.position AND t.state = 'open'), "
        "(SELECT max(t.completed_on) FROM tasks t, json_each(t.opinions) j WHERE t.meeting_id = o.meeting_id "
        " AND j.value = o.position) "
        "FROM opinions o JOIN meetings m ON m.id = o.meeting_id "
        f"WHERE o.origin = ? AND {outcome_sql('o')} IS NOT NULL AND m.held_on < ? "
        "ORDER BY m.held_on, o.meeting_id, o.position",
        (origin, limit))
    for (opinion_id, meeting_id, title, held_on, position, speaker, phone, on_behalf_of, open_tasks,
         last_done) in rows:
        if open_tasks or (is_erased(speaker) and not phone and on_behalf_of in ("", speaker)):
            continue
        closed_on = max(held_on, last_done or "")
        if closed_on < limit:
            yield Due(opinion_id, meeting_id, title, held_on, position, closed_on)


def apply_retention(store: Store, *, years: int, today: dt.date, previewed: list[str],
                    cancelled: Callable[[], bool] = lambda: False,
                    progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Erase the personal data of the opinions the preview listed (their ids, ``previewed``), in
    one transaction; returns the erasure records' ids.  Refused, with nothing changed, when the
    opinions due are no longer those previewed.  ``progress(done, total)`` is told the opinions
    changed so far."""
    store.require(Operation.ERASE_PERSON)
    reason = ngettext("Retention period of %(n)d year passed", "Retention period of %(n)d years passed",
                      years) % {"n": years}
    marker = erasure_marker(today, "retention")
    with store.transaction(reason) as conn:
        now_due = [d.opinion_id for d in _due(store, years=years, today=today)]
        if sorted(now_due) != sorted(previewed):
            raise RetentionRefused(_("The records changed since the preview: look at the preview again before "
                                     "erasing."))
        if not now_due:
            return []
        search_forgets(conn, True)
        origin = store.setting(UNIT_CODE.key) or ""
        stamp = utc_now()
        # Most of the opinions changed (a first retention over many years): their index is made
        # afresh at the end rather than each one's words secure-deleted (db/search_index.py).
        afresh = worth_making_afresh(conn, "opinions", len(now_due))
        with made_afresh_at_the_end(conn, "opinions") if afresh else nullcontext(), \
                sealed_batch_by_batch(store, reason, values_erased=True) as seal_batch:
            for done, opinion_id in enumerate(now_due, start=1):
                if cancelled():
                    raise Cancelled
                speaker, on_behalf_of, content, answer = conn.execute(
                    "SELECT speaker, on_behalf_of, content, answer FROM opinions WHERE id = ?", (opinion_id,)
                ).fetchone()
                person = Person(speaker)
                named = person.problem() is None and not is_erased(speaker)
                changes = {"speaker": marker, "phone": "", "on_behalf_of": marker if on_behalf_of else "",
                           "content": person.scrubbed(content, marker) if named else content,
                           "answer": person.scrubbed(answer, marker) if named else answer}
                update_record(conn, "opinions", opinion_id, changes, origin, stamp)
                if done % SEAL_EVERY == 0:
                    seal_batch()
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(now_due)):
                    progress(done, len(now_due))
        entries = entries_to_erase(conn, None, now_due)
        erase_values(conn, entries)
        ids = record_erasures(conn, origin, "retention", today, now_due, entries)
        search_forgets(conn, False)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return ids

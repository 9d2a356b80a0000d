"""What the History place reads, off the UI thread, and how it shows an entry in full: the
filters' choices, one entry described, a period of whole days as moments."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ... import l10n
from ...core.history_words import Described, detail_lines
from ...db.connection import open_store
from ...db.history_list import history_origins, history_users
from ...db.units import get_unit, office_name
from ...l10n import _
from ...work.history import entry_in_full


@dataclass(frozen=True)
class Choices:
    """What the filters offer: the accounts in the history, the offices whose entries are here,
    and whether this is an upper-level office."""

    users: list[tuple[str, str]]
    origins: list[str]
    own: str
    upper: bool


def read_choices(db_path: Path) -> Choices:
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        return Choices(history_users(store), history_origins(store), store.origin, get_unit(store).role == "upper")


def _utc(day: dt.date) -> str:
    """The first moment of ``day`` on the office's clock, in UTC as the history stores moments."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def day_filter(since: dt.date | None, until: dt.date | None) -> tuple[str | None, str | None]:
    """The period from ``since`` to ``until`` (both whole days of the office's clock) as moments."""
    return (_utc(since) if since else None,
            _utc(until + dt.timedelta(days=1)) if until else None)


def entry_html(entry: Described) -> str:
    """An entry in full, for the detail pane."""
    who = html.escape(entry.who) + (f" ({html.escape(entry.login)})" if entry.login else "")
    parts = [f"<p><b>{html.escape(entry.when)}</b> — {who}</p>",
             f"<p>{html.escape(entry.kind_label)}: <b>{html.escape(entry.subject)}</b></p>",
             "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in entry.sentences) + "</ul>"]
    lines = detail_lines(entry)
    if lines:
        parts.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    parts.append("<p><small>" + html.escape(_("Entry %(n)s of the history of %(office)s; record %(record)s.") % {
        "n": l10n.format_number(entry.n), "office": office_name(entry.origin), "record": entry.record})
                 + "</small></p>")
    return "".join(parts)


def choices_work(db_path: Path, *, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Choices:
    return read_choices(db_path)


def entry_work(db_path: Path, origin: str, n: int, *, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> Described | None:
    return entry_in_full(db_path, origin, n)

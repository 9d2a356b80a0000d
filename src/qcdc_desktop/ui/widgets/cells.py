"""How a stored value shows in a cell of a list: dates and numbers in the active language, codes
by their label, the office a record comes from by its name, long text whole in a tooltip."""

from __future__ import annotations

import datetime as dt
import html
from functools import lru_cache
from typing import Any

from ... import l10n
from ...core import catalog
from ...db.units import office_label, office_name
from ...l10n import _

CATALOGS: dict[str, catalog.Catalog] = {
    "kind": catalog.MEETING_KINDS, "track": catalog.TRACKS, "status": catalog.MEETING_STATUSES,
    "field": catalog.FIELDS, "outcome": catalog.OUTCOMES, "progress": catalog.TASK_PROGRESS,
}
TOOLTIP_AFTER = 30  # characters: longer text also shows whole in a tooltip


def origin_name(code: str) -> str:
    """The office a record comes from, by its name in the official list ("Xã An Bình")."""
    return office_name(code)


@lru_cache(maxsize=4096)
def _date_text(language: str, iso: str) -> str:
    try:
        return l10n.format_date(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):  # a damaged record an earlier version took in: shown as stored
        return str(iso)


def display_text(fmt: str, value: Any) -> str:
    """A stored value as the list shows it, in the active language."""
    if value is None or value == "":
        return ""
    if fmt == "date":
        return _date_text(l10n.get_language(), value)
    if fmt == "number":
        return l10n.format_number(value)
    if fmt == "bool":
        return _("Yes") if value else _("No")
    if fmt == "origin":
        return office_label(value)  # by name, with its code beside it
    if fmt in CATALOGS:
        cat = CATALOGS[fmt]
        return cat.label(value) if value in cat else str(value)
    return " ".join(str(value).split())  # one line in the table; the tooltip keeps the paragraphs


def tooltip_html(text: str) -> str:
    """Long text as a tooltip."""
    # Rich text, so that Qt wraps a long paragraph instead of drawing one line across the screen.
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"

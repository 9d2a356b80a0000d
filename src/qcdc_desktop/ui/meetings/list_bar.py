"""What each list page (meetings, opinions, tasks) offers in its filter bar and how it speaks:
the coded filters in their order with their labels, and the count of records in the status line."""

from __future__ import annotations

from ... import l10n
from ...l10n import _, ngettext

# The coded filters each page offers, in the order they appear.
PAGE_FILTERS: dict[str, tuple[str, ...]] = {
    "meetings": ("origin", "kind", "track", "status"),
    "opinions": ("origin", "track", "field", "hamlet", "outcome"),
    "tasks": ("origin", "track", "assignee", "progress"),
}


def filter_label(name: str) -> str:
    labels = {
        "kind": _("&Kind:"), "track": _("T&rack:"), "status": _("&Status:"), "field": _("F&ield:"),
        "hamlet": _("Hamle&t:"), "outcome": _("O&utcome:"), "assignee": _("Responsi&ble:"),
        "progress": _("Progre&ss:"), "origin": _("Commu&ne:"),
    }
    return labels[name]


def count_text(kind: str, n: int) -> str:
    """The status line: how many records the list holds, with the locale's digit grouping."""
    count = l10n.format_number(n)
    if kind == "meetings":
        return ngettext("%(count)s meeting", "%(count)s meetings", n) % {"count": count}
    if kind == "opinions":
        return ngettext("%(count)s opinion", "%(count)s opinions", n) % {"count": count}
    return ngettext("%(count)s task", "%(count)s tasks", n) % {"count": count}

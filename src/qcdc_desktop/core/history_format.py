"""How the office's history writes a value it recorded (core/history_words.py): a code by its
label, a date as dd/mm/yyyy, yes or no, a list joined, a long text shortened inside a sentence,
an erased value as erased at the citizen's request."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from .. import l10n
from ..l10n import _
from . import catalog
from .history import ERASED
from .history_labels import (
    BOOL,
    DATE,
    FIELDS,
    Field,
    HEX,
    LIST,
    MOMENT,
    NUMBER,
    OFFICE,
    OfficeNames,
    PEOPLE,
    RECORD,
    SETTING_SHAPES,
)

SHORT = 60
"""Characters of a value inside a sentence; longer values end with an ellipsis."""


def shorten(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def date_text(value: str) -> str:
    try:
        return l10n.format_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def moment_text(value: str) -> str:
    """A moment stored in UTC as the office's clock showed it: "14:20 05/03/2026"."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return l10n.format_moment(moment)


def _listed(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, list) else None
    return None


def value_text(kind: str, name: str, value: Any, *, offices: OfficeNames | None = None,
               names: Mapping[str, str] | None = None, record: str = "") -> str:
    """A stored value as a person reads it, whole: a code by its label, a date as dd/mm/yyyy, yes
    or no, a list joined; ``names`` names records by id (a meeting by its title)."""
    if value == ERASED:
        return _("(erased at the citizen's request)")
    if value is None or value == "":
        return _("(empty)")
    spec = FIELDS.get(kind, {}).get(name, Field(name))
    if kind == "settings" and record in SETTING_SHAPES:
        spec = Field(name, SETTING_SHAPES[record])
    shape = spec.shape
    if isinstance(shape, catalog.Catalog):
        return shape.label(str(value)) if str(value) in shape else str(value)
    if callable(shape):
        return shape(str(value))
    if shape == DATE:
        return date_text(str(value))
    if shape == MOMENT:
        return moment_text(str(value))
    if shape == BOOL:
        return _("Yes") if value in (1, True, "1", "true") else _("No")
    if shape == NUMBER and isinstance(value, int):
        return l10n.format_number(value)
    if shape in (LIST, PEOPLE):
        items = _listed(value)
        if items is None:
            return str(value)
        if not items:
            return _("(empty)")
        if shape == PEOPLE:
            return "; ".join(_person(p) for p in items)
        return ", ".join(str(i) for i in items)
    if shape == RECORD:
        return (names or {}).get(str(value), str(value))
    if shape == OFFICE:
        return office_text(str(value), offices)
    if shape == HEX:
        text = str(value)
        return text if len(text) <= 24 else text[:16] + "…"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _person(item: Any) -> str:
    if isinstance(item, dict):
        name, title = str(item.get("name", "")), str(item.get("title", ""))
        return f"{name} ({title})" if title else name
    return str(item)


def office_text(code: str, offices: OfficeNames | None) -> str:
    name = offices(code) if offices is not None else code
    return f"{name} ({code})" if name and name != code else code


def quoted(text: str, *, short: bool = True) -> str:
    """A value inside a sentence: «…», shortened; the words for empty and erased stay bare."""
    if text in (_("(empty)"), _("(erased at the citizen's request)")):
        return text
    return f"«{shorten(text) if short else text}»"

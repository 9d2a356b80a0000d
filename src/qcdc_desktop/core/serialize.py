"""Canonical JSON: records to plain dicts (dates as ISO strings) and strict parsing of JSON text.

The dump of a database is canonical: keys sorted, text NFC, lists in their stored order, so two
databases with the same records print byte-identical dumps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from typing import Any

from ..l10n import _
from .errors import InputFileError

MAX_DEPTH = 32
MAX_DIGITS = 100  # no number of the JSON shape comes near; Python refuses above 4,300 with a ValueError


# One encoder for every call: json.dumps with options builds a new one each time, which costs more
# than encoding a small record.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


# One decoder likewise, for text that must be canonical JSON (a bundle's lines, a history entry):
# NaN and Infinity refused; duplicate keys and other spellings are refused by the caller's
# comparison with the canonical encoding.
_PLAIN = json.JSONDecoder(parse_constant=_refuse_constant)


def parse_plain(text: str) -> Any:
    """The value of a JSON text; ValueError when it is not JSON or spells NaN or Infinity
    (RecursionError when nested too deeply)."""
    return _PLAIN.decode(text)


def canonical_text(value: Any) -> str:
    """The one encoding of a JSON value that bundles and the history accept: sorted keys, no
    spaces (docs/bundle-format.md, "Canonical JSON"), as text."""
    return _CANONICAL.encode(value)


def canonical_bytes(value: Any) -> bytes:
    """:func:`canonical_text` in UTF-8."""
    return _CANONICAL.encode(value).encode("utf-8")


def to_plain(record: Any) -> Any:
    """A record (or list of records) as JSON-ready values: dataclasses become dicts, dates ISO."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_plain(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list):
        return [to_plain(item) for item in record]
    if isinstance(record, dt.date):
        return record.isoformat()
    return record


def canonical_json(value: Any) -> str:
    """Sorted keys, no ASCII escaping, two-space indent, trailing newline."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputFileError(_("The JSON has the key %(key)r twice in one object.") % {"key": key[:40]})
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise InputFileError(_("The JSON contains %(name)s, which is not a number.") % {"name": name})


def _too_large(literal: str) -> InputFileError:
    shown = literal if len(literal) <= 20 else literal[:20] + "…"
    return InputFileError(_("The JSON contains a number too large to use: %(number)s") % {"number": shown})


def _whole(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise _too_large(literal)
    return int(literal)


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e999 overflows to infinity, which JSON cannot mean
        raise _too_large(literal)
    return value


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def loads_strict(text: str) -> Any:
    """Parse JSON from a person or a file: no duplicate keys, no NaN/Infinity, no numbers too large
    to use, bounded nesting.

    Raises :class:`InputFileError` with a sentence instead of a parser traceback.
    """
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant,
                           parse_int=_whole, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            _("The file is not valid JSON (line %(line)d, column %(col)d).") % {"line": exc.lineno, "col": exc.colno}
        ) from None
    except RecursionError:
        raise InputFileError(_("The JSON is nested too deeply.")) from None
    if _depth(value, MAX_DEPTH) > MAX_DEPTH:
        raise InputFileError(_("The JSON is nested too deeply."))
    return value

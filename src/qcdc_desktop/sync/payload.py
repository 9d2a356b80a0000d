"""The decrypted payload: canonical JSON lines, written as a stream and checked line by line.

    {"bundle_id":…,"from":…,"receipt":{"applied_through":N,"last_number":M}|null,"to":…}
    ["meetings",[…values in the documented column order…]]   one line per record, kinds in order
    ["history",[origin,n,seq,body,hash,values]]               schema 2: the sender's history entries, last
    {"end":N}                                                  the number of record lines

Every line must be the canonical encoding of its value (so duplicate keys, spaces, escapes and
other spellings of the same data are refused), every string of a record NFC (a history entry
travels as its hash covers it: core/record_rules.history_problem judges it), every record of the kinds its
sender may write, with the sender as origin and a change number inside the bundle's range.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..core.errors import BundleError
from ..core.record_rules import describe_problem, history_problem, record_problems
from ..core.serialize import canonical_bytes, parse_plain
from ..db.sync_apply import KINDS, RECORD_KINDS, REFERENCES
from ..db.sync_history import HISTORY_COLUMNS, HISTORY_KIND
from ..l10n import _, format_number
from .format import ERASURE_SCHEMA, HISTORY_SCHEMA, MAX_COUNT, SECRETARY_SCHEMA

MAX_LINE_BYTES = 1024 * 1024
MAX_VERSION = 2 ** 31
# What each side writes: a commune its own records and deletions, the upper level its messages.
SENT_BY = {"commune": tuple(k for k in KINDS if k != "messages"), "upper": ("messages",)}
_ORDER = {kind: i for i, kind in enumerate((*KINDS, HISTORY_KIND))}  # the history after every record
_HASH = re.compile(r"[0-9a-f]{64}")
# The last columns of a kind that a bundle of an earlier schema does not carry: (the schema that
# added them, the values such a record takes), so that an office of an earlier version is still read.
_LATER: dict[str, tuple[int, tuple[Any, ...]]] = {"meetings": (SECRETARY_SCHEMA, ("",))}
_PY = {"str": (str,), "str?": (str, type(None)), "int": (int,), "int?": (int, type(None))}
KIND_NAMES: dict[str, Callable[[], str]] = {
    "officials": lambda: _("officials"), "meetings": lambda: _("meetings"), "opinions": lambda: _("opinions"),
    "tasks": lambda: _("tasks"), "task_history": lambda: _("changes of task status"),
    "publications": lambda: _("publications"),
    "register_entries": lambda: _("register entries"), "messages": lambda: _("replies and directives"),
    "tombstones": lambda: _("deletions"), "history": lambda: _("history entries"),
    "erasures": lambda: _("erasures of a person's data"),
}


def counts_words(counts: Mapping[str, int]) -> str:
    """"meetings: 3, opinions: 13, history entries: 15": the non-zero counts of a bundle by kind, the
    records first and the history entries last ("" when there are none)."""
    return ", ".join(f"{KIND_NAMES[kind]() if kind in KIND_NAMES else kind}: {format_number(n)}"
                     for kind, n in sorted(counts.items(), key=lambda item: (item[0] == HISTORY_KIND, item[0])) if n)


def encode_lines(first: dict[str, Any], records: Iterable[tuple[str, tuple[Any, ...]]], count: list[int]) -> Iterator[bytes]:
    """The payload's lines; ``count[0]`` ends as the number of records."""
    yield canonical_bytes(first) + b"\n"
    n = 0
    for kind, row in records:
        # A history entry travels byte for byte as its hash and digests cover it.
        values = list(row) if kind == HISTORY_KIND else [unicodedata.normalize("NFC", v) if isinstance(v, str) else v
                                                          for v in row]
        yield canonical_bytes([kind, values]) + b"\n"
        n += 1
    count[0] = n
    yield canonical_bytes({"end": n}) + b"\n"


class LinesReader(io.RawIOBase):
    """A readable stream over an iterator of byte strings (what the age encryptor reads).

    The encryptor wraps whatever a read raises in its own error; so an exception of the iterator
    (Cancel, a record too large) ends the stream instead and is kept in ``failure`` for the caller
    to raise once the encryptor has returned."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = b""
        self.failure: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            if self.failure is not None:
                return 0
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
            except Exception as exc:  # noqa: BLE001 - raised again by the caller, see above
                self.failure = exc
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _bad(detail: str) -> BundleError:
    return BundleError(_("The content of the bundle is not valid: %(detail)s") % {"detail": detail}, "payload")


class PayloadChecker:
    """A writable sink for the decryptor: splits lines and checks each; ``on_record(kind, row)``
    receives every record (a tuple in the column order) once its line passed every check: canonical,
    in order, of the sender's own records, and within the domain rules."""

    def __init__(self, header: dict[str, Any], sender_role: str,
                 on_record: Callable[[str, tuple[Any, ...]], None]) -> None:
        self.header = header
        self.allowed = tuple(k for k in SENT_BY[sender_role] if k != "erasures" or header["schema"] >= ERASURE_SCHEMA)
        if sender_role == "commune" and header["schema"] >= HISTORY_SCHEMA:
            self.allowed += (HISTORY_KIND,)
        self._last_n = 0
        self.on_record = on_record
        self.receipt: dict[str, int] | None = None
        self.records = 0
        self._buffer = b""
        self._state = "first"
        self._last_kind = -1

    def write(self, data: bytes) -> int:
        buffer = self._buffer + data if self._buffer else bytes(data)
        start = 0
        while True:  # the lines of the block, without copying what follows each one
            cut = buffer.find(b"\n", start)
            if cut < 0:
                break
            self._line(buffer[start:cut])
            start = cut + 1
        self._buffer = buffer[start:]
        if len(self._buffer) > MAX_LINE_BYTES:
            raise _bad(_("a line is too long"))
        return len(data)

    def flush(self) -> None:
        """Nothing is held back but an unfinished line, which :meth:`finish` refuses."""

    def finish(self) -> None:
        """After the last byte: the payload must have ended with its end line."""
        if self._buffer or self._state != "done":
            raise _bad(_("it ends too early"))
        if self.records != self.header["records"]:
            raise _bad(_("it does not hold the number of records its header says"))

    def _parse(self, line: bytes) -> Any:
        if len(line) > MAX_LINE_BYTES:
            raise _bad(_("a line is too long"))
        try:
            value = parse_plain(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _bad(_("a line is not valid JSON")) from None
        try:
            canonical = canonical_bytes(value)
        except UnicodeEncodeError:  # a lone surrogate, written as an escape: not text
            raise _bad(_("a text holds a character that is not text (a lone surrogate)")) from None
        if canonical != line:
            raise _bad(_("a line is not in the canonical form"))
        return value

    def _line(self, line: bytes) -> None:
        value = self._parse(line)
        if self._state == "first":
            self._first(value)
        elif self._state == "records" and isinstance(value, dict):
            if set(value) != {"end"} or value["end"] != self.records:
                raise _bad(_("the end line is wrong"))
            self._state = "done"
        elif self._state == "records":
            self._record(value)
        else:
            raise _bad(_("there is more after the end line"))

    def _first(self, value: Any) -> None:
        h = self.header
        if (not isinstance(value, dict) or set(value) != {"bundle_id", "from", "receipt", "to"}
                or value["bundle_id"] != h["bundle_id"] or value["from"] != h["from"] or value["to"] != h["to"]):
            raise _bad(_("it does not belong to its header"))
        receipt = value["receipt"]
        if receipt is not None:
            if (not isinstance(receipt, dict) or set(receipt) != {"applied_through", "last_number"}
                    or not all(_count(v) for v in receipt.values())):
                raise _bad(_("the receipt is not valid"))
            self.receipt = receipt
        self._state = "records"

    def _record(self, value: Any) -> None:
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
                and isinstance(value[1], list)):
            raise _bad(_("a record is not valid"))
        kind, row = value[0], value[1]
        if kind not in self.allowed:
            raise _bad(_("it holds records its sender may not write"))
        order = _ORDER[kind]
        if order < self._last_kind:
            raise _bad(_("its records are out of order"))
        self._last_kind = order
        if kind == HISTORY_KIND:
            self._history(row)
            return
        columns, later = KINDS[kind], ()
        if kind in _LATER and self.header["schema"] < _LATER[kind][0]:
            later = _LATER[kind][1]
            columns = columns[:len(columns) - len(later)]
        if len(row) != len(columns):
            raise _bad(_("a record is not valid"))
        for value_, (_name, type_name) in zip(row, columns):
            if not isinstance(value_, _PY[type_name]) or isinstance(value_, bool):
                raise _bad(_("a record is not valid"))
            if isinstance(value_, str) and not unicodedata.is_normalized("NFC", value_):
                raise _bad(_("a text is not in Unicode NFC"))
            if isinstance(value_, int) and not -MAX_COUNT <= value_ <= MAX_COUNT:
                raise _bad(_("a record holds an absurd number"))
        row = [*row, *later]
        record = dict(zip((c for c, _t in KINDS[kind]), row))
        self._check_record(kind, record)
        problems = record_problems(kind, record)  # the same domain rules as every other way in
        if problems:
            raise BundleError(_("The record %(id)s (%(kind)s) is not valid: %(problem)s")
                              % {"id": record["id"][:40], "kind": KIND_NAMES[kind](),
                                 "problem": _one_line(describe_problem(problems[0]))}, "invalid_record")
        self.records += 1
        self.on_record(kind, tuple(row))

    def _history(self, row: list[Any]) -> None:
        """A history line: typed, of the sender's chain, in its range, numbers increasing up to the
        signed head, and well formed (core/record_rules.history_problem)."""
        h = self.header
        if len(row) != len(HISTORY_COLUMNS) or not all(
                isinstance(v, _PY[t]) and not isinstance(v, bool) for v, (_c, t) in zip(row, HISTORY_COLUMNS)):
            raise _bad(_("a history entry is not valid"))
        origin, n, seq, body, entry_hash, kept = row
        if origin != h["from"]:
            raise BundleError(_("The bundle holds history entries of another office than the one that signed it."),
                              "origin")
        if not h["base"] < seq <= h["upto"]:
            raise BundleError(_("The bundle holds absurd change numbers."), "absurd")
        if not self._last_n < n <= h["history"]["n"]:
            raise _bad(_("its history entries are not in the increasing order of their numbers, up to the head "
                         "its header signs"))
        self._last_n = n
        if not _HASH.fullmatch(entry_hash):
            raise _bad(_("the hash of a history entry is not 64 hexadecimal digits"))
        problem = history_problem(origin, n, body, kept)
        if problem:
            raise BundleError(_("The history entry %(n)d is not valid: %(problem)s")
                              % {"n": n, "problem": _one_line(problem)}, "invalid_history")
        self.records += 1
        self.on_record(HISTORY_KIND, tuple(row))

    def _check_record(self, kind: str, record: dict[str, Any]) -> None:
        h = self.header
        if record["origin"] != h["from"] or not record["id"].startswith(h["from"] + "-"):
            raise BundleError(_("The bundle holds records of another office than the one that signed it."),
                              "origin")
        if not h["base"] < record["seq"] <= h["upto"] or not 1 <= record["version"] <= MAX_VERSION:
            raise BundleError(_("The bundle holds absurd change numbers."), "absurd")
        if kind == "tombstones" and record["kind"] not in RECORD_KINDS:
            raise _bad(_("a deletion names an unknown kind of record"))
        if kind == "messages" and record["commune"] != h["to"]:
            raise _bad(_("it holds messages for another commune"))
        # Every reference stays inside the records of one office: the sender's own, or for a
        # reply the receiving commune's opinion.
        owner = h["to"] if kind == "messages" else h["from"]
        for column in REFERENCES.get(kind, ()):
            target = record[column]
            if target is not None and not target.startswith(owner + "-"):
                raise BundleError(
                    _("The record %(id)s (%(kind)s) points with %(column)s to %(target)s, a record of another "
                      "office; a bundle may only refer to its own office's records.")
                    % {"id": record["id"][:40], "kind": KIND_NAMES[kind](), "column": column,
                       "target": target[:40]}, "foreign")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT

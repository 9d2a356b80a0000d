"""An enrolled commune writing history lines from docs/bundle-format.md to get past the upper
level's gate: every line exactly typed and well formed, or the whole bundle is refused with a
sentence and nothing of it applied; a well-formed line that does not continue the chain is applied
as evidence and flags the commune's history."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qcdc_desktop.core.history import GENESIS
from qcdc_desktop.core.serialize import canonical_bytes
from qcdc_desktop.db import history, sync_store
from qcdc_desktop.db.sync_apply import KINDS, outgoing
from qcdc_desktop.db.sync_history import history_checks_of, outgoing_history
from qcdc_desktop.db.sync_keys import active_peer_key
from qcdc_desktop.sync.keys import ensure_office_keys
from sync_offices import add, craft, export, header_of, imported, pair, records

Line = list[Any]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """A commune with a meeting (its history holds every kind of entry: accounts, settings, keys,
    records), its upper level, and the commune's own lines as a sound bundle would carry them."""
    tmp = tmp_path_factory.mktemp("history-gate")
    commune, upper = pair(tmp)
    add(commune, 2)
    yield commune, upper, tmp
    commune.close()
    upper.close()


def _own(commune) -> tuple[list[Line], dict[str, Any], int]:
    """The commune's history lines with every personal value it may send (phone numbers too: the
    forgeries change the values of an opinion's entry)."""
    upto = sync_store.counter(commune.conn, commune.origin)
    lines = [[kind, list(row)] for kind, row in outgoing_history(commune.conn, origin=commune.origin, since=0,
                                                                 upto=upto, phones_after=0)]
    n, head_hash = history.head(commune.conn, commune.origin)
    return lines, {"hash": head_hash, "n": n}, upto


def _records(commune, upto: int) -> list[Line]:
    """The commune's records, as its bundle carries them before its history."""
    kinds = tuple(k for k in KINDS if k != "messages")
    return [[kind, list(row)] for kind, row in outgoing(commune.conn, kinds=kinds, origin=commune.origin, since=0,
                                                        upto=upto)]


def _send(commune, upper, folder: Path, lines: list[Line], *, head: dict[str, Any] | None, upto: int,
          schema: int = 2, base: int = 0):
    """Sign and encrypt ``lines`` as the commune would, and have the upper level import them."""
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, upper.origin).recv_public
    number = sync_store.last_number_from(upper, commune.origin) + 1
    fields: dict[str, Any] = {"schema": schema, "upto": upto, "base": base, "records": len(lines), "number": number}
    if head is not None:
        fields["history"] = head
    top = header_of(commune, upper.origin, **fields)
    folder.mkdir(parents=True, exist_ok=True)
    path = craft(folder / f"forged-{top['bundle_id'][:8]}.qcdcb", keys=keys, recipient=recipient, header=top,
                 records=lines)
    (report,) = imported(upper, path)
    return report


def _state(upper, origin: str):
    return (records(upper), upper.conn.execute("SELECT n, hash FROM history WHERE origin = ?", (origin,)).fetchall(),
            upper.conn.execute("SELECT * FROM history_checks").fetchall(),
            upper.conn.execute("SELECT count(*) FROM history_forks").fetchone())


def _body(line: Line, **changes: Any) -> Line:
    body = json.loads(line[1][3])
    for key, value in changes.items():
        if value is _GONE:
            del body[key]
        else:
            body[key] = value
    line[1][3] = canonical_bytes(body).decode("utf-8")
    return line


_GONE = object()


def _with_fields(lines: list[Line]) -> Line:
    """An entry of an opinion: fields in the entry, and personal values kept apart."""
    return next(line for line in lines if json.loads(line[1][3])["kind"] == "opinions")


def _kept(line: Line, change: Callable[[dict[str, Any]], None]) -> Line:
    """Change the personal values kept for an entry (their salt and canonical form kept)."""
    salt, _colon, text = line[1][5].partition(":")
    value = json.loads(text)
    change(value)
    line[1][5] = salt + ":" + canonical_bytes(value).decode("utf-8")
    return line


def _kept_text(line: Line, text: str) -> Line:
    line[1][5] = text
    return line


def _set(mapping: dict[str, Any], key: str, value: Any) -> None:
    mapping[key] = value


def _nested(depth: int) -> Any:
    return json.loads("[" * depth + "]" * depth)


# (what is forged, how, the reason word of the refusal)
FORGERIES: list[tuple[str, Callable[[list[Line], dict[str, Any], int], Any], str]] = [
    ("body not canonical", lambda ls, h, u: ls[0][1].__setitem__(3, ls[0][1][3].replace(",", ", ", 1)),
     "invalid_history"),
    ("body with a key twice", lambda ls, h, u: ls[0][1].__setitem__(3, '{"v":1,' + ls[0][1][3][1:]),
     "invalid_history"),
    ("body not JSON", lambda ls, h, u: ls[0][1].__setitem__(3, ls[0][1][3][:-1]), "invalid_history"),
    ("body without a key", lambda ls, h, u: _body(ls[0], group=_GONE), "invalid_history"),
    ("body with a key too many", lambda ls, h, u: _body(ls[0], note="x"), "invalid_history"),
    ("body of another version", lambda ls, h, u: _body(ls[0], v=2), "invalid_history"),
    ("body naming another office", lambda ls, h, u: _body(ls[0], origin="00007"), "invalid_history"),
    ("body with another number", lambda ls, h, u: _body(ls[0], n=ls[0][1][1] + 1), "invalid_history"),
    ("unknown action", lambda ls, h, u: _body(ls[0], action="rewrite"), "invalid_history"),
    ("moment not a moment", lambda ls, h, u: _body(ls[0], at="2024-06-01 08:00"), "invalid_history"),
    ("group after the entry", lambda ls, h, u: _body(ls[0], group=ls[0][1][1] + 1), "invalid_history"),
    ("group a text", lambda ls, h, u: _body(ls[0], group="1"), "invalid_history"),
    ("login with a control character", lambda ls, h, u: _body(ls[0], by="quan\x07tri"), "invalid_history"),
    ("name with a line break", lambda ls, h, u: _body(ls[0], by_name="Nguyễn\nThị"), "invalid_history"),
    ("name not NFC", lambda ls, h, u: _body(ls[0], by_name="Nguye\u0302\u0303n"), "invalid_history"),
    ("name too long", lambda ls, h, u: _body(ls[0], by_name="A" * 501), "invalid_history"),
    ("reason too long", lambda ls, h, u: _body(ls[0], reason="x" * 501), "invalid_history"),
    ("reason on two lines", lambda ls, h, u: _body(ls[0], reason="Nhập\nnhầm"), "invalid_history"),
    ("record not text", lambda ls, h, u: _body(ls[0], record=5), "invalid_history"),
    ("kind a control character", lambda ls, h, u: _body(ls[0], kind="\x00"), "invalid_history"),
    ("meeting a number", lambda ls, h, u: _body(ls[0], meeting=7), "invalid_history"),
    ("fields a list", lambda ls, h, u: _body(ls[0], fields=[]), "invalid_history"),
    ("a field with three sides", lambda ls, h, u: _body(_with_fields(ls), fields={"field": [None, "land", 1]}),
     "invalid_history"),
    ("a field with no name", lambda ls, h, u: _body(_with_fields(ls), fields={"": [None, "land"]}),
     "invalid_history"),
    ("a field's value nested deeply", lambda ls, h, u: _body(_with_fields(ls), fields={"field": [None, _nested(40)]}),
     "invalid_history"),
    ("personal fields not sorted", lambda ls, h, u: _body(_with_fields(ls), personal=sorted(
        json.loads(_with_fields(ls)[1][3])["personal"], reverse=True)), "invalid_history"),
    ("personal fields also in the entry", lambda ls, h, u: _body(_with_fields(ls), fields={"content": [None, "x"]}),
     "invalid_history"),
    ("personal fields a text", lambda ls, h, u: _body(_with_fields(ls), personal="content"), "invalid_history"),
    ("digest not hex", lambda ls, h, u: _body(_with_fields(ls), values="xyz"), "invalid_history"),
    ("digest upper case", lambda ls, h, u: _body(_with_fields(ls), values="A" * 64), "invalid_history"),
    ("no digest for personal values", lambda ls, h, u: _body(_with_fields(ls), values=None), "invalid_history"),
    ("a digest without personal values", lambda ls, h, u: _body(ls[0], personal=[], values="ab" * 32)
     if json.loads(ls[0][1][3])["values"] is None else _body(ls[0], personal=[]), "invalid_history"),
    ("values without a salt", lambda ls, h, u: _kept_text(_with_fields(ls), _with_fields(ls)[1][5].partition(":")[2]),
     "invalid_history"),
    ("values with a short salt", lambda ls, h, u: _kept_text(_with_fields(ls), _with_fields(ls)[1][5][2:]),
     "invalid_history"),
    ("values not JSON", lambda ls, h, u: _kept_text(_with_fields(ls), "ab" * 16 + ":{"), "invalid_history"),
    ("values not canonical", lambda ls, h, u: _kept_text(_with_fields(ls), "ab" * 16 + ":" + json.dumps(json.loads(
        _with_fields(ls)[1][5].partition(":")[2]), indent=1)), "invalid_history"),
    ("values for a field not recorded",
     lambda ls, h, u: _kept(_with_fields(ls), lambda v: _set(v, "ghost", [None, None])), "invalid_history"),
    ("values missing a personal field", lambda ls, h, u: _kept(_with_fields(ls), lambda v: v.pop("content")),
     "invalid_history"),
    ("a value with one side", lambda ls, h, u: _kept(_with_fields(ls), lambda v: _set(v, "content", ["x"])),
     "invalid_history"),
    ("values a list", lambda ls, h, u: _kept_text(_with_fields(ls), "ab" * 16 + ":[]"), "invalid_history"),
    ("values another word", lambda ls, h, u: _kept_text(_with_fields(ls), "withheld"), "invalid_history"),
    ("a value nested deeply", lambda ls, h, u: _kept(_with_fields(ls), lambda v: _set(v, "content", [None, _nested(40)])),
     "invalid_history"),
    ("a value nested beyond the parser", lambda ls, h, u: _kept_text(
        _with_fields(ls), "ab" * 16 + ':{"content":[null,' + "[" * 5000 + "]" * 5000 + "]}"), "invalid_history"),
    ("line of another office", lambda ls, h, u: ls[0][1].__setitem__(0, "00007"), "origin"),
    ("change number past the bundle", lambda ls, h, u: ls[-1][1].__setitem__(2, u + 1), "absurd"),
    ("change number not after the base", lambda ls, h, u: ls[0][1].__setitem__(2, 0), "absurd"),
    ("numbers repeated", lambda ls, h, u: ls[1][1].__setitem__(1, ls[0][1][1]), "payload"),
    ("numbers going back", lambda ls, h, u: ls.reverse(), "payload"),
    ("number past the signed head", lambda ls, h, u: h.__setitem__("n", h["n"] - 1), "payload"),
    ("number zero", lambda ls, h, u: ls[0][1].__setitem__(1, 0), "payload"),
    ("number as text", lambda ls, h, u: ls[0][1].__setitem__(1, str(ls[0][1][1])), "payload"),
    ("hash not hex", lambda ls, h, u: ls[0][1].__setitem__(4, "X" * 64), "payload"),
    ("hash too short", lambda ls, h, u: ls[0][1].__setitem__(4, "a" * 63), "payload"),
    ("values null", lambda ls, h, u: ls[0][1].__setitem__(5, None), "payload"),
    ("a value too few", lambda ls, h, u: ls[0][1].pop(), "payload"),
    ("a value too many", lambda ls, h, u: ls[0][1].append(""), "payload"),
    ("a flag for a number", lambda ls, h, u: ls[0][1].__setitem__(2, True), "payload"),
]


@pytest.mark.parametrize("forgery, reason", [(name, reason) for name, _how, reason in FORGERIES],
                         ids=[name for name, _how, _reason in FORGERIES])
def test_a_forged_history_line_refuses_the_whole_bundle(world, forgery: str, reason: str, english) -> None:
    commune, upper, tmp = world
    lines, head, upto = _own(commune)
    how = next(h for name, h, _r in FORGERIES if name == forgery)
    how(lines, head, upto)
    before = _state(upper, commune.origin)
    report = _send(commune, upper, tmp / "forged", lines, head=head, upto=upto)
    assert report.outcome == "rejected", (forgery, report.message)
    assert report.reason == reason, (forgery, report.reason, report.message)
    assert report.message and "\n" not in report.message and report.quarantined is not None
    if reason == "invalid_history":  # the sentence names the entry and what is wrong with it
        assert re.fullmatch(r"The history entry \d+ is not valid: \S.+", report.message), report.message
    assert _state(upper, commune.origin) == before


def test_history_lines_before_the_records_or_in_a_schema_1_bundle_are_refused(world) -> None:
    commune, upper, tmp = world
    lines, head, upto = _own(commune)
    opinion = next(["opinions", list(row)] for _kind, row in outgoing(
        commune.conn, kinds=("opinions",), origin=commune.origin, since=0, upto=upto))
    before = _state(upper, commune.origin)
    early = _send(commune, upper, tmp / "early", [lines[0], opinion], head=head, upto=upto)
    assert (early.outcome, early.reason) == ("rejected", "payload")
    old = _send(commune, upper, tmp / "old", lines, head=None, upto=upto, schema=1)
    assert (old.outcome, old.reason) == ("rejected", "payload")
    assert _state(upper, commune.origin) == before


@pytest.mark.parametrize("head", [
    None, {"n": 3}, {"hash": GENESIS, "n": 3}, {"hash": "ab" * 32, "n": 0}, {"hash": "AB" * 32, "n": 3},
    {"hash": "ab" * 32, "n": "3"}, {"hash": "ab" * 32, "n": 3, "at": "x"}, [3, "ab" * 32],
])
def test_a_schema_2_header_needs_its_signed_head_well_formed(world, head) -> None:
    commune, upper, tmp = world
    report = _send(commune, upper, tmp / "head", [], head=head, upto=1)
    assert (report.outcome, report.reason) == ("rejected", "header")


def test_a_head_beyond_the_counters_is_absurd(world) -> None:
    commune, upper, tmp = world
    report = _send(commune, upper, tmp / "absurd", [], head={"hash": "ab" * 32, "n": 2 ** 60}, upto=1)
    assert (report.outcome, report.reason) == ("rejected", "absurd")


def test_the_upper_level_may_not_send_history_down(world) -> None:
    commune, upper, tmp = world
    lines, head, upto = _own(commune)
    own = [["history", [upper.origin, *line[1][1:]]] for line in lines[:1]]
    keys = ensure_office_keys(upper)
    recipient = active_peer_key(upper, commune.origin).recv_public
    top = header_of(upper, commune.origin, schema=2, upto=upto, records=1, history=head, number=1)
    path = craft(tmp / "down.qcdcb", keys=keys, recipient=recipient, header=top, records=own)
    (report,) = imported(commune, path)
    assert (report.outcome, report.reason) == ("rejected", "payload")


# ---- well formed, but not continuing: applied, flagged ---------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path):
    commune, upper = pair(tmp_path)
    add(commune, 1)
    yield commune, upper, tmp_path
    commune.close()
    upper.close()


def test_a_signed_head_that_is_not_the_entry_held_is_flagged(fresh) -> None:
    commune, upper, tmp = fresh
    lines, head, upto = _own(commune)
    report = _send(commune, upper, tmp / "a", _records(commune, upto) + lines, head=dict(head, hash="ab" * 32),
                   upto=upto)
    assert report.outcome == "applied" and report.history_broken
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.broken_at, check.problem["code"], check.checked_through) == (head["n"], "head", head["n"])
    assert records(upper) == records(commune)


def test_a_hash_that_does_not_chain_is_flagged_and_kept_as_evidence(fresh) -> None:
    commune, upper, tmp = fresh
    lines, head, upto = _own(commune)
    n = lines[3][1][1]
    lines[3][1][4] = "cd" * 32
    report = _send(commune, upper, tmp / "a", _records(commune, upto) + lines, head=head, upto=upto)
    assert report.outcome == "applied" and report.counts["history"] == n - 1
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.broken_at, check.problem["code"], check.checked_through) == (n, "chain", n - 1)
    kept = upper.conn.execute("SELECT n, hash, bundle_id FROM history_forks ORDER BY n").fetchall()
    assert kept[0] == (n, "cd" * 32, report.bundle_id) and len(kept) == len(lines) - (n - 1)
    assert records(upper) == records(commune)


def test_entries_that_start_past_the_held_head_are_a_gap(fresh) -> None:
    commune, upper, tmp = fresh
    lines, head, upto = _own(commune)
    report = _send(commune, upper, tmp / "a", _records(commune, upto) + lines[2:], head=head, upto=upto)
    assert report.outcome == "applied" and records(upper) == records(commune)
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.broken_at, check.problem["code"], check.problem["next"]) == (1, "gap", lines[2][1][1])
    assert upper.conn.execute("SELECT count(*) FROM history WHERE origin = ?", (commune.origin,)).fetchone() == (0,)


def test_a_sound_bundle_after_the_forgeries_still_applies_and_checks(world) -> None:
    commune, upper, tmp = world
    (report,) = imported(upper, export(commune, tmp / "sound"))
    assert report.outcome == "applied" and report.history.ok, report.message
    assert history.verify(upper.conn, commune.origin, own=False).ok

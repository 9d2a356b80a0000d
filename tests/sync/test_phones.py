"""Citizens' phone numbers and the upper level (Law 91/2025; docs/bundle-format.md, "Phone
numbers"): a commune's bundle carries none unless its administrator switched the sending on, and
then only those of what was written after; its records and its history keep them all the same,
and the upper level applies the bundle and checks the commune's chain as unbroken."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest

from conftest import TODAY, full_meeting
from qcdc_desktop.core.errors import NotAllowed
from qcdc_desktop.core.history import ERASED, HOME
from qcdc_desktop.core.settings import SEND_PHONES
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db import history, history_entries, sync_store
from qcdc_desktop.db.edit import save_meeting
from qcdc_desktop.db.meetings import add_meetings, get_meeting
from qcdc_desktop.db.sync_apply import KINDS, conflicts
from qcdc_desktop.db.sync_history import history_checks_of
from qcdc_desktop.db.sync_phones import holds_phone, phones_after, sends_phones, set_sends_phones
from qcdc_desktop.sync.format import read_head
from qcdc_desktop.sync.keys import set_escrow_key
from qcdc_desktop.sync.status import status_line
from sync_offices import acting_as, copy_of, export, imported, line, pair, rows_of, send_as, sending_phones

PHONES = ("0912 345 678", "+84 987 654 321", "024.3825.1234")
PHONE_AT = [column for column, _type in KINDS["opinions"]].index("phone")
CHANGED_TO = "0903 111 222"


@pytest.fixture
def offices(tmp_path: Path, english):
    """A commune and its upper level; the commune's bundles also go to an escrow key the test
    holds, so that the test reads every byte they carry."""
    commune, upper = pair(tmp_path)
    escrow = pyrage.x25519.Identity.generate()
    set_escrow_key(commune, str(escrow.to_public()))
    yield commune, upper, escrow
    commune.close()
    upper.close()


def meeting_with(store, phones: tuple[str, ...], title: str = "Hội nghị đối thoại quý I") -> str:
    """A meeting whose opinions have these phones ("" for an opinion without one)."""
    meeting = full_meeting(title=title)
    base = meeting["opinions"]
    meeting["opinions"] = [dict(base[i % 2], speaker=f"Người thứ {i + 1}", phone=phone)
                           for i, phone in enumerate(phones)]
    meeting["conclusions"][0]["opinions"] = [1]
    parsed = parse_meetings([meeting], today=TODAY)
    add_meetings(store, meetings=parsed)
    return parsed[0].id


def plaintext(bundle: Path, escrow: pyrage.x25519.Identity) -> str:
    with bundle.open("rb") as fh:
        head = read_head(fh, bundle.stat().st_size, lambda signer: None)
        fh.seek(head.payload_offset)
        return pyrage.decrypt(fh.read(), [escrow]).decode("utf-8")


def payload_lines(plain: str) -> list[list[Any]]:
    return [json.loads(text) for text in plain.splitlines()[1:-1]]


def texts(value: Any) -> Iterator[str]:
    """Every text a payload value holds, the bodies and kept values of history lines opened too."""
    if isinstance(value, str):
        yield value
        _salt, colon, kept = value.partition(":")
        for inner in (value, kept if colon else None):
            if inner and inner[:1] in "{[":
                try:
                    yield from texts(json.loads(inner))
                except ValueError:
                    pass
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts(item)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def assert_no_phone(plain: str, phones: tuple[str, ...]) -> None:
    """None of ``phones`` anywhere in a bundle's plaintext: as typed, as its digits, or as the
    digits of any text the bundle carries."""
    carried = [digits(t) for t in texts(payload_lines(plain))]
    for phone in phones:
        assert phone not in plain and digits(phone) not in plain, phone
        assert not any(digits(phone) in d for d in carried), phone


def history_lines(plain: str) -> list[list[Any]]:
    return [row for kind, row in payload_lines(plain) if kind == "history"]


def phones_held(store, origin: str) -> dict[str, str]:
    return dict(store.conn.execute("SELECT speaker, phone FROM opinions WHERE origin = ?", (origin,)))


def kept_values(store, origin: str) -> dict[int, str]:
    return dict(store.conn.execute("SELECT n, fields FROM history_values WHERE origin = ?", (origin,)))


def history_ok(upper, commune) -> None:
    """The commune's chain at the upper level: checked through its head, unbroken, verifying."""
    check = history_checks_of(upper.conn, commune.origin)
    head_n, _hash = history.head(commune.conn, commune.origin)
    assert check.ok and check.checked_through == head_n
    assert history.verify(upper.conn, commune.origin, own=False).ok
    (row,) = sync_store.sync_status(upper)
    assert f"; history checked up to entry {head_n} on " in status_line(row) and not row.history_broken


def test_a_default_bundle_carries_no_phone_number_anywhere(offices, tmp_path: Path) -> None:
    commune, upper, escrow = offices
    assert not sends_phones(commune)
    meeting_id = meeting_with(commune, (*PHONES, ""))
    meeting = get_meeting(commune, meeting_id)
    first, second, _third, fourth = meeting.opinions
    # A phone changed, one taken away, an opinion with a phone deleted: before and after in the history.
    save_meeting(commune, meeting=dataclasses.replace(meeting, opinions=[
        dataclasses.replace(first, phone=CHANGED_TO), dataclasses.replace(second, phone=""), fourth]),
        reason="Ý kiến thứ ba trùng ý kiến thứ nhất")
    bundle = export(commune, tmp_path / "up")
    plain = plaintext(bundle, escrow)

    assert_no_phone(plain, (*PHONES, CHANGED_TO))
    lines = payload_lines(plain)
    opinions = [row for kind, row in lines if kind == "opinions"]
    assert len(opinions) == 3 and all(row[PHONE_AT] == "" for row in opinions)
    # Every entry whose values hold a phone travels erased; the others keep their values.
    held = kept_values(commune, commune.origin)
    phoned = {n for n, kept in held.items() if holds_phone(kept)}
    assert len(phoned) >= 4  # three opinions added with a phone, changed, deleted
    sent = {row[1]: row[5] for row in history_lines(plain)}
    assert all(sent[n] == ERASED for n in phoned)
    home = {n for (n,) in commune.conn.execute(
        f"SELECT n FROM history WHERE origin = ? AND kind IN ({', '.join('?' * len(HOME))})",
        (commune.origin, *sorted(HOME)))}
    plain_entries = {n for n in held if n not in phoned | home}
    assert plain_entries and all(sent[n] == held[n] for n in plain_entries)
    # The commune keeps what it recorded.
    assert phones_held(commune, commune.origin) == {"Người thứ 1": CHANGED_TO, "Người thứ 2": "", "Người thứ 4": ""}
    assert ERASED not in {held[n] for n in phoned}

    (report,) = imported(upper, bundle)
    assert report.outcome == "applied" and report.conflicts == 0
    assert set(phones_held(upper, commune.origin).values()) == {""}
    history_ok(upper, commune)
    there = kept_values(upper, commune.origin)
    assert all(there[n] == ERASED for n in phoned)
    assert all(there[n] == held[n] for n in plain_entries)  # entries without a phone keep their values


def test_with_the_setting_on_the_phones_arrive_at_the_upper_level(offices, tmp_path: Path) -> None:
    commune, upper, escrow = offices
    sending_phones(commune)
    meeting_with(commune, (*PHONES, ""))
    bundle = export(commune, tmp_path / "up")
    plain = plaintext(bundle, escrow)
    assert all(phone in plain for phone in PHONES)
    (report,) = imported(upper, bundle)
    assert report.outcome == "applied" and report.conflicts == 0
    assert phones_held(upper, commune.origin) == phones_held(commune, commune.origin)
    assert sorted(phones_held(upper, commune.origin).values()) == sorted((*PHONES, ""))
    history_ok(upper, commune)
    held, there = kept_values(commune, commune.origin), kept_values(upper, commune.origin)
    phoned = {n for n, kept in held.items() if holds_phone(kept)}
    assert len(phoned) == len(PHONES) and all(there[n] == held[n] for n in phoned)


def test_switched_on_later_the_phones_go_up_of_what_is_written_afterwards_only(offices, tmp_path: Path) -> None:
    """A bundle is sent again until a receipt comes: a record of the same version must come with
    the same content, or the upper level would keep it aside as a conflict."""
    commune, upper, escrow = offices
    earlier = meeting_with(commune, ("0912 345 678", ""))
    (first,) = imported(upper, export(commune, tmp_path / "1"))  # no receipt yet: all of it goes again
    assert first.outcome == "applied"
    sending_phones(commune)
    after = phones_after(commune.conn, commune.origin)
    assert after is not None and all(seq < after for (seq,) in commune.conn.execute("SELECT seq FROM opinions"))
    meeting_with(commune, ("0987 654 321",), title="Hội nghị sau khi bật")
    again = export(commune, tmp_path / "2")
    plain = plaintext(again, escrow)
    assert_no_phone(plain, ("0912 345 678",))
    assert "0987 654 321" in plain
    held = kept_values(commune, commune.origin)
    for _origin, n, seq, _body, _hash, sent in history_lines(plain):  # the entries as the records
        if holds_phone(held.get(n, "")):
            assert sent == (held[n] if seq > after else ERASED), n
    assert any(seq > after and holds_phone(sent) for _o, _n, seq, _b, _h, sent in history_lines(plain))
    (report,) = imported(upper, again)
    assert report.outcome == "applied" and report.conflicts == 0 and conflicts(upper) == []
    by_meeting = dict(upper.conn.execute("SELECT meeting_id || ':' || speaker, phone FROM opinions"))
    assert by_meeting[f"{earlier}:Người thứ 1"] == ""
    assert "0987 654 321" in by_meeting.values()
    history_ok(upper, commune)

    # A record of before, changed afterwards, carries its phone from its new version on.
    meeting = get_meeting(commune, earlier)
    save_meeting(commune, meeting=dataclasses.replace(meeting, opinions=[
        dataclasses.replace(meeting.opinions[0], content="Đề nghị cấp giấy chứng nhận, bổ sung hồ sơ."),
        *meeting.opinions[1:]]))
    (report,) = imported(upper, export(commune, tmp_path / "3"))
    assert report.outcome == "applied" and report.conflicts == 0
    by_meeting = dict(upper.conn.execute("SELECT meeting_id || ':' || speaker, phone FROM opinions"))
    assert by_meeting[f"{earlier}:Người thứ 1"] == "0912 345 678"
    history_ok(upper, commune)


def test_switched_off_no_phone_leaves_and_what_the_upper_level_holds_is_no_conflict(
        offices, tmp_path: Path) -> None:
    commune, upper, escrow = offices
    sending_phones(commune)
    meeting_with(commune, ("0912 345 678", ""))
    while_on = export(commune, tmp_path / "on")
    set_sends_phones(commune, on=False)
    assert phones_after(commune.conn, commune.origin) is None
    while_off = export(commune, tmp_path / "off")
    assert_no_phone(plaintext(while_off, escrow), ("0912 345 678",))
    other = copy_of(upper, tmp_path / "other-upper.db")
    try:
        # The bundle made while on arrives first, then the same versions without their phone: the
        # upper level keeps the phone it was sent.
        reports = imported(upper, while_on, while_off)
        assert [r.conflicts for r in reports] == [0, 0] and conflicts(upper) == []
        assert "0912 345 678" in phones_held(upper, commune.origin).values()
        history_ok(upper, commune)
        # The other way round (a stick carried late): the one held first stays, no conflict either.
        reports = imported(other, while_off, while_on)
        assert [r.outcome for r in reports] == ["applied", "superseded"] and [r.conflicts for r in reports] == [0, 0]
        assert set(phones_held(other, commune.origin).values()) == {""}
        assert history_checks_of(other.conn, commune.origin).ok
    finally:
        other.close()


def test_the_setting_is_an_administrators_and_its_change_is_in_the_history(offices, tmp_path: Path) -> None:
    commune, _upper, escrow = offices
    clerk = acting_as(commune, "clerk")
    try:
        with pytest.raises(NotAllowed):
            set_sends_phones(clerk, on=True)
    finally:
        clerk.close()
    assert set_sends_phones(commune, on=True).settings  # the administrator who made the file
    assert not set_sends_phones(commune, on=True).settings  # already on: nothing written
    entries = [e for e in history_entries.entries(commune.conn, history_entries.Filter(origin=commune.origin, kinds=("settings",)))
               if e.record == SEND_PHONES.key]
    assert [e.action for e in entries] == ["insert"] and entries[0].by == "quantri"
    set_sends_phones(commune, on=False)
    (row,) = [r for r in history_lines(plaintext(export(commune, tmp_path / "up"), escrow))
              if json.loads(r[3])["record"] == SEND_PHONES.key and json.loads(r[3])["action"] == "update"]
    assert row[5] == ERASED  # a setting's values stay home, as every setting's


# ---- what the upper level lets through: only a phone left empty ----------------------------------


def _held_opinion(commune, upper, tmp_path: Path) -> dict[str, Any]:
    """An opinion with a phone, sent with it and applied at the upper level."""
    sending_phones(commune)
    meeting_with(commune, ("0912 345 678",))
    imported(upper, export(commune, tmp_path / "first"))
    (opinion,) = rows_of(commune, "opinions")
    return opinion


def test_the_same_version_with_its_phone_left_empty_is_the_record_held(offices, tmp_path: Path) -> None:
    commune, upper, _escrow = offices
    opinion = _held_opinion(commune, upper, tmp_path)
    report = send_as(commune, upper, tmp_path / "forged", [line("opinions", dict(opinion, phone=""))])
    assert report.outcome in ("applied", "superseded") and report.conflicts == 0, report.message
    assert conflicts(upper) == []
    assert phones_held(upper, commune.origin) == {"Người thứ 1": "0912 345 678"}


@pytest.mark.parametrize("changes", [
    {"phone": "0999 999 999"},  # another number for the same version
    {"phone": "", "content": "Nội dung khác hẳn."},  # an empty phone does not hide another change
    {"phone": "", "speaker": "Người khác"},
])
def test_the_same_version_with_anything_else_changed_is_still_a_conflict(offices, tmp_path: Path, changes) -> None:
    commune, upper, _escrow = offices
    opinion = _held_opinion(commune, upper, tmp_path)
    report = send_as(commune, upper, tmp_path / "forged", [line("opinions", dict(opinion, **changes))])
    assert report.conflicts == 1, report.message
    assert phones_held(upper, commune.origin) == {"Người thứ 1": "0912 345 678"}


def test_a_viewer_reads_the_phone_of_a_conflict_masked(offices, tmp_path: Path) -> None:
    """At the upper level a record kept aside as a conflict is shown in the Sync place to whoever
    reads it, an inspector with the role viewer too."""
    from qcdc_desktop.ui.sync.state import conflict_columns, read_sync_state

    commune, upper, _escrow = offices
    opinion = _held_opinion(commune, upper, tmp_path)
    send_as(commune, upper, tmp_path / "forged", [line("opinions", dict(opinion, phone="+84 999 888 777"))])
    (full,) = conflicts(upper)
    assert json.loads(full["incoming"])["phone"] == "+84 999 888 777"
    viewer = acting_as(upper, "viewer")
    try:
        (seen,) = conflicts(viewer)
        shown = read_sync_state(viewer).conflicts
    finally:
        viewer.close()
    assert json.loads(seen["incoming"])["phone"] == "+** *** *** 777" and "888" not in seen["incoming"]
    assert {k: v for k, v in json.loads(seen["incoming"]).items() if k != "phone"} == \
        {k: v for k, v in json.loads(full["incoming"]).items() if k != "phone"}
    cells = [column.text(conflict) for conflict in shown for column in conflict_columns()]
    assert cells and not any("888" in str(cell) for cell in cells)

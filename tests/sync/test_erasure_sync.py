"""A person's data erased at a commune is erased at the upper level from the next bundle, and stays
erased whatever older bundle comes after (docs/bundle-format.md, "Erasures, schema 3"); an
enrolled commune cannot erase another commune's history through an erasure record."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from qcdc_desktop.core.history import ERASED
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.personal import Person, erasure_marker
from qcdc_desktop.db import history
from qcdc_desktop.db.messages import add_reply
from qcdc_desktop.db.personal_erase import erase_person
from qcdc_desktop.db.search import search
from qcdc_desktop.db.sync_phones import set_sends_phones
from qcdc_desktop.db.sync_history import history_checks_of
from qcdc_desktop.sync.format import ERASURE_SCHEMA, HISTORY_SCHEMA, read_head
from sync_offices import add, enrol, export, imported, line, office, outcomes, rows_of, send_as

TODAY = dt.date(2026, 12, 6)
MARKER = erasure_marker(TODAY)


def _schema(path: Path) -> int:
    with path.open("rb") as fh:
        return int(read_head(fh, path.stat().st_size, lambda signer: None).header["schema"])


def _kept_values(store, origin: str) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT fields FROM history_values WHERE origin = ?", (origin,))]


@pytest.fixture
def province(tmp_path: Path):
    upper = office(tmp_path / "upper", "01", "upper")
    communes = [office(tmp_path / code, code) for code in ("00004", "00008")]
    for commune in communes:
        enrol(commune, upper)
        set_sends_phones(commune, on=True)  # the opinions' values, phone included, reach the upper level
        add(commune, 2)  # "Người 0" speaks first in each commune's meeting, with a phone
    yield upper, *communes
    for store in (upper, *communes):
        store.close()


def test_an_erasure_reaches_the_upper_level_and_no_older_bundle_brings_the_values_back(province,
                                                                                     tmp_path: Path) -> None:
    upper, commune, neighbour = province
    first = export(commune, tmp_path / "first")
    assert _schema(first) == HISTORY_SCHEMA  # nothing erased yet: readable by an upper level not yet updated
    older_copy = shutil.copy(first, tmp_path / "older.qcdcb")
    assert outcomes(imported(upper, first, export(neighbour, tmp_path / "n1"))) == ["applied", "applied"]
    opinion = next(r for r in rows_of(commune, "opinions") if r["position"] == 1)
    speaker = opinion["speaker"]  # "Người 0", in both communes
    reply = add_reply(upper, opinion_id=opinion["id"],
                      content=f"Trả lời {speaker}: đã chuyển Sở Tài nguyên và Môi trường.", issued_on=TODAY)
    assert any(speaker in v for v in _kept_values(upper, commune.origin))

    report = erase_person(commune, Person(speaker), cause="request", reason="Đơn yêu cầu ngày 01/12/2026",
                          today=TODAY)
    assert report.records
    second = export(commune, tmp_path / "second")
    assert _schema(second) == ERASURE_SCHEMA
    assert outcomes(imported(upper, second)) == ["applied"]

    erased = next(r for r in rows_of(commune, "opinions") if r["id"] == opinion["id"])
    held = upper.conn.execute("SELECT speaker, content, phone FROM opinions WHERE id = ?", (opinion["id"],)).fetchone()
    assert tuple(held) == (MARKER, MARKER, "") == (erased["speaker"], erased["content"], erased["phone"])
    assert not any(speaker in v for v in _kept_values(upper, commune.origin))
    assert ERASED in _kept_values(upper, commune.origin)
    assert opinion["id"] not in {h.id for h in search(upper, speaker, limit=1000)}
    assert history_checks_of(upper.conn, commune.origin).ok  # the chain still checks
    assert history.verify(upper.conn, commune.origin, own=False).ok
    # The upper level's own reply to the erased opinion is erased too (a new version, sent down).
    (content, version) = upper.conn.execute("SELECT content, version FROM messages WHERE id = ?",
                                            (reply,)).fetchone()
    assert (content, version) == (MARKER, 2)
    # The neighbour's records, of the same name, are the neighbour's: untouched.
    assert upper.conn.execute("SELECT count(*) FROM opinions WHERE origin = ? AND speaker = ?",
                              (neighbour.origin, speaker)).fetchone()[0] == 1

    # The first bundle again (a copy found later on a stick): nothing comes back.
    assert outcomes(imported(upper, Path(older_copy))) == ["already"]
    renamed = shutil.copy(older_copy, tmp_path / "renamed.qcdcb")
    imported(upper, Path(renamed))
    held = upper.conn.execute("SELECT speaker FROM opinions WHERE id = ?", (opinion["id"],)).fetchone()
    assert held[0] == MARKER and not any(speaker in v for v in _kept_values(upper, commune.origin))


def test_an_erasure_naming_another_commune_s_entries_erases_only_the_sender_s(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    assert outcomes(imported(upper, export(attacker, tmp_path / "a"), export(victim, tmp_path / "v"))) == [
        "applied", "applied"]
    victim_values = _kept_values(upper, victim.origin)
    (own_n,) = upper.conn.execute("SELECT max(n) FROM history_values WHERE origin = ?", (attacker.origin,)).fetchone()
    forged = {"id": IdMaker(attacker.origin)(), "origin": attacker.origin, "version": 1, "seq": 1,
              "updated_at": "2026-12-06T00:00:00+00:00", "erased_on": "2026-12-06", "cause": "request",
              "records": json.dumps([rows_of(victim, "opinions")[0]["id"]]),
              "entries": json.dumps([[victim.origin, n] for n in range(1, 40)] + [[attacker.origin, own_n]])}
    report = send_as(attacker, upper, tmp_path / "forged", [line("erasures", forged)], schema=ERASURE_SCHEMA,
                     history={"hash": history.head(attacker.conn, attacker.origin)[1],
                              "n": history.head(attacker.conn, attacker.origin)[0]},
                     base=0)
    assert report.outcome == "applied", report.message
    assert upper.conn.execute("SELECT fields FROM history_values WHERE origin = ? AND n = ?",
                              (attacker.origin, own_n)).fetchone()[0] == ERASED  # its own: erased
    assert _kept_values(upper, victim.origin) == victim_values  # not one value of the victim erased


def test_an_erasure_in_a_bundle_of_an_earlier_schema_is_refused(province, tmp_path: Path) -> None:
    upper, commune, _neighbour = province
    forged = {"id": IdMaker(commune.origin)(), "origin": commune.origin, "version": 1, "seq": 1,
              "updated_at": "2026-12-06T00:00:00+00:00", "erased_on": "2026-12-06", "cause": "request",
              "records": "[]", "entries": "[]"}
    report = send_as(commune, upper, tmp_path / "forged", [line("erasures", forged)], schema=1)
    assert report.outcome == "rejected"

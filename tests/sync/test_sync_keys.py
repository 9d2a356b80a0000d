"""Keys at rest, fingerprints, key cards, enrolment rules, rotation and revocation."""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import InputFileError, KeyStoreError
from qcdc_desktop.db import sync_keys
from qcdc_desktop.sync import keys as keys_module
from qcdc_desktop.sync.cards import make_card, parse_card, revoke_key, trust_card
from qcdc_desktop.sync.keys import ensure_office_keys, fingerprint, normal_fingerprint, rotate_keys
from sync_offices import add, export, imported, office, outcomes, pair, records

FINGERPRINT = re.compile(r"[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}")


def test_a_fingerprint_is_twenty_crockford_letters_in_fours_groups_and_follows_both_keys() -> None:
    one = fingerprint(b"\x01" * 32, "age1abc")
    assert FINGERPRINT.fullmatch(one)
    assert one == fingerprint(b"\x01" * 32, "age1abc")
    assert one != fingerprint(b"\x02" + b"\x01" * 31, "age1abc") != fingerprint(b"\x01" * 32, "age1abd")
    assert normal_fingerprint(one.lower().replace("-", " ")) == one
    assert normal_fingerprint("oil11-22222-33333-44444") == "01111-22222-33333-44444"


def test_a_sealed_key_from_another_office_does_not_open(tmp_path: Path) -> None:
    a, b = office(tmp_path / "a"), office(tmp_path / "b", "00008")
    sealed = sync_keys.own_keys(a)[0].sealed
    b.conn.execute("UPDATE sync_keys SET sealed = ?", (sealed,))
    with pytest.raises(KeyStoreError):
        keys_module.unlock_keys(b)


def test_a_card_carries_the_public_keys_only_and_reads_back(tmp_path: Path) -> None:
    store = office(tmp_path / "c")
    text = make_card(store)
    unlocked = ensure_office_keys(store)
    assert "SECRET" not in text and base64.b64encode(unlocked.signer.private_bytes_raw()).decode() not in text
    card = parse_card(text.encode())
    assert (card.unit_code, card.role, card.fingerprint) == ("00004", "commune", unlocked.fingerprint)


@pytest.mark.parametrize("change", [
    lambda c: c.update(unit_code="00008"),
    lambda c: c.update(recv_key=c["recv_key"][:-1] + ("q" if c["recv_key"][-1] != "q" else "p")),
    lambda c: c.update(fingerprint="AAAAA-AAAAA-AAAAA-AAAAA"),
    lambda c: c.pop("rotation"),
    lambda c: c.update(extra=1),
])
def test_an_altered_card_is_refused(tmp_path: Path, change) -> None:
    store = office(tmp_path / "c")
    card = json.loads(make_card(store))
    change(card)
    with pytest.raises(InputFileError):
        parse_card(json.dumps(card).encode())


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"[]", b"{" * 100, b"x" * 70_000])
def test_what_is_not_a_card_is_refused_in_a_sentence(data: bytes) -> None:
    with pytest.raises(InputFileError):
        parse_card(data)


def test_enrolment_rules(tmp_path: Path) -> None:
    commune, upper = office(tmp_path / "c"), office(tmp_path / "u", "01", "upper")
    neighbour = office(tmp_path / "n", "00008")
    far = office(tmp_path / "far", "25747")
    other_upper = office(tmp_path / "hcm", "79", "upper")
    with pytest.raises(KeyStoreError):
        trust_card(commune, make_card(neighbour).encode())  # a commune trusts only an upper level
    with pytest.raises(KeyStoreError):
        trust_card(upper, make_card(far).encode())  # a commune of another province
    with pytest.raises(KeyStoreError):
        trust_card(upper, make_card(other_upper).encode())
    with pytest.raises(KeyStoreError):
        trust_card(upper, make_card(upper).encode())
    with pytest.raises(KeyStoreError):
        trust_card(upper, make_card(commune).encode(), expected_fingerprint="AAAAA-AAAAA-AAAAA-AAAAA")
    given = ensure_office_keys(commune).fingerprint.lower()
    assert trust_card(upper, make_card(commune).encode(), expected_fingerprint=given).outcome == "enrolled"
    assert trust_card(upper, make_card(commune).encode()).outcome == "already"
    assert trust_card(commune, make_card(upper).encode()).outcome == "enrolled"
    with pytest.raises(KeyStoreError):
        trust_card(commune, make_card(other_upper).encode())  # one upper level per commune


def test_a_rotated_key_is_taken_on_the_old_keys_word_and_old_bundles_still_open(tmp_path: Path) -> None:
    commune, upper = pair(tmp_path)
    add(commune, 1)
    before_rotation = export(commune, tmp_path / "a")
    old = ensure_office_keys(commune).fingerprint
    new = rotate_keys(commune)
    assert new.fingerprint != old
    add(commune, 1, title="Sau khi đổi khoá")
    after_rotation = export(commune, tmp_path / "b")
    assert outcomes(imported(upper, after_rotation)) == ["rejected"]  # the new key is not known yet
    assert trust_card(upper, make_card(commune).encode()).outcome == "rotated"
    assert outcomes(imported(upper, before_rotation, after_rotation)) == ["applied", "applied"]
    assert records(upper) == records(commune)
    # The upper level rotates too: the commune still opens what was encrypted to its old key.
    imported(upper, export(commune, tmp_path / "c"))
    down = export(upper, tmp_path / "down", destination="00004")
    rotate_keys(upper)
    assert outcomes(imported(commune, down)) == ["applied"]


def test_a_card_for_a_new_key_without_the_old_keys_signature_is_refused(tmp_path: Path) -> None:
    commune, upper = pair(tmp_path)
    impostor = office(tmp_path / "impostor", "00004")  # a second file claiming the same commune
    with pytest.raises(KeyStoreError):
        trust_card(upper, make_card(impostor).encode())


def test_a_revoked_key_is_refused_and_the_office_can_enrol_again(tmp_path: Path, english) -> None:
    commune, upper = pair(tmp_path)
    add(commune, 1)
    bundle = export(commune, tmp_path / "a")
    revoke_key(upper, ensure_office_keys(commune).fingerprint)
    (report,) = imported(upper, bundle)
    assert report.outcome == "rejected" and report.reason == "revoked"
    assert "Phường Ba Đình (00004)" in report.message and "enrols again" in report.message
    with pytest.raises(KeyStoreError):
        trust_card(upper, make_card(commune).encode())  # never trusted again
    with pytest.raises(KeyStoreError):
        revoke_key(upper, "AAAAA-AAAAA-AAAAA-AAAAA")
    # The commune makes new keys (its old ones were stolen) and enrols afresh by paper.
    shutil.rmtree(tmp_path / "commune")
    fresh = office(tmp_path / "commune")
    assert trust_card(upper, make_card(fresh).encode()).outcome == "enrolled"


def test_an_export_to_an_upper_level_whose_key_was_revoked_says_so_rather_than_nothing_new(tmp_path: Path) -> None:
    from qcdc_desktop.sync.export import export_all

    commune, upper = pair(tmp_path)
    export(commune, tmp_path / "a")
    revoke_key(commune, ensure_office_keys(upper).fingerprint)
    with pytest.raises(KeyStoreError, match="01"):
        export_all(commune, tmp_path / "a")  # not «nothing new»: no bundle can go to it at all

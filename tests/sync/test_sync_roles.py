"""Sync's writes obey the roles at the database layer (docs/roles.md): a viewer neither writes nor
applies bundles, only an admin changes keys, trusted offices, the escrow key or repairs; a refusal
changes nothing."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from qcdc_desktop.core.errors import NotAllowed
from qcdc_desktop.db import sync_keys, sync_store
from qcdc_desktop.db.damaged import remove_records, resend_from
from qcdc_desktop.sync.cards import make_card, revoke_key, trust_card
from qcdc_desktop.sync.export import export_all, export_bundle
from qcdc_desktop.sync.importer import import_bundles
from qcdc_desktop.sync.keys import ensure_office_keys, rotate_keys, set_escrow_key
from sync_offices import acting_as, add, export, imported, office, outcomes, pair, records


def _sync_state(store) -> tuple:
    """Everything sync keeps in the file, to compare before and after a refusal."""
    tables = ("sync_keys", "sync_peers", "sync_peer_keys", "sync_bundles_in", "sync_bundles_out",
              "sync_conflicts")
    return (tuple(tuple(store.conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()) for t in tables),
            sync_keys.escrow_recipient(store), records(store))


@pytest.mark.parametrize("role", ["viewer", "clerk", "leader"])
def test_only_an_admin_changes_keys_trusted_offices_escrow_or_repairs(tmp_path: Path, role: str) -> None:
    _commune, upper = pair(tmp_path)
    stranger = office(tmp_path / "stranger", "00008")  # a commune of the same province, not enrolled yet
    card = make_card(stranger).encode()
    commune_fingerprint = sync_keys.active_peer_key(upper, "00004").fingerprint
    escrow = str(pyrage.x25519.Identity.generate().to_public())
    someone = acting_as(upper, role)
    before = _sync_state(upper)
    refused = [
        lambda: rotate_keys(someone),
        lambda: make_card(someone),
        lambda: trust_card(someone, card),
        lambda: revoke_key(someone, commune_fingerprint),
        lambda: set_escrow_key(someone, escrow),
        lambda: resend_from(someone, "00004"),
        lambda: remove_records(someone, ["no-such-record"]),
        lambda: sync_keys.store_own_key(someone, key_id="X", sign_public=b"\x01" * 32, recv_public="age1x",
                                         sealed=b"\x00" * 40),
        lambda: sync_keys.trust_peer_key(someone, unit_code="00008", name="x", role="commune",
                                          sign_public=b"\x02" * 32, recv_public="age1y", fingerprint="F",
                                          card="{}", retire_others=True),
        lambda: sync_keys.revoke_peer_key(someone, fingerprint=commune_fingerprint),
        lambda: sync_keys.set_escrow_recipient(someone, escrow),
    ]
    for attempt in refused:
        with pytest.raises(NotAllowed):
            attempt()
    assert _sync_state(upper) == before
    # The admin, on the same file, may do each of them.
    assert trust_card(upper, card).outcome == "enrolled"
    set_escrow_key(upper, escrow)
    resend_from(upper, "00004")
    assert rotate_keys(upper).state == "active"
    revoke_key(upper, commune_fingerprint)
    someone.close()


def test_a_viewer_neither_exports_nor_imports_and_a_clerk_does_both(tmp_path: Path) -> None:
    commune, upper = pair(tmp_path)
    add(commune, 2)
    bundle = export(commune, tmp_path / "first")
    add(commune, 1, title="Sau")
    looking_commune, looking_upper = acting_as(commune, "viewer"), acting_as(upper, "viewer")
    commune_before, upper_before = _sync_state(commune), _sync_state(upper)
    stick = tmp_path / "stick"
    stick.mkdir()
    for attempt in (lambda: export_bundle(looking_commune, stick), lambda: export_all(looking_commune, stick),
                    lambda: sync_store.reserve_bundle_number(looking_commune, "01"),
                    lambda: sync_store.record_export(looking_commune, bundle_id="b" * 32, destination="01",
                                                     number=9, base=0, upto=1, created_at="2024-06-01",
                                                     file_name="x", counts={}, digest="0" * 64),
                    lambda: import_bundles(looking_upper, [bundle]),
                    lambda: sync_store.owe_receipt(looking_upper, "00004"),
                    lambda: sync_store.apply_transaction(looking_upper).__enter__()):
        with pytest.raises(NotAllowed):
            attempt()
    assert list(stick.iterdir()) == []
    assert (_sync_state(commune), _sync_state(upper)) == (commune_before, upper_before)
    assert bundle.exists()
    looking_commune.close()
    looking_upper.close()

    writing_commune, writing_upper = acting_as(commune, "clerk"), acting_as(upper, "clerk")
    second = export(writing_commune, stick)
    assert outcomes(imported(writing_upper, bundle, second)) == ["applied", "applied"]
    assert records(upper) == records(commune)
    writing_commune.close()
    writing_upper.close()


def test_a_viewer_gets_the_office_keys_made_the_first_time_as_keys_show_does(tmp_path: Path) -> None:
    store = office(tmp_path / "c")
    with store.transaction() as conn:
        conn.execute("DELETE FROM sync_keys")  # a file made by an earlier set-up wizard
    viewer = acting_as(store, "viewer")
    made = ensure_office_keys(viewer)
    assert [k.key_id for k in sync_keys.own_keys(store)] == [made.fingerprint]
    with pytest.raises(NotAllowed):
        rotate_keys(viewer)
    viewer.close()

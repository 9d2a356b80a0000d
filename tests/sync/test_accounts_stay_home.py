"""The office's accounts are its own: a bundle never carries them, and applying one leaves the
receiving office's accounts as they were.  Its history travels whole (the chain has no gap), with
the login and name of whoever made each change (the upper level sees who did it), but the values
of the entries about accounts stay home."""

from __future__ import annotations

import json
from pathlib import Path

import pyrage

from qcdc_desktop.db.sync_apply import KINDS
from conftest import PASSWORD
from qcdc_desktop.core.roles import Operation
from qcdc_desktop.db.accounts import add_account
from qcdc_desktop.db.users import list_users
from qcdc_desktop.sync.format import read_head
from qcdc_desktop.sync.keys import set_escrow_key
from sync_offices import add, export, imported, outcomes, pair


def test_an_exported_bundle_carries_no_account(tmp_path: Path) -> None:
    assert "users" not in KINDS
    commune, upper = pair(tmp_path)
    try:
        first_admin = commune.require(Operation.MANAGE_USERS)  # made with the data file
        admin = add_account(commune, login="chutich", full_name="Nguyễn Văn Phúc", title="Chủ tịch UBND phường",
                            role="admin", password=PASSWORD)
        add_account(commune, login="vanthu.hoa", full_name="Trần Thị Quỳnh Hoa", title="Văn thư", role="clerk",
                    password=PASSWORD)
        add_account(upper, login="chuyenvien", full_name="Lê Văn Khoa", title="Chuyên viên", role="admin",
                    password=PASSWORD)
        escrow = pyrage.x25519.Identity.generate()
        set_escrow_key(commune, str(escrow.to_public()))
        add(commune, 2)
        bundle = export(commune, tmp_path / "up")
        with bundle.open("rb") as fh:
            head = read_head(fh, bundle.stat().st_size, lambda signer: None)
            fh.seek(head.payload_offset)
            plain = pyrage.decrypt(fh.read(), [escrow]).decode("utf-8")
        assert '"opinions"' in plain  # the bundle was read: the records are there
        for account_text in ("chutich", "vanthu.hoa", "Quỳnh Hoa", "Phúc", '"users"'):
            assert account_text not in plain, account_text
        # Who added the accounts and the meeting is named with the changes, and the accounts' entries
        # are in the chain (by their ids), their values as erased (their digests in the entries).
        assert first_admin.login in plain and first_admin.full_name in plain
        assert admin.id in plain and first_admin.id in plain
        lines = [json.loads(line) for line in plain.splitlines()[1:] if line.startswith("[")]
        assert {kind for kind, _row in lines} == {*(kind for kind, _row in lines if kind in KINDS), "history"}
        accounts = [row for kind, row in lines if kind == "history" and json.loads(row[3])["kind"] == "users"]
        assert len(accounts) == 3 and all(row[5] == "erased" for row in accounts)

        assert outcomes(imported(upper, bundle)) == ["applied"]
        assert [u.login for u in list_users(upper)] == ["quantri", "chuyenvien"]
        assert [u.id for u in list_users(upper)][0] != first_admin.id  # each office's own first admin
        assert [u.login for u in list_users(commune)] == ["quantri", "chutich", "vanthu.hoa"]
    finally:
        commune.close()
        upper.close()

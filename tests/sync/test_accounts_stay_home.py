"""The office's accounts are its own: a bundle never carries them, and applying one leaves the
receiving office's accounts as they were."""

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
        for account_text in ("chutich", "vanthu.hoa", "Quỳnh Hoa", "Phúc", admin.id, first_admin.id,
                             first_admin.login, first_admin.full_name, '"users"'):
            assert account_text not in plain, account_text
        kinds = {json.loads(line)[0] for line in plain.splitlines()[1:] if line.startswith("[")}
        assert kinds and kinds <= set(KINDS)

        assert outcomes(imported(upper, bundle)) == ["applied"]
        assert [u.login for u in list_users(upper)] == ["quantri", "chuyenvien"]
        assert [u.id for u in list_users(upper)][0] != first_admin.id  # each office's own first admin
        assert [u.login for u in list_users(commune)] == ["quantri", "chutich", "vanthu.hoa"]
    finally:
        commune.close()
        upper.close()

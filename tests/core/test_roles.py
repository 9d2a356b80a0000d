"""core/roles.py: the role × operation matrix, the refusal sentence, phone masking, and the
agreement of docs/roles.md's table with the code."""

from __future__ import annotations

import re

import pytest

from qcdc_desktop import l10n
from qcdc_desktop.core.errors import NotAllowed, QcdcError
from qcdc_desktop.core.roles import (
    GRANTS, ROLES, Operation, Role, allowed, mask_phone, operation_label, phone_for, require, role_label,
)

from conftest import ROOT

# Written out independently of core/roles.py: which of admin, leader, clerk, viewer ("ALCV") may.
EXPECTED: dict[str, str] = {
    "read": "ALCV", "see_phone_numbers": "ALC", "report": "ALCV", "dump": "ALCV", "print": "ALCV",
    "check_file": "ALCV", "change_own_password": "ALCV",
    "record_meetings": "ALC", "follow_up": "ALC", "issue_documents": "ALC", "import_register": "ALC",
    "export_bundles": "ALC", "import_bundles": "ALC", "write_messages": "ALC", "backup": "ALC",
    "read_history": "AL", "person_requests": "ALC", "find_person": "AL", "erase_person": "AL", "delete_meetings": "AL", "correct_documents": "AL", "cancel_documents": "AL",
    "manage_users": "A", "manage_officials": "A", "office_settings": "A", "manage_keys": "A", "escrow": "A",
    "restore": "A", "repair": "A", "demo": "A",
}
LETTER = {Role.ADMIN: "A", Role.LEADER: "L", Role.CLERK: "C", Role.VIEWER: "V"}
CELLS = [(role, operation) for operation in Operation for role in ROLES]


def test_the_expectation_names_every_operation_once() -> None:
    assert sorted(EXPECTED) == sorted(op.value for op in Operation)
    assert set(GRANTS) == set(Operation)


@pytest.mark.parametrize(("role", "operation"), CELLS, ids=[f"{r.value}-{o.value}" for r, o in CELLS])
def test_every_cell_of_the_matrix(role: Role, operation: Operation) -> None:
    expected = LETTER[role] in EXPECTED[operation.value]
    assert allowed(role, operation) is expected
    if expected:
        require(role, operation)  # returns quietly
    else:
        with pytest.raises(NotAllowed) as refused:
            require(role, operation)
        assert refused.value.code == "not_allowed"
        assert (refused.value.role, refused.value.operation) == (role.value, operation.value)
        assert isinstance(refused.value, QcdcError)


def test_roles_are_stored_by_their_codes() -> None:
    assert [r.value for r in ROLES] == ["admin", "leader", "clerk", "viewer"]
    assert Role("viewer") is Role.VIEWER
    with pytest.raises(ValueError):
        Role("superuser")


def test_the_admin_may_do_everything_and_the_viewer_only_reads() -> None:
    assert all(allowed(Role.ADMIN, op) for op in Operation)
    viewer_may = {op.value for op in Operation if allowed(Role.VIEWER, op)}
    assert viewer_may == {"read", "report", "dump", "print", "check_file", "change_own_password"}
    # Each role may do at least what the one below it may.
    for higher, lower in zip(ROLES, ROLES[1:]):
        assert all(allowed(higher, op) for op in Operation if allowed(lower, op)), (higher, lower)


def test_the_refusal_names_the_role_and_what_was_refused_in_vietnamese() -> None:
    with pytest.raises(NotAllowed) as refused:
        require(Role.VIEWER, Operation.DELETE_MEETINGS)
    assert refused.value.message == ("Tài khoản có vai trò «xem» không được xóa hội nghị; việc này dành cho: "
                                     "«quản trị», «lãnh đạo».")
    with pytest.raises(NotAllowed) as refused:
        require(Role.CLERK, Operation.CANCEL_DOCUMENTS)
    assert refused.value.message == ("Tài khoản có vai trò «công chức, văn thư» không được hủy văn bản đã ban hành; "
                                     "việc này dành cho: «quản trị», «lãnh đạo».")
    with pytest.raises(NotAllowed) as refused:
        require(Role.LEADER, Operation.MANAGE_USERS)
    assert refused.value.message == ("Tài khoản có vai trò «lãnh đạo» không được quản lý tài khoản người dùng; "
                                     "việc này dành cho: «quản trị».")


def test_the_refusal_in_english(english: None) -> None:
    with pytest.raises(NotAllowed) as refused:
        require(Role.VIEWER, Operation.RECORD_MEETINGS)
    assert refused.value.message == ("An account with the role «viewer» may not record or change meetings; "
                                     "this is for: «administrator», «leader», «clerk».")


@pytest.mark.parametrize("operation", list(Operation), ids=[op.value for op in Operation])
def test_every_operation_and_role_is_said_in_both_languages(operation: Operation) -> None:
    vietnamese = operation_label(operation)
    l10n.set_language("en")
    english = operation_label(operation)
    assert vietnamese and english and vietnamese != english
    assert role_label(Role.CLERK) == "clerk"
    l10n.set_language("vi")
    assert [role_label(r) for r in ROLES] == ["quản trị", "lãnh đạo", "công chức, văn thư", "xem"]


@pytest.mark.parametrize(("given", "masked"), [
    ("0912345678", "*******678"),
    ("0912 345 678", "**** *** 678"),
    ("+84 912.345.678", "+** ***.***.678"),
    ("(024) 3826 1234", "(***) **** *234"),
    ("0987654321, 0243826123", "*******321, *******123"),
    ("Ông Tâm: 0912-345-678 (con trai)", "Ông Tâm: ****-***-678 (con trai)"),
    ("12", "**"),
    ("không có", "không có"),
    ("", ""),
])
def test_phone_numbers_keep_only_their_last_three_digits(given: str, masked: str) -> None:
    assert mask_phone(given) == masked


def test_only_the_viewer_sees_masked_phone_numbers() -> None:
    assert phone_for(Role.VIEWER, "0912 345 678") == "**** *** 678"
    for role in (Role.ADMIN, Role.LEADER, Role.CLERK):
        assert phone_for(role, "0912 345 678") == "0912 345 678"


# --- docs/roles.md says what the code says -------------------------------------------------------

def _matrix_rows() -> list[list[str]]:
    """The rows of the matrix table in docs/roles.md, as lists of cell texts."""
    lines = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Operation | Code |"))
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _header() -> list[str]:
    lines = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8").splitlines()
    line = next(line for line in lines if line.startswith("| Operation | Code |"))
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_the_documented_table_has_a_column_per_role_with_its_vietnamese_name() -> None:
    assert _header() == ["Operation", "Code", "admin (quản trị)", "leader (lãnh đạo)",
                         "clerk (công chức, văn thư)", "viewer (xem)"]


def test_the_documented_matrix_is_the_code_s_matrix() -> None:
    rows = _matrix_rows()
    codes = []
    for row in rows:
        assert len(row) == 6, row
        code = re.fullmatch(r"`([a-z_]+)`", row[1])
        assert code, row
        codes.append(code.group(1))
        operation = Operation(code.group(1))
        for role, cell in zip(ROLES, row[2:]):
            assert cell in ("✓", "—"), (row, cell)
            assert (cell == "✓") is allowed(role, operation), (operation.value, role.value)
    assert len(codes) == len(set(codes)), "an operation is listed twice"
    assert set(codes) == {op.value for op in Operation}


def test_the_documentation_explains_every_operation() -> None:
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    covered = text.split("## What each operation covers in the program", 1)[1]
    for op in Operation:
        assert f"* `{op.value}` —" in covered, op.value

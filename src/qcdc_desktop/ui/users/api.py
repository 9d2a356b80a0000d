"""What the accounts page asks of the application: the office's accounts and the changes an
administrator makes to them.  Each call may be slow (the data file, a password hashed): the page
runs them off the UI thread; each raises a :class:`~qcdc_desktop.core.errors.QcdcError` whose
sentence is shown when it refuses."""

from __future__ import annotations

from typing import Protocol

from ...core.roles import Role
from ...core.users import User


class AccountsApi(Protocol):
    def list_users(self) -> list[User]:
        """Every account, disabled ones too."""
        ...

    def add_user(self, login: str, full_name: str, title: str, role: Role, password: str) -> None:
        """A new account; its person changes the initial password at the first sign-in."""
        ...

    def reset_password(self, user_id: str, password: str) -> None:
        """A temporary password, to be changed by its person at the next sign-in."""
        ...

    def set_role(self, user_id: str, role: Role) -> None: ...

    def disable(self, user_id: str) -> None:
        """No more signing in; the account comes back with :meth:`reset_password`."""
        ...

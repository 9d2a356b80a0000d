"""Who is signed in to the window's data file: the person each change, print and history entry
is by, and whose role decides what the screens offer (``core.roles``).

The main window sets it when it opens on a file (from ``db.access``, where signing in left the
account); dialogs and pages ask it instead of a name typed in Settings.
"""

from __future__ import annotations

from ..core.roles import Operation, Role, allowed, phone_for
from ..core.users import User

_user: User | None = None


def begin(user: User | None) -> None:
    """``user`` is now the person at the window (None: nobody, and nothing may be changed)."""
    global _user
    _user = user


def current() -> User | None:
    return _user


def name() -> str:
    """The signed-in person's full name (their login when the account has none), for the history."""
    if _user is None:
        return ""
    return _user.full_name or _user.login


def may(operation: Operation) -> bool:
    """Whether the signed-in person's role allows ``operation`` (nobody signed in: nothing)."""
    return _user is not None and allowed(_user.role, operation)


def phone(text: str) -> str:
    """A phone field as the signed-in person may see it (masked for a viewer, and for nobody)."""
    if _user is None:
        return phone_for(Role.VIEWER, text)
    return phone_for(_user.role, text)


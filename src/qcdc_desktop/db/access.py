"""Who has opened which data file in this program: signing in, the wait after wrong passwords, and
the file keys a signed-in person unlocked (docs/keys.md, "Signing in").

A data file is encrypted (``cipher``); its key is wrapped for each account in the key-slot file
beside it (``keyslots``).  Signing in unwraps the key with the account's password, then reads the
account in the file: a disabled account, or one whose key was taken away, is refused.  The key and
the account are kept for the life of the process (or until :func:`sign_out`), by the data file's
path, and every connection the program opens to that file afterwards — the window's, a job's, a
command's — uses them: :func:`unlocked` is what ``connection.open_store`` asks.

Wrong passwords are counted in a small file beside the data file, ``<name>.signin``, by login
name: it has to be written when the password is wrong, that is when the data file cannot be
opened.  From the fifth wrong password in a row the next try waits, longer each time
(``core.passwords.wait_after``).  The count guards the sign-in window; someone who can delete the
count can also copy the data file, and a copy is guarded by argon2id (each guess costs a tenth of
a second and 64 MiB), not by the count.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import SignInRefused, SignInWait, WrongSecret
from ..core.filekey import RECOVERY_SLOT, password_secret, recovery_secret
from ..core.passwords import normal_login, time_left, wait_message
from ..core.users import User
from ..l10n import _
from . import keyslots
from .file_checks import precheck, require_keys
from .files import replaced

log = logging.getLogger(__name__)

SIGNIN_SUFFIX = ".signin"
_MAX_SIGNIN_BYTES = 256 * 1024


@dataclass(frozen=True)
class Unlocked:
    """A data file this process may open: its key, and who opened it."""

    file_key: bytes
    user: User | None  # None only while signing in: the key is known, the account not yet read


_unlocked: dict[str, Unlocked] = {}
_guard = threading.Lock()


def _name(path: Path) -> str:
    return str(Path(path).resolve())


def remember(path: Path, file_key: bytes, user: User | None) -> None:
    """Keep ``file_key`` and ``user`` for the data file at ``path`` (after a sign-in, or when the
    file was just made by ``user``)."""
    with _guard:
        _unlocked[_name(path)] = Unlocked(file_key, user)


def unlocked(path: Path) -> Unlocked | None:
    """The key and the person of the data file at ``path``, if someone signed in to it here; or,
    for a copy of such a file (a backup, a restore's kept copy, which carry their key-slot file),
    the key and the person of the file it is a copy of."""
    with _guard:
        found = _unlocked.get(_name(path))
        known = list(_unlocked.values())
    if found is not None or not known:
        return found
    try:
        check = keyslots.read(path).key_check
    except Exception:  # no key-slot file, or not one: not a copy of an open file
        return None
    for candidate in known:
        if hmac.compare_digest(keyslots.key_check(candidate.file_key), check):
            return candidate
    return None


def signed_in(path: Path) -> User | None:
    found = unlocked(path)
    return found.user if found is not None else None


def sign_out(path: Path) -> None:
    """Forget the key of the data file at ``path``: it cannot be opened again here without a sign-in."""
    with _guard:
        _unlocked.pop(_name(path), None)


def moved(old: Path, new: Path) -> None:
    """The data file at ``old`` is now at ``new`` (a conversion, a restore): its key goes with it."""
    with _guard:
        found = _unlocked.pop(_name(old), None)
        if found is not None:
            _unlocked[_name(new)] = found


# ---- the count of wrong passwords ----------------------------------------------------------------


def signin_path(data_path: Path) -> Path:
    data_path = Path(data_path)
    return data_path.with_name(data_path.name + SIGNIN_SUFFIX)


def _read_counts(data_path: Path) -> dict[str, Any]:
    try:
        with open(signin_path(data_path), "rb") as fh:
            raw = fh.read(_MAX_SIGNIN_BYTES + 1)
        data = json.loads(raw.decode("utf-8")) if len(raw) <= _MAX_SIGNIN_BYTES else {}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        log.warning("the sign-in count beside %s cannot be read; counting again from zero", data_path)
        return {}
    return data if isinstance(data, dict) else {}


def _failures(data_path: Path, login: str) -> tuple[int, dt.datetime | None]:
    entry = _read_counts(data_path).get(login)
    if not isinstance(entry, dict):
        return 0, None
    count, last = entry.get("failures"), entry.get("last")
    try:
        moment = dt.datetime.fromisoformat(last) if isinstance(last, str) else None
    except ValueError:
        moment = None
    if moment is not None and moment.tzinfo is None:
        moment = None
    return (count if isinstance(count, int) and 0 <= count < 10_000 else 0), moment


def _write_counts(data_path: Path, counts: dict[str, Any]) -> None:
    try:
        with replaced(signin_path(data_path)) as part:
            part.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
    except Exception as exc:  # a folder where nothing may be written: the sign-in itself goes on
        log.warning("cannot write the sign-in count beside %s: %s", data_path, exc)


def _count(data_path: Path, login: str, *, failed: bool, now: dt.datetime) -> None:
    counts = _read_counts(data_path)
    if failed:
        before, _last = _failures(data_path, login)
        counts[login] = {"failures": before + 1, "last": now.isoformat(timespec="seconds")}
    elif login in counts:
        del counts[login]
    else:
        return
    _write_counts(data_path, counts)


def wait_before_trying(data_path: Path, login: str, now: dt.datetime | None = None) -> dt.timedelta:
    """How long ``login`` still waits before the next password is tried (zero: now)."""
    failures, last = _failures(data_path, normal_login(login))
    return time_left(failures, last, now or dt.datetime.now(dt.timezone.utc))


# ---- unwrapping the key --------------------------------------------------------------------------


def _wrong() -> SignInRefused:
    # The same sentence for an unknown login and a wrong password: the window does not tell a
    # stranger which login names exist.
    return SignInRefused(_("The login name or the password is wrong."))


def unlock(data_path: Path, login: str, password: str, *, now: dt.datetime | None = None) -> bytes:
    """The first half of signing in, before anything of the database layer is loaded: the data file
    checked (``file_checks``), then its file key unwrapped with ``login``'s password (:func:`unwrap`,
    whose argon2id derivation is the largest memory a command spends; ``db/file_checks.py`` says
    why it comes first).  The second half is ``accounts.enter``."""
    data_path = Path(data_path)
    precheck(data_path)
    require_keys(data_path)
    return unwrap(data_path, login, password, now=now)


def unwrap(data_path: Path, login: str, password: str, *, now: dt.datetime | None = None,
           keys_of: Path | None = None) -> bytes:
    """The file key of the data file at ``data_path``, unwrapped with ``login``'s password from the
    key-slot file of ``keys_of`` (by default the data file's own; a backup carries its own).

    Refused with a sentence: a login or password that is wrong (counted), a try before the wait is
    over (:class:`SignInWait`, not counted), a key-slot file that is missing or changed."""
    now = now or dt.datetime.now(dt.timezone.utc)
    login = normal_login(login)
    left = wait_before_trying(data_path, login, now)
    if left > dt.timedelta(0):
        raise SignInWait(wait_message(left), wait=left)
    try:
        file_key = keyslots.unlock(keys_of or data_path, keyslots.user_slot(login), password_secret(password))
    except WrongSecret:
        _count(data_path, login, failed=True, now=now)
        raise _wrong() from None
    _count(data_path, login, failed=False, now=now)
    return file_key


def unwrap_with_recovery_code(data_path: Path, code: str) -> bytes:
    """The file key unwrapped with the office's recovery code (a code with a typing mistake is
    said so before anything is tried)."""
    secret = recovery_secret(code)
    try:
        return keyslots.unlock(data_path, RECOVERY_SLOT, secret)
    except WrongSecret:
        raise SignInRefused(_("This recovery code does not open the data file: it is the code of "
                              "another data file, or an older code replaced since.")) from None


def account_may_sign_in(user: User | None) -> User:
    """``user`` when it may sign in; else the refusal (a disabled account is told so: it has
    proved its password)."""
    if user is None:
        raise _wrong()
    if not user.active:
        raise SignInRefused(_("The account «%(login)s» is disabled; ask an administrator.")
                            % {"login": user.login})
    return user


def require_keys_file(data_path: Path) -> None:
    """Refuse, before asking for a password, a data file whose key-slot file is not there."""
    keyslots.read(data_path)


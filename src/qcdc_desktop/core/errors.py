"""The one error hierarchy.  Every error a person can cause carries a sentence in their language.

``message`` is already translated when the error is raised; the command line prints it on one line,
the application shows it in a dialog, and the log keeps the traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
from dataclasses import dataclass

from ..l10n import N_, _, ngettext


class QcdcError(Exception):
    """Base of every expected error.  ``code`` is stable and used by scripts and tests."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_LIST_LABELS = {
    "opinions": N_("opinion %(n)d"),
    "conclusions": N_("conclusion %(n)d"),
    "publications": N_("publication %(n)d"),
    "co_chairs": N_("co-chair %(n)d"),
    "scope": N_("hamlet %(n)d"),
}


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (a path of keys and list indexes) and what.

    ``path`` is machine-readable so a form can show the message next to its field, e.g.
    ``(0, "opinions", 2, "field")``; ``str()`` gives the readable "meeting 1, opinion 3, field".
    """

    path: tuple[str | int, ...]
    message: str

    @property
    def where(self) -> str:
        parts: list[str] = []
        previous: str | int | None = None
        for step in self.path:
            if isinstance(step, int):
                if previous is None:
                    label = N_("meeting %(n)d")
                else:
                    label = _LIST_LABELS.get(str(previous), N_("item %(n)d"))
                parts.append(_(label) % {"n": step + 1})
            elif step not in _LIST_LABELS:
                parts.append(f"«{step}»")
            previous = step
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class ValidationError(QcdcError):
    code = "invalid"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else ""
        more = len(self.problems) - 1
        if more > 0:
            tail = ngettext("(and %(n)d more problem)", "(and %(n)d more problems)", more) % {"n": more}
            first = f"{first} {tail}"
        super().__init__(_("Invalid data: %(problem)s") % {"problem": first})


class InputFileError(QcdcError):
    """A file given by a person cannot be read or is not what it should be."""

    code = "bad_input"


class NotAFile(InputFileError):
    """A path given to read is a folder, a link, a device or a pipe: it was not opened."""

    code = "not_a_file"


class UnitNotFound(QcdcError):
    """A unit code that is not in the official list of provinces and communes."""

    code = "unknown_unit"


class StoreError(QcdcError):
    """Problems with the database file itself."""

    code = "store"


class DatabaseMissing(StoreError):
    """There is no data file where one was expected; the message says how to create one."""

    code = "db_missing"


class DatabaseExists(StoreError):
    code = "db_exists"


class NotAQcdcDatabase(StoreError):
    """A file that is not a QCDC data file (another program's database, or one made without a
    unit): it is never written to."""

    code = "db_foreign"


class DatabaseDamaged(StoreError):
    """The data file (or a backup) failed SQLite's integrity check; the desktop offers the latest
    backup, the command line names the command that restores it."""

    code = "db_damaged"


class SchemaTooNew(StoreError):
    """Written by a newer version of the program: this one neither reads nor changes it."""

    code = "db_too_new"


class DatabaseBusy(StoreError):
    """SQLite could not take the file within the busy timeout: another connection is writing."""

    code = "db_busy"


class DatabaseInUse(StoreError):
    """Another program holds the data file for writing (its lock file names it)."""

    code = "db_in_use"


class DatabaseUnsettled(StoreError):
    """SQLite reported damage while reading, but the file passed its integrity check: something
    outside this program disturbed it (another program, a file system that dropped a lock).  The
    file is not damaged and no backup should be restored."""

    code = "db_unsettled"


class DatabaseNotEncrypted(StoreError):
    """A plain (unencrypted) SQLite file where an encrypted data file was expected: it is never
    written to as it is; it is converted by writing an encrypted copy."""

    code = "db_plain"


class FileKeyRefused(StoreError):
    """The key given does not open an encrypted data file: the file belongs to other accounts, or
    it is not a data file at all (an encrypted file cannot tell the two apart)."""

    code = "db_key"


class WrongSecret(QcdcError):
    """A password or a recovery code that does not unwrap the data file's key (or a stored wrapped
    key that was changed: authenticated encryption cannot tell the two apart)."""

    code = "wrong_secret"


class RecoveryCodeInvalid(QcdcError):
    """Text given as a recovery code that cannot be one: a character outside the code's alphabet,
    too short or too long, or its check characters do not match (a typing mistake)."""

    code = "bad_recovery_code"


class WrappedKeyInvalid(QcdcError):
    """A stored wrapped key that cannot be read: not in the known format, or values out of range."""

    code = "wrapped_key"


class KeySlotsInvalid(StoreError):
    """The key-slot file beside a data file cannot be used: missing, damaged, not one, written by a
    newer version, or changed by another program; or a change to it that is not allowed."""

    code = "key_slots"


class SignInRefused(QcdcError):
    """A sign-in that did not succeed: a wrong login name or password (said alike), a disabled
    account, a recovery code of another file."""

    code = "sign_in"


class SignInWait(SignInRefused):
    """Too many wrong passwords in a row: the next try waits ``wait`` (said in the message)."""

    code = "sign_in_wait"

    def __init__(self, message: str, *, wait: dt.timedelta) -> None:
        super().__init__(message)
        self.wait = wait


class NotSignedIn(StoreError):
    """A data file opened by no one signed in to it in this program."""

    code = "not_signed_in"


class HistoryBroken(StoreError):
    """The office's history does not verify: an entry was changed, removed or put in by someone
    holding the file's key (docs/history.md).  The records are not damaged."""

    code = "history_broken"


class ReasonRequired(QcdcError):
    """A deletion or a cancellation without the reason the history must keep."""

    code = "reason_required"


class NotFound(QcdcError):
    """A record named by its id (a meeting, a task, a register entry) is not in the data file."""

    code = "not_found"


class NoticeError(QcdcError):
    """A document cannot be issued, corrected, cancelled or printed as asked (the meeting is only
    planned, has no conclusions, the date goes against the register...)."""

    code = "notice"


class OutputFileError(QcdcError):
    """A file the program was asked to write cannot be written there."""

    code = "bad_output"


class PrintError(QcdcError):
    """The print system refused a document, a printer is not there or not taking jobs, or a job
    failed: the message says what to do."""

    code = "print"


class NotAllowed(QcdcError):
    """The account's role does not allow what was asked (core/roles.py decides); nothing was
    changed.  ``role`` and ``operation`` are the stable codes of the two."""

    code = "not_allowed"

    def __init__(self, message: str, *, role: str, operation: str) -> None:
        super().__init__(message)
        self.role = role
        self.operation = operation


class PasswordRefused(QcdcError):
    """A new password does not follow the password policy (core/passwords.py); the message says
    which rule, never the password."""

    code = "weak_password"


class LoginNameRefused(QcdcError):
    """A login name does not follow the rules for login names (core/passwords.py)."""

    code = "bad_login"


class Cancelled(Exception):
    """Raised by long work that noticed the person asked it to stop (``cancelled()`` returned
    True).  Not a QcdcError: nothing went wrong, and work that raises it has changed nothing."""


class KeyStoreError(QcdcError):
    """This office's keys are missing, cannot be unlocked here, or a key card is not acceptable."""

    code = "keys"


class BundleError(QcdcError):
    """A bundle cannot be made, or a file given as a bundle is refused; ``reason`` is a stable
    word for scripts and tests ("signature", "not_for_us", "unenrolled"...)."""

    code = "bundle"

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason


# What the operating system's error numbers mean, in the user's language: its own words
# (``strerror``) are English on most systems and would sit inside a Vietnamese sentence.
_SYSTEM_REASONS: dict[str, str] = {
    "ENOENT": N_("it does not exist"),
    "EACCES": N_("this account of the computer is not allowed to use it"),
    "EPERM": N_("this account of the computer is not allowed to use it"),
    "EISDIR": N_("it is a folder, not a file"),
    "ENOTDIR": N_("a part of its path is a file, not a folder"),
    "ENOSPC": N_("the disk is full"),
    "EDQUOT": N_("the disk is full"),
    "EROFS": N_("the disk or USB stick can only be read (it may be locked)"),
    "EEXIST": N_("it already exists"),
    "EIO": N_("the disk or USB stick could not be read or written (it may be damaged, or was pulled out)"),
    "ENAMETOOLONG": N_("its name is too long"),
    "EBUSY": N_("another program is using it"),
    "ETXTBSY": N_("another program is using it"),
    "EMFILE": N_("too many files are open; close other programs and try again"),
    "ENFILE": N_("too many files are open; close other programs and try again"),
    "EFBIG": N_("the file is too large for that disk"),
    "ELOOP": N_("it is a link that leads back to itself"),
    "ENXIO": N_("the device is not there (a USB stick pulled out?)"),
    "ENODEV": N_("the device is not there (a USB stick pulled out?)"),
    "EINVAL": N_("its name is not allowed on that disk"),
    "ENOTEMPTY": N_("the folder is not empty"),
    "ETIMEDOUT": N_("the network drive did not answer"),
    "EHOSTDOWN": N_("the network drive did not answer"),
    "ENETUNREACH": N_("the network drive did not answer"),
}


def system_reason(error: OSError) -> str:
    """Why the operating system refused, said in the user's language (never its English words)."""
    name = errno.errorcode.get(error.errno or 0, "")
    if name in _SYSTEM_REASONS:
        return _(_SYSTEM_REASONS[name])
    return _("the operating system refused (error %(code)s)") % {"code": name or error.errno or "?"}


def user_message(error: BaseException) -> str:
    """The sentence a person sees for ``error``: its own message when it is one of ours, else a
    general one (the traceback is in the log, written where the error was caught)."""
    if isinstance(error, QcdcError):
        return error.message
    return _("An unexpected error occurred; details are in the log.")

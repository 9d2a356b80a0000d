"""The office's first administrator as typed in a form: login name, full name, title and the
password twice, each rule said as it is typed.  Used by the first-run wizard and by the
conversion of a data file of an earlier version."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ...core.passwords import login_problem, normal_login
from ...db.setup import FirstAdmin
from ...l10n import _
from ..widgets.field_errors import error_label, show_error
from .password_fields import NewPasswordFields


class FirstAdminFields(QObject):
    """The rows of the first administrator in ``form``; :meth:`problem` says what is still wrong
    (None: :meth:`admin` may be made).  ``unit_name()`` is the office the password must not be
    made from."""

    changed = Signal()

    def __init__(self, form: QFormLayout, parent: QWidget, unit_name: Callable[[], str] = lambda: "") -> None:
        super().__init__(parent)
        self._unit_name = unit_name
        self.login = QLineEdit(parent)
        self.login.setAccessibleName(_("Login name of the administrator"))
        self.login.setPlaceholderText(_("e.g. quantri"))
        self.login_hint = error_label(parent)
        self.full_name = QLineEdit(parent)
        self.full_name.setAccessibleName(_("Full name of the administrator"))
        self.title = QLineEdit(parent)
        self.title.setAccessibleName(_("Job title of the administrator"))
        self.title.setPlaceholderText(_("e.g. Office clerk"))
        form.addRow(_("&Login name:"), self.login)
        form.addRow("", self.login_hint)
        form.addRow(_("&Full name:"), self.full_name)
        form.addRow(_("Job &title:"), self.title)
        self.password = NewPasswordFields(form, self._names, parent, label=_("&Password:"),
                                          repeat_label=_("&Repeat the password:"))
        note = QLabel(_("This person manages the accounts of the office. Each other person gets an account of "
                        "their own afterwards, in “User accounts”."), parent)
        note.setWordWrap(True)
        form.addRow(note)
        for field in (self.login, self.full_name, self.title):
            field.textChanged.connect(self._update)
        self.password.changed.connect(self.changed)

    def _names(self) -> tuple[str, str, str]:
        return self.login.text().strip(), self.full_name.text().strip(), self._unit_name()

    def _update(self) -> None:
        login = self.login.text().strip()
        show_error(self.login_hint, (login_problem(login) or "") if login else "")
        self.password.update_hints()  # the password may now contain the name typed

    def problem(self) -> str | None:
        login = self.login.text().strip()
        if not login:
            return _("Type the administrator's login name.")
        problem = login_problem(login)
        if problem is not None:
            return problem
        if not self.full_name.text().strip():
            return _("Type the administrator's full name.")
        return self.password.problem()

    def field_of_problem(self) -> QWidget:
        """The field to go back to when :meth:`problem` is not None."""
        login = self.login.text().strip()
        if not login or login_problem(login):
            return self.login
        if not self.full_name.text().strip():
            return self.full_name
        return self.password.new if self.password.rule_problem() or not self.password.password() \
            else self.password.repeat

    def admin(self) -> FirstAdmin:
        return FirstAdmin(login=normal_login(self.login.text().strip()), full_name=" ".join(self.full_name.text().split()),
                          password=self.password.password(), title=" ".join(self.title.text().split()))

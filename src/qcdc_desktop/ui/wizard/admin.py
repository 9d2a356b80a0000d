"""The wizard's page of the office's first administrator: the person who signs in first and
gives every other person an account (login name, full name, title, password twice)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from ...l10n import _
from ..signin.first_admin import FirstAdminFields
from ..widgets.field_errors import error_label, show_error
from .choices import WizardPage


class AdminPage(WizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        form.addRow(self.intro)
        self.fields = FirstAdminFields(form, self, self._unit_name)
        self.error = error_label(self)
        form.addRow(self.error)
        self.fields.changed.connect(lambda: show_error(self.error, ""))

    def _unit_name(self) -> str:
        unit = self.choices().unit if self.wizard() is not None else None
        return unit.name if unit is not None else ""

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.retranslate()
        self.fields.login.setFocus()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problem = self.fields.problem()
        if problem is not None:
            show_error(self.error, problem)
            self.fields.field_of_problem().setFocus()
            return False
        self.choices().admin = self.fields.admin()
        return True

    def retranslate(self) -> None:
        self.setTitle(_("The administrator"))
        self.setSubTitle(_("Who signs in first and gives each person of the office an account."))
        self.intro.setText(_("The data file is encrypted: only the people with an account of the office can open "
                             "it. Choose a password that only the administrator knows."))

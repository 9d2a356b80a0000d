"""The first-run wizard: sets up this computer for an office and creates its data file.

It runs when there is no data file yet.  Finishing creates the file — the unit and its officials in
one transaction (:func:`~qcdc_desktop.db.setup.init_office`) — on a worker thread through a
:class:`~qcdc_desktop.jobs.job.Job`; the wizard closes when the file exists, and
:attr:`SetupWizard.created_path` says where it is.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from ... import l10n
from ...core.errors import QcdcError
from ...jobs.job import Job
from ...l10n import _
from ...work.office import create_data_file
from ..widgets.field_errors import show_error
from ..widgets.language import save_language
from .pages import (
    FilePage,
    LanguagePage,
    OfficialsPage,
    RolePage,
    SummaryPage,
)
from .choices import SetupChoices
from .unit import UnitPage
from .admin import AdminPage
from ...core.filekey import new_recovery_code
from ..signin.recovery_dialog import RecoveryCodeDialog
from ..widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)


# The texts QWizard gives its buttons in each style (they are Qt's own words, translated by the
# Qt catalog).  QWizard does not set them again when the language changes, so the wizard does.
_BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: ("< &Back", "Go Back"),
    QWizard.WizardButton.NextButton: ("&Next >", "Continue"),
    QWizard.WizardButton.CommitButton: ("Commit", "Commit"),
    QWizard.WizardButton.FinishButton: ("&Finish", "Done"),
    QWizard.WizardButton.CancelButton: ("Cancel", "Cancel"),
    QWizard.WizardButton.HelpButton: ("&Help", "Help"),
}


class SetupWizard(QWizard):
    """Language, kind of office, unit, officials, data file, summary.  ``fixed_path`` (from
    ``--db``) is the only place the file may be created; otherwise ``default_path`` is offered."""

    def __init__(self, default_path: Path, *, fixed_path: bool = False, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.choices = SetupChoices()
        self.created_path: Path | None = None
        self.job: Job | None = None
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.language_page = LanguagePage(l10n.get_language(), self)
        self.role_page = RolePage(self)
        self.unit_page = UnitPage(self)
        self.officials_page = OfficialsPage(self)
        self.file_page = FilePage(default_path, fixed_path, self)
        self.admin_page = AdminPage(self)
        self.recovery_dialog: RecoveryCodeDialog | None = None
        self.summary_page = SummaryPage(self)
        for page in self.pages():
            self.addPage(page)
        self.retranslate()
        fit_to_screen(self, 780, 560)

    def pages(self) -> list[Any]:
        return [self.language_page, self.role_page, self.unit_page, self.officials_page, self.file_page,
                self.admin_page, self.summary_page]

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up QCDC Desktop"))
        mac = self.wizardStyle() == QWizard.WizardStyle.MacStyle
        for which, (text, mac_text) in _BUTTON_TEXTS.items():
            if which == QWizard.WizardButton.NextButton and self.wizardStyle() == QWizard.WizardStyle.AeroStyle:
                text = "&Next"
            self.setButtonText(which, QCoreApplication.translate("QWizard", mac_text if mac else text))
        for page in self.pages():
            page.retranslate()

    # ----- creating the data file
    def busy(self) -> bool:
        return self.job is not None

    def accept(self) -> None:
        if self.created_path is not None:
            super().accept()
            return
        if self.busy() or self.choices.unit is None or self.choices.path is None or self.choices.admin is None:
            return
        page = self.summary_page
        show_error(page.error, "")
        page.status.setText(_("Creating the data file…"))
        page.progress.show()
        self._enable_buttons(False)
        code = new_recovery_code()  # shown once, by the dialog after the file is made
        self.job = Job(partial(create_data_file, self.choices.path, self.choices.unit, list(self.choices.officials),
                               admin=self.choices.admin, recovery_code=code), self)
        self.job.finished.connect(lambda path: self._show_code(path, code))
        self.job.failed.connect(self._failed)
        self.job.start()

    def _show_code(self, path: Path, code: str) -> None:
        """The file exists: the recovery code is shown (and its sheet offered) before the wizard ends."""
        self.job = None
        self.created_path = path
        save_language(self.settings, l10n.get_language())
        self.summary_page.progress.hide()
        self.summary_page.status.setText(_("The data file is created."))
        assert self.choices.unit is not None and self.choices.admin is not None
        dialog = RecoveryCodeDialog(code, unit=self.choices.unit, file_name=path.name,
                                    made_by=self.choices.admin.full_name, settings=self.settings, parent=self)
        self.recovery_dialog = dialog
        dialog.accepted.connect(self._created)
        dialog.open()

    def _created(self) -> None:
        self.recovery_dialog = None
        super().accept()

    def _failed(self, error: Exception) -> None:
        self.job = None
        page = self.summary_page
        page.progress.hide()
        page.status.setText("")
        message = error.message if isinstance(error, QcdcError) else _(
            "The data file could not be created: %(reason)s") % {"reason": error}
        show_error(page.error, message + " " + _("Go back to choose another place, or try again."))
        self._enable_buttons(True)

    def _enable_buttons(self, enabled: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(enabled)

    def reject(self) -> None:
        if not self.busy():  # the file is being written: let that finish first
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy():
            event.ignore()
            return
        super().closeEvent(event)

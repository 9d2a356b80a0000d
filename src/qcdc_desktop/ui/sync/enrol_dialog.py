"""Enrol another office: its key card file, and the fingerprint read from its stamped paper (or by
phone) typed to confirm.  The card is trusted only when the two fingerprints are the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import user_message
from ...jobs.database import Database
from ...l10n import _
from ...sync.cards import Trusted, read_card_file, trust_card
from ..widgets.screen_fit import fit_to_screen

CARD_FILTER = "*.qcdckey *.json"


class EnrolDialog(QDialog):
    """Choose the card file, type the fingerprint, enrol (on the database worker)."""

    def __init__(self, database: Database, *, intro: str, folder: Path, on_enrolled: Callable[[Trusted], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.folder = folder
        self.on_enrolled = on_enrolled
        self.setWindowTitle(_("Enrol an office"))
        text = QLabel(intro, self)
        text.setWordWrap(True)
        self.card = QLineEdit(self)
        self.card.setPlaceholderText(_("The key card file the other office gave"))
        browse = QPushButton(_("&Choose…"), self)
        browse.clicked.connect(self.choose_card)
        row = QHBoxLayout()
        row.addWidget(self.card, 1)
        row.addWidget(browse)
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX")
        self.fingerprint.setToolTip(_("As printed on the stamped key card, or read out by phone"))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        form = QFormLayout()
        card_label = QLabel(_("&Key card file:"), self)
        card_label.setBuddy(self.card)
        form.addRow(card_label, row)
        form.addRow(_("&Fingerprint on the paper:"), self.fingerprint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Enrol"))
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, 240)

    def choose_card(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the key card file"), str(self.folder),
                                                    _("Key cards (%(patterns)s)") % {"patterns": CARD_FILTER})
        if path:
            self.card.setText(path)

    def enrol(self) -> None:
        path, typed = self.card.text().strip(), self.fingerprint.text().strip()
        if not path:
            self.problem.setText(_("Choose the key card file first."))
            return
        if not typed:
            self.problem.setText(_("Type the fingerprint printed on the stamped key card (or read out by phone): "
                                   "it is how you know the file is the office's own."))
            return
        self.problem.setText("")
        self.buttons.setEnabled(False)
        card = Path(path)
        self.database.submit(lambda store: trust_card(store, read_card_file(card), expected_fingerprint=typed),
                             self._enrolled, self._failed)

    def _enrolled(self, trusted: Trusted) -> None:
        self.buttons.setEnabled(True)
        self.on_enrolled(trusted)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(user_message(error))

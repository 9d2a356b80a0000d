"""Adding or editing one official: name, title and track, each problem shown under its field."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from ...core import catalog
from ...core.errors import ValidationError
from ...core.model import Official
from ...core.officials import clean_official, guess_track
from ...l10n import _
from ..widgets.field_errors import error_label, first_problem, show_error
from ..widgets.fields import type_ahead_on


class OfficialDialog(QDialog):
    """Asks for an official; :attr:`official` holds the checked values after OK."""

    def __init__(self, official: Official | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit official") if official else _("Add an official"))
        self.official: Official | None = None
        form = QFormLayout(self)
        self.name = QLineEdit(official.name if official else "", self)
        self.title = QLineEdit(official.title if official else "", self)
        self.title.setPlaceholderText(_("e.g. Phó Chủ tịch UBND xã"))
        self.track = type_ahead_on(QComboBox(self))
        for code in catalog.TRACKS:
            self.track.addItem(code.label, code.code)
        if official:
            self.track.setCurrentIndex(self.track.findData(official.track))
        # A new official's track follows the title until the person picks one.
        self._track_chosen = official is not None
        self.title.textEdited.connect(self._guess_track)
        self.track.activated.connect(self._chose_track)
        self.errors = {key: error_label(self) for key in ("name", "title")}
        form.addRow(_("Full &name:"), self.name)
        form.addRow("", self.errors["name"])
        form.addRow(_("&Job title:"), self.title)
        form.addRow("", self.errors["title"])
        form.addRow(_("T&rack:"), self.track)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def _chose_track(self, _index: int) -> None:
        self._track_chosen = True

    def _guess_track(self, title: str) -> None:
        if not self._track_chosen:
            self.track.setCurrentIndex(self.track.findData(guess_track(title)))

    def accept(self) -> None:
        try:
            self.official = clean_official(self.name.text(), self.title.text(), self.track.currentData())
        except ValidationError as exc:
            for key, label in self.errors.items():
                show_error(label, first_problem(exc, key))
            (self.name if first_problem(exc, "name") else self.title).setFocus()
            return
        super().accept()

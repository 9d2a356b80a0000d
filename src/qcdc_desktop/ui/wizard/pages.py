"""The pages of the first-run wizard (ui/wizard/wizard.py): language, kind of office, officials, where the
data file lives, and a summary (the unit's page is ui/wizard/unit.py).

Each page keeps its choice in the wizard's :class:`~qcdc_desktop.ui.wizard.choices.SetupChoices` when the
person moves on, and sets its texts again in ``retranslate()`` when the language changes.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core import catalog
from ...core.errors import ValidationError
from ...core.model import Official
from ...core.officials import clean_official, guess_track, leader_titles
from ...l10n import _
from ..widgets.field_errors import error_label, first_problem, show_error
from ..widgets.fields import type_ahead_on
from ..widgets.language import LANGUAGE_NAMES, apply_language
from .choices import WizardPage


# ---------------------------------------------------------------- language
class LanguagePage(WizardPage):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.buttons = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for code in l10n.LANGUAGES:
            radio = QRadioButton(LANGUAGE_NAMES[code], self)
            radio.setChecked(code == language)
            self.radios[code] = radio
            self.buttons.addButton(radio)
            layout.addWidget(radio)
            radio.toggled.connect(partial(self._toggled, code))
        layout.addStretch(1)

    def _toggled(self, code: str, on: bool) -> None:
        if on:
            self._switch(code)

    def language(self) -> str:
        return next(code for code, radio in self.radios.items() if radio.isChecked())

    def _switch(self, language: str) -> None:
        apply_language(language)
        retranslate = getattr(self.wizard(), "retranslate", None)  # the setup wizard's, which knows its pages
        if retranslate is not None:
            retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to QCDC Desktop"))
        self.setSubTitle(_("A few questions set up this computer for your office. Nothing is sent anywhere."))
        self.intro.setText(_("Choose the language of the application. You can change it later in Settings."))


# ---------------------------------------------------------------- kind of office
ROLE_CHOICES = ("commune", "province", "district")


class RolePage(WizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.notes: dict[str, QLabel] = {}
        for choice in ROLE_CHOICES:
            radio = QRadioButton(self)
            note = QLabel(self)
            note.setWordWrap(True)
            note.setIndent(24)
            self.radios[choice] = radio
            self.notes[choice] = note
            self.group.addButton(radio)
            layout.addWidget(radio)
            layout.addWidget(note)
        self.radios["commune"].setChecked(True)
        layout.addStretch(1)

    def choice(self) -> str:
        return next(c for c, radio in self.radios.items() if radio.isChecked())

    def validatePage(self) -> bool:
        self.choices().role_choice = self.choice()
        return True

    def retranslate(self) -> None:
        self.setTitle(_("Your office"))
        self.setSubTitle(_("Who will use QCDC Desktop on this computer?"))
        self.intro.setText(_("Choose the kind of office:"))
        self.radios["commune"].setText(_("&Commune office (xã, phường, đặc khu)"))
        self.notes["commune"].setText(_("Records its own meetings, opinions and tasks and reports to the upper level."))
        self.radios["province"].setText(_("&Upper-level office: a province or centrally-run city"))
        self.notes["province"].setText(_("Since 1 July 2025 the province receives the communes' reports."))
        self.radios["district"].setText(_("Upper-level office: a &district that still receives reports"))
        self.notes["district"].setText(_("You type its code and name yourself."))


# ---------------------------------------------------------------- officials
class OfficialsPage(WizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titled_for: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.header_name, self.header_title = QLabel(self), QLabel(self)
        grid.addWidget(self.header_name, 0, 1)
        grid.addWidget(self.header_title, 0, 2)
        self.leaders: dict[str, tuple[QLabel, QLineEdit, QLineEdit, QLabel]] = {}
        for row, key in enumerate(("chairman", "secretary")):
            label, name, title, error = QLabel(self), QLineEdit(self), QLineEdit(self), error_label(self)
            label.setBuddy(name)
            grid.addWidget(label, 1 + 2 * row, 0)
            grid.addWidget(name, 1 + 2 * row, 1)
            grid.addWidget(title, 1 + 2 * row, 2)
            grid.addWidget(error, 2 + 2 * row, 1, 1, 2)
            self.leaders[key] = (label, name, title, error)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.others_label = QLabel(self)
        self.others_label.setWordWrap(True)
        layout.addWidget(self.others_label)
        self.table = QTableWidget(0, 3, self)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_row, self.remove_row = QPushButton(self), QPushButton(self)
        self.add_row.clicked.connect(self._add_row)
        self.remove_row.clicked.connect(self._remove_row)
        buttons.addWidget(self.add_row)
        buttons.addWidget(self.remove_row)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table_error = error_label(self)
        layout.addWidget(self.table_error)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def initializePage(self) -> None:
        unit = self.choices().unit
        if unit is not None and self._titled_for != (unit.name, unit.role):
            titles = leader_titles(unit.name, unit.role)
            self.leaders["chairman"][2].setText(titles.chairman)
            self.leaders["secretary"][2].setText(titles.secretary)
            self._titled_for = (unit.name, unit.role)
        self.leaders["chairman"][1].setFocus()

    def _add_row(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(""))
        self.table.setItem(row, 1, QTableWidgetItem(""))
        track = type_ahead_on(QComboBox(self.table))
        for code in catalog.TRACKS:
            track.addItem(code.label, code.code)
        self.table.setCellWidget(row, 2, track)
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        first = self.table.item(row, 0)
        if first is not None:
            self.table.editItem(first)
        self._update_buttons()

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_row.setEnabled(self.table.currentRow() >= 0 and self.table.rowCount() > 0)

    def _row(self, row: int) -> tuple[str, str, str]:
        name, title = (item.text() if (item := self.table.item(row, col)) is not None else "" for col in (0, 1))
        combo = self.table.cellWidget(row, 2)
        track = combo.currentData() if isinstance(combo, QComboBox) else guess_track(title)
        return name, title, track

    def validatePage(self) -> bool:
        officials: list[Official] = []
        ok = True
        for key, track in (("chairman", "state"), ("secretary", "party")):
            _label, name, title, error = self.leaders[key]
            try:
                officials.append(clean_official(name.text(), title.text(), track))
                show_error(error, "")
            except ValidationError as exc:
                ok = False
                what = _("Full name") if first_problem(exc, "name") else _("Job title")
                show_error(error, f"{what}: {first_problem(exc, 'name') or first_problem(exc, 'title')}")
        problems = []
        for row in range(self.table.rowCount()):
            row_name, row_title, row_track = self._row(row)
            if not row_name.strip() and not row_title.strip():
                continue  # an empty row is left out
            try:
                officials.append(clean_official(row_name, row_title, row_track))
            except ValidationError as exc:
                key = "name" if first_problem(exc, "name") else "title"
                what = _("full name") if key == "name" else _("job title")
                problems.append(_("Row %(row)d, %(what)s: %(problem)s")
                                % {"row": row + 1, "what": what, "problem": first_problem(exc, key)})
        show_error(self.table_error, "\n".join(problems))
        if not ok or problems:
            return False
        self.choices().officials = officials
        return True

    def retranslate(self) -> None:
        self.setTitle(_("Officials"))
        self.setSubTitle(_("Who chairs the meetings and signs the notices. Titles are printed as written here."))
        self.header_name.setText(_("Full name"))
        self.header_title.setText(_("Job title"))
        self.leaders["chairman"][0].setText(_("&Chairman of the People's Committee:"))
        self.leaders["secretary"][0].setText(_("Party committee &secretary:"))
        for _label, name, _title, _error in self.leaders.values():
            name.setPlaceholderText(_("e.g. Nguyễn Văn An"))
        self.others_label.setText(_("Other officials (optional), for example the vice chairmen:"))
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Job title"), _("Track")])
        self.add_row.setText(_("&Add a row"))
        self.remove_row.setText(_("&Remove the row"))
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 2)
            if isinstance(combo, QComboBox):
                for i in range(combo.count()):
                    combo.setItemText(i, catalog.TRACKS.label(combo.itemData(i)))


# ---------------------------------------------------------------- data file
def _nearest_existing(path: Path) -> Path:
    """``path`` or its closest ancestor that exists (the folders between are created later)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor)


def check_new_data_file(text: str) -> tuple[Path | None, str]:
    """The path where a new data file can be created, or None and the reason it cannot."""
    text = text.strip()
    if not text:
        return None, _("Choose where the data file will be kept.")
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.is_dir():
        return None, _("%(path)s is a folder; give the name of the file to create in it.") % {"path": path}
    if path.exists():
        return None, _("A file already exists at %(path)s. Choose another name, or start QCDC Desktop "
                       "with --db and that path to open it.") % {"path": path}
    folder = _nearest_existing(path.parent)
    if not folder.is_dir():
        return None, _("%(path)s is a file, not a folder.") % {"path": folder}
    if not os.access(folder, os.W_OK | os.X_OK):
        return None, _("You cannot write in the folder %(path)s. Choose another folder.") % {"path": folder}
    return path, ""


class FilePage(WizardPage):
    def __init__(self, default_path: Path, fixed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fixed = fixed
        layout = QVBoxLayout(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        row = QHBoxLayout()
        self.path = QLineEdit(str(default_path), self)
        self.path.setReadOnly(fixed)
        self.label.setBuddy(self.path)
        self.browse = QPushButton(self)
        self.browse.setVisible(not fixed)
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.path.textChanged.connect(lambda _text: show_error(self.error, ""))

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Where to keep the data file"), self.path.text(), _("QCDC data files (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.path.setText(chosen if Path(chosen).suffix else chosen + ".db")

    def validatePage(self) -> bool:
        path, problem = check_new_data_file(self.path.text())
        show_error(self.error, problem)
        if path is None:
            return False
        self.choices().path = path
        return True

    def retranslate(self) -> None:
        self.setTitle(_("Data file"))
        self.setSubTitle(_("Everything the office records is kept in this one file on this computer."))
        self.label.setText(_("&Data file:"))
        self.browse.setText(_("Bro&wse…"))
        if self.fixed:
            self.note.setText(_("This path was given on the command line (--db)."))
        else:
            self.note.setText(_("The suggested place is your own data folder. Backups are kept in a "
                                "“backups” folder beside the file; copy that folder to a USB stick now and then."))


# ---------------------------------------------------------------- summary
class SummaryPage(WizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: creating takes a moment, with no steps to count
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.error = error_label(self)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Ready to create"))
        self.setSubTitle(_("Check what you chose; go back to change anything."))
        choices = self.choices() if self.wizard() is not None else None
        if choices is None or choices.unit is None or choices.path is None:
            self.summary.clear()
            return
        unit = choices.unit
        rows = [  # (label, text as HTML)
            (_("Language"), _escape(LANGUAGE_NAMES[l10n.get_language()])),
            (_("Office"), _escape(catalog.ROLES.label(unit.role))),
            (_("Unit"), _escape(f"{unit.name} ({unit.code})")),
        ]
        if unit.province_name and unit.province_name != unit.name:
            rows.append((_("Province"), _escape(unit.province_name)))
        rows.append((_("Officials"), "<br>".join(_escape(f"{o.name} — {o.title}") for o in choices.officials)))
        rows.append((_("Data file"), _escape(str(choices.path))))
        if choices.admin is not None:
            rows.append((_("Administrator"), _escape(f"{choices.admin.full_name} ({choices.admin.login})")))
        body = "".join(f"<tr><td style='padding: 2px 12px 2px 0'><b>{_escape(label)}</b></td>"
                       f"<td style='padding: 2px 0'>{html}</td></tr>" for label, html in rows)
        self.summary.setText(f"<table>{body}</table>")
        self.status.setText(_("Press Finish to create the data file and open the application."))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

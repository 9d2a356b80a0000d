"""The Documents settings place (administrator): the office's defaults for the documents it
prints — the place of the date line, the numbering, who keeps the minutes, and for each track
(People's Committee, Decree 30; Party committee, Hướng dẫn 36) the usual signature, its signer and
the recipients of each kind of document.

Read and saved through the database worker (``db.office_settings``, ``db.register``); what is
saved is checked there by ``NoticeSettings.checked``, the rules ``qcdc settings set`` obeys, and
each value changed leaves an entry in the office's history.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.errors import user_message
from ...core.notice import INVITATION, NOTICE, REPORT, NoticeSettings, authorities_for, default_recipients
from ...core.office_settings import split_recipients
from ...core.report_tables import report_recipients
from ...core.roles import Operation
from ...core.unit_words import place_of, unit_word
from ...db.office_settings import DocumentsData, read_documents_settings
from ...db.register import save_notice_settings
from ...jobs.database import Database
from ...l10n import _
from .. import session
from ..widgets.scrolling import scrolled_body

TRACKS = ("state", "party")


def _when_empty(combo: QComboBox, text: str) -> None:
    """What an empty field means, shown in grey inside it (the value used when none is typed)."""
    line = combo.lineEdit()
    if line is not None:  # an editable combo box has its line
        line.setPlaceholderText(text)


def _recipients_box(parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab goes on; Enter starts the next recipient
    box.setToolTip(_("One recipient a line; empty: the usual ones, shown in grey."))
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 7 + 12)  # the usual seven of a notice, unscrolled
    return box


def _typed(widget: QWidget) -> tuple[Any, ...]:
    """What a field holds, with where the cursor is in it."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText(), widget.textCursor().position()
    if isinstance(widget, QComboBox) and widget.isEditable():
        line = widget.lineEdit()
        return widget.currentText(), line.cursorPosition() if line else 0
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(),)
    assert isinstance(widget, QLineEdit)
    return widget.text(), widget.cursorPosition()


def _put_back(widget: QWidget, typed: tuple[Any, ...]) -> None:
    """Put back what :func:`_typed` took, the cursor where it was."""
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(typed[0])
        cursor = widget.textCursor()
        cursor.setPosition(min(typed[1], len(typed[0])))
        widget.setTextCursor(cursor)
    elif isinstance(widget, QComboBox) and widget.isEditable():
        widget.setCurrentText(typed[0])
        line = widget.lineEdit()
        if line is not None:
            line.setCursorPosition(typed[1])
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(typed[0])
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(typed[0])
        widget.setCursorPosition(typed[1])


class _TrackForm(QWidget):
    """The signature and recipients of one track's documents."""

    def __init__(self, track: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.track = track
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.authority = QComboBox(self)
        self.authority.addItem(_("As the chair's title calls for"), "")
        for authority in authorities_for(track):
            self.authority.addItem(f"{authority.label} — {' / '.join(authority.lines)}", authority.code)
        self.signer = QComboBox(self)
        self.signer.setEditable(True)
        _when_empty(self.signer, _("The official on file who signs in that capacity"))
        self.recipients = {NOTICE: _recipients_box(self), INVITATION: _recipients_box(self),
                           REPORT: _recipients_box(self)}
        form.addRow(_("&Signature:"), self.authority)
        form.addRow(_("Signed &by:"), self.signer)
        form.addRow(_("Recipients of no&tices:"), self.recipients[NOTICE])
        form.addRow(_("Recipients of &invitations:"), self.recipients[INVITATION])
        form.addRow(_("Recipients of &reports:"), self.recipients[REPORT])
        self.fields: tuple[QWidget, ...] = (self.authority, self.signer, *self.recipients.values())

    def show_data(self, data: DocumentsData) -> None:
        s, unit = data.settings, data.unit
        self.authority.setCurrentIndex(max(self.authority.findData(getattr(s, f"{self.track}_authority")), 0))
        self.signer.clear()
        self.signer.addItems(["", *dict.fromkeys(o.name for o in data.officials if o.track == self.track)])
        self.signer.setCurrentText(getattr(s, f"{self.track}_signer"))
        usual = {kind: default_recipients(self.track, kind, unit.name, unit.province_name)
                 for kind in (NOTICE, INVITATION)}
        usual[REPORT] = report_recipients(unit.role, unit_word(unit.name), self.track)
        for kind, box in self.recipients.items():
            box.setPlainText("\n".join(s.recipients_for(self.track, kind)))
            box.setPlaceholderText("\n".join(usual[kind]))

    def put(self, settings: NoticeSettings) -> NoticeSettings:
        chosen: dict[str, Any] = {f"{self.track}_authority": self.authority.currentData() or "",
                                  f"{self.track}_signer": self.signer.currentText().strip()}
        settings = dataclasses.replace(settings, **chosen)
        for kind, box in self.recipients.items():
            settings = settings.with_recipients(self.track, kind, split_recipients(box.toPlainText()))
        return settings


class DocumentsPlace(QWidget):
    """The form, and a Save button; what comes back from the worker is shown in a line below."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.data: DocumentsData | None = None
        # Each field as last filled in from the file (or as saved): a reading that comes back after
        # the person typed in a field again (the reading a save sets off, a change made in another
        # place) fills in the others and leaves what they typed where it is.
        self._filled: dict[QWidget, Any] = {}
        body = scrolled_body(self)
        column = QVBoxLayout(body)
        intro = QLabel(_("What every notice, invitation, set of minutes and report of the office starts from; the "
                         "clerk can still change the signature, the signer and the recipients of one document."), body)
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(self._general_box(body))
        self.tabs = QTabWidget(body)
        self.forms = {track: _TrackForm(track, self.tabs) for track in TRACKS}
        self.tabs.addTab(self.forms["state"], _("People's Committee (Decree &30)"))
        self.tabs.addTab(self.forms["party"], _("Party committee (Guidance 3&6)"))
        column.addWidget(self.tabs)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Sa&ve the settings"), body)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        row.addWidget(self.save_button)
        row.addStretch(1)
        column.addLayout(row)
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.status)
        column.addStretch(1)
        database.changed.connect(self._on_changes)

    def _general_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Every document"), parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.place = QLineEdit(box)
        self.numbering = QComboBox(box)
        self.numbering.addItem(_("One sequence for the unit, restarting on 1 January"), "unit")
        self.numbering.addItem(_("One sequence for each type of document"), "doc_type")
        self.symbols = QLabel(_("Symbols: «Số: 05/TB-UBND» for the People's Committee, «Số 12-TB/ĐU» for the Party "
                                "committee (Decree 30, Appendix III; Guidance 36)."), box)
        self.symbols.setWordWrap(True)
        self.secretary = QComboBox(box)
        self.secretary.setEditable(True)
        _when_empty(self.secretary, _("The chief of office on file"))
        form.addRow(_("&Place of the date line:"), self.place)
        form.addRow(_("&Numbering:"), self.numbering)
        form.addRow(self.symbols)
        form.addRow(_("Secretary of the &minutes:"), self.secretary)
        return box

    # ----- data
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.database.submit(read_documents_settings, self._show, self._failed)

    def _on_changes(self, changes: Changes) -> None:
        if (changes.settings or changes.touches("officials")) and self.isVisible():
            self.refresh()

    def _fields(self) -> tuple[QWidget, ...]:
        return (self.place, self.numbering, self.secretary, *(w for form in self.forms.values() for w in form.fields))

    def _show(self, data: DocumentsData) -> None:
        typed = {w: _typed(w) for w in self._fields() if w in self._filled and _typed(w)[:1] != self._filled[w]}
        self._fill(data)
        self._filled = {w: _typed(w)[:1] for w in self._fields()}
        for widget, value in typed.items():
            _put_back(widget, value)

    def _fill(self, data: DocumentsData) -> None:
        self.data = data
        s = data.settings
        self.place.setText(s.place)
        self.place.setPlaceholderText(place_of(data.unit.name))
        self.numbering.setCurrentIndex(max(self.numbering.findData(s.numbering), 0))
        self.secretary.clear()
        self.secretary.addItems(["", *dict.fromkeys(o.name for o in data.officials)])
        self.secretary.setCurrentText(s.secretary)
        for form in self.forms.values():
            form.show_data(data)
        self.save_button.setEnabled(session.may(Operation.OFFICE_SETTINGS))

    def typed(self) -> NoticeSettings:
        """The settings as typed, over those read (margins and parent bodies are kept)."""
        base = self.data.settings if self.data is not None else NoticeSettings()
        settings = dataclasses.replace(base, place=self.place.text().strip(), numbering=self.numbering.currentData(),
                                       secretary=self.secretary.currentText().strip())
        for form in self.forms.values():
            settings = form.put(settings)
        return settings

    def save(self) -> None:
        if self.data is None or not self.save_button.isEnabled():
            return
        settings, as_saved = self.typed(), {w: _typed(w)[:1] for w in self._fields()}
        self.status.setText(_("Saving…"))
        self.database.submit(lambda store: save_notice_settings(store, settings=settings),
                             lambda changes: self._saved(changes, as_saved), self._failed)

    def _saved(self, changes: Changes, as_saved: dict[QWidget, Any]) -> None:
        self._filled = as_saved  # the reading that follows shows what was saved as the file keeps it
        self.status.setText(_("Saved: the documents prepared from now on start from these settings.")
                            if changes.settings else _("Nothing was changed."))

    def _failed(self, error: Exception) -> None:
        self.status.setText(user_message(error))

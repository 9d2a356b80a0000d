"""At the upper level: a reply to an opinion a commune forwarded, or a directive to one, several or
all communes, with a deadline.  Each travels down with the next bundle for its commune."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.changes import Changes
from ...core.errors import user_message
from ...db.forwarded import ForwardedOpinion
from ...db.messages import add_directives, add_reply
from ...db.sync_store import Peer
from ...jobs.database import Database
from ...core.text import fold
from ...l10n import _, ngettext
from ..widgets.fields import picked_date
from ...db.units import office_label
from ..widgets.screen_fit import fit_to_screen


@dataclass(frozen=True)
class Written:
    """A reply or directive written, with the change the database worker tells every list of (the
    opinions list shows an opinion's latest reply)."""

    id: str
    changes: Changes


def _written(*message_ids: str) -> Written:
    changes = Changes()
    changes.note("added", "messages", list(message_ids))
    return Written(message_ids[0], changes)


class MessageDialog(QDialog):
    """A reply (``opinion`` given) or a directive (``communes`` to choose from), its text begun
    with ``text`` when given."""

    def __init__(self, database: Database, *, on_saved: Callable[[str], None], opinion: ForwardedOpinion | None = None,
                 communes: list[Peer] | None = None, text: str = "", today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.opinion, self.on_saved = database, opinion, on_saved
        self.today = today or dt.date.today()
        form = QFormLayout()
        self.commune = QListWidget(self)  # the communes a directive goes to, each checked (Space) or not
        self.find_box = QLineEdit(self)
        self.all_communes = QCheckBox(_("&All communes"), self)
        self.chosen_count = QLabel(self)
        self.deadline = QDateEdit(self)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        soon = self.today + dt.timedelta(days=30)
        self.deadline.setDate(QDate(soon.year, soon.month, soon.day))
        self.has_deadline = QCheckBox(_("with a deadline"), self)
        self.has_deadline.setChecked(True)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        if opinion is not None:
            self.setWindowTitle(_("Reply to an opinion"))
            shown = QLabel(_("%(commune)s, meeting of %(date)s — %(speaker)s: %(content)s")
                           % {"commune": office_label(opinion.origin), "date": l10n.format_date(opinion.held_on),
                              "speaker": opinion.speaker, "content": opinion.content[:600]}, self)
            shown.setWordWrap(True)
            form.addRow(_("Opinion:"), shown)
            for widget in (self.commune, self.find_box, self.all_communes, self.chosen_count, self.deadline,
                           self.has_deadline):  # a reply has no commune or deadline
                widget.hide()
        else:
            offered = communes or []
            self.setWindowTitle(_("Directive to a commune") if len(offered) == 1 else _("Directive to communes"))
            for peer in offered:
                item = QListWidgetItem(f"{peer.name} ({peer.unit_code})", self.commune)
                item.setData(Qt.ItemDataRole.UserRole, peer.unit_code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if len(offered) == 1 else Qt.CheckState.Unchecked)
            self.commune.setCurrentRow(0)
            self.commune.itemChanged.connect(lambda _item: self._count_chosen())
            self.find_box.setPlaceholderText(_("Name or code; accents are optional"))
            self.find_box.textChanged.connect(self._filter)
            self.all_communes.toggled.connect(self._choose_all)
            communes_label = QLabel(_("&Communes:"), self)
            communes_label.setBuddy(self.commune)
            find_label = QLabel(_("&Find:"), self)
            find_label.setBuddy(self.find_box)
            top = QHBoxLayout()
            top.addWidget(find_label)
            top.addWidget(self.find_box, 1)
            top.addWidget(self.all_communes)
            box = QVBoxLayout()
            box.addLayout(top)
            box.addWidget(self.commune)
            box.addWidget(self.chosen_count)
            if len(offered) == 1:
                for widget in (find_label, self.find_box, self.all_communes):
                    widget.hide()
                self.commune.setMaximumHeight(self.commune.sizeHintForRow(0) * 2 + 6)
            form.addRow(communes_label, box)
            self._count_chosen()
            row = QHBoxLayout()
            row.addWidget(self.deadline)
            row.addWidget(self.has_deadline)
            row.addStretch(1)
            deadline_label = QLabel(_("&Deadline:"), self)
            deadline_label.setBuddy(self.deadline)
            form.addRow(deadline_label, row)
        self.content = QPlainTextEdit(self)
        self.content.setTabChangesFocus(True)  # Tab goes on to the buttons, as in every text box
        if text:  # what the directive is about, for the officer to go on from
            self.content.setPlainText(text)
            self.content.moveCursor(QTextCursor.MoveOperation.End)
        form.addRow(_("&Text:") if opinion is None else _("&Reply:"), self.content)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(_("It goes to the commune with the next bundle sent to it."), self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 360)

    def save(self) -> None:
        text, today = self.content.toPlainText(), self.today
        if not text.strip():
            self.problem.setText(_("Write the text first."))
            return
        if self.opinion is not None:
            opinion_id = self.opinion.id
            op = lambda store: _written(add_reply(store, opinion_id=opinion_id, content=text,  # noqa: E731
                                                  issued_on=today))
        else:
            if not self.commune.count():
                self.problem.setText(_("Enrol a commune first."))
                return
            chosen = self.chosen_communes()
            if not chosen:
                self.problem.setText(_("Check the communes the directive goes to (Space checks the one selected)."))
                return
            deadline = picked_date(self.deadline) if self.has_deadline.isChecked() else None
            op = lambda store: _written(*add_directives(store, communes=chosen, content=text,  # noqa: E731
                                                        deadline=deadline, issued_on=today))
        self.buttons.setEnabled(False)
        self.database.submit(op, self._saved, self._failed)

    def chosen_communes(self) -> list[str]:
        """The codes of the communes checked, in the list's order."""
        return [str(self.commune.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.commune.count())
                if self.commune.item(i).checkState() == Qt.CheckState.Checked]

    def _count_chosen(self) -> None:
        n = len(self.chosen_communes())
        self.chosen_count.setText(ngettext("%(n)s commune chosen of %(total)s", "%(n)s communes chosen of %(total)s",
                                           n) % {"n": n, "total": self.commune.count()})

    def _filter(self, query: str) -> None:
        words = fold(query).split()
        for i in range(self.commune.count()):
            item = self.commune.item(i)
            item.setHidden(not all(w in fold(item.text()) for w in words))

    def _choose_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.commune.count()):
            self.commune.item(i).setCheckState(state)

    def _saved(self, written: Written) -> None:
        self.on_saved(written.id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(user_message(error))

"""The wizard's page for choosing the unit: typed search over the official list (accents not
needed; Down, then Enter), or, for a district office, its code and name typed in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.errors import QcdcError
from ...core.text import fold
from ...db.setup import resolve_unit
from ...db.units import AdminUnit, search_units
from ...l10n import _
from ..widgets.field_errors import error_label, show_error
from .choices import WizardPage

SHOWN_RESULTS = 100


def rank_units(query: str, units: list[AdminUnit]) -> list[AdminUnit]:
    """Units whose own name matches the query as typed come first ("an binh" puts Xã An Bình
    before Xã Bình An and before the communes of Tỉnh An Giang); the list's order otherwise."""
    wanted = fold(query)

    def rank(unit: AdminUnit) -> int:
        words = fold(unit.name).split()
        for skip in (1, 2):  # "Xã", "Phường" are one word; "Đặc khu", "Thành phố", "Tỉnh" one or two
            if " ".join(words[skip:]) == wanted:
                return 0
        name = fold(unit.name)
        if f" {wanted}" in f" {name}":
            return 1
        return 2

    return sorted(units, key=rank)


class _ResultKeys(QObject):
    """Down in the search field goes to the results; Up on the first result comes back."""

    def __init__(self, page: "UnitPage") -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        results = self.page.results
        if watched is self.page.search:
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and results.currentItem() is None
            if (event.key() == Qt.Key.Key_Down or enter) and results.topLevelItemCount():
                results.setFocus()
                first = results.topLevelItem(0)
                if first is not None:
                    results.setCurrentItem(first)
                return True
        elif watched is results and event.key() == Qt.Key.Key_Up:
            current = results.currentItem()
            if current is None or results.indexOfTopLevelItem(current) <= 0:
                self.page.search.setFocus()
                return True
        return False


class UnitPage(WizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = "commune"
        layout = QVBoxLayout(self)
        # Picking from the official list (communes, provinces).
        self.list_box = QWidget(self)
        box = QVBoxLayout(self.list_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.search_label = QLabel(self.list_box)
        self.search = QLineEdit(self.list_box)
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.results = QTreeWidget(self.list_box)
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setColumnCount(3)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.results.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.count = QLabel(self.list_box)
        for widget in (self.search_label, self.search, self.results, self.count):
            box.addWidget(widget)
        layout.addWidget(self.list_box)
        # A district office types its code and name.
        self.district_box = QWidget(self)
        grid = QGridLayout(self.district_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.code_label, self.name_label = QLabel(self.district_box), QLabel(self.district_box)
        self.code, self.name = QLineEdit(self.district_box), QLineEdit(self.district_box)
        self.code.setMaxLength(4)
        self.code_label.setBuddy(self.code)
        self.name_label.setBuddy(self.name)
        self.code_error, self.name_error = error_label(self.district_box), error_label(self.district_box)
        grid.addWidget(self.code_label, 0, 0)
        grid.addWidget(self.code, 0, 1)
        grid.addWidget(self.code_error, 1, 1)
        grid.addWidget(self.name_label, 2, 0)
        grid.addWidget(self.name, 2, 1)
        grid.addWidget(self.name_error, 3, 1)
        grid.setRowStretch(4, 1)
        layout.addWidget(self.district_box)
        self.error = error_label(self)
        layout.addWidget(self.error)

        self._keys = _ResultKeys(self)
        self.search.installEventFilter(self._keys)
        self.results.installEventFilter(self._keys)
        self.search.textChanged.connect(self._fill)
        self.results.currentItemChanged.connect(lambda *_args: self.completeChanged.emit())
        self.results.itemDoubleClicked.connect(lambda *_args: self.wizard().next())
        for edit in (self.code, self.name):
            edit.textChanged.connect(lambda *_args: self.completeChanged.emit())

    def initializePage(self) -> None:
        role = self.choices().role_choice
        if role != self._role or not self.results.topLevelItemCount():
            self._role = role
            self.search.clear()
            self._fill("")
        self.list_box.setVisible(role != "district")
        self.district_box.setVisible(role == "district")
        self.retranslate()
        (self.code if role == "district" else self.search).setFocus()

    def _level(self) -> str:
        return "commune" if self._role == "commune" else "province"

    def _fill(self, text: str) -> None:
        self.results.clear()
        show_error(self.error, "")
        level = self._level()
        if text.strip():
            units = rank_units(text, search_units(text, level=level, limit=1000))
        else:
            units = search_units("", level=level, limit=SHOWN_RESULTS)
        shown = units[:SHOWN_RESULTS]
        for unit in shown:
            item = QTreeWidgetItem([unit.name, unit.province_name if level == "commune" else "", unit.code])
            item.setData(0, Qt.ItemDataRole.UserRole, unit.code)
            self.results.addTopLevelItem(item)
        self.results.setColumnHidden(1, level != "commune")
        if not text.strip():
            self.count.setText("")
        elif not units:
            self.count.setText(_("Nothing in the official list matches “%(text)s”.") % {"text": text.strip()})
        elif len(units) > len(shown):
            self.count.setText(_("The first %(shown)s of %(count)s units are shown; type more to narrow the list.")
                               % {"shown": l10n.format_number(len(shown)), "count": l10n.format_number(len(units))})
        else:
            self.count.setText(l10n.ngettext("%(count)s unit found.", "%(count)s units found.", len(units))
                               % {"count": l10n.format_number(len(units))})
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self._role == "district":
            return bool(self.code.text().strip() and self.name.text().strip())
        return self.results.currentItem() is not None

    def validatePage(self) -> bool:
        for label in (self.error, self.code_error, self.name_error):
            show_error(label, "")
        try:
            if self._role == "district":
                code = self.code.text().strip()
                if not (code.isdigit() and len(code) in (3, 4)):
                    show_error(self.code_error, _("A district code has 3 digits (for example 250)."))
                    return False
                unit = resolve_unit(code, "upper", self.name.text())
            else:
                chosen = self.results.currentItem()
                if chosen is None:  # Next is enabled only once a unit is chosen (isComplete)
                    return False
                code = chosen.data(0, Qt.ItemDataRole.UserRole)
                unit = resolve_unit(code, "commune" if self._role == "commune" else "upper")
        except QcdcError as exc:
            show_error(self.name_error if self._role == "district" else self.error, exc.message)
            return False
        self.choices().unit = unit
        return True

    def retranslate(self) -> None:
        if self._role == "district":
            self.setTitle(_("Your district"))
            self.setSubTitle(_("Type the code and the name of the district office."))
        elif self._role == "province":
            self.setTitle(_("Your province"))
            self.setSubTitle(_("Find your province or centrally-run city in the official list."))
        else:
            self.setTitle(_("Your commune"))
            self.setSubTitle(_("Find your commune, ward or special zone in the official list of 3,321 units."))
        if self._role == "province":
            self.search_label.setText(_("&Search (accents not needed, e.g. “phu tho”), then press Down and Enter:"))
            self.search.setPlaceholderText(_("Name or code"))
        else:
            self.search_label.setText(_("&Search (accents not needed, e.g. “an binh”), then press Down and Enter:"))
            self.search.setPlaceholderText(_("Name, province or code"))
        self.results.setHeaderLabels([_("Name"), _("Province"), _("Code")])
        self.code_label.setText(_("District &code:"))
        self.name_label.setText(_("District &name:"))
        self.name.setPlaceholderText(_("e.g. Huyện Mê Linh"))

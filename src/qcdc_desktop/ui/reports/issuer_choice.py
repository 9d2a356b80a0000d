"""Who issues the report and how it is signed, above its preview: the People's Committee or the
Party committee, and at the upper level a board of the provincial Party committee
(``core.issuers``); the capacities offered are those of the issuer chosen.  Both choices are kept
for the next reports on this computer."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ...core.issuers import BOARD, authorities_of, issuer_name, issuer_track, issuers_for
from ...core.model import Unit
from ...core.notice import AUTHORITIES, NoticeSettings
from ...core.signing import usual_authority
from ...core.settings import LIST_FILTER, Setting
from ...l10n import _
from ..widgets.settings import read, write


def _kept(name: str) -> Setting[str]:
    return LIST_FILTER(list="reports", name=name)


class IssuerChoice(QWidget):
    """Two combos: the issuer, then the capacity of the signature.  ``changed`` when either is
    chosen by the person (not while they are filled)."""

    changed = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.issuers = QComboBox(self)
        self.issuers.setObjectName("report-issuer")
        self.authorities = QComboBox(self)
        self.authorities.setObjectName("report-authority")
        issued = QLabel(_("&Letterhead:"), self)
        issued.setBuddy(self.issuers)
        signed = QLabel(_("&Kind of signature:"), self)
        signed.setBuddy(self.authorities)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(issued)
        layout.addWidget(self.issuers, 1)
        layout.addWidget(signed)
        layout.addWidget(self.authorities, 1)
        self.issuers.currentIndexChanged.connect(self._issuer_chosen)
        self.authorities.currentIndexChanged.connect(self._authority_chosen)
        self._filling = False
        self._usual = NoticeSettings()
        self.setEnabled(False)  # until the office is known

    def set_office(self, office: tuple[Unit, NoticeSettings]) -> None:
        """Offer the issuers of the office; those kept from last time chosen again, else the People's
        Committee signed in the office's usual way."""
        unit, self._usual = office
        self._filling = True
        self.issuers.clear()
        for code in issuers_for(unit):
            self.issuers.addItem(issuer_name(code, unit), code)
        kept = self.issuers.findData(read(self.settings, _kept("issuer")))
        self.issuers.setCurrentIndex(max(kept, 0))
        self._fill_authorities()
        self._filling = False
        self.setEnabled(True)

    def issuer(self) -> str:
        """The issuer chosen, or "" before the office is known (the report's default)."""
        return str(self.issuers.currentData() or "")

    def authority(self) -> str:
        """The capacity chosen, or "" before the office is known (the issuer's usual one)."""
        return str(self.authorities.currentData() or "")

    def _fill_authorities(self) -> None:
        self.authorities.clear()
        for code in authorities_of(self.issuer()):
            self.authorities.addItem(AUTHORITIES[code].label, code)
        kept = self.authorities.findData(read(self.settings, _kept("authority")))
        if kept < 0:
            track = issuer_track(self.issuer())
            kept = self.authorities.findData(usual_authority(self._usual, track)) if track != BOARD else 0
        self.authorities.setCurrentIndex(max(kept, 0))

    def _issuer_chosen(self) -> None:
        if self._filling:
            return
        self._filling = True
        self._fill_authorities()
        self._filling = False
        write(self.settings, _kept("issuer"), self.issuer())
        write(self.settings, _kept("authority"), self.authority())
        self.changed.emit()

    def _authority_chosen(self) -> None:
        if self._filling:
            return
        write(self.settings, _kept("authority"), self.authority())
        self.changed.emit()

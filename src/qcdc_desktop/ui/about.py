"""The About dialog: version, and the licences of what the application ships."""

from __future__ import annotations

from importlib import resources

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QLabel, QWidget

from .. import __version__
from ..l10n import _
from .widgets.screen_fit import fit_to_screen


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About QCDC Desktop"))
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>QCDC Desktop</b> {__version__}<br>"
                         + _("Direct contact and dialogue meetings with citizens: records, conclusion notices, "
                             "follow-up and reports for commune offices."))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(QLabel(_("Licences of the data and fonts shipped with the application:")))
        text = QPlainTextEdit(self)
        text.setReadOnly(True)
        text.setPlainText(self._licences())
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 480)

    @staticmethod
    def _licences() -> str:
        root = resources.files("qcdc_desktop") / "data"
        parts = []
        for name, title in (("admin-units", _("Official list of administrative units (2025)")),
                            ("fonts", _("Liberation Serif fonts for printed documents (SIL Open Font License)"))):
            licence = (root / name / "LICENSE").read_text(encoding="utf-8")
            parts.append(f"== {title} ==\n\n{licence}")
        return "\n\n".join(parts)

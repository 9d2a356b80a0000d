"""A PDF shown inside the application (QtPdf).

The preview and the printer get the same bytes: what the clerk sees is what prints
(``ui.pdf_output``, ``ui.print_job``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ...l10n import _

ZOOM_STEP = 1.25


def load_pdf(document: QPdfDocument, pdf: bytes, parent_buffer_owner: QWidget | None = None) -> QBuffer:
    """Load ``pdf`` (bytes) into ``document``; the buffer must live as long as the document."""
    buffer = QBuffer(parent_buffer_owner)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


class PdfPreview(QWidget):
    """The pages of a PDF, with zoom (Ctrl++ / Ctrl+-, fit to width) and paging (PgUp / PgDn)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.pdf = b""
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        bar = QHBoxLayout()
        self.previous_button = self._button("◀", _("Previous page (Page Up)"), self.previous_page)
        self.next_button = self._button("▶", _("Next page (Page Down)"), self.next_page)
        self.page_label = QLabel(self)
        self.zoom_out_button = self._button("−", _("Zoom out (Ctrl+-)"), self.zoom_out)
        self.zoom_in_button = self._button("+", _("Zoom in (Ctrl++)"), self.zoom_in)
        self.fit_button = self._button(_("Fit width"), _("Fit the page to the width of the window"), self.fit_width)
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in), (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                           (QKeySequence(Qt.Key.Key_PageDown), self.next_page),
                           (QKeySequence(Qt.Key.Key_PageUp), self.previous_page)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.document.pageCountChanged.connect(self._show_page)
        self._show_page()

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def set_pdf(self, pdf: bytes) -> None:
        """Show ``pdf``, keeping the page shown when it is the same document again."""
        page = self.current_page()
        self.document.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
        self.pdf = pdf
        self._buffer = load_pdf(self.document, pdf, self)
        self.go_to(min(page, max(self.page_count() - 1, 0)))

    def clear(self) -> None:
        self.document.close()
        self.pdf = b""
        self._show_page()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page()

    def next_page(self) -> None:
        self.go_to(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to(self.current_page() - 1)

    def zoom_in(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(self.view.zoomFactor() * ZOOM_STEP, 8.0))

    def zoom_out(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(self.view.zoomFactor() / ZOOM_STEP, 0.25))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _show_page(self, *_args: object) -> None:
        count = self.page_count()
        self.page_label.setText(_("Page %(page)d of %(count)d") % {"page": self.current_page() + 1, "count": count}
                                if count else "")
        self.previous_button.setEnabled(self.current_page() > 0)
        self.next_button.setEnabled(self.current_page() + 1 < count)

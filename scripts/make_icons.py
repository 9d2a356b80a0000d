"""Draw the application icon into resources/ (packaging: PNG sizes for Linux, .ico for Windows,
.icns for macOS where Qt can write it) and into the package (the window icon).

The icon is drawn, not downloaded, so it can be made again at any size::

    QT_QPA_PLATFORM=offscreen python scripts/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QImageWriter, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48, 64, 128, 256, 512)
RED, YELLOW, WHITE = QColor("#b71c1c"), QColor("#ffd54f"), QColor("#ffffff")


def draw(size: int) -> QImage:
    """A red tile with a white speech bubble (the dialogue) holding a yellow tick (the follow-up)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 100.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRoundedRect(QRectF(2 * s, 2 * s, 96 * s, 96 * s), 18 * s, 18 * s)
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(14 * s, 16 * s, 72 * s, 52 * s), 12 * s, 12 * s)
    tail = QPainterPath()
    tail.moveTo(30 * s, 64 * s)
    tail.lineTo(24 * s, 84 * s)
    tail.lineTo(46 * s, 66 * s)
    tail.closeSubpath()
    p.setBrush(WHITE)
    p.drawPath(bubble.united(tail))
    pen = p.pen()
    pen.setStyle(Qt.PenStyle.SolidLine)
    pen.setColor(RED if size < 32 else QColor("#c62828"))
    pen.setWidthF(9 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    path = QPainterPath()
    path.moveTo(32 * s, 42 * s)
    path.lineTo(45 * s, 54 * s)
    path.lineTo(69 * s, 29 * s)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    if size >= 128:
        p.setPen(YELLOW)
        font = QFont("Liberation Sans", max(1, int(11 * s)))
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(0, 78 * s, 100 * s, 18 * s), Qt.AlignmentFlag.AlignCenter, "QCDC")
    p.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    resources = ROOT / "resources"
    resources.mkdir(exist_ok=True)
    for size in SIZES:
        draw(size).save(str(resources / f"qcdc-desktop-{size}.png"))
    draw(256).save(str(resources / "qcdc-desktop.ico"))
    if b"icns" in [bytes(f) for f in QImageWriter.supportedImageFormats()]:
        draw(512).save(str(resources / "qcdc-desktop.icns"))
    draw(256).save(str(ROOT / "src" / "qcdc_desktop" / "data" / "icon.png"))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

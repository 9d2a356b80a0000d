"""A window opened at the size it was designed for, or as much of it as its screen has room for.

A dialog made 1240 pixels wide fits a 1366×768 screen, but at 150 % (a laptop's usual setting)
that screen is 910×512 pixels to Qt: the dialog went past the screen's right and bottom edges, and
its Import and Close buttons with it.  :func:`fit_to_screen` asks for the designed size and takes
what the screen has; the layouts then give each part its share, as they do when the window is
made smaller by hand.  Qt centres a dialog on its parent within the screen.

The main window is placed by the window manager, which adds its title bar and may keep a margin:
at its first start :func:`fit_main_window` leaves more room around it and centres it; later it
opens where it was left."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QStyle, QWidget


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, no larger than the free part of the screen it
    opens on (its parent's), its title bar included."""
    screen: QScreen | None = (window.parentWidget() or window).screen()  # None off screen, whatever the stubs say
    if screen is None:
        window.resize(width, height)
        return
    room = screen.availableGeometry()
    title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, window)
    frame = 2 * window.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, window)
    width = min(width, room.width() - frame)
    height = min(height, room.height() - title - frame)
    window.resize(width, height)


def fit_main_window(window: QWidget) -> None:
    """A first start on a small screen (1366×768 with a task bar, or 150 % on a laptop) gets a
    main window that fits, in the middle of the free part of the screen."""
    screen: QScreen | None = window.screen()  # None off screen, whatever the stubs say
    if screen is None:
        return
    available = screen.availableGeometry()
    window.resize(window.size().boundedTo(QSize(available.width() - 40, available.height() - 80)))
    window.move(available.center() - window.rect().center())

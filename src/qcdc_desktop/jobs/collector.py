"""Python's cycle collector, run on the UI thread only.

Python collects reference cycles in whatever thread happens to allocate when a threshold is
crossed — in the desktop program, often a job's thread while it builds a report or reads a
register.  A cycle may hold the last reference to a Qt object that lives on the UI thread (a
dialog, a widget kept by a closure), and destroying it from another thread makes Qt abort the
program ("Fatal Python error: Aborted", seen while a report was being built).  So the automatic
collector is turned off, and a timer on the UI thread runs the same generational collections when
the same thresholds are crossed; between two ticks garbage only waits.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Install once, as a child of the application object; :meth:`collect` is what each tick runs."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collect the generations whose counts crossed their thresholds, as Python would have."""
        first, second, third = gc.get_count()
        found = 0
        if first > self.thresholds[0]:
            found += gc.collect(0)
            if second > self.thresholds[1]:
                found += gc.collect(1)
                if third > self.thresholds[2]:
                    found += gc.collect(2)
        return found


def install(app: QObject) -> MainThreadCollector:
    """Collect cycles on the thread of ``app`` (the UI thread) only; once per application."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)

"""The database worker lets go of what an operation holds on the UI thread, never on its own."""

from __future__ import annotations

import logging
import threading
import weakref

import pytest
from PySide6.QtCore import Qt

from qcdc_desktop.jobs.database import Database


def _watched_operation(freed_on: list[str], *, fails: bool):
    class Watched:
        pass

    watched = Watched()
    weakref.finalize(watched, lambda: freed_on.append(threading.current_thread().name))

    def op(store):
        if fails:
            raise ValueError(type(watched).__name__)
        return type(watched).__name__

    return op


@pytest.mark.parametrize("fails", [False, True], ids=["done", "failed"])
def test_what_an_operation_holds_is_freed_on_the_ui_thread_even_when_the_worker_lingers(
        qtbot, store, monkeypatch, fails) -> None:
    """An operation may hold the last reference to a Qt object of the UI thread (the register
    import's progress signals, deleted once the import is done); freed on the worker, after the UI
    thread deleted the object, it crashed the program (a segfault with no Python frame, CI)."""
    path = store.path
    store.close()
    # The test's log capture keeps the failure's record, and with it the frames it went through.
    monkeypatch.setattr(logging.getLogger("qcdc_desktop.jobs.database"), "disabled", True)
    database = Database(path)
    try:
        # The worker lingers after reporting, as a busy machine may make it: the outcome is handled
        # and forgotten on the UI thread before the worker is out of its slot.
        database._worker.done.connect(lambda *_args: threading.Event().wait(0.3),
                                      Qt.ConnectionType.DirectConnection)
        freed_on: list[str] = []
        outcome: list[object] = []
        database.submit(_watched_operation(freed_on, fails=fails), outcome.append, outcome.append)
        qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
        assert isinstance(outcome[0], ValueError) == fails
        qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
        assert freed_on == [threading.main_thread().name]
    finally:
        database.shutdown()

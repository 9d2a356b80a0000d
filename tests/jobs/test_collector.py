"""Reference cycles are collected on the UI thread, never on a job's thread (where destroying a Qt
object of the UI thread aborts the program)."""

from __future__ import annotations

import gc
import threading
import weakref

from qcdc_desktop.jobs import collector
from qcdc_desktop.jobs.job import Job


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_made_on_the_ui_thread_die_there_even_when_a_job_allocates(qtbot, qapp) -> None:
    installed = collector.install(qapp)
    assert not gc.isenabled()
    died_on: list[str] = []
    cycles = [_Cycle() for _ in range(installed.thresholds[0] + 100)]  # enough to be worth a collection
    refs = [weakref.ref(c, lambda _r: died_on.append(threading.current_thread().name)) for c in cycles]
    del cycles

    def allocate(*, progress, cancelled) -> int:
        junk = [[i] * 3 for i in range(200_000)]  # would cross every threshold many times
        return len(junk)

    done: list[int] = []
    job = Job(allocate)
    job.finished.connect(done.append)
    job.start()
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert died_on == [] or set(died_on) == {threading.main_thread().name}
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=10 * collector.INTERVAL_MS)
    assert set(died_on) == {threading.main_thread().name}
    assert installed is collector.install(qapp), "installed once per application"


def test_the_collector_collects_what_python_would_have(qapp) -> None:
    installed = collector.install(qapp)
    for _ in range(installed.thresholds[0] + 10):
        _Cycle()
    assert installed.collect() > 0


def test_a_database_forgotten_without_shutdown_is_never_collected_with_its_thread_running(qtbot, store) -> None:
    """Qt aborts the program when a running QThread is destroyed: a forgotten worker stays
    referenced until it is shut down (at exit at the latest), even through a full collection."""
    from qcdc_desktop.jobs import database as database_module

    path = store.path
    store.close()
    forgotten = database_module.Database(path)
    thread = weakref.ref(forgotten)
    del forgotten
    gc.collect()
    assert thread() is not None and thread() in database_module._running
    database_module._stop_forgotten_workers()
    assert thread() not in database_module._running

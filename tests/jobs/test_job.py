"""Long work runs off the UI thread, reports progress and stops when cancelled."""

from __future__ import annotations

import threading
import weakref

import pytest

from qcdc_desktop.jobs.job import Cancelled, Job


def _count(n: int, started: threading.Event | None = None, release: threading.Event | None = None):
    def work(*, progress, cancelled):
        total = 0
        for i in range(n):
            if cancelled():
                raise Cancelled
            if started is not None and i == 1:
                started.set()
                release.wait(5)
            total += i
            progress(i + 1, n)
        return total

    return work


def test_job_reports_progress_and_result(qtbot) -> None:
    job = Job(_count(5))
    seen: list[tuple[int, int]] = []
    job.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [sum(range(5))]
    qtbot.waitUntil(lambda: len(seen) == 5)
    assert seen[-1] == (5, 5)


def test_cancel_stops_the_work(qtbot) -> None:
    started, release = threading.Event(), threading.Event()
    job = Job(_count(1000, started, release))
    finished: list[object] = []
    job.finished.connect(finished.append)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.start()
        assert started.wait(5)
        job.cancel()
        release.set()
    assert finished == []


def test_failure_is_reported_not_raised(qtbot) -> None:
    def broken(*, progress, cancelled):
        raise ValueError("bad data")

    job = Job(broken)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ValueError)


@pytest.fixture(autouse=True)
def _wait_for_pool():
    yield
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)


def test_work_still_running_when_the_program_lets_its_job_go_ends_quietly(qtbot) -> None:
    """At the end of the program the window goes, and with it what a work still running (the
    file's check, told to stop) reports to: the work ends without an error from its thread."""
    import shiboken6

    from qcdc_desktop.jobs.job import _Runnable, _Signals

    signals = _Signals()
    flag, returned = threading.Event(), threading.Event()
    told: list[str] = []
    signals.cancelled.connect(lambda: told.append("cancelled"))

    def work(*, progress, cancelled):
        shiboken6.delete(signals)  # the program let the job go while this ran
        progress(1, 2)
        raise Cancelled

    _Runnable(work, signals, flag, returned).run()  # raised RuntimeError: Signal source has been deleted
    assert returned.is_set() and flag.is_set() and told == []


class _SlowToLetGo(threading.Event):
    """The work thread's last step held back: told the work returned, it lingers before letting
    its own references go (as a busy machine may make it)."""

    def set(self) -> None:
        super().set()
        threading.Event().wait(0.3)


def _watched_work(freed_on: list[str]):
    class Watched:
        pass

    watched = Watched()
    weakref.finalize(watched, lambda: freed_on.append(threading.current_thread().name))

    def work(*, progress, cancelled):
        progress(1, 1)
        return type(watched).__name__

    return work


def test_what_a_work_holds_is_freed_on_the_ui_thread_even_when_its_thread_lingers(qtbot) -> None:
    """A work's closure may hold the last reference to a Qt object of the UI thread; freed on the
    work's thread, it crashed the program (a segfault with no Python frame, CI)."""
    freed_on: list[str] = []
    done: list[object] = []
    job = Job(_watched_work(freed_on))
    job._returned = _SlowToLetGo()
    job.finished.connect(done.append)
    job.start()
    del job
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [threading.main_thread().name]

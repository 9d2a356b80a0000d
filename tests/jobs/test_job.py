"""Long work runs off the UI thread, reports progress and stops when cancelled."""

from __future__ import annotations

import threading

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

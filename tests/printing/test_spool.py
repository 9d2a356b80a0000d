"""Sending the notice to a print queue as PDF: what the printer receives has the notice's text,
fonts and page size; only the pages asked for; a refused or paused queue is said, never "sent".
Against a real CUPS scheduler started by the tests (tests/cupsd.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cupsd import cups_server, wait_for_output  # noqa: F401 - the fixture
from pdfcheck import fonts, layout_text, needs_poppler, page_count, words
from print_samples import entry, meeting, render
from qcdc_desktop.core.errors import Cancelled, PrintError
from qcdc_desktop.core.model import Task
from qcdc_desktop.printing.spool import (
    COMPLETED,
    CupsQueues,
    PrintOptions,
    ipp_options,
    parse_ranges,
    selected_pages,
    spool_all,
)

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def notice(tmp_path_factory) -> Path:
    """A two-page conclusion notice (many conclusions)."""
    tasks = [Task(f"Nhiệm vụ số {n}: rà soát, hoàn thiện hồ sơ đất đai của các hộ dân Thôn Đông và báo cáo kết quả "
                  f"cho Chủ tịch UBND xã.", "Công chức Địa chính - Xây dựng") for n in range(1, 11)]
    m = meeting(conclusions=tasks)
    pdf = render(tmp_path_factory.mktemp("notice"), m, entry(m))
    assert page_count(pdf) == 2
    return pdf


@pytest.fixture
def queues(cups_server) -> CupsQueues:  # noqa: F811
    cups_server.reset()
    return CupsQueues()


def _finish(queues: CupsQueues, job, timeout: float = 30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = queues.job_state(job)
        if state.finished:
            return state
        time.sleep(0.1)
    raise AssertionError(f"job {job.name} did not finish")


def _text(pdf: Path, page: int | None = None) -> list[str]:
    return [" ".join(line.split()) for line in layout_text(pdf, page).splitlines() if line.strip()]


def test_page_ranges_are_read_and_kept_to_the_document() -> None:
    assert parse_ranges("1-2, 4") == ((1, 2), (4, 4))
    assert parse_ranges("") == ()
    for bad in ("2-1", "0", "a", "1-2-3"):
        with pytest.raises(PrintError):
            parse_ranges(bad)
    assert selected_pages((), 3) == [1, 2, 3]
    assert selected_pages(((2, 9), (1, 1)), 3) == [1, 2, 3]
    assert selected_pages(((5, 6),), 3) == []
    options = PrintOptions("VanPhong", copies=2, collate=False, ranges=((2, 2),), sides="two-sided-long-edge",
                           tray="bottom", grayscale=True)
    sent = ipp_options(options, [2], 2)
    assert sent["page-ranges"] == "2" and sent["copies"] == "2" and sent["media"] == "A4"
    assert sent["sides"] == "two-sided-long-edge" and sent["media-source"] == "bottom"
    assert sent["collate"] == "false" and sent["print-color-mode"] == "monochrome"
    assert "page-ranges" not in ipp_options(PrintOptions("VanPhong"), [1, 2], 2)


def test_the_printer_receives_the_notice_as_text_with_its_fonts_and_page_size(
        queues, cups_server, notice: Path) -> None:  # noqa: F811
    job = queues.submit(notice.read_bytes(), PrintOptions("VanPhong"), title="05-TB-UBND", page_count=2)
    assert job.name.startswith("VanPhong-") and job.pages == 2
    state = _finish(queues, job)
    assert state.state == COMPLETED and state.printed and state.pages_done == 2
    assert "VanPhong" in state.describe() and "2" in state.describe()
    printed = wait_for_output(cups_server.output("VanPhong"))
    assert page_count(printed) == 2
    assert _text(printed) == _text(notice)  # the same words, in the same lines
    assert fonts(printed) and all(font["emb"] == "yes" for font in fonts(printed))  # text, not a picture
    info = cups_server.run("pdfinfo", str(printed)).stdout
    assert "(A4)" in info
    before, after = words(notice), words(printed)
    assert len(before) == len(after)
    assert max(max(abs(a.x_min - b.x_min), abs(a.y_min - b.y_min)) for a, b in zip(before, after)) < 1.0  # margins


def test_a_page_range_prints_only_those_pages(queues, cups_server, notice: Path) -> None:  # noqa: F811
    job = queues.submit(notice.read_bytes(), PrintOptions("VanPhong", ranges=((2, 2),)), title="05-TB-UBND",
                        page_count=2)
    assert job.pages == 1  # said truthfully
    state = _finish(queues, job)
    assert state.printed and state.pages_done == 1
    printed = wait_for_output(cups_server.output("VanPhong"))
    assert page_count(printed) == 1
    assert _text(printed) == _text(notice, 2)


def test_copies_two_sided_in_grey_are_counted_and_pages_outside_the_document_refused(queues, cups_server, notice) -> None:  # noqa: F811
    options = PrintOptions("TiepDan", copies=2, sides="two-sided-long-edge", grayscale=True)
    job = queues.submit(notice.read_bytes(), options, title="05-TB-UBND", page_count=2)
    assert job.pages == 4 and _finish(queues, job).pages_done == 4
    printed = wait_for_output(cups_server.output("TiepDan"))
    assert page_count(printed) == 4 and _text(printed) == _text(notice) * 2  # collated: 1, 2, 1, 2
    assert all(font["emb"] == "yes" for font in fonts(printed))  # black and white, still text
    with pytest.raises(PrintError, match="3-4"):
        queues.submit(notice.read_bytes(), PrintOptions("TiepDan", ranges=((3, 4),)), title="x", page_count=2)


def test_a_queue_that_refuses_jobs_is_said_and_nothing_is_sent(queues, cups_server, notice: Path) -> None:  # noqa: F811
    assert cups_server.run("cupsreject", "-r", "Hết mực", "VanPhong").returncode == 0
    with pytest.raises(PrintError) as refused:
        queues.submit(notice.read_bytes(), PrintOptions("VanPhong"), title="05-TB-UBND", page_count=2)
    message = refused.value.message
    assert message.startswith("Máy in VanPhong đang không nhận lệnh in") and "Hết mực" in message
    assert "Chưa gửi" in message and "đã gửi" not in message.lower()
    assert cups_server.run("lpstat", "-W", "all", "-o", "VanPhong").stdout.strip() == ""  # no job at all
    assert not cups_server.output("VanPhong").exists()
    with pytest.raises(PrintError, match="KhongCo"):
        queues.submit(notice.read_bytes(), PrintOptions("KhongCo"), title="x", page_count=2)


def test_a_paused_printer_keeps_the_job_and_says_what_to_do(queues, cups_server, notice: Path) -> None:  # noqa: F811
    assert cups_server.run("cupsdisable", "-r", "Kẹt giấy", "VanPhong").returncode == 0
    job = queues.submit(notice.read_bytes(), PrintOptions("VanPhong"), title="05-TB-UBND", page_count=2)
    state = queues.job_state(job)
    assert not state.finished and "tạm dừng" in state.problem and "Kẹt giấy" in state.problem
    assert job.name in state.describe()
    assert cups_server.run("cupsenable", "VanPhong").returncode == 0
    assert _finish(queues, job).printed


def test_a_batch_goes_one_job_a_notice_and_stops_between_them_on_cancel(queues, notice: Path) -> None:
    pdf = notice.read_bytes()
    made: list[int] = []

    def documents():
        for n in range(1, 4):
            made.append(n)
            yield f"TB-{n}", pdf, 2

    seen: list[tuple[int, int]] = []
    sent = spool_all(queues, documents(), PrintOptions("TiepDan"), total=3, progress=lambda d, t: seen.append((d, t)),
                     cancelled=lambda: False)
    assert [job.title for job in sent.jobs] == ["TB-1", "TB-2", "TB-3"] and sent.pages == 6
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert all(_finish(queues, job).printed for job in sent.jobs)
    made.clear()
    asked = iter([False, False, False, True])
    with pytest.raises(Cancelled):
        spool_all(queues, documents(), PrintOptions("TiepDan"), total=3, progress=lambda d, t: None,
                  cancelled=lambda: next(asked, True))
    assert made == [1, 2]  # the third notice was never made

"""The bar whose controls flow on to more lines when the window is narrow (ui/widgets/flow.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from qcdc_desktop.ui.widgets.flow import FlowBar, labelled


def _bar(qtbot) -> tuple[QWidget, FlowBar, list[QWidget]]:
    window = QWidget()
    qtbot.addWidget(window)
    bar = FlowBar(window)
    search = QLineEdit()
    pieces = [QPushButton(f"Nút số {i}") for i in range(4)]
    pieces.append(labelled(window, QLabel("Tìm kiếm:"), search, grow=True))
    for piece in pieces:
        bar.add(piece)
    layout = QVBoxLayout(window)
    layout.addWidget(bar)
    layout.addStretch(1)
    window.show()
    return window, bar, pieces


def test_one_line_when_there_is_room_more_lines_when_narrow(qtbot) -> None:
    window, bar, pieces = _bar(qtbot)
    window.resize(bar.sizeHint().width() + 40, 200)
    qtbot.waitUntil(lambda: len({p.y() for p in pieces}) == 1)
    line = max(p.height() for p in pieces)
    assert pieces[-1].geometry().right() >= bar.width() - 2  # the search takes the room left
    window.resize(bar.minimumSizeHint().width() + 20, 400)
    qtbot.waitUntil(lambda: len({p.y() for p in pieces}) >= 3)
    assert bar.height() >= 3 * line  # the bar grew to hold its lines
    assert all(p.geometry().right() <= bar.width() for p in pieces)  # nothing past the edge
    assert bar.minimumSizeHint().width() < bar.sizeHint().width() // 2


def test_a_hidden_piece_leaves_no_gap_and_pieces_can_go(qtbot) -> None:
    window, bar, pieces = _bar(qtbot)
    window.resize(bar.sizeHint().width() + 40, 200)
    qtbot.waitUntil(lambda: len({p.y() for p in pieces}) == 1)
    x_of_third = pieces[2].x()
    pieces[1].hide()
    qtbot.waitUntil(lambda: pieces[2].x() < x_of_third)
    x_of_last = pieces[-1].x()
    pieces[0].deleteLater()  # a piece deleted, then the whole bar: nothing is freed twice
    qtbot.waitUntil(lambda: pieces[-1].x() < x_of_last)
    bar.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(FlowBar) is None)


def test_a_bar_out_of_sight_does_not_make_the_window_taller(qtbot) -> None:
    """A place not shown keeps its bar at the width it had when made (narrow): measured there, the
    bar asked for a line per piece, and the window's stack of places, as tall as its tallest
    place, could not be made short enough for a laptop at 150 % (488 pixels where 464 fit)."""
    from PySide6.QtWidgets import QStackedWidget

    stack = QStackedWidget()
    qtbot.addWidget(stack)
    shown, hidden = QWidget(), QWidget()
    for page in (shown, hidden):
        bar = FlowBar(page)
        for i in range(6):
            bar.add(QPushButton(f"Nút số {i}"))
        QVBoxLayout(page).addWidget(bar)
        stack.addWidget(page)
    hidden_bar = hidden.findChild(FlowBar)
    hidden_bar.resize(40, 10)  # never laid out at the width it will get
    stack.setCurrentWidget(shown)
    stack.resize(2000, 300)
    stack.show()
    qtbot.waitExposed(stack)
    shown_bar = shown.findChild(FlowBar)
    qtbot.waitUntil(lambda: shown_bar.width() > 1000)
    one_line = shown_bar.minimumSizeHint().height()
    assert hidden_bar.minimumSizeHint().height() == one_line
    assert stack.minimumSizeHint().height() < 2 * one_line

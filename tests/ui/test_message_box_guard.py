"""The suite's guard (tests/conftest.py): a message box no test expected fails at once instead of
holding the run on a screen nobody sees."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.mark.parametrize("kind", ["warning", "critical", "information", "question"])
def test_an_unexpected_message_box_fails_the_test(qtbot, kind: str) -> None:
    with pytest.raises(AssertionError, match=f"unexpected {kind} message box: Đồng bộ / Không ghi được"):
        getattr(QMessageBox, kind)(None, "Đồng bộ", "Không ghi được")


def test_a_test_that_expects_one_answers_it_itself(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert QMessageBox.question(None, "Đồng bộ", "Tiếp tục?") == QMessageBox.StandardButton.Yes

"""In the opinions' form, "Answered at the meeting" and the outcome are one fact: each follows the
other, and a record stored by an earlier version is shown as it is read."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from qcdc_desktop.ui.meetings.meeting_form import OpinionsEditor
from qcdc_desktop.ui.widgets.fields import CodeCombo


def editor(qtbot) -> tuple[OpinionsEditor, QCheckBox, CodeCombo]:
    opinions = OpinionsEditor()
    qtbot.addWidget(opinions)
    box, combo = opinions.inputs["answered"], opinions.inputs["outcome"]
    assert isinstance(box, QCheckBox) and isinstance(combo, CodeCombo)
    return opinions, box, combo


def test_ticking_answered_sets_the_outcome_and_the_outcome_ticks_it(qtbot) -> None:
    _opinions, box, combo = editor(qtbot)
    assert not box.isChecked() and combo.code() is None
    box.click()
    assert combo.code() == "answered"
    box.click()
    assert combo.code() is None and not box.isChecked()
    combo.set_code("answered")
    assert box.isChecked()
    combo.set_code("forwarded")
    assert not box.isChecked() and combo.code() == "forwarded"
    box.click()
    assert combo.code() == "answered"
    combo.set_code(None)  # "not decided yet"
    assert not box.isChecked()
    box.click()
    box.click()  # unticked again: an outcome other than "answered" would have stayed
    combo.set_code("commune_task")
    box.click()
    box.click()
    assert combo.code() is None


def test_records_of_an_earlier_version_are_shown_as_one_fact(qtbot) -> None:
    opinions, box, combo = editor(qtbot)
    base = {"speaker": "Trần Thị Bình", "field": "land", "content": "Đề nghị cấp sổ.", "answer": "Đã giải thích."}
    opinions.set_records([{**base, "answered": True, "outcome": None},
                          {**base, "answered": True, "outcome": "forwarded"}])
    assert [(r["answered"], r["outcome"]) for r in opinions.records] == [(True, "answered"), (False, "forwarded")]
    opinions.load(0)
    assert box.isChecked() and combo.code() == "answered"
    opinions.load(1)
    assert not box.isChecked() and combo.code() == "forwarded"
    assert opinions.form_values()["answer"] == "Đã giải thích."  # what was said stays

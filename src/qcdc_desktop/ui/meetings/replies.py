"""What the upper level writes from a commune's meeting shown in the entry form: a reply to one of
its opinions, a directive to the commune about the meeting (or one of its conclusions).  Both go
down to the commune with its next bundle (ui/sync/message_dialog.py writes them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ... import l10n
from ...core.errors import user_message
from ...core.model import Meeting, Opinion, Task
from ...db.connection import Store
from ...db.forwarded import ForwardedOpinion
from ...db.sync_store import Peer, list_peers
from ...db.units import office_label
from ...l10n import _
from ..sync.message_dialog import MessageDialog

if TYPE_CHECKING:
    from .meeting_editor import MeetingEditor


def _current(editor: MeetingEditor, tab: int) -> int | None:
    """The opinion (tab 1) or conclusion (tab 2) shown in its form or chosen in its table."""
    records = editor.opinions if tab == 1 else editor.tasks
    if records.current is not None:
        return records.current
    row = records.table.currentRow()
    return row if 0 <= row < len(records.records) else None


def chosen_opinion(editor: MeetingEditor) -> Opinion | None:
    meeting = editor.shown
    index = _current(editor, 1)
    if meeting is None or index is None or index >= len(meeting.opinions):
        return None
    return meeting.opinions[index]


def chosen_task(editor: MeetingEditor) -> Task | None:
    meeting = editor.shown
    index = _current(editor, 2) if editor.tabs.currentIndex() == 2 else None
    if meeting is None or index is None or index >= len(meeting.conclusions):
        return None
    return meeting.conclusions[index]


def reply_to_opinion(editor: MeetingEditor) -> None:
    """Reply to the opinion chosen on the Opinions tab; without one, go there and say to choose it."""
    meeting, code = editor.shown, editor.foreign
    if meeting is None or code is None:
        return
    opinion = chosen_opinion(editor)
    if opinion is None or not opinion.id:
        editor.go_to_tab(1)
        editor.opinions.table.setFocus()
        editor.status_label.setText(_("Choose the opinion to reply to in the list first.") if meeting.opinions
                                    else _("This meeting has no opinions to reply to."))
        return
    forwarded = ForwardedOpinion(opinion.id, code, meeting.held_on, opinion.speaker, opinion.content, 0)
    dialog = MessageDialog(editor.database, opinion=forwarded, today=editor.today,
                           on_saved=lambda _id: editor.status_label.setText(_("Reply saved; it goes down with the "
                                                                              "commune's next bundle.")),
                           parent=editor)
    dialog.exec()
    dialog.deleteLater()


def directive_text(meeting: Meeting, task: Task | None) -> str:
    """The start of a directive about ``meeting`` (or one of its conclusions), for the officer to go on."""
    about = {"title": meeting.title, "date": l10n.format_date(meeting.held_on)}
    if task is not None:
        return _("About the conclusion “%(task)s” of the meeting “%(title)s” of %(date)s: ") % {
            **about, "task": " ".join(task.content.split())[:200]}
    return _("About the meeting “%(title)s” of %(date)s: ") % about


def _peer(code: str) -> Callable[[Store], Peer | None]:
    def op(store: Store) -> Peer | None:
        return next((p for p in list_peers(store, "commune") if p.unit_code == code), None)

    return op


def send_directive(editor: MeetingEditor) -> None:
    """A directive to the commune whose meeting is shown, started with what it is about."""
    meeting, code = editor.shown, editor.foreign
    if meeting is None or code is None:
        return
    text = directive_text(meeting, chosen_task(editor))

    def write(peer: Peer | None) -> None:
        if peer is None:
            QMessageBox.information(
                editor, _("Directive to a commune"),
                _("%(office)s is not enrolled at this office, so nothing can go down to it yet. Enrol it from its "
                  "key card in the Sync place, then send the directive.") % {"office": office_label(code)})
            return
        dialog = MessageDialog(editor.database, communes=[peer], text=text, today=editor.today,
                               on_saved=lambda _id: editor.status_label.setText(
                                   _("Directive saved; it goes down with the commune's next bundle.")),
                               parent=editor)
        dialog.exec()
        dialog.deleteLater()

    editor.database.submit(_peer(code), write, lambda error: editor.problems_label.show_message(user_message(error)))

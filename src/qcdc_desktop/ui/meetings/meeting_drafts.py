"""The draft of the meeting being typed in the entry form.

What is typed is kept in the data file a moment after the last change, or as soon as the person
leaves a field, so a power cut loses at most the field being typed.  The draft holds everything
typed, valid or not, and comes back exactly as it was typed; it goes once the meeting is saved.
Closing the form with changes not saved asks whether to save them first or to throw them away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from ...db.drafts import discard_draft, save_draft
from ...l10n import _
from ..widgets.fields import debounce
from .meeting_form import MEETING_FIELDS

if TYPE_CHECKING:
    from .meeting_editor import MeetingEditor


class MeetingDrafts:
    """Keeps what is typed in ``editor`` as a draft, shows a draft again, and asks before closing."""

    def __init__(self, editor: MeetingEditor) -> None:
        self.editor = editor
        self.timer = debounce(editor, 600, self.save)

    def key(self) -> str:
        """Where the draft is kept: the meeting's id, or "new" for a meeting not saved yet."""
        return self.editor.meeting_id or "new"

    def state(self) -> dict[str, Any]:
        """Everything typed, valid or not: what a draft keeps."""
        editor = self.editor
        return {
            "meeting_id": editor.meeting_id,
            "meeting": {key: editor.fields.get(key) for key in MEETING_FIELDS},
            "opinions": editor.opinions.records,
            "conclusions": editor.tasks.records,
            "pending_opinion": editor.opinions.pending(),
            "pending_conclusion": editor.tasks.pending(),
            "extra": editor.extra,
            "track_touched": editor.track_touched,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Show a draft again exactly as it was typed."""
        editor = self.editor
        editor.foreign, editor.shown = None, None  # a draft is of a meeting this office types
        editor.apply_lock()
        editor.loading = True
        try:
            editor.meeting_id = state.get("meeting_id")
            for key in MEETING_FIELDS:
                editor.fields.set(key, state.get("meeting", {}).get(key))
            editor.extra = state.get("extra") or {"co_chairs": [], "publications": []}
            editor.track_touched = bool(state.get("track_touched"))
            editor.opinions.set_records(state.get("opinions") or [])
            editor.tasks.set_records(state.get("conclusions") or [])
            editor.opinions.restore_pending(state.get("pending_opinion"))
            editor.tasks.restore_pending(state.get("pending_conclusion"))
        finally:
            editor.loading = False
        editor.clear_problems()
        editor.dirty = True
        editor.status_label.setText(_("Restored from a draft, not saved"))
        editor.update_heading()

    def edited(self) -> None:
        """Something was typed: the meeting is not saved, and its draft is written a moment later."""
        editor = self.editor
        if editor.loading or editor.read_only:
            return
        editor.dirty = True
        editor.status_label.setText(_("Not saved"))
        self.timer.start()

    def field_left(self) -> None:
        """Leaving a field writes the draft at once."""
        if self.editor.dirty and self.timer.isActive():
            self.timer.stop()
            self.save()

    def save(self) -> None:
        """Write the draft now (nothing for a meeting not changed, or shown read-only)."""
        editor = self.editor
        if not editor.dirty or editor.read_only:
            return
        key, meeting_id, payload = self.key(), editor.meeting_id, self.state()
        editor.database.submit(lambda store: save_draft(store, key=key, meeting_id=meeting_id, payload=payload))

    def drop_saved(self, key: str) -> None:
        """The meeting typed under ``key`` is saved: its draft goes (and the one under its id, once it has one)."""
        self.timer.stop()
        self.editor.database.submit(lambda store: discard_draft(store, key=key))
        if key != self.key():
            self.editor.database.submit(lambda store: discard_draft(store, key=self.key()))

    def request_close(self) -> bool:
        """Close, asking first when there are unsaved changes (never for a meeting shown read-only).
        Returns whether it closed."""
        editor = self.editor
        if editor.dirty and not editor.read_only:
            answer = QMessageBox.question(
                editor, _("Unsaved changes"), _("Save the changes to this meeting before closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save:
                editor.saved.connect(self._close_after_save)
                editor.save()
                return False
            key = self.key()
            self.timer.stop()
            editor.database.submit(lambda store: discard_draft(store, key=key))
            editor.dirty = False
        editor.closed.emit()
        return True

    def _close_after_save(self, _saved: object) -> None:
        self.editor.saved.disconnect(self._close_after_save)
        self.editor.closed.emit()

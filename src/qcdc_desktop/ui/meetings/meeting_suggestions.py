"""Values typed before, offered again in the meeting entry form: places, hamlets, officials,
speakers, responsible units.  A new meeting gets the first official as its chair and the office's
usual secretary, and choosing a known official as chair fills in their title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...db.suggestions import Suggestions
from ..widgets.fields import attach_completer
from .meeting_form import record_line, speak_for_office

if TYPE_CHECKING:
    from .meeting_editor import MeetingEditor


def offer_suggestions(editor: MeetingEditor, suggestions: Suggestions) -> None:
    """Offer ``suggestions`` as the fields of ``editor`` are typed; a new meeting gets its chair and secretary."""
    editor.suggestions = suggestions
    fields = editor.fields
    speak_for_office(fields, suggestions.unit_name, upper=suggestions.upper, year=editor.today_date().year)
    if editor.meeting_id is None and not fields.get("chair") and suggestions.chairs:
        loading, editor.loading = editor.loading, True
        fields.set("chair", suggestions.chairs[0][0])
        fields.set("chair_title", suggestions.chairs[0][1])
        editor.loading = loading
    if editor.meeting_id is None and not fields.get("secretary") and suggestions.secretary:
        loading, editor.loading = editor.loading, True
        fields.set("secretary", suggestions.secretary)
        editor.loading = loading
    attach_completer(fields.line("place"), suggestions.places)
    attach_completer(fields.line("chair"), [name for name, _t in suggestions.chairs])
    attach_completer(fields.line("chair_title"), sorted({t for _n, t in suggestions.chairs}))
    attach_completer(fields.line("coordinating"), suggestions.coordinating)
    attach_completer(fields.line("secretary"),
                     list(dict.fromkeys(s for s in (suggestions.secretary, *suggestions.secretaries) if s)))
    attach_completer(record_line(editor.opinions, "address"), suggestions.hamlets)
    attach_completer(record_line(editor.opinions, "speaker"), suggestions.speakers)
    attach_completer(record_line(editor.tasks, "assignee"), suggestions.assignees)
    attach_completer(record_line(editor.tasks, "coordinating"), suggestions.coordinating)


def fill_chair_title(editor: MeetingEditor) -> None:
    """A known official chosen as chair brings their title, when no title is typed yet."""
    name = editor.fields.line("chair").text().strip()
    title = editor.fields.line("chair_title")
    for known, known_title in editor.suggestions.chairs:
        if known == name and not title.text().strip():
            title.setText(known_title)
            editor.drafts.edited()  # the draft keeps the title filled in
            break

"""Recording that a meeting's results were made public (posted, read on the loudspeaker, sent to
the hamlets, put on the portal), as the document dialog does after the public version of a
document is printed or saved.  The publication joins the meeting's publications through
``edit.save_meeting``, so the history keeps it and the follow-up's "published within 10 days"
sees it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..core.errors import Problem, ValidationError
from ..core.model import Publication
from ..core.text import nfc
from ..core.validate import check_meeting, part_problems
from ..l10n import _
from .connection import Store
from .edit import Saved, require_meeting, save_meeting


def record_publication(store: Store, *, meeting_id: str, method: str, published_on: dt.date, note: str = "",
                       today: dt.date | None = None) -> Saved:
    """Add a publication to the meeting, judged by the rules of the meeting editor; a meeting whose
    notice was issued becomes published.  Refused with a sentence, nothing written, when the
    publication breaks a rule, is dated after ``today`` or the meeting is only planned."""
    today = today or dt.date.today()
    meeting = require_meeting(store, meeting_id)
    at = ("publications", len(meeting.publications))
    data = {"method": method, "published_on": published_on.isoformat(), "note": nfc(note).strip()}
    problems = part_problems("publication", data, at)
    if meeting.status == "planned":
        problems.append(Problem(("status",), _("the meeting is only planned; its results are published after it "
                                               "is held")))
    if published_on > today:
        problems.append(Problem(at + ("published_on",), _("a publication cannot be recorded before the day it is "
                                                          "made")))
    if problems:
        raise ValidationError(problems)
    changed = dataclasses.replace(meeting, publications=[
        *meeting.publications, Publication(method=method, published_on=published_on, note=data["note"])])
    if changed.status == "notice_issued":
        changed.status = "published"
    problems = check_meeting(changed, (), today)
    if problems:
        raise ValidationError(problems)
    return save_meeting(store, meeting=changed)

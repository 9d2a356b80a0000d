"""The documents the Documents dialog offers for a meeting, by their names: the register's kinds
(notice, minutes, invitation) and the two public versions printed from the notice."""

from __future__ import annotations

from ...core.notice import INVITATION, MINUTES, NOTICE
from ...l10n import _

PUBLIC_NOTICE, RESULTS = "TB-public", "results"  # the dialog's choices beside the register's kinds


def document_names() -> dict[str, str]:
    return {NOTICE: _("Conclusion notice"), MINUTES: _("Minutes"), INVITATION: _("Invitation")}


def public_names() -> dict[str, str]:
    return {PUBLIC_NOTICE: _("Conclusion notice, public version (for the notice board)"),
            RESULTS: _("Results of the opinions, public sheet")}

"""The documents of a meeting: ``qcdc notice`` prints its conclusion notice, minutes or invitation."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .. import l10n
from ..l10n import _, ngettext
from .common import EXIT_OK
from .parsing import Command, date_arg

_DOCUMENT_KINDS = {"notice": "TB", "minutes": "BB", "invitation": "GM"}


def cmd_notice(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.files import check_destination
    from ..printing.desk import print_document

    doc_type = _DOCUMENT_KINDS[args.kind]
    names = {"TB": _("notice"), "BB": _("minutes"), "GM": _("invitation")}
    check_destination(args.out)  # before the data file is opened (and perhaps upgraded)
    with open_store(args.db) as store:
        issued_on = args.date
        if issued_on is None:
            from ..db.meetings import get_meeting

            meeting = get_meeting(store, args.meeting) if doc_type == "BB" else None
            issued_on = meeting.held_on if meeting else dt.date.today()  # minutes are dated the meeting's day
        printed = print_document(store, meeting_id=args.meeting, out=args.out, doc_type=doc_type,
                                 issued_on=issued_on, correct=args.correct)
    entry = printed.entry
    values = {"kind": names[doc_type], "symbol": entry.symbol, "date": l10n.format_date(entry.issued_on),
              "path": args.out,
              "pages": ngettext("%(n)d page", "%(n)d pages", printed.pages) % {"n": printed.pages}}
    if printed.corrected:
        print(_("Issued the corrected %(kind)s %(symbol)s dated %(date)s; the earlier one is cancelled. "
                "Written to %(path)s (%(pages)s).") % values)
    elif printed.issued:
        print(_("Issued %(kind)s %(symbol)s dated %(date)s. Written to %(path)s (%(pages)s).") % values)
    else:
        print(_("The %(kind)s was already issued as %(symbol)s dated %(date)s; printed it again. "
                "Written to %(path)s (%(pages)s).") % values)
        if args.date is not None and args.date != entry.issued_on:
            print(_("The date given was not used: an issued document keeps the date it was issued with."))
    return EXIT_OK


def add_notice(command: Command) -> None:
    p = command("notice", cmd_notice, _("print the conclusion notice of a meeting, issuing its number if it has none"))
    p.add_argument("--meeting", required=True, metavar="ID", help=_("the id of the meeting"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    p.add_argument("--date", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("issue date of a new number (default today; minutes: the day of the meeting)"))
    p.add_argument("--kind", choices=tuple(_DOCUMENT_KINDS), default="notice",
                   help=_("notice (default), minutes or invitation"))
    p.add_argument("--correct", action="store_true",
                   help=_("issue a corrected document under a new number for a meeting changed since"))

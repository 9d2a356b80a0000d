"""The documents of a meeting: ``qcdc notice`` prints its conclusion notice, minutes or invitation
(``--public``: the version for the notice board; ``--out FILE.docx``: as a Word file); ``qcdc results`` prints the public sheet of the
results of one meeting or of a period."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .. import l10n
from ..core.notice import DocumentChoices
from ..core.signing import sign_as_help
from ..l10n import _, ngettext
from .common import EXIT_OK
from .parsing import Command, date_arg

_DOCUMENT_KINDS = {"notice": "TB", "minutes": "BB", "invitation": "GM"}


def cmd_notice(args: argparse.Namespace) -> int:
    from ..core.errors import NoticeError
    from ..core.notice import COUNTS, SUMMARY
    from ..core.signing import sign_as
    from ..db.connection import open_store
    from ..db.files import check_destination
    from ..printing.desk import print_document

    doc_type = _DOCUMENT_KINDS[args.kind]
    names = {"TB": _("notice"), "BB": _("minutes"), "GM": _("invitation")}
    opinions = SUMMARY if args.summary else COUNTS if args.counts else None
    if opinions is not None and doc_type != "TB":
        raise NoticeError(_("--summary and --counts say how a notice gives the opinions; the minutes give each "
                            "opinion in full and the invitation none."))
    choices: DocumentChoices = {}
    if args.sign_as:
        choices["authority"] = sign_as(args.sign_as).code  # refused, with the choices, before the file is opened
    if args.signer.strip():
        choices["signer"] = args.signer.strip()
    signature_chosen = bool(choices)
    if opinions is not None:
        choices["opinions"] = opinions
    word = (args.format or ("docx" if args.out.suffix.lower() == ".docx" else "pdf")) == "docx"
    check_destination(args.out)  # before the data file is opened (and perhaps upgraded)
    with open_store(args.db) as store:
        issued_on = args.date or dt.date.today()  # a number is dated the day it is taken
        printed = print_document(store, meeting_id=args.meeting, out=args.out, doc_type=doc_type,
                                 issued_on=issued_on, correct=args.correct, public=args.public, word=word,
                                 **choices)
    entry = printed.entry
    values = {"kind": names[doc_type], "symbol": entry.symbol, "date": l10n.format_date(entry.issued_on),
              "path": args.out,
              "pages": _("Word document") if word else
              ngettext("%(n)d page", "%(n)d pages", printed.pages) % {"n": printed.pages}}
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
        if signature_chosen:
            print(_("The signature given was not used: an issued document keeps the signature it was issued with."))
        if opinions is not None and opinions != entry.opinions:
            print(_("--summary and --counts were not used: an issued notice gives the opinions as it did when it "
                    "was issued."))
    if args.public:
        print(_("This is the public version: citizens are named by their initials and hamlet, without phone "
                "numbers."))
    return EXIT_OK


def add_notice(command: Command) -> None:
    p = command("notice", cmd_notice, _("print the conclusion notice of a meeting, issuing its number if it has none"))
    p.add_argument("--meeting", required=True, metavar="ID", help=_("the id of the meeting"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"),
                   help=_("the file to write: PDF, or Word when it ends in .docx"))
    p.add_argument("--format", choices=("pdf", "docx"), default=None,
                   help=_("pdf or docx (Word, to adjust the wording before signing); default: by the file's "
                          "extension, else pdf"))
    p.add_argument("--date", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("issue date of a new number (default today)"))
    p.add_argument("--kind", choices=tuple(_DOCUMENT_KINDS), default="notice",
                   help=_("notice (default), minutes or invitation"))
    p.add_argument("--correct", action="store_true",
                   help=_("issue a corrected document under a new number for a meeting changed since"))
    p.add_argument("--sign-as", default="", metavar=_("CODE"),
                   help=sign_as_help(_("a new number"), _("the office's choice, else as the chair's title calls for")))
    p.add_argument("--signer", default="", metavar=_("NAME"),
                   help=_("the name printed under the signature of a new number (default: the official on file "
                          "who signs in that capacity)"))
    form = p.add_mutually_exclusive_group()
    form.add_argument("--summary", action="store_true",
                      help=_("a new notice summarises the opinions field by field, with the answer given to each "
                             "(default for dialogue meetings); no citizen is named"))
    form.add_argument("--counts", action="store_true",
                      help=_("a new notice gives only how many opinions were raised in each field (default for a "
                             "citizen reception)"))
    p.add_argument("--public", action="store_true",
                   help=_("print the version for the notice board and the portal: citizens by their initials and "
                          "hamlet, no phone numbers, no names in the texts"))


def cmd_results(args: argparse.Namespace) -> int:
    from ..core.errors import NoticeError
    from ..core.statistics import choose_period
    from ..db.connection import open_store
    from ..db.files import check_destination
    from ..db.statistics import cutoff_day
    from ..printing.results_desk import meeting_results, period_results, write_results

    if not args.public:
        raise NoticeError(_("The results sheet is printed only in its public version in this version of the "
                            "program: add --public."))
    check_destination(args.out)  # before the data file is opened
    if args.period is not None:
        choose_period(spec=args.period)  # a bad period is refused before anything is read
    issued_on = args.date or dt.date.today()
    choices = {"signer": args.signer} if args.signer else {}
    with open_store(args.db, readonly=True, check=False) as store:
        if args.period is not None:
            period = choose_period(spec=args.period, cutoff_day=cutoff_day(store))
            results, entry = period_results(store, period=period, issued_on=issued_on, **choices)
        else:
            results, entry = meeting_results(store, meeting_id=args.meeting, issued_on=issued_on, **choices)
        pages = write_results(store, results, entry, args.out)
    meetings = len(results.groups)
    print(_("Results of %(opinions)s from %(meetings)s, public version. Written to %(path)s (%(pages)s).") % {
        "opinions": ngettext("%(n)d opinion", "%(n)d opinions", results.total) % {"n": results.total},
        "meetings": ngettext("%(n)d meeting", "%(n)d meetings", meetings) % {"n": meetings},
        "path": args.out, "pages": ngettext("%(n)d page", "%(n)d pages", pages) % {"n": pages}})
    return EXIT_OK


def add_results(command: Command) -> None:
    p = command("results", cmd_results, _("print the public sheet of the results of the opinions of a meeting or "
                                          "of the meetings of a period"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", default=None, metavar="ID", help=_("the id of the meeting"))
    which.add_argument("--period", default=None, metavar=_("PERIOD"),
                       help=_("the meetings held in 2026 (year), 2026-Q1, 2026-H1, 2026-9M or 2026-03"))
    p.add_argument("--public", action="store_true",
                   help=_("required: citizens by their initials and hamlet, no phone numbers, no names in the texts "
                          "(the only version printed in this version)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    p.add_argument("--date", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("the date printed on the sheet, and the day the results are counted on (default today)"))
    p.add_argument("--signer", default="", metavar=_("NAME"),
                   help=_("the name printed under the signature (default: as on the meeting's notice)"))

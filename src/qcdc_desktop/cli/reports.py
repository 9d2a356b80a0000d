"""The statistics report of a period: ``qcdc report`` writes it as PDF, Word, Excel or CSV."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .. import l10n
from ..core.issuers import ISSUER_CODES
from ..core.signing import sign_as_help
from ..l10n import _
from .common import EXIT_OK
from .parsing import ArgumentTypeError, Command, date_arg, positive

def cmd_report(args: argparse.Namespace) -> int:
    from ..core.statistics import choose_period
    from ..db.connection import open_store
    from ..db.files import check_destination
    from ..db.statistics import cutoff_day
    from ..work.report import build_report, check_format, write_report

    from ..core.signing import sign_as

    if args.sign_as:
        sign_as(args.sign_as)  # a capacity that does not exist is refused before anything is read
    suffix = check_format(args.out)
    check_destination(args.out)  # before the data file is opened
    asked = {"spec": args.period, "start": args.date_from, "end": args.date_to}
    choose_period(**asked)  # a bad or reversed period is refused before anything is read
    with open_store(args.db, readonly=True, check=False) as store:
        period = choose_period(**asked, cutoff_day=args.cutoff_day or cutoff_day(store))
    report = build_report(args.db, period, as_of=args.as_of or dt.date.today(), issued_on=args.date or dt.date.today(),
                          signer=args.signer, authority=args.sign_as, issuer=args.issuer, with_pdf=suffix == ".pdf",
                          with_word=suffix == ".docx", progress=lambda done, total: None,
                          cancelled=lambda: False)
    write_report(report, args.out)
    f = report.stats.total
    print(_("Report %(start)s - %(end)s: %(meetings)s meetings, %(opinions)s opinions, %(tasks)s tasks. "
            "Written to %(path)s.") % {"start": l10n.format_date(period.start), "end": l10n.format_date(period.end),
                                      "meetings": l10n.format_number(f.meetings),
                                      "opinions": l10n.format_number(f.opinions),
                                      "tasks": l10n.format_number(f.tasks), "path": args.out})
    return EXIT_OK


def _cutoff(value: str) -> int:
    number = positive(value)
    if not 1 <= number <= 28:
        raise ArgumentTypeError(_("%(value)r is not a day from 1 to 28") % {"value": value})
    return number


def add_report(command: Command) -> None:
    p = command("report", cmd_report, _("write the statistics report of a period as PDF, Word, Excel or CSV"))
    p.add_argument("--from", dest="date_from", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("first day of the period (inclusive)"))
    p.add_argument("--to", dest="date_to", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("last day of the period (inclusive)"))
    p.add_argument("--period", default=None, metavar=_("PERIOD"),
                   help=_("instead of --from/--to: 2026 (year), 2026-Q1, 2026-H1, 2026-9M or 2026-03"))
    p.add_argument("--cutoff-day", type=_cutoff, default=None, metavar="N",
                   help=_("reporting cut-off day for --period (15: a year from 15/12 to 14/12; default: the "
                          "office's setting, else 1)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the .pdf, .docx, .xlsx or .csv file to write"))
    p.add_argument("--as-of", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("the day task progress is judged on (default today)"))
    p.add_argument("--date", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("the date printed on the report (default today)"))
    p.add_argument("--sign-as", default="", metavar=_("CODE"),
                   help=sign_as_help(_("the report"), _("the office's choice, else tm")))
    p.add_argument("--issuer", default="", choices=ISSUER_CODES, metavar=_("ISSUER"),
                   help=_("who issues the report: ubnd (the People's Committee, the default), party (the Party "
                          "committee: its Standing Committee), and at the upper level board_mass (the provincial "
                          "Party committee's Propaganda, Education and Mass Mobilisation Board) or board_internal "
                          "(its Internal Affairs Board); a board signs as board_head or board_kt"))
    p.add_argument("--signer", default="", metavar=_("NAME"),
                   help=_("the name printed under the signature (default: the official on file who signs in that "
                          "capacity)"))

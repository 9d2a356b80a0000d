"""``qcdc retention``: the opinions whose speaker's personal data the retention period erases
(a preview), and with ``--apply`` their erasure (db/retention.py, docs/privacy.md)."""

from __future__ import annotations

import argparse
import datetime as dt

from .. import l10n
from ..l10n import _, ngettext
from .common import EXIT_OK, stdout
from .parsing import ArgumentTypeError, Command


def cmd_retention(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.retention import apply_retention, cutoff, due, retention_years

    today = dt.date.today()
    with open_store(args.db, readonly=not args.apply) as store:
        years = args.years if args.years is not None else retention_years(store)
        found = due(store, years=years, today=today)
        out = stdout()
        period = ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
        out.write(ngettext("%(n)s opinion closed before %(day)s (retention period: %(period)s): ",
                           "%(n)s opinions closed before %(day)s (retention period: %(period)s): ", len(found))
                  % {"n": l10n.format_number(len(found)), "day": l10n.format_date(cutoff(today, years)),
                     "period": period})
        out.write((_("their speakers' names and phone numbers are erased.") if args.apply and found else
                   _("nothing to erase.") if not found else
                   _("their speakers' names and phone numbers would be erased (add --apply to erase them).")) + "\n")
        for item in found:
            out.write(_("%(date)s «%(title)s»: opinion no. %(n)d, closed on %(closed)s")
                      % {"date": l10n.format_date(dt.date.fromisoformat(item.held_on)), "title": item.meeting_title,
                         "n": item.position, "closed": l10n.format_date(dt.date.fromisoformat(item.closed_on))} + "\n")
        if args.apply and found:
            apply_retention(store, years=years, today=today, previewed=[d.opinion_id for d in found])
            out.write(_("Erased. The erasure goes to the upper level with the next bundle.") + "\n")
    return EXIT_OK


def _years(value: str) -> int:
    try:
        years = int(value)
    except ValueError:
        raise ArgumentTypeError(_("%(value)r is not a number of years") % {"value": value}) from None
    if not 1 <= years <= 50:
        raise ArgumentTypeError(_("the retention period must be from 1 to %(n)d years") % {"n": 50})
    return years


def add_retention(command: Command) -> None:
    p = command("retention", cmd_retention,
                _("the opinions closed for longer than the retention period, whose speakers' personal data is "
                  "to be erased; --apply erases it"))
    p.add_argument("--years", type=_years, metavar=_("YEARS"),
                   help=_("the retention period in years (default: the office's setting, 5 unless changed)"))
    p.add_argument("--apply", action="store_true", help=_("erase what the preview lists"))

"""The data file itself: ``qcdc init``, ``demo``, ``check``, ``repair``, ``backup`` and ``restore``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .. import l10n
from ..core.errors import InputFileError, QcdcError, UnitNotFound
from ..l10n import _
from .common import EXIT_OK
from .parsing import Command, date_arg, positive


def cmd_init(args: argparse.Namespace) -> int:
    from ..db.setup import init_store, resolve_unit

    from ..sync.keys import ensure_office_keys

    try:
        unit = resolve_unit(args.unit_code, args.role, args.name)
    except UnitNotFound as exc:
        if args.role != "commune" or not _is_province(args.unit_code):
            raise
        raise UnitNotFound(exc.message + " " + _("For the province's own office: qcdc init --db %(path)s "
                                                 "--unit-code %(code)s --role upper") % {
            "path": args.db, "code": args.unit_code.strip()}) from None
    with init_store(args.db, unit) as store:
        keys = ensure_office_keys(store)
    print(_("Created %(path)s for %(unit)s (%(code)s).") % {"path": args.db, "unit": unit.name, "code": unit.code})
    print(_("Key fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint})
    return EXIT_OK


def _is_province(code: str) -> bool:
    from ..db.units import find_unit

    try:
        return find_unit(code.strip()).level == "province"
    except UnitNotFound:
        return False


def cmd_demo(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.demo import fill_demo

    with open_store(args.db) as store:
        opinions = fill_demo(store, meetings=args.meetings, seed=args.seed, until=args.until or dt.date.today())
    print(_("Added %(meetings)s demo meetings with %(opinions)s opinions.")
          % {"meetings": l10n.format_number(args.meetings), "opinions": l10n.format_number(opinions)})
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ..db.check import check_store
    from ..db.connection import open_store

    # Checking never upgrades: the file is judged as it is (read-write only for FTS5's check, which
    # changes nothing, so it does not hold the file and runs beside the application).
    with open_store(args.db, check=False, upgrade=False, hold=False) as store:
        problems = check_store(store)
    if problems:
        raise QcdcError(_("The data file has problems: %(list)s") % {"list": "; ".join(problems)})
    print(_("The data file has no problems."))
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.damaged import remove_records, resend_from

    if not args.remove and not args.resend:
        raise InputFileError(_("Say which records to remove (--remove ID) or which office to ask for everything "
                               "again (--resend CODE)."))
    with open_store(args.db) as store:
        removed = remove_records(store, args.remove) if args.remove else []
        if args.resend:
            resend_from(store, args.resend)
    for kind, record_id in removed:
        print(_("Removed %(id)s (%(kind)s).") % {"id": record_id, "kind": kind})
    if args.resend:
        print(_("%(code)s will be asked for all its records with the next bundle sent to it.") % {"code": args.resend})
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from ..db.backup import make_backup
    from ..db.connection import open_store

    with open_store(args.db) as store:
        path = make_backup(store, reason="manual")
    print(path)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from ..db.backup import restore_backup

    aside = restore_backup(args.db, args.source)
    print(_("Restored %(db)s from %(backup)s.") % {"db": args.db, "backup": args.source})
    if aside:
        print(_("The replaced file is kept as %(path)s.") % {"path": aside})
    return EXIT_OK


def add_init(command: Command) -> None:
    p = command("init", cmd_init, _("create a data file for a unit"))
    p.add_argument("--unit-code", required=True, metavar=_("CODE"),
                   help=_("code in the official list: 5 digits for a commune, 2 for a province"))
    p.add_argument("--role", choices=("commune", "upper"), default="commune", help=_("commune or upper level"))
    p.add_argument("--name", metavar=_("NAME"),
                   help=_("name of the unit (looked up in the official list when not given)"))


def add_demo(command: Command) -> None:
    p = command("demo", cmd_demo, _("fill a data file with realistic demo data"))
    p.add_argument("--meetings", type=positive, default=24, metavar="N", help=_("number of meetings"))
    p.add_argument("--seed", type=positive, default=1, metavar="S",
                   help=_("seed: the same seed gives the same data"))
    p.add_argument("--until", type=date_arg, default=None, metavar=_("DATE"),
                   help=_("reference date of the demo data (default today)"))


def add_check(command: Command) -> None:
    command("check", cmd_check, _("check the integrity of a data file"))


def add_repair(command: Command) -> None:
    p = command("repair", cmd_repair, _("at the upper level: remove damaged records of another office, or ask an "
                                        "office for all its records again"))
    p.add_argument("--remove", nargs="+", default=[], metavar="ID", help=_("ids of records to remove (as qcdc check "
                                                                          "names them)"))
    p.add_argument("--resend", metavar=_("CODE"), help=_("the unit code of the office to ask for everything again"))


def add_backup(command: Command) -> None:
    command("backup", cmd_backup, _("make a verified backup of a data file now"))


def add_restore(command: Command) -> None:
    p = command("restore", cmd_restore, _("replace a data file with one of its backups"))
    p.add_argument("--from", dest="source", type=Path, required=True, metavar=_("BACKUP"), help=_("the backup file"))

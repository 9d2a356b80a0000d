"""The data file itself: ``qcdc init``, ``demo``, ``check``, ``repair``, ``backup`` and ``restore``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .. import l10n
from ..core.errors import InputFileError, QcdcError, UnitNotFound
from ..l10n import _
from .acting import PASSWORD_VARIABLE, ask_new_password, ask_password, login_name
from .common import EXIT_OK
from .parsing import Command, date_arg, positive

if TYPE_CHECKING:
    from ..db.setup import FirstAdmin


def _first_admin(args: argparse.Namespace) -> "FirstAdmin":
    """The first administrator of ``init`` and ``convert``: ``--admin`` (default: who runs the
    command), the password from QCDC_PASSWORD or asked twice."""
    from ..db.setup import FirstAdmin

    login = (args.admin or "").strip() or login_name(args)
    password = ask_new_password(_("Password of the administrator %(login)s: ") % {"login": login}, PASSWORD_VARIABLE)
    return FirstAdmin(login=login, full_name=args.full_name or login, title=args.title or "", password=password)


def _say_recovery_code(code: str) -> None:
    print(_("Recovery code (shown once: print it on the recovery sheet and keep it in the office safe; "
            "it opens the data file when every administrator's password is lost):"))
    print(code)


def cmd_init(args: argparse.Namespace) -> int:
    from ..core.filekey import new_recovery_code
    from ..db.setup import init_store, resolve_unit

    from ..sync.keys import ensure_office_keys

    if args.db.is_dir():
        raise InputFileError(_("%(path)s is a folder; give the name of the data file to create in it, for example "
                               "--db %(example)s.") % {"path": args.db, "example": args.db / "xa.db"})
    try:
        unit = resolve_unit(args.unit_code, args.role, args.name)
    except UnitNotFound as exc:
        if args.role != "commune" or not _is_province(args.unit_code):
            raise
        raise UnitNotFound(exc.message + " " + _("For the province's own office: qcdc init --db %(path)s "
                                                 "--unit-code %(code)s --role upper") % {
            "path": args.db, "code": args.unit_code.strip()}) from None
    admin, code = _first_admin(args), new_recovery_code()
    with init_store(args.db, unit, admin, code) as store:
        keys = ensure_office_keys(store)
        assert store.user is not None
        login = store.user.login
    print(_("Created %(path)s for %(unit)s (%(code)s).") % {"path": args.db, "unit": unit.name, "code": unit.code})
    print(_("Key fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint})
    print(_("Administrator: %(login)s") % {"login": login})
    _say_recovery_code(code)
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    from ..core.filekey import new_recovery_code
    from ..db.convert import convert_plain, forget_plain_copies

    if args.forget_plain:
        from ..db.accounts import sign_in

        login = login_name(args)
        sign_in(args.db, login, ask_password(_("Password of %(login)s: ") % {"login": login}), record=False)
        for removed in forget_plain_copies(args.db):
            print(_("Removed %(path)s.") % {"path": removed})
        return EXIT_OK
    code = new_recovery_code()
    user = convert_plain(args.db, _first_admin(args), code)
    print(_("%(path)s is encrypted now; its administrator is %(login)s. The unencrypted file is kept beside it "
            "until you remove it with: qcdc convert --db %(path)s --forget-plain") % {"path": args.db,
                                                                                    "login": user.login})
    _say_recovery_code(code)
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
    from ..db.units import get_unit

    with open_store(args.db) as store:
        upper = get_unit(store).role == "upper"
        if args.communes is not None and not upper:
            raise QcdcError(_("--communes is for an upper-level data file: a commune's demo data is its own."))
        done = fill_demo(store, meetings=args.meetings, communes=args.communes, seed=args.seed,
                         until=args.until or dt.date.today())
    numbers = {"meetings": l10n.format_number(done.meetings), "opinions": l10n.format_number(done.opinions),
               "communes": l10n.format_number(done.communes)}
    if upper:
        print(_("Added %(meetings)s demo meetings with %(opinions)s opinions, from %(communes)s communes.") % numbers)
    else:
        print(_("Added %(meetings)s demo meetings with %(opinions)s opinions.") % numbers)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ..db.check import check_store
    from ..db.connection import open_store
    from ..db.file_errors import describe_damage

    # Checking never upgrades: the file is judged as it is (read-write only for FTS5's check, which
    # changes nothing, so it does not hold the file and runs beside the application).
    from ..sync.status import broken_histories

    with open_store(args.db, check=False, upgrade=False, hold=False) as store:
        problems = check_store(store)
        # At the upper level: communes whose history arrived broken.  The evidence is kept and the
        # file itself is sound, so they are said, not counted against the file.
        evidence = broken_histories(store) if not problems else []
    if problems and problems[0].startswith(_("SQLite integrity: %(detail)s") % {"detail": ""}):
        raise QcdcError(describe_damage(args.db) + " (" + problems[0] + ")")
    if problems:
        raise QcdcError(_("The data file has problems: %(list)s") % {"list": "; ".join(problems)})
    print(_("The data file has no problems."))
    if evidence:
        print(_("Communes whose history did not verify when it arrived (kept as evidence; see qcdc status):"))
        for line in evidence:
            print("- " + line)
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
    print(_("Backup made and checked: %(path)s") % {"path": path})
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from ..db.backup import restore_backup, sign_in_to_backup

    login = login_name(args)
    unlocked = sign_in_to_backup(args.source, login, ask_password(
        _("Password of %(login)s when the backup was made: ") % {"login": login}))
    aside = restore_backup(args.db, args.source, unlocked)
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
    _admin_arguments(p)


def _admin_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--admin", metavar=_("NAME"),
                   help=_("login name of the first administrator (default: the account given with --user or "
                          "QCDC_USER); the password is asked twice, or read from QCDC_PASSWORD"))
    p.add_argument("--full-name", metavar=_("NAME"), help=_("the administrator's full name"))
    p.add_argument("--title", metavar=_("TITLE"), help=_("the administrator's title"))


def add_convert(command: Command) -> None:
    p = command("convert", cmd_convert, _("encrypt a data file of an earlier version and give it its first "
                                          "administrator"))
    _admin_arguments(p)
    p.add_argument("--forget-plain", action="store_true",
                   help=_("remove the unencrypted copy kept by the conversion, once the encrypted file opens"))


def add_demo(command: Command) -> None:
    p = command("demo", cmd_demo, _("fill a data file with realistic demo data"))
    p.add_argument("--meetings", type=positive, default=None, metavar="N",
                   help=_("number of meetings (default: the last three years, 12 to 20 meetings a year for each "
                          "commune)"))
    p.add_argument("--communes", type=positive, default=None, metavar="N",
                   help=_("at an upper level: how many communes of the province the demo data comes from "
                          "(default 6)"))
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

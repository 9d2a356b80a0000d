"""The office's accounts on the command line: ``qcdc users``, ``qcdc unlock`` (a new administrator
made with the recovery code) and the first administrator of ``qcdc init``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .. import l10n
from ..core.errors import QcdcError
from ..core.roles import ROLES, role_label
from ..l10n import _
from .acting import ask_new_password, ask_password
from .common import EXIT_OK, stdout
from .parsing import Command

if TYPE_CHECKING:
    from ..core.users import User
    from ..db.connection import Store


def _find(store: "Store", login: str) -> "User":
    from ..db.users import get_user_by_login

    found = get_user_by_login(store, login)
    if found is None:
        raise QcdcError(_("There is no account «%(login)s».") % {"login": login})
    return found


def cmd_users(args: argparse.Namespace) -> int:
    from ..db import accounts
    from ..db.connection import open_store
    from ..db.users import get_user_by_login, list_users, set_role

    readonly = args.action == "list"
    with open_store(args.db, readonly=readonly, hold=not readonly) as store:
        if args.action == "list":
            out = stdout()
            for user in list_users(store):
                state = _("active") if user.active else _("disabled")
                last = l10n.format_moment(user.last_sign_in_at) if user.last_sign_in_at else "—"
                out.write("\t".join((user.login, user.full_name, user.title, role_label(user.role), state, last))
                          + "\n")
            return EXIT_OK
        if args.action == "passwd":
            me = store.user
            assert me is not None
            target = me if args.name in (None, me.login) else get_user_by_login(store, args.name)
            if target is None:
                raise QcdcError(_("There is no account «%(login)s».") % {"login": args.name})
            new = ask_new_password(_("New password of %(login)s: ") % {"login": target.login})
            if target.id == me.id:
                accounts.change_own_password(store, ask_password(_("Current password of %(login)s: ") % {"login": me.login}), new)
                print(_("The password of %(login)s is changed.") % {"login": target.login})
            else:
                accounts.reset_password(store, target.id, new)
                print(_("%(login)s has a new password and must change it at the next sign-in.")
                      % {"login": target.login})
            return EXIT_OK
        if args.action == "recovery-code":
            return _new_recovery_code(store, args)
        if not args.name:
            raise QcdcError(_("Say which account: qcdc users %(action)s NAME") % {"action": args.action})
        if args.action == "add":
            new = ask_new_password(_("Password of the new account %(login)s: ") % {"login": args.name})
            user = accounts.add_account(store, login=args.name, full_name=args.full_name or args.name,
                                        title=args.title or "", role=args.role, password=new)
            print(_("Added the account %(login)s (%(role)s); it changes its password at the first sign-in.")
                  % {"login": user.login, "role": role_label(user.role)})
            return EXIT_OK
        target = _find(store, args.name)
        if args.action == "disable":
            accounts.disable_account(store, target.id)
            print(_("The account %(login)s is disabled.") % {"login": args.name})
        elif args.action == "enable":
            new = ask_new_password(_("New password of %(login)s: ") % {"login": args.name})
            accounts.reset_password(store, target.id, new)
            print(_("The account %(login)s is active again, with a new password to change at the next "
                    "sign-in.") % {"login": args.name})
        elif args.action == "role":
            assert store.user is not None
            set_role(store, user_id=target.id, role=args.role, by=store.user)
            print(_("%(login)s is now %(role)s.") % {"login": args.name, "role": args.role})
    return EXIT_OK


def _new_recovery_code(store: "Store", args: argparse.Namespace) -> int:
    from ..core.filekey import new_recovery_code
    from ..db import accounts

    code = new_recovery_code()
    accounts.new_recovery_code(store, code)
    print(_("The new recovery code of the data file (the old one opens nothing any more); print it on "
            "the recovery sheet and keep it in the office safe:"))
    print(code)
    return EXIT_OK


def cmd_unlock(args: argparse.Namespace) -> int:
    from ..db.accounts import recover

    login = args.new_admin
    password = ask_new_password(_("Password of the new administrator %(login)s: ") % {"login": login})
    user = recover(args.db, args.recovery_code, login=login, full_name=args.full_name or login,
                   title=args.title or "", password=password)
    print(_("The data file is open again: %(login)s is a new administrator. Make a new recovery code now "
            "(qcdc users recovery-code) if the old one may have been seen.") % {"login": user.login})
    return EXIT_OK


def add_users(command: Command) -> None:
    p = command("users", cmd_users, _("the office's accounts: list, add, passwd, disable, enable, role, "
                                      "recovery-code"))
    p.add_argument("action", choices=("list", "add", "passwd", "disable", "enable", "role", "recovery-code"),
                   help=_("list the accounts; add NAME; passwd [NAME] (your own, or reset another's); disable "
                          "NAME; enable NAME (with a new password); role NAME --role ROLE; recovery-code: "
                          "a new recovery code"))
    p.add_argument("name", nargs="?", metavar=_("NAME"), help=_("the login name of the account"))
    p.add_argument("--role", choices=[r.value for r in ROLES], default="clerk",
                   help=_("the account's role: admin, leader, clerk or viewer"))
    p.add_argument("--full-name", metavar=_("NAME"), help=_("the person's full name"))
    p.add_argument("--title", metavar=_("TITLE"), help=_("the person's title"))


def add_unlock(command: Command) -> None:
    p = command("unlock", cmd_unlock, _("with the recovery code, make a new administrator when every "
                                        "administrator's password is lost"))
    p.add_argument("--recovery-code", required=True, metavar=_("CODE"), help=_("the code on the recovery sheet"))
    p.add_argument("--new-admin", required=True, metavar=_("NAME"), help=_("login name of the new administrator"))
    p.add_argument("--full-name", metavar=_("NAME"), help=_("the person's full name"))
    p.add_argument("--title", metavar=_("TITLE"), help=_("the person's title"))


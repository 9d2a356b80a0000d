"""The office's settings for scripts: ``qcdc settings list``, ``qcdc settings get KEY`` and
``qcdc settings set KEY VALUE`` (an administrator's; checked as the Documents settings place
checks them, each change in the office's history)."""

from __future__ import annotations

import argparse

from ..core.errors import QcdcError
from ..l10n import _
from .common import EXIT_OK, stdout
from .parsing import Command


def cmd_settings(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.office_settings import get_setting, list_settings, set_setting

    writes = args.action == "set"
    if args.action != "list" and args.key is None:
        raise QcdcError(_("Say which setting: qcdc settings %(action)s KEY (qcdc settings list shows the keys).")
                        % {"action": args.action})
    if writes and args.value is None:
        raise QcdcError(_("Say the new value: qcdc settings set KEY VALUE (\"\" restores the usual one)."))
    if not writes and args.value is not None:
        raise QcdcError(_("Only «set» takes a value."))
    with open_store(args.db, readonly=not writes, hold=writes) as store:
        out = stdout()
        if args.action == "list":
            for key, value, about in list_settings(store):
                out.write(f"{key}\t{value}\t{about}\n")
        elif args.action == "get":
            out.write(get_setting(store, args.key) + "\n")
        else:
            changes = set_setting(store, args.key, args.value)
            value = get_setting(store, args.key)
            if changes.settings:
                print(_("%(key)s is now «%(value)s».") % {"key": args.key, "value": value})
            else:
                print(_("%(key)s was already «%(value)s»; nothing was changed.") % {"key": args.key, "value": value})
    return EXIT_OK


def add_settings(command: Command) -> None:
    p = command("settings", cmd_settings, _("read or change the office's settings: list, get KEY, set KEY VALUE"))
    p.add_argument("action", choices=("list", "get", "set"),
                   help=_("list: every setting, its value and what it is; get KEY: one value; set KEY VALUE: "
                          "change it (administrator; an empty value restores the usual one)"))
    p.add_argument("key", nargs="?", metavar=_("KEY"), help=_("the setting's key, as «list» shows it"))
    p.add_argument("value", nargs="?", metavar=_("VALUE"), help=_("the new value"))

"""The office's history on the command line: ``qcdc history`` lists the entries a filter selects
(as text or JSON), ``qcdc history verify`` checks the chains (docs/history.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from .. import l10n
from ..core.errors import QcdcError
from ..l10n import _
from .common import EXIT_OK, stdout
from .parsing import Command, date_arg


def _filter(args: argparse.Namespace) -> Any:
    from ..db.history_entries import Filter

    if args.since and args.until and args.until < args.since:
        raise QcdcError(_("The period ends (%(to)s) before it starts (%(from)s).")
                        % {"to": l10n.format_date(args.until), "from": l10n.format_date(args.since)})
    return Filter(record=args.record or None, by=args.user_filter or None,
                  since=args.since.isoformat() if args.since else None,
                  until=args.until.isoformat() if args.until else None)


def _plain(entry: Any) -> dict[str, Any]:
    return {"origin": entry.origin, "n": entry.n, "at": entry.at, "by": entry.by, "by_name": entry.by_name,
            "action": entry.action, "kind": entry.kind, "record": entry.record, "meeting": entry.meeting,
            "reason": entry.reason, "group": entry.group,
            "fields": {name: list(pair) for name, pair in entry.fields.items()}}


def cmd_history(args: argparse.Namespace) -> int:
    from ..db.connection import open_store

    if args.action == "verify":
        return _verify(args)
    where = _filter(args)
    with open_store(args.db, readonly=True, check=False) as store:
        from ..db.history_read import iter_history

        out = stdout()
        if args.json:
            out.write("[")
            for i, entry in enumerate(iter_history(store, where)):
                out.write(("," if i else "") + "\n  " + json.dumps(_plain(entry), ensure_ascii=False, sort_keys=True))
            out.write("\n]\n")
            return EXIT_OK
        from ..core.history_subjects import Subjects
        from ..core.history_words import describe

        shown = 0
        subjects = Subjects()  # oldest first: each record is named from what came before
        for entry in iter_history(store, where):
            moment = l10n.format_moment(dt.datetime.fromisoformat(entry.at))
            out.write(f"{entry.origin}#{entry.n}\t{moment}\t{describe(entry, subjects=subjects)}\n")
            subjects.learn(entry)
            shown += 1
        if not shown:
            print(_("No entry of the history matches."))
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.history import origins
    from ..db.history_read import verify_history

    with open_store(args.db, readonly=True, check=False) as store:
        verdicts = [verify_history(store, origin) for origin in sorted(set(origins(store.conn)) | {store.origin})]
    broken = [v.sentence() for v in verdicts if not v.ok]
    if broken:
        raise QcdcError(" ".join(broken))
    for verdict in verdicts:
        print(verdict.sentence())
    return EXIT_OK


def add_history(command: Command) -> None:
    p = command("history", cmd_history, _("the office's history: who changed what, when and why; "
                                          "'verify' checks that no entry was changed, removed or put in"))
    p.add_argument("action", nargs="?", choices=("verify",), help=_("verify: check the history's chains"))
    p.add_argument("--record", metavar="ID", help=_("only the entries of this record (a meeting: with "
                                                    "everything under it)"))
    p.add_argument("--user", dest="user_filter", metavar=_("NAME"),
                   help=_("only the changes made by this account (login name)"))
    p.add_argument("--from", dest="since", type=date_arg, metavar=_("DATE"), help=_("from this day (YYYY-MM-DD)"))
    p.add_argument("--to", dest="until", type=date_arg, metavar=_("DATE"), help=_("up to this day (YYYY-MM-DD)"))
    p.add_argument("--json", action="store_true", help=_("print the entries as JSON"))

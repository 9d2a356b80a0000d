"""Sending records between offices: ``qcdc keys``, ``export``, ``import`` and ``status``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InputFileError, system_reason
from ..core.text import printable
from ..l10n import _
from .common import EXIT_ERROR, EXIT_OK, one_line
from .parsing import Command, positive

if TYPE_CHECKING:
    from ..db.connection import Store


def cmd_keys(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..sync import cards
    from ..sync.keys import ensure_office_keys, rotate_keys

    if args.action == "export" and args.out is None:
        raise InputFileError(_("Say where to write the key card with --out FILE."))
    if args.action in ("trust", "revoke") and args.file is None:
        raise InputFileError(_("Say which key card to trust (or which fingerprint to revoke)."))
    if args.action == "trust" and not (args.fingerprint or "").strip():
        # As the Sync place's enrolment asks it: a card file alone could come from anyone.
        raise InputFileError(_("Give the fingerprint printed on the office's signed and stamped key card (or read "
                               "out by phone) with --fingerprint: it is how you know the card file is the "
                               "office's own. Nothing was enrolled."))
    with open_store(args.db) as store:
        if args.action == "show":
            keys = ensure_office_keys(store)
            print(_("Key fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint})
        elif args.action == "export":
            _write_card(store, args.out)
            print(_card_written(store, args.out))
        elif args.action == "trust":
            trusted = cards.trust_card(store, cards.read_card_file(Path(args.file)),
                                       expected_fingerprint=args.fingerprint)
            values = {"unit": trusted.unit_name, "code": trusted.unit_code, "fingerprint": trusted.fingerprint}
            print({"enrolled": _("Enrolled %(unit)s (%(code)s) with the key %(fingerprint)s."),
                   "rotated": _("%(unit)s (%(code)s) now uses its new key %(fingerprint)s."),
                   "already": _("%(unit)s (%(code)s) is already trusted with the key %(fingerprint)s.")}
                  [trusted.outcome] % values)
        elif args.action == "rotate":
            keys = rotate_keys(store)
            print(_("New key fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint})
        else:
            cards.revoke_key(store, args.file)
            print(_("Revoked the key %(fingerprint)s.") % {"fingerprint": args.file})
    return EXIT_OK


def _card_written(store: Store, out: Path) -> str:
    from ..db.units import get_unit
    from ..sync.keys import ensure_office_keys

    unit = get_unit(store)
    values = {"unit": unit.name, "code": unit.code, "fingerprint": ensure_office_keys(store).fingerprint, "path": out}
    if out.suffix.lower() == ".pdf":
        return _("Wrote the key card of %(unit)s (%(code)s), fingerprint %(fingerprint)s, to %(path)s: print it, "
                 "have it signed and stamped, and give it with the card file.") % values
    return _("Wrote the key card of %(unit)s (%(code)s), fingerprint %(fingerprint)s, to %(path)s.") % values


def _write_card(store: Store, out: Path) -> None:
    from ..core.errors import OutputFileError
    from ..db.units import get_unit
    from ..sync.cards import make_card
    from ..sync.keys import ensure_office_keys

    try:
        if out.suffix.lower() == ".pdf":
            from ..printing.keycard import write_key_card

            unit = get_unit(store)
            write_key_card(out, unit_name=unit.name, unit_code=unit.code, role=unit.role,
                           fingerprint=ensure_office_keys(store).fingerprint,
                           made_on=dt.date.today())
        else:
            out.write_text(make_card(store), encoding="utf-8")
    except OSError as exc:
        raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                              % {"path": out, "reason": system_reason(exc)}) from None


def cmd_export(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..sync.export import export_all, nothing_new_sentence, written_sentence

    with open_store(args.db) as store:
        written = export_all(store, args.out, again=args.again)
        why = "" if written else nothing_new_sentence(store)
    for bundle in written:
        print(written_sentence(bundle, printable(str(bundle.path))))
    if why:  # not an error: standard output stays empty, the status is 0
        print(why + " " + _("If the last bundle was lost, write again what was not confirmed with --again."),
              file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..sync.importer import import_bundles

    with open_store(args.db) as store:
        reports = import_bundles(store, args.files)
    for report in reports:
        print(f"{printable(str(report.path))}: {one_line(report.message)}")
    if any(r.reason == "unenrolled" for r in reports):
        print(_("To enrol it: qcdc keys trust CARD --db %(db)s --fingerprint FINGERPRINT-ON-THE-PAPER")
              % {"db": args.db})
    return EXIT_ERROR if any(r.outcome in ("rejected", "failed") for r in reports) else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from ..db.connection import open_store
    from ..db.sync_store import sync_status
    from ..db.units import get_unit
    from ..sync.board import communes_board, status_json
    from ..sync.status import status_line

    today = dt.date.today()
    with open_store(args.db, readonly=True, check=False) as store:
        if args.json:
            print(json.dumps(status_json(store, today=today, silent_after_days=args.silent_days), ensure_ascii=False,
                             indent=2))
            return EXIT_OK
        if get_unit(store).role == "upper":  # the board holds the status of each commune enrolled
            board = communes_board(store, today=today, silent_after_days=args.silent_days)
            rows = [r.status for r in board if r.status is not None]
            tried = [r for r in board if not r.enrolled and r.problems]
        else:
            rows, tried = sync_status(store, silent_after_days=args.silent_days, today=today), []
    for row in rows:
        print(status_line(row))
    for commune in tried:  # communes that tried to send before they were enrolled
        print(_("%(code)s %(name)s: %(problems)s") % {"code": commune.code, "name": commune.name,
                                                      "problems": "; ".join(commune.problems)})
    if not rows:
        print(_("No office is enrolled yet."), file=sys.stderr)
    return EXIT_OK


def add_keys(command: Command) -> None:
    p = command("keys", cmd_keys, _("show, export, trust, rotate or revoke keys"))
    p.add_argument("action", choices=("show", "export", "trust", "rotate", "revoke"),
                   help=_("show: own fingerprint; export: write own key card; trust FILE: enrol another office; "
                          "rotate: make new keys; revoke FINGERPRINT: refuse another office's key"))
    p.add_argument("file", nargs="?", metavar=_("FILE"), help=_("the key card to trust, or the fingerprint to revoke"))
    p.add_argument("--out", type=Path, metavar=_("FILE"), help=_("where to write the key card (.pdf: the paper to stamp)"))
    p.add_argument("--fingerprint", metavar=_("FINGERPRINT"),
                   help=_("with trust (required): the fingerprint printed on the signed and stamped key card, or "
                          "read out by phone; the card file must have it"))


def add_export(command: Command) -> None:
    p = command("export", cmd_export, _("write a bundle for the upper level (at the upper level: one per commune)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FOLDER"), help=_("the folder to write into"))
    p.add_argument("--again", action="store_true",
                   help=_("write again what the other office has not confirmed, even with nothing new since the "
                          "last bundle (that stick was lost)"))


def add_import(command: Command) -> None:
    p = command("import", cmd_import, _("verify and apply bundles"))
    p.add_argument("files", type=Path, nargs="+", metavar=_("FILE"), help=_("bundle files"))


def add_status(command: Command) -> None:
    p = command("status", cmd_status, _("show, for each enrolled office, its last bundle and how long it has been silent"))
    p.add_argument("--silent-days", type=positive, default=30, metavar="N",
                   help=_("flag an office silent for more than N days (default 30)"))
    p.add_argument("--json", action="store_true",
                   help=_("print as JSON (at the upper level every commune of the province, enrolled or not, with "
                          "its figures and problems)"))

"""A person's data on the command line (Law 91/2025): ``qcdc person find`` says what is held about
them, ``qcdc person export`` writes the citizen's sheet as PDF or JSON, ``qcdc person erase`` erases
it after showing what will change and what stays, and asking (unless ``--yes``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import QcdcError
from ..l10n import _
from .common import EXIT_ERROR, EXIT_OK, stdout
from .parsing import Command

if TYPE_CHECKING:
    from ..core.personal import Person

CAUSES = ("request", "decision", "retention")


def _person(args: argparse.Namespace) -> "Person":
    from ..core.person_requests import typed_person

    return typed_person(args.name, args.phone or "")


def _quiet(done: int, total: int) -> None:
    """No progress bar on the command line: the search of a commune's file takes seconds."""


def _never() -> bool:
    return False


def cmd_person(args: argparse.Namespace) -> int:
    person = _person(args)  # refused with a sentence before the file is opened
    if args.action == "export":
        from ..work.person import check_format

        if args.out is None:
            raise QcdcError(_("Say where to write the sheet: --out FILE.pdf or --out FILE.json."))
        check_format(args.out)
    if args.action == "erase":
        return _erase(args, person)
    from ..core.person_sheet import finding_lines
    from ..db.connection import open_store
    from ..work.person import found_in, write_sheet

    with open_store(args.db, readonly=True, check=False) as store:
        found = found_in(store, person, dt.date.today(), progress=_quiet, cancelled=_never)
    if args.action == "export":
        written = write_sheet(found, args.out)
        print(_("Wrote the sheet of %(person)s to %(path)s.") % {"person": found.sheet.about, "path": written})
        return EXIT_OK
    out = stdout()
    for line in finding_lines(found.sheet):
        out.write(line + "\n")
    return EXIT_OK


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        raise QcdcError(_("Nothing was erased: confirm at a terminal, or add --yes to erase without being asked."))
    answer = input(_("Erase this person's data? Type yes to erase: "))
    return answer.strip().casefold() in ("yes", "y", _("yes").casefold())


def _erase(args: argparse.Namespace, person: "Person") -> int:
    from ..core.person_requests import PersonRequest
    from ..db.connection import open_store
    from ..db.person_requests import get_request
    from ..db.personal_erase import erase_person
    from ..work.person import erasure_lines, erasure_preview, found_in

    today = dt.date.today()
    out = stdout()
    with open_store(args.db) as store:
        if args.request:
            request: PersonRequest = get_request(store, args.request)
            if request.person.words and request.person.words != person.words:
                raise QcdcError(_("The request %(id)s is about %(about)s, not about this person; nothing was erased.")
                                % {"id": args.request, "about": request.about})
        found = found_in(store, person, today, progress=_quiet, cancelled=_never)
        erased, stays = erasure_preview(found, today)
        out.write(_("Will be erased:") + "\n" + "".join(f"  - {line}\n" for line in erased))
        out.write(_("Stays:") + "\n" + "".join(f"  - {line}\n" for line in stays))
        out.flush()
        if not _confirmed(args):
            print(_("Nothing was erased."))
            return EXIT_ERROR
        report = erase_person(store, person, cause=args.cause, reason=args.reason, today=today,
                              request_id=args.request)
    done, kept = erasure_lines(report)
    out.write(_("Erased:") + "\n" + "".join(f"  - {line}\n" for line in done))
    out.write(_("Stays:") + "\n" + "".join(f"  - {line}\n" for line in kept))
    return EXIT_OK


def add_person(command: Command) -> None:
    p = command("person", cmd_person, _("a person's data (Law 91/2025): 'find' says what is held about them, "
                                        "'export' writes their sheet as PDF or JSON, 'erase' erases it"))
    p.add_argument("action", choices=("find", "export", "erase"),
                   help=_("find: what is held; export: the sheet; erase: erase the person's data"))
    p.add_argument("name", metavar=_("NAME"), help=_("the person's full name (\"\" for a phone number alone)"))
    p.add_argument("--phone", metavar=_("PHONE"), default="", help=_("the person's phone number"))
    p.add_argument("--out", type=Path, metavar=_("FILE"), help=_("export: the file to write, .pdf or .json"))
    p.add_argument("--reason", default="", help=_("erase: the request or decision it follows (without the "
                                                  "person's name: the reason stays in the history)"))
    p.add_argument("--cause", choices=CAUSES, default="request",
                   help=_("erase: why — the person's request (default), a decision of the office, or the "
                          "retention period"))
    p.add_argument("--request", metavar="ID", help=_("erase: the request of the register it answers"))
    p.add_argument("--yes", action="store_true", help=_("erase: do not ask before erasing"))


"""The ``qcdc`` command: what the upper level scripts, whole-flow tests and benchmarks use.

Exit status 0 on success; on any error a one-line message in the user's language on stderr, a
non-zero status, and the database unchanged.  Never imports Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Callable, Sequence, TextIO

from . import __version__, l10n
from .core.errors import InputFileError, QcdcError, UnitNotFound
from .core.serialize import canonical_json, loads_strict
from .core.text import printable
from .core.validate import parse_meetings
from .l10n import _, ngettext

log = logging.getLogger("qcdc_desktop.cli")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_JSON_BYTES = 256 * 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, translated, exit 2
        self.exit(EXIT_USAGE, _("qcdc: %(message)s (see qcdc --help)") % {"message": message} + "\n")


def _date_arg(value: str) -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("%(value)r is not a date written YYYY-MM-DD") % {"value": value}) from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(_("%(value)r is not a whole number (0 or more)") % {"value": value})
    return number


def _read_json_file(path: Path) -> object:
    from .db.files import open_regular

    try:
        with open_regular(path) as fh:  # never a pipe or a device, which could block or never end
            if os.fstat(fh.fileno()).st_size > MAX_JSON_BYTES:
                raise InputFileError(_("%(path)s is too large.") % {"path": printable(str(path))})
            data = fh.read()
    except OSError as exc:
        raise InputFileError(_("Cannot read %(path)s: %(reason)s")
                             % {"path": printable(str(path)), "reason": exc.strerror}) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
    return loads_strict(text)


def cmd_init(args: argparse.Namespace) -> int:
    from .db.setup import init_store, resolve_unit

    from .sync.keys import ensure_office_keys

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
    from .db.units import find_unit

    try:
        return find_unit(code.strip()).level == "province"
    except UnitNotFound:
        return False


def cmd_keys(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .sync import cards
    from .sync.keys import ensure_office_keys, rotate_keys

    if args.action == "export" and args.out is None:
        raise InputFileError(_("Say where to write the key card with --out FILE."))
    if args.action in ("trust", "revoke") and args.file is None:
        raise InputFileError(_("Say which key card to trust (or which fingerprint to revoke)."))
    with open_store(args.db) as store:
        if args.action == "show":
            keys = ensure_office_keys(store)
            print(_("Key fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint})
        elif args.action == "export":
            _write_card(store, args.out)
            print(args.out)
        elif args.action == "trust":
            trusted = cards.trust_card(store, cards.read_card_file(Path(args.file)),
                                       expected_fingerprint=args.fingerprint)
            values = {"unit": trusted.unit_name, "code": trusted.unit_code, "fingerprint": trusted.fingerprint}
            print({"enrolled": _("Enrolled %(unit)s (%(code)s) with the key %(fingerprint)s."),
                   "rotated": _("%(unit)s (%(code)s) now uses its new key %(fingerprint)s."),
                   "already": _("%(unit)s (%(code)s) is already trusted with the key %(fingerprint)s.")}
                  [trusted.outcome] % values)
            if args.fingerprint is None and trusted.outcome == "enrolled":
                print(_("Check that this fingerprint is the one on the stamped key card of the office."))
        elif args.action == "rotate":
            keys = rotate_keys(store)
            print(_("New key fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint})
        else:
            cards.revoke_key(store, args.file)
            print(_("Revoked the key %(fingerprint)s.") % {"fingerprint": args.file})
    return EXIT_OK


def _write_card(store: object, out: Path) -> None:
    from .core.errors import OutputFileError
    from .db.units import get_unit
    from .sync.cards import make_card
    from .sync.keys import ensure_office_keys

    try:
        if out.suffix.lower() == ".pdf":
            from .printing.keycard import write_key_card

            unit = get_unit(store)  # type: ignore[arg-type]
            write_key_card(out, unit_name=unit.name, unit_code=unit.code, role=unit.role,
                           fingerprint=ensure_office_keys(store).fingerprint,  # type: ignore[arg-type]
                           made_on=dt.date.today())
        else:
            out.write_text(make_card(store), encoding="utf-8")  # type: ignore[arg-type]
    except OSError as exc:
        raise OutputFileError(_("Cannot write %(path)s: %(reason)s") % {"path": out, "reason": exc.strerror}) from None


def cmd_export(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .sync.export import export_all

    with open_store(args.db) as store:
        written = export_all(store, args.out)
    for bundle in written:
        print(bundle.path)
    if not written:
        print(_("No commune has anything to receive."), file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .sync.importer import import_bundles

    with open_store(args.db) as store:
        reports = import_bundles(store, args.files)
    for report in reports:
        print(f"{printable(str(report.path))}: {_one_line(report.message)}")
    return EXIT_ERROR if any(r.outcome in ("rejected", "failed") for r in reports) else EXIT_OK


def cmd_import_register(args: argparse.Namespace) -> int:
    from .cli_register import cmd_import_register as run

    return run(args, _read_json_file)


def cmd_status(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.sync_store import sync_status
    from .sync.status import status_line

    with open_store(args.db, readonly=True, check=False) as store:
        rows = sync_status(store, silent_after_days=args.silent_days)
    for row in rows:
        print(status_line(row))
    if not rows:
        print(_("No office is enrolled yet."), file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.demo import fill_demo

    with open_store(args.db) as store:
        opinions = fill_demo(store, meetings=args.meetings, seed=args.seed, until=args.until or dt.date.today())
    print(_("Added %(meetings)s demo meetings with %(opinions)s opinions.")
          % {"meetings": l10n.format_number(args.meetings), "opinions": l10n.format_number(opinions)})
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.meetings import add_meetings

    meetings = parse_meetings(_read_json_file(args.json), today=dt.date.today())
    with open_store(args.db) as store:
        add_meetings(store, meetings=meetings)
    for m in meetings:
        print(m.id)
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.dump import write_dump

    out = _stdout()
    skipped: list[str] = []
    with open_store(args.db, readonly=True, check=False) as store:
        write_dump(store, out, skipped=skipped)
    if skipped:
        print(ngettext("qcdc: %(n)d damaged record was left out (%(ids)s); qcdc check lists it.",
                       "qcdc: %(n)d damaged records were left out (%(ids)s); qcdc check lists them.", len(skipped))
              % {"n": len(skipped), "ids": ", ".join(skipped[:10]) + (", …" if len(skipped) > 10 else "")},
              file=sys.stderr)
    return EXIT_OK


def _stdout() -> TextIO:
    """Standard output, for a command whose whole point is what it prints there."""
    if sys.stdout is None:  # started with standard output closed (`qcdc dump >&-`)
        from .core.errors import OutputFileError

        raise OutputFileError(_("There is nowhere to write: the standard output is closed."))
    return sys.stdout


def cmd_search(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.search import search

    with open_store(args.db, readonly=True, check=False) as store:
        hits = search(store, args.query, limit=args.limit)
    if args.json:
        _stdout().write(canonical_json([{"kind": h.kind, "id": h.id, "meeting_id": h.meeting_id,
                                          "held_on": h.held_on, "text": h.text} for h in hits]))
        return EXIT_OK
    labels = {"meetings": _("meeting"), "opinions": _("opinion"), "tasks": _("task")}
    for h in hits:
        text = h.text.replace("\n", " ")
        print(f"{labels[h.kind]}\t{h.id}\t{_shown_date(h.held_on)}\t{text[:120]}")
    if not hits:
        print(_("Nothing found."), file=sys.stderr)
    return EXIT_OK


def _shown_date(text: str) -> str:
    """A stored date as the user's language writes it; a damaged one as it is stored."""
    try:
        return l10n.format_date(dt.date.fromisoformat(text))
    except (TypeError, ValueError):
        return printable(str(text))


_DOCUMENT_KINDS = {"notice": "TB", "minutes": "BB", "invitation": "GM"}


def cmd_notice(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.files import check_destination
    from .printing.desk import print_document

    doc_type = _DOCUMENT_KINDS[args.kind]
    names = {"TB": _("notice"), "BB": _("minutes"), "GM": _("invitation")}
    check_destination(args.out)  # before the data file is opened (and perhaps upgraded)
    with open_store(args.db) as store:
        issued_on = args.date
        if issued_on is None:
            from .db.meetings import get_meeting

            meeting = get_meeting(store, args.meeting) if doc_type == "BB" else None
            issued_on = meeting.held_on if meeting else dt.date.today()  # minutes are dated the meeting's day
        printed = print_document(store, meeting_id=args.meeting, out=args.out, doc_type=doc_type,
                                 issued_on=issued_on, correct=args.correct)
    entry = printed.entry
    values = {"kind": names[doc_type], "symbol": entry.symbol, "date": l10n.format_date(entry.issued_on),
              "path": args.out,
              "pages": ngettext("%(n)d page", "%(n)d pages", printed.pages) % {"n": printed.pages}}
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
    return EXIT_OK


_REPORT_FORMATS = (".pdf", ".xlsx", ".csv")


def cmd_report(args: argparse.Namespace) -> int:
    from .core.errors import OutputFileError
    from .core.statistics import choose_period
    from .db.connection import open_store
    from .db.register import notice_settings
    from .db.statistics import build_statistics, cutoff_day
    from .db.units import get_unit
    from .db.files import check_destination, replaced

    suffix = args.out.suffix.lower()
    if suffix not in _REPORT_FORMATS:
        raise OutputFileError(_("%(path)s: the report is written as .pdf, .xlsx or .csv.") % {"path": args.out})
    check_destination(args.out)  # before the data file is opened
    asked = {"spec": args.period, "start": args.date_from, "end": args.date_to}
    choose_period(**asked)  # a bad or reversed period is refused before anything is read
    with open_store(args.db, readonly=True, check=False) as store:
        period = choose_period(**asked, cutoff_day=args.cutoff_day or cutoff_day(store))
        stats = build_statistics(store, period, as_of=args.as_of or dt.date.today())
        unit, settings = get_unit(store), notice_settings(store)
    with replaced(args.out) as temporary:
        if suffix == ".pdf":
            from .printing.report import render_report

            render_report(stats, unit=unit, settings=settings, out=str(temporary),
                          issued_on=args.date or dt.date.today(), signer=args.signer)
        elif suffix == ".xlsx":
            from .reports.excel import write_workbook

            write_workbook(stats, str(temporary))
        else:
            from .reports.csvfile import write_csv

            write_csv(stats, temporary)
    f = stats.total
    print(_("Report %(start)s - %(end)s: %(meetings)s meetings, %(opinions)s opinions, %(tasks)s tasks. "
            "Written to %(path)s.") % {"start": l10n.format_date(period.start), "end": l10n.format_date(period.end),
                                      "meetings": l10n.format_number(f.meetings),
                                      "opinions": l10n.format_number(f.opinions),
                                      "tasks": l10n.format_number(f.tasks), "path": args.out})
    return EXIT_OK


def _cutoff(value: str) -> int:
    number = _positive(value)
    if not 1 <= number <= 28:
        raise argparse.ArgumentTypeError(_("%(value)r is not a day from 1 to 28") % {"value": value})
    return number


def cmd_check(args: argparse.Namespace) -> int:
    from .db.check import check_store
    from .db.connection import open_store

    # Checking never upgrades: the file is judged as it is (read-write only for FTS5's check, which
    # changes nothing, so it does not hold the file and runs beside the application).
    with open_store(args.db, check=False, upgrade=False, hold=False) as store:
        problems = check_store(store)
    if problems:
        raise QcdcError(_("The data file has problems: %(list)s") % {"list": "; ".join(problems)})
    print(_("The data file has no problems."))
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    from .db.connection import open_store
    from .db.damaged import remove_records, resend_from

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
    from .db.backup import make_backup
    from .db.connection import open_store

    with open_store(args.db) as store:
        path = make_backup(store, reason="manual")
    print(path)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .db.backup import restore_backup

    aside = restore_backup(args.db, args.source)
    print(_("Restored %(db)s from %(backup)s.") % {"db": args.db, "backup": args.source})
    if aside:
        print(_("The replaced file is kept as %(path)s.") % {"path": aside})
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qcdc", description=_("QCDC Desktop on the command line: citizen dialogue meetings, "
                                                "conclusions and follow-up."))
    parser.add_argument("--version", action="version", version=f"qcdc {__version__}",
                        help=_("show the version number and exit"))
    parser.add_argument("--lang", choices=l10n.LANGUAGES, default=None,
                        help=_("language of messages: vi (default) or en"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"), parser_class=_Parser)

    def command(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument("--db", type=Path, required=True, metavar=_("PATH"), help=_("the data file"))
        return p

    p = command("init", cmd_init, _("create a data file for a unit"))
    p.add_argument("--unit-code", required=True, metavar=_("CODE"),
                   help=_("code in the official list: 5 digits for a commune, 2 for a province"))
    p.add_argument("--role", choices=("commune", "upper"), default="commune", help=_("commune or upper level"))
    p.add_argument("--name", metavar=_("NAME"),
                   help=_("name of the unit (looked up in the official list when not given)"))

    p = command("demo", cmd_demo, _("fill a data file with realistic demo data"))
    p.add_argument("--meetings", type=_positive, default=24, metavar="N", help=_("number of meetings"))
    p.add_argument("--seed", type=_positive, default=1, metavar="S",
                   help=_("seed: the same seed gives the same data"))
    p.add_argument("--until", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("reference date of the demo data (default today)"))

    p = command("add", cmd_add, _("add meetings from a JSON file, all or nothing"))
    p.add_argument("--json", type=Path, required=True, metavar=_("FILE"), help=_("a meeting or a list of meetings"))

    command("dump", cmd_dump, _("print every record as canonical JSON"))

    p = command("search", cmd_search, _("search meetings, opinions and tasks"))
    p.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    p.add_argument("--limit", type=_positive, default=50, metavar="N", help=_("at most N results of each kind"))
    p.add_argument("query", metavar=_("QUERY"), help=_("words to find; diacritics and đ/d do not matter"))

    p = command("notice", cmd_notice, _("print the conclusion notice of a meeting, issuing its number if it has none"))
    p.add_argument("--meeting", required=True, metavar="ID", help=_("the id of the meeting"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    p.add_argument("--date", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("issue date of a new number (default today; minutes: the day of the meeting)"))
    p.add_argument("--kind", choices=tuple(_DOCUMENT_KINDS), default="notice",
                   help=_("notice (default), minutes or invitation"))
    p.add_argument("--correct", action="store_true",
                   help=_("issue a corrected document under a new number for a meeting changed since"))

    p = command("report", cmd_report, _("write the statistics report of a period as PDF, Excel or CSV"))
    p.add_argument("--from", dest="date_from", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("first day of the period (inclusive)"))
    p.add_argument("--to", dest="date_to", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("last day of the period (inclusive)"))
    p.add_argument("--period", default=None, metavar=_("PERIOD"),
                   help=_("instead of --from/--to: 2026 (year), 2026-Q1, 2026-H1, 2026-9M or 2026-03"))
    p.add_argument("--cutoff-day", type=_cutoff, default=None, metavar="N",
                   help=_("reporting cut-off day for --period (15: a year from 15/12 to 14/12; default: the "
                          "office's setting, else 1)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the .pdf, .xlsx or .csv file to write"))
    p.add_argument("--as-of", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("the day task progress is judged on (default today)"))
    p.add_argument("--date", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("the date printed on the report (default today)"))
    p.add_argument("--signer", default="", metavar=_("NAME"), help=_("the name printed under the signature"))

    p = command("keys", cmd_keys, _("show, export, trust, rotate or revoke keys"))
    p.add_argument("action", choices=("show", "export", "trust", "rotate", "revoke"),
                   help=_("show: own fingerprint; export: write own key card; trust FILE: enrol another office; "
                          "rotate: make new keys; revoke FINGERPRINT: refuse another office's key"))
    p.add_argument("file", nargs="?", metavar=_("FILE"), help=_("the key card to trust, or the fingerprint to revoke"))
    p.add_argument("--out", type=Path, metavar=_("FILE"), help=_("where to write the key card (.pdf: the paper to stamp)"))
    p.add_argument("--fingerprint", metavar=_("FINGERPRINT"),
                   help=_("the fingerprint read from the stamped card; the card must have it"))

    p = command("export", cmd_export, _("write a bundle for the upper level (at the upper level: one per commune)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FOLDER"), help=_("the folder to write into"))

    p = command("import", cmd_import, _("verify and apply bundles"))
    p.add_argument("files", type=Path, nargs="+", metavar=_("FILE"), help=_("bundle files"))

    p = command("import-register", cmd_import_register,
                _("read a commune's Excel register and, with --apply, add its meetings"))
    from .cli_register import add_arguments

    add_arguments(p)

    p = command("status", cmd_status, _("show, for each enrolled office, its last bundle and how long it has been silent"))
    p.add_argument("--silent-days", type=_positive, default=30, metavar="N",
                   help=_("flag an office silent for more than N days (default 30)"))

    command("check", cmd_check, _("check the integrity of a data file"))
    p = command("repair", cmd_repair, _("at the upper level: remove damaged records of another office, or ask an "
                                        "office for all its records again"))
    p.add_argument("--remove", nargs="+", default=[], metavar="ID", help=_("ids of records to remove (as qcdc check "
                                                                          "names them)"))
    p.add_argument("--resend", metavar=_("CODE"), help=_("the unit code of the office to ask for everything again"))
    command("backup", cmd_backup, _("make a verified backup of a data file now"))
    p = command("restore", cmd_restore, _("replace a data file with one of its backups"))
    p.add_argument("--from", dest="source", type=Path, required=True, metavar=_("BACKUP"), help=_("the backup file"))
    return parser


def _language_from(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in l10n.LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in l10n.LANGUAGES:
            return arg[7:]
    env = os.environ.get("QCDC_LANG", "")
    return env if env in l10n.LANGUAGES else l10n.DEFAULT_LANGUAGE


def _log_file() -> Path | None:
    try:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir("qcdc-desktop", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "qcdc.log"
    except OSError:
        return None


def _one_line(message: str) -> str:
    """The message on one line, as the contract promises: it may quote a key or a value of the
    input (or a line of SQLite's integrity report) that holds line breaks."""
    return " ".join(message.splitlines())


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    l10n.set_language(_language_from(argv))
    # argparse's own words ("usage", "required") go through the same catalog.
    argparse._ = l10n._  # type: ignore[attr-defined]
    argparse.ngettext = l10n.ngettext  # type: ignore[attr-defined]
    log_path = _log_file()
    if log_path:
        logging.basicConfig(level=logging.INFO, filename=log_path, force=True,
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    from .db import holder

    holder.set_program(f"qcdc {args.func.__name__.removeprefix('cmd_')}")  # named to a second writer
    try:
        return args.func(args)
    except QcdcError as exc:
        log.info("command failed: %s", exc.message, exc_info=True)
        sys.stderr.write(f"qcdc: {_one_line(exc.message)}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(_("qcdc: interrupted; nothing was changed.") + "\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception:  # noqa: BLE001 - a bug: the log keeps the traceback, the person gets a sentence
        log.exception("unexpected error")
        if log_path:
            message = _("qcdc: an unexpected error stopped the command; nothing was changed. "
                        "Details are in the log: %(path)s") % {"path": log_path}
        else:
            message = _("qcdc: an unexpected error stopped the command; nothing was changed.")
        sys.stderr.write(message + "\n")
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())

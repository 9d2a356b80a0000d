"""`qcdc import-register`: a commune's Excel register read, mapped and previewed from the command
line (for a province moving many communes at once, and for tests); nothing is written without
--apply, and then everything or, on any error, nothing."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .. import l10n
from ..core.register_import import ColumnMapping, column_letter, mapping_json_text, target_label
from ..l10n import _
from .common import EXIT_OK, one_line, read_json_file
from .parsing import Command


def add_import_register(command: Command) -> None:
    p = command("import-register", cmd_import_register,
                _("read a commune's Excel register and, with --apply, add its meetings"))
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the register (.xlsx, .xls or .ods)"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet to read (default the first)"))
    which.add_argument("--all-sheets", action="store_true",
                       help=_("read every sheet laid out like the first (e.g. one sheet per quarter)"))
    p.add_argument("--mapping", type=Path, metavar=_("FILE"),
                   help=_("the column mapping as JSON, as this command prints it (default: the one used last "
                          "for this layout, else the guess)"))
    p.add_argument("--apply", action="store_true", help=_("add the meetings to the data file (without it nothing "
                                                          "is written)"))
    p.add_argument("--left-out", type=Path, metavar=_("FILE"), help=_("write the rows left out to this .xlsx file"))


def cmd_import_register(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.register_import import import_register, saved_mapping
    from ..reports.register import guess_mapping, preview_register
    from ..reports.register_problems import write_left_out
    from ..reports.register_read import read_register

    sheet = read_register(args.file, sheet=args.sheet, all_sheets=args.all_sheets)
    n = l10n.format_number
    with open_store(args.db, readonly=not args.apply) as store:
        if args.mapping is not None:
            mapping, source = ColumnMapping.from_json(read_json_file(args.mapping)), _("from %(path)s") % {
                "path": args.mapping}
        else:
            saved = saved_mapping(store, sheet.signature)
            if saved is not None:
                mapping, source = saved, _("used last time for this layout")
            else:
                mapping, source = guess_mapping(sheet).mapping, _("guessed")
        print(_("Sheets read: %(sheets)s") % {"sheets": ", ".join(sheet.read_sheets)})
        if sheet.other_layouts:
            print(_("Sheets laid out differently, not read: %(sheets)s") % {"sheets": ", ".join(sheet.other_layouts)})
        print(_("Heading found in row(s) %(rows)s:") % {"rows": ", ".join(map(str, sheet.header_rows))})
        for c in sheet.columns:
            print(f"  {column_letter(c)}: {sheet.headings[c]}")
        print(_("Column mapping (%(source)s):") % {"source": source})
        for target, c in sorted(mapping.columns.items(), key=lambda x: x[1]):
            print(f"  {column_letter(c)} → {target_label(target)}")
        print(mapping_json_text(mapping))
        preview = preview_register(sheet, mapping, today=dt.date.today())
        counts = preview.counts()
        print(_("Meetings: %(meetings)s; opinions: %(opinions)s, answered at the meeting: %(answered)s; tasks: "
                "%(tasks)s; rows left out: %(left)s; total rows skipped: %(totals)s; rows read: %(rows)s.")
              % {"meetings": n(counts["meetings"]), "opinions": n(counts["opinions"]),
                 "answered": n(counts["answered"]), "tasks": n(counts["tasks"]), "left": n(counts["rows_left_out"]),
                 "totals": n(counts["totals_skipped"]), "rows": n(counts["rows_read"])})
        for note in preview.notes:
            print(note)
        for problem in preview.problems:
            print(one_line(str(problem)))
        if args.left_out is not None and preview.problems:
            write_left_out(args.left_out, sheet, preview)
        if not args.apply:
            print(_("Nothing was written; add --apply to add these meetings."))
            return EXIT_OK
        done = import_register(store, preview=preview, confirmed=True, skip_invalid=True,
                               layout=(sheet.signature, mapping))
    print(_("Added %(meetings)s meetings with %(opinions)s opinions and %(tasks)s tasks; %(already)s were already "
            "in the data file.") % {"meetings": n(done.meetings), "opinions": n(done.opinions),
                                    "tasks": n(done.tasks), "already": n(done.already_there)})
    return EXIT_OK

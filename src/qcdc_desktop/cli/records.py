"""The records: ``qcdc add`` (meetings from a JSON file), ``dump`` and ``search``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import l10n
from ..core.serialize import canonical_json
from ..core.text import printable
from ..core.validate import parse_meetings
from ..l10n import _, ngettext
from .common import EXIT_OK, read_json_file, stdout
from .parsing import Command, positive


def cmd_add(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.meetings import add_meetings

    meetings = parse_meetings(read_json_file(args.json), today=dt.date.today())
    with open_store(args.db) as store:
        add_meetings(store, meetings=meetings)
    # A sentence, then one line a meeting in the input's order: «ID<tab>date<tab>title» for a script.
    print(ngettext("Added %(n)d meeting:", "Added %(n)d meetings:", len(meetings)) % {"n": len(meetings)})
    for m in meetings:
        print(f"{m.id}\t{l10n.format_date(m.held_on)}\t{printable(' '.join(m.title.split()))}")
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.dump import write_dump

    out = stdout()
    skipped: list[str] = []
    with open_store(args.db, readonly=True, check=False) as store:
        write_dump(store, out, skipped=skipped)
    if skipped:
        print(ngettext("qcdc: %(n)d damaged record was left out (%(ids)s); qcdc check lists it.",
                       "qcdc: %(n)d damaged records were left out (%(ids)s); qcdc check lists them.", len(skipped))
              % {"n": len(skipped), "ids": ", ".join(skipped[:10]) + (", …" if len(skipped) > 10 else "")},
              file=sys.stderr)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from ..db.connection import open_store
    from ..db.search import search

    with open_store(args.db, readonly=True, check=False) as store:
        hits = search(store, args.query, limit=args.limit)
    if args.json:
        stdout().write(canonical_json([{"kind": h.kind, "id": h.id, "meeting_id": h.meeting_id,
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


def add_add(command: Command) -> None:
    p = command("add", cmd_add, _("add meetings from a JSON file, all or nothing"))
    p.add_argument("--json", type=Path, required=True, metavar=_("FILE"), help=_("a meeting or a list of meetings"))


def add_dump(command: Command) -> None:
    command("dump", cmd_dump, _("print every record as canonical JSON"))


def add_search(command: Command) -> None:
    p = command("search", cmd_search, _("search meetings, opinions and tasks"))
    p.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    p.add_argument("--limit", type=positive, default=50, metavar="N", help=_("at most N results of each kind"))
    p.add_argument("query", metavar=_("QUERY"), help=_("words to find; diacritics and đ/d do not matter"))

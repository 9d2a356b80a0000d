"""The ``qcdc`` command: what the upper level scripts, whole-flow tests and benchmarks use.

Exit status 0 on success; on any error a one-line message in the user's language on stderr, a
non-zero status, and the database unchanged.  Never imports Qt.

This module assembles the parser and runs a command; the commands live by what they work on:
``records`` (add, dump, search), ``documents`` (notice), ``reports`` (report), ``sync`` (keys,
export, import, status), ``register`` (import-register) and ``data_file`` (init, demo, check,
repair, backup, restore); ``parsing`` holds the parser, whose argparse words are translated
without changing the standard argparse module, and the types of arguments.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from .. import __version__, l10n
from ..core.errors import QcdcError
from ..l10n import _
from . import acting, data_file, documents, history, person, records, register, reports, retention, settings, sync, users
from .common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, one_line
from .parsing import Command, Parser

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

log = logging.getLogger("qcdc_desktop.cli")

#: The commands, in the order ``qcdc --help`` lists them.
COMMANDS: tuple[Callable[[Command], None], ...] = (
    data_file.add_init, data_file.add_demo, records.add_add, records.add_dump, records.add_search,
    documents.add_notice, documents.add_results, reports.add_report, sync.add_keys, sync.add_export, sync.add_import,
    register.add_import_register, sync.add_status, data_file.add_check, data_file.add_repair,
    data_file.add_backup, data_file.add_restore, data_file.add_convert, users.add_users, users.add_unlock,
    history.add_history, person.add_person, retention.add_retention, settings.add_settings,
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="qcdc", description=_("QCDC Desktop on the command line: citizen dialogue meetings, "
                                               "conclusions and follow-up."))
    parser.add_argument("--version", action="version", version=f"qcdc {__version__}",
                        help=_("show the version number and exit"))
    parser.add_argument("--lang", choices=l10n.LANGUAGES, default=None,
                        help=_("language of messages: vi (default) or en"))
    parser.add_argument("--user", metavar=_("NAME"), default=None,
                        help=_("the account that runs the command (default: the environment variable "
                               "QCDC_USER); its password is asked, or read from QCDC_PASSWORD"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"), parser_class=Parser)

    def command(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument("--db", type=Path, required=True, metavar=_("PATH"), help=_("the data file"))
        return p

    for add in COMMANDS:
        add(command)
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    l10n.set_language(_language_from(argv))
    log_path = _log_file()
    if log_path:
        logging.basicConfig(level=logging.INFO, filename=log_path, force=True,
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    from ..db import holder

    holder.set_program(f"qcdc {args.func.__name__.removeprefix('cmd_')}")  # named to a second writer
    try:
        acting.sign_in(args)
        return args.func(args)
    except QcdcError as exc:
        log.info("command failed: %s", exc.message, exc_info=True)
        sys.stderr.write(f"qcdc: {one_line(exc.message)}\n")
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

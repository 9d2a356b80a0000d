"""The parser of the ``qcdc`` command, whose own words go through our catalog.

argparse writes its words ("usage: ", "the following arguments are required: %s", "invalid
choice: ...") with the ``_`` and ``ngettext`` it took from ``gettext`` when it was imported, called
from deep inside its parsing.  Setting ``argparse._`` would translate them, but for every parser of
the process, and would stay after ``main`` returns.  Instead the command line runs on its own
instance of the standard argparse module, executed once from the same source as ``import argparse``
(never entered in ``sys.modules``), whose ``_`` and ``ngettext`` are the catalog's: the standard
``argparse`` module and every other parser of the process keep their words as they are.

Everything that meets this parser comes from this module: ``Parser`` and ``ArgumentTypeError``
(a type function raising the standard ``argparse.ArgumentTypeError`` would not be recognised by
this instance and would end in a traceback instead of a usage message).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
from types import ModuleType
from typing import Callable

from .. import l10n
from ..l10n import _
from .common import EXIT_USAGE


def _argparse_speaking_our_catalog() -> ModuleType:
    spec = importlib.util.find_spec("argparse")
    if spec is None or spec.loader is None:  # pragma: no cover - argparse is part of Python itself
        raise ImportError("argparse")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._ = l10n._  # type: ignore[attr-defined]  # looked up when a message is written: the current language
    module.ngettext = l10n.ngettext  # type: ignore[attr-defined]  # the same, for the plural messages
    return module


_argparse = _argparse_speaking_our_catalog()
ArgumentTypeError: type[Exception] = _argparse.ArgumentTypeError


class Parser(_argparse.ArgumentParser):  # type: ignore[name-defined]  # a module made at run time: mypy cannot see its classes
    def error(self, message: str) -> None:  # one line, translated, exit 2
        self.exit(EXIT_USAGE, _("qcdc: %(message)s (see qcdc --help)") % {"message": message} + "\n")


#: ``command(name, function, help)``: a subcommand of ``qcdc`` running ``function``, with its ``--db``;
#: returns its parser for the command's own arguments.
Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def date_arg(value: str) -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(_("%(value)r is not a date written YYYY-MM-DD") % {"value": value}) from None


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ArgumentTypeError(_("%(value)r is not a whole number (0 or more)") % {"value": value})
    return number

"""The parser of the ``qcdc`` command and the types of its arguments."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Callable

from ..l10n import _
from .common import EXIT_USAGE

ArgumentTypeError = argparse.ArgumentTypeError


class Parser(argparse.ArgumentParser):
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

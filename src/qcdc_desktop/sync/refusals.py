"""A refused file, kept for the communes board and said with what to do next.

Its header, read without trusting it (sync/format.claimed_header), names the office it says it
comes from and which bundle it says it is: words only — "a damaged copy of bundle no. 4 from Xã An
Bình, which was already imported intact on 03/12/2026: nothing is missing" — never a record."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..core.history_labels import DAMAGED
from ..db.records import utc_now
from ..db.connection import Store
from ..db.sync_board import Refusal, received_bundles, record_refusal
from ..core.errors import StoreError
from ..l10n import _
from .format import claimed_header
from .status import bundle_day, office_name

log = logging.getLogger(__name__)


def claimed(local: Path) -> dict[str, Any] | None:
    """What the file's header says, unverified (None when it cannot be read)."""
    try:
        with local.open("rb") as fh:
            return claimed_header(fh, local.stat().st_size)
    except OSError:
        return None


def keep_refusal(store: Store, local: Path, given_as: str, reason: str) -> dict[str, Any] | None:
    """Record the refusal of ``local`` (the copy of the file given as ``given_as``) for the board;
    return what its header claims.  A refusal that cannot be recorded (the file busy) is still
    reported to the person: the board only misses it."""
    header = claimed(local)
    refusal = Refusal(refused_at=utc_now(), reason=reason, file_name=given_as,
                      origin=header["from"] if header else None, bundle_id=header["bundle_id"] if header else None,
                      number=header["number"] if header else None, created_at=header["created_at"] if header else None)
    try:
        record_refusal(store, refusal)
    except StoreError as exc:  # busy, full, read-only: the board only misses it
        log.warning("the refusal of %s was not kept for the communes board: %s", given_as, exc)
    return header


def next_step(store: Store, reason: str, header: dict[str, Any] | None) -> str:
    """What to do about a refused file, in a sentence naming the office it says it comes from
    ("" when the refusal's own sentence already says it)."""
    if header is None or reason not in DAMAGED:
        return ""
    values = {"office": office_name(header["from"]), "code": header["from"], "number": header["number"],
              "made": bundle_day(header["created_at"])}
    received = received_bundles(store, {header["bundle_id"]})
    if header["bundle_id"] in received:
        values["received"] = bundle_day(received[header["bundle_id"]])
        return _("It says it is bundle no. %(number)s of %(office)s (%(code)s), made on %(made)s; that bundle was "
                 "already imported intact on %(received)s, so nothing is missing: this damaged copy can be "
                 "deleted.") % values
    return _("It says it is bundle no. %(number)s of %(office)s (%(code)s), made on %(made)s. Ask %(office)s to "
             "write its bundle again (Sync place, «Write the bundle again») on another stick, and import the new "
             "copy.") % values

"""Making bundles: everything the other office has not confirmed, signed, encrypted, and written
so that a pulled stick or a power cut never leaves a half bundle that looks whole.

The bundle is built in the local work folder, copied to the destination under a temporary name,
flushed, renamed, read back and checked against the local copy; only then is the export recorded.
No database is ever opened on the stick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import itertools
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

from ..core.errors import BundleError, Cancelled, KeyStoreError, OutputFileError, system_reason
from ..core.roles import Operation
from ..db import history, sync_keys, sync_store
from ..db.connection import Store
from ..db.sync_apply import count_outgoing, outgoing
from ..db.sync_history import count_outgoing_history, outgoing_history
from ..db.sync_phones import phones_after
from ..db.units import get_unit
from ..l10n import _
from ..db.files import fsync_folder
from .files import copy_durably, sweep_work, work_files
from .format import (
    ERASURE_SCHEMA,
    HISTORY_SCHEMA,
    MAX_BUNDLE_BYTES,
    SECRETARY_SCHEMA,
    SUFFIX,
    VERSION,
    build_head,
    read_head,
)
from .keys import OfficeKeys, ensure_office_keys
from .payload import SENT_BY, LinesReader, counts_words, encode_lines
from .status import bundle_day, office_name

# A commune's bundles carry its history (schema 2); the upper level sends none down, so its bundles
# stay of schema 1, which communes of an earlier version still read.  A commune's bundle is of a
# later schema only when it carries what needs it (erasures: 3, a meeting's secretary: 4), so that
# an upper level not yet updated reads the others.
SCHEMA = {"commune": HISTORY_SCHEMA, "upper": 1}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Exported:
    """A bundle written and verified at its destination."""

    path: Path
    destination: str
    bundle_id: str
    number: int
    base: int
    upto: int
    counts: dict[str, int]


def _no_progress(done: int, total: int) -> None:
    """Progress is optional for callers without a bar."""


def _never() -> bool:
    return False


class _HashingWriter:
    """Writes the ciphertext to the local file, hashing it; an error (too large, a full disk) is
    kept in ``failure`` and raised after the encryptor returns (it would wrap it otherwise)."""

    def __init__(self, fh: io.BufferedWriter) -> None:
        self.fh, self.digest, self.length = fh, hashlib.sha256(), 0
        self.failure: BaseException | None = None

    def write(self, data: bytes) -> int:
        if self.failure is None:
            try:
                if self.length + len(data) > MAX_BUNDLE_BYTES:
                    raise BundleError(_("The bundle would be larger than a bundle may be."), "too_large")
                self.fh.write(data)
                self.digest.update(data)
                self.length += len(data)
            except (BundleError, OSError) as exc:
                self.failure = exc
        return len(data)

    def flush(self) -> None:
        self.fh.flush()


def written_sentence(exported: Exported, file: str) -> str:
    """«Written FILE for Thành phố Hà Nội (meetings: 3, opinions: 13, history entries: 15).»"""
    return _("Written %(file)s for %(office)s (%(counts)s).") % {
        "file": file, "office": office_name(exported.destination),
        "counts": counts_words(exported.counts) or _("a receipt only, confirming what this office received: deliver "
                                                     "it all the same")}


def nothing_new_sentence(store: Store) -> str:
    """Why :func:`export_all` wrote nothing, in a sentence."""
    if get_unit(store).role == "upper":
        return _("No commune has anything new to receive since its last bundle: nothing was written.")
    upper = sync_store.list_peers(store, "upper")[0]
    values: dict[str, Any] = {"office": office_name(upper.unit_code)}
    sent = sync_store.exported_bundles(store, upper.unit_code)
    if not sent or sync_store.counter(store.conn, store.origin) <= upper.confirmed:
        return _("Nothing new for %(office)s: it has confirmed everything this office wrote; nothing was "
                 "written.") % values
    values.update(number=sent[-1]["number"], file=sent[-1]["file_name"], date=bundle_day(sent[-1]["created_at"]))
    return _("Nothing new for %(office)s since bundle no. %(number)d, written on %(date)s (%(file)s): nothing was "
             "written.") % values


def _check_folder(out_dir: Path) -> None:
    if not out_dir.is_dir():
        raise OutputFileError(_("The folder %(path)s does not exist.") % {"path": out_dir})


def _destination(store: Store, destination: str | None) -> str:
    unit = get_unit(store)
    if destination is not None:
        return destination
    if unit.role == "upper":
        raise BundleError(_("Say which commune the bundle is for."), "no_destination")
    uppers = sync_store.list_peers(store, "upper")
    if not uppers:
        raise KeyStoreError(_("This commune has not enrolled its upper level yet; trust its key card first with: "
                              "qcdc keys trust FILE --db %(path)s --fingerprint FINGERPRINT (the one printed on "
                              "its stamped key card)") % {"path": store.path})
    return uppers[0].unit_code


def _counted(records: Iterator[tuple[str, tuple[Any, ...]]], counts: dict[str, int], cancelled: Callable[[], bool],
             progress: Progress, total: int) -> Iterator[tuple[str, tuple[Any, ...]]]:
    n = 0
    for kind, row in records:
        counts[kind] = counts.get(kind, 0) + 1
        n += 1
        if n % 500 == 0:
            if cancelled():
                raise Cancelled
            progress(n, total + 1)  # the last step is the copy to the stick
        yield kind, row


def export_bundle(store: Store, out_dir: Path, *, destination: str | None = None,
                  progress: Progress = _no_progress, cancelled: Callable[[], bool] = _never,
                  now: dt.datetime | None = None) -> Exported:
    """Write one bundle for ``destination`` (a commune's upper level when None) into ``out_dir``.

    ``progress(done, total)`` counts records, plus one step for the copy; when ``cancelled()``
    turns true the work stops with :class:`Cancelled`, leaving nothing at the destination."""
    store.require(Operation.EXPORT_BUNDLES)
    out_dir = Path(out_dir)
    _check_folder(out_dir)
    keys = ensure_office_keys(store)
    unit = get_unit(store)
    target = _destination(store, destination)
    peer = sync_store.get_peer(store, target)
    peer_key = sync_keys.active_peer_key(store, target)
    if peer is None or peer_key is None:
        raise KeyStoreError(_("%(code)s is not an enrolled office with a valid key.") % {"code": target[:20]})
    recipients = [pyrage.x25519.Recipient.from_str(peer_key.recv_public)]
    escrow = sync_keys.escrow_recipient(store)
    if escrow:
        recipients.append(pyrage.x25519.Recipient.from_str(escrow))
    number = sync_store.reserve_bundle_number(store, target)
    bundle_id = secrets.token_hex(16)
    sweep_work(store.path)  # files left by an export or import that was killed
    with work_files(store.path, "out") as stem:
        work, cipher_path, local = stem.parent, Path(f"{stem}.age"), Path(f"{stem}{SUFFIX}")
        counts: dict[str, int] = {}
        try:
            with sync_store.snapshot(store) as conn:
                upto = sync_store.counter(conn, unit.code)
                base = min(peer.confirmed, upto)
                receipt = {"applied_through": peer.applied_through,
                           "last_number": sync_store.last_number_from(store, target)}
                first = {"bundle_id": bundle_id, "from": unit.code, "receipt": receipt, "to": target}
                scope: dict[str, Any] = dict(kinds=SENT_BY[unit.role], origin=unit.code, since=base, upto=upto,
                             commune=target if unit.role == "upper" else None)
                schema = SCHEMA[unit.role]
                if schema >= HISTORY_SCHEMA and count_outgoing(conn, **{**scope, "kinds": ("erasures",)}):
                    schema = ERASURE_SCHEMA  # an upper level that cannot apply them asks to be updated
                if schema >= HISTORY_SCHEMA and count_outgoing(conn, **{**scope, "kinds": ("meetings",)},
                                                               where="secretary != ''"):
                    schema = SECRETARY_SCHEMA
                expected = count_outgoing(conn, **scope)
                phones = phones_after(conn, unit.code)  # None: no citizen's phone number leaves
                records = outgoing(conn, **scope, phones_after=phones,
                                   without={} if schema >= SECRETARY_SCHEMA else {"meetings": ("secretary",)})
                head: tuple[int, str] | None = None
                if schema >= HISTORY_SCHEMA:  # the entries, and the head, read in the same snapshot
                    head = history.head(conn, unit.code)
                    expected += count_outgoing_history(conn, origin=unit.code, since=base, upto=upto)
                    records = itertools.chain(records, outgoing_history(conn, origin=unit.code, since=base,
                                                                        upto=upto, phones_after=phones))
                progress(0, expected + 1)
                total = [0]
                with cipher_path.open("xb") as fh:
                    writer = _HashingWriter(fh)
                    lines = LinesReader(encode_lines(first, _counted(records, counts, cancelled, progress, expected),
                                                     total))
                    pyrage.encrypt_io(io.BufferedReader(lines, 1 << 16), writer, recipients)
                for failure in (lines.failure, writer.failure):
                    if failure is not None:
                        raise failure
            created = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
            header = {"format": VERSION, "bundle_id": bundle_id, "from": unit.code, "to": target, "number": number,
                      "base": base, "upto": upto, "created_at": created, "schema": schema, "records": total[0],
                      "payload_length": writer.length, "payload_sha256": writer.digest.hexdigest()}
            if head is not None:
                header["history"] = {"hash": head[1], "n": head[0]}
            if cancelled():  # the last moment nothing has reached the destination
                raise Cancelled
            whole = _assemble(local, build_head(header, keys.sign_public, keys.sign), cipher_path)
            _verify_local(local, keys, target)  # nothing reaches the stick that its office would refuse
            name = f"qcdc-{unit.code}-{target}-{number:06d}{SUFFIX}"
            path = out_dir / name
            if path.exists():
                path = out_dir / f"qcdc-{unit.code}-{target}-{number:06d}-{bundle_id[:8]}{SUFFIX}"
            copy_durably(local, path)
            _verify_written(path, keys, whole)
        except OSError as exc:  # the local work folder: a full or read-only disk
            raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                                  % {"path": work, "reason": system_reason(exc)}) from None
        finally:
            cipher_path.unlink(missing_ok=True)
            local.unlink(missing_ok=True)
        sync_store.record_export(store, bundle_id=bundle_id, destination=target, number=number, base=base, upto=upto,
                                 created_at=created, file_name=path.name, counts=counts, digest=whole,
                                 history_head=head)
        progress(expected + 1, expected + 1)
        return Exported(path, target, bundle_id, number, base, upto, counts)


def _assemble(local: Path, head: bytes, cipher_path: Path) -> str:
    digest = hashlib.sha256(head)
    with local.open("xb") as out, cipher_path.open("rb") as cipher:
        out.write(head)
        while block := cipher.read(1 << 20):
            out.write(block)
            digest.update(block)
        out.flush()
        os.fsync(out.fileno())
    fsync_folder(local.parent)
    return digest.hexdigest()


def _as_own(failure: BundleError, target: str) -> BundleError:
    """A check of this office's own bundle that failed, said as such (it would be refused there)."""
    return BundleError(_("The bundle for %(code)s was not written: the office would refuse it (%(reason)s)")
                       % {"code": target, "reason": failure.message.rstrip(".")}, "self_check")


def _verify_local(local: Path, keys: OfficeKeys, target: str) -> None:
    """The frame, signature and header of the bundle built locally, read as its receiver reads them."""
    def ours(signer: bytes) -> None:
        if signer != keys.sign_public:
            raise BundleError(_("The bundle read back is not the one written."), "verify")

    try:
        with local.open("rb") as fh:
            read_head(fh, local.stat().st_size, ours)
    except BundleError as exc:
        raise _as_own(exc, target) from None


def _verify_written(path: Path, keys: OfficeKeys, whole: str) -> None:
    """Read the bundle back from its destination: the frame and signature check, and every byte
    is the one written locally."""
    def ours(signer: bytes) -> None:
        if signer != keys.sign_public:
            raise BundleError(_("The bundle read back is not the one written."), "verify")

    try:
        with path.open("rb") as fh:
            read_head(fh, path.stat().st_size, ours)
            fh.seek(0)
            digest = hashlib.sha256()
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        raise OutputFileError(_("Cannot read back %(path)s: %(reason)s")
                              % {"path": path, "reason": system_reason(exc)}) from None
    if digest.hexdigest() != whole:
        raise OutputFileError(_("The bundle read back from %(path)s differs from the one written; the stick may "
                                "be faulty. Try another one.") % {"path": path})


def export_all(store: Store, out_dir: Path, *, progress: Progress = _no_progress,
               cancelled: Callable[[], bool] = _never, again: bool = False) -> list[Exported]:
    """A commune: its bundle for the upper level.  The upper level: one bundle for each enrolled
    commune that has something to receive (a receipt it is owed, or replies and directives).
    Nothing is written for an office with nothing new since its last bundle (an empty list:
    :func:`nothing_new_sentence` says why); with ``again``, whatever it has not confirmed is
    written again (the last stick was lost)."""
    store.require(Operation.EXPORT_BUNDLES)
    unit = get_unit(store)
    if unit.role != "upper":
        # No upper level enrolled, or none with a valid key: export_bundle says what to do.
        uppers = [p for p in sync_store.list_peers(store, "upper") if sync_keys.active_peer_key(store, p.unit_code)]
        if uppers and not sync_store.has_news_for(store, uppers[0], again=again):
            _check_folder(out_dir)
            return []
        return [export_bundle(store, out_dir, progress=progress, cancelled=cancelled)]
    _check_folder(out_dir)
    due = [p.unit_code for p in sync_store.list_peers(store, "commune")
           if sync_store.has_news_for(store, p, again=again)]
    result = []
    progress(0, len(due))
    for index, code in enumerate(due):
        if cancelled():
            raise Cancelled
        result.append(export_bundle(store, out_dir, destination=code, cancelled=cancelled))
        progress(index + 1, len(due))
    return result

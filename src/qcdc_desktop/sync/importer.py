"""Importing bundles: every check before the transaction, one transaction per bundle, a report each.

For each file: a local copy (the stick may go), the frame and signature against the enrolled keys,
the sender, the addressee, the schema, "seen already?", "is an earlier bundle missing?", the
payload's hash, then a full decrypt-and-check pass.  Only then one transaction applies it under
the version guard, uses its receipt, and records it.  A refused file is copied into the
quarantine folder; a bundle that needs an earlier one waits in the waiting folder and is applied
by itself once the earlier one came.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import BundleError, Cancelled, DatabaseBusy, StoreError
from ..core.roles import Operation
from ..db import sync_store
from ..db.connection import Store
from ..db.sync_apply import Applied, apply_rows, settle_positions
from ..db.personal_erase import forget_done
from ..db.sync_history import HISTORY_KIND, ChainCheck, HistoryCheck
from ..db.units import get_unit
from ..l10n import _, ngettext
from .admission import Checked, check_head
from .checking import Checker
from .files import copy_durably, copy_in, quarantine, safe_name, sweep_work, sync_folder, work_files
from .format import HISTORY_SCHEMA, MAX_BUNDLE_BYTES, SUFFIX, hash_payload, reject
from .keys import OfficeKeys, unlock_keys
from .payload import counts_words
from .refusals import keep_refusal, next_step
from .status import history_problem_text, office_name

log = logging.getLogger(__name__)
_WAITING = "--"  # between the parts of a waiting copy's name: bundle id, sender-base, name given
WAITING_DAYS = 60  # a bundle waiting longer for an earlier one is set aside
Progress = Callable[[int, int], None]
OUTCOMES = ("applied", "already", "superseded", "waiting", "rejected", "failed")
# The import's page cache: it writes new pages and reads few twice, so the lists' 64 MiB
# (db/connection.py) bought it about a tenth of its time and cost 56 MiB of its peak memory
# (docs/performance.md, "The import's memory").
IMPORT_CACHE_KIB = 8192


@dataclass
class BundleReport:
    """What became of one file.  ``outcome`` is one of OUTCOMES; ``message`` says it in the
    user's language; ``reason`` is the stable word of a refusal."""

    path: Path
    outcome: str
    message: str = ""
    reason: str = ""
    origin: str | None = None
    bundle_id: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    forked: bool = False
    quarantined: Path | None = None
    waited: bool = False
    history: HistoryCheck | None = None  # the sender's history as checked with this bundle (at the upper level)
    history_broken: bool = False  # this bundle found it broken
    claimed_origin: str | None = None  # a refused file's sender as its header says, unverified
    receipt_only: bool = False  # applied, and all it brought was a receipt


def _no_progress(done: int, total: int) -> None:
    """Progress is optional for callers without a bar."""


def _never() -> bool:
    return False


def _apply(store: Store, local: Path, checked: Checked, keys: list[OfficeKeys], own: str, checker: Checker,
           cancelled: Callable[[], bool], report: BundleReport, step: Callable[[float], None],
           given: Callable[[], None]) -> None:
    header, peer = checked.head.header, checked.peer
    identities = [k.identity for k in keys]
    applied = Applied()
    # One pass, in one transaction: every line is checked as it is read and applied in chunks; a
    # line refused, a Cancel or any error rolls back what the lines before it wrote.
    with sync_store.apply_transaction(store) as conn:
        # Checked again inside: another importer may have applied it meanwhile.
        if sync_store.seen_bundle(store, header["bundle_id"]):
            report.outcome = "already"
            return
        before = sync_store.get_peer(store, peer.unit_code)
        assert before is not None
        # At the upper level, a commune's chain is checked against what it holds (nothing refuses the bundle).
        chain = (ChainCheck(conn, origin=peer.unit_code, bundle_id=header["bundle_id"])
                 if peer.role == "commune" and header["schema"] >= HISTORY_SCHEMA else None)
        done = [0]

        def on_rows(kind: str, rows: list[tuple[Any, ...]]) -> None:
            if cancelled():
                raise Cancelled
            if kind == HISTORY_KIND:
                assert chain is not None  # the payload check lets history lines in only then
                chain.add(rows)
            else:
                apply_rows(conn, kind, rows, bundle_id=header["bundle_id"], applied=applied)
            done[0] += len(rows)
            step(done[0] / max(header["records"], 1))

        # Once the checker has this bundle, the next is given to it too (``given``): it goes on to
        # it while this one is written and committed.
        end = checker.check(local, checked.head, identities, peer.role, on_rows, given)
        settle_positions(conn, applied)
        if applied.written.get("erasures"):
            forget_done(conn)
        if end.digest != header["payload_sha256"]:
            raise reject(_("The file changed while it was being imported."), "hash")
        if chain is not None:
            report.history = chain.finish(header["history"]["n"], header["history"]["hash"])
            report.history_broken = chain.newly_broken
            applied.note(HISTORY_KIND, chain.appended)
        used = False
        if end.receipt is not None:
            used = sync_store.apply_receipt(conn, peer=peer.unit_code, own_origin=own, number=header["number"],
                                            applied_through=end.receipt["applied_through"],
                                            last_number=end.receipt["last_number"],
                                            bounded=peer.role == "commune")
        forked = sync_store.number_taken(conn, peer.unit_code, header["number"], header["bundle_id"])
        fresh = bool(applied.written) or used or header["upto"] > before.applied_through
        report.outcome = "applied" if fresh else "superseded"
        sync_store.record_import(conn, bundle_id=header["bundle_id"], origin=peer.unit_code, number=header["number"],
                                 base=header["base"], upto=header["upto"], created_at=header["created_at"],
                                 outcome=report.outcome, counts=applied.written, digest=header["payload_sha256"],
                                 forked=forked)
    if applied.written.get("erasures"):
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the erased values leave the write-ahead log
    report.counts, report.conflicts, report.forked = applied.written, applied.conflicts, forked
    report.receipt_only = used and not applied.written


@dataclass
class _Copied:
    """A bundle copied into the work folder ahead of its turn, its head and its payload's hash
    checked, and given to the checker."""

    source: Path
    local: Path
    files: ExitStack  # the work files' lock, and the copy's removal


class _Ahead:
    """The next bundle of a run copied in, checked as far as it can be before its turn, and given to
    the checker while the bundle before it is written and committed (sync/checking.Checker.offer)."""

    def __init__(self, store: Store, keys: list[OfficeKeys], own: str, checker: Checker) -> None:
        self.store, self.keys, self.own, self.checker = store, keys, own, checker
        self.copied: _Copied | None = None

    def prepare(self, source: Path | None) -> None:
        """Copy ``source`` in and give it to the checker, if it is to be applied as things are now
        (its turn decides again, after the bundles before it)."""
        if source is None or not self.checker.beside or self.copied is not None:
            return
        files = ExitStack()
        try:
            local = Path(f"{files.enter_context(work_files(self.store.path, 'in'))}{SUFFIX}")
            files.callback(local.unlink, missing_ok=True)
            copy_in(source, local, MAX_BUNDLE_BYTES)
            checked = check_head(self.store, local, self.own, self.keys)
            header = checked.head.header
            if (sync_store.seen_bundle(self.store, header["bundle_id"]) or header["base"] > checked.peer.applied_through
                    or hash_payload(local, checked.head) != header["payload_sha256"]):
                files.close()  # not to be applied as things are: its turn says why
                return
            self.checker.offer(local, checked.head, [k.identity for k in self.keys], checked.peer.role)
            self.copied = _Copied(source, local, files)
        except Exception as exc:  # noqa: BLE001 - whatever it is happens again, and is said, in its turn
            log.debug("the next bundle was not copied ahead: %s", exc)
            files.close()

    def take(self, source: Path) -> _Copied | None:
        copied, self.copied = self.copied, None
        if copied is not None and copied.source != source:
            copied.files.close()
            return None
        return copied

    def close(self) -> None:
        if self.copied is not None:
            self.copied.files.close()
            self.copied = None


def _import_one(store: Store, source: Path, keys: list[OfficeKeys], own: str, checker: Checker,
                cancelled: Callable[[], bool], *, from_waiting: bool = False,
                step: Callable[[float], None] = lambda fraction: None, ahead: _Ahead | None = None,
                following: Path | None = None) -> BundleReport:
    """Import one file.  With ``ahead``, the file may have been copied in ahead of its turn, and
    ``following`` is copied in while this one commits."""
    report = BundleReport(source, "rejected")
    copied = ahead.take(source) if ahead is not None else None
    with ExitStack() as files:
        if copied is not None:
            local = copied.local
            files.enter_context(copied.files)
        else:
            local = Path(f"{files.enter_context(work_files(store.path, 'in'))}{SUFFIX}")
            files.callback(local.unlink, missing_ok=True)
        try:
            if copied is None:
                copy_in(source, local, MAX_BUNDLE_BYTES)
            checked = check_head(store, local, own, keys)
            header = checked.head.header
            report.origin, report.bundle_id = header["from"], header["bundle_id"]
            if sync_store.seen_bundle(store, header["bundle_id"]):
                report.outcome = "already"
                # The sender sent it again: the receipt it was owed may have been lost on the way.
                sync_store.owe_receipt(store, header["from"])
            elif header["base"] > checked.peer.applied_through:
                report.outcome = "waiting"
                if not from_waiting:
                    _keep_waiting(store, local, header, source.name)
            else:
                if copied is None and hash_payload(local, checked.head, cancelled) != header["payload_sha256"]:
                    raise reject(_("The content of the bundle does not match its signed header: the file was "
                                   "damaged or altered."), "hash")
                _apply(store, local, checked, keys, own, checker, cancelled, report, step,
                       lambda: ahead.prepare(following) if ahead is not None else None)
        except BundleError as exc:
            report.outcome, report.reason, report.message = "rejected", exc.reason, exc.message
            if not from_waiting:
                claimed = keep_refusal(store, local, source.name, exc.reason)
                if claimed is not None and report.origin is None:
                    report.claimed_origin = claimed["from"]
                step_text = next_step(store, exc.reason, claimed)
                report.message += f" {step_text}" if step_text else ""
                report.quarantined = quarantine(store.path, local, source.name, MAX_BUNDLE_BYTES)
        except (DatabaseBusy, StoreError) as exc:
            report.outcome, report.reason, report.message = "failed", exc.code, exc.message
    if not report.message:
        report.message = describe(report)
    return report


def _keep_waiting(store: Store, local: Path, header: dict[str, Any], given_as: str) -> None:
    """Keep a bundle that needs an earlier one, named by its id (one copy however often it comes),
    its sender and base (so that it is looked at again only once the gap may be filled), and the
    name it was given under."""
    folder = sync_folder(store.path, "waiting")
    if not list(folder.glob(f"{header['bundle_id']}*")):
        name = f"{header['bundle_id']}{_WAITING}{header['from']}-{header['base']}{_WAITING}{safe_name(given_as)}"
        copy_durably(local, folder / f"{name}{SUFFIX}")


def _waiting_for(path: Path) -> tuple[str, int] | None:
    """The sender and base a waiting copy's name holds (None: a name without them)."""
    parts = path.name.removesuffix(SUFFIX).split(_WAITING)
    origin, _dash, base = parts[1].partition("-") if len(parts) == 3 else ("", "", "")
    return (origin, int(base)) if origin.isdigit() and base.isdigit() else None


def _retry_waiting(store: Store, keys: list[OfficeKeys], own: str, checker: Checker,
                   cancelled: Callable[[], bool]) -> list[BundleReport]:
    """Apply the waiting bundles whose earlier bundles have come, until none moves.  A bundle is
    read again only once its sender's bundles reach its base."""
    folder = sync_folder(store.path, "waiting")
    done: list[BundleReport] = []
    moved = True
    while moved:
        moved = False
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            waiting = _waiting_for(path)
            peer = sync_store.get_peer(store, waiting[0]) if waiting else None
            if waiting and peer is not None and waiting[1] > peer.applied_through:
                continue
            report = _import_one(store, path, keys, own, checker, cancelled, from_waiting=True)
            if report.outcome == "waiting" or report.outcome == "failed":
                continue
            report.path = Path(path.name.split(_WAITING)[-1].removesuffix(SUFFIX))
            report.waited = True
            if report.outcome != "rejected":
                report.message = describe(report)
            if report.outcome == "rejected":  # the earlier bundle showed it cannot apply: keep it aside
                report.quarantined = quarantine(store.path, path, report.path.name, MAX_BUNDLE_BYTES)
            path.unlink()
            done.append(report)
            moved = moved or report.outcome == "applied"
    return done


def _expire_waiting(store: Store, now: float) -> list[BundleReport]:
    """Set aside, with a sentence, the bundles that have waited more than WAITING_DAYS for an
    earlier one: it never came, and the sender's next bundles bring their records again."""
    done = []
    for path in sorted(sync_folder(store.path, "waiting").glob(f"*{SUFFIX}")):
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        if age <= WAITING_DAYS * 86400:
            continue
        name = path.name.split(_WAITING)[-1].removesuffix(SUFFIX)
        report = BundleReport(Path(name), "rejected", reason="expired", waited=True, message=ngettext(
            "it waited more than %(n)d day for an earlier bundle that never came; it was set aside (the office's "
            "next bundle brings its records again)",
            "it waited more than %(n)d days for an earlier bundle that never came; it was set aside (the office's "
            "next bundle brings its records again)", WAITING_DAYS) % {"n": WAITING_DAYS})
        report.quarantined = quarantine(store.path, path, name, MAX_BUNDLE_BYTES)
        path.unlink(missing_ok=True)
        done.append(report)
    return done


def import_bundles(store: Store, paths: Sequence[Path], *, progress: Progress = _no_progress,
                   cancelled: Callable[[], bool] = _never) -> list[BundleReport]:
    """Verify and apply bundles, each on its own and in any order; one report per file given, then
    one for each waiting bundle that could now be applied.

    ``progress(done, total)`` moves in thousandths of a file; when ``cancelled()`` turns true the
    work stops with :class:`Cancelled` and the bundle being applied is rolled back (those before
    it stay applied, each having been whole)."""
    store.require(Operation.IMPORT_BUNDLES)
    keys = unlock_keys(store)
    own = get_unit(store).code
    sweep_work(store.path)  # copies left by an import or export that was killed
    reports = []
    total = len(paths) * 1000
    progress(0, total)
    # The lines checked beside the writing (sync/checking.py).
    with store.page_cache(IMPORT_CACHE_KIB), Checker() as checker:
        ahead = _Ahead(store, keys, own, checker)
        try:
            for index, path in enumerate(paths):
                if cancelled():
                    raise Cancelled

                def step(fraction: float, index: int = index) -> None:
                    progress(index * 1000 + min(999, int(fraction * 999)), total)

                following = Path(paths[index + 1]) if index + 1 < len(paths) else None
                reports.append(_import_one(store, Path(path), keys, own, checker, cancelled, step=step, ahead=ahead,
                                           following=following))
                progress((index + 1) * 1000, total)
        finally:
            ahead.close()
        if any(r.outcome == "applied" for r in reports):
            reports.extend(_retry_waiting(store, keys, own, checker, cancelled))
    reports.extend(_expire_waiting(store, time.time()))
    return reports


def describe(report: BundleReport) -> str:
    """One sentence for a report, in the user's language."""
    if report.outcome == "applied":
        counts = counts_words(report.counts)
        if counts:
            text = _("applied (%(counts)s)") % {"counts": counts}
        elif report.receipt_only:
            text = _("applied: a receipt confirming that %(office)s received this office's bundles") % {
                "office": office_name(report.origin or "")}
        else:
            text = _("applied (nothing new)")
        if report.conflicts:
            text += "; " + ngettext("%(n)d conflict kept aside", "%(n)d conflicts kept aside",
                                    report.conflicts) % {"n": report.conflicts}
        if report.forked:
            text += "; " + _("this office's data looks restored from a backup (a fork): check with it")
        if report.history_broken and report.history is not None and report.history.broken_at is not None:
            text += "; " + _("its history is broken at entry %(n)d: %(problem)s") % {
                "n": report.history.broken_at, "problem": history_problem_text(report.history)}
        if report.waited:
            text += "; " + _("it had waited for an earlier bundle")
        return text
    return {
        "already": _("already applied"),
        "superseded": _("superseded: a newer bundle already brought all of it"),
        "waiting": _("waiting for an earlier bundle from the same office; it will be applied when that one comes"),
    }.get(report.outcome, report.message)

"""A bundle's payload decrypted and checked line by line, beside the writing when the PC has a core for it.

Every line of a bundle passes the checks of ``sync/payload.py`` (canonical JSON, the sender's own
records within the domain rules, the history entries well formed) before it is written: about half
of an import's time, and the same whether a line is then written or not.  On a PC with two cores
or more, an import starts the program once more as a *checker* (:data:`FLAG`) for the whole run:
it is given each bundle in turn (the work copy's path, the verified head, this office's keys to
decrypt with, the sender's role, the language), runs the very same checks, and sends back the rows
that passed in batches while the importing process writes the batches before; the next bundle is
given to it as soon as it has the current one, and a thread of the importing process keeps up to
AHEAD batches it sent, so neither process waits for the other while one commits or meets lines
slower for it than for the other.  A line refused ends the bundle with the same sentence as in one
process; whatever the checker says, the importing process still applies the rows under the version
guard, checks the history chain and compares the payload's digest with the signed head.

With one core, for a bundle of fewer than BESIDE_FROM lines, or when the checker cannot be started,
the same checks run in the importing process, one batch after the other (:func:`check_here`).  The
two processes speak through pipes: one ``marshal`` frame at a time, a length before it (the rows are
tuples of text, whole numbers and nulls, which marshal carries without running anything).
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import queue
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyrage

from ..core.errors import BundleError, StoreError
from ..l10n import _, get_language, set_language
from .format import Head, PayloadReader, reject
from .payload import PayloadChecker

log = logging.getLogger(__name__)

FLAG = "--check-bundle-payloads"  # the program started as a checker (qcdc_desktop/__main__.py)
BATCH = 2000  # rows of one kind sent and written together
# Frames the checker may be ahead of the writing: at most AHEAD x BATCH rows held.  Four keep
# both processes busy as well as eight did, and hold about 6 MB less of an import's peak memory
# (docs/performance.md, "The import's memory").
AHEAD = 4
# A bundle of fewer lines is checked here: starting the checker (about 0.3 s) would cost more than
# checking them beside saves (about 50 microseconds a line).
BESIDE_FROM = 5000
_LENGTH = struct.Struct("<I")
_MAX_FRAME = 512 * 1024 * 1024  # far above a batch of the longest lines a bundle may hold
# None: beside the writing when this process may run on two cores or more, or as the environment's
# QCDC_CHECK_BESIDE says ("0" or "1": the benches measure both ways); the tests set it.
BESIDE: bool | None = None

Rows = Callable[[str, list[tuple[Any, ...]]], None]


@dataclass(frozen=True)
class PayloadEnd:
    """What the payload said beyond its records, once every line passed."""

    receipt: dict[str, int] | None
    digest: str  # SHA-256 of the encrypted payload as read, to compare with the signed head


def check_here(path: Path, head: Head, identities: list[Any], sender_role: str, on_rows: Rows) -> PayloadEnd:
    """Decrypt and check the payload in this process; ``on_rows(kind, rows)`` gets the rows that
    passed, a kind at a time and at most BATCH together, before the next lines are read."""
    batch: list[tuple[Any, ...]] = []
    current = [""]

    def on_record(kind: str, row: tuple[Any, ...]) -> None:
        if kind != current[0] or len(batch) >= BATCH:
            if batch:
                on_rows(current[0], batch.copy())
                batch.clear()
            current[0] = kind
        batch.append(row)

    sink = PayloadChecker(head.header, sender_role, on_record)
    with path.open("rb") as fh:
        reader = PayloadReader(fh, head)
        try:
            pyrage.decrypt_io(reader, sink, identities)
        except (pyrage.DecryptError, OSError):  # damaged age data: the stream ends as an I/O error
            raise reject(_("The bundle cannot be opened with this office's keys (it was encrypted for another "
                           "office, or it is damaged)."), "decrypt") from None
        sink.finish()
    if batch:
        on_rows(current[0], batch)
    return PayloadEnd(sink.receipt, reader.digest.hexdigest())


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def checker_command() -> list[str]:
    """How to start this program as a checker: the installed program's launcher runs the package's
    ``__main__`` with the arguments given; a Python interpreter is told to run it."""
    if Path(sys.executable).name.lower().startswith("python"):
        return [sys.executable, "-m", "qcdc_desktop", FLAG]
    return [sys.executable, FLAG]


def _job(path: Path, head: Head, identities: list[Any], sender_role: str) -> dict[str, Any]:
    return {"path": str(path), "header": head.header, "offset": head.payload_offset,
            "length": head.payload_length, "identities": [str(i) for i in identities],
            "role": sender_role, "language": get_language()}


def _write_frame(out: IO[bytes], value: Any) -> None:
    data = marshal.dumps(value)
    out.write(_LENGTH.pack(len(data)) + data)
    out.flush()


def _read_raw(source: IO[bytes]) -> bytes | None:
    """The next frame as it came; None at the end of the stream (or a frame cut short)."""
    prefix = source.read(_LENGTH.size)
    if len(prefix) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(prefix)
    if length > _MAX_FRAME:
        raise ValueError("frame too long")
    data = source.read(length)
    return data if len(data) == length else None


def _read_frame(source: IO[bytes]) -> Any:
    """The next frame's value; None at the end of the stream (or a frame cut short)."""
    data = _read_raw(source)
    return None if data is None else marshal.loads(data)


class _Frames:
    """The checker's frames read as they come by a thread of their own, and kept, up to AHEAD of
    them, until taken: the checker goes on while this process writes, whichever of the two is the
    slower for the moment (a history entry is slow to check and quick to write, an opinion the
    other way round).  The thread spends its time waiting in the pipe's read, which lets this
    process's other threads run."""

    def __init__(self, source: IO[bytes]) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(source,), name="bundle-checker-frames", daemon=True)
        self._thread.start()

    def _read(self, source: IO[bytes]) -> None:
        while True:
            try:
                data = _read_raw(source)
            except (OSError, ValueError):
                data = None
            while not self._stop.is_set():
                try:
                    self._queue.put(data, timeout=0.2)
                    break
                except queue.Full:
                    continue
            if data is None or self._stop.is_set():
                return

    def next(self) -> Any:
        """The next frame's value; None when the checker's output ended or is not readable."""
        data = self._queue.get()
        try:
            return None if data is None else marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None

    def stop(self) -> None:
        """After the process ended (its output then ends too)."""
        self._stop.set()
        self._thread.join(timeout=5)


class Checker:
    """The checks of the bundles of one import run: in a checking process when there are cores for
    it and the bundle is large enough to gain by it (BESIDE_FROM lines), otherwise here.  Once the
    checker has a bundle, the import may :meth:`offer` it the next one, so that it goes on while
    this process writes and commits.  Close it (or use it as a context manager) to end the
    checking process."""

    def __init__(self, beside: bool | None = None) -> None:
        wanted = BESIDE if beside is None else beside
        if wanted is None and os.environ.get("QCDC_CHECK_BESIDE") in ("0", "1"):
            wanted = os.environ["QCDC_CHECK_BESIDE"] == "1"
        self.beside = cores() >= 2 if wanted is None else wanted
        self._process: subprocess.Popen[bytes] | None = None
        self._frames: _Frames | None = None  # the checker's output, read once it said it is ready
        self._errors: IO[bytes] | None = None
        self._offered: list[str] = []  # the bundles the checker was given ahead, in order

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _beside_for(self, head: Head) -> bool:
        return self.beside and head.header["records"] >= BESIDE_FROM

    def offer(self, path: Path, head: Head, identities: list[Any], sender_role: str) -> None:
        """Give the checker a bundle ahead of :meth:`check`, which then only reads its rows (the
        checker takes its jobs in order, and its rows wait in the pipe and in AHEAD frames);
        nothing when the checks run here."""
        if not self._beside_for(head):
            return
        process = self._started()
        if process is None:
            return
        assert process.stdin is not None  # started with a pipe
        try:
            _write_frame(process.stdin, _job(path, head, identities, sender_role))
        except OSError:
            self.close()
            return
        self._offered.append(str(path))

    def check(self, path: Path, head: Head, identities: list[Any], sender_role: str, on_rows: Rows,
              given: Callable[[], None] = lambda: None) -> PayloadEnd:
        """Check the payload of ``path`` (its head verified), handing the rows that passed to
        ``on_rows`` in order; a line refused raises the BundleError it raises in one process.
        ``given()`` is called once the checker has the bundle (the import then offers the next)."""
        if self._offered and self._offered[0] != str(path):
            self.close()  # a bundle offered and then not applied: its rows go with the process
        process_before = self._process
        process = self._started() if self._beside_for(head) else None
        offered = bool(self._offered) and process is process_before
        if not offered:
            self._offered = []  # a new checker (the one given it ahead ended): the job is given again
        else:
            self._offered.pop(0)
        if process is None:
            given()
            return check_here(path, head, identities, sender_role, on_rows)
        assert process.stdin is not None and self._frames is not None
        frames = self._frames
        done = False
        try:
            if not offered:
                try:
                    _write_frame(process.stdin, _job(path, head, identities, sender_role))
                except OSError:
                    raise self._stopped() from None
            given()
            while True:
                frame = frames.next()
                if not isinstance(frame, tuple) or not frame:
                    raise self._stopped()
                if frame[0] == "rows":
                    on_rows(frame[1], frame[2])
                elif frame[0] == "end":
                    done = True
                    return PayloadEnd(frame[1], frame[2])
                elif frame[0] == "refused":
                    done = True
                    raise BundleError(frame[1], frame[2])
                else:
                    raise self._stopped()
        finally:
            if not done:  # a Cancel, an error while writing, or the checker gone: it may be mid-bundle
                self.close()

    def _spawn(self) -> None:
        self._errors = tempfile.TemporaryFile()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH"))
                                                           if p)}
        try:
            self._process = subprocess.Popen(checker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=self._errors, env=env,
                                             creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError as exc:
            self._give_up(exc)

    def _started(self) -> subprocess.Popen[bytes] | None:
        """The checking process, ready (it says so first); None when it cannot be had, and the
        checks then run here for the rest of the run."""
        if self._process is not None and self._process.poll() is None and self._frames is not None:
            return self._process
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._spawn()
            if self._process is None:
                return None
        assert self._process.stdout is not None
        try:
            ready: object = _read_frame(self._process.stdout)
        except (OSError, ValueError, EOFError, TypeError) as exc:
            ready = exc
        if ready != ("ready",):
            self._give_up(ready)
            return None
        self._frames = _Frames(self._process.stdout)
        return self._process

    def _give_up(self, why: object) -> None:
        said = b""
        if self._errors is not None:
            self._errors.seek(0)
            said = self._errors.read()[-2000:]
        log.warning("the bundles are checked in the importing process: the checker did not start (%s) %s",
                    why, said.decode("utf-8", "replace"))
        self.close()
        self.beside = False

    def _stopped(self) -> StoreError:
        """The checker ended before the end of a bundle: nothing of the bundle is applied; the
        bundle is not to blame (its lines are refused by sentences), so it is not set aside."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()  # alive but saying what it should not: it is not to be trusted further
        code = process.wait() if process is not None else None
        said = b""
        if self._errors is not None:
            self._errors.seek(0)
            said = self._errors.read()[-4000:]
        log.error("the bundle checker stopped (exit code %s): %s", code, said.decode("utf-8", "replace"))
        return StoreError(_("The checking of the bundle stopped before its end (the checking program ended with "
                            "code %(code)s); nothing of it was applied. Import it again.") % {"code": code})

    def close(self) -> None:
        process, self._process = self._process, None
        frames, self._frames = self._frames, None
        self._offered = []
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            if frames is not None:
                frames.stop()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):  # a pipe the killed process broke
                        pipe.close()
        if self._errors is not None:
            self._errors.close()
            self._errors = None


def serve() -> int:
    """The checker's life (``qcdc-desktop --check-bundle-payloads``): read a job, send back the rows
    that passed and how the payload ended, until the importing process closes the pipe."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever prints goes to the error stream, never into the frames
    source = sys.stdin.buffer
    try:
        _write_frame(out, ("ready",))
    except BrokenPipeError:
        return 0
    while True:
        try:
            job = _read_frame(source)
        except (ValueError, EOFError, TypeError):
            log.error("the job given to the bundle checker is not readable")  # to the error stream the importer keeps
            return 2
        if job is None:
            return 0
        set_language(job["language"])
        head = Head(signer=b"", header=job["header"], payload_offset=job["offset"], payload_length=job["length"])
        identities = [pyrage.x25519.Identity.from_str(text) for text in job["identities"]]
        try:
            try:
                end = check_here(Path(job["path"]), head, identities, job["role"],
                                 lambda kind, rows: _write_frame(out, ("rows", kind, rows)))
            except BundleError as exc:
                _write_frame(out, ("refused", exc.message, exc.reason))
                continue
            _write_frame(out, ("end", end.receipt, end.digest))
        except BrokenPipeError:
            return 0  # the importing process stopped listening (a Cancel): nothing more to say

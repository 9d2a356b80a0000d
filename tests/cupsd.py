"""A real print system for the printing tests: a CUPS scheduler of their own, in a temporary
folder, listening on its own socket (no systemd, no port, the machine's CUPS untouched), with two
PDF queues whose "printer" is a file: what the queue would hand a printer, there to read back.

``VanPhong`` and ``TiepDan`` use the generic PDF printer of cups-filters, so the print system's own
filters apply page ranges, copies and media as they would for an office laser printer.  Skipped,
with the reason, where CUPS cannot run (scripts/setup.sh installs it on Debian).  bench/printing.py
starts the same scheduler with :func:`private_cups`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PPD = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")
QUEUES = ("VanPhong", "TiepDan")


@dataclass
class CupsServer:
    folder: Path
    socket: Path

    def output(self, queue: str) -> Path:
        """The file the queue's "printer" last received."""
        return self.folder / "out" / f"{queue}.pdf"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "CUPS_SERVER": str(self.socket), "LC_ALL": "C"}
        return subprocess.run(args, capture_output=True, text=True, env=env, timeout=30)

    def reset(self) -> None:
        """Every queue enabled and accepting, no job left, no output."""
        for queue in QUEUES:
            self.run("cupsenable", queue)
            self.run("cupsaccept", queue)
            self.run("cancel", "-a", "-x", queue)  # the history of jobs too
            self.output(queue).unlink(missing_ok=True)


class CupsUnavailable(Exception):
    """CUPS cannot run here; the message says why."""


def why_not() -> str | None:
    if os.name != "posix":
        return "CUPS runs on Linux and macOS only"
    for tool in ("cupsd", "lpadmin", "cupsreject", "cupsdisable"):
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            return f"{tool} is not installed (scripts/setup.sh installs cups-daemon and cups-client)"
    if not PPD.is_file():
        return "the generic PDF printer of cups-filters is not installed (scripts/setup.sh installs cups-filters)"
    try:
        import cups  # noqa: F401
    except ImportError:
        return "pycups is not installed (it needs libcups2-dev; scripts/setup.sh installs it)"
    if os.geteuid() != 0:
        return "a private CUPS scheduler needs root here (CI and the setup script run as root)"
    return None


def _wait(predicate, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _configure(folder: Path, socket: Path) -> None:
    folder.chmod(0o755)
    for name in ("spool", "cache", "state", "log", "tmp", "out"):
        (folder / name).mkdir()
    (folder / "tmp").chmod(0o1777)
    (folder / "out").chmod(0o1777)
    (folder / "cups-files.conf").write_text(
        f"ServerRoot {folder}\nRequestRoot {folder}/spool\nCacheDir {folder}/cache\nStateDir {folder}/state\n"
        f"TempDir {folder}/tmp\nAccessLog {folder}/log/access_log\nErrorLog {folder}/log/error_log\n"
        f"PageLog {folder}/log/page_log\nPrintcap {folder}/printcap\nFileDevice Yes\n")
    (folder / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel info\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")


@contextlib.contextmanager
def private_cups() -> Iterator[CupsServer]:
    """A scheduler with the two queues, this process's libcups pointed at it; stopped and removed
    afterwards.  CupsUnavailable when it cannot run here."""
    reason = why_not()
    if reason:
        raise CupsUnavailable(reason)
    import cups

    folder = Path(tempfile.mkdtemp(prefix="qcdc-cups-"))
    socket = folder / "cups.sock"
    _configure(folder, socket)
    daemon = subprocess.Popen([shutil.which("cupsd") or "/usr/sbin/cupsd", "-f", "-c", str(folder / "cupsd.conf"),
                               "-s", str(folder / "cups-files.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = CupsServer(folder, socket)
    previous = os.environ.get("CUPS_SERVER")
    try:
        if not _wait(socket.exists) or daemon.poll() is not None:
            log = folder / "log" / "error_log"
            raise CupsUnavailable("the CUPS scheduler did not start: " + (log.read_text(errors="replace")[-500:]
                                                                          if log.exists() else "no socket"))
        for queue in QUEUES:
            done = server.run("lpadmin", "-p", queue, "-E", "-v", f"file://{server.output(queue)}", "-P", str(PPD))
            if done.returncode != 0:
                raise CupsUnavailable(f"the queue {queue} could not be made: {done.stderr}")
        os.environ["CUPS_SERVER"] = str(socket)
        cups.setServer(str(socket))  # this thread's libcups, which Qt's print support uses too
        yield server
    finally:
        if previous is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = previous
        cups.setServer(previous or "")
        daemon.terminate()
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def cups_server():
    try:
        with private_cups() as server:
            yield server
    except CupsUnavailable as reason:
        pytest.skip(str(reason))


def wait_for_output(path: Path, timeout: float = 30.0) -> Path:
    """The PDF the queue handed its printer, once the print system has finished writing it (the
    generic PDF printer wraps it in the printer's job language, PJL, as office printers take it)."""
    def ready() -> bool:
        return path.exists() and b"%%EOF" in path.read_bytes()[-2048:]
    assert _wait(ready, timeout), f"nothing printed into {path}"
    data = path.read_bytes()
    pdf = path.with_suffix(".received.pdf")
    pdf.write_bytes(data[data.index(b"%PDF-"):data.rindex(b"%%EOF") + 5])
    return pdf

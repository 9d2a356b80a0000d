"""Benchmark: from launching the desktop program to its first place drawn with its first rows.

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/startup.py                       # builds bench/out/startup-5000.db once
    .venv/bin/python bench/startup.py --db FILE             # any data file (not changed: a copy is used)
    .venv/bin/python bench/startup.py --meetings 50000      # about a million opinions (long to build)
    .venv/bin/python bench/startup.py --check               # exit 1 when a budget is missed

Each run is a new process, timed from just before it is started to the first paint of a table
with rows in the place the window opens on (Follow-up when something is due, else the first
list), or of the window itself when that place has no table.  The baseline, in the same run and
the same way: a process that makes a bare QApplication and an empty QMainWindow with a 30-row
table and paints it.  Both the application and the baseline run under a real X server when Xvfb is
installed (started here), offscreen otherwise.

"cold" drops the data file (and its write-ahead log) from the OS page cache before the run with
``posix_fadvise(POSIX_FADV_DONTNEED)`` on Linux (the libraries stay cached: that is what an
office PC has after its first start of the day); "warm" is the median of the later runs.
Budgets (docs/performance.md): warm < 1.0 s, cold < 2.5 s on a million-opinion file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from oscache import drop_from_os_cache

OUT = Path(__file__).resolve().parent / "out"
BUDGET = {"warm": 1.0, "cold": 2.5}

# The application, until its first place is drawn with rows; prints time.monotonic() then.
APP_PROBE = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication
from qcdc_desktop import app
from qcdc_desktop.ui.main_window import MainWindow

class Watch(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            window = obj.window() if hasattr(obj, "window") else None
            if isinstance(window, MainWindow) and window.isVisible():
                page = window.stack.currentWidget()
                views = page.findChildren(QAbstractItemView) if page is not None else []
                views = [v for v in views if v.isVisible()]
                view = obj.parent() if isinstance(obj.parent(), QAbstractItemView) else None
                if (not views and obj is window) or (view in views and view.model() is not None
                                                    and view.model().rowCount() > 0):
                    self.done = True
                    print(time.monotonic(), flush=True)
                    QTimer.singleShot(0, window.close)
        return False

qapp = QApplication([])
watch = Watch()
qapp.installEventFilter(watch)
code = app.main(["--db", sys.argv[1]])
sys.exit(0 if watch.done else 3)
"""

BARE_PROBE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

class Watch(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint and obj is table.viewport():
            self.done = True
            print(time.monotonic(), flush=True)
            QTimer.singleShot(0, qapp.quit)
        return False

qapp = QApplication([])
watch = Watch()
qapp.installEventFilter(watch)
window = QMainWindow()
table = QTableWidget(30, 6)
for r in range(30):
    for c in range(6):
        table.setItem(r, c, QTableWidgetItem(f"{r}:{c}"))
window.setCentralWidget(table)
window.resize(1280, 720)
window.show()
qapp.exec()
"""


def build(path: Path, meetings: int) -> None:
    cli = [sys.executable, "-m", "qcdc_desktop.cli"]
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    subprocess.run([*cli, "init", "--db", str(path), "--unit-code", "00004"], check=True, capture_output=True)
    subprocess.run([*cli, "demo", "--db", str(path), "--meetings", str(meetings), "--seed", "7"], check=True,
                   capture_output=True)
    print(f"built {path} ({meetings} meetings) in {time.monotonic() - started:.0f} s")


def run_probe(source: str, args: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", source, *args], capture_output=True, text=True, env=env,
                            timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"the probe failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-3000:]}")
    return float(lines[-1]) - started


def display_env(home: Path) -> tuple[dict[str, str], subprocess.Popen | None, str]:
    env = {**os.environ}
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())  # no remembered window, no user settings
    xvfb = shutil.which("Xvfb")
    if xvfb:
        display = ":97"
        proc = subprocess.Popen([xvfb, display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
        return env, proc, "Xvfb"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, None, "offscreen"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args()
    source = args.db or OUT / f"startup-{args.meetings}.db"
    if not source.exists():
        build(source, args.meetings)
    with tempfile.TemporaryDirectory(prefix="qcdc-startup-") as tmp:
        home = Path(tmp)
        path = home / "copy.db"
        shutil.copy(source, path)  # the program may upgrade or back up the file: never the original
        env, xvfb, how = display_env(home)
        try:
            size = path.stat().st_size
            print(f"file {source} ({size / 1e6:.0f} MB), {os.cpu_count()} cores, display {how}")
            run_probe(APP_PROBE, [str(path)], env)  # the first start writes the daily backup
            cold_ok = drop_from_os_cache(path)
            app_cold = run_probe(APP_PROBE, [str(path)], env)
            bare_cold = run_probe(BARE_PROBE, [], env)
            app_warm, bare_warm = [], []
            for _ in range(args.runs):
                app_warm.append(run_probe(APP_PROBE, [str(path)], env))
                bare_warm.append(run_probe(BARE_PROBE, [], env))
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait()
    warm, base = statistics.median(app_warm), statistics.median(bare_warm)
    missed = []
    print(f"warm: {warm:.3f} s (bare Qt window {base:.3f} s, x{warm / base:.2f}); budget {BUDGET['warm']} s"
          + ("" if warm < BUDGET["warm"] else "  OVER BUDGET"))
    if warm >= BUDGET["warm"]:
        missed.append("warm")
    if cold_ok:
        print(f"cold: {app_cold:.3f} s (bare Qt window {bare_cold:.3f} s, x{app_cold / bare_cold:.2f}); "
              f"budget {BUDGET['cold']} s" + ("" if app_cold < BUDGET["cold"] else "  OVER BUDGET"))
        if app_cold >= BUDGET["cold"]:
            missed.append("cold")
    else:
        print("cold: not measured (this system cannot drop a file from its cache)")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run a bench as on an office PC with little memory: the process, its children and the file's pages
it reads share a memory limit, so the operating system's cache holds only that much of the data
file (a 4 GB PC keeps one to two gigabytes of it after Windows and the browser).

    sudo .venv/bin/python bench/small_cache.py --limit 1500 -- .venv/bin/python bench/ui_list.py --db big.db
    sudo .venv/bin/python bench/small_cache.py --limit 1500 --cores 0 -- .venv/bin/python bench/startup.py --db big.db

Linux only, and it needs the right to make a control group (root, or a delegated cgroup): the
command runs in a new memory control group under this process's own (cgroup v2's ``memory.max``, or
v1's ``memory.limit_in_bytes``; the page cache is charged to the group that reads the pages, so it
is kept under the limit, the kernel dropping the least recently used pages first).  ``--cores``
also pins it to those cores (``taskset``), as an older two-core PC's one free core.  The group is
removed afterwards; the command's exit status is returned.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


def own_memory_group() -> tuple[Path, str]:
    """The directory of this process's memory control group and the limit's file name in it."""
    lines = Path("/proc/self/cgroup").read_text().splitlines()
    for line in lines:  # cgroup v1: "4:memory:/path"
        _number, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return ROOT / "memory" / path.lstrip("/"), "memory.limit_in_bytes"
    for line in lines:  # cgroup v2: "0::/path"
        if line.startswith("0::"):
            base = ROOT / "unified" if (ROOT / "unified" / "cgroup.controllers").exists() else ROOT
            return base / line[3:].lstrip("/"), "memory.max"
    raise SystemExit("small_cache: no memory control group here (Linux with cgroups only)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=1500, help="megabytes for the process and its cache")
    parser.add_argument("--cores", default="", help="cores to pin the command to (taskset), e.g. 0")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the bench and its arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    parent, limit_file = own_memory_group()
    group = parent / f"qcdc-bench-{os.getpid()}"
    try:
        group.mkdir()
        (group / limit_file).write_text(str(args.limit * 1024 * 1024))
    except OSError as error:
        raise SystemExit(f"small_cache: cannot make a memory control group under {parent}: {error}") from None
    if args.cores:
        command = ["taskset", "-c", args.cores, *command]
    print(f"small_cache: {args.limit} MB for {' '.join(command)}", file=sys.stderr, flush=True)

    def enter() -> None:  # in the child, before the command: into the group
        (group / "cgroup.procs").write_text(str(os.getpid()))

    try:
        return subprocess.run(command, preexec_fn=enter, check=False).returncode  # noqa: PLW1509
    finally:
        for _attempt in range(50):  # the group goes once its last process has left
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())

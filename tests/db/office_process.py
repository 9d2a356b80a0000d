"""A program that holds a data file open the way the application does, for the two-program tests.

It opens the file for writing (the database worker), writes, then opens a read-only connection
beside it (the lists' background reads) and keeps both open.  It reads its orders from standard
input, one per line, and answers each on standard output:

- ``write KEY``: one committed write (a setting ``KEY``) through the writing connection;
- ``fresh KEY``: one committed write through a new connection opened and closed for it (a job
  such as an export);
- ``read``: a read through the reading connection;
- ``close``: close both connections and exit.

Any error is printed as ``error <class>: <message>`` and the program goes on, so a test sees what
the application would have shown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from qcdc_desktop.core.errors import user_message
from qcdc_desktop.db import holder
from qcdc_desktop.db.accounts import sign_in
from qcdc_desktop.db.connection import open_store


def main() -> None:
    path = Path(sys.argv[1])
    holder.set_program("QCDC Desktop")
    sign_in(path, os.environ["QCDC_USER"], os.environ["QCDC_PASSWORD"], record=False)
    writer = open_store(path)
    with writer.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('probe.opened', 'yes')")
    reader = open_store(path, readonly=True, check=False, upgrade=False)
    print("ready", flush=True)
    for line in sys.stdin:
        order, _, arg = line.strip().partition(" ")
        try:
            if order == "write":
                with writer.transaction() as conn:
                    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, 'yes')", (arg,))
                print("written", flush=True)
            elif order == "fresh":
                # A new connection for one job beside the others, as the Sync place's export opens.
                with open_store(path, check=False, upgrade=False) as other:
                    with other.transaction() as conn:
                        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, 'yes')", (arg,))
                print("written", flush=True)
            elif order == "read":
                count = reader.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'probe.%'").fetchone()[0]
                print(f"read {count}", flush=True)
            elif order == "close":
                break
        except Exception as exc:  # noqa: BLE001 - the test reads what a person would have been told
            print(f"error {type(exc).__name__}: {user_message(exc)}", flush=True)
    reader.close()
    writer.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()

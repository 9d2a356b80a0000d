"""The statements of migration 0015_communes_board (db/migrations.py): what the upper level's
communes board needs besides the bundles it applied.  Released statements are never changed.

* ``sync_refusals``: the files an import refused, with what their header said about them when it
  could be read (the office, the bundle's id and date: unverified, for the board's words only —
  "not enrolled, tried to send on …", "a damaged bundle on …, the good copy received").  The
  program keeps the latest few hundred (db/sync_board.py), so a stick full of junk cannot grow
  the file.
* an index of the opinions nobody has decided on yet, by office, so that counting them per commune
  reads only them;
* the hamlets and responsible units of each office, so that a commune chosen in a list offers its
  own hamlets and units (one seek each, db/list_specs.distinct_values)."""

from __future__ import annotations

BOARD_SCHEMA = """
CREATE TABLE sync_refusals (
    id INTEGER PRIMARY KEY,
    refused_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    file_name TEXT NOT NULL,
    origin TEXT,
    bundle_id TEXT,
    number INTEGER,
    created_at TEXT
);
CREATE INDEX sync_refusals_origin ON sync_refusals (origin, refused_at);
CREATE INDEX opinions_undecided_origin ON opinions (origin) WHERE outcome IS NULL AND answered = 0;
CREATE INDEX opinions_origin_address ON opinions (origin, address);
CREATE INDEX tasks_origin_assignee ON tasks (origin, assignee);
"""

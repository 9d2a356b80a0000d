"""The statistics report as CSV: every table one after the other, each under its title, separated
by an empty line.  UTF-8 with a byte-order mark, so that Excel opens Vietnamese text correctly;
numbers as plain digits (shares as decimals 0..1), which any spreadsheet reads as numbers; text
that begins like a formula starts with an apostrophe, so that no spreadsheet runs it."""

from __future__ import annotations

import csv
from pathlib import Path

from ..core.report_tables import report_tables
from ..core.statistics import Statistics
from .cells import csv_value


def write_csv(stats: Statistics, out: Path) -> int:
    """Write the report's tables to ``out``; return the number of tables."""
    tables = report_tables(stats)
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for index, table in enumerate(tables):
            if index:
                writer.writerow([])
            writer.writerow([csv_value(table.title)])
            writer.writerow([csv_value(h) for h in table.headings])
            for row in table.rows:  # text that looks like a formula stays text (reports.cells)
                writer.writerow(["" if v is None else round(v, 4) if isinstance(v, float) else csv_value(v)
                                 for v in row])
    return len(tables)

"""The sync runs of the Sync place: the bundles written for the stick and the bundles read from
it, each on a connection of its own; and the office's key card, as a file and as a PDF."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core.model import Unit
from ..db.connection import Store, open_store
from ..db.files import replaced
from ..sync.cards import make_card
from ..sync.export import Exported, export_all
from ..sync.importer import BundleReport, import_bundles


def export_work(db_path: Path, folder: Path, *, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool], again: bool = False) -> list[Exported]:
    """The bundle for the upper level (a commune) or for each commune with news, written to
    ``folder`` (none when nothing is new, unless ``again``).  The whole file is checked first: a
    damaged file never leaves the office."""
    with open_store(db_path, check=True, upgrade=False) as store:
        return export_all(store, folder, progress=progress, cancelled=cancelled, again=again)


def import_work(db_path: Path, paths: list[Path], *, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> list[BundleReport]:
    """Verify and apply the bundles chosen, one report each."""
    with open_store(db_path, check=False, upgrade=False) as store:
        return import_bundles(store, paths, progress=progress, cancelled=cancelled)


def write_card_file(store: Store, *, path: Path) -> Path:
    """Write this office's key card file, whole or not at all."""
    with replaced(path) as temporary:
        temporary.write_text(make_card(store), encoding="utf-8")
    return path


def key_card_pdf(unit: Unit, fingerprint: str, made_on: dt.date, **_job: object) -> bytes:
    """The printable key card of the office as PDF bytes (run as a job)."""
    from ..printing.keycard import write_key_card  # reportlab on the job's thread, not at start-up

    with tempfile.TemporaryDirectory(prefix="qcdc-card-") as folder:
        out = Path(folder) / "card.pdf"
        write_key_card(out, unit_name=unit.name, unit_code=unit.code, role=unit.role, fingerprint=fingerprint,
                       made_on=made_on)
        return out.read_bytes()

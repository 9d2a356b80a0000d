"""`qcdc keys`, `qcdc export` and `qcdc import` as the contract says, and what a kill -9 or a
second importer at the same time does to them."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import card_fingerprint, run_qcdc

FINGERPRINT = re.compile(r"[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}")


def ok(*args: str) -> str:
    result = run_qcdc("--lang", "en", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def written(said: str) -> list[Path]:
    """The bundles `qcdc export` says it wrote, one sentence a bundle: «Written PATH for OFFICE (…).»"""
    return [Path(found.group(1)) for line in said.splitlines() if (found := re.match(r"Written (.+?) for ", line))]


def fails(*args: str) -> str:
    result = run_qcdc("--lang", "en", *args)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("qcdc: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr


def _unenrolled(folder: Path) -> tuple[Path, Path]:
    """Phường Ba Đình (00004) and its upper level, Hà Nội (01): their data files and key card files
    (commune.card, upper.card), neither enrolled by the other yet."""
    commune, upper = folder / "commune.db", folder / "upper.db"
    ok("init", "--db", str(commune), "--unit-code", "00004")
    ok("init", "--db", str(upper), "--unit-code", "01", "--role", "upper")
    ok("keys", "export", "--db", str(commune), "--out", str(folder / "commune.card"))
    ok("keys", "export", "--db", str(upper), "--out", str(folder / "upper.card"))
    return commune, upper


def _offices(folder: Path, meetings: int = 3) -> tuple[Path, Path]:
    commune, upper = _unenrolled(folder)
    if meetings:
        ok("demo", "--db", str(commune), "--meetings", str(meetings), "--seed", "2", "--until", "2026-01-01")
    for card, db in ((folder / "commune.card", upper), (folder / "upper.card", commune)):
        ok("keys", "trust", str(card), "--db", str(db), "--fingerprint", card_fingerprint(card))
    return commune, upper


def test_trust_asks_for_the_fingerprint_on_the_paper_and_enrols_nothing_without_it(tmp_path: Path) -> None:
    commune, upper = _unenrolled(tmp_path)
    card = tmp_path / "commune.card"
    refused = fails("keys", "trust", str(card), "--db", str(upper))
    assert "--fingerprint" in refused and "stamped" in refused and "nothing was enrolled" in refused.lower()
    never = run_qcdc("--lang", "en", "status", "--db", str(upper))
    assert never.stdout == "" and "No office" in never.stderr  # the card was not trusted
    vi = run_qcdc("keys", "trust", str(card), "--db", str(upper))
    assert vi.returncode == 1 and "--fingerprint" in vi.stderr and "đóng dấu" in vi.stderr


def _meetings(db: Path) -> list:
    """The meetings of the dump, the citizens' phone numbers left out: a commune sends none to its
    upper level unless it chose to (tests/sync/test_phones.py)."""
    meetings = json.loads(ok("dump", "--db", str(db)))["meetings"]
    for meeting in meetings:
        for opinion in meeting["opinions"]:
            opinion["phone"] = ""
    return meetings


def test_keys_show_export_and_trust(tmp_path: Path) -> None:
    commune, upper = tmp_path / "c.db", tmp_path / "u.db"
    created = ok("init", "--db", str(commune), "--unit-code", "00004")
    ok("init", "--db", str(upper), "--unit-code", "01", "--role", "upper")
    never = run_qcdc("--lang", "en", "status", "--db", str(upper))
    assert never.returncode == 0 and never.stdout == "" and "No office" in never.stderr
    shown = ok("keys", "show", "--db", str(commune))
    fingerprint = FINGERPRINT.search(shown).group(0)
    assert fingerprint in created  # made at init, the same since
    card = tmp_path / "c.card"
    assert ok("keys", "export", "--db", str(commune), "--out", str(card)) == (
        f"Wrote the key card of Phường Ba Đình (00004), fingerprint {fingerprint}, to {card}.\n")
    assert fails("keys", "trust", str(card), "--db", str(upper), "--fingerprint", "AAAAA-AAAAA-AAAAA-AAAAA")
    trusted = ok("keys", "trust", str(card), "--db", str(upper), "--fingerprint", fingerprint.lower())
    assert "00004" in trusted and fingerprint in trusted
    assert "already" in ok("keys", "trust", str(card), "--db", str(upper), "--fingerprint", fingerprint)
    pdf = tmp_path / "card.pdf"
    assert ok("keys", "export", "--db", str(commune), "--out", str(pdf)) == (
        f"Wrote the key card of Phường Ba Đình (00004), fingerprint {fingerprint}, to {pdf}: print it, have it "
        "signed and stamped, and give it with the card file.\n")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Đã ghi phiếu khóa của Phường Ba Đình" in run_qcdc("keys", "export", "--db", str(commune),
                                                             "--out", str(card)).stdout
    assert fails("keys", "trust", str(tmp_path / "missing.card"), "--db", str(upper), "--fingerprint", fingerprint)
    pdf_as_card = fails("keys", "trust", str(pdf), "--db", str(upper), "--fingerprint", fingerprint)
    assert "key card" in pdf_as_card
    assert fails("keys", "export", "--db", str(commune))
    new = ok("keys", "rotate", "--db", str(commune))
    assert FINGERPRINT.search(new).group(0) != fingerprint
    ok("keys", "revoke", fingerprint, "--db", str(upper))
    assert fails("keys", "revoke", "AAAAA-AAAAA-AAAAA-AAAAA", "--db", str(upper))


def test_export_and_import_as_the_contract_says(tmp_path: Path) -> None:
    commune, upper = _offices(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    said = ok("export", "--db", str(commune), "--out", str(stick))
    (path,) = written(said)
    assert re.fullmatch(rf"Written {re.escape(str(path))} for Thành phố Hà Nội \(meetings: 3, .*opinions: \d+, .*"
                        r"history entries: \d+\)\.\n", said), said
    assert path.parent == stick and path.exists() and path.suffix == ".qcdcb"
    assert re.fullmatch(r"qcdc-00004-01-\d{6}\.qcdcb", path.name)  # nothing personal in the name
    applied = ok("import", "--db", str(upper), str(path))
    assert applied.startswith(f"{path}: applied (") and "opinions" in applied
    assert ok("import", "--db", str(upper), str(path)).strip() == f"{path}: already applied"
    assert _meetings(upper) == _meetings(commune)
    # The way down: the upper level writes one bundle for the commune, with its receipt.
    down = written(ok("export", "--db", str(upper), "--out", str(stick)))
    assert len(down) == 1 and "qcdc-01-00004-" in down[0].name
    assert ok("import", "--db", str(commune), str(down[0])).startswith(f"{down[0]}: applied")
    nothing = run_qcdc("--lang", "en", "export", "--db", str(upper), "--out", str(stick))
    assert nothing.returncode == 0 and nothing.stdout == "" and nothing.stderr
    (status,) = ok("status", "--db", str(upper)).splitlines()
    assert status.startswith("00004 Phường Ba Đình: last bundle made ") and "1 bundle," in status
    assert "silent" not in status
    assert re.search(r"; history checked up to entry \d+ on \d{2}/\d{2}/\d{4}$", status), status


def test_an_export_with_nothing_new_writes_nothing_and_says_so_unless_asked_again(tmp_path: Path) -> None:
    commune, upper = _offices(tmp_path, meetings=1)
    stick = tmp_path / "stick"
    stick.mkdir()
    (first,) = written(ok("export", "--db", str(commune), "--out", str(stick)))
    nothing = run_qcdc("--lang", "en", "export", "--db", str(commune), "--out", str(stick))
    assert nothing.returncode == 0 and nothing.stdout == "" and list(stick.iterdir()) == [first]
    assert nothing.stderr.startswith("Nothing new for Thành phố Hà Nội since bundle no. 1, written on ")
    assert f"({first.name}): nothing was written." in nothing.stderr and "--again" in nothing.stderr
    assert nothing.stderr.count("\n") == 1
    (again,) = written(ok("export", "--db", str(commune), "--out", str(stick), "--again"))  # the stick was lost
    assert again != first and again.exists()
    ok("import", "--db", str(upper), str(first), str(again))
    (down,) = written(ok("export", "--db", str(upper), "--out", str(stick)))  # the receipt
    quiet = run_qcdc("--lang", "en", "export", "--db", str(upper), "--out", str(stick))
    assert quiet.returncode == 0 and quiet.stdout == "" and "nothing was written" in quiet.stderr
    ok("import", "--db", str(commune), str(down))  # noted in the commune's history: news for the upper level
    assert written(ok("export", "--db", str(commune), "--out", str(stick)))
    vietnamese = run_qcdc("export", "--db", str(commune), "--out", str(stick))
    assert vietnamese.returncode == 0 and "Không có gì mới" in vietnamese.stderr


def test_a_refused_file_is_reported_kept_aside_and_fails_the_command(tmp_path: Path) -> None:
    commune, upper = _offices(tmp_path, meetings=1)
    junk = tmp_path / "holiday-photo.qcdcb"
    junk.write_bytes(b"%PDF-1.4 not really\n")
    (good,) = written(ok("export", "--db", str(commune), "--out", str(tmp_path)))
    result = run_qcdc("--lang", "en", "import", "--db", str(upper), str(junk), str(good))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{junk}: This is a PDF file, not a QCDC bundle."
    assert lines[1].startswith(f"{good}: applied")
    assert junk.exists()
    (kept,) = Path(f"{upper}.sync", "quarantine").iterdir()
    assert kept.read_bytes() == junk.read_bytes()
    vietnamese = run_qcdc("import", "--db", str(upper), str(junk))
    assert "không phải" in vietnamese.stdout.lower() or "pdf" in vietnamese.stdout.lower()


def test_a_bundle_of_a_commune_not_yet_enrolled_names_it_and_the_next_step(tmp_path: Path) -> None:
    commune, upper = _unenrolled(tmp_path)
    card = tmp_path / "upper.card"
    ok("keys", "trust", str(card), "--db", str(commune), "--fingerprint", card_fingerprint(card))
    bundle = Path(tmp_path / "stick")
    bundle.mkdir()
    ok("export", "--db", str(commune), "--out", str(bundle))
    (bundle,) = bundle.iterdir()
    result = run_qcdc("--lang", "en", "import", "--db", str(upper), str(bundle))
    assert result.returncode == 1 and result.stderr == ""
    said, how = result.stdout.splitlines()
    assert said == (f"{bundle}: The bundle says it comes from Phường Ba Đình (00004), which this office has not "
                    "enrolled yet: enrol its key card first, with the fingerprint printed on its stamped paper, then "
                    "import the bundle again.")
    assert how == f"To enrol it: qcdc keys trust CARD --db {upper} --fingerprint FINGERPRINT-ON-THE-PAPER"
    vietnamese = run_qcdc("import", "--db", str(upper), str(bundle)).stdout
    assert "Phường Ba Đình (00004)" in vietnamese and "ghi danh" in vietnamese and "qcdc keys trust" in vietnamese


def test_export_says_what_is_missing_in_one_line(tmp_path: Path) -> None:
    commune = tmp_path / "c.db"
    ok("init", "--db", str(commune), "--unit-code", "00004")
    assert "qcdc keys trust FILE --db" in (refused := fails("export", "--db", str(commune), "--out", str(tmp_path)))
    assert "--fingerprint" in refused
    assert fails("export", "--db", str(commune), "--out", str(tmp_path / "no-such-folder"))


# ---- kill -9 and two importers ----

@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A commune with 800 meetings, its upper level (enrolled, empty), and the bundle between them."""
    folder = tmp_path_factory.mktemp("sync-kill")
    commune, upper = _offices(folder, meetings=800)
    stick = folder / "stick"
    stick.mkdir()
    (bundle,) = written(ok("export", "--db", str(commune), "--out", str(stick)))
    return commune, upper, bundle


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "qcdc_desktop.cli", "--lang", "en", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_after(process: subprocess.Popen, until: callable) -> bool:
    while process.poll() is None and not until():
        time.sleep(0.003)
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=120)
    return running


def _copy(db: Path, target: Path) -> None:
    """A copy of a data file with its key-slot file (without it the copy does not open)."""
    shutil.copy(db, target)
    shutil.copy(f"{db}.keys", f"{target}.keys")


def _wal(db: Path) -> int:
    try:
        return Path(f"{db}-wal").stat().st_size
    except FileNotFoundError:
        return 0


@pytest.mark.slow
def test_a_killed_import_applies_all_or_nothing_and_a_retry_succeeds(tmp_path: Path, big) -> None:
    commune, upper, bundle = big
    expected = _meetings(commune)
    killed_mid_write = 0
    for n, wal_bytes in enumerate([None, 64 * 1024, 2 * 1024 * 1024, 8 * 1024 * 1024]):
        db = tmp_path / f"upper-{n}.db"
        _copy(upper, db)
        process = _start("import", "--db", str(db), str(bundle))
        started = time.monotonic()
        until = (lambda: time.monotonic() - started > 0.4) if wal_bytes is None else (lambda: _wal(db) >= wal_bytes)
        killed = _kill_after(process, until)
        killed_mid_write += killed and wal_bytes is not None
        check = run_qcdc("--lang", "en", "check", "--db", str(db))
        assert (check.returncode, check.stderr) == (0, "")
        assert _meetings(db) in ([], expected)
        retry = ok("import", "--db", str(db), str(bundle))
        assert ": applied (" in retry or ": already applied" in retry
        assert _meetings(db) == expected
        assert not list(Path(f"{db}.sync", "work").glob("in-*"))  # the killed import's copy is gone
    assert killed_mid_write >= 2, "the kills must land while the apply is being written"


@pytest.mark.slow
def test_a_killed_export_leaves_no_half_bundle_and_a_retry_succeeds(tmp_path: Path, big) -> None:
    commune, upper, _bundle = big
    expected = _meetings(commune)
    killed = 0
    for n, delay in enumerate([0.3, 0.45, 0.6]):
        db = tmp_path / f"commune-{n}.db"
        _copy(commune, db)
        stick = tmp_path / f"stick-{n}"
        stick.mkdir()
        # --again: the fixture's commune exported already, so without it there would be nothing new to write.
        process = _start("export", "--db", str(db), "--out", str(stick), "--again")
        started = time.monotonic()
        killed += _kill_after(process, lambda: time.monotonic() - started > delay)
        assert run_qcdc("check", "--db", str(db)).returncode == 0
        assert written(ok("export", "--db", str(db), "--out", str(stick), "--again"))
        target = tmp_path / f"upper-{n}.db"
        _copy(upper, target)
        bundles = sorted(p for p in stick.iterdir() if not p.name.startswith("."))
        report = ok("import", "--db", str(target), *map(str, bundles))  # every visible file is whole
        assert report.count("applied") + report.count("superseded") == len(bundles)
        assert _meetings(target) == expected
    assert killed >= 2, "the kills must land while the export runs"


@pytest.mark.slow
def test_two_importers_at_once_apply_the_bundle_once(tmp_path: Path, big) -> None:
    commune, upper, bundle = big
    db = tmp_path / "upper.db"
    _copy(upper, db)
    renamed = tmp_path / "same-bundle-again.qcdcb"
    shutil.copy(bundle, renamed)
    first = _start("import", "--db", str(db), str(bundle))
    second = _start("import", "--db", str(db), str(renamed))
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    text = " ".join(out for out, _err in outputs)
    said = " ".join(err for _out, err in outputs)
    assert text.count(": applied (") == 1, outputs
    # The second finds it applied, or waits its turn and is told, or is told who holds the file.
    assert ": already applied" in text or "busy" in said or "is open in qcdc import" in said, outputs
    assert _meetings(db) == _meetings(commune)
    assert run_qcdc("check", "--db", str(db)).returncode == 0

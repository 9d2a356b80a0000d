"""``qcdc demo`` on the command line: a commune's three years by default; at the upper level, real
communes of the province, each with its own hamlets and leaders, under its own code."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections import defaultdict
from pathlib import Path

from conftest import run_qcdc

from qcdc_desktop.core.followup import task_progress
from qcdc_desktop.core.ids import origin_of
from qcdc_desktop.core.model import Task
from qcdc_desktop.db.units import admin_units

UNTIL = "2026-06-30"


def en(*args: str) -> subprocess.CompletedProcess:
    return run_qcdc("--lang", "en", *args)


def _dump(db: Path) -> dict:
    result = en("dump", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_commune_gets_three_years_of_its_own_meetings_and_cannot_ask_for_communes(tmp_path: Path) -> None:
    db = tmp_path / "commune.db"
    assert en("init", "--db", str(db), "--unit-code", "05425").returncode == 0
    refused = en("demo", "--db", str(db), "--communes", "3", "--until", UNTIL)
    assert refused.returncode != 0 and "upper-level" in refused.stderr and "Traceback" not in refused.stderr
    assert _dump(db)["meetings"] == []  # nothing was added
    result = en("demo", "--db", str(db), "--until", UNTIL, "--seed", "2")
    assert result.returncode == 0, result.stderr
    meetings = _dump(db)["meetings"]
    assert result.stdout.startswith(f"Added {len(meetings)} demo meetings with ")
    assert 36 <= len(meetings) <= 61 and {origin_of(m["id"]) for m in meetings} == {"05425"}
    oldest = min(dt.date.fromisoformat(m["held_on"]) for m in meetings)
    assert oldest > dt.date(2023, 6, 30)


def test_an_upper_level_gets_real_communes_of_its_province_each_its_own(tmp_path: Path) -> None:
    db = tmp_path / "province.db"
    assert en("init", "--db", str(db), "--unit-code", "25", "--role", "upper").returncode == 0
    result = en("demo", "--db", str(db), "--communes", "3", "--until", UNTIL, "--seed", "5")
    assert result.returncode == 0, result.stderr
    assert "from 3 communes" in result.stdout
    dump = _dump(db)
    units = admin_units()
    by_origin: dict[str, list[dict]] = defaultdict(list)
    for m in dump["meetings"]:
        by_origin[origin_of(m["id"])].append(m)
    assert len(by_origin) == 3
    hamlets = {}
    for code, meetings in by_origin.items():
        unit = units[code]
        assert unit.level == "commune" and unit.province_code == "25", code
        held = [m for m in meetings if m["held_on"] <= UNTIL]
        assert 36 <= len(held) <= 60
        word = unit.name.split(" ")[0]  # "Xã", "Phường"
        assert all(m["chair_title"].endswith(f"UBND {word.lower()}") or m["chair_title"].endswith(f"ủy {word.lower()}")
                   for m in meetings), unit.name
        hamlets[code] = {o["address"] for m in meetings for o in m["opinions"]}
        assert 6 <= len(hamlets[code]) <= 9
        for m in meetings:
            for task in m["conclusions"]:
                progress = task_progress(_task(task), dt.date.fromisoformat(UNTIL))
                assert progress != "overdue" or (dt.date.fromisoformat(UNTIL)
                                                 - dt.date.fromisoformat(task["deadline"])).days <= 365
    assert len({frozenset(h) for h in hamlets.values()}) == 3  # each commune its own hamlets
    officials = {origin_of(o["id"]) for o in dump["officials"]}
    assert officials == set(by_origin)
    report = en("report", "--db", str(db), "--period", "2025", "--as-of", UNTIL, "--date", UNTIL,
                "--out", str(tmp_path / "report.csv"))
    assert report.returncode == 0, report.stderr


def test_a_meeting_count_is_shared_among_the_communes(tmp_path: Path) -> None:
    db = tmp_path / "province.db"
    assert en("init", "--db", str(db), "--unit-code", "25", "--role", "upper").returncode == 0
    assert en("demo", "--db", str(db), "--meetings", "10", "--communes", "4", "--until", UNTIL).returncode == 0
    origins = sorted(origin_of(m["id"]) for m in _dump(db)["meetings"])
    assert len(origins) == 10 and sorted({o: origins.count(o) for o in origins}.values()) == [2, 2, 3, 3]


def _task(raw: dict) -> Task:
    return Task(content=raw["content"], assignee=raw["assignee"], state=raw["state"],
                deadline=dt.date.fromisoformat(raw["deadline"]),
                completed_on=dt.date.fromisoformat(raw["completed_on"]) if raw["completed_on"] else None)

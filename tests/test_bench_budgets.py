"""The benches' shared judge of budgets (bench/_common.py): what ``--check`` exits with.

The benches themselves are timed by hand before a release, never in the tests; this checks only
the bookkeeping every bench's OVER BUDGET mark and exit code go through."""

from __future__ import annotations

import argparse
import sys

from conftest import ROOT

BENCH = str(ROOT / "bench")
sys.path.insert(0, BENCH)  # as the benches find it
try:
    from _common import OVER_BUDGET, Budgets, add_check
finally:
    sys.path.remove(BENCH)  # bench/printing.py, bench/sync.py ... shadow nothing in the other tests


def test_a_figure_over_its_limit_is_marked_kept_and_fails_the_check(capsys) -> None:
    budgets = Budgets()
    assert budgets.over("filter p95", 62.5, 50.0, below=True, unit=" ms") == OVER_BUDGET
    assert budgets.missed == ["filter p95 62.50 ms (budget < 50 ms)"]
    assert budgets.exit_code(check=False) == 0
    assert capsys.readouterr().out == ""
    assert budgets.exit_code(check=True) == 1
    assert capsys.readouterr().out == "budgets: missed: filter p95 62.50 ms (budget < 50 ms)\n"


def test_figures_within_their_limits_are_not_kept(capsys) -> None:
    budgets = Budgets()
    assert budgets.over("ratio", 1.5, 1.5, unit="x") == ""  # "<= 1.5": the limit holds
    assert budgets.over("open", 299.9, 300.0, below=True, unit=" ms") == ""
    assert budgets.over("ratio to bare", float("nan"), 1.5) == ""  # no baseline: not judged
    assert budgets.missed == []
    assert budgets.exit_code(check=True) == 0
    assert capsys.readouterr().out == "budgets: all held\n"


def test_a_budget_written_below_is_missed_at_its_limit() -> None:
    budgets = Budgets()
    assert budgets.over("warm start", 1.0, 1.0, below=True, unit=" s") == OVER_BUDGET
    assert budgets.over("search ratio", 1.6, 1.5, mark="  OVER BUDGET (ratio)") == "  OVER BUDGET (ratio)"
    assert budgets.over("one notice p95", 100.04, 100.0, below=True, unit=" ms") == OVER_BUDGET
    assert budgets.missed == ["warm start 1.00 s (budget < 1 s)", "search ratio 1.60 (budget <= 1.5)",
                              "one notice p95 100.0 ms (budget < 100 ms)"]


def test_a_bench_with_nothing_to_judge_says_so(capsys) -> None:
    assert Budgets().exit_code(check=True) == 0
    assert capsys.readouterr().out == "budgets: none judged\n"


def test_the_check_option() -> None:
    parser = argparse.ArgumentParser()
    add_check(parser)
    assert parser.parse_args(["--check"]).check is True
    assert parser.parse_args([]).check is False

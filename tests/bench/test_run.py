"""bench/run's verdicts: the linear-growth target is judged on paired rounds, not on rows minutes apart."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from bench.run import (
    FLEET,
    PAIRED,
    Row,
    Sample,
    count_instructions,
    measure,
    paired_growth,
    table,
    targets,
)


def _row(size: int, case: str, *walls: float) -> Row:
    row = Row(size, case, [])
    row.samples = [Sample(wall=w, cpu=w, max_rss=0, tree_pss=0, exit_code=0) for w in walls]
    return row


def _verdicts(rows: list[Row]) -> dict[str, tuple[str, str]]:
    return {target: (verdict, figures) for target, verdict, figures in targets(rows)}


def test_paired_growth_is_one_ratio_per_round() -> None:
    rows = [_row(1000, PAIRED, 4.0, 5.0, 4.0), _row(10000, PAIRED, 38.0, 52.0, 44.0)]
    assert paired_growth(rows) == pytest.approx([0.95, 1.04, 1.1])


def test_growth_is_judged_on_the_median_paired_round_even_when_the_machine_drifted() -> None:
    # The per-size rows were taken while the machine was fast (1,000) and then slow (10,000): taken
    # alone they look superlinear. The paired rounds, each run back to back, are not.
    rows = [
        _row(1000, FLEET, 4.0, 4.0, 4.0),
        _row(10000, FLEET, 46.0, 46.0),
        _row(1000, PAIRED, 4.6, 4.5, 4.7),
        _row(10000, PAIRED, 45.0, 46.0, 44.0),
    ]
    verdicts = _verdicts(rows)
    verdict, figures = verdicts["1,000 -> 10,000: no worse than linear"]
    assert verdict == "PASS"
    assert "median of 3 paired rounds" in figures
    assert verdicts["1,000 -> 10,000, from the per-size rows (minutes apart)"][0] == "INFO"


def test_superlinear_paired_rounds_fail() -> None:
    rows = [_row(1000, PAIRED, 4.0, 4.0, 4.0), _row(10000, PAIRED, 44.0, 45.0, 41.0)]
    assert _verdicts(rows)["1,000 -> 10,000: no worse than linear"][0] == "FAIL"


def test_without_paired_rounds_the_per_size_rows_are_judged() -> None:
    rows = [_row(1000, FLEET, 4.0), _row(10000, FLEET, 39.0)]
    assert _verdicts(rows)["1,000 -> 10,000: no worse than linear"][0] == "PASS"


def test_paired_rows_do_not_stand_in_for_the_10000_fleet_row() -> None:
    rows = [
        _row(10000, FLEET, 40.0),
        _row(10000, "floor: parse (yaml CSafeLoader)", 40.0),
        _row(10000, PAIRED, 400.0),
    ]
    assert _verdicts(rows)["10,000: within 3x the parse floor"] == ("PASS", "1.00x")


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_instruction_counts_grow_with_the_work_and_not_with_the_clock() -> None:
    idle = count_instructions([sys.executable, "-c", "pass"])
    busy = count_instructions([sys.executable, "-c", "sum(range(2_000_000))"])
    assert idle is not None and busy is not None
    assert 1_000_000 < idle < busy


def test_the_table_shows_instructions_when_counted() -> None:
    row = _row(1, "commerce-lint check <instance> (pre-commit)", 0.2)
    row.instructions = 578_277_798
    text, data = table([row])
    assert "M instr" in text.splitlines()[0] and text.splitlines()[2].rstrip().endswith("578")
    assert data[0]["instructions"] == 578_277_798
    verdicts = _verdicts([row])
    assert verdicts["1 instance (pre-commit): instructions, whatever the machine's speed"] == (
        "INFO",
        "578 M (valgrind)",
    )


def test_a_measured_command_does_not_inherit_the_benchmarks_own_memory(tmp_path: Path) -> None:
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"\1" * len(range(0, len(ballast), 4096))  # touch every page: resident now
    sample = measure([sys.executable, "-c", "print('out'); raise SystemExit(3)"], tmp_path / "out")
    del ballast
    assert sample.max_rss < 100 * 2**20, f"{sample.max_rss / 2**20:.0f} MiB"
    assert sample.exit_code == 3 and (tmp_path / "out").read_text() == "out\n"
    assert sample.cpu > 0 and 0 < sample.wall < 30


def test_a_failed_paired_run_fails_the_growth_target() -> None:
    rows = [_row(1000, PAIRED, 4.0, 4.0), _row(10000, PAIRED, 0.3, 39.0)]
    rows[1].samples[0] = Sample(wall=0.3, cpu=0.3, max_rss=0, tree_pss=0, exit_code=2)
    assert _verdicts(rows)["1,000 -> 10,000: no worse than linear"] == (
        "FAIL",
        "a paired run failed (exit 2)",
    )

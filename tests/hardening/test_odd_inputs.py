"""Odd inputs through the CLI: one line naming the file (and line), exit 2, every other instance still
checked and every report still written; never a traceback, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

REPORTS = ("json", "sarif", "junit", "html", "markdown")


def _fleet(tmp_path: Path) -> Path:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    return fleet


def _report_flags(tmp_path: Path) -> list[str]:
    return [flag for name in REPORTS for flag in ("--format", f"{name}={tmp_path / ('out.' + name)}")]


def _assert_one_error_and_every_report(
    done: subprocess.CompletedProcess[str], tmp_path: Path, *expected: str, instances: int = 3
) -> str:
    """Exit 2, exactly one error line holding ``expected``, the fleet checked, every report written."""
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    for text in expected:
        assert text in errors[0], errors[0]
    assert f"{instances} instances checked" in done.stdout, done.stdout
    for name in REPORTS:
        assert (tmp_path / f"out.{name}").stat().st_size > 0, name
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["findings"], "the other instances' findings are reported"
    json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    return errors[0]


# ------------------------------------------------------------------------------------------ --baseline


def _baseline_deep(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def _baseline_long_number(path: Path) -> None:
    path.write_text('{"format": "commerce-lint-baseline/1",\n"entries": [],\n"n": ' + "9" * 5000 + "}\n")


BASELINES: list[tuple[str, Callable[[Path], None], str]] = [
    ("deep", _baseline_deep, "nested too deeply"),
    ("long-number", _baseline_long_number, "baseline.json:3: invalid baseline JSON: a number with too many"),
    ("fifo", os.mkfifo, "not a regular file"),
    ("directory", Path.mkdir, "is a directory"),
    ("not-json", lambda p: p.write_text("nope\n"), "baseline.json:1: invalid baseline JSON"),
    ("wrong-shape", lambda p: p.write_text("[1, 2]\n"), "not a commerce-lint baseline"),
    ("binary", lambda p: p.write_bytes(b'{"a": 1}\x00'), "binary file"),
]


@pytest.mark.parametrize(("name", "make", "expected"), BASELINES, ids=[case[0] for case in BASELINES])
def test_a_bad_baseline_is_one_line_and_the_run_still_completes(
    tmp_path: Path, name: str, make: Callable[[Path], None], expected: str
) -> None:
    fleet = _fleet(tmp_path)
    baseline = tmp_path / "baseline.json"
    make(baseline)
    done = run_cli(
        "check", str(fleet), "--baseline", str(baseline), "--format", "text", *_report_flags(tmp_path)
    )
    _assert_one_error_and_every_report(done, tmp_path, "baseline.json", expected)


def test_baseline_entries_of_the_wrong_types_are_left_out(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    baseline = tmp_path / "baseline.json"
    entries = [{"fingerprint": ["not", "text"]}, {"fingerprint": "0" * 16, "message": {"a": [1]}, "paths": 3}]
    baseline.write_text(json.dumps({"format": "commerce-lint-baseline/1", "entries": entries}))
    done = run_cli("check", str(fleet), "--baseline", str(baseline), "--format", "json")
    assert done.returncode == 1, done.stderr
    gone = json.loads(done.stdout)["baseline"]["gone"]
    assert gone == [{"fingerprint": "0" * 16, "paths": []}]

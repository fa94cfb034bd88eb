"""A severity override in the settings never lets folding hide an error (review of issue 16).

Folding compares severities (an error is never folded into a warning or an info); the settings'
``severity:`` map must be applied before that comparison, or a covering rule made an info swallows
the errors it covers and the gate passes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.inprocess import run_main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "fleet"


def _fleet(tmp_path: Path, severity: str | None) -> list[str]:
    shutil.copytree(EXAMPLES, tmp_path / "fleet")
    args = ["check", str(tmp_path / "fleet"), "--format", "json"]
    if severity is not None:
        (tmp_path / "sev.yaml").write_text(f"severity:\n  SAAS-NONPROD-ON-PRODUCTION-DATASPACE: {severity}\n")
        args += ["--config", str(tmp_path / "sev.yaml")]
    return args


def test_the_covered_errors_are_folded_while_the_covering_rule_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, *_fleet(tmp_path, None))
    findings = json.loads(out)["findings"]
    rules = [f["rule"] for f in findings if f["severity"] == "error"]
    assert code == 1 and "SAAS-NONPROD-ON-PRODUCTION-DATASPACE" in rules
    assert "FLEET-UNIQUE-DATASPACE" not in rules  # folded: a note of the primary
    primary = next(f for f in findings if f["rule"] == "SAAS-NONPROD-ON-PRODUCTION-DATASPACE")
    assert any(
        (p["note"] or "").startswith("also FLEET-UNIQUE-DATASPACE (error)") for p in primary["related"]
    )


@pytest.mark.parametrize("severity", ["info", "warning"])
def test_a_covering_rule_made_less_severe_folds_no_error_and_the_gate_still_fails(
    severity: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, *_fleet(tmp_path, severity))
    findings = json.loads(out)["findings"]
    errors = {f["rule"] for f in findings if f["severity"] == "error"}
    assert code == 1
    assert {"FLEET-UNIQUE-DATASPACE", "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION"} <= errors
    primary = next(f for f in findings if f["rule"] == "SAAS-NONPROD-ON-PRODUCTION-DATASPACE")
    assert primary["severity"] == severity
    assert not any((p["note"] or "").startswith("also ") for p in primary["related"])

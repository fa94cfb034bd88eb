"""``--format codequality``: GitLab's Code Quality JSON, checked against its documented format."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from linter.errors import LoadError, UsageError
from linter.finding import Finding, Severity
from linter.location import Location
from linter.result import LintResult
from tests.conftest import EXAMPLES, ROOT
from tests.reporters.conftest import WAIVER, check, render
from tests.support.inprocess import run_main

SCHEMA = json.loads((ROOT / "tests/data/gitlab-code-quality.schema.json").read_text(encoding="utf-8"))


def _report(result: LintResult) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(render("codequality", result))
    errors = list(Draft7Validator(SCHEMA).iter_errors(issues))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return issues


def test_the_schema_refuses_what_gitlab_would_not_read() -> None:
    good = {
        "description": "d",
        "check_name": "c",
        "fingerprint": "f",
        "severity": "major",
        "location": {"path": "app/etc/env.php", "lines": {"begin": 3}},
    }
    validator = Draft7Validator(SCHEMA)
    assert validator.is_valid([good])
    for bad in (
        {**good, "severity": "error"},
        {**good, "location": {"path": "./app/etc/env.php", "lines": {"begin": 3}}},
        {**good, "location": {"path": "/srv/app/etc/env.php", "lines": {"begin": 3}}},
        {**good, "location": {"path": "app/etc/env.php"}},
        {key: value for key, value in good.items() if key != "fingerprint"},
    ):
        assert not validator.is_valid([bad]), bad


def test_one_issue_per_finding_with_rule_severity_and_place(fleet_result: LintResult) -> None:
    issues = _report(fleet_result)
    assert len(issues) == len(fleet_result.findings)
    by_fingerprint = {issue["fingerprint"]: issue for issue in issues}
    assert len(by_fingerprint) == len(issues)  # GitLab shows one issue per fingerprint
    for finding in fleet_result.findings:
        issue = by_fingerprint[finding.fingerprint]
        assert issue["check_name"] == finding.rule
        assert (
            issue["severity"] == {"error": "critical", "warning": "major", "info": "minor"}[finding.severity]
        )
        assert issue["location"] == {"path": finding.place.file, "lines": {"begin": finding.place.line}}
        assert finding.message in issue["description"]


def test_waived_left_out_variables_and_input_errors_kept(variant_result: LintResult) -> None:
    issues = _report(variant_result)
    assert not any(issue["check_name"] == "SEC-CONNECTOR-IN-SHARED-CONFIG" for issue in issues), WAIVER
    from_variable = next(issue for issue in issues if issue["check_name"] == "PS-METHOD-VALUE")
    # <environment> is no file: the related place in the repository stands for it.
    assert from_variable["location"] == {"path": "examples/fleet/dev/env.yaml", "lines": {"begin": 18}}
    assert "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD" in from_variable["description"]
    broken = next(issue for issue in issues if issue["check_name"] == "commerce-lint/input")
    assert broken["severity"] == "blocker"
    assert broken["location"] == {"path": "broken/env.yaml", "lines": {"begin": 3}}


def test_a_finding_with_no_file_anywhere_points_at_its_instance(fleet_result: LintResult) -> None:
    finding = Finding(
        rule="PS-METHOD-VALUE",
        severity=Severity.ERROR,
        message="set only by a variable",
        instance="dev",
        paths=("payment/payment_methods/method",),
        place=Location("<environment>", variable="CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD"),
    )
    result = LintResult(
        rules=fleet_result.rules,
        findings=[finding, finding],  # the same twice: still two distinct fingerprints
        errors=[UsageError("no instance found")],
        instances=fleet_result.instances,
        inputs=fleet_result.inputs,
    )
    result.not_evaluated[("CHG-PARTIAL-KEY-ROTATION", "dev")] = "the before state did not load"
    issues = _report(result)
    dev_first = next(s for s in fleet_result.instances if s.name == "dev").files[0].path
    assert [issue["location"]["path"] for issue in issues[:2]] == [dev_first, dev_first]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues) == 4
    assert (
        issues[3]["check_name"] == "commerce-lint/not-evaluated"
        and issues[3]["location"]["path"] == dev_first
    )


def test_paths_are_relative_to_the_repository_root_from_a_subdirectory(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "shop/configs/fleet")
    (tmp_path / "shop/ci/jobs").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(tmp_path / "shop")], check=True, capture_output=True)
    with contextlib.chdir(tmp_path / "shop/ci/jobs"):
        issues = _report(check("../../configs/fleet", cwd=tmp_path / "shop/ci/jobs"))
    paths = {issue["location"]["path"] for issue in issues}
    assert "configs/fleet/staging/env.json" in paths
    assert all(path.startswith("configs/fleet/") for path in paths), paths


def test_through_the_cli_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "gl-code-quality-report.json"
    code, _, _ = run_main(monkeypatch, capsys, "check", "examples/fleet", "--format", f"codequality={target}")
    assert code == 1
    issues = json.loads(target.read_text(encoding="utf-8"))
    assert not list(Draft7Validator(SCHEMA).iter_errors(issues)) and issues


def test_an_unreadable_file_is_a_blocker_and_the_others_are_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES / "fleet/staging", tmp_path / "fleet/staging")
    (tmp_path / "fleet/broken").mkdir()
    (tmp_path / "fleet/broken/env.php").write_text(
        "<?php\nreturn [\n    'crypt' => [\n        'key' => 'base64c2VjcmV0c2VjcmV0',\n    \x00\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_main(monkeypatch, capsys, "check", "fleet", "--format", "codequality")
    assert code == 2
    issues = json.loads(out)
    assert not list(Draft7Validator(SCHEMA).iter_errors(issues))
    blockers = [issue for issue in issues if issue["severity"] == "blocker"]
    assert blockers and blockers[0]["location"]["path"] == "fleet/broken/env.php"
    assert "c2VjcmV0c2VjcmV0" not in out  # the crypt key next to the syntax error
    assert any(issue["location"]["path"].startswith("fleet/staging/") for issue in issues)


def test_a_load_error_without_a_line_points_at_line_one() -> None:
    result = LintResult(rules=[], errors=[LoadError("cannot read the file", "app/etc/env.php")])
    with contextlib.chdir(ROOT):
        (issue,) = _report(result)
    assert issue["location"] == {"path": "app/etc/env.php", "lines": {"begin": 1}}

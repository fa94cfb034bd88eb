"""SARIF output: valid against the official 2.1.0 schema, with rules, locations and stable fingerprints."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from jsonschema.validators import validator_for

from linter.catalog.loader import load_catalog
from linter.engine import run
from linter.model.discovery import discover
from linter.reporters.sarif import FINGERPRINT_KEY, artifact_uri
from linter.result import LintResult
from tests.conftest import ROOT
from tests.reporters.conftest import WAIVER, check, render

SHARED_SCHEMA = ROOT.parent / "shared/vendor/sarif-schema-2.1.0.json"
SCHEMA = SHARED_SCHEMA if SHARED_SCHEMA.exists() else ROOT / "tests/data/sarif-schema-2.1.0.json"


def _sarif(result: LintResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", result))
    return document


@pytest.mark.parametrize("which", ["fleet_result", "variant_result"])
def test_output_validates_against_the_official_schema(which: str, request: pytest.FixtureRequest) -> None:
    document = _sarif(request.getfixturevalue(which))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # The schema declares draft-04; check with that and with Draft 7, which CI tools commonly use.
    for validator_class in {validator_for(schema, default=Draft7Validator), Draft7Validator}:
        validator_class.check_schema(schema)
        errors = sorted(validator_class(schema).iter_errors(document), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_driver_lists_every_rule_with_help_and_sources(fleet_result: LintResult) -> None:
    run = _sarif(fleet_result)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "commerce-lint" and driver["version"] and driver["informationUri"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in fleet_result.rules]
    for descriptor, rule in zip(driver["rules"], fleet_result.rules, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}.get(
            rule.severity.value, "note"
        )
        assert rule.sources[0].document in descriptor["help"]["text"]
        assert "How to fix" in descriptor["help"]["markdown"]
        assert descriptor["properties"]["sources"][0]["document"] == rule.sources[0].document
        assert descriptor["properties"]["tags"] == list(dict.fromkeys([*rule.tags, "security"]))


def test_results_point_at_files_lines_and_rules(fleet_result: LintResult) -> None:
    run = _sarif(fleet_result)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(fleet_result.findings)
    for item, finding in zip(results, fleet_result.findings, strict=True):
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"] == finding.rule
        assert item["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        physical = item["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == finding.place.file
        assert physical["region"] == {"startLine": finding.place.line, "startColumn": finding.place.column}
        assert item["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
        assert item["properties"]["paths"] == list(finding.paths)
        assert "suppressions" not in item
    pem = next(r for r in results if r["ruleId"] == "CSC-PRIVATE-KEY-PEM")
    assert pem["properties"]["instance"] == "staging"
    assert (
        pem["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "examples/fleet/staging/env.json"
    )


def test_fleet_findings_carry_related_locations() -> None:
    # The fleet rules alone (--levels fleet): in a whole check they fold into staging's finding.
    with contextlib.chdir(ROOT):
        fleet_rules = [rule for rule in load_catalog() if rule.level == "fleet"]
        results = _sarif(run(discover(["examples/fleet"]), fleet_rules))["runs"][0]["results"]
    fleet = [r for r in results if r["properties"]["instance"] is None]
    assert fleet, "the example fleet shares a data space between production and staging"
    for item in fleet:
        related = item["relatedLocations"]
        assert related and all(r["physicalLocation"]["region"]["startLine"] for r in related)
        assert len(item["properties"]["instances"]) == 1 + len(related)


def test_waiver_variable_and_pseudo_file(variant_result: LintResult) -> None:
    run = _sarif(variant_result)["runs"][0]
    waived = [r for r in run["results"] if r["ruleId"] == "SEC-CONNECTOR-IN-SHARED-CONFIG"]
    assert waived and all(
        r["suppressions"] == [{"kind": "external", "justification": WAIVER}] for r in waived
    )
    from_variable = next(r for r in run["results"] if r["ruleId"] == "PS-METHOD-VALUE")
    location = from_variable["locations"][0]
    assert "physicalLocation" not in location  # <environment> is not a file
    assert {"name": "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD", "kind": "variable"} in location[
        "logicalLocations"
    ]
    assert "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD" in from_variable["message"]["text"]
    assert from_variable["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 18
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken/env.yaml"


def test_fingerprints_survive_line_shifts(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples/fleet", tmp_path / "fleet")
    before = _sarif(check("fleet", cwd=tmp_path))["runs"][0]["results"]
    for env in (tmp_path / "fleet").glob("*/env.yaml"):
        env.write_text("# a new comment\n# and another\n" + env.read_text(encoding="utf-8"), encoding="utf-8")
    after = _sarif(check("fleet", cwd=tmp_path))["runs"][0]["results"]

    def index(results: list[dict[str, Any]]) -> dict[str, int]:
        return {
            r["partialFingerprints"][FINGERPRINT_KEY]: r["locations"][0]["physicalLocation"]["region"][
                "startLine"
            ]
            for r in results
        }

    old, new = index(before), index(after)
    assert old.keys() == new.keys()
    assert any(new[key] == old[key] + 2 for key in old)


@pytest.mark.parametrize(
    ("file", "uri"),
    [
        ("examples/fleet/dev/env.yaml", "examples/fleet/dev/env.yaml"),
        ("fleet\\dev\\env.yaml", "fleet/dev/env.yaml"),
        ("my fleet/env.yaml", "my%20fleet/env.yaml"),
        ("/srv/fleet/env.yaml", "file:///srv/fleet/env.yaml"),
        ("<environment>", None),
    ],
)
def test_artifact_uris_are_relative_with_forward_slashes(file: str, uri: str | None) -> None:
    assert artifact_uri(file) == uri

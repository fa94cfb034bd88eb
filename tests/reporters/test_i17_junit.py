"""JUnit for its consumers: valid against junit-10.xsd, read by junitparser, failures as --fail-on says.

tests/data/junit-10.xsd is the schema of Jenkins' xunit plugin (MIT licence, Gregory Boissinot, in
its header), as pytest vendors it in testing/example_scripts (taken from the pytest 9.2.0 sdist).
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from junitparser import Failure, JUnitXml, TestCase

from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.outcomes import involved
from linter.result import LintResult
from tests.conftest import EXAMPLES, ROOT
from tests.reporters.conftest import check, render
from tests.support.inprocess import run_main

XSD = xmlschema.XMLSchema10(str(ROOT / "tests/data/junit-10.xsd"))


def _with_fail_on(result: LintResult, fail_on: Severity) -> LintResult:
    copy = LintResult(
        result.rules, result.findings, result.errors, result.instances, result.outcomes, result.inputs
    )
    copy.not_evaluated = result.not_evaluated
    copy.fail_on = fail_on
    return copy


def _cases(xml: str) -> dict[tuple[str, str], TestCase]:
    return {(suite.name, case.name): case for suite in JUnitXml.fromstring(xml) for case in suite}


@pytest.mark.parametrize("which", ["fleet_result", "variant_result"])
@pytest.mark.parametrize("fail_on", list(Severity))
def test_valid_against_junit_10_xsd(which: str, fail_on: Severity, request: pytest.FixtureRequest) -> None:
    xml = render("junit", _with_fail_on(request.getfixturevalue(which), fail_on))
    XSD.validate(xml)
    assert "skipped" not in ET.fromstring(xml).attrib  # the old report's attribute the XSD refuses


def test_the_validator_refuses_what_the_xsd_forbids(fleet_result: LintResult) -> None:
    root = ET.fromstring(render("junit", fleet_result))
    root.set("skipped", "0")
    assert not XSD.is_valid(ET.tostring(root, encoding="unicode"))


def test_warnings_fail_only_at_fail_on_warning(fleet_result: LintResult) -> None:
    # The example fleet's dev instance has warnings only from SEC-CONNECTOR-IN-SHARED-CONFIG.
    default = _cases(render("junit", fleet_result))[("dev", "SEC-CONNECTOR-IN-SHARED-CONFIG")]
    assert default.is_passed and "warning: services_connector/services_id/project_id" in default.system_out
    strict = _with_fail_on(fleet_result, Severity.WARNING)
    case = _cases(render("junit", strict))[("dev", "SEC-CONNECTOR-IN-SHARED-CONFIG")]
    assert isinstance(case.result[0], Failure) and case.result[0].type == "warning"
    # Errors fail at every level; info findings only at --fail-on info.
    for fail_on in Severity:
        cases = _cases(render("junit", _with_fail_on(fleet_result, fail_on)))
        assert cases[("staging", "CSC-PRIVATE-KEY-PEM")].is_failure
        assert cases[("staging", "SEC-PLAINTEXT-PRIVATE-KEY")].is_failure == (fail_on == Severity.INFO)


def test_counts_match_the_cases(fleet_result: LintResult) -> None:
    for fail_on in Severity:
        xml = JUnitXml.fromstring(render("junit", _with_fail_on(fleet_result, fail_on)))
        cases = [case for suite in xml for case in suite]
        assert xml.tests == len(cases)
        assert xml.failures == sum(1 for case in cases if case.is_failure)
        failing = {
            (finding.rule, name)
            for finding in fleet_result.findings
            if finding.severity.rank >= fail_on.rank and not finding.waived
            for name in involved(finding)
        }
        assert xml.failures == len(failing) > 0


def test_through_the_cli_fail_on_and_the_exit_code_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES / "fleet/dev", tmp_path / "dev")
    monkeypatch.chdir(tmp_path)
    # dev alone: warnings (shared connector values) and an error (an incomplete key pair); only the
    # warnings rule is selected, so the exit code and the failures depend on --fail-on alone.
    only = ("--select", "SEC-CONNECTOR-IN-SHARED-CONFIG")
    code, out, _ = run_main(monkeypatch, capsys, "check", "dev", *only, "--format", "junit")
    assert code == 0 and JUnitXml.fromstring(out).failures == 0
    code, out, _ = run_main(
        monkeypatch, capsys, "check", "dev", *only, "--format", "junit", "--fail-on", "warning"
    )
    assert code == 1 and JUnitXml.fromstring(out).failures == 1
    XSD.validate(out)


def test_xunit1_names_file_and_line_for_gitlab(fleet_result: LintResult) -> None:
    xml = render("junit-xunit1", fleet_result)
    root = ET.fromstring(xml)
    case = next(
        element
        for element in root.iter("testcase")
        if element.get("name") == "CSC-PRIVATE-KEY-PEM"
        and element.get("classname") == "commerce-lint.staging"
    )
    assert (case.get("file"), case.get("line")) == ("examples/fleet/staging/env.json", "10")
    passed = [element for element in root.iter("testcase") if not len(element)]
    assert passed and all(element.get("file") is None for element in passed)
    # Only the two attributes leave the XSD: without them the document is valid.
    for element in root.iter("testcase"):
        element.attrib.pop("file", None)
        element.attrib.pop("line", None)
    XSD.validate(ET.tostring(root, encoding="unicode"))
    assert not XSD.is_valid(xml)  # as pytest's xunit1: file and line are not in junit-10.xsd


def test_xunit1_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    import contextlib
    import subprocess

    shutil.copytree(EXAMPLES / "fleet", tmp_path / "shop/configs/fleet")
    (tmp_path / "shop/ci").mkdir()
    subprocess.run(["git", "init", "-q", str(tmp_path / "shop")], check=True, capture_output=True)
    with contextlib.chdir(tmp_path / "shop/ci"):
        xml = render("junit-xunit1", check("../configs/fleet", cwd=tmp_path / "shop/ci"))
    files = {element.get("file") for element in ET.fromstring(xml).iter("testcase")} - {None}
    assert "configs/fleet/staging/env.json" in files
    assert all(file.startswith("configs/fleet/") for file in files if file)


def test_related_notes_and_input_errors(variant_result: LintResult) -> None:
    finding = Finding(
        rule="CHG-PARTIAL-KEY-ROTATION",
        severity=Severity.ERROR,
        message="only one key was rotated",
        instance="production",
        paths=("k",),
        place=Location("examples/fleet/production/env.yaml", 20, 9),
        related=(Location("examples/fleet/production/env.yaml", 25, 9, note="the key left as it was"),),
    )
    result = LintResult(
        rules=[],
        findings=[finding],
        errors=variant_result.errors,
        outcomes={("CHG-PARTIAL-KEY-ROTATION", "production"): "fail"},
    )
    xml = render("junit-xunit1", result)
    cases = _cases(xml)
    failure = cases[("production", "CHG-PARTIAL-KEY-ROTATION")].result[0]
    assert "see also examples/fleet/production/env.yaml:25:9: the key left as it was" in failure.text
    error_case = next(
        element for element in ET.fromstring(xml).iter("testcase") if "broken" in element.get("name", "")
    )
    assert (error_case.get("file"), error_case.get("line")) == ("broken/env.yaml", "3")
    XSD.validate(render("junit", result))

"""JUnit XML, read back with junitparser (what CI systems rely on): suites, counts and failure texts."""

from __future__ import annotations

import contextlib

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from linter.catalog.loader import load_catalog
from linter.engine import run
from linter.model.discovery import discover
from linter.reporters.outcomes import involved
from linter.result import LintResult
from tests.conftest import ROOT
from tests.reporters.conftest import WAIVER, render


def _suites(result: LintResult) -> dict[str, TestSuite]:
    xml = JUnitXml.fromstring(render("junit", result))
    return {suite.name: suite for suite in xml}


def _case(suite: TestSuite, rule: str) -> TestCase:
    return next(case for case in suite if case.name == rule)


def test_one_suite_per_instance_one_case_per_rule(fleet_result: LintResult) -> None:
    suites = _suites(fleet_result)
    assert list(suites) == ["dev", "production", "staging"]  # fleet findings belong to their instances
    for name, suite in suites.items():
        expected = {rule for rule, instance in fleet_result.outcomes if instance == name}
        cases = list(suite)
        assert {case.name for case in cases} == expected
        assert all(case.classname == f"commerce-lint.{name}" for case in cases)
        assert suite.tests == len(cases)
        assert suite.failures == sum(1 for case in cases if case.is_failure)
        assert suite.skipped == sum(1 for case in cases if case.is_skipped)
        assert suite.errors == 0


def test_failures_list_every_finding_of_the_rule(fleet_result: LintResult) -> None:
    suites = _suites(fleet_result)
    for (rule, instance), status in fleet_result.outcomes.items():
        case = _case(suites[instance], rule)
        findings = [f for f in fleet_result.findings if f.rule == rule and instance in involved(f)]
        serious = [f for f in findings if f.severity.value == "error"]  # --fail-on error, the default
        assert case.is_failure == bool(serious), (rule, instance)
        if status == "not_applicable":
            assert isinstance(case.result[0], Skipped) and case.result[0].message == "not applicable"
        if not serious:
            continue
        failure = case.result[0]
        assert isinstance(failure, Failure)
        assert failure.type == max(serious, key=lambda f: f.severity.rank).severity.value
        for finding in findings:
            assert f"{finding.place.label()}: {finding.severity.value}: {finding.message}" in failure.text


def test_info_findings_alone_pass_with_output(fleet_result: LintResult) -> None:
    case = _case(_suites(fleet_result)["staging"], "SEC-PLAINTEXT-PRIVATE-KEY")
    assert case.is_passed and not case.result
    lines = case.system_out.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [
        ["examples/fleet/staging/env.json:10:11", "info"],
        ["examples/fleet/staging/env.json:12:11", "info"],
    ]


def test_fleet_failure_names_the_other_instance() -> None:
    # The fleet rules alone (--levels fleet): nothing covers their findings.
    with contextlib.chdir(ROOT):
        fleet_rules = [rule for rule in load_catalog() if rule.level == "fleet"]
        suites = _suites(run(discover(["examples/fleet"]), fleet_rules))
    for instance in ("production", "staging"):
        failure = _case(suites[instance], "FLEET-UNIQUE-DATASPACE").result[0]
        assert isinstance(failure, Failure)
        assert "production/env.yaml" in failure.text and "staging/env.json" in failure.text
    assert _case(suites["dev"], "FLEET-UNIQUE-DATASPACE").is_passed


def test_a_folded_fleet_finding_is_skipped_and_counted_once(fleet_result: LintResult) -> None:
    suites = _suites(fleet_result)
    for instance in ("production", "staging"):
        case = _case(suites[instance], "FLEET-UNIQUE-DATASPACE")
        assert case.is_skipped
        assert case.result[0].message == "folded into SAAS-NONPROD-ON-PRODUCTION-DATASPACE"
    failure = _case(suites["staging"], "SAAS-NONPROD-ON-PRODUCTION-DATASPACE").result[0]
    assert isinstance(failure, Failure) and "see also examples/fleet/staging/env.json:17:11" in failure.text


def test_waived_cells_are_skipped_and_input_errors_are_errors(variant_result: LintResult) -> None:
    suites = _suites(variant_result)
    waived = _case(suites["dev"], "SEC-CONNECTOR-IN-SHARED-CONFIG")
    assert waived.is_skipped and waived.result[0].message == f"waived: {WAIVER}"
    method = _case(suites["dev"], "PS-METHOD-VALUE").result[0]
    assert isinstance(method, Failure)
    assert "<script>" in method.text and "live|test" in method.text  # escaped in XML, intact when read
    inputs = suites["inputs"]
    assert (inputs.tests, inputs.errors) == (1, 1)
    error = next(iter(inputs)).result[0]
    assert isinstance(error, Error) and error.type == "LoadError"
    assert error.message.startswith("broken/env.yaml:3:5: could not parse YAML")


def test_totals_on_testsuites(variant_result: LintResult) -> None:
    xml = JUnitXml.fromstring(render("junit", variant_result))
    suites = list(xml)
    for attribute in ("tests", "failures", "errors", "skipped"):
        assert getattr(xml, attribute) == sum(getattr(suite, attribute) for suite in suites)
    assert xml.name == "commerce-lint" and xml.errors == 1

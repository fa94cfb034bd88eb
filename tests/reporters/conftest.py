"""Real lint results for the reporter tests: the example fleet, and a variant with every special case."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from linter.catalog.loader import load_catalog
from linter.engine import run
from linter.errors import LoadError
from linter.finding import Finding, Severity
from linter.location import Location
from linter.model.discovery import discover
from linter.reporters import build_reporter
from linter.result import LintResult
from tests.conftest import ROOT

WAIVER = "accepted risk, owner X"


def check(*paths: str | Path, cwd: Path = ROOT) -> LintResult:
    """Run the real engine the way the CLI does, with paths relative to ``cwd``."""
    with contextlib.chdir(cwd):
        return run(discover([str(path) for path in paths]), load_catalog())


def render(name: str, result: LintResult) -> str:
    """One format's output as a string."""
    stream = io.StringIO()
    build_reporter(name)(result, stream)
    return stream.getvalue()


@pytest.fixture(scope="session")
def fleet_result() -> LintResult:
    return check("examples/fleet")


def _variant(base: LintResult) -> LintResult:
    """The example fleet plus a waived cell, a value from a variable, a related place and an input error."""
    findings: list[Finding] = []
    for finding in base.findings:
        if finding.rule == "SEC-CONNECTOR-IN-SHARED-CONFIG":  # every finding of the dev cell: waived
            finding = finding.replace(waived=WAIVER)
        findings.append(finding)
    findings.append(
        Finding(
            rule="PS-METHOD-VALUE",
            severity=Severity.ERROR,
            message="payment/payment_methods/method is 'live|test' <script>alert(1)</script>; 100% wrong",
            instance="dev",
            paths=("payment/payment_methods/method",),
            place=Location("<environment>", variable="CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD"),
            related=(Location("examples/fleet/dev/env.yaml", 18, 9, instance="dev"),),
            key="bad-method",
            hint="Set it to sandbox or production, line 1\nline 2, with: colons",
        )
    )
    findings.sort(key=Finding.sort_key)
    outcomes = dict(base.outcomes)
    outcomes[("PS-METHOD-VALUE", "dev")] = "fail"
    return LintResult(
        rules=base.rules,
        findings=findings,
        errors=[LoadError("could not parse YAML: mapping values are not allowed", "broken/env.yaml", 3, 5)],
        instances=base.instances,
        outcomes=outcomes,
        inputs=[*base.inputs, "broken/env.yaml"],
    )


@pytest.fixture(scope="session")
def variant_result(fleet_result: LintResult) -> LintResult:
    return _variant(fleet_result)


@pytest.fixture()
def rendered() -> Callable[[str, LintResult], str]:
    return render

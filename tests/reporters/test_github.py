"""GitHub Actions workflow commands: one escaped annotation per finding that is not waived."""

from __future__ import annotations

import re

import pytest

from linter.reporters.github import command, escape_data, escape_property
from linter.result import LintResult
from tests.reporters.conftest import render

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(",")) if match.group(2) else {}
    return match.group(1), properties, match.group(3)


def test_one_annotation_per_finding(fleet_result: LintResult) -> None:
    lines = render("github", fleet_result).splitlines()
    assert len(lines) == len(fleet_result.findings)
    ordered = sorted(fleet_result.findings, key=lambda f: -f.severity.rank)  # errors first (the cap of ten)
    for line, finding in zip(lines, ordered, strict=True):
        name, properties, message = _parse(line)
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        assert properties == {
            "file": finding.place.file,
            "line": str(finding.place.line),
            "col": str(finding.place.column),
            "title": finding.rule,
        }
        assert "%0Afix: " in message
    assert any(
        line.startswith("::error file=examples/fleet/staging/env.json,line=10,col=11,") for line in lines
    )


def test_waived_skipped_variables_and_input_errors(variant_result: LintResult) -> None:
    lines = render("github", variant_result).splitlines()
    assert not any("SEC-CONNECTOR-IN-SHARED-CONFIG" in line for line in lines)  # waived
    from_variable = next(line for line in lines if "title=PS-METHOD-VALUE" in line)
    _, properties, message = _parse(from_variable)
    assert properties == {"title": "PS-METHOD-VALUE"}  # <environment> is no file in the repository
    assert "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD" in message
    assert "100%25 wrong" in message and "line 1%0Aline 2, with: colons" in message
    assert (
        lines[0]  # input errors first: the run could not do its whole job
        == "::error file=broken/env.yaml,line=3::could not parse YAML: mapping values are not allowed"
    )


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping_follows_the_runner(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_command_leaves_out_missing_properties() -> None:
    assert command("notice", "hello") == "::notice::hello"
    assert (
        command("error", "m", file="a,b.yaml", line=None, title="R:1")
        == "::error file=a%2Cb.yaml,title=R%3A1::m"
    )

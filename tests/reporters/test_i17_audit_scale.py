"""The audit report at 5,000 instances stays under 5 MB and never grows sideways (the timing is in bench/)."""

from __future__ import annotations

import re

import pytest

from linter.finding import Finding, Severity
from linter.location import Location
from linter.result import LintResult
from tests.reporters.conftest import render

SIZE = 5_000
LIMIT = 5 * 1024 * 1024


def _renamed(place: Location, copy: int) -> Location:
    if not place.instance:
        return place
    return place.replace(
        file=place.file.replace("examples/fleet/", f"fleet-{copy}/"), instance=f"{place.instance}-{copy}"
    )


def _finding(finding: Finding, copy: int) -> Finding:
    return finding.replace(
        instance=f"{finding.instance}-{copy}" if finding.instance else None,
        place=_renamed(finding.place, copy),
        related=tuple(_renamed(place, copy) for place in finding.related),
    )


def fleet_of(base: LintResult, size: int, broken_every: int = 50) -> LintResult:
    """The example fleet copied until it has ``size`` instances.

    Every ``broken_every``-th copy keeps the example's errors and warnings, every copy its advice (info):
    the share of broken instances in bench/generate.py's corpus (2%), where the real fleet of issue 17
    was measured. (A fleet where every instance has eight errors lists 40,000 of them: about 20 MB.)
    """
    copies = -(-size // len(base.instances))
    instances, findings, outcomes = [], [], {}
    for copy in range(copies):
        for summary in base.instances:
            files = tuple(
                f.replace(path=f.path.replace("examples/fleet/", f"fleet-{copy}/")) for f in summary.files
            )
            instances.append(
                summary.replace(
                    name=f"{summary.name}-{copy}", directory=f"fleet-{copy}/{summary.name}", files=files
                )
            )
        findings += [
            _finding(finding, copy)
            for finding in base.findings
            if copy % broken_every == 0 or finding.severity == Severity.INFO
        ]
        outcomes.update({(rule, f"{name}-{copy}"): state for (rule, name), state in base.outcomes.items()})
    instances = instances[:size]
    kept = {summary.name for summary in instances}
    findings = [f for f in findings if all(p.instance in kept for p in (f.place, *f.related) if p.instance)]
    outcomes = {key: state for key, state in outcomes.items() if key[1] in kept}
    return LintResult(rules=base.rules, findings=findings, instances=instances, outcomes=outcomes)


@pytest.fixture(scope="module")
def large_html(fleet_result: LintResult) -> tuple[LintResult, str]:
    result = fleet_of(fleet_result, SIZE)
    return result, render("html", result)


def test_five_thousand_instances_fit_in_five_megabytes(large_html: tuple[LintResult, str]) -> None:
    result, html = large_html
    assert len(result.instances) == SIZE and len(result.findings) > SIZE  # info on every instance
    assert len(html.encode("utf-8")) < LIMIT


def test_nothing_grows_with_the_fleet_sideways(large_html: tuple[LintResult, str]) -> None:
    _, html = large_html
    assert '<td class="cell' not in html and 'class="matrix-summary"' in html
    for row in re.findall(r"<tr[ >].*?</tr>", html, re.S):  # no table row has a cell per instance
        assert row.count("<td") + row.count("<th") <= 10, row[:300]


def test_every_instance_is_still_named_and_the_riskiest_come_first(
    large_html: tuple[LintResult, str],
) -> None:
    result, html = large_html
    facts = html[html.index('id="h-instances"') :]
    names = re.findall(r'<details class="instance" id="instance-\d+-[^"]+"><summary>([^ <]+)', facts)
    assert sorted(names) == sorted(summary.name for summary in result.instances)
    # the example's staging shares production's data space (data loss); dev only has warnings
    broken = {summary.name for summary in result.instances if int(summary.name.rsplit("-", 1)[1]) % 50 == 0}
    assert set(names[: len(broken)]) == broken  # instances with findings first
    assert names[0].startswith(("staging-", "production-"))  # the shared production data space: data loss
    first = html[html.index('id="h-first"') : html.index('id="h-glance"')]
    assert re.search(r"on \d,?\d* instances: .+ and \d+ more\.", first)

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
    was measured; ``broken_every=1`` breaks every instance.
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


def test_a_fleet_where_every_instance_fails_still_fits(fleet_result: LintResult) -> None:
    # Every copy keeps the example's errors and warnings: tens of thousands of them. Each rule's first
    # findings are listed in full, the other instances named under "More of the same mistakes".
    result = fleet_of(fleet_result, SIZE, broken_every=1)
    serious = [f for f in result.findings if f.severity != Severity.INFO]
    assert len(serious) >= 2 * SIZE
    html = render("html", result)
    assert len(html.encode("utf-8")) < LIMIT
    more = html[html.index('id="findings-more"') :]
    for rule in {f.rule for f in serious if f.instance}:
        listed = len(
            re.findall(rf'<tr id="finding-\d+" [^>]*>\n<td>.*?\n<th scope="row"><code>{rule}</code>', html)
        )
        assert 0 < listed <= 50, rule
        if sum(f.rule == rule and bool(f.instance) for f in serious) > 50:
            assert f"<code>{rule}</code> on " in more, rule
    # Every link of the "fix first" summary leads somewhere on the page.
    first = html[html.index('id="h-first"') : html.index('id="h-glance"')]
    for anchor in re.findall(r'href="#([^"]+)"', first):
        assert f'id="{anchor}"' in html, anchor

"""The audit report puts risk first: what to fix first, instances by risk, notes on related places, scale."""

from __future__ import annotations

import contextlib
import re

import pytest

from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.audit import LARGE_FLEET, OTHER_ERRORS, RISKS, context
from linter.result import InstanceSummary, LintResult
from tests.conftest import ROOT
from tests.reporters.conftest import render

LOSES_DATA, BLOCKS_PAYMENTS = RISKS["risk:data-loss"], RISKS["risk:payments"]


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_fix_first_leads_with_data_loss_then_payments_grouped_by_rule(fleet_result: LintResult) -> None:
    groups = context(fleet_result)["fix_first"]
    risks = [group.risk for group in groups]
    assert risks == sorted(risks, key=[LOSES_DATA, BLOCKS_PAYMENTS, OTHER_ERRORS].index)
    assert risks[0] == LOSES_DATA
    by_rule = {group.rule: group for group in groups}
    assert len(by_rule) == len(groups)  # one group per mistake
    # The staging on production's data space is one mistake: the instance rule, with the two fleet rules
    # folded into it (covers:).
    shared = by_rule["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"]
    assert shared.risk == LOSES_DATA and "staging" in set(shared.instances)
    assert "FLEET-UNIQUE-DATASPACE" not in by_rule
    expected = {
        f.rule
        for f in fleet_result.findings
        if not f.waived and (f.severity == Severity.ERROR or f.severity == Severity.WARNING)
    }
    listed = set(by_rule)
    assert listed <= expected
    rules = {rule.id: rule for rule in fleet_result.rules}
    # every error is listed; a warning only when its rule names a risk
    for rule in expected:
        severities = {f.severity for f in fleet_result.findings if f.rule == rule}
        named = any(tag in rules[rule].tags for tag in RISKS)
        assert (rule in listed) == (Severity.ERROR in severities or named), rule


def test_html_summary_comes_first_and_names_the_fix(fleet_result: LintResult) -> None:
    html = render("html", fleet_result)
    sections = re.findall(r'<h2 id="([^"]+)"', html)
    assert sections[:3] == ["h-first", "h-glance", "h-matrix"]
    first = html[html.index('id="h-first"') : html.index('id="h-glance"')]
    assert first.index(LOSES_DATA) < first.index(BLOCKS_PAYMENTS) if BLOCKS_PAYMENTS in first else True
    assert "SAAS-NONPROD-ON-PRODUCTION-DATASPACE" in first and "Fix:" in first
    for anchor in re.findall(r'href="#(finding-\d+)"', first):
        assert f'id="{anchor}"' in html


def _result(findings: list[Finding], names: list[str], rules: LintResult) -> LintResult:
    summaries = [InstanceSummary(name, f"fleet/{name}", "staging", "a test", None, ()) for name in names]
    return LintResult(rules=rules.rules, findings=findings, instances=summaries)


def _finding(rule: str, instance: str, severity: Severity = Severity.ERROR, **extra: object) -> Finding:
    place = Location(f"fleet/{instance}/app/etc/env.php", 12, 9, instance=instance)
    return Finding(
        rule=rule,
        severity=severity,
        message=f"{rule} on {instance}",
        instance=instance,
        paths=("a/b",),
        place=place,
        **extra,
    )  # type: ignore[arg-type]


def test_instances_are_ordered_by_risk_not_by_name(fleet_result: LintResult) -> None:
    findings = [
        _finding("CSC-GLOBAL-SCOPE-ONLY", "alpha", Severity.WARNING),
        _finding("CSC-KEYPAIR-COMPLETE", "bravo"),
        _finding("CSC-KEYPAIR-COMPLETE", "bravo", key="2"),
        _finding("PS-METHOD-VALUE", "charlie"),
        _finding("SAAS-NONPROD-ON-PRODUCTION-DATASPACE", "delta"),
        _finding("SAAS-NONPROD-ON-PRODUCTION-DATASPACE", "echo", waived="accepted"),
    ]
    result = _result(findings, ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"], fleet_result)
    order = [view.name for view in context(result)["by_risk"]]
    # data loss, payments, then two errors before one, then a warning; waived and clean last, by name
    assert order == ["delta", "charlie", "bravo", "alpha", "echo", "foxtrot"]
    html = render("html", result)
    glance = html[html.index('id="h-glance"') : html.index('id="h-matrix"')]
    assert re.findall(r'<th scope="row"><a href="#findings-instance-\d+-(\w+)"', glance) == order
    first = html[html.index('id="h-first"') : html.index('id="h-glance"')]
    assert first.index(LOSES_DATA) < first.index(BLOCKS_PAYMENTS) < first.index(OTHER_ERRORS)
    assert "echo" not in first  # a waived finding is not a thing to fix


def test_related_places_show_their_note(fleet_result: LintResult) -> None:
    related = (
        Location("fleet/alpha/app/etc/config.php", 118, 13, instance="alpha", note="'' here masks the value"),
        Location("fleet/alpha/app/etc/env.php", 40, 9, instance="alpha"),
    )
    result = _result([_finding("CSC-KEYPAIR-COMPLETE", "alpha", related=related)], ["alpha"], fleet_result)
    html = render("html", result)
    assert 'config.php:118:13</code> <span class="note-text">(&#39;&#39; here masks the value)' in html
    assert "fleet/alpha/app/etc/env.php:40:9</code></li>" in html  # no note, no empty brackets
    markdown = render("markdown", result)
    assert "see also fleet/alpha/app/etc/config.php:118:13: '' here masks the value" in markdown


def test_markdown_has_the_fix_first_summary(fleet_result: LintResult) -> None:
    markdown = render("markdown", fleet_result)
    assert markdown.index("## Fix first") < markdown.index("## At a glance")
    assert f"### {LOSES_DATA}" in markdown and "**SAAS-NONPROD-ON-PRODUCTION-DATASPACE**" in markdown


def test_a_small_fleet_keeps_the_full_matrix_a_large_one_a_summary(fleet_result: LintResult) -> None:
    assert "matrix-summary" not in render("html", fleet_result)
    names = [f"shop-{number:03}" for number in range(LARGE_FLEET + 1)]
    findings = [_finding("CSC-KEYPAIR-COMPLETE", name) for name in names[:3]]
    findings += [_finding("SEC-PLAINTEXT-PRIVATE-KEY", name, Severity.INFO) for name in names]
    result = _result(findings, names, fleet_result)
    result.outcomes = {("CSC-KEYPAIR-COMPLETE", name): "pass" for name in names[3:]}
    html = render("html", result)
    assert '<td class="cell' not in html  # no cell per instance: the page cannot grow sideways
    row = re.search(
        r"<tr class=\"failing\"><th scope=\"row\"><code>CSC-KEYPAIR-COMPLETE</code>.*?</tr>", html, re.S
    )
    assert row and "fails on 3" in row.group(0) and "shop-000, shop-001, shop-002" in row.group(0)
    assert re.findall(r'<td class="(\w*)">(\d+)</td>', row.group(0))[0] == ("fail", "3")
    assert "Advice" in html and f"{len(names)} info findings on {len(names)} instances" in html
    assert '<tr id="finding-' in html and html.count('class="sev-info-row') == 0  # advice is not listed
    assert f"{len(names) - 3} instances without errors or warnings" in html


def test_a_hostile_note_is_escaped_and_made_visible(fleet_result: LintResult) -> None:
    note = "<script>alert(1)</script>\x1b[31m\u202e"
    related = (Location("fleet/alpha/app/etc/env.php", 1, 1, instance="alpha", note=note),)
    result = _result([_finding("CSC-KEYPAIR-COMPLETE", "alpha", related=related)], ["alpha"], fleet_result)
    html = render("html", result)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\u202e" not in html
    markdown = render("markdown", result)
    assert "<script>" not in markdown and "\x1b" not in markdown and "\u202e" not in markdown


def test_fleet_findings_count_for_the_instances_they_name() -> None:
    # The fleet rules alone: in a full run the example's fleet errors are folded into the instance rule
    # that names the same mistake (covers:), and none is left to count.
    from linter.catalog.loader import load_catalog
    from linter.engine import run
    from linter.model.discovery import discover

    rules = [rule for rule in load_catalog() if rule.level != "instance"]
    with contextlib.chdir(ROOT):
        fleet_result = run(discover(["examples/fleet"]), rules)
    views = {view.name: view for view in context(fleet_result)["by_risk"]}
    fleet_errors = [f for f in fleet_result.findings if not f.instance and f.severity == Severity.ERROR]
    naming_staging = [f for f in fleet_errors if "staging" in {p.instance for p in (f.place, *f.related)}]
    own = [f for f in fleet_result.findings if f.instance == "staging" and f.severity == Severity.ERROR]
    assert naming_staging and views["staging"].own["error"] == len(own)
    assert views["staging"].counts["error"] == len(own) + len(naming_staging)
    html = render("html", fleet_result)
    assert f'staging</h3>\n<span class="muted">{len(own)} error' in html
    assert "more in findings across instances" in html


def test_each_instance_says_which_layers_were_read(fleet_result: LintResult) -> None:
    # Issue 18: an auditor sees per instance whether the database was among the layers read.
    html = render("html", fleet_result)
    markdown = render("markdown", fleet_result)
    for summary in fleet_result.instances:
        assert summary.layers and "no database view" in summary.layers[-1]
        said = "; ".join(summary.layers)
        assert f"<dt>Layers read</dt><dd>{said}</dd>" in html
        assert f"- Layers read: {said}\n" in markdown

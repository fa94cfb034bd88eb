"""Waiver boundaries: the expiry day itself, rule/instance/path globs, and waivers that match nothing."""

from __future__ import annotations

import datetime

import pytest

from linter.catalog.loader import load_catalog
from linter.finding import Finding, Severity
from linter.location import Location
from linter.result import LintResult
from linter.settings import Waiver
from linter.waivers import apply_waivers, matches

TODAY = datetime.date(2026, 6, 15)
NOTICE = "SETTINGS-WAIVER-UNUSED"


@pytest.fixture(scope="module")
def notice_rules() -> list:  # type: ignore[type-arg]
    return [rule for rule in load_catalog() if rule.id == NOTICE]


def _finding(
    rule: str = "CSC-KEY",
    instance: str | None = "prod",
    paths: tuple[str, ...] = ("a/b/c",),
    related: tuple[Location, ...] = (),
) -> Finding:
    return Finding(rule, Severity("error"), "msg", instance, paths, Location("prod/env.php", 3, 1), related)


def _apply(findings: list[Finding], *waivers: Waiver, rules: list | None = None) -> LintResult:  # type: ignore[type-arg]
    result = LintResult(rules or [], findings)
    apply_waivers(result, waivers, "commerce-lint.yaml", today=TODAY)
    return result


def test_a_waiver_applies_through_its_expiry_day() -> None:
    # Kills: expiry compared with <= (a waiver dying on its last day).
    waived = _apply([_finding()], Waiver("CSC-KEY", "known", expires=TODAY)).findings[0]
    assert waived.waived == f"known (until {TODAY})"
    assert waived.message == "msg"


def test_a_waiver_stops_the_day_after() -> None:
    finding = _apply([_finding()], Waiver("CSC-KEY", "known", expires=TODAY - datetime.timedelta(days=1)))
    expired = finding.findings[0]
    assert expired.waived is None
    assert expired.message == "msg [waiver expired on 2026-06-14: known]"


def test_a_waiver_without_expiry_and_its_description() -> None:
    waived = _apply([_finding()], Waiver("CSC-KEY", "known", owner="ops")).findings[0]
    assert waived.waived == "known (ops)"
    both = Waiver("CSC-KEY", "known", owner="ops", expires=TODAY)
    assert both.describe() == f"known (ops, until {TODAY})"


def test_the_first_matching_waiver_wins() -> None:
    result = _apply([_finding()], Waiver("CSC-*", "first"), Waiver("CSC-KEY", "second"))
    assert result.findings[0].waived == "first"


def test_a_later_waiver_applies_when_an_earlier_one_does_not_match() -> None:
    result = _apply([_finding()], Waiver("SEC-*", "other"), Waiver("CSC-KEY", "second"))
    assert result.findings[0].waived == "second"


def test_only_matching_findings_are_waived_and_order_is_kept() -> None:
    findings = [_finding("A-1"), _finding("CSC-KEY"), _finding("B-2")]
    result = _apply(findings, Waiver("CSC-KEY", "r"))
    assert [f.rule for f in result.findings] == ["A-1", "CSC-KEY", "B-2"]
    assert [f.waived for f in result.findings] == [None, "r", None]


@pytest.mark.parametrize(
    ("waiver", "expected"),
    [
        (Waiver("CSC-KEY", "r"), True),
        (Waiver("csc-key", "r"), True),  # rule ids are written in any case
        (Waiver("CSC-*", "r"), True),
        (Waiver("CSC-KE", "r"), False),
        (Waiver("SEC-*", "r"), False),
        (Waiver("CSC-KEY", "r", instance="prod"), True),
        (Waiver("CSC-KEY", "r", instance="pr*"), True),
        (Waiver("CSC-KEY", "r", instance="Prod"), False),  # instance names are case-sensitive
        (Waiver("CSC-KEY", "r", instance="staging"), False),
        (Waiver("CSC-KEY", "r", path="a/b/c"), True),
        (Waiver("CSC-KEY", "r", path="a/*/c"), True),
        (Waiver("CSC-KEY", "r", path="a/b"), False),
        (Waiver("CSC-KEY", "r", instance="staging", path="a/b/c"), False),
        (Waiver("CSC-KEY", "r", instance="prod", path="x/y"), False),
    ],
)
def test_globs(waiver: Waiver, expected: bool) -> None:
    assert matches(waiver, _finding()) is expected


def test_any_of_several_paths_may_match() -> None:
    finding = _finding(paths=("x/y/z", "a/b/c"))
    assert matches(Waiver("CSC-KEY", "r", path="a/b/*"), finding)
    assert matches(Waiver("CSC-KEY", "r", path="x/y/*"), finding)
    assert not matches(Waiver("CSC-KEY", "r", path="q/*"), finding)
    assert not matches(Waiver("CSC-KEY", "r", path="a/b/c"), _finding(paths=()))


def test_instance_glob_and_findings_without_instance() -> None:
    fleet = _finding(instance=None, related=(Location("s/env.php", 1, 1, None, "staging"),))
    assert matches(Waiver("CSC-KEY", "r", instance="staging"), fleet)
    assert not matches(Waiver("CSC-KEY", "r", instance="prod"), fleet)
    nowhere = _finding(instance=None)
    assert matches(Waiver("CSC-KEY", "r"), nowhere)
    assert not matches(Waiver("CSC-KEY", "r", instance="prod"), nowhere)
    mixed = _finding(instance="prod", related=(Location("s/env.php", instance="staging"),))
    assert matches(Waiver("CSC-KEY", "r", instance="prod"), mixed)
    assert matches(Waiver("CSC-KEY", "r", instance="staging"), mixed)


def test_unused_waivers_become_notices_at_their_line(notice_rules: list) -> None:  # type: ignore[type-arg]
    used = Waiver("CSC-KEY", "in use", line=4)
    unused = Waiver("SEC-*", "old", instance="staging", path="x/*", line=9)
    plain = Waiver("SEC-OTHER", "older", line=12)
    result = _apply([_finding()], used, unused, plain, rules=notice_rules)
    notices = result.findings[1:]
    assert [f.rule for f in notices] == [NOTICE, NOTICE]
    assert [(f.place.file, f.place.line) for f in notices] == [
        ("commerce-lint.yaml", 9),
        ("commerce-lint.yaml", 12),
    ]
    assert notices[0].message == (
        "The waiver for SEC-* for instances staging and path x/* ('old') matches no finding; "
        "remove it so waivers do not outlive their cause."
    )
    assert notices[1].message.startswith("The waiver for SEC-OTHER ('older') matches no finding")
    assert notices[0].key == "SEC-*|staging|x/*"
    assert notices[0].severity == notice_rules[0].severity
    assert notices[0].instance is None and notices[0].paths == ()


def test_an_expired_waiver_that_matches_is_used(notice_rules: list) -> None:  # type: ignore[type-arg]
    old = Waiver("CSC-KEY", "known", expires=TODAY - datetime.timedelta(days=30))
    result = _apply([_finding()], old, rules=notice_rules)
    assert len(result.findings) == 1 and "waiver expired" in result.findings[0].message


def test_no_notices_without_the_notice_rule_or_settings_file(notice_rules: list) -> None:  # type: ignore[type-arg]
    assert len(_apply([], Waiver("X", "r")).findings) == 0
    result = LintResult(notice_rules, [])
    apply_waivers(result, (Waiver("X", "r"),), None, today=TODAY)
    assert result.findings[0].place.file == "settings"


def test_today_defaults_to_the_real_date() -> None:
    result = LintResult([], [_finding()])
    apply_waivers(result, (Waiver("CSC-KEY", "r", expires=datetime.date.today()),), None)
    assert result.findings[0].waived is not None
    result = LintResult([], [_finding()])
    apply_waivers(result, (Waiver("CSC-KEY", "r", expires=datetime.date(2000, 1, 1)),), None)
    assert result.findings[0].waived is None

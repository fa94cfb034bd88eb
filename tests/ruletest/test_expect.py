"""The exact comparison of an example's findings list: missing, extra and different findings fail."""

from __future__ import annotations

from typing import Any

from linter.finding import Finding, Severity
from linter.location import Location
from linter.ruletest.expect import compare, identity

PATH = "payment/payment_methods/method"


def _finding(
    key: str = "bad-mode|scope=default",
    paths: tuple[str, ...] = (PATH,),
    place: Location | None = None,
    severity: Severity = Severity.ERROR,
    instance: str | None = "example",
    related: tuple[Location, ...] = (),
) -> Finding:
    where = place or Location("<example:example>/env.yaml", None, None, None, instance)
    return Finding("R", severity, "the mode is live", instance, paths, where, related, key)


def _failing(*entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "x", "expect": "fail", "findings": list(entries), **extra}


def test_an_exact_list_passes_in_any_order() -> None:
    one, two = _finding(), _finding(key="other|scope=default", paths=("a/b/c",))
    example = _failing({"case": "other", "paths": ["a/b/c"]}, {"case": "bad-mode", "paths": [PATH]})
    assert compare(example, "fail", [one, two], has_cases=True) is None


def test_a_missing_finding_fails_and_is_shown() -> None:
    example = _failing({"case": "bad-mode", "paths": [PATH]}, {"case": "other", "paths": ["a/b/c"]})
    problem = compare(example, "fail", [_finding()], has_cases=True)
    assert problem is not None and "missing {case: other, paths: [a/b/c]}" in problem


def test_an_extra_finding_fails_and_is_shown_with_its_severity_and_message() -> None:
    example = _failing({"case": "bad-mode", "paths": [PATH]})
    problem = compare(example, "fail", [_finding(), _finding(key="other", paths=())], has_cases=True)
    assert problem is not None
    assert "unexpected {case: other, paths: [], severity: error, message: 'the mode is live'}" in problem


def test_a_count_alone_is_not_enough_each_entry_must_name_its_case() -> None:
    example = _failing({"paths": [PATH]})
    assert compare(example, "fail", [_finding()], has_cases=True) is not None
    assert compare(example, "fail", [_finding()], has_cases=False) is None


def test_a_different_case_path_severity_or_message_fails() -> None:
    found = [_finding()]
    assert compare(_failing({"case": "bad-mod", "paths": [PATH]}), "fail", found, has_cases=True)
    assert compare(
        _failing({"case": "bad-mode", "paths": ["websites/eu/" + PATH]}), "fail", found, has_cases=True
    )
    entry = {"case": "bad-mode", "paths": [PATH]}
    assert compare(_failing({**entry, "severity": "warning"}), "fail", found, has_cases=True)
    assert compare(_failing({**entry, "message": "sandbox"}), "fail", found, has_cases=True)
    assert (
        compare(_failing({**entry, "severity": "error", "message": "is live"}), "fail", found, has_cases=True)
        is None
    )


def test_a_stated_position_must_be_the_findings() -> None:
    place = Location("<example:example>/env.yaml", 6, 9, None, "example")
    example = _failing({"case": "bad-mode", "paths": [PATH]}, instance={"files": {"env.yaml": "..."}})
    assert identity(_finding(place=place), example, has_cases=True)["at"] == "env.yaml:6:9"
    example["findings"][0]["at"] = "env.yaml:6:9"
    assert compare(example, "fail", [_finding(place=place)], has_cases=True) is None
    example["findings"][0]["at"] = "env.yaml:5:9"
    assert compare(example, "fail", [_finding(place=place)], has_cases=True) is not None


def test_a_position_in_data_given_as_a_mapping_is_not_part_of_the_name() -> None:
    place = Location("<example:example>/env.yaml", 1, 1, None, "example")
    assert identity(_finding(place=place), _failing(), has_cases=True) == {
        "paths": [PATH],
        "case": "bad-mode",
    }


def test_a_fleet_finding_is_named_by_its_instances_in_order() -> None:
    place = Location("<example:dev>/env.yaml", None, None, None, "dev")
    related = (Location("<example:qa>/env.yaml", None, None, None, "qa"),)
    found = [_finding(key="pair=production", instance=None, place=place, related=related)]
    assert (
        compare(_failing({"paths": [PATH], "instances": ["dev", "qa"]}), "fail", found, has_cases=False)
        is None
    )
    assert compare(_failing({"paths": [PATH], "instances": ["qa", "dev"]}), "fail", found, has_cases=False)
    assert compare(_failing({"paths": [PATH]}), "fail", found, has_cases=False)


def test_pass_and_not_applicable() -> None:
    passing = {"name": "x", "expect": "pass"}
    assert compare(passing, "pass", [], has_cases=True) is None
    assert "expected no findings" in (compare(passing, "fail", [_finding()], has_cases=True) or "")
    assert "got not_applicable" in (compare(passing, "not_applicable", [], has_cases=True) or "")
    not_applicable = {"name": "x", "expect": "not_applicable"}
    assert compare(not_applicable, "not_applicable", [], has_cases=True) is None
    assert "got pass" in (compare(not_applicable, "pass", [], has_cases=True) or "")


def test_a_failing_example_without_a_list_or_without_findings_fails() -> None:
    assert "must list" in (
        compare({"name": "x", "expect": "fail"}, "fail", [_finding()], has_cases=True) or ""
    )
    assert "got none" in (compare(_failing({"paths": []}), "pass", [], has_cases=True) or "")


def test_only_a_failing_example_lists_findings() -> None:
    listed = {"name": "x", "expect": "pass", "findings": [{"paths": []}]}
    assert "only a failing example" in (compare(listed, "pass", [], has_cases=True) or "")


def test_the_difference_is_one_line() -> None:
    problem = compare(_failing({"case": "other", "paths": []}), "fail", [_finding()], has_cases=True) or ""
    assert problem.startswith("findings differ") and "\n" not in problem


def test_a_loose_entry_does_not_take_the_only_entry_a_finding_fits() -> None:
    warning = _finding(severity=Severity.WARNING)
    entries = (
        {"case": "bad-mode", "paths": [PATH]},
        {"case": "bad-mode", "paths": [PATH], "severity": "error"},
    )
    assert compare(_failing(*entries), "fail", [_finding(), warning], has_cases=True) is None
    assert compare(_failing(*entries), "fail", [warning, warning], has_cases=True) is not None


def test_a_position_is_stated_only_where_the_finding_has_one() -> None:
    example = _failing({"case": "bad-mode", "paths": [PATH], "at": "env.yaml:6:9"})
    assert compare(example, "fail", [_finding()], has_cases=True) is not None

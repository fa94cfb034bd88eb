"""Meta-tests on the bundled rules' examples: they pin exact findings, cover each case, and show a pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.mutate_rules import EQUIVALENT, equivalent_list, judge, mutants
from linter.catalog.loader import load_catalog
from linter.checks.cases import CasesSpec
from linter.checks.rule import Rule
from linter.loaders.yaml_loader import load_yaml
from linter.resources import rules_dir
from linter.ruletest.expect import identity
from linter.ruletest.runner import _outcome, run_example

CATALOG = load_catalog()
IDS = [rule.id for rule in CATALOG]
# Rules that cannot apply and pass: whenever they apply, some case fires.
ALWAYS_FAIL_WHEN_APPLICABLE = {
    "CHG-PRODUCTION-INSTANCE-REMOVED": "applies only to a production instance that is gone, and reports it",
    "SEC-PLAINTEXT-PRIVATE-KEY": "applies only to a plaintext key, reported as shared or local",
    "SEC-COMMITTED-CRYPT-KEY": "applies only to a key written in .magento.env.yaml, a committed file",
}


def _failing(rule: Rule) -> list[dict[str, Any]]:
    return [example for example in rule.examples if example["expect"] == "fail"]


def _raw_check(rule: Rule) -> dict[str, Any]:
    """The rule's ``check`` as written in its file (the loaded rule holds it compiled)."""
    check: dict[str, Any] = yaml.safe_load(next(rules_dir().rglob(f"{rule.id}.yaml")).read_text())["check"]
    return check


def _case_names(rule: Rule) -> set[str]:
    return {case.name for case in rule.check.cases} if isinstance(rule.check, CasesSpec) else set()


def _applies(rule: Rule, example: dict[str, Any]) -> bool:
    """True when the rule applies to the example: it is not "not applicable" there."""
    return not run_example(rule, {**example, "expect": "not_applicable"}).passed


@pytest.mark.parametrize("rule", CATALOG, ids=IDS)
def test_each_failing_example_lists_its_exact_findings(rule: Rule) -> None:
    for example in _failing(rule):
        entries = example.get("findings")
        assert isinstance(entries, list) and entries, f"{example['name']}: no findings list"
        for entry in entries:
            assert "paths" in entry, f"{example['name']}: {entry} does not name its paths"
            if _case_names(rule):
                assert entry.get("case") in _case_names(rule), f"{example['name']}: {entry} names no case"
            if rule.level == "fleet":
                assert entry.get("instances"), f"{example['name']}: {entry} names no instances"


def _passing(rule: Rule) -> list[dict[str, Any]]:
    return [example for example in rule.examples if example["expect"] == "pass"]


CAN_PASS = [rule for rule in CATALOG if rule.id not in ALWAYS_FAIL_WHEN_APPLICABLE]


@pytest.mark.parametrize("rule", CAN_PASS, ids=[rule.id for rule in CAN_PASS])
def test_each_rule_has_an_example_where_it_applies_and_passes(rule: Rule) -> None:
    assert any(_applies(rule, example) for example in _passing(rule)), "no passing example where it applies"


def test_the_rules_that_cannot_pass_have_no_passing_example() -> None:
    """Exempt only where no such example can exist: a rule that gains one leaves the list."""
    by_id = {rule.id: rule for rule in CATALOG}
    for rule_id in ALWAYS_FAIL_WHEN_APPLICABLE:
        assert not _passing(by_id[rule_id]), rule_id


@pytest.mark.parametrize("rule", CATALOG, ids=IDS)
def test_each_finding_in_a_given_file_is_pinned_to_its_position(rule: Rule) -> None:
    """``rules test`` compares a position where an entry states one; the bundled rules state them all."""
    for example in _failing(rule):
        _, findings = _outcome(rule, example)
        wanted = [entry.get("at") for entry in example["findings"]]
        has_cases = isinstance(rule.check, CasesSpec)
        found = [identity(finding, example, has_cases).get("at") for finding in findings]
        assert sorted(map(str, wanted)) == sorted(map(str, found)), example["name"]


@pytest.mark.parametrize("rule", CATALOG, ids=IDS)
def test_each_case_fires_in_a_failing_example(rule: Rule) -> None:
    fired = {entry.get("case") for example in _failing(rule) for entry in example["findings"]}
    assert not _case_names(rule) - fired, f"cases without a failing example: {_case_names(rule) - fired}"


def test_applies_tells_a_passing_example_from_a_not_applicable_one() -> None:
    rule = next(rule for rule in CATALOG if rule.id == "PS-ENABLED-NEEDS-CONNECTION")
    by_name = {example["name"]: example for example in rule.examples}
    assert _applies(rule, by_name["production-mode-fully-connected"])
    assert not _applies(rule, by_name["disabled"])


def test_rule_files_repeat_no_key() -> None:
    """A repeated key (two ``message:`` in one expected finding) would silently drop one of them."""
    for path in sorted(rules_dir().rglob("*.yaml")):
        document = load_yaml(path.read_text(), str(path), typed_numbers=True)
        assert not document.duplicates, f"{path}: {document.duplicates[0]}"


def test_each_equivalent_mutant_exists_and_says_why() -> None:
    listed = equivalent_list()
    assert listed, f"{EQUIVALENT} lists no mutant"
    by_id = {rule.id: rule for rule in CATALOG}
    for (rule_id, name), reason in listed.items():
        rule = by_id[rule_id]
        assert name in {m.name for m in mutants(_raw_check(rule), rule.severity.value)}, f"{rule_id}: {name}"
        assert len(reason.split()) >= 8, f"{rule_id}: {name}: say why no example can kill it"


def test_the_mutation_tool_tells_a_killed_mutant_from_a_surviving_one(tmp_path: Path) -> None:
    rule = next(rule for rule in CATALOG if rule.id == "CHG-PRODUCTION-INSTANCE-REMOVED")
    source = yaml.safe_load(next(rules_dir().rglob(f"{rule.id}.yaml")).read_text())
    by_name = {mutant.name: mutant for mutant in mutants(_raw_check(rule), rule.severity.value)}
    assert judge(rule, source, by_name["check/applies_if: negate"], tmp_path).outcome == "killed"
    survivor = by_name["check/instance_state: drop instance_state"]  # the listed equivalent one
    assert judge(rule, source, survivor, tmp_path).outcome == "survived"
    assert judge(rule, source, by_name["check/instance_state: other state"], tmp_path).outcome == "invalid"

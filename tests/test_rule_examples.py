"""Every shipped rule's own examples, one test each, plus meta-checks on the rule files."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.catalog.loader import load_catalog
from linter.checks.rule import Rule
from linter.ruletest.runner import run_example

CATALOG = load_catalog()
CASES = [(rule, example) for rule in CATALOG for example in rule.examples]
CATALOG_IDS = {
    # rules-catalog.md §(i) single-instance rules
    "CSC-KEYPAIR-COMPLETE",
    "CSC-PRIVATE-KEY-PEM",
    "CSC-API-KEY-SHAPE",
    "CSC-KEY-DOUBLE-ENCRYPTED",
    "CSC-KEY-CIPHERTEXT-UNUSABLE",
    "CSC-SAAS-ENV-PAIR",
    "CSC-GLOBAL-SCOPE-ONLY",
    "SAAS-PROJECT-AND-DATASPACE",
    "SAAS-NONPROD-ON-PRODUCTION-DATASPACE",
    "SAAS-PROD-ON-TESTING-DATASPACE",
    "PS-ENABLED-NEEDS-CONNECTION",
    "PS-ENABLED-NEEDS-MERCHANT-ID",
    "PS-METHOD-VALUE",
    "PS-MBA-SCOPING-LEVEL",
    "SEC-PLAINTEXT-PRIVATE-KEY",
    "SEC-CONNECTOR-IN-SHARED-CONFIG",
    "INPUT-DUPLICATE-KEY",
}


@pytest.mark.parametrize(("rule", "example"), CASES, ids=[f"{r.id}::{e['name']}" for r, e in CASES])
def test_rule_example(rule: Rule, example: dict[str, object]) -> None:
    result = run_example(rule, example)
    assert result.passed, f"{result.test_id}: {result.detail}"


@pytest.mark.parametrize("rule", CATALOG, ids=[rule.id for rule in CATALOG])
def test_rule_has_source_remediation_and_both_kinds_of_example(rule: Rule) -> None:
    assert rule.sources and rule.remediation
    expectations = {example["expect"] for example in rule.examples}
    assert "fail" in expectations, "a rule needs at least one failing example"
    assert expectations & {"pass", "not_applicable"}, "a rule needs at least one passing example"


def test_every_single_instance_rule_of_the_catalog_ships() -> None:
    shipped = {rule.id for rule in CATALOG if rule.level == "instance"}
    assert shipped >= CATALOG_IDS


def test_rule_file_name_matches_its_id() -> None:
    for rule in CATALOG:
        assert rule.file.endswith(f"{rule.id}.yaml"), rule.file


def test_rule_cache_revalidates_a_changed_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from linter.catalog.loader import load_catalog as load
    from linter.errors import RuleFileError

    monkeypatch.setenv("COMMERCE_LINT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    folder.mkdir()
    source = next(r for r in CATALOG if r.id == "PS-METHOD-VALUE").file
    text = Path(source).read_text().replace("id: PS-METHOD-VALUE", "id: ACME-METHOD")
    (folder / "ACME-METHOD.yaml").write_text(text)
    assert any(r.id == "ACME-METHOD" for r in load([str(folder)]))
    assert (tmp_path / "cache" / "rules-v4.json").is_file()
    assert any(r.id == "ACME-METHOD" for r in load([str(folder)]))  # from the cache
    (folder / "ACME-METHOD.yaml").write_text(text.replace("severity: error", "severity: fatal"))
    import pytest

    with pytest.raises(RuleFileError):
        load([str(folder)])

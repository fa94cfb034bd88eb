"""Fleet checks the Commerce Services rules use: `limit_when` (a group's own limit) and `error_when`."""

from __future__ import annotations

from typing import Any

import pytest

from linter.checks.compiling import CompileError, Names
from linter.checks.conditions import compile_condition
from linter.checks.context import Context
from linter.checks.fleet_spec import compile_fleet
from linter.ruletest.runner import build_instance

QUOTA: dict[str, Any] = {
    "kind": "max_distinct",
    "for_each": {"type": ["production", "testing"]},
    "path": "services_connector/services_id/environment_id",
    "limit": {"production": 1, "testing": 2},
    "limit_when": {"when": {"module_listed": ["Magento_Store"]}, "limit": {"production": 1, "testing": 0}},
    "message": "{limit}",
}


def test_limit_when_compiles_its_condition_and_limit() -> None:
    spec = compile_fleet({"fleet": QUOTA}, ("check",))
    assert spec.limit_when is not None and spec.limit_when[1] == (("production", 1), ("testing", 0))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "unique", "limit": None, "message": "{value}"}, "only to max_distinct"),
        ({"limit_when": {"when": True, "limit": {"production": 1}}}, "no limit for testing"),
        ({"limit_when": {"when": True, "limit": {"production": 1, "testing": 0, "stage": 1}}}, "stage"),
        ({"limit_when": {"when": {"no_such": 1}, "limit": 1}}, "unknown condition"),
    ],
)
def test_limit_when_is_checked_when_the_rule_loads(change: dict[str, Any], words: str) -> None:
    fleet = {key: value for key, value in {**QUOTA, **change}.items() if value is not None}
    with pytest.raises(CompileError, match=words):
        compile_fleet({"fleet": fleet}, ("check",))


def _listed(modules: Any, names: list[str]) -> bool:
    condition = compile_condition({"module_listed": names}, Names({}), ("check",))
    spec = {"config": {"modules": modules}} if modules is not None else {"env": {"MAGE_MODE": "production"}}
    return condition(Context(build_instance("shop", spec)))


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        ({"Magento_Store": 1, "Magento_Staging": 1}, True),
        ({"Magento_Store": 1, "Magento_Staging": 0}, True),  # disabled, but the code base has it
        ({"Magento_Store": 1, "Magento_StagingX": 1}, False),
        ({}, False),
        (None, False),
        (["Magento_Staging"], False),  # not the shape config.php has
    ],
)
def test_module_listed_reads_config_php_modules(modules: Any, expected: bool) -> None:
    assert _listed(modules, ["Magento_Staging", "Magento_CustomerBalance"]) is expected


FOREIGN: dict[str, Any] = {
    "kind": "foreign",
    "path": "services_connector/services_id/environment_id",
    "with": "services_connector/product_recommendations/alternate_environment_id",
    "message": "{pointer} {owners} {value}",
}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({}, "needs 'across'"),
        ({"across": "a/b/c", "limit": 1}, "means nothing to a foreign check"),
        ({"across": "a/b/c", "message": "{partners}"}, "unknown variable"),
    ],
)
def test_foreign_is_checked_when_the_rule_loads(change: dict[str, Any], words: str) -> None:
    with pytest.raises(CompileError, match=words):
        compile_fleet({"fleet": {**FOREIGN, **change}}, ("check",))

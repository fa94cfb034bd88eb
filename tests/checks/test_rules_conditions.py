"""The conditions the Commerce Services rules gate and judge with: `configured`."""

from __future__ import annotations

from typing import Any

import pytest

from linter.checks.compiling import CompileError, Names
from linter.checks.conditions import compile_condition
from linter.checks.context import Context
from linter.ruletest.runner import build_instance

IN_USE = ["services_connector/**", "payment/payment_services/**", "payment/payment_services_*/**"]


def _holds(condition: Any, spec: dict[str, Any]) -> bool:
    compiled = compile_condition(condition, Names({}), ("check",))
    return compiled(Context(build_instance("shop", spec)))


def _env(tree: dict[str, Any], scope: str = "default") -> dict[str, Any]:
    system: dict[str, Any] = {"default": tree} if scope == "default" else {"websites": {scope: tree}}
    return {"env": {"system": system}}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (_env({"web": {"secure": {"use_in_frontend": "1"}}}), False),
        (_env({"services_connector": {"services_id": {"environment_id": "da7a"}}}), True),
        (_env({"services_connector": {"services_id": {"environment_id": ""}}}), False),
        (_env({"services_connector": {"services_id": {"environment_id": "   "}}}), False),
        (_env({"payment": {"payment_services": {"active": "0"}}}), True),  # set, even if off
        (_env({"payment": {"payment_services_paypal_vault": {"active": "1"}}}), True),
        (_env({"payment": {"payment_servicesx": {"active": "1"}}}), False),
        (_env({"payment": {"checkmo": {"active": "1"}}}), False),
        (_env({"services_connector": {"services_id": {"environment_id": "da7a"}}}, "eu"), True),
        (
            {
                "config": _env({"services_connector": {"services_id": {"project_id": "p"}}})["env"],
                "env": _env({"services_connector": {"services_id": {"project_id": ""}}})["env"],
            },
            True,  # masked by env.php, but a layer sets it: the connector is in use
        ),
        ({"variables": {"CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__PROJECT_ID": "p"}}, True),
        ({"env": {"system": {"default": {}}}}, False),
    ],
)
def test_configured_means_some_layer_sets_a_matching_path(spec: dict[str, Any], expected: bool) -> None:
    assert _holds({"configured": IN_USE}, spec) is expected


def test_a_value_computed_at_run_time_counts_as_set() -> None:
    php = (
        "<?php\nreturn [\n    'system' => [\n        'default' => [\n"
        "            'services_connector' => [\n                'services_id' => [\n"
        "                    'environment_id' => getenv('DATA_SPACE'),\n"
        "                ],\n            ],\n        ],\n    ],\n];\n"
    )
    assert _holds({"configured": IN_USE}, {"files": {"app/etc/env.php": php}})


@pytest.mark.parametrize("argument", [[], [""], "services_connector/**", [1]])
def test_configured_needs_a_list_of_globs(argument: Any) -> None:
    with pytest.raises(CompileError):
        compile_condition({"configured": argument}, Names({}), ("check",))


def test_scope_kind_without_a_variable_is_the_scope_evaluated() -> None:
    compiled = compile_condition({"scope_kind": {"in": ["websites"]}}, Names({}), ("check",))
    instance = build_instance("shop", {"config": {"scopes": {"websites": {"eu": {"website_id": "1"}}}}})
    kinds = {scope.kind: compiled(Context(instance, scope=scope)) for scope in instance.scopes}
    assert kinds == {"default": False, "websites": True}


@pytest.mark.parametrize(
    "argument",
    [{"in": []}, {"in": ["website"]}, {"var": "setting", "in": ["default"]}, ["default"], {"var": "x"}],
)
def test_scope_kind_is_checked_when_the_rule_loads(argument: Any) -> None:
    with pytest.raises(CompileError):
        compile_condition({"scope_kind": argument}, Names({}), ("check",))

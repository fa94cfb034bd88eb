"""The registries, schemas/rule.schema.json and docs/rules.md name the same rule language."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from linter.checks.cases import ITERATORS
from linter.checks.conditions import CONDITIONS
from linter.checks.fleet_spec import COMMON_VARIABLES, FLEET_KINDS, FLEET_VARIABLES
from linter.checks.kinds import CHECK_KINDS
from linter.checks.predicates import PREDICATES
from linter.checks.reference import DOCS, SECTIONS, regenerate, sections_in
from linter.checks.templates import FUNCTIONS
from tests.conftest import ROOT

_SCHEMA: dict[str, Any] = json.loads((ROOT / "schemas" / "rule.schema.json").read_text())
_DEFS = _SCHEMA["$defs"]


def _schema_conditions() -> set[str]:
    (mapping,) = [choice for choice in _DEFS["condition"]["oneOf"] if choice.get("type") == "object"]
    return set(mapping["properties"])


def _schema_iterators() -> set[str]:
    return {choice["required"][0] for choice in _DEFS["iterator"]["oneOf"] if choice.get("type") == "object"}


def _schema_predicates() -> set[str]:
    classify = _DEFS["condition"]["oneOf"][1]["properties"]["classify"]["allOf"][1]
    return set(classify["properties"]["with"]["enum"])


def _schema_functions() -> set[str]:
    return set(re.findall(r"\{(\w+):", _DEFS["template"]["description"]))


def _schema_check_kinds() -> set[str]:
    # The other keys of a check refine the `cases` kind.
    return set(_DEFS["check"]["properties"]) - {"for_each", "let", "applies_if", "instance_state"}


@pytest.mark.parametrize(
    ("registry", "schema"),
    [
        (set(CONDITIONS), _schema_conditions()),
        (set(ITERATORS), _schema_iterators()),
        (set(PREDICATES), _schema_predicates()),
        (set(FUNCTIONS), _schema_functions()),
        (set(FLEET_KINDS), set(_DEFS["fleet"]["properties"]["kind"]["enum"])),
        (set(CHECK_KINDS), _schema_check_kinds()),
    ],
    ids=["conditions", "iterators", "predicates", "functions", "fleet-kinds", "check-kinds"],
)
def test_the_schema_names_what_the_registry_compiles(registry: set[str], schema: set[str]) -> None:
    assert registry == schema


def test_every_fleet_kind_s_keys_are_fleet_properties_and_its_variables_documented() -> None:
    properties = set(_DEFS["fleet"]["properties"])
    for kind in FLEET_KINDS.values():
        assert set(kind.keys) | set(kind.required) <= properties, kind.name
        assert set(kind.variables) <= set(FLEET_VARIABLES), kind.name
    used = set(COMMON_VARIABLES).union(*(kind.variables for kind in FLEET_KINDS.values()))
    assert used == set(FLEET_VARIABLES)


def test_docs_rules_md_is_generated_from_the_registries() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert sections_in(text) == set(SECTIONS), "docs/rules.md lost a generated section"
    assert regenerate(text) == text, "docs/rules.md is out of date: run python -m linter.checks.reference"


def test_docs_rules_md_names_every_registered_name() -> None:
    text = DOCS.read_text(encoding="utf-8")
    names = [
        *(f"`{name}:" for name in CONDITIONS),  # a condition's syntax starts with its name
        *(f"`{{{name}:" for name in FUNCTIONS),
        *(f"`{name}`" for name in (*PREDICATES, *FLEET_KINDS, *CHECK_KINDS)),
        *(f"{{{name}:" for name in ITERATORS),
        *(f"`{{{name}}}`" for name in FLEET_VARIABLES),
    ]
    missing = [name for name in names if name not in text]
    assert not missing
    for name in ("dynamic", "in_any_scope", "changes"):  # once missing from the hand-written tables
        assert f"`{name}:" in text or f"`{{{name}:" in text


def test_the_generator_rewrites_a_stale_section() -> None:
    stale = "<!-- generated:conditions:start -->\n| old | table |\n<!-- generated:conditions:end -->"
    fresh = regenerate(stale)
    assert "| old | table |" not in fresh
    assert "`in_any_scope: <condition>`" in fresh
    assert fresh.startswith("<!-- generated:conditions:start -->\n")
    assert fresh.endswith("<!-- generated:conditions:end -->")


def test_every_fleet_kind_names_a_comparison_of_the_fleet_module() -> None:
    from linter.checks import fleet

    for kind in FLEET_KINDS.values():
        assert callable(getattr(fleet, kind.compare, None)), kind.name

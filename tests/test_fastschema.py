"""The fast validator agrees with jsonschema on every document it is used for."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from linter.fastschema import compile_schema
from linter.resources import load_schema

_WORDS = ["", "0", "1", "production", "sandbox", "website", "store", "x", "authorize"]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, width=16),
    st.sampled_from(_WORDS),
)
_KEYS = st.sampled_from(
    [
        "system",
        "default",
        "websites",
        "stores",
        "eu",
        "payment",
        "payment_methods",
        "method",
        "payment_services",
        "active",
        "mba_scoping_level",
        "services_connector",
        "services_id",
        "environment_id",
        "MAGE_MODE",
        "crypt",
        "key",
        "db",
        "connection",
        "modules",
        "scopes",
        "magento_saas",
        "environment",
        "name",
        "environment_type",
        "project",
        "cache_types",
        "three_ds",
        "payment_services_paypal_hosted_fields",
        "downloadable_domains",
    ]
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(_KEYS, children, max_size=5)),
    max_leaves=25,
)


def _agrees(name: str, document: Any) -> None:
    schema = load_schema(name)
    fast = compile_schema(schema)
    assert fast is not None
    assert fast(document) == Draft202012Validator(schema).is_valid(document)


@settings(max_examples=400, deadline=None)
@given(document=st.dictionaries(_KEYS, _DOCUMENTS, max_size=6))
def test_agrees_with_jsonschema_on_the_config_schema(document: dict[str, Any]) -> None:
    _agrees("commerce-config.schema.json", document)


@settings(max_examples=200, deadline=None)
@given(document=st.dictionaries(_KEYS, _DOCUMENTS, max_size=4))
def test_agrees_with_jsonschema_on_the_manifest_schema(document: dict[str, Any]) -> None:
    _agrees("manifest.schema.json", document)


def test_schemas_outside_the_subset_are_not_compiled() -> None:
    assert compile_schema(load_schema("rule.schema.json")) is None
    assert compile_schema({"type": "string", "pattern": "^a"}) is None

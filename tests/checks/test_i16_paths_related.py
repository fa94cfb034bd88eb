"""What a related place says: a value set, a value missing (and where it belongs), a blank masking one
below (across layers and scopes, as array_replace_recursive and Fallback merge them), never a value."""

from __future__ import annotations

from typing import Any

import pytest

from linter.checks.compiling import CompileError, Names
from linter.checks.context import Context
from linter.checks.related import compile_related, describe, involved, masked_by
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.ruletest.runner import build_instance

MERCHANT = "payment/payment_methods/production_merchant_id"
SITE_MAP = {
    "websites": {"base": {"website_id": "1", "code": "base"}},
    "stores": {"default": {"store_id": "1", "code": "default", "website_id": "1"}},
}


def _methods(value: Any) -> dict[str, Any]:
    return {"payment": {"payment_methods": {"production_merchant_id": value}}}


def _shop(**layers: Any) -> Any:
    return build_instance("shop", layers)


def test_empty_string_in_env_masks_config() -> None:
    shop = _shop(
        config={"system": {"default": _methods("FAKEPRD1")}}, env={"system": {"default": _methods("")}}
    )
    value = shop.value(MERCHANT)
    hidden = masked_by(value)
    assert hidden is not None and hidden.value == "FAKEPRD1" and hidden.source.role == "config"
    said = describe(value)
    assert said.masks and said.path == MERCHANT
    assert said.place.file == value.setting.source.file and said.place.instance == "shop"
    assert said.place.note is not None and said.place.note.startswith(
        f"'' here masks the {MERCHANT} value set in "
    )
    assert "FAKEPRD1" not in said.place.note


def test_null_masks_too() -> None:
    shop = _shop(
        config={"system": {"default": _methods("FAKEPRD1")}}, env={"system": {"default": _methods(None)}}
    )
    said = describe(shop.value(MERCHANT))
    assert said.masks and said.place.note is not None and said.place.note.startswith("null here masks")


def test_a_store_view_blank_masks_the_default_value() -> None:
    env = {
        "scopes": SITE_MAP,
        "system": {"default": _methods("FAKEPRD1"), "stores": {"default": _methods("")}},
    }
    shop = _shop(env=env)
    value = shop.value(MERCHANT, Scope("stores", "default"))
    said = describe(value)
    assert said.masks and said.path == f"stores/default/{MERCHANT}"
    assert said.place.note is not None and " value set in " in said.place.note
    assert masked_by(shop.value(MERCHANT)) is None  # at default the value is set: nothing masked


def test_a_blank_over_a_blank_masks_nothing() -> None:
    shop = _shop(config={"system": {"default": _methods("")}}, env={"system": {"default": _methods("")}})
    value = shop.value(MERCHANT)
    assert masked_by(value) is None
    said = describe(value)
    assert not said.masks
    assert said.place.note == f"{MERCHANT} is '' here, and no layer below sets it"


def test_a_higher_layer_value_is_not_hidden_by_a_lower_blank() -> None:
    shop = _shop(
        config={"system": {"default": _methods("")}}, env={"system": {"default": _methods("FAKEPRD1")}}
    )
    value = shop.value(MERCHANT)
    assert masked_by(value) is None
    assert describe(value).place.note == f"{MERCHANT} = FAKEPRD1"


def test_missing_value_names_the_files_read_and_the_section_of_its_siblings() -> None:
    php = (
        "<?php\nreturn [\n    'system' => [\n        'default' => [\n            'payment' => [\n"
        "                'payment_methods' => [\n                    'method' => 'production',\n"
        "                ],\n            ],\n        ],\n    ],\n];\n"
    )
    shop = _shop(files={"app/etc/env.php": php})
    said = describe(shop.value(MERCHANT))
    assert not said.masks
    assert (said.place.line, said.place.column) == (6, 17)  # 'payment_methods' => [
    assert said.place.note is not None and said.place.note.endswith("; it belongs here")
    assert "app/etc/env.php" in said.place.note


def test_a_secret_is_shown_as_its_fingerprint() -> None:
    key = "services_connector/services_connector_integration/production_api_key"
    secret = "fa4efa4e0000000000000000000000a1"
    shop = _shop(
        env={
            "system": {
                "default": {
                    "services_connector": {"services_connector_integration": {"production_api_key": secret}}
                }
            }
        }
    )
    note = describe(shop.value(key)).place.note
    assert note is not None and note.startswith(f"{key} = ") and secret not in note and secret[:8] not in note


def test_related_entries_compile_and_evaluate_with_when_and_note() -> None:
    names = Names({}).bind("mode")
    refs = compile_related(
        [
            "payment/payment_methods/{mode}_merchant_id",
            {"path": "payment/payment_services/active", "when": {"set": MERCHANT}},
            {"path": "payment/payment_methods/method", "note": "the {mode} mode"},
        ],
        names,
        ("check", "cases", "0", "related"),
    )
    shop = _shop(env={"system": {"default": {"payment": {"payment_methods": {"method": "production"}}}}})
    found = involved(refs, Context(shop, scope=DEFAULT_SCOPE).bind(mode="production"))
    assert [item.path for item in found] == [
        MERCHANT,
        "payment/payment_methods/method",
    ]  # no merchant id: active left out
    assert found[1].place.note == "the production mode"


@pytest.mark.parametrize(
    "entry",
    [
        "payment/{nope}/x",
        {"path": "payment/x", "note": "{nope}"},
        {"path": "payment/x", "when": {"no_such_condition": 1}},
    ],
)
def test_related_entries_with_unknown_names_do_not_compile(entry: Any) -> None:
    with pytest.raises(CompileError):
        compile_related([entry], Names({}), ("related",))


def test_a_missing_key_belongs_in_the_deepest_section_any_file_writes() -> None:
    config = (
        "<?php\nreturn [\n    'system' => [\n        'default' => [\n            'payment' => [\n"
        "                'payment_methods' => [\n                    'method' => 'production',\n"
        "                ],\n            ],\n        ],\n    ],\n];\n"
    )
    env = (
        "<?php\nreturn [\n    'system' => [\n        'default' => [\n            'services_connector' => [\n"
        "                'services_id' => [\n                    'environment_id' => 'ds-1',\n"
        "                ],\n            ],\n        ],\n    ],\n];\n"
    )
    shop = _shop(files={"app/etc/config.php": config, "app/etc/env.php": env})
    place = describe(shop.value(MERCHANT)).place
    # env.php is the higher layer, but only config.php writes payment_methods, where the id belongs.
    assert (place.file.endswith("app/etc/config.php"), place.line, place.column) == (True, 6, 17)
    assert place.note is not None and "env.php" in place.note and "config.php" in place.note


def test_a_value_only_a_website_decides_is_not_called_missing() -> None:
    env = {
        "system": {
            "websites": {"eu": {"payment": {"payment_methods": {"method": "sandbox"}}}},
            "stores": {"de": {"payment": {"payment_services": {"active": "1"}}}},
        }
    }
    value = _shop(env=env).value("payment/payment_methods/method", Scope("stores", "de"))
    assert value.dynamic and value.setting is None  # no site map: which website is de's?
    note = describe(value).place.note
    method = "stores/de/payment/payment_methods/method"
    assert note == f"{method} comes from the store view's website, which no site map names"

"""linter.model.provenance: a path's value at a scope, the setting that won, what it masked, and where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter.crypto import encrypt, parse_crypt_keys
from linter.errors import UsageError
from linter.model.instance import Instance
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.model.provenance import (
    Provenance,
    effective_configuration,
    parse_scope,
    path_patterns,
    provenance,
    shown_paths,
)
from linter.secrets import fingerprint
from tests.model.instances import load
from tests.model.scopes_fixtures import config_php, env_php, site_map

CRYPT_KEY = "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDE="  # the key env_php writes
API_KEY = "Qz7kLm9Px4Vb8NcW2sT5yR1uE6oI3aDf"
MERCHANT = "payment/payment_methods/production_merchant_id"
METHOD = "payment/payment_methods/method"
ACTIVE = "payment/payment_services/active"
LOCALE = "general/locale/code"
PROD_KEY = "services_connector/services_connector_integration/production_api_key"
EU = Scope("websites", "eu")
DE = Scope("stores", "de")
FR = Scope("stores", "fr")


def _shop(tmp_path: Path, env_system: dict[str, Any], variables: dict[str, str] | None = None) -> Instance:
    scopes = site_map(
        {"base": "Main Website", "eu": "Europe"},
        {"default": ("1", "Default Store View"), "de": ("2", "German"), "fr": ("2", "French")},
    )
    config = config_php(
        scopes,
        {
            "default": {
                "general": {"locale": {"code": "en_US"}},
                "payment": {
                    "payment_services": {"active": "1"},
                    "payment_methods": {
                        "method": "production",
                        "production_merchant_id": "MERCHANT-PRD-0001",
                    },
                },
            },
            "websites": {"eu": {"general": {"locale": {"code": "de_DE"}}}},
            "stores": {"fr": {"general": {"locale": {"code": "fr_FR"}}}},
        },
    )
    files = {"app/etc/config.php": config, "app/etc/env.php": env_php(env_system)}
    if variables is not None:
        files["environment.json"] = json.dumps(variables, indent=4) + "\n"
    return load(tmp_path / "shop", files)


def _states(entry: Provenance) -> list[tuple[str, str, str]]:
    return [(step.state, step.scope, step.role) for step in entry.steps]


def test_an_empty_string_in_env_php_masks_config_php_and_says_where_both_are(tmp_path: Path) -> None:
    instance = _shop(tmp_path, {"default": {"payment": {"payment_methods": {"production_merchant_id": ""}}}})
    entry = provenance(instance, MERCHANT, DEFAULT_SCOPE)
    assert entry.value.kind == "empty" and entry.decided_at == "default" and entry.inherited is None
    assert _states(entry) == [("wins", "default", "env"), ("masked", "default", "config")]
    env, config = (step.location for step in entry.steps)
    assert env.file.endswith("app/etc/env.php") and config.file.endswith("app/etc/config.php")
    assert entry.steps[1].value.text == "MERCHANT-PRD-0001"
    assert entry.note == f"'' in {env.label()} masks the value set in {config.label()}"
    # A value that is set masks nothing worth a note.
    assert provenance(instance, METHOD, DEFAULT_SCOPE).note is None


def test_null_masks_too_and_a_nearer_scope_masks_a_farther_one(tmp_path: Path) -> None:
    instance = _shop(tmp_path, {"stores": {"de": {"general": {"locale": {"code": None}}}}})
    entry = provenance(instance, LOCALE, DE)
    assert entry.value.kind == "null" and entry.decided_at == "stores/de"
    assert _states(entry) == [
        ("wins", "stores/de", "env"),
        ("masked", "websites/eu", "config"),
        ("masked", "default", "config"),
    ]
    assert entry.note is not None and entry.note.startswith("null in ") and ":" in entry.note
    assert entry.steps[1].location.label() in entry.note  # the nearest value below: the website's


def test_a_store_view_falls_back_to_its_website_then_default(tmp_path: Path) -> None:
    instance = _shop(tmp_path, {"default": {}})
    locale = provenance(instance, LOCALE, DE)
    assert locale.read == ("stores/de", "websites/eu", "default")
    assert locale.value.text == "de_DE" and locale.decided_at == "websites/eu"
    assert locale.inherited == "inherited from website eu"
    method = provenance(instance, METHOD, DE)
    assert method.value.text == "production" and method.inherited == "inherited from default"
    own = provenance(instance, LOCALE, FR)
    assert own.value.text == "fr_FR" and own.inherited is None
    assert [step.state for step in own.steps] == ["wins", "masked", "masked"]


def test_a_variable_beats_the_files_at_its_scope_but_not_a_nearer_scope(tmp_path: Path) -> None:
    variables = {"CONFIG__DEFAULT__GENERAL__LOCALE__CODE": "en_GB"}
    instance = _shop(tmp_path, {"default": {}}, variables)
    default = provenance(instance, LOCALE, DEFAULT_SCOPE)
    assert default.value.text == "en_GB"
    assert default.steps[0].location.variable == "CONFIG__DEFAULT__GENERAL__LOCALE__CODE"
    assert default.steps[0].role == "variables"
    assert provenance(instance, LOCALE, EU).value.text == "de_DE"  # the website's own, from config.php


def test_getenv_is_dynamic_unless_the_capture_names_the_variable(tmp_path: Path) -> None:
    marker = "__GETENV__"
    env = env_php({"default": {"services_connector": {"services_id": {"environment_id": marker}}}})
    unknown = load(
        tmp_path / "unknown",
        {
            "app/etc/config.php": config_php(site_map()),
            "app/etc/env.php": env.replace(f"'{marker}'", "getenv('DATA_SPACE_ID')"),
        },
    )
    path = "services_connector/services_id/environment_id"
    entry = provenance(unknown, path, DEFAULT_SCOPE)
    assert entry.value.kind == "dynamic" and entry.value.expression == "getenv('DATA_SPACE_ID')"
    assert entry.value.text is None
    known = load(
        tmp_path / "known",
        {
            "app/etc/config.php": config_php(site_map()),
            "app/etc/env.php": env.replace(f"'{marker}'", "getenv('DATA_SPACE_ID')"),
            "environment.json": json.dumps({"DATA_SPACE_ID": "ds-from-capture"}) + "\n",
        },
    )
    resolved = provenance(known, path, DEFAULT_SCOPE)
    assert resolved.value.kind == "value" and resolved.value.text == "ds-from-capture"
    assert resolved.steps[0].note == "computed at run time"
    assert resolved.steps[0].location.variable is not None
    assert "DATA_SPACE_ID" in resolved.steps[0].location.variable


def test_a_secret_is_a_fingerprint_of_its_plaintext_in_every_layer(tmp_path: Path) -> None:
    ciphertext = encrypt(API_KEY, parse_crypt_keys(CRYPT_KEY)[0], nonce=b"\x07" * 12)
    instance = _shop(
        tmp_path,
        {
            "default": {
                "services_connector": {"services_connector_integration": {"production_api_key": ciphertext}}
            }
        },
        {"CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_CONNECTOR_INTEGRATION__PRODUCTION_API_KEY": API_KEY},
    )
    entry = provenance(instance, PROD_KEY, DE)  # a global path: read at default whatever the scope
    assert entry.read == ("default",) and entry.scope == "stores/de"
    assert entry.inherited == "a global path: Magento reads it at default only"
    assert [step.value.kind for step in entry.steps] == ["secret", "secret"]
    assert {step.value.fingerprint for step in entry.steps} == {fingerprint(API_KEY)}
    assert [step.value.status for step in entry.steps] == ["plain", "decrypted"]
    assert all(step.value.text is None and step.value.expression is None for step in entry.steps)
    assert API_KEY not in repr(entry) and ciphertext not in repr(entry)


def test_a_secret_computed_at_run_time_shows_its_expression_without_its_literals(tmp_path: Path) -> None:
    env = env_php(
        {"default": {"services_connector": {"services_connector_integration": {"production_api_key": "X"}}}}
    )
    instance = load(
        tmp_path / "shop",
        {
            "app/etc/config.php": config_php(site_map()),
            "app/etc/env.php": env.replace("'X'", f"getenv('CSC_KEY') ?: '{API_KEY}'"),
        },
    )
    entry = provenance(instance, PROD_KEY, DEFAULT_SCOPE)
    assert entry.value.kind == "dynamic" and entry.value.expression is not None
    assert entry.value.expression.startswith("getenv('CSC_KEY') ?: [")
    assert API_KEY[:8] not in repr(entry)


def test_the_module_default_and_nothing_at_all(tmp_path: Path) -> None:
    instance = load(tmp_path / "shop", {"app/etc/config.php": config_php(site_map())})
    method = provenance(instance, METHOD, DEFAULT_SCOPE)
    assert method.value.text == "sandbox" and method.decided_at is None
    assert [(step.role, step.location.file) for step in method.steps] == [("module_default", "config.xml")]
    missing = provenance(instance, "payment/payment_services/merchant_id", DEFAULT_SCOPE)
    assert missing.value.kind == "unset" and missing.steps == ()
    assert missing.consulted and missing.consulted[0].endswith("app/etc/config.php")
    assert missing.note is not None and "core_config_data" in missing.note


def test_a_store_view_of_an_unknown_website_is_undecided(tmp_path: Path) -> None:
    config = config_php(
        None,
        {
            "websites": {"eu": {"general": {"locale": {"code": "de_DE"}}}},
            "stores": {"de": {"web": {"x": {"y": "1"}}}},
        },
    )
    instance = load(tmp_path / "shop", {"app/etc/config.php": config})
    entry = provenance(instance, LOCALE, DE)
    assert entry.value.kind == "undecided" and entry.decided_at is None
    assert entry.note is not None and "which website" in entry.note


def test_a_setting_under_another_spelling_of_the_code_is_ignored(tmp_path: Path) -> None:
    scopes = site_map({"base": "Main", "EU_Site": "EU"}, {"default": ("1", "Default")})
    config = config_php(
        scopes, {"websites": {"EU_Site": {"payment": {"payment_methods": {"method": "production"}}}}}
    )
    variable = "CONFIG__WEBSITES__EU_SITE__PAYMENT__PAYMENT_METHODS__METHOD"
    instance = load(
        tmp_path / "shop",
        {"app/etc/config.php": config, "environment.json": json.dumps({variable: "sandbox"}) + "\n"},
    )
    entry = provenance(instance, METHOD, Scope("websites", "eu_site"))
    assert entry.value.text == "production"
    states = {step.location.variable: (step.state, step.note) for step in entry.steps}
    state, note = states[variable]
    assert state == "ignored" and note is not None and "section payment" in note


def test_scopes_are_checked_against_the_instance(tmp_path: Path) -> None:
    instance = _shop(tmp_path, {"default": {}})
    assert parse_scope("default", instance) == DEFAULT_SCOPE
    assert parse_scope("websites/EU", instance) == EU  # codes are stored in lower case
    assert parse_scope(" stores/de ", instance) == DE
    with pytest.raises(UsageError) as unknown:
        parse_scope("stores/xx", instance)
    assert "no store view 'xx'" in unknown.value.message and "de, default, fr" in unknown.value.message
    with pytest.raises(UsageError) as website:
        parse_scope("websites/us", instance)
    assert "base, eu" in website.value.message
    for bad in ("store/de", "websites/", "websites/eu/de", "global", ""):
        with pytest.raises(UsageError, match="default, websites/CODE or stores/CODE"):
            parse_scope(bad, instance)


def test_path_patterns_take_a_section_or_trailing_star_as_everything_below() -> None:
    assert path_patterns(("services_connector",)) == ("services_connector", "services_connector/**")
    assert path_patterns(("services_connector/*",)) == ("services_connector/*", "services_connector/**")
    assert path_patterns(("payment/",)) == ("payment", "payment/**")
    for bad in ("", "  ", "pay ment/x", "a/\x1b[31m"):
        with pytest.raises(UsageError):
            path_patterns((bad,))


def test_shown_paths_are_those_of_the_scopes_read_and_the_patterns(tmp_path: Path) -> None:
    instance = _shop(
        tmp_path, {"default": {"services_connector": {"services_id": {"environment_id": "ds-1"}}}}
    )
    everything = shown_paths(instance, DEFAULT_SCOPE)
    assert everything == sorted(everything)
    assert LOCALE in everything and "services_connector/services_id/environment_id" in everything
    assert shown_paths(instance, DE, ("services_connector/*",)) == [
        "services_connector/services_id/environment_id"
    ]
    assert shown_paths(instance, DE, ("payment/*/active",)) == [ACTIVE]
    # A full path nothing sets is shown (as not set); a section nothing sets is not a path.
    assert shown_paths(instance, DE, ("payment/payment_services/merchant_id",)) == [
        "payment/payment_services/merchant_id"
    ]
    assert shown_paths(instance, DE, ("nothing_here",)) == []
    entries = effective_configuration(instance, FR, ("general",))
    assert [(entry.path, entry.value.text) for entry in entries] == [(LOCALE, "fr_FR")]

"""Codes spelled two ways (a variable's lower-cased ``EU_SITE`` for website ``EU_Site``) merge as
Fallback::getConfigsByNonStandardCodes() merges them: by sections, the site map's spelling winning whole."""

from __future__ import annotations

import json
from pathlib import Path

from linter.model.instance import Instance
from linter.model.paths import Scope
from tests.model.instances import load
from tests.model.scopes_fixtures import config_php, env_php, site_map

SITE = Scope("websites", "eu_site")
DE = Scope("stores", "de")
MERCHANT = "payment/payment_methods/production_merchant_id"
METHOD = "payment/payment_methods/method"
BASE_URL = "web/secure/base_url"


def _instance(
    tmp_path: Path,
    config_system: dict,
    variables: dict[str, str],
    env_system: dict | None = None,
    website: str = "EU_Site",
    store: str = "de",
) -> Instance:
    scopes = site_map({"base": "Main", website: "EU"}, {"default": ("1", "Default"), store: ("2", "German")})
    files = {
        "app/etc/config.php": config_php(scopes, config_system),
        "environment.json": json.dumps(variables, indent=4) + "\n",
    }
    if env_system is not None:
        files["app/etc/env.php"] = env_php(env_system)
    return load(tmp_path / "shop", files)


def test_a_section_the_website_has_wins_whole_over_the_variable(tmp_path: Path) -> None:
    instance = _instance(
        tmp_path,
        {
            "default": {"payment": {"payment_methods": {MERCHANT.rsplit("/", 1)[1]: "FAKEPRD00000001"}}},
            "websites": {"EU_Site": {"payment": {"payment_methods": {"method": "production"}}}},
        },
        {
            "CONFIG__WEBSITES__EU_SITE__PAYMENT__PAYMENT_METHODS__PRODUCTION_MERCHANT_ID": "FAKEPRD00000002",
            "CONFIG__WEBSITES__EU_SITE__WEB__SECURE__BASE_URL": "https://eu.example/",
        },
    )
    # payment is in config.php under EU_Site: the variable's merchant id there is ignored (default's is read).
    merchant = instance.value(MERCHANT, SITE)
    assert merchant.value == "FAKEPRD00000001" and merchant.scoped_path == MERCHANT
    assert instance.value(METHOD, SITE).value == "production"
    # web is not: the variable gives it.
    url = instance.value(BASE_URL, SITE)
    assert url.value == "https://eu.example/" and url.setting is not None and url.setting.variable is not None
    assert [s.variable for s in instance.ignored_settings] == [
        "CONFIG__WEBSITES__EU_SITE__PAYMENT__PAYMENT_METHODS__PRODUCTION_MERCHANT_ID"
    ]
    # The store view of that website inherits the merged result.
    assert instance.value(BASE_URL, DE).value == "https://eu.example/"
    assert instance.value(MERCHANT, DE).value == "FAKEPRD00000001"


def test_a_lower_case_code_merges_field_by_field_and_the_variable_wins(tmp_path: Path) -> None:
    instance = _instance(
        tmp_path,
        {"websites": {"eu": {"payment": {"payment_methods": {"method": "production"}}}}},
        {
            "CONFIG__WEBSITES__EU__PAYMENT__PAYMENT_METHODS__PRODUCTION_MERCHANT_ID": "FAKEPRD00000002",
            "CONFIG__WEBSITES__EU__PAYMENT__PAYMENT_METHODS__METHOD": "sandbox",
        },
        website="eu",
    )
    eu = Scope("websites", "eu")
    assert instance.value(MERCHANT, eu).value == "FAKEPRD00000002"
    assert instance.value(METHOD, eu).value == "sandbox"
    assert instance.ignored_settings == []


def test_files_spelling_the_code_otherwise_are_merged_the_same_way(tmp_path: Path) -> None:
    # config.php spells it as the site map does, env.php in lower case as the variable does: the two
    # lower-case trees are one (the variable wins in it field by field), and its payment is ignored.
    instance = _instance(
        tmp_path,
        {"websites": {"EU_Site": {"payment": {"payment_methods": {"method": "production"}}}}},
        {"CONFIG__WEBSITES__EU_SITE__WEB__SECURE__BASE_URL": "https://variable.example/"},
        {
            "websites": {
                "eu_site": {
                    "payment": {"payment_methods": {"method": "sandbox"}},
                    "web": {
                        "secure": {"base_url": "https://env.example/"},
                        "unsecure": {"base_url": "http://env.example/"},
                    },
                },
                "EU_Site": {"payment": {"payment_methods": {"production_merchant_id": "FAKEPRD00000003"}}},
            }
        },
    )
    assert instance.value(METHOD, SITE).value == "production"
    assert instance.value(MERCHANT, SITE).value == "FAKEPRD00000003"
    assert instance.value(BASE_URL, SITE).value == "https://variable.example/"
    assert instance.value("web/unsecure/base_url", SITE).value == "http://env.example/"
    assert [s.scoped_path for s in instance.ignored_settings] == [
        "websites/eu_site/payment/payment_methods/method"
    ]


def test_with_two_other_spellings_only_the_last_is_joined(tmp_path: Path) -> None:
    instance = _instance(
        tmp_path,
        {"websites": {"EU_Site": {"payment": {"payment_methods": {"method": "production"}}}}},
        {"CONFIG__WEBSITES__EU_SITE__WEB__UNSECURE__BASE_URL": "http://variable.example/"},
        {"websites": {"Eu_Site": {"web": {"secure": {"base_url": "https://env.example/"}}}}},
    )
    assert instance.value("web/unsecure/base_url", SITE).value == "http://variable.example/"
    assert instance.value(BASE_URL, SITE).value is None
    assert [s.scoped_path for s in instance.ignored_settings] == ["websites/eu_site/web/secure/base_url"]
    assert instance.unread_scopes == []


def test_store_view_codes_spelled_two_ways(tmp_path: Path) -> None:
    instance = _instance(
        tmp_path,
        {"stores": {"DE": {"general": {"locale": {"code": "de_DE"}}}}},
        {
            "CONFIG__STORES__DE__GENERAL__LOCALE__TIMEZONE": "Europe/Berlin",
            "CONFIG__STORES__DE__DESIGN__HEAD__DEFAULT_TITLE": "Shop DE",
        },
        website="eu",
        store="DE",
    )
    assert instance.value("general/locale/code", DE).value == "de_DE"
    assert instance.value("general/locale/timezone", DE).value is None
    assert instance.value("design/head/default_title", DE).value == "Shop DE"
    assert [s.path for s in instance.ignored_settings] == ["general/locale/timezone"]


def test_only_the_variable_spelling_is_read_when_the_files_have_none(tmp_path: Path) -> None:
    instance = _instance(
        tmp_path,
        {"default": {"general": {"locale": {"code": "en_US"}}}},
        {"CONFIG__WEBSITES__EU_SITE__PAYMENT__PAYMENT_METHODS__METHOD": "sandbox"},
    )
    assert instance.value(METHOD, SITE).value == "sandbox"
    assert instance.ignored_settings == [] and instance.unread_scopes == []

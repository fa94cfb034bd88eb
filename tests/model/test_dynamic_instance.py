"""An instance reads its getenv() values from its environment capture; Cloud layers rank as the platform
merges them; an unreadable file makes the reads it could change uncertain (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from linter.formats import Role
from linter.loaders.document import Document, DynamicValue
from linter.loaders.php_loader import load_php
from linter.model.instance import Instance
from linter.model.sources import Source, Unreadable
from linter.validation import schema_problems
from tests.model.instances import load

API = "services_connector/services_connector_integration/production_api_key"
SPACE = "services_connector/services_id/environment_id"

ENV_PHP = """<?php
return [
    'MAGE_MODE' => getenv('MAGE_MODE') ?: 'production',
    'crypt' => [
        'key' => getenv('CRYPT_KEY'),
    ],
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => getenv('CSC_API_KEY'),
                ],
                'services_id' => [
                    'environment_id' => getenv('DATA_SPACE') ?: 'ds-fallback',
                ],
            ],
            'payment' => [
                'payment_services' => [
                    'active' => (int) getenv('PS_ACTIVE'),
                ],
            ],
        ],
    ],
];
"""

CAPTURE = {
    "MAGE_MODE": "developer",
    "CRYPT_KEY": "0123456789abcdef0123456789abcdef",
    "CSC_API_KEY": "a9f3c0de5b7e4e1f9d2c8b6a4e0f1d3c",
    "DATA_SPACE": "",
    "PS_ACTIVE": "1",
}


def _shop(tmp_path: Path, capture: dict[str, str] | None = CAPTURE) -> Instance:
    files = {"app/etc/env.php": ENV_PHP}
    if capture is not None:
        files["environment.json"] = json.dumps(capture, indent=2) + "\n"
    return load(tmp_path / "shop", files)


def test_a_named_variable_is_the_value_with_its_origin(tmp_path: Path) -> None:
    shop = _shop(tmp_path)
    api = shop.value(API)
    assert not api.dynamic and api.value == CAPTURE["CSC_API_KEY"]
    assert api.location is not None and api.location.line == 11
    assert api.location.variable == f"CSC_API_KEY from {tmp_path / 'shop' / 'environment.json'}"
    assert shop.value("payment/payment_services/active").value == "1"  # (int) '1' as Magento stores it


def test_a_fallback_is_the_literal_and_names_no_variable(tmp_path: Path) -> None:
    space = _shop(tmp_path).value(SPACE)
    assert space.value == "ds-fallback" and not space.dynamic
    assert space.setting is not None and space.setting.origin is not None
    assert space.setting.origin.label() == f"fallback, DATA_SPACE empty or 0 in {space.setting.origin.file}"
    assert space.setting.origin.file.endswith("shop/environment.json")
    assert space.location is not None and space.location.variable is None


def test_sections_and_the_crypt_key_are_resolved_too(tmp_path: Path) -> None:
    shop = _shop(tmp_path)
    assert shop.section("MAGE_MODE") == "developer"
    assert shop.crypt_keys == [CAPTURE["CRYPT_KEY"].encode()]


def test_a_resolved_secret_is_still_a_secret(tmp_path: Path) -> None:
    shop = _shop(tmp_path)
    text = f"key {CAPTURE['CSC_API_KEY']} and crypt {CAPTURE['CRYPT_KEY']}"
    scrubbed = shop.scrubber.scrub(text)
    assert CAPTURE["CSC_API_KEY"] not in scrubbed and CAPTURE["CRYPT_KEY"] not in scrubbed


def test_without_a_capture_the_value_stays_unknown(tmp_path: Path) -> None:
    shop = _shop(tmp_path, capture=None)
    assert shop.value(API).dynamic and shop.value(SPACE).dynamic
    assert shop.crypt_keys == []


def test_a_variable_the_capture_does_not_name_stays_unknown(tmp_path: Path) -> None:
    shop = _shop(tmp_path, capture={"OTHER": "x"})
    assert shop.value(API).dynamic
    assert isinstance(shop.value(SPACE).setting.raw, DynamicValue)  # type: ignore[union-attr]


def test_the_shared_document_is_not_changed_in_place() -> None:
    # A shared config.php may serve instances with different environments: each gets its own copy.
    php = Source(load_php(ENV_PHP, "app/etc/config.php"), Role.CONFIG, True)
    first = Instance("eu", "eu", [php, _capture({"CSC_API_KEY": "key-eu"})])
    second = Instance("us", "us", [php, _capture({"CSC_API_KEY": "key-us"})])
    bare = Instance("bare", "bare", [php])
    assert first.value(API).value == "key-eu" and second.value(API).value == "key-us"
    assert bare.value(API).dynamic
    leaf = php.document.data["system"]["default"]["services_connector"]["services_connector_integration"]
    assert isinstance(leaf["production_api_key"], DynamicValue) and php.origins is None


def _capture(values: dict[str, str]) -> Source:
    return Source(Document("environment.json", "environment", dict(values)), Role.VARIABLES, False)


def test_schema_validation_skips_unknowns_but_checks_what_was_resolved(tmp_path: Path) -> None:
    unknown = next(s for s in _shop(tmp_path / "a", capture=None).sources if s.role == Role.ENV)
    assert schema_problems(unknown.document, "commerce-config.schema.json") == []
    resolved = _shop(tmp_path / "b", capture={**CAPTURE, "MAGE_MODE": "prod"})
    document = next(s for s in resolved.sources if s.role == Role.ENV).document
    problems = schema_problems(document, "commerce-config.schema.json")
    assert [(path, line) for path, line, _ in problems] == [("MAGE_MODE", 3)]
    assert "must be one of" in problems[0][2]


CLOUD_ENV_PHP = """<?php
return [
    'system' => [
        'default' => [
            'services_connector' => [
                'services_id' => [
                    'environment_id' => 'from-env-php',
                ],
            ],
        ],
    ],
];
"""
CLOUD_APP = """name: mymagento
type: php:8.3
variables:
    env:
        CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT_ID: from-app-yaml
"""
VARIABLE = "CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT_ID"


def test_cloud_layers_rank_capture_over_app_yaml_over_env_php(tmp_path: Path) -> None:
    shop = load(
        tmp_path / "all",
        {
            "app/etc/env.php": CLOUD_ENV_PHP,
            ".magento.app.yaml": CLOUD_APP,
            ".env": f"{VARIABLE}=from-dotenv\n",
        },
    )
    assert shop.value(SPACE).value == "from-dotenv"  # .env sorts before .magento.app.yaml: rank decides
    both = load(tmp_path / "two", {"app/etc/env.php": CLOUD_ENV_PHP, ".magento.app.yaml": CLOUD_APP})
    assert both.value(SPACE).value == "from-app-yaml"
    layers = [(s.document.format, s.rank) for s in sorted(shop.sources, key=lambda s: s.rank)]
    assert layers == [("php", 20), ("cloud_app", 28), ("dotenv", 30)]


def test_an_unreadable_layer_makes_lower_reads_uncertain_and_higher_ones_not(tmp_path: Path) -> None:
    shop = load(tmp_path / "shop", {"app/etc/config.php": CLOUD_ENV_PHP.replace("from-env-php", "cfg")})
    shop.mark_unreadable([Unreadable("app/etc/env.php", 3, Role.ENV, 20)])
    shop.read_unreadable = False
    assert shop.value(SPACE).value == "cfg"
    assert shop.read_unreadable  # env.php could override config.php
    shop.read_unreadable = False
    shop.value(SPACE)  # a cached read counts as much
    assert shop.read_unreadable
    shop.read_unreadable = False
    assert shop.settings and not shop.read_unreadable  # the files' own content is certain
    shop.section("crypt")
    assert not shop.read_unreadable  # read to hide secrets in every message
    shop.section("scopes")
    assert shop.read_unreadable

    above = load(tmp_path / "above", {"app/etc/config.php": CLOUD_ENV_PHP, ".env": f"{VARIABLE}=known\n"})
    above.mark_unreadable([Unreadable("app/etc/env.php", 3, Role.ENV, 20)])
    assert above.value(SPACE).value == "known" and not above.read_unreadable
    above.value("services_connector/services_id/project_id")  # not set anywhere: env.php might set it
    assert above.read_unreadable

    capture = load(tmp_path / "capture", {"app/etc/env.php": CLOUD_ENV_PHP})
    capture.mark_unreadable([Unreadable("environment.json", 1, Role.VARIABLES, 30)])
    capture.section("scopes")
    assert not capture.read_unreadable  # CONFIG__ variables set system values only, not sections
    capture.value(SPACE)
    assert capture.read_unreadable  # but any system value, env.php's included


def test_a_readable_file_of_the_same_rank_as_the_unread_one_is_no_certainty(tmp_path: Path) -> None:
    shop = load(tmp_path / "shop", {".env": f"{VARIABLE}=from-dotenv\n"})
    shop.mark_unreadable([Unreadable("environment.json", 1, Role.VARIABLES, 30)])
    assert shop.value(SPACE).value == "from-dotenv"
    assert shop.read_unreadable  # environment.json, had it been read, could have won

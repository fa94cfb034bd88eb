"""Issue 15 through the command line: getenv() values resolved from the environment capture or abstained
on by every rule family, Cloud layer precedence, and one unreadable file that does not drop its instance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.model.instances import write
from tests.support.inprocess import run_main

API_KEY = "8d1f0c3b9a7e4d2f6b5a0c9e8d7f6a5b"
PRIVATE_KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDQ7r3xk2b9Lq1e\n"
    "-----END PRIVATE KEY-----"
)
CRYPT_KEY = "f3c9a1d7e5b2046a8c1e9d3b7f5a2c40"

# A container-style env.php as Magento writes it, hand-edited to read the process environment.
CONTAINER_ENV_PHP = """<?php
return [
    'backend' => [
        'frontName' => 'admin_q7x2'
    ],
    'remote_storage' => [
        'driver' => 'file'
    ],
    'queue' => [
        'consumers_wait_for_messages' => 1
    ],
    'crypt' => [
        'key' => getenv('MAGENTO_CRYPT_KEY')
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => getenv('DB_HOST') ?: 'db',
                'dbname' => getenv('DB_NAME') ?: 'magento',
                'username' => getenv('DB_USER') ?: 'magento',
                'password' => getenv('DB_PASSWORD'),
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ]
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],
    'x-frame-options' => 'SAMEORIGIN',
    'MAGE_MODE' => getenv('MAGE_MODE') ?: 'production',
    'session' => [
        'save' => 'files'
    ],
    'cache_types' => [
        'config' => 1,
        'layout' => 1,
        'block_html' => 1,
        'collections' => 1,
        'reflection' => 1,
        'db_ddl' => 1,
        'compiled_config' => 1,
        'eav' => 1,
        'customer_notification' => 1,
        'config_integration' => 1,
        'config_integration_api' => 1,
        'full_page' => 1,
        'config_webservice' => 1,
        'translate' => 1
    ],
    'install' => [
        'date' => 'Tue, 14 May 2024 09:12:44 +0000'
    ],
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => getenv('CSC_API_KEY'),
                    'production_private_key' => getenv('CSC_PRIVATE_KEY')
                ],
                'services_id' => [
                    'project_id' => getenv('SAAS_PROJECT') ?: 'p-acme',
                    'environment_id' => getenv('SAAS_DATA_SPACE'),
                    'environment' => getenv('SAAS_DATA_SPACE_TYPE') ?: 'Testing'
                ]
            ],
            'payment' => [
                'payment_methods' => [
                    'method' => getenv('PAYMENT_MODE') ?: 'sandbox'
                ],
                'payment_services' => [
                    'active' => (int) getenv('PAYMENT_SERVICES')
                ]
            ]
        ]
    ]
];
"""

CAPTURE: dict[str, str] = {
    "MAGENTO_CRYPT_KEY": CRYPT_KEY,
    "DB_HOST": "mysql.internal",
    "DB_PASSWORD": "Zq8!vR2#pL5@wN9",
    "MAGE_MODE": "production",
    "CSC_API_KEY": API_KEY,
    "CSC_PRIVATE_KEY": PRIVATE_KEY,
    "SAAS_PROJECT": "",
    "SAAS_DATA_SPACE": "ds-production-1",
    "SAAS_DATA_SPACE_TYPE": "Production",
    "PAYMENT_MODE": "production",
    "PAYMENT_SERVICES": "0",
}
SECRETS = (
    API_KEY,
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDQ7r3xk2b9Lq1e",
    CRYPT_KEY,
    "Zq8!vR2#pL5@wN9",
)


def _line(text: str) -> int:
    """The line of CONTAINER_ENV_PHP that holds ``text``."""
    return next(n for n, line in enumerate(CONTAINER_ENV_PHP.splitlines(), 1) if text in line)


def _json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code, out, _ = run_main(monkeypatch, capsys, "check", *args, "-f", "json")
    return code, json.loads(out)


def _rules(report: Any, instance: str | None = None) -> list[str]:
    return sorted(f["rule"] for f in report["findings"] if instance is None or f["instance"] == instance)


def _shop(root: Path, env_type: str = "production", capture: dict[str, str] | None = None) -> Path:
    files = {"app/etc/env.php": CONTAINER_ENV_PHP, "instance.yaml": f"environment_type: {env_type}\n"}
    if capture is not None:
        files["environment.json"] = json.dumps(capture, indent=4) + "\n"
    return write(root, files)


def test_getenv_without_a_capture_is_no_schema_error_and_no_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop")
    code, report = _json(monkeypatch, capsys, str(shop))
    assert code == 0, report["findings"]
    assert report["errors"] == []
    # Seven values are computed at run time: one notice each says they were not checked, and no rule
    # judges them (no schema error for MAGE_MODE, no "not verifiable" for the keys).
    assert _rules(report).count("INPUT-DYNAMIC-VALUE") == 7
    judged = [f for f in report["findings"] if f["rule"] != "INPUT-DYNAMIC-VALUE"]
    assert all(f["severity"] == "info" and "sandbox" in f["message"] for f in judged), judged


def test_a_capture_resolves_the_values_with_their_origin_and_keeps_secrets_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop", capture={**CAPTURE, "PAYMENT_SERVICES": "1", "SAAS_DATA_SPACE_TYPE": ""})
    code, report = _json(monkeypatch, capsys, str(shop))
    assert "INPUT-DYNAMIC-VALUE" not in _rules(report)  # every value was resolved
    # A production instance whose data space type fell back to 'Testing' (the literal in env.php).
    (testing,) = [f for f in report["findings"] if f["rule"] == "SAAS-PROD-ON-TESTING-DATASPACE"]
    assert testing["file"].endswith("app/etc/env.php") and testing["variable"] is None
    # Payment Services switched on by PAYMENT_SERVICES=1 through (int) getenv(): the origin is named.
    # Payment Services switched on by PAYMENT_SERVICES=1 through (int) getenv(), in the mode PAYMENT_MODE
    # gives: the finding sits on the method's line and names the variable that set it.
    (enabled,) = [f for f in report["findings"] if f["rule"] == "PS-ENABLED-NEEDS-MERCHANT-ID"]
    assert "production mode" in enabled["message"]
    assert enabled["variable"] == f"PAYMENT_MODE from {shop / 'environment.json'}"
    assert enabled["line"] == _line("'method' => getenv('PAYMENT_MODE')")
    assert code == 1
    for fmt in ("text", "json", "sarif", "github", "markdown", "html", "junit"):
        _, out, err = run_main(monkeypatch, capsys, "check", str(shop), "-f", fmt)
        for secret in SECRETS:
            for fragment in (secret, secret[:12], secret[-12:]):
                assert fragment not in out and fragment not in err, (fmt, fragment)


def test_a_resolved_value_is_checked_like_a_literal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop", capture={**CAPTURE, "MAGE_MODE": "prod", "PAYMENT_MODE": "live"})
    code, report = _json(monkeypatch, capsys, str(shop))
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert by_rule["INPUT-SCHEMA"]["paths"] == ["MAGE_MODE"] and by_rule["INPUT-SCHEMA"]["line"] == _line(
        "'MAGE_MODE'"
    )
    assert "'live'" in by_rule["PS-METHOD-VALUE"]["message"]
    assert code == 1


def _staging_fleet(root: Path, capture: dict[str, str] | None) -> Path:
    write(
        root / "production",
        {
            "instance.yaml": "environment_type: production\n",
            "app/etc/env.php": CONTAINER_ENV_PHP,
            "environment.json": json.dumps(CAPTURE, indent=4) + "\n",
        },
    )
    _shop(root / "staging", "staging", capture)
    return root


def test_fleet_compares_resolved_values_and_skips_unknown_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    on_production = {**CAPTURE, "SAAS_DATA_SPACE_TYPE": "Testing"}  # staging's getenv() gives production's
    fleet = _staging_fleet(tmp_path / "one", on_production)
    _, report = _json(monkeypatch, capsys, str(fleet))
    (reserved,) = [
        f for f in report["findings"] if f["rule"] == "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION"
    ]
    assert "ds-production-1" in reserved["message"] and "staging (staging)" in reserved["message"]

    unknown = _staging_fleet(tmp_path / "two", None)  # staging's data space is not known: no comparison
    _, report = _json(monkeypatch, capsys, str(unknown))
    assert not [f for f in report["findings"] if f["rule"].startswith("FLEET-")]
    assert report["errors"] == []


BEFORE_ENV_PHP = (
    CONTAINER_ENV_PHP.replace("getenv('CSC_API_KEY')", f"'{API_KEY}'")
    .replace("getenv('CSC_PRIVATE_KEY')", f"'{PRIVATE_KEY}'")
    .replace("getenv('SAAS_DATA_SPACE')", "'ds-production-1'")
    .replace("getenv('SAAS_PROJECT') ?: 'p-acme'", "'p-acme'")
)


def _change(root: Path, capture: dict[str, str] | None) -> tuple[Path, Path]:
    before = write(root / "before" / "production", {"app/etc/env.php": BEFORE_ENV_PHP})
    after = _shop(root / "after" / "production", "production", capture)
    (before / "instance.yaml").write_text("environment_type: production\n")
    return before.parent, after.parent


@pytest.mark.parametrize(
    ("capture", "expected"),
    [
        (None, set()),  # two unknowns, or an unknown against a value: cannot tell, no finding
        ({"CSC_API_KEY": API_KEY, "CSC_PRIVATE_KEY": PRIVATE_KEY}, set()),
        (  # the same keys and data space, moved into the environment: no change
            {
                "CSC_API_KEY": API_KEY,
                "CSC_PRIVATE_KEY": PRIVATE_KEY,
                "SAAS_DATA_SPACE": "ds-production-1",
                "SAAS_PROJECT": "p-acme",
            },
            set(),
        ),
        (  # a real rotation together with a data space switch, told by the capture
            {
                "CSC_API_KEY": "0" * 32,
                "CSC_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----",
                "SAAS_DATA_SPACE": "ds-production-2",
                "SAAS_PROJECT": "p-acme",
            },
            {"CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"},
        ),
    ],
)
def test_change_rules_abstain_on_unknowns_and_compare_resolved_values(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    capture: dict[str, str] | None,
    expected: set[str],
) -> None:
    before, after = _change(tmp_path, capture)
    _, report = _json(monkeypatch, capsys, str(after), "--before", str(before), "--levels", "change")
    assert report["errors"] == []
    assert {f["rule"] for f in report["findings"]} == expected, report["findings"]


SHOW_RULE = """id: TEST-SHOW-DATA-SPACE
title: Show where the data space comes from
severity: info
level: instance
rationale: testing layer precedence
source: [{document: test}]
remediation: nothing to fix here
check:
  cases:
    - fail_if: {set: services_connector/services_id/environment_id}
      message: >-
        {value:services_connector/services_id/environment_id} from
        {where:services_connector/services_id/environment_id}
examples: [{name: a, expect: pass}, {name: b, expect: fail}]
"""
CLOUD_ENV_PHP = """<?php
return [
    'system' => [
        'default' => [
            'services_connector' => [
                'services_id' => [
                    'environment_id' => 'ds-from-env-php'
                ]
            ]
        ]
    ]
];
"""
CLOUD_APP_YAML = """name: mymagento
type: php:8.3
build:
    flavor: none
dependencies:
    php:
        composer/composer: '2.7.2'
variables:
    env:
        CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT_ID: ds-from-app-yaml
        CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD: sandbox
web:
    locations:
        '/':
            root: pub
            passthru: /index.php
"""
VARIABLE = "CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT_ID"


@pytest.mark.parametrize(
    ("capture", "expected"),
    [
        ("environment.json", "ds-from-capture from variable " + VARIABLE + " in {dir}/environment.json"),
        (".env", "ds-from-capture from variable " + VARIABLE + " in {dir}/.env"),
        (None, "ds-from-app-yaml from variable " + VARIABLE + " in {dir}/.magento.app.yaml"),
    ],
)
def test_cloud_precedence_capture_over_app_yaml_over_env_php(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    capture: str | None,
    expected: str,
) -> None:
    rules = write(tmp_path / "rules", {"TEST-SHOW-DATA-SPACE.yaml": SHOW_RULE})
    files = {"app/etc/env.php": CLOUD_ENV_PHP, ".magento.app.yaml": CLOUD_APP_YAML}
    if capture == "environment.json":
        files[capture] = json.dumps({VARIABLE: "ds-from-capture", "PHP_MEMORY_LIMIT": "2G"}, indent=2) + "\n"
    elif capture == ".env":
        files[capture] = f"PHP_MEMORY_LIMIT=2G\n{VARIABLE}=ds-from-capture\n"
    shop = write(tmp_path / "shop", files)
    _, report = _json(
        monkeypatch, capsys, str(shop), "--rules", str(rules), "--select", "TEST-SHOW-DATA-SPACE"
    )
    (finding,) = report["findings"]
    assert finding["message"] == expected.format(dir=shop)


CONFIG_PHP_WITH_KEY = """<?php
return [
    'modules' => [
        'Magento_Store' => 1,
        'Magento_Config' => 1,
        'Magento_ServicesConnector' => 1,
        'Magento_ServicesId' => 1
    ],
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_private_key' => '-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDQ7r3xk2b9Lq1e
-----END PRIVATE KEY-----'
                ]
            ]
        ]
    ]
];
"""
BROKEN_ENV_PHP = """<?php
return [
    'backend' => [
        'frontName' => 'admin_q7x2'
    ],
    'crypt' => [
        'key' => 'f3c9a1d7e5b2046a8c1e9d3b7f5a2c40'
    ]
    'MAGE_MODE' => 'production',
];
"""


@pytest.mark.parametrize(
    ("env_php", "where"),
    [
        (BROKEN_ENV_PHP, ":9:"),  # a syntax error right after a secret
        ("<?php\nreturn [\n    'db' => [\n        'password' => 'p\xe9',\n", ":3:"),  # cut short
    ],
)
def test_one_unreadable_file_does_not_drop_its_instance(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env_php: str,
    where: str,
) -> None:
    shop = write(tmp_path / "shop", {"app/etc/config.php": CONFIG_PHP_WITH_KEY, "app/etc/env.php": env_php})
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "-f", "json")
    report = json.loads(out)
    assert code == 2
    (error,) = report["errors"]
    assert error["file"].endswith("app/etc/env.php") and f"env.php{where}" in err
    # Presence in the readable, committed config.php is still reported ...
    assert "SEC-PLAINTEXT-PRIVATE-KEY" in _rules(report)
    # ... but nothing that the unread env.php could decide: no absence finding, no effective value.
    assert "CSC-KEYPAIR-COMPLETE" not in _rules(report)
    skipped = {item["rule"] for item in report["not_evaluated"]}
    assert {"CSC-KEYPAIR-COMPLETE", "CSC-PRIVATE-KEY-PEM"} <= skipped
    assert "SEC-PLAINTEXT-PRIVATE-KEY" not in skipped and "INPUT-SCHEMA" not in skipped
    reasons = {item["reason"] for item in report["not_evaluated"]}
    assert reasons == {
        f"{error['file']}:{error['line']} could not be read, and the rule reads values it could set"
    }
    for secret in ("f3c9a1d7e5b2046a8c1e9d3b7f5a2c40", "MIIEvgIBADANBgkqhkiG9w0B"):
        assert secret not in out and secret not in err


def test_an_oversized_file_is_an_unreadable_layer_and_the_fleet_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = _staging_fleet(tmp_path / "fleet", {**CAPTURE, "SAAS_DATA_SPACE_TYPE": "Testing"})
    write(fleet / "staging", {"app/etc/config.php": CONFIG_PHP_WITH_KEY + "\n" * 9000})
    code, report = _json(monkeypatch, capsys, str(fleet), "--max-file-size", "8000")
    assert code == 2
    assert [e["file"].endswith("staging/app/etc/config.php") for e in report["errors"]] == [True]
    # staging's config.php is unread: it is compared with nothing, and says so.
    assert not [f for f in report["findings"] if f["rule"].startswith("FLEET-")]
    staging = {item["rule"] for item in report["not_evaluated"] if item["instance"] == "staging"}
    assert "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION" in staging
    assert not [item for item in report["not_evaluated"] if item["instance"] == "production"]


def test_a_change_the_rules_cannot_judge_is_reported_not_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Literal keys and data space before; after, all of them computed at run time and no capture:
    # which change happened cannot be told, and the gate must say so rather than pass.
    before, after = _change(tmp_path, None)
    _, report = _json(monkeypatch, capsys, str(after), "--before", str(before), "--levels", "change")
    assert report["findings"] == []
    skipped = {entry["rule"]: entry for entry in report["not_evaluated"]}
    assert "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in skipped, report["not_evaluated"]
    assert "computed at run time" in skipped["CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"]["reason"]
    assert report["summary"]["not_evaluated"] >= 1
    _, out, _ = run_main(
        monkeypatch, capsys, "check", str(after), "--before", str(before), "--levels", "change"
    )
    assert "not evaluated" in out and "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in out
    assert API_KEY not in out and API_KEY[:8] not in out

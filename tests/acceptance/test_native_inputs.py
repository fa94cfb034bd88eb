"""Commerce as it is: env.php/config.php, CONFIG__ variables, Cloud files and config:show output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from linter.catalog.loader import load_catalog
from linter.checks.cases import CasesSpec
from linter.checks.rule import Rule
from linter.ruletest.runner import run_example
from tests.conftest import EXAMPLES, run_cli
from tests.support.php_writer import php_file

_PATHS = re.compile(r"examples/(fleet|native)/[^\s,;)]+")


def _findings(path: Path) -> list[dict[str, Any]]:
    done = run_cli("check", str(path), "--format", "json")
    assert done.returncode == 1, done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


def _comparable(finding: dict[str, Any]) -> tuple[str, str, str, str, tuple[str, ...]]:
    message = _PATHS.sub("<file>", finding["message"])
    message = re.sub(r"\s*\(CONFIG__\w+\)|:\d+:\d+", "", message)
    return (finding["rule"], finding["instance"] or "", finding["severity"], message, tuple(finding["paths"]))


def test_native_files_give_the_same_findings_as_the_yaml_dumps() -> None:
    dumps = sorted(map(_comparable, _findings(EXAMPLES / "fleet")))
    native = sorted(map(_comparable, _findings(EXAMPLES / "native")))
    assert native == dumps


def test_native_findings_point_at_php_lines_and_variable_names() -> None:
    findings = _findings(EXAMPLES / "native")
    places = {(f["rule"], f["file"], f["line"], f["variable"]) for f in findings}
    assert ("CSC-KEYPAIR-COMPLETE", "examples/native/dev/app/etc/env.php", 14, None) in places
    assert ("CSC-PRIVATE-KEY-PEM", "examples/native/staging/app/etc/env.php", 22, None) in places
    assert (
        "SAAS-NONPROD-ON-PRODUCTION-DATASPACE",
        "examples/native/staging/environment.json",
        6,
        "CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT",
    ) in places


def test_native_output_never_prints_a_key() -> None:
    for fmt in ("text", "json", "sarif", "github"):
        done = run_cli("check", str(EXAMPLES / "native"), "--format", fmt)
        for secret in (
            "fa4efa4e0000000000000000000000a1",
            "RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==",
            "RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDI=",
            "not-a-real-password-stg",
        ):
            assert secret not in done.stdout + done.stderr, (fmt, secret)


def _as_php(spec: dict[str, Any]) -> dict[str, Any]:
    files = dict(spec.get("files") or {})
    if "env" in spec:
        files["app/etc/env.php"] = php_file(spec["env"] or {})
    if "config" in spec:
        files["app/etc/config.php"] = php_file(spec["config"] or {}, long_syntax=True)
    converted = {k: v for k, v in spec.items() if k not in ("env", "config", "files")}
    converted["files"] = files
    return converted


_INSTANCE_EXAMPLES = [
    (rule, example)
    for rule in load_catalog()
    if rule.level == "instance" and isinstance(rule.check, CasesSpec)
    for example in rule.examples
    if "env" in example.get("instance", {}) or "config" in example.get("instance", {})
]


@pytest.mark.parametrize(
    ("rule", "example"), _INSTANCE_EXAMPLES, ids=[f"{r.id}::{e['name']}" for r, e in _INSTANCE_EXAMPLES]
)
def test_every_instance_rule_example_holds_on_php_input(rule: Rule, example: dict[str, Any]) -> None:
    php_example = {**example, "instance": _as_php(example["instance"])}
    result = run_example(rule, php_example)
    assert result.passed, result.detail


def test_every_single_instance_rule_is_exercised_on_php() -> None:
    exercised = {rule.id for rule, _ in _INSTANCE_EXAMPLES}
    catalog_rules = {
        r.id
        for r in load_catalog()
        if r.level == "instance" and r.id.startswith(("CSC", "SAAS", "PS", "SEC"))
    }
    assert catalog_rules <= exercised


def _instance(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "staging"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


INTEGRATION = "services_connector/services_connector_integration"
CIPHERTEXT = "0:3:AAECAwQFBgcICQoL4jrjfZ2yTwezX3Xoh0rVwDHy32MR8F+41FC4czrBSsRGgMMXeeJKwmcZki0u6hb9"
CONFIG_PHP = """<?php
return [
    'scopes' => [
        'websites' => ['base' => ['website_id' => '1'], 'eu' => ['website_id' => '2']],
        'stores' => ['default' => ['website_id' => '1'], 'de' => ['website_id' => '2']],
    ],
    'system' => [
        'default' => [
            'payment' => [
                'payment_services' => ['active' => '1'],
                'payment_methods' => ['method' => 'production', 'production_merchant_id' => 'M-1'],
            ],
        ],
    ],
];
"""


@pytest.mark.parametrize(
    ("variable", "expected_path"),
    [
        ("CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD", "payment/payment_methods/method"),
        (
            "CONFIG__WEBSITES__EU__PAYMENT__PAYMENT_METHODS__METHOD",
            "websites/eu/payment/payment_methods/method",
        ),
        ("CONFIG__STORES__DE__PAYMENT__PAYMENT_METHODS__METHOD", "stores/de/payment/payment_methods/method"),
    ],
)
def test_environment_variables_at_every_scope(tmp_path: Path, variable: str, expected_path: str) -> None:
    root = _instance(
        tmp_path, {"app/etc/config.php": CONFIG_PHP, "environment.json": json.dumps({variable: "sandbox"})}
    )
    done = run_cli("check", str(root), "--select", "PS-ENABLED-NEEDS-MERCHANT-ID", "--format", "json")
    (finding,) = json.loads(done.stdout)["findings"]
    assert expected_path in finding["paths"]
    assert finding["file"].endswith("environment.json") and finding["variable"] == variable


def test_empty_string_in_env_php_masks_config_php(tmp_path: Path) -> None:
    env = (
        "<?php\nreturn ['system' => ['default' => ['payment' => ['payment_methods' => [\n"
        "    'production_merchant_id' => '',\n]]]]];\n"
    )
    root = _instance(tmp_path, {"app/etc/config.php": CONFIG_PHP, "app/etc/env.php": env})
    done = run_cli("check", str(root), "--select", "PS-ENABLED-NEEDS-MERCHANT-ID", "--format", "json")
    (finding,) = json.loads(done.stdout)["findings"]
    # The message says what emptied it and what it hides (issue 16), and points at the masking line.
    env_php, config_php = root / "app/etc/env.php", root / "app/etc/config.php"
    assert f"production_merchant_id is emptied by '' in {env_php}:3, which masks" in finding["message"]
    assert f"the value set in {config_php}:" in finding["message"]
    assert finding["file"] == str(env_php) and finding["line"] == 3


def test_dotenv_and_cloud_app_yaml(tmp_path: Path) -> None:
    pem = "-----BEGIN PRIVATE KEY-----\\nQUJD\\n-----END PRIVATE KEY-----"
    root = _instance(
        tmp_path,
        {
            ".env": "# local\nCONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT_ID=ds-1\n",
            ".magento.app.yaml": (
                "name: mymagento\ntype: php:8.3\nvariables:\n  env:\n"
                "    CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_CONNECTOR_INTEGRATION__"
                f'SANDBOX_PRIVATE_KEY: "{pem}"\n'
                "  php:\n    memory_limit: !php/const:\\PDO::ATTR_ERRMODE 1\n"
            ),
        },
    )
    done = run_cli("check", str(root), "--format", "json")
    findings = json.loads(done.stdout)["findings"]
    rules = {f["rule"]: f for f in findings}
    assert (
        rules["SAAS-PROJECT-AND-DATASPACE"]["variable"]
        == "CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_ID__ENVIRONMENT_ID"
    )
    leak = rules["SEC-PLAINTEXT-PRIVATE-KEY"]
    assert leak["severity"] == "error" and leak["file"].endswith(".magento.app.yaml")
    assert "QUJD" not in done.stdout


def test_config_show_output_is_an_input(tmp_path: Path) -> None:
    root = _instance(
        tmp_path,
        {
            "config-show.txt": (
                f"{INTEGRATION}/production_api_key - fa4efa4e0000000000000000000000a1\n"
                f"{INTEGRATION}/production_private_key - -----BEGIN PRIVATE KEY-----\n"
                "QUJD\n-----END PRIVATE KEY-----\n"
                f"{INTEGRATION}/sandbox_api_key - {CIPHERTEXT}\n"
                "payment/payment_methods/method - live\n"
            )
        },
    )
    done = run_cli("check", str(root), "--format", "json")
    findings = {f["rule"]: f for f in json.loads(done.stdout)["findings"]}
    # Printed as ciphertext and no crypt/key to decrypt it: not decryptable with this instance's key.
    assert findings["CSC-KEY-CIPHERTEXT-UNUSABLE"]["line"] == 5
    assert "CSC-KEY-DOUBLE-ENCRYPTED" not in findings
    assert findings["PS-METHOD-VALUE"]["line"] == 6
    assert "CSC-PRIVATE-KEY-PEM" not in findings  # the multi-line key was read whole
    assert "fa4efa4e0000000000000000000000a1" not in done.stdout


def test_php_outside_the_subset_is_a_one_line_error(tmp_path: Path) -> None:
    root = _instance(tmp_path, {"app/etc/env.php": "<?php\nreturn ['a' => new Foo()];\n"})
    done = run_cli("check", str(root))
    assert done.returncode == 2
    assert "env.php:2:" in done.stderr and "new" in done.stderr and "Traceback" not in done.stderr


def test_crypt_key_decryption_checks_the_plaintext(tmp_path: Path) -> None:
    """production's key in examples/native is ciphertext; with crypt/key its plaintext is checked."""
    done = run_cli("check", str(EXAMPLES / "native" / "production"), "--select", "CSC-*", "--fail-on", "info")
    assert "not verifiable" not in done.stdout

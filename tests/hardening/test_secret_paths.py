"""Secrets on every path that holds one never reach any output, even as a fragment: dynamic values,
load errors of every format, CONFIG__ variables, config-show.txt, the baseline and the audit report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linter.secrets import fingerprint
from tests.conftest import EXAMPLES
from tests.support.leaks import every_output, leaked

API_KEY = "d3b0c44298fc1c149afbf4c8996fb924"
PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Qz7kLm9Px4Vb8Nc"
PEM = f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----"
CRYPT = "base64Wk5xT2p3cGJ2Y0RhUm1Ld0VzSGZMaVV0WWdPYkl6QnE="
PASSWORD = "Vb8Nc'Qz7kLm9Px4"  # with a quote: written as-is, it ends the PHP string early

SHOW_ALL_RULE = """\
id: TEST-SHOW-ALL
title: Shows every value, as any message could
severity: info
level: instance
tags: [test]
rationale: Shows every setting's value, so that a test sees what any rule's message could show.
source:
  - document: tests/hardening/test_secret_paths.py
    quote: a rule that shows every value
remediation: Nothing to do, this is a test rule.
check:
  for_each:
    setting:
      settings:
        paths: ["**"]
        layers: all
  cases:
    - name: any
      fail_if:
        set: {var: setting}
      message: "{setting} = {setting.value}"
examples:
  - name: set
    expect: fail
    instance:
      files:
        app/etc/env.php: |
          <?php
          return ['system' => ['default' => ['payment' => ['payment_methods' => ['method' => 'x']]]]];
  - name: empty
    expect: pass
    instance:
      files:
        app/etc/env.php: |
          <?php
          return ['system' => ['default' => ['payment' => ['payment_methods' => ['method' => '']]]]];
"""


def _fleet(tmp_path: Path) -> Path:
    """The example fleet, where a hostile instance is added: the others must still be checked."""
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    return fleet


def _env_php(instance: Path, text: str) -> Path:
    etc = instance / "app" / "etc"
    etc.mkdir(parents=True)
    path = etc / "env.php"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dynamic_value_on_a_secret_path_shows_its_literals_as_fingerprints(tmp_path: Path) -> None:
    instance = tmp_path / "production"
    one_line_pem = PEM.replace("\n", "\\n")
    _env_php(
        instance,
        "<?php\nreturn ['system' => ['default' => ['services_connector' => [\n"
        "  'services_connector_integration' => [\n"
        f"    'production_api_key' => getenv('CSC_API_KEY') ?: '{API_KEY}',\n"
        f"    'production_private_key' => $_ENV['CSC_PRIVATE_KEY'] ?? \"{one_line_pem}\" /* {API_KEY} */,\n"
        f"    'sandbox_api_key' => getenv('{API_KEY}'),\n"  # a key where a name should be: still hidden
        "]]]]];\n",
    )
    outputs = every_output(instance, tmp_path / "out")
    assert outputs.codes["check"] in (0, 1), outputs.stderr
    assert not leaked(outputs.text, [API_KEY, PEM_BODY])
    # What the expression does stays readable: the variable it reads, and the fallback's fingerprint.
    assert f"getenv('CSC_API_KEY') ?: [{fingerprint(API_KEY)}]" in outputs.text
    assert "$_ENV['CSC_PRIVATE_KEY'] ??" in outputs.text


@pytest.mark.parametrize(
    ("name", "body", "secrets"),
    [
        (
            "quote-in-password",
            f"['db' => ['connection' => ['default' => ['password' => '{PASSWORD}']]]]",
            [PASSWORD],
        ),
        ("adjacent-strings", f"['crypt' => ['key' => 'base64' '{CRYPT[6:]}']]", [CRYPT]),
        ("glued-string", f"['crypt' => ['key' => '{CRYPT[:20]}'\"{CRYPT[20:]}\"]]", [CRYPT]),
        (
            "pem-then-a-string",
            f"['system' => ['default' => ['k' => ['production_private_key' => '{PEM}' 'x']]]]",
            [PEM],
        ),
        ("secret-before-a-number", f"['db' => ['password' => '{API_KEY}' 12345678]]", [API_KEY]),
        ("quote-then-a-number", "['db' => ['password' => 'ab'31415926535'] ]", ["31415926535"]),
        ("octal-password", "['queue' => ['amqp' => ['password' => 0123456789012]]]", ["0123456789012"]),
        (
            "quote-then-a-variable",
            "['session' => ['redis' => ['password' => 'ab'$Qz7kLm9Px4']]]",
            ["Qz7kLm9Px4"],
        ),
        ("secret-after-return", f"['a' => 1]; '{API_KEY}';", [API_KEY]),
    ],
)
def test_a_php_syntax_error_names_the_token_kind_never_its_text(
    tmp_path: Path, name: str, body: str, secrets: list[str]
) -> None:
    fleet = _fleet(tmp_path)
    env = _env_php(fleet / "hostile", f"<?php\n// {name}\nreturn {body};\n")
    outputs = every_output(fleet, tmp_path / "out")
    assert outputs.codes["check"] == 2
    lines = [line for line in outputs.stderr.splitlines() if "hostile" in line]
    assert lines and all(line.startswith(f"commerce-lint: error: {env}:") for line in lines), outputs.stderr
    assert "staging" in (tmp_path / "out" / "check.json").read_text(encoding="utf-8")  # others checked
    assert not leaked(outputs.text, secrets, size=6)


def test_a_yaml_error_never_quotes_a_value(tmp_path: Path) -> None:
    # A file nesting (or looking) deep enough takes PyYAML's pure-Python scanner, whose messages quote text.
    fleet = _fleet(tmp_path)
    (fleet / "hostile").mkdir()
    padding = "# " + "[" * 1200 + "\n"
    (fleet / "hostile" / "env.yaml").write_text(
        f"{padding}crypt:\n  key: *{API_KEY}\n"
        f'db:\n  connection:\n    default:\n      password: "{PASSWORD}\\q"\n'
    )
    outputs = every_output(fleet, tmp_path / "out")
    assert outputs.codes["check"] == 2
    assert "hostile/env.yaml:" in outputs.stderr and "invalid YAML" in outputs.stderr
    assert not leaked(outputs.text, [API_KEY, PASSWORD], size=6)


@pytest.mark.parametrize(
    ("file", "text"),
    [
        (".env", f"CRYPT_KEY='{CRYPT}'x'\nCONFIG__DEFAULT__ADOBE_IMS__INTEGRATION__API_KEY={API_KEY}\n"),
        (
            ".env",
            f'CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_CONNECTOR_INTEGRATION__PRODUCTION_API_KEY="{API_KEY}\n',
        ),
        ("environment.json", f'{{"CRYPT_KEY": "{CRYPT}" "{API_KEY}"}}'),
        ("environment.json", f'{{"CRYPT_KEY": {CRYPT}}}'),
        ("env.json", f'{{"crypt": {{"key": "{CRYPT}\\q"}}}}'),
        (".magento.app.yaml", f"variables:\n  env:\n    CRYPT_KEY: '{CRYPT}'{API_KEY}'\n"),
        ("config-show.txt", f"{API_KEY}\n{PEM_BODY}\n"),
        # An unquoted value that starts with '*' is an alias: its name is the secret.
        ("env.yaml", f"crypt:\n  key: *{API_KEY}\n"),
        (".magento.app.yaml", f"variables:\n  env:\n    CRYPT_KEY: *{API_KEY}\n"),
    ],
    ids=[
        "dotenv-quote",
        "dotenv-unterminated",
        "json-adjacent",
        "json-bare",
        "json-escape",
        "app-yaml",
        "show",
        "yaml-alias",
        "app-yaml-alias",
    ],
)
def test_other_loaders_errors_never_quote_a_value(tmp_path: Path, file: str, text: str) -> None:
    fleet = _fleet(tmp_path)
    (fleet / "hostile").mkdir()
    (fleet / "hostile" / file).write_text(text)
    outputs = every_output(fleet, tmp_path / "out")
    assert outputs.codes["check"] == 2
    assert f"hostile/{file}" in outputs.stderr
    assert not leaked(outputs.text, [CRYPT, API_KEY, PEM_BODY], size=6)


def test_a_password_that_is_an_ordinary_word_does_not_rewrite_messages(tmp_path: Path) -> None:
    instance = tmp_path / "magento-shop"
    _env_php(
        instance,
        "<?php\nreturn [\n"
        "  'db' => ['connection' => ['default' => ['username' => 'magento', 'password' => 'magento']]],\n"
        "  'system' => ['default' => ['payment' => ['payment_methods' => ['method' => getenv('MODE')]]]],\n"
        "];\n",
    )
    outputs = every_output(instance, tmp_path / "out")
    message = json.loads((tmp_path / "out" / "check.json").read_text(encoding="utf-8"))
    texts = [
        finding["message"] for finding in _findings(message) if finding.get("rule") == "INPUT-DYNAMIC-VALUE"
    ]
    assert texts and all(f"{instance}/app/etc/env.php" in text for text in texts), texts
    assert fingerprint("magento") not in outputs.text  # nothing was rewritten anywhere


def _findings(document: object) -> list[dict[str, object]]:
    """Every JSON object with a "message", wherever the report nests it."""
    found: list[dict[str, object]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "message" in node and isinstance(node["message"], str):
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


ORGANIZATION = "adobe_ims/integration/organization_id"


def test_every_secret_path_is_shown_as_a_fingerprint_wherever_it_is_set(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "TEST-SHOW-ALL.yaml").write_text(SHOW_ALL_RULE)
    instance = tmp_path / "production"
    values = {
        ORGANIZATION: "Qz7ORGab12cd34ef56gh@AdobeOrg",
        "adobe_ims/integration/client_secret": "p8e-Qz7kLm9Px4Vb8NcWd2Rt",
        "services_connector/services_connector_integration/sandbox_api_key": "Qz7SANDBOX9a8b7c6d5e4f3a2b1c0d",
        "payment/braintree/private_key": "Qz7bTrEeXa1b2c3d4e5f6",
        "carriers/ups/password": "Qz7UpsPassw0rd!",
    }
    _env_php(
        instance,
        "<?php\nreturn ['system' => ['default' => [\n"
        f"  'adobe_ims' => ['integration' => ['organization_id' => '{values[ORGANIZATION]}']],\n"
        f"  'carriers' => ['ups' => ['password' => '{values['carriers/ups/password']}']],\n"
        "]]];\n",
    )
    variables = {
        "CONFIG__DEFAULT__ADOBE_IMS__INTEGRATION__CLIENT_SECRET": values[
            "adobe_ims/integration/client_secret"
        ],
        "CONFIG__WEBSITES__EU__PAYMENT__BRAINTREE__PRIVATE_KEY": values["payment/braintree/private_key"],
    }
    (instance / "environment.json").write_text(json.dumps(variables))
    (instance / "config-show.txt").write_text(
        "services_connector/services_connector_integration/sandbox_api_key - "
        f"{values['services_connector/services_connector_integration/sandbox_api_key']}\n"
        f"services_connector/services_connector_integration/production_private_key - {PEM}\n"
    )
    outputs = every_output(instance, tmp_path / "out", "--rules", str(rules))
    assert outputs.codes["check"] == 1, outputs.stderr
    assert not leaked(outputs.text, [*values.values(), PEM_BODY])
    shown = (tmp_path / "out" / "check.json").read_text(encoding="utf-8")
    for value in values.values():
        assert fingerprint(value) in shown, value


LET_RULE = """\
id: TEST-LET-SECRET
title: A rule that binds a secret with let and names it
severity: warning
level: instance
tags: [test]
rationale: A rule may bind a key with let to compare it; naming the binding must not show the key.
source:
  - document: tests/hardening/test_secret_paths.py
    quote: a rule that binds a secret
remediation: Nothing to do, this is a test rule.
check:
  let:
    production: {value: services_connector/services_connector_integration/production_api_key}
  cases:
    - name: same
      fail_if:
        equals:
          path: services_connector/services_connector_integration/sandbox_api_key
          value: "{production}"
      message: "the sandbox key is the production key {production}"
examples:
  - name: same
    expect: fail
    instance:
      files:
        app/etc/env.php: |
          <?php
          return ['system' => ['default' => ['services_connector' => ['services_connector_integration' => [
            'production_api_key' => 'k1', 'sandbox_api_key' => 'k1']]]]];
  - name: different
    expect: pass
    instance:
      files:
        app/etc/env.php: |
          <?php
          return ['system' => ['default' => ['services_connector' => ['services_connector_integration' => [
            'production_api_key' => 'k1', 'sandbox_api_key' => 'k2']]]]];
"""


def test_a_secret_bound_by_a_rule_is_named_by_its_fingerprint(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "TEST-LET-SECRET.yaml").write_text(LET_RULE)
    short = "Kx9pQ2"  # too short for the last-line guard: only the binding itself can hide it
    instance = tmp_path / "production"
    _env_php(
        instance,
        "<?php\nreturn ['system' => ['default' => ['services_connector' => [\n"
        f"  'services_connector_integration' => ['production_api_key' => '{short}',\n"
        f"    'sandbox_api_key' => '{short}'],\n"
        "]]]];\n",
    )
    outputs = every_output(instance, tmp_path / "out", "--rules", str(rules))
    report = (tmp_path / "out" / "check.json").read_text(encoding="utf-8")
    assert f"the sandbox key is the production key {fingerprint(short)}" in report  # compared as the key
    assert short not in outputs.text


def test_the_last_line_guard_knows_decrypted_keys_and_leaves_words_alone() -> None:
    # No CLI path leaks a plaintext into a message any more; this checks the guard behind them directly.
    from linter.model.discovery import discover
    from linter.model.loading import load_instance

    instance, errors = load_instance(discover([str(EXAMPLES / "fleet" / "production")])[0])
    assert instance is not None and not errors
    plaintext = "RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ=="  # of its encrypted private key
    whole = f"-----BEGIN PRIVATE KEY-----\n{plaintext}\n-----END PRIVATE KEY-----"  # a line shows as this
    text = f"magento production key {plaintext}, not x{plaintext}"
    assert instance.scrubber.scrub(text) == f"magento production key [{fingerprint(whole)}], not x{plaintext}"


def test_invalid_utf8_in_a_password_is_read_but_not_shown(tmp_path: Path) -> None:
    # PHP strings are bytes: a Latin-1 password is read as its bytes (issue 15), and still never shown.
    fleet = _fleet(tmp_path)
    etc = fleet / "hostile" / "app" / "etc"
    etc.mkdir(parents=True)
    (etc / "env.php").write_bytes(b"<?php\nreturn ['db' => ['password' => 'Qz7p\xe4\xdfw\xf6rt']];\n")
    outputs = every_output(fleet, tmp_path / "out")
    assert outputs.codes["check"] == 1 and "not valid UTF-8" not in outputs.stderr
    assert "hostile" in outputs.text
    assert not any(byte in outputs.text.lower() for byte in ("0xe4", "0xdf", "0xf6", "Qz7p"))

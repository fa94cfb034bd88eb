"""No output lets a secret be rebuilt from pieces: a dynamic value's literals are one fingerprint, a
secret's lines all show as the whole secret's fingerprint, and every secret-looking name is hidden."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.secrets import fingerprint
from tests.conftest import run_cli
from tests.hardening.test_secret_paths import SHOW_ALL_RULE, _env_php, _findings
from tests.support.leaks import every_output, leaked

INTEGRATION = "'services_connector' => ['services_connector_integration' => ["
PIECES = ["9f3a", "c1d2", "e4b5", "0a7f", "66e1", "b2c3", "d4a9", "1e0f"]  # a 32-hex key, split


def _connector_env(instance: Path, api_key: str) -> None:
    setting = f"{INTEGRATION}\n  'production_api_key' => {api_key},\n]]"
    _env_php(instance, f"<?php\nreturn ['system' => ['default' => [{setting}]]];\n")


def test_the_pieces_of_a_split_key_are_one_fingerprint(tmp_path: Path) -> None:
    instance = tmp_path / "production"
    _connector_env(instance, "getenv('CSC_API_KEY') ?: " + " . ".join(f"'{piece}'" for piece in PIECES))
    outputs = every_output(instance, tmp_path / "out")
    assert outputs.codes["check"] in (0, 1), outputs.stderr
    # Eight fingerprints of four hex digits each could be looked up in a 65,536-entry table.
    found = [piece for piece in PIECES if fingerprint(piece) in outputs.text]
    assert not found, found
    whole = fingerprint("".join(PIECES))
    assert f"getenv('CSC_API_KEY') ?: [{whole}] . […]" in outputs.text


def test_a_huge_concatenation_gives_a_short_message(tmp_path: Path) -> None:
    instance = tmp_path / "production"
    _connector_env(instance, "getenv('K') ?: " + " . ".join(f"'{n % 65536:04x}'" for n in range(50_000)))
    report = tmp_path / "check.json"
    done = run_cli("check", str(instance), "-f", f"json={report}")
    assert done.returncode in (0, 1), done.stderr
    messages = [
        str(finding["message"])
        for finding in _findings(json.loads(report.read_text(encoding="utf-8")))
        if finding.get("rule") == "INPUT-DYNAMIC-VALUE"
    ]
    assert messages and all(len(message) < 600 for message in messages), [len(m) for m in messages]
    assert "…>" in messages[0]
    assert fingerprint("0000") not in messages[0] and fingerprint("0001") not in messages[0]


def test_a_huge_dynamic_value_on_an_ordinary_path_is_cut_too(tmp_path: Path) -> None:
    instance = tmp_path / "production"
    concatenation = " . ".join(["getenv('MODE')"] * 20_000)
    _env_php(
        instance,
        "<?php\nreturn ['system' => ['default' => ['payment' => ['payment_methods' => "
        f"['method' => {concatenation}]]]]];\n",
    )
    done = run_cli("check", str(instance), "-f", "text")
    assert done.returncode in (0, 1), done.stderr
    lines = [line for line in done.stdout.splitlines() if "INPUT-DYNAMIC-VALUE" in line]
    assert lines and all(len(line) < 600 for line in lines), [len(line) for line in lines]
    assert "getenv('MODE') . getenv('MODE')" in lines[0]


@pytest.mark.parametrize(
    ("expression", "secret", "kept"),
    [
        (
            "getenv('CSC_API_KEY') ?: Qz7kLm9Px4Vb8NcWd2Rt",
            "Qz7kLm9Px4Vb8NcWd2Rt",
            "getenv('CSC_API_KEY') ?: [",
        ),
        ("$_ENV['K'] ?? magento", "magento", "$_ENV['K'] ?? ["),
        ("getenv('QZ7KLM9PX4VB8NCWD2RT')", "QZ7KLM9PX4VB8NCWD2RT", "getenv("),  # a key where a name goes
        ("(string) getenv('K') ?: NULL", None, "(string) getenv('K') ?: NULL"),
    ],
    ids=["bare-key", "bare-word", "upper-case-key-as-name", "null-stays"],
)
def test_a_bare_word_on_a_secret_path_is_hidden_like_a_literal(
    tmp_path: Path, expression: str, secret: str | None, kept: str
) -> None:
    instance = tmp_path / "production"
    _connector_env(instance, expression)
    report = tmp_path / "check.json"
    done = run_cli("check", str(instance), "-f", "text", "-f", f"json={report}")
    assert done.returncode in (0, 1), done.stderr
    shown = done.stdout + done.stderr + report.read_text(encoding="utf-8")
    assert kept in shown
    if secret is not None:
        assert secret not in shown and fingerprint(secret) in shown


PEM_LINES = [
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Qz7kLm9Px4Vb8Nc",
    "QmFzZTY0TGluZVR3b0lzSGVyZUFuZE1vcmVUZXh0Rm9yVGhlS2V5TWF0ZXJpYWwx",
]
PEM = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(PEM_LINES) + "\n-----END PRIVATE KEY-----"


def test_each_line_of_a_key_pasted_elsewhere_shows_as_the_whole_key(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "TEST-SHOW-ALL.yaml").write_text(SHOW_ALL_RULE)
    instance = tmp_path / "production"
    _env_php(
        instance,
        f"<?php\nreturn ['system' => ['default' => [{INTEGRATION}\n"
        f"  'production_private_key' => \"{PEM}\"]],\n"
        f"  'design' => ['head' => ['a' => '{PEM_LINES[0]}', 'b' => '{PEM_LINES[1]}']],\n"
        "]]];\n",
    )
    outputs = every_output(instance, tmp_path / "out", "--rules", str(rules))
    assert outputs.codes["check"] == 1, outputs.stderr
    assert not leaked(outputs.text, PEM_LINES)
    # A fingerprint per line would tell which lines the values are, and which value is which line.
    assert not [line for line in PEM_LINES if fingerprint(line) in outputs.text]
    report = (tmp_path / "out" / "check.json").read_text(encoding="utf-8")
    assert f"design/head/a = [{fingerprint(PEM)}]" in report
    assert f"design/head/b = [{fingerprint(PEM)}]" in report


SECRET_NAMED = {
    "payment/braintree/secret_key": "Qz7SecretKeyAa11",
    "payment/paypal/client_secret": "Qz7ClientSecretBb22",
    "foo/bar/api_token": "Qz7ApiTokenCc33",
    "carriers/ups/passwd": "Qz7PasswdDd44",
    "carriers/fedex/password": "Qz7PasswordEe55",
    "system/smtp/pass": "Qz7SmtpPassFf66",
    "mailer/relay/db_pass": "Qz7DbPassGg77",
    "oauth/consumer/key_salt": "Qz7KeySaltHh88",
    "cache/graphql/salt": "Qz7SaltIi99",
    "payment/braintree/private_key": "Qz7PrivateKeyJj00",
    "fraud/signifyd/api_key": "Qz7ApiKeyKk11",
    "paypal/wpp/api_signature": "Qz7SignatureLl22",
    "vendor/crypt/crypt_key": "Qz7CryptKeyMm33",
    "carriers/fedex/key": "Qz7KeyNn44",
    "carriers/fedex/api-key": "Qz7ApiDashOo55",
    "payment/authorizenet/trans_key": "Qz7TransKeyPp66",
    "payment/payflowpro/pwd": "Qz7PwdQq77",
    "webhooks/vendor/signing_key": "Qz7SigningRr88",
    "remote/storage/credentials": "Qz7CredentialsSs99",
    "vendor/api/bearer": "Qz7BearerTt00",
}
SHOWN_IN_CLEAR = {  # names that only look alike: their values stay readable
    "admin/security/use_form_key": "1",
    "web/secure/base_url": "https://shop.example/",
    "dev/proxy/bypass": "internal.example",
}

VALUE_RULE = """\
id: TEST-SHOW-VALUE
title: Shows one value by its path
severity: info
level: instance
tags: [test]
rationale: Shows a value through the value placeholder, as a user's rule could.
source:
  - document: tests/hardening/test_secret_fragments.py
    quote: a rule that shows a value by its path
remediation: Nothing to do, this is a test rule.
check:
  cases:
    - name: set
      fail_if:
        set: {path: "PATH"}
      message: "PATH is {value:PATH}"
examples:
  - name: unset
    expect: pass
    instance:
      files:
        app/etc/env.php: |
          <?php
          return ['system' => ['default' => ['web' => ['unsecure' => ['base_url' => 'x']]]]];
  - name: set
    expect: fail
    instance:
      files:
        app/etc/env.php: |
          PHP
"""


def _php(path: str, value: str) -> str:
    """An env.php that sets one config path at default scope."""
    section, group, field = path.split("/")
    setting = f"['{section}' => ['{group}' => ['{field}' => '{value}']]]"
    return f"<?php\nreturn ['system' => ['default' => {setting}]];\n"


@pytest.mark.parametrize("path", [*SECRET_NAMED, *SHOWN_IN_CLEAR])
def test_a_secret_named_path_is_a_fingerprint_in_a_user_rule(tmp_path: Path, path: str) -> None:
    value = {**SECRET_NAMED, **SHOWN_IN_CLEAR}[path]
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "TEST-SHOW-ALL.yaml").write_text(SHOW_ALL_RULE)
    example = _php(path, "x").replace("\n", "\n          ")
    (rules / "TEST-SHOW-VALUE.yaml").write_text(VALUE_RULE.replace("PATH", path).replace("PHP", example))
    instance = tmp_path / "production"
    _env_php(instance, _php(path, value))
    report = tmp_path / "check.json"
    done = run_cli("check", str(instance), "--rules", str(rules), "-f", "text", "-f", f"json={report}")
    assert done.returncode == 0, done.stderr  # infos only
    shown = done.stdout + done.stderr + report.read_text(encoding="utf-8")
    if path in SECRET_NAMED:
        assert value not in shown
        assert f"{path} = {fingerprint(value)}" in shown  # {setting.value}
        assert f"{path} is {fingerprint(value)}" in shown  # {value:PATH}
    else:
        assert f"{path} = {value}" in shown and f"{path} is {value}" in shown


def test_a_secret_named_key_in_a_yaml_dump_is_a_fingerprint(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "TEST-SHOW-ALL.yaml").write_text(SHOW_ALL_RULE)
    instance = tmp_path / "production"
    instance.mkdir()
    (instance / "env.yaml").write_text(
        "system:\n  default:\n    system:\n      smtp:\n        pass: Qz7YamlSmtpPass\n"
        "    oauth:\n      consumer:\n        key_salt: Qz7YamlKeySalt\n"
    )
    outputs = every_output(instance, tmp_path / "out", "--rules", str(rules))
    assert outputs.codes["check"] == 0, outputs.stderr  # infos only
    assert "Qz7YamlSmtpPass" not in outputs.text and "Qz7YamlKeySalt" not in outputs.text
    assert fingerprint("Qz7YamlSmtpPass") in outputs.text

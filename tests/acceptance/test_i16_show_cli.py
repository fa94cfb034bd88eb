"""``commerce-lint show`` through the command line, on an installation as Magento writes it: a dumped
config.php with its site map, env.php from setup:install, CONFIG__ variables, a config:show capture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from linter.crypto import encrypt, parse_crypt_keys
from linter.secrets import fingerprint
from tests.model.instances import write
from tests.model.scopes_fixtures import config_php, env_php, site_map
from tests.support.inprocess import run_main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "show.schema.json").read_text(encoding="utf-8"))
CRYPT_KEY = "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDE="  # the key env_php writes
INTEGRATION = "services_connector/services_connector_integration"
API_KEY = "Qz7kLm9Px4Vb8NcW2sT5yR1uE6oI3aDf"  # production, plaintext in a variable
SANDBOX_KEY = "Hx3vBn8Mq2Wc6Lp9Tz4Rk7Yd1Gf5Js0A"  # encrypted in env.php
FALLBACK_KEY = "Ua6Ve2Ox9Iy4Cr8Nw1Zb5Sm3Tq7Hd0Kg"  # the literal of a getenv() fallback
PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
PRIVATE_KEY = f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----"
SECRETS = (API_KEY, SANDBOX_KEY, FALLBACK_KEY, PEM_BODY)
MARK = "__GETENV__"


def _env(system: dict[str, Any]) -> str:
    return env_php(system).replace(f"'{MARK}'", "getenv('PAYMENTS_MODE')")


def _shop(folder: Path, name: str = "shop") -> Path:
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
    sandbox = encrypt(SANDBOX_KEY, parse_crypt_keys(CRYPT_KEY)[0], nonce=b"\x05" * 12)
    env = _env(
        {
            "default": {
                "payment": {"payment_methods": {"production_merchant_id": ""}},
                "services_connector": {
                    "services_connector_integration": {"sandbox_api_key": sandbox},
                    "services_id": {"environment_id": "f2b6c4a8-0d1e-4b7a-9c3f-1a2b3c4d5e6f"},
                },
            },
            "websites": {"eu": {"payment": {"payment_methods": {"method": MARK}}}},
        }
    )
    variables = {
        "CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_CONNECTOR_INTEGRATION__PRODUCTION_API_KEY": API_KEY,
        "CONFIG__WEBSITES__EU__PAYMENT__PAYMENT_SERVICES__ACTIVE": "0",
        "PHP_MEMORY_LIMIT": "2G",
    }
    config_show = (
        "web/secure/base_url - https://shop.example.com/\n"
        f"{INTEGRATION}/production_private_key - {PRIVATE_KEY}\n"
        "payment/payment_methods/sandbox_merchant_id - MERCHANT-SBX-0001\n"
    )
    return write(
        folder / name,
        {
            "app/etc/config.php": config,
            "app/etc/env.php": env,
            "environment.json": json.dumps(variables, indent=4) + "\n",
            "config-show.txt": config_show,
            "instance.yaml": "environment_type: production\n",
        },
    )


def _show(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    return run_main(monkeypatch, capsys, "show", *args)


def _json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path, *args: str
) -> dict[str, Any]:
    code, out, err = _show(monkeypatch, capsys, cwd, *args, "--format", "json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    Draft202012Validator(SCHEMA).validate(document)
    return document


def _block(out: str, path: str) -> list[str]:
    """The lines of one path's entry in the text output: its head and its indented chain."""
    lines = out.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(f"{path} = "))
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        block.append(line)
    return block


def _line_of(file: Path, text: str) -> int:
    return next(number for number, line in enumerate(file.read_text().splitlines(), 1) if text in line)


def _no_fragment(text: str) -> None:
    for secret in SECRETS:
        for start in range(len(secret) - 5):
            assert secret[start : start + 6] not in text, f"a piece of a secret: {secret[start : start + 6]}"


def test_a_value_masked_by_an_empty_string_shows_the_mask_and_the_value_it_hides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path)
    code, out, err = _show(
        monkeypatch, capsys, tmp_path, "shop", "--path", "payment/payment_methods/production_merchant_id"
    )
    assert code == 0, err
    env_line = _line_of(tmp_path / "shop/app/etc/env.php", "'production_merchant_id' => ''")
    config_line = _line_of(tmp_path / "shop/app/etc/config.php", "MERCHANT-PRD-0001")
    head, note, wins, masked = _block(out, "payment/payment_methods/production_merchant_id")
    assert head == "payment/payment_methods/production_merchant_id = ''"
    assert note == (
        f"    note: '' in shop/app/etc/env.php:{env_line}:21 masks the value set in "
        f"shop/app/etc/config.php:{config_line}:21"
    )
    assert wins.split() == ["wins", "default", "env.php", "''", f"shop/app/etc/env.php:{env_line}:21"]
    assert masked.split() == [
        "masked",
        "default",
        "config.php",
        "'MERCHANT-PRD-0001'",
        f"shop/app/etc/config.php:{config_line}:21",
    ]


def test_a_store_view_falls_back_to_its_website_and_to_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path)
    code, out, err = _show(
        monkeypatch,
        capsys,
        tmp_path,
        "shop",
        "--scope",
        "stores/de",
        "-p",
        "general",
        "-p",
        "payment/*/active",
    )
    assert code == 0, err
    assert (
        out.splitlines()[0]
        == "# instance shop (shop) at stores/de: reads stores/de, then websites/eu, then default"
    )
    locale = _block(out, "general/locale/code")
    assert locale[0] == "general/locale/code = 'de_DE'  (inherited from website eu)"
    assert [line.split()[:2] for line in locale[1:]] == [["wins", "websites/eu"], ["masked", "default"]]
    active = _block(out, "payment/payment_services/active")
    assert active[0] == "payment/payment_services/active = '0'  (inherited from website eu)"
    assert "(CONFIG__WEBSITES__EU__PAYMENT__PAYMENT_SERVICES__ACTIVE)" in active[1]
    document = _json(
        monkeypatch, capsys, tmp_path, "shop", "--scope", "stores/de", "-p", "payment/payment_methods/*"
    )
    values = {value["path"]: value for value in document["instances"][0]["values"]}
    merchant = values["payment/payment_methods/sandbox_merchant_id"]
    assert merchant["decided_at"] == "default" and merchant["inherited"] == "inherited from default"
    assert merchant["chain"][0]["layer"] == "config_show"
    assert merchant["chain"][0]["location"]["file"] == "shop/config-show.txt"
    # A store view that sets the value itself inherits nothing.
    own = _json(monkeypatch, capsys, tmp_path, "shop", "--scope", "stores/fr", "-p", "general/locale/code")
    (entry,) = own["instances"][0]["values"]
    assert entry["value"] == {"kind": "value", "text": "fr_FR"} and entry["inherited"] is None
    assert [step["state"] for step in entry["chain"]] == ["wins", "masked", "masked"]


def test_a_getenv_value_is_marked_dynamic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path)
    method = "payment/payment_methods/method"
    code, out, err = _show(monkeypatch, capsys, tmp_path, "shop", "-s", "websites/eu", "-p", method)
    assert code == 0, err
    head, wins, masked = _block(out, method)
    assert head == f"{method} = <dynamic: getenv('PAYMENTS_MODE')> (computed at run time, unknown here)"
    assert wins.split()[:4] == ["wins", "websites/eu", "env.php", "<dynamic:"]
    assert masked.split()[:4] == ["masked", "default", "config.php", "'production'"]
    document = _json(monkeypatch, capsys, tmp_path, "shop", "-s", "websites/eu", "-p", method)
    (entry,) = document["instances"][0]["values"]
    assert entry["value"] == {"kind": "dynamic", "expression": "getenv('PAYMENTS_MODE')"}


def test_secret_paths_show_fingerprints_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path)
    env = shop / "app/etc/env.php"  # a getenv() with a literal fallback, the key itself
    text = env.read_text().replace(
        "'sandbox_api_key' =>",
        f"'sandbox_private_key' => getenv('CSC_PK') ?: '{FALLBACK_KEY}',\n{' ' * 16}'sandbox_api_key' =>",
    )
    env.write_text(text)
    code, out, err = _show(monkeypatch, capsys, tmp_path, "shop", "-p", "services_connector/*")
    assert code == 0, err
    _no_fragment(out + err)
    production = _block(out, f"{INTEGRATION}/production_api_key")
    assert production[0] == f"{INTEGRATION}/production_api_key = secret, fingerprint {fingerprint(API_KEY)}"
    sandbox = _block(out, f"{INTEGRATION}/sandbox_api_key")  # ciphertext: the plaintext's fingerprint
    assert sandbox[0] == (
        f"{INTEGRATION}/sandbox_api_key = secret, fingerprint {fingerprint(SANDBOX_KEY)} "
        "(ciphertext, decrypted with crypt/key)"
    )
    assert (
        f"fingerprint {fingerprint(PRIVATE_KEY)}" in _block(out, f"{INTEGRATION}/production_private_key")[0]
    )
    assert _block(out, f"{INTEGRATION}/sandbox_private_key")[0].startswith(
        f"{INTEGRATION}/sandbox_private_key = <dynamic: getenv('CSC_PK') ?: ["
    )
    code, out, err = _show(monkeypatch, capsys, tmp_path, "shop", "--format", "json")
    assert code == 0, err
    _no_fragment(out + err)
    Draft202012Validator(SCHEMA).validate(json.loads(out))


def test_a_secret_next_to_a_syntax_error_is_not_quoted_and_the_rest_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path)
    env = shop / "app/etc/env.php"
    env.write_text(
        env.read_text().replace(
            "'environment_id' =>", f"'production_private_key' => '{FALLBACK_KEY}' 'x',\n'environment_id' =>"
        )
    )
    code, out, err = _show(
        monkeypatch, capsys, tmp_path, "shop", "-p", "general/locale/code", "-p", INTEGRATION
    )
    assert code == 2
    _no_fragment(out + err)
    (error,) = err.splitlines()
    assert error.startswith(f"commerce-lint: error: shop/app/etc/env.php:{_line_of(env, FALLBACK_KEY)}:")
    assert "# not read: shop/app/etc/env.php:" in out  # what env.php would set is missing below
    assert _block(out, "general/locale/code")[0] == "general/locale/code = 'en_US'"
    document = json.loads(_show(monkeypatch, capsys, tmp_path, "shop", "-f", "json")[1])
    Draft202012Validator(SCHEMA).validate(document)
    assert len(document["errors"]) == 1 and document["instances"][0]["unread_files"]


def test_bad_scope_path_and_format_exit_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path)
    cases = {
        (
            "--scope",
            "stores/xx",
        ): "--scope 'stores/xx': instance shop has no store view 'xx' (known stores: de, default, fr)",
        (
            "--scope",
            "websites/us",
        ): "--scope 'websites/us': instance shop has no website 'us' (known websites: base, eu)",
        ("--scope", "store/de"): "--scope 'store/de': use default, websites/CODE or stores/CODE",
        ("--path", "payment methods"): "--path 'payment methods': expected a config path or glob",
        ("--format", "yaml"): "show --format is text or json, not 'yaml'",
    }
    for args, message in cases.items():
        code, out, err = _show(monkeypatch, capsys, tmp_path, "shop", *args)
        assert (code, out) == (2, ""), args
        (line,) = err.splitlines()
        assert line.startswith(f"commerce-lint: error: {message}"), line
    code, out, err = _show(monkeypatch, capsys, tmp_path, "no-such-folder")
    assert (code, out) == (2, "") and err.splitlines() == [
        "commerce-lint: error: no such file or directory: no-such-folder"
    ]
    (tmp_path / "empty").mkdir()
    code, out, err = _show(monkeypatch, capsys, tmp_path, "empty")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1 and "no instance found" in err


def test_a_file_inside_an_instance_shows_that_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path)
    whole = _json(monkeypatch, capsys, tmp_path, "shop", "-p", "web")
    from_file = _json(monkeypatch, capsys, tmp_path, "shop/app/etc/env.php", "-p", "web")
    assert from_file["instances"][0]["values"] == whole["instances"][0]["values"]
    (entry,) = whole["instances"][0]["values"]
    assert entry["path"] == "web/secure/base_url" and entry["value"]["text"] == "https://shop.example.com/"


def test_a_fleet_shows_each_instance_under_its_name_or_the_one_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = tmp_path / "fleet"
    _shop(fleet, "eu-prod")
    us = _shop(fleet, "us-prod")
    (us / "app/etc/env.php").write_text((us / "app/etc/env.php").read_text().replace("f2b6c4a8", "0a0a0a0a"))
    path = "services_connector/services_id/environment_id"
    code, out, err = _show(monkeypatch, capsys, tmp_path, "fleet", "-p", path)
    assert code == 0, err
    heads = [line for line in out.splitlines() if line.startswith("# instance")]
    assert heads == [
        "# instance eu-prod (fleet/eu-prod) at default: reads default",
        "# instance us-prod (fleet/us-prod) at default: reads default",
    ]
    document = _json(monkeypatch, capsys, tmp_path, "fleet", "-p", path, "--instance", "us-prod")
    (instance,) = document["instances"]
    assert instance["name"] == "us-prod"
    assert instance["values"][0]["value"]["text"].startswith("0a0a0a0a")
    code, out, err = _show(monkeypatch, capsys, tmp_path, "fleet", "--instance", "ap-prod")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "commerce-lint: error: --instance 'ap-prod': no such instance here (instances: eu-prod, us-prod)"
    ]


def test_nothing_set_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path)
    missing = "payment/payment_services/merchant_id"
    code, out, err = _show(
        monkeypatch, capsys, tmp_path, "shop", "-s", "stores/de", "-p", missing, "-p", "nothing_here"
    )
    assert code == 0, err
    head, note, looked = _block(out, missing)
    assert head == f"{missing} = (not set)"
    assert "core_config_data" in note
    assert looked == (
        "    not set at stores/de, websites/eu, default in any of: shop/app/etc/config.php, "
        "shop/app/etc/env.php, shop/config-show.txt, shop/environment.json"
    )
    assert "nothing_here" not in out


def test_rules_explain_points_to_show_for_the_paths_a_rule_reads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "rules", "explain", "PS-ENABLED-NEEDS-MERCHANT-ID")
    assert code == 0, err
    section = out.split("Settings it reads\n", 1)[1].split("\n\nExamples", 1)[0].splitlines()
    assert "  - payment/payment_methods/*_merchant_id" in section
    assert "  - payment/payment_services/active" in section
    command = section[-1].split()
    assert command[:3] == ["commerce-lint", "show", "PATH"]
    assert (
        "'payment/payment_methods/*_merchant_id'" in command and "payment/payment_methods/method" in command
    )

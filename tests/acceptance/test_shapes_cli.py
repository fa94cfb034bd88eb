"""Real files as Magento writes them, through the command line: lists are keyed arrays, flags are PHP
truthiness, environment types from names are guesses and say so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.fresh_install import CRYPT_KEY, DB_PASSWORD, as_json, config_data, env_data, php_formatter
from tests.support.inprocess import run_main


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *paths: Path
) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run_main(monkeypatch, capsys, "check", *map(str, paths), "--format", "json")
    return code, json.loads(out)["findings"], out + err


def _yaml(data: dict[str, Any]) -> str:
    import yaml

    return str(yaml.safe_dump(data, sort_keys=False, default_flow_style=False))


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


FORMS = {
    "php": lambda: {
        "app/etc/config.php": php_formatter(config_data()),
        "app/etc/env.php": php_formatter(env_data()),
    },
    "php-with-every-key": lambda: {
        "app/etc/config.php": php_formatter(config_data(), keys=True),
        "app/etc/env.php": php_formatter(env_data(), keys=True),
    },
    "json": lambda: {"config.json": as_json(config_data()), "env.json": as_json(env_data())},
    "yaml": lambda: {"config.yaml": _yaml(config_data()), "env.yaml": _yaml(env_data())},
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_fresh_install_is_valid_input_in_every_form(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _write(tmp_path / "shop", FORMS[form]())
    if form == "php":  # the shapes under test are really there, as PhpFormatter writes them
        config = (shop / "app/etc/config.php").read_text()
        assert "'groups' => [\n            [\n                'group_id' => '0'," in config
        assert "'websites' => [\n\n        ]" in config
    code, findings, output = _check(monkeypatch, capsys, shop)
    assert [f for f in findings if f["rule"] == "INPUT-SCHEMA"] == []
    assert [f for f in findings if f["severity"] != "info"] == []
    assert code == 0
    assert CRYPT_KEY not in output and DB_PASSWORD not in output


def test_every_form_of_a_fresh_install_gives_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = {}
    for form, files in FORMS.items():
        _, findings, _ = _check(monkeypatch, capsys, _write(tmp_path / form / "shop", files()))
        seen[form] = sorted((f["rule"], f["severity"], tuple(f["paths"])) for f in findings)
    assert len({json.dumps(found) for found in seen.values()}) == 1, seen


SITE_MAP_ERROR = {
    # The second group is not an array: the error names it by its index and points at its line.
    "app/etc/config.php": (
        "<?php\nreturn [\n    'scopes' => [\n        'groups' => [\n            [\n"
        "                'group_id' => '0',\n                'code' => 'default'\n            ],\n"
        "            'main_website_store'\n        ]\n    ]\n];\n",
        9,
    ),
    "config.json": (
        '{\n    "scopes": {\n        "groups": [\n            {\n                "group_id": "0"\n'
        '            },\n            "main_website_store"\n        ]\n    }\n}\n',
        7,
    ),
    "config.yaml": ("scopes:\n  groups:\n  - group_id: '0'\n    code: default\n  - main_website_store\n", 5),
}


@pytest.mark.parametrize("name", sorted(SITE_MAP_ERROR))
def test_a_schema_error_inside_a_list_points_at_its_item(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = SITE_MAP_ERROR[name]
    shop = _write(tmp_path / "shop", {name: text})
    code, findings, _ = _check(monkeypatch, capsys, shop)
    (error,) = [f for f in findings if f["rule"] == "INPUT-SCHEMA"]
    assert error["message"] == "scopes/groups/1: must be of type object or array"
    assert (Path(error["file"]).name, error["line"]) == (Path(name).name, line)
    assert code == 1


def _payment_services(active: str) -> str:
    settings = {
        "payment": {
            "payment_services": {"active": active},
            "payment_methods": {"method": "production"},
        }
    }
    return php_formatter({"system": {"default": settings}})


@pytest.mark.parametrize(
    ("active", "fires"),
    [("1", True), ("no", True), ("false", True), ("off", True), (" 0", True), ("0", False), ("", False)],
)
def test_payment_services_is_on_as_php_casts_the_flag(
    active: str,
    fires: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Magento's isEnabled() is (bool) of the stored string: 'no' and 'false' turn Payment Services on.
    shop = _write(tmp_path / "shop", {"app/etc/env.php": _payment_services(active)})
    _, findings, _ = _check(monkeypatch, capsys, shop)
    found = {f["rule"] for f in findings if f["severity"] == "error"}
    assert ("PS-ENABLED-NEEDS-MERCHANT-ID" in found) is fires


PADDED_KEY = "7c1e9b3f5a2d48e6b0c4f19a3d7e2b58"
PRIVATE_KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "TUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lC\n"
    "-----END PRIVATE KEY-----\n"
)


def _connector(api_key: str, crypt_key: str | None = None) -> str:
    integration = {"production_api_key": api_key, "production_private_key": PRIVATE_KEY}
    data: dict[str, Any] = {
        "system": {"default": {"services_connector": {"services_connector_integration": integration}}}
    }
    if crypt_key:
        data = {"crypt": {"key": crypt_key}, **data}
    return php_formatter(data)


def test_a_padded_api_key_is_info_and_never_shown(tmp_path: Path) -> None:
    from tests.support.leaks import every_output, leaked

    shop = _write(tmp_path / "shop", {"app/etc/env.php": _connector(" " + PADDED_KEY + "\t")})
    outputs = every_output(shop, tmp_path / "out")
    assert outputs.codes["check"] == 0
    report = json.loads((tmp_path / "out" / "check.json").read_text())
    shape = [(f["severity"], f["line"]) for f in report["findings"] if f["rule"] == "CSC-API-KEY-SHAPE"]
    assert shape == [("info", 7)]
    assert leaked(outputs.text, [PADDED_KEY, PRIVATE_KEY]) == []


def test_an_encrypted_key_is_judged_as_magento_decrypts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from linter.crypto import encrypt, parse_crypt_keys

    crypt_key = "base64Q3J5cHQta2V5LWZvci10aGUtc2hhcGVzLXRlc3RzISE="
    (key,) = parse_crypt_keys(crypt_key)
    trailing = _connector(encrypt(PADDED_KEY + "\r\n", key), crypt_key)
    inside = _connector(encrypt(PADDED_KEY[:16] + " " + PADDED_KEY[16:], key), crypt_key)
    _, findings, _ = _check(monkeypatch, capsys, _write(tmp_path / "trailing", {"app/etc/env.php": trailing}))
    assert [f for f in findings if f["rule"] == "CSC-API-KEY-SHAPE"] == []
    _, findings, output = _check(
        monkeypatch, capsys, _write(tmp_path / "inside", {"app/etc/env.php": inside})
    )
    assert [f["severity"] for f in findings if f["rule"] == "CSC-API-KEY-SHAPE"] == ["error"]
    assert PADDED_KEY[:16] not in output and PADDED_KEY[16:] not in output

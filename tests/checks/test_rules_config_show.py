"""Ciphertext in `config:show` output: not decryptable with this instance's key, unless the key decrypts
it (then Magento's one decryption gave ciphertext again: double encryption)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from linter.crypto import encrypt
from tests.model.instances import load
from tests.support.inprocess import run_main

OWN = b"FAKE-CRYPT-KEY-for-tests-only-01"
OTHER = b"FAKE-CRYPT-KEY-for-tests-only-02"
API_KEY = "fa4efa4e0000000000000000000000a1"
PATH = "services_connector/services_connector_integration/production_api_key"


def _env_php(key: bytes | None) -> str:
    crypt = (
        f"    'crypt' => [\n        'key' => 'base64{base64.b64encode(key).decode()}',\n    ],\n"
        if key
        else ""
    )
    return f"<?php\nreturn [\n{crypt}    'MAGE_MODE' => 'production',\n];\n"


def _files(printed: str, key: bytes | None) -> dict[str, str]:
    return {
        "app/etc/env.php": _env_php(key),
        "config-show.txt": f"{PATH} - {printed}\nservices_connector/services_id/environment_id - da7a-1\n",
    }


@pytest.mark.parametrize(
    ("printed", "key", "status"),
    [
        (encrypt(API_KEY, OWN), OWN, "double_encrypted"),  # decrypts again: encrypted twice
        (encrypt(encrypt(API_KEY, OWN), OWN), OWN, "double_encrypted"),
        (encrypt(API_KEY, OTHER), OWN, "undecryptable"),  # Magento printed it as it could not decrypt it
        (encrypt(API_KEY, OWN, key_index=1), OWN, "undecryptable"),  # no second key
        (encrypt(API_KEY, OWN), None, "undecryptable"),  # without the key: what config:show shows
        (API_KEY, OWN, "plain"),
        (API_KEY, None, "plain"),
    ],
)
def test_ciphertext_printed_by_config_show(
    tmp_path: Path, printed: str, key: bytes | None, status: str
) -> None:
    instance = load(tmp_path / "shop", _files(printed, key))
    assert instance.value(PATH).revealed.status == status


def test_the_same_ciphertext_in_env_php_is_decrypted_not_called_unusable(tmp_path: Path) -> None:
    stored = encrypt(API_KEY, OWN)
    php = _env_php(OWN).replace(
        "];\n",
        "    'system' => [\n        'default' => [\n            'services_connector' => [\n"
        "                'services_connector_integration' => [\n"
        f"                    'production_api_key' => '{stored}',\n"
        "                ],\n            ],\n        ],\n    ],\n];\n",
    )
    assert load(tmp_path / "shop", {"app/etc/env.php": php}).value(PATH).revealed.status == "decrypted"


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], shop: Path
) -> list[dict[str, str]]:
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--format", "json")
    assert code == 1, err
    assert API_KEY not in out and API_KEY not in err
    return [f for f in json.loads(out)["findings"] if f["rule"].startswith("CSC-KEY-")]


def test_config_show_ciphertext_is_reported_once_with_the_right_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.model.instances import write

    other = write(tmp_path / "other", _files(encrypt(API_KEY, OTHER), OWN))
    [finding] = _check(monkeypatch, capsys, other)
    assert finding["rule"] == "CSC-KEY-CIPHERTEXT-UNUSABLE"
    assert "not decryptable with this instance's crypt/key" in finding["message"]
    assert "twice" not in finding["message"]

    twice = write(tmp_path / "twice", _files(encrypt(API_KEY, OWN), OWN))
    [finding] = _check(monkeypatch, capsys, twice)
    assert finding["rule"] == "CSC-KEY-DOUBLE-ENCRYPTED" and "encrypted twice" in finding["message"]

"""Random key material in every secret-bearing place never reaches any output, not even a fragment.

Every run explores new examples: the seed is random unless COMMERCE_LINT_SECRET_SEED sets it, and it is
printed (and named in every failure) so that a failing run can be replayed exactly.
COMMERCE_LINT_SECRET_EXAMPLES sets how many fleets one run builds (default 5, each checked in every way).
"""

from __future__ import annotations

import base64
import json
import os
import random
import secrets as system_random
import string
from collections.abc import Callable
from pathlib import Path

import pytest

from linter.crypto import encrypt
from tests.support.leaks import every_output, leaked
from tests.support.php_writer import php_file

SEED = int(os.environ.get("COMMERCE_LINT_SECRET_SEED") or system_random.randbits(48))
EXAMPLES = int(os.environ.get("COMMERCE_LINT_SECRET_EXAMPLES") or 5)
_PASSWORD = string.ascii_letters + string.digits + "!#%&()*+,-./:;<=>?@[]^_{|}~'\"\\$ "
_B64 = string.ascii_letters + string.digits + "+/"
INTEGRATION = "services_connector_integration"


class Material:
    """Random secrets for one example, and the list of every one handed out (to look for afterwards)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.all: list[str] = []

    def keep(self, value: str) -> str:
        self.all.append(value)
        return value

    def hex(self) -> str:
        return self.keep("".join(self.rng.choice("0123456789abcdef") for _ in range(32)))

    def b64(self, size: int) -> str:
        return self.keep("".join(self.rng.choice(_B64) for _ in range(size)))

    def password(self) -> str:
        # Starts with letters so that even the shortest fragment of it is random material.
        head = "".join(self.rng.choice(string.ascii_letters) for _ in range(4))
        return self.keep(head + "".join(self.rng.choice(_PASSWORD) for _ in range(self.rng.randint(8, 24))))

    def pem(self) -> str:
        lines = [self.b64(64) for _ in range(self.rng.randint(1, 3))]
        return "-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----\n"

    def crypt_key(self) -> tuple[str, bytes]:
        raw = bytes(self.rng.getrandbits(8) for _ in range(32))
        return self.keep("base64" + base64.b64encode(raw).decode()), raw

    def any(self) -> str:
        return self.rng.choice([self.hex, self.password, self.pem, lambda: self.b64(44)])()


def _clean_instance(directory: Path, material: Material) -> None:
    """env.php with a secret in every place env.php has one, stored plain, encrypted or computed."""
    rng = material.rng
    crypt, raw_key = material.crypt_key()
    nonce = bytes(rng.getrandbits(8) for _ in range(12))

    def stored(value: str) -> str:  # plain, or encrypted with the instance's key (plaintext is secret too)
        return material.keep(encrypt(value, raw_key, nonce=nonce)) if rng.random() < 0.5 else value

    keys = {
        "production_api_key": stored(material.hex()),
        "production_private_key": stored(material.pem()),
        "sandbox_api_key": "__DYNAMIC_1__",
        "sandbox_private_key": stored(material.pem().replace("\n", rng.choice(["\n", "\\n", "\r\n"]))),
    }
    data = {
        "crypt": {"key": crypt},
        "db": {"connection": {"default": {"host": "db", "password": material.password()}}},
        "queue": {"amqp": {"password": material.password()}},
        "cache": {"frontend": {"default": {"backend_options": {"password": material.password()}}}},
        "session": {"redis": {"password": material.password()}},
        "system": {
            "default": {
                "services_connector": {INTEGRATION: keys},
                "adobe_ims": {
                    "integration": {"organization_id": material.b64(24), "api_key": "__DYNAMIC_2__"}
                },
                "magento_saas": {"environment": rng.choice(["production", "sandbox"])},
            },
            "websites": {
                "eu": {"services_connector": {INTEGRATION: {"production_api_key": stored(material.hex())}}}
            },
        },
    }
    text = php_file(data)
    for marker in ("__DYNAMIC_1__", "__DYNAMIC_2__"):
        literal = material.any().replace("\\", "\\\\").replace("'", "\\'")
        reader = rng.choice(["getenv('{}')", "$_ENV['{}']", "\\getenv('{}')"]).format(
            rng.choice(["X", "CSC_KEY"])
        )
        dynamic = rng.choice([f"{reader} ?: '{literal}'", f"{reader} ?? '{literal}' /* '{literal}' */"])
        text = text.replace(f"'{marker}'", dynamic)
    (directory / "app" / "etc").mkdir(parents=True)
    (directory / "app" / "etc" / "env.php").write_text(text)


def _variables_instance(directory: Path, material: Material) -> None:
    """CONFIG__ variables on secret paths (environment.json, .env or .magento.app.yaml), config-show.txt."""
    rng = material.rng
    directory.mkdir(parents=True)
    names = {
        f"CONFIG__DEFAULT__SERVICES_CONNECTOR__{INTEGRATION.upper()}__PRODUCTION_API_KEY": material.hex(),
        f"CONFIG__DEFAULT__SERVICES_CONNECTOR__{INTEGRATION.upper()}__SANDBOX_API_KEY": material.b64(32),
        "CONFIG__DEFAULT__ADOBE_IMS__INTEGRATION__CLIENT_SECRET": material.b64(30),
        "CONFIG__WEBSITES__EU__CARRIERS__UPS__PASSWORD": material.b64(20),
        "CRYPT_KEY": material.crypt_key()[0],
    }
    where = rng.choice(["environment.json", ".env", ".magento.app.yaml"])
    if where == "environment.json":
        text = json.dumps(names)
    elif where == ".env":
        text = "".join(f"{name}='{value}'\n" for name, value in names.items())
    else:
        text = "variables:\n  env:\n" + "".join(f"    {name}: '{value}'\n" for name, value in names.items())
    (directory / where).write_text(text)
    pem = material.pem()
    (directory / "config-show.txt").write_text(
        f"services_connector/{INTEGRATION}/production_private_key - {pem}\n"
        f"services_connector/{INTEGRATION}/sandbox_api_key - {material.hex()}\n"
        f"adobe_ims/integration/organization_id - {material.b64(24)}\n"
    )


def _broken_php(material: Material) -> tuple[str, str]:
    secret = material.rng.choice([material.hex, lambda: material.b64(44), material.password])()
    escaped = secret.replace("\\", "\\\\").replace("'", "\\'")
    half = len(escaped) // 2
    while escaped[half - 1 : half] == "\\":  # do not split an escape
        half += 1
    body = material.rng.choice(
        [
            f"'{escaped[:half]}'{escaped[half:]}'",  # a quote inside the secret, not escaped
            f"'{escaped[:half]}' '{escaped[half:]}'",  # two adjacent literals
            f"'{escaped[:half]}'\"{escaped[half:].replace('$', '')}\"",  # glued literals
            f"'{escaped}' 12345",
            f"'{escaped}' $x",
            f"'{material.pem()}' '{escaped}'",  # a PEM, then a literal
        ]
    )
    key = material.rng.choice(
        ["'crypt' => ['key' => {}]", "'db' => ['connection' => ['default' => ['password' => {}]]]"]
    )
    return "app/etc/env.php", "<?php\nreturn [" + key.format(body) + "];\n"


def _broken_other(material: Material) -> tuple[str, str]:
    secret = material.rng.choice([material.hex, lambda: material.b64(44)])()
    return material.rng.choice(
        [
            ("env.yaml", "# " + "[" * 1100 + f"\ncrypt:\n  key: *{secret}\n"),  # the pure-Python scanner
            ("env.yaml", f'crypt:\n  key: "{secret}\\q{secret}"\n'),
            ("env.json", f'{{"crypt": {{"key": "{secret}" "{secret}"}}}}'),
            (".env", f"CRYPT_KEY='{secret}'{secret}'\n"),
            (".env", f'CONFIG__DEFAULT__ADOBE_IMS__INTEGRATION__API_KEY="{secret}\n'),
            ("environment.json", f'{{"CRYPT_KEY": {secret}}}'),
            (".magento.app.yaml", f"variables:\n  env:\n    CRYPT_KEY: '{secret}'{secret}'\n"),
        ]
    )


BROKEN: list[Callable[[Material], tuple[str, str]]] = [_broken_php, _broken_other]


@pytest.mark.parametrize("index", range(EXAMPLES))
def test_random_key_material_in_every_secret_place_never_appears(tmp_path: Path, index: int) -> None:
    replay = f"replay with COMMERCE_LINT_SECRET_SEED={SEED} (example {index})"
    print(f"secret property seed {SEED}: {replay}")
    material = Material(random.Random(f"{SEED}:{index}"))
    fleet = tmp_path / "fleet"
    _clean_instance(fleet / "production", material)
    _variables_instance(fleet / "staging", material)
    name, text = material.rng.choice(BROKEN)(material)
    broken = fleet / "broken" / name
    broken.parent.mkdir(parents=True)
    broken.write_text(text)

    outputs = every_output(fleet, tmp_path / "out")

    assert outputs.codes["check"] == 2, f"{replay}\n{outputs.stderr}"
    assert str(broken) in outputs.stderr, f"{replay}: the bad file is not named\n{outputs.stderr}"
    found = leaked(outputs.text, material.all)
    assert not found, f"{replay}: secret material in the output: {found}"

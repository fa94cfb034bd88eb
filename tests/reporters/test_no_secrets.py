"""No secret value of the example fleet appears in any output format, stored or decrypted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from linter.reporters import REPORTERS
from linter.result import LintResult
from tests.conftest import EXAMPLES
from tests.reporters.conftest import render

# Plaintexts of the encrypted production keys of examples/fleet/production (they equal staging's).
DECRYPTED = ("RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==", "fa4efa4e0000000000000000000000a1")


def _walk(data: Any, parents: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*parents, str(key)))
    else:
        yield parents, data


def _is_secret(path: tuple[str, ...]) -> bool:
    name = path[-1] if path else ""
    return name.endswith(("_api_key", "_private_key")) or path[-2:] == ("crypt", "key") or name == "password"


def _pieces(value: str) -> Iterator[str]:
    """The value, and each body line of a PEM block (real or literal ``\\n`` line breaks)."""
    yield value
    if value.startswith("base64"):  # crypt/key: Magento strips this prefix
        yield value.removeprefix("base64")
    for line in value.replace("\\n", "\n").splitlines():
        if line.strip() and not line.startswith("-----"):
            yield line.strip()


def secrets() -> set[str]:
    """Every secret value stored in the example fleet's files."""
    found = set(DECRYPTED)
    for path in sorted((EXAMPLES / "fleet").rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            continue
        for keys, value in _walk(data):
            if _is_secret(keys) and isinstance(value, str) and value:
                found.update(_pieces(value))
    return {value for value in found if len(value) >= 8}


def test_the_secret_list_is_not_empty() -> None:
    found = secrets()
    assert "not-a-real-password-prod" in found
    assert "RkFLRSBTQU5EQk9YIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==" in found  # a PEM body line
    assert any(value.startswith("0:3:") for value in found)  # stored ciphertext
    assert len(found) >= 10


@pytest.mark.parametrize("name", ["text", "json", "sarif", "junit", "github", "markdown", "html"])
def test_no_secret_in_output(name: str, fleet_result: LintResult) -> None:
    assert name in REPORTERS
    output = render(name, fleet_result)
    assert output.strip()
    leaked = sorted(value for value in secrets() if value in output)
    assert not leaked, f"{name} output contains secret values: {[v[:12] + '…' for v in leaked]}"

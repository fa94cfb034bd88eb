"""Each predicate declares every verdict it returns: `in:` values are checked against that list at load."""

from __future__ import annotations

import pytest

from linter.checks.predicates import PREDICATES
from linter.model.reveal import Revealed

_PEM_BODY = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA"
_TEXTS = [
    "",
    "plain-token",
    "two words",
    "line one\nline two",
    f"-----BEGIN PRIVATE KEY-----\n{_PEM_BODY}\n-----END PRIVATE KEY-----",
    f"-----BEGIN RSA PRIVATE KEY-----\n{_PEM_BODY}\n-----END RSA PRIVATE KEY-----",
    f"-----BEGIN PRIVATE KEY-----\\n{_PEM_BODY}\\n-----END PRIVATE KEY-----",
    f"-----BEGIN PUBLIC KEY-----\n{_PEM_BODY}\n-----END PUBLIC KEY-----",
    f"-----BEGIN CERTIFICATE-----\n{_PEM_BODY}\n-----END CERTIFICATE-----",
    f"-----BEGIN ENCRYPTED PRIVATE KEY-----\n{_PEM_BODY}\n-----END ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nabc\n-----END RSA PRIVATE KEY-----",
    f"-----BEGIN PRIVATE KEY-----\n{_PEM_BODY}\n-----END RSA PRIVATE KEY-----",
    f"-----BEGIN THING-----\n{_PEM_BODY}\n-----END THING-----",
    "-----BEGIN PRIVATE KEY-----\n$$$\n-----END PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----\na\n-----END PRIVATE KEY-----\n" * 2,
    "no armour at all",
]
_STATUSES = [
    "missing", "plain", "decrypted", "no_key", "double_encrypted", "undecryptable",
    "variable_ciphertext", "unsupported", "dynamic",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_a_predicate_returns_only_the_verdicts_it_declares(name: str) -> None:
    predicate = PREDICATES[name]
    seen = set()
    for status in _STATUSES:
        for text in _TEXTS:
            revealed = Revealed(status, text if status in ("plain", "decrypted") else None)
            verdict = predicate.function(revealed)
            assert verdict in predicate.results, (name, status, text)
            seen.add(verdict)
    assert len(seen) > 3  # the inputs above reach most verdicts, not just the early returns

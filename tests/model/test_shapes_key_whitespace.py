"""Decrypted values are trimmed as Encryptor::decrypt() trims; a plaintext API key may be padded with
spaces or tabs (guzzle strips them from a header) but not hold CR, LF or whitespace inside."""

from __future__ import annotations

import pytest

from linter.checks.predicates import api_key_token
from linter.crypto import DecryptResult, decrypt, encrypt
from linter.model.reveal import Revealed

KEY = bytes(range(32))
API_KEY = "fa4efa4e0000000000000000000000a1"


@pytest.mark.parametrize(
    ("plaintext", "read"),
    [
        (API_KEY + "\n", API_KEY),
        ("\r\n" + API_KEY + "\r\n", API_KEY),
        (" \t" + API_KEY + " ", API_KEY),
        ("\0" + API_KEY + "\x0b", API_KEY),  # PHP's trim() takes NUL and vertical tab too
        (API_KEY + "\xa0", API_KEY + "\xa0"),  # but not a no-break space: it is not ASCII whitespace
        (API_KEY + "\f", API_KEY + "\f"),  # nor a form feed
        ("fa4e fa4e\n", "fa4e fa4e"),  # only the ends
    ],
)
def test_decryption_trims_as_php_trim_does(plaintext: str, read: str) -> None:
    assert decrypt(encrypt(plaintext, KEY), [KEY]) == DecryptResult("decrypted", read)


@pytest.mark.parametrize("plaintext", ["\n", " \t\r\n", "\0"])
def test_a_plaintext_of_only_whitespace_decrypts_to_nothing(plaintext: str) -> None:
    # Magento gets '' back, which the connector's safe decrypt treats as a failure.
    assert decrypt(encrypt(plaintext, KEY), [KEY]).status == "failed"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (API_KEY, "ok"),
        (API_KEY + " ", "padded"),
        (API_KEY + "  \t", "padded"),
        ("\t" + API_KEY, "padded"),
        (" " + API_KEY + " ", "padded"),
        (API_KEY + "\n", "multiline"),
        (API_KEY + "\r", "multiline"),
        ("\n" + API_KEY, "multiline"),
        (API_KEY[:8] + "\r\n" + API_KEY[8:], "multiline"),
        (API_KEY[:8] + " " + API_KEY[8:], "whitespace"),
        (" " + API_KEY[:8] + "\t" + API_KEY[8:] + " ", "whitespace"),
        (API_KEY + "\xa0", "whitespace"),  # not stripped from a header: the key has one more character
        (API_KEY + "\x0b", "whitespace"),
        (API_KEY + "\f", "whitespace"),
        ("-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n", "pem"),
    ],
)
def test_a_plaintext_api_key_as_the_header_sees_it(text: str, verdict: str) -> None:
    assert api_key_token(Revealed("plain", text)) == verdict


def test_a_decrypted_key_with_a_pasted_newline_is_one_token() -> None:
    read = decrypt(encrypt(API_KEY + "\n", KEY), [KEY]).plaintext
    assert api_key_token(Revealed("decrypted", read)) == "ok"
